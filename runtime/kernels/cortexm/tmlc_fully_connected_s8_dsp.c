#include "tmlc_kernels_s8_cm.h"
tmlc_status tmlc_fully_connected_s8_dsp(const int8_t *x, const int8_t *w, const int32_t *bias, int8_t *y, const tmlc_fc_s8_params *p) {
  return tmlc_fully_connected_s8(x, w, bias, y, p);
}
