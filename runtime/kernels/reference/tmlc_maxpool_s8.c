/*===- tmlc_maxpool_s8.c - MAX_POOL_2D int8 -------------------------------===*
 * TFLite reference_integer_ops::MaxPool: max over the in-bounds taps of
 * the window, then the activation clamp.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_requant.h"

tmlc_status tmlc_maxpool_s8(const int8_t *x, int8_t *y,
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
        int8_t *yp = y + (((size_t)b * p->out_h + oy) * p->out_w + ox) * p->channels;
        for (c = 0; c < p->channels; ++c) {
          int32_t m = INT8_MIN; /* TFLite starts from the type's lowest value */
          int32_t ky, kx;
          for (ky = ky0; ky < ky1; ++ky) {
            const int8_t *row =
                x + (((size_t)b * p->in_h + (iy0 + ky)) * p->in_w + ix0) * p->channels + c;
            for (kx = kx0; kx < kx1; ++kx) {
              const int32_t v = row[(size_t)kx * p->channels];
              if (v > m)
                m = v;
            }
          }
          yp[c] = (int8_t)tmlc_clamp_i32(m, p->act_min, p->act_max);
        }
      }
    }
  }
  return TMLC_OK;
}
