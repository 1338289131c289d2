/*===- tmlc_softmax_s8.c - SOFTMAX int8 -> int8 ---------------------------===*
 * TFLite reference_ops::Softmax for int8 (what TFLite Micro and CMSIS-NN's
 * arm_softmax_s8 compute): differences to the row max are rescaled to
 * Q5.26 by input_multiplier/input_left_shift, exponentiated with gemmlowp's
 * exp_on_negative_values, summed in Q12.19, and each exp is multiplied by
 * the fixed-point reciprocal of the sum; output zp -128, scale 1/256.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_requant.h"

#define TMLC_SOFTMAX_DIFF_INT_BITS 5
#define TMLC_SOFTMAX_ACCUM_INT_BITS 12

tmlc_status tmlc_softmax_s8(const int8_t *x, int8_t *y,
                            const tmlc_softmax_s8_params *p) {
  int32_t r, c;
  if (x == NULL || y == NULL || p == NULL)
    return TMLC_ERR_ARG;
  if (p->rows < 0 || p->depth < 1 || p->input_left_shift < 0 ||
      p->input_left_shift > 31)
    return TMLC_ERR_ARG;
  for (r = 0; r < p->rows; ++r) {
    const int8_t *xr = x + (size_t)r * p->depth;
    int8_t *yr = y + (size_t)r * p->depth;
    int32_t max_in_row = INT8_MIN;
    int32_t sum_of_exps = 0; /* Q12.19 */
    int32_t shifted_scale;   /* F0 */
    int num_bits_over_unit;
    for (c = 0; c < p->depth; ++c)
      if (xr[c] > max_in_row)
        max_in_row = xr[c];
    for (c = 0; c < p->depth; ++c) {
      const int32_t diff = (int32_t)xr[c] - max_in_row;
      if (diff >= p->diff_min) {
        const int32_t scaled = tmlc_mbqm_gt_one(diff, p->input_multiplier,
                                                p->input_left_shift);
        const int32_t e =
            tmlc_fx_exp_on_negative_values(scaled, TMLC_SOFTMAX_DIFF_INT_BITS);
        sum_of_exps += tmlc_rdbypot(e, TMLC_SOFTMAX_ACCUM_INT_BITS);
      }
    }
    shifted_scale = tmlc_get_reciprocal(sum_of_exps, TMLC_SOFTMAX_ACCUM_INT_BITS,
                                        &num_bits_over_unit);
    for (c = 0; c < p->depth; ++c) {
      const int32_t diff = (int32_t)xr[c] - max_in_row;
      if (diff >= p->diff_min) {
        const int32_t scaled = tmlc_mbqm_gt_one(diff, p->input_multiplier,
                                                p->input_left_shift);
        const int32_t e =
            tmlc_fx_exp_on_negative_values(scaled, TMLC_SOFTMAX_DIFF_INT_BITS);
        const int32_t unsat = tmlc_rdbypot(tmlc_srdhm(shifted_scale, e),
                                           num_bits_over_unit + 31 - 8);
        yr[c] = (int8_t)tmlc_clamp_i32(unsat + INT8_MIN, INT8_MIN, INT8_MAX);
      } else {
        yr[c] = INT8_MIN;
      }
    }
  }
  return TMLC_OK;
}
