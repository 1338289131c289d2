/*===- tmlc_conv2d_s8.c - CONV_2D int8, TFLite ConvPerChannel semantics ---===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_requant.h"

tmlc_status tmlc_conv2d_s8(const int8_t *x, const int8_t *w,
                           const int32_t *bias, int8_t *y,
                           const tmlc_conv_s8_params *p) {
  int32_t b, oy, ox, oc;
  int32_t filter_c, out_per_group;
  if (x == NULL || w == NULL || y == NULL || p == NULL ||
      p->multiplier == NULL || p->shift == NULL)
    return TMLC_ERR_ARG;
  if (p->batch < 0 || p->in_h < 0 || p->in_w < 0 || p->in_c < 1 ||
      p->out_h < 0 || p->out_w < 0 || p->out_c < 1 || p->k_h < 1 ||
      p->k_w < 1 || p->stride_h < 1 || p->stride_w < 1 ||
      p->dilation_h < 1 || p->dilation_w < 1 || p->groups < 1 ||
      p->in_c % p->groups != 0 || p->out_c % p->groups != 0 ||
      p->act_min > p->act_max)
    return TMLC_ERR_ARG;
  filter_c = p->in_c / p->groups;
  out_per_group = p->out_c / p->groups;

  for (b = 0; b < p->batch; ++b) {
    const int8_t *xb = x + (size_t)b * p->in_h * p->in_w * p->in_c;
    for (oy = 0; oy < p->out_h; ++oy) {
      const int32_t iy0 = oy * p->stride_h - p->pad_top;
      for (ox = 0; ox < p->out_w; ++ox) {
        const int32_t ix0 = ox * p->stride_w - p->pad_left;
        int8_t *yp = y + (((size_t)b * p->out_h + oy) * p->out_w + ox) * p->out_c;
        for (oc = 0; oc < p->out_c; ++oc) {
          const int32_t c0 = (oc / out_per_group) * filter_c;
          const int8_t *wo = w + (size_t)oc * p->k_h * p->k_w * filter_c;
          const int32_t q = p->per_channel ? oc : 0;
          int32_t acc = 0;
          int32_t ky, kx, c;
          for (ky = 0; ky < p->k_h; ++ky) {
            const int32_t iy = iy0 + ky * p->dilation_h;
            if (iy < 0 || iy >= p->in_h)
              continue;
            for (kx = 0; kx < p->k_w; ++kx) {
              const int32_t ix = ix0 + kx * p->dilation_w;
              const int8_t *xp;
              const int8_t *wp;
              if (ix < 0 || ix >= p->in_w)
                continue;
              xp = xb + ((size_t)iy * p->in_w + ix) * p->in_c + c0;
              wp = wo + ((size_t)ky * p->k_w + kx) * filter_c;
              for (c = 0; c < filter_c; ++c)
                acc += (int32_t)wp[c] * ((int32_t)xp[c] + p->input_offset);
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
  return TMLC_OK;
}
