/*===- tmlc_concat_s8.c - CONCATENATION int8 ------------------------------===*
 * TFLite requires int8 inputs to share the output's scale and zero point,
 * and then copies; for other producers (ONNX QDQ) each input can be
 * rescaled with the tmlc_requantize_s8 formula.
 *===----------------------------------------------------------------------===*/
#include <string.h>

#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_requant.h"

tmlc_status tmlc_concat_s8(const int8_t *const *inputs, int8_t *y,
                           const tmlc_concat_s8_params *p) {
  int32_t k, o, j;
  int8_t *yo;
  if (inputs == NULL || y == NULL || p == NULL || p->copy_sizes == NULL ||
      p->n_inputs < 1 || p->outer < 0)
    return TMLC_ERR_ARG;
  for (k = 0; k < p->n_inputs; ++k) {
    if (inputs[k] == NULL || p->copy_sizes[k] < 0)
      return TMLC_ERR_ARG;
    if (p->requant != NULL && p->requant[k].act_min > p->requant[k].act_max)
      return TMLC_ERR_ARG;
  }
  yo = y;
  for (o = 0; o < p->outer; ++o) {
    for (k = 0; k < p->n_inputs; ++k) {
      const int32_t m = p->copy_sizes[k];
      const int8_t *src = inputs[k] + (size_t)o * m;
      if (p->requant == NULL) {
        memcpy(yo, src, (size_t)m);
      } else {
        const tmlc_requant_s8_params *r = &p->requant[k];
        for (j = 0; j < m; ++j) {
          const int32_t v = tmlc_mbqm((int32_t)src[j] - r->input_zero_point,
                                      r->multiplier, r->shift) +
                            r->output_zero_point;
          yo[j] = (int8_t)tmlc_clamp_i32(v, r->act_min, r->act_max);
        }
      }
      yo += m;
    }
  }
  return TMLC_OK;
}
