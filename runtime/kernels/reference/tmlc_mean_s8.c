/*===- tmlc_mean_s8.c - MEAN int8, the three TFLite (Micro) algorithms ----===*
 * See tmlc_mean_s8_mode in tmlc_kernels_s8.h for which path TFLite takes.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_requant.h"

tmlc_status tmlc_mean_s8(const int8_t *x, int8_t *y,
                         const tmlc_mean_s8_params *p) {
  int32_t o, i, r;
  int32_t n;
  if (x == NULL || y == NULL || p == NULL)
    return TMLC_ERR_ARG;
  if (p->outer < 0 || p->reduce < 1 || p->inner < 0 ||
      p->mode < TMLC_MEAN_S8_SPATIAL || p->mode > TMLC_MEAN_S8_RESCALE)
    return TMLC_ERR_ARG;
  n = p->reduce;
  for (o = 0; o < p->outer; ++o) {
    const int8_t *xo = x + (size_t)o * n * p->inner;
    int8_t *yo = y + (size_t)o * p->inner;
    for (i = 0; i < p->inner; ++i) {
      int32_t sum = 0;
      int32_t v;
      for (r = 0; r < n; ++r)
        sum += xo[(size_t)r * p->inner + i];
      if (p->mode == TMLC_MEAN_S8_SAME_SCALE) {
        yo[i] = (int8_t)(sum / n);
        continue;
      }
      if (p->mode == TMLC_MEAN_S8_SPATIAL) {
        /* sum of (x - zp), computed as one subtraction of n * zp */
        v = tmlc_mbqm(sum - n * p->input_zero_point, p->multiplier, p->shift);
        v = v > 0 ? (v + n / 2) / n : (v - n / 2) / n;
      } else {
        v = tmlc_mbqm((int32_t)((int64_t)sum - (int64_t)p->input_zero_point * n),
                      p->multiplier, p->shift);
      }
      v += p->output_zero_point;
      yo[i] = (int8_t)tmlc_clamp_i32(v, INT8_MIN, INT8_MAX);
    }
  }
  return TMLC_OK;
}
