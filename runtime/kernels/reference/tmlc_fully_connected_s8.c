/*===- tmlc_fully_connected_s8.c - FULLY_CONNECTED int8 -------------------===*
 * TFLite reference_integer_ops::FullyConnected (per-tensor) and
 * FullyConnectedPerChannel semantics.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_requant.h"

tmlc_status tmlc_fully_connected_s8(const int8_t *x, const int8_t *w,
                                    const int32_t *bias, int8_t *y,
                                    const tmlc_fc_s8_params *p) {
  int32_t b, o, i;
  if (x == NULL || w == NULL || y == NULL || p == NULL ||
      p->multiplier == NULL || p->shift == NULL)
    return TMLC_ERR_ARG;
  if (p->batches < 0 || p->in_features < 0 || p->out_features < 1 ||
      p->act_min > p->act_max)
    return TMLC_ERR_ARG;
  for (b = 0; b < p->batches; ++b) {
    const int8_t *xb = x + (size_t)b * p->in_features;
    int8_t *yb = y + (size_t)b * p->out_features;
    for (o = 0; o < p->out_features; ++o) {
      const int8_t *wo = w + (size_t)o * p->in_features;
      const int32_t q = p->per_channel ? o : 0;
      int32_t acc = 0;
      for (i = 0; i < p->in_features; ++i)
        acc += ((int32_t)wo[i] + p->filter_offset) *
               ((int32_t)xb[i] + p->input_offset);
      if (bias != NULL)
        acc += bias[o];
      acc = tmlc_mbqm(acc, p->multiplier[q], p->shift[q]);
      acc += p->output_offset;
      yb[o] = (int8_t)tmlc_clamp_i32(acc, p->act_min, p->act_max);
    }
  }
  return TMLC_OK;
}
