/*===- tmlc_avgpool_s8.c - AVERAGE_POOL_2D int8 ---------------------------===*
 * TFLite reference_integer_ops::AveragePool: the window is clipped to the
 * input, the sum of the in-bounds taps is divided by their count with
 * rounding half away from zero, then clamped.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_requant.h"

tmlc_status tmlc_avgpool_s8(const int8_t *x, int8_t *y,
                            const tmlc_pool_s8_params *p) {
  int32_t b, oy, ox, c;
  if (x == NULL || y == NULL || p == NULL)
    return TMLC_ERR_ARG;
  if (p->batch < 0 || p->in_h < 0 || p->in_w < 0 || p->channels < 0 ||
      p->out_h < 0 || p->out_w < 0 || p->k_h < 1 || p->k_w < 1 ||
      p->stride_h < 1 || p->stride_w < 1 || p->act_min > p->act_max)
    return TMLC_ERR_ARG;
  for (b = 0; b < p->batch; ++b) {
    for (oy = 0; oy < p->out_h; ++oy) {
      const int32_t iy0 = oy * p->stride_h - p->pad_top;
      const int32_t ky0 = iy0 < 0 ? -iy0 : 0;
      const int32_t ky1 = p->in_h - iy0 < p->k_h ? p->in_h - iy0 : p->k_h;
      for (ox = 0; ox < p->out_w; ++ox) {
        const int32_t ix0 = ox * p->stride_w - p->pad_left;
        const int32_t kx0 = ix0 < 0 ? -ix0 : 0;
        const int32_t kx1 = p->in_w - ix0 < p->k_w ? p->in_w - ix0 : p->k_w;
        const int32_t count = (ky1 - ky0) * (kx1 - kx0);
        int8_t *yp = y + (((size_t)b * p->out_h + oy) * p->out_w + ox) * p->channels;
        if (ky1 <= ky0 || kx1 <= kx0)
          return TMLC_ERR_ARG; /* TFLite rejects an empty window */
        for (c = 0; c < p->channels; ++c) {
          int32_t acc = 0;
          int32_t ky, kx;
          for (ky = ky0; ky < ky1; ++ky) {
            const int8_t *row =
                x + (((size_t)b * p->in_h + (iy0 + ky)) * p->in_w + ix0) * p->channels + c;
            for (kx = kx0; kx < kx1; ++kx)
              acc += row[(size_t)kx * p->channels];
          }
          acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
          yp[c] = (int8_t)tmlc_clamp_i32(acc, p->act_min, p->act_max);
        }
      }
    }
  }
  return TMLC_OK;
}
