/*===- tmlc_requantize_s8.c - int8 -> int8 rescale with clamp -------------===*
 * TFLite Requantize (QUANTIZE int8 -> int8) and ReluQuantized (RELU, RELU6,
 * RELU_N1_TO_1 on int8): y = clamp(mbqm(x - in_zp, M, shift) + out_zp).
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_requant.h"

tmlc_status tmlc_requantize_s8(const int8_t *x, int8_t *y, int32_t n,
                               const tmlc_requant_s8_params *p) {
  int32_t i;
  if (x == NULL || y == NULL || p == NULL || n < 0 || p->act_min > p->act_max)
    return TMLC_ERR_ARG;
  for (i = 0; i < n; ++i) {
    const int32_t v = tmlc_mbqm((int32_t)x[i] - p->input_zero_point,
                                p->multiplier, p->shift) + p->output_zero_point;
    y[i] = (int8_t)tmlc_clamp_i32(v, p->act_min, p->act_max);
  }
  return TMLC_OK;
}
