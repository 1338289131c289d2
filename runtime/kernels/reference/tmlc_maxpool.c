/*===- tmlc_maxpool.c - N-d max pooling with optional indices (float32) --===*/
#include <math.h>

#include "tmlc_spatial.h"

/** @brief MaxPool in NC(D)HW layout, 1 to 3 spatial dimensions, strides,
 * dilations; padding acts as -inf. indices (may be NULL) receives the flat
 * NC(D)HW index of the chosen input element (ONNX storage_order 0, first
 * maximum wins); a window without any input element gives -inf and -1. */
tmlc_status tmlc_maxpool_f32(const float *x, float *y, int64_t *indices,
                             const tmlc_pool_params *p) {
  tmlc_win3 g;
  int32_t nc, od, oh, ow, kd, kh, kw;
  ptrdiff_t in_plane, o = 0;
  if (x == NULL || y == NULL || p == NULL)
    return TMLC_ERR_ARG;
  if (!tmlc_win3_init(&g, p->spatial_rank, p->in_dims, p->out_dims, p->kernel,
                      p->strides, p->dilations, p->pads_begin, p->pads_end) ||
      p->batch < 0 || p->channels < 0)
    return TMLC_ERR_ARG;
  in_plane = (ptrdiff_t)g.in[0] * g.in[1] * g.in[2];
  for (nc = 0; nc < p->batch * p->channels; ++nc) {
    const ptrdiff_t base = (ptrdiff_t)nc * in_plane;
    for (od = 0; od < g.out[0]; ++od) {
      int32_t dlo, dhi;
      const int32_t d0 = od * g.s[0] - g.pb[0];
      tmlc_valid_range(d0, g.dil[0], g.in[0], g.k[0], &dlo, &dhi);
      for (oh = 0; oh < g.out[1]; ++oh) {
        int32_t hlo, hhi;
        const int32_t h0 = oh * g.s[1] - g.pb[1];
        tmlc_valid_range(h0, g.dil[1], g.in[1], g.k[1], &hlo, &hhi);
        for (ow = 0; ow < g.out[2]; ++ow, ++o) {
          int32_t wlo, whi;
          const int32_t w0 = ow * g.s[2] - g.pb[2];
          float best = -INFINITY;
          ptrdiff_t besti = -1;
          tmlc_valid_range(w0, g.dil[2], g.in[2], g.k[2], &wlo, &whi);
          for (kd = dlo; kd <= dhi; ++kd)
            for (kh = hlo; kh <= hhi; ++kh) {
              const ptrdiff_t row =
                  ((ptrdiff_t)(d0 + kd * g.dil[0]) * g.in[1] + h0 +
                   kh * g.dil[1]) * g.in[2] + w0;
              for (kw = wlo; kw <= whi; ++kw) {
                const ptrdiff_t i = row + (ptrdiff_t)kw * g.dil[2];
                const float v = x[base + i];
                if (v > best || besti < 0) {
                  best = v;
                  besti = base + i;
                }
              }
            }
          y[o] = best;
          if (indices != NULL)
            indices[o] = (int64_t)besti;
        }
      }
    }
  }
  return TMLC_OK;
}
