/*===- tmlc_avgpool.c - N-d average pooling (float32) --------------------===*/
#include "tmlc_spatial.h"

/* Number of taps of one window dimension that fall inside [lo_edge, hi_edge). */
static inline int32_t tmlc_avgpool_taps(int32_t start, int32_t dil, int32_t k,
                                        int32_t lo_edge, int32_t hi_edge) {
  int32_t lo, hi;
  tmlc_valid_range(start - lo_edge, dil, hi_edge - lo_edge, k, &lo, &hi);
  return hi >= lo ? hi - lo + 1 : 0;
}

/** @brief AveragePool in NC(D)HW layout, 1 to 3 spatial dimensions, strides,
 * dilations. count_include_pad = 0 divides by the number of input elements
 * in the window; 1 divides by the window taps inside the padded input
 * [-pads_begin, in + pads_end) (with ceil_mode, taps beyond that extent do
 * not count, as in ONNX). A window with nothing to divide by gives 0. */
tmlc_status tmlc_avgpool_f32(const float *x, float *y, const tmlc_pool_params *p) {
  tmlc_win3 g;
  int32_t nc, od, oh, ow, kd, kh, kw;
  ptrdiff_t in_plane, o = 0;
  const int cip = p != NULL && p->count_include_pad != 0;
  if (x == NULL || y == NULL || p == NULL)
    return TMLC_ERR_ARG;
  if (!tmlc_win3_init(&g, p->spatial_rank, p->in_dims, p->out_dims, p->kernel,
                      p->strides, p->dilations, p->pads_begin, p->pads_end) ||
      p->batch < 0 || p->channels < 0)
    return TMLC_ERR_ARG;
  in_plane = (ptrdiff_t)g.in[0] * g.in[1] * g.in[2];
  for (nc = 0; nc < p->batch * p->channels; ++nc) {
    const float *xp = x + (ptrdiff_t)nc * in_plane;
    for (od = 0; od < g.out[0]; ++od) {
      int32_t dlo, dhi, cd;
      const int32_t d0 = od * g.s[0] - g.pb[0];
      tmlc_valid_range(d0, g.dil[0], g.in[0], g.k[0], &dlo, &dhi);
      cd = cip ? tmlc_avgpool_taps(d0, g.dil[0], g.k[0], -g.pb[0], g.in[0] + g.pe[0])
               : (dhi >= dlo ? dhi - dlo + 1 : 0);
      for (oh = 0; oh < g.out[1]; ++oh) {
        int32_t hlo, hhi, ch;
        const int32_t h0 = oh * g.s[1] - g.pb[1];
        tmlc_valid_range(h0, g.dil[1], g.in[1], g.k[1], &hlo, &hhi);
        ch = cip ? tmlc_avgpool_taps(h0, g.dil[1], g.k[1], -g.pb[1], g.in[1] + g.pe[1])
                 : (hhi >= hlo ? hhi - hlo + 1 : 0);
        for (ow = 0; ow < g.out[2]; ++ow, ++o) {
          int32_t wlo, whi, cw, count;
          const int32_t w0 = ow * g.s[2] - g.pb[2];
          float sum = 0.0f;
          tmlc_valid_range(w0, g.dil[2], g.in[2], g.k[2], &wlo, &whi);
          cw = cip ? tmlc_avgpool_taps(w0, g.dil[2], g.k[2], -g.pb[2], g.in[2] + g.pe[2])
                   : (whi >= wlo ? whi - wlo + 1 : 0);
          for (kd = dlo; kd <= dhi; ++kd)
            for (kh = hlo; kh <= hhi; ++kh) {
              const ptrdiff_t row = ((ptrdiff_t)(d0 + kd * g.dil[0]) * g.in[1] +
                                     h0 + kh * g.dil[1]) * g.in[2] + w0;
              for (kw = wlo; kw <= whi; ++kw)
                sum += xp[row + (ptrdiff_t)kw * g.dil[2]];
            }
          count = cd * ch * cw;
          y[o] = count > 0 ? sum / (float)count : 0.0f;
        }
      }
    }
  }
  return TMLC_OK;
}
