/*===- tmlc_logistic_s8.c - LOGISTIC int8 ---------------------------------===*
 * TFLite reference_integer_ops::Logistic (used by TFLite Micro): the input
 * (minus its zero point) is rescaled to Q4.27 and fed to gemmlowp's
 * fixed-point logistic; the Q0.31 result is rounded to 1/256 steps and
 * offset by -128. Inputs at or beyond the range radius saturate.
 * (TFLite's non-micro optimized kernel uses a float-built LUT instead,
 * which can differ by one LSB; we follow the reference kernel.)
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_requant.h"

tmlc_status tmlc_logistic_s8(const int8_t *x, int8_t *y, int32_t n,
                             const tmlc_tanh_logistic_s8_params *p) {
  int32_t i;
  if (x == NULL || y == NULL || p == NULL || n < 0)
    return TMLC_ERR_ARG;
  if (p->input_left_shift > 31 || p->input_left_shift < -31)
    return TMLC_ERR_ARG;
  for (i = 0; i < n; ++i) {
    const int32_t in = (int32_t)x[i] - p->input_zero_point;
    if (in <= -p->input_range_radius) {
      y[i] = INT8_MIN;
    } else if (in >= p->input_range_radius) {
      y[i] = INT8_MAX;
    } else {
      const int32_t q4 = tmlc_mbqm(in, p->input_multiplier, p->input_left_shift);
      const int32_t q0 = tmlc_fx_logistic(q4, 4);
      const int32_t v = tmlc_rdbypot(q0, 31 - 8) + INT8_MIN;
      y[i] = (int8_t)tmlc_clamp_i32(v, INT8_MIN, INT8_MAX);
    }
  }
  return TMLC_OK;
}
