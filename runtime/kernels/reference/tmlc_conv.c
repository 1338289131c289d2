/*===- tmlc_conv.c - N-d grouped, strided, dilated convolution (float32) -===*/
#include "tmlc_spatial.h"

/* Up to this many input channels share one pass over the output rows, so
 * each output element is loaded and stored once per block, not per channel. */
#define TMLC_CONV_CBLOCK 4

/** @brief Convolution in NC(D)HW layout, 1 to 3 spatial dimensions, with
 * groups (depthwise when group == C), strides, dilations and zero padding
 * before each dimension (the end padding is implied by out_dims). Weights
 * are M x (C/group) x kernel..., bias (M values) may be NULL. For every
 * weight tap (of a block of up to four input channels) it adds
 * weight * input to the output rows that tap reaches, so the innermost loop
 * runs over contiguous input rows when the stride is 1; rows that are
 * contiguous in both input and output (e.g. 1x1 kernels without padding)
 * are merged into one run. */
tmlc_status tmlc_conv_f32(const float *x, const float *w, const float *bias,
                          float *y, const tmlc_conv_params *p) {
  tmlc_win3 g;
  int32_t n, oc, ic, j, kd, kh, kw, od, oh, ow;
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
      for (ic = 0; ic < cg; ic += TMLC_CONV_CBLOCK) {
        const int32_t nb = cg - ic < TMLC_CONV_CBLOCK ? cg - ic : TMLC_CONV_CBLOCK;
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
              int32_t wlo, whi, rows, len, step;
              const int32_t woff = kw * g.dil[2] - g.pb[2];
              const int32_t t = (kd * g.k[1] + kh) * g.k[2] + kw;
              float wv[TMLC_CONV_CBLOCK];
              for (j = 0; j < nb; ++j)
                wv[j] = wp[(ptrdiff_t)j * ksize + t];
              tmlc_valid_range(woff, g.s[2], g.in[2], g.out[2], &wlo, &whi);
              if (whi < wlo || hhi < hlo)
                continue;
              /* whole rows, stride 1, same width in and out: the rows of
               * one output plane are one contiguous run */
              rows = hhi - hlo + 1;
              len = whi - wlo + 1;
              step = g.s[2];
              if (step == 1 && g.s[1] == 1 && woff == 0 && len == g.out[2] &&
                  g.in[2] == g.out[2]) {
                len *= rows;
                rows = 1;
              }
              for (od = dlo; od <= dhi; ++od) {
                const int32_t id = od * g.s[0] + doff;
                for (oh = hlo; oh < hlo + rows; ++oh) {
                  const int32_t ih = oh * g.s[1] + hoff;
                  const float *xr = xp + ((ptrdiff_t)id * g.in[1] + ih) * g.in[2] +
                                    (ptrdiff_t)wlo * step + woff;
                  float *yr = yp + ((ptrdiff_t)od * g.out[1] + oh) * g.out[2] + wlo;
                  if (nb == 4) {
                    const float *x1 = xr + in_plane, *x2 = x1 + in_plane,
                                *x3 = x2 + in_plane;
                    for (ow = 0; ow < len; ++ow) {
                      const ptrdiff_t q = (ptrdiff_t)ow * step;
                      yr[ow] += wv[0] * xr[q] + wv[1] * x1[q] + wv[2] * x2[q] +
                                wv[3] * x3[q];
                    }
                  } else if (nb == 1) { /* depthwise and the last channels */
                    const float w0 = wv[0];
                    if (step == 1) {
                      for (ow = 0; ow < len; ++ow)
                        yr[ow] += w0 * xr[ow];
                    } else {
                      for (ow = 0; ow < len; ++ow)
                        yr[ow] += w0 * xr[(ptrdiff_t)ow * step];
                    }
                  } else {
                    for (j = 0; j < nb; ++j) {
                      const float *xj = xr + (ptrdiff_t)j * in_plane;
                      const float wj = wv[j];
                      for (ow = 0; ow < len; ++ow)
                        yr[ow] += wj * xj[(ptrdiff_t)ow * step];
                    }
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
