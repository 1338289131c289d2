/*===- tmlc_depthwise_conv2d_s8.c - DEPTHWISE_CONV_2D int8 ----------------===*
 * TFLite reference_integer_ops::DepthwiseConvPerChannel semantics.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_requant.h"

tmlc_status tmlc_depthwise_conv2d_s8(const int8_t *x, const int8_t *w,
                                     const int32_t *bias, int8_t *y,
                                     const tmlc_conv_s8_params *p) {
  int32_t b, oy, ox, ic, m;
  if (x == NULL || w == NULL || y == NULL || p == NULL ||
      p->multiplier == NULL || p->shift == NULL)
    return TMLC_ERR_ARG;
  if (p->batch < 0 || p->in_h < 0 || p->in_w < 0 || p->in_c < 1 ||
      p->out_h < 0 || p->out_w < 0 || p->k_h < 1 || p->k_w < 1 ||
      p->stride_h < 1 || p->stride_w < 1 || p->dilation_h < 1 ||
      p->dilation_w < 1 || p->depth_multiplier < 1 ||
      p->out_c != p->in_c * p->depth_multiplier || p->act_min > p->act_max)
    return TMLC_ERR_ARG;

  for (b = 0; b < p->batch; ++b) {
    const int8_t *xb = x + (size_t)b * p->in_h * p->in_w * p->in_c;
    for (oy = 0; oy < p->out_h; ++oy) {
      const int32_t iy0 = oy * p->stride_h - p->pad_top;
      for (ox = 0; ox < p->out_w; ++ox) {
        const int32_t ix0 = ox * p->stride_w - p->pad_left;
        int8_t *yp = y + (((size_t)b * p->out_h + oy) * p->out_w + ox) * p->out_c;
        for (ic = 0; ic < p->in_c; ++ic) {
          for (m = 0; m < p->depth_multiplier; ++m) {
            const int32_t oc = ic * p->depth_multiplier + m;
            const int32_t q = p->per_channel ? oc : 0;
            int32_t acc = 0;
            int32_t ky, kx;
            for (ky = 0; ky < p->k_h; ++ky) {
              const int32_t iy = iy0 + ky * p->dilation_h;
              if (iy < 0 || iy >= p->in_h)
                continue;
              for (kx = 0; kx < p->k_w; ++kx) {
                const int32_t ix = ix0 + kx * p->dilation_w;
                if (ix < 0 || ix >= p->in_w)
                  continue;
                acc += (int32_t)w[((size_t)ky * p->k_w + kx) * p->out_c + oc] *
                       ((int32_t)xb[((size_t)iy * p->in_w + ix) * p->in_c + ic] +
                        p->input_offset);
              }
            }
            if (bias != NULL)
              acc += bias[oc];
            acc = tmlc_mbqm(acc, p->multiplier[q], p->shift[q]);
            acc += p->output_offset;
            yp[oc] = (int8_t)tmlc_clamp_i32(acc, p->act_min, p->act_max);
          }
        }
      }
    }
  }
  return TMLC_OK;
}
