/*===- tmlc_hard_swish_s8.c - HARD_SWISH int8 -----------------------------===*
 * TFLite reference_ops::HardSwish<int8_t>: int16 fixed point. The input is
 * moved to a "hires" scale (x 2^7), multiplied to the output scale, and
 * multiplied by a "relu-ish" factor in [0, 1] obtained by rescaling the
 * input so that 3.0 maps to 2^15, with TFLite's careful saturation.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_requant.h"

tmlc_status tmlc_hard_swish_s8(const int8_t *x, int8_t *y, int32_t n,
                               const tmlc_hard_swish_s8_params *p) {
  int32_t i;
  int16_t out_mult;
  int16_t relu_mult;
  if (x == NULL || y == NULL || p == NULL || n < 0)
    return TMLC_ERR_ARG;
  if (p->output_multiplier_exponent > 0 || p->output_multiplier_exponent < -15 ||
      p->reluish_multiplier_exponent > 15 || p->reluish_multiplier_exponent < -15 ||
      p->output_multiplier_fixedpoint_int16 < INT16_MIN ||
      p->output_multiplier_fixedpoint_int16 > INT16_MAX ||
      p->reluish_multiplier_fixedpoint_int16 < INT16_MIN ||
      p->reluish_multiplier_fixedpoint_int16 > INT16_MAX)
    return TMLC_ERR_ARG;
  out_mult = (int16_t)p->output_multiplier_fixedpoint_int16;
  relu_mult = (int16_t)p->reluish_multiplier_fixedpoint_int16;
  for (i = 0; i < n; ++i) {
    const int16_t in = (int16_t)((int32_t)x[i] - p->input_zero_point);
    const int16_t in_hires = (int16_t)(in * (1 << 7));
    const int16_t in_preshift_out = tmlc_srdhm16(in_hires, out_mult);
    int16_t reluish = in_hires;
    int16_t preshift_out;
    int32_t out;
    if (p->reluish_multiplier_exponent > 0)
      reluish = tmlc_sat_shl16(reluish, p->reluish_multiplier_exponent - 1);
    reluish = tmlc_srdhm16(reluish, relu_mult);
    if (p->reluish_multiplier_exponent > 0)
      reluish = tmlc_sat_shl16(reluish, 1);
    if (p->reluish_multiplier_exponent < 0)
      reluish = tmlc_rdbypot16(reluish, -p->reluish_multiplier_exponent);
    /* [-1, 1] in Q15 -> [0, 1] in Q15 */
    reluish = (int16_t)(((int32_t)reluish + (1 << 15)) >> 1);
    preshift_out = tmlc_sdhm16(reluish, in_preshift_out);
    out = (int32_t)tmlc_rdbypot16(preshift_out, -p->output_multiplier_exponent);
    out = (int16_t)(out + p->output_zero_point);
    y[i] = (int8_t)tmlc_clamp_i32(out, INT8_MIN, INT8_MAX);
  }
  return TMLC_OK;
}
