/*===- tmlc_conv.c - N-d grouped, strided, dilated convolution (float32) -===*/
#include "tmlc_spatial.h"

/** @brief Convolution in NC(D)HW layout, 1 to 3 spatial dimensions, with
 * groups (depthwise when group == C), strides, dilations and zero padding
 * before each dimension (the end padding is implied by out_dims). Weights
 * are M x (C/group) x kernel..., bias (M values) may be NULL. For every
 * weight tap it adds weight * input to the output rows that tap reaches,
 * so the innermost loop runs over a contiguous input row when stride is 1. */
tmlc_status tmlc_conv_f32(const float *x, const float *w, const float *bias,
                          float *y, const tmlc_conv_params *p) {
  tmlc_win3 g;
  int32_t n, oc, ic, kd, kh, kw, od, oh, ow;
  int32_t cg, mg, ksize;
  ptrdiff_t in_plane, out_plane;
  if (x == NULL || w == NULL || y == NULL || p == NULL)
    return TMLC_ERR_ARG;
  if (!tmlc_win3_init(&g, p->spatial_rank, p->in_dims, p->out_dims, p->kernel,
                      p->strides, p->dilations, p->pads_begin, NULL) ||
      p->batch < 0 || p->group < 1 || p->in_channels < 0 ||
      p->out_channels < 0 || p->in_channels % p->group != 0 ||
      p->out_channels % p->group != 0)
    return TMLC_ERR_ARG;
  cg = p->in_channels / p->group;
  mg = p->out_channels / p->group;
  ksize = g.k[0] * g.k[1] * g.k[2];
  in_plane = (ptrdiff_t)g.in[0] * g.in[1] * g.in[2];
  out_plane = (ptrdiff_t)g.out[0] * g.out[1] * g.out[2];
  for (n = 0; n < p->batch; ++n) {
    for (oc = 0; oc < p->out_channels; ++oc) {
      float *yp = y + ((ptrdiff_t)n * p->out_channels + oc) * out_plane;
      const float b0 = bias != NULL ? bias[oc] : 0.0f;
      const int32_t c0 = (oc / mg) * cg; /* first input channel of the group */
      ptrdiff_t i;
      for (i = 0; i < out_plane; ++i)
        yp[i] = b0;
      for (ic = 0; ic < cg; ++ic) {
        const float *xp = x + ((ptrdiff_t)n * p->in_channels + c0 + ic) * in_plane;
        const float *wp = w + ((ptrdiff_t)oc * cg + ic) * ksize;
        for (kd = 0; kd < g.k[0]; ++kd) {
          int32_t dlo, dhi;
          const int32_t doff = kd * g.dil[0] - g.pb[0];
          tmlc_valid_range(doff, g.s[0], g.in[0], g.out[0], &dlo, &dhi);
          for (kh = 0; kh < g.k[1]; ++kh) {
            int32_t hlo, hhi;
            const int32_t hoff = kh * g.dil[1] - g.pb[1];
            tmlc_valid_range(hoff, g.s[1], g.in[1], g.out[1], &hlo, &hhi);
            for (kw = 0; kw < g.k[2]; ++kw) {
              int32_t wlo, whi;
              const int32_t woff = kw * g.dil[2] - g.pb[2];
              const float wv = wp[(kd * g.k[1] + kh) * g.k[2] + kw];
              tmlc_valid_range(woff, g.s[2], g.in[2], g.out[2], &wlo, &whi);
              for (od = dlo; od <= dhi; ++od) {
                const int32_t id = od * g.s[0] + doff;
                for (oh = hlo; oh <= hhi; ++oh) {
                  const int32_t ih = oh * g.s[1] + hoff;
                  const float *xr = xp + ((ptrdiff_t)id * g.in[1] + ih) * g.in[2];
                  float *yr = yp + ((ptrdiff_t)od * g.out[1] + oh) * g.out[2];
                  if (g.s[2] == 1) {
                    for (ow = wlo; ow <= whi; ++ow)
                      yr[ow] += wv * xr[ow + woff];
                  } else {
                    for (ow = wlo; ow <= whi; ++ow)
                      yr[ow] += wv * xr[ow * g.s[2] + woff];
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  return TMLC_OK;
}
