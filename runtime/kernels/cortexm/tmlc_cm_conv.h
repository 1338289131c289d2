/*===- tmlc_cm_conv.h - input gathering shared by the Cortex-M convs ------===*
 *
 * Part of the tmlc runtime. For one output pixel, the dot products of a
 * convolution run over "segments": contiguous runs of input bytes matched
 * by contiguous runs of the filter row (OHWI).
 *  - direct mode (filter depth a multiple of 4, few taps): one segment per
 *    tap, pointing into the input; a tap outside the input points at a row
 *    of pad bytes (-input_offset, i.e. a real zero: (pad + offset) == 0, so
 *    it adds exactly nothing, as the portable kernel's skipped tap).
 *  - im2col mode (small filter depth, e.g. the first conv): the pixel's
 *    whole receptive field is copied to one buffer, pads included; one
 *    segment of k_h * k_w * depth bytes.
 * Both need -input_offset to be an int8 value (offset in [-127, 128]).
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_CM_CONV_H
#define TMLC_CM_CONV_H

#include "tmlc_cm_common.h"

/** Segment starts of output pixel (oy, ox) for the group whose first input
 * channel is c0. direct: seg[t] per tap; im2col: col is filled and
 * seg[0] = col. */
static inline void tmlc_cm_conv_gather(const int8_t *xb,
                                       const tmlc_conv_s8_params *p,
                                       int32_t oy, int32_t ox, int32_t c0,
                                       int32_t depth, int direct,
                                       const int8_t *pad, int8_t *col,
                                       int8_t pad_byte, const int8_t **seg) {
  const int32_t iy0 = oy * p->stride_h - p->pad_top;
  const int32_t ix0 = ox * p->stride_w - p->pad_left;
  int32_t ky, kx, c;
  int32_t t = 0;
  int8_t *dst = col;
  for (ky = 0; ky < p->k_h; ++ky) {
    const int32_t iy = iy0 + ky * p->dilation_h;
    const int row_in = iy >= 0 && iy < p->in_h;
    for (kx = 0; kx < p->k_w; ++kx) {
      const int32_t ix = ix0 + kx * p->dilation_w;
      const int8_t *src = NULL;
      if (row_in && ix >= 0 && ix < p->in_w)
        src = xb + ((size_t)iy * p->in_w + ix) * p->in_c + c0;
      if (direct) {
        seg[t++] = src != NULL ? src : pad;
      } else if (src != NULL) {
        for (c = 0; c < depth; ++c)
          dst[c] = src[c];
        dst += depth;
      } else {
        for (c = 0; c < depth; ++c)
          dst[c] = pad_byte;
        dst += depth;
      }
    }
  }
  if (!direct)
    seg[0] = col;
}

#endif /* TMLC_CM_CONV_H */
