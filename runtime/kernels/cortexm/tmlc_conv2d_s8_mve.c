/*===- tmlc_conv2d_s8_mve.c - CONV_2D int8 for Helium (Cortex-M55) --------===*
 *
 * Same results as tmlc_conv2d_s8, bit for bit. Per output pixel, four
 * output channels per pass over the pixel's segments (tmlc_cm_conv.h:
 * direct taps or an im2col copy, pads as -input_offset bytes), 16 MACs per
 * VMLADAVA on raw int8; the input offset enters through the weight sum
 * (every tap counted, pads included, which is exact because a pad byte
 * plus the offset is zero). Four channels requantized per vector.
 * Stack scratch: 960 bytes.
 * Handed to the portable kernel: invalid arguments, input offsets outside
 * [-127, 128], shifts outside [-31, 31], multiplier INT32_MIN, filters that
 * fit neither mode (depth < 16 with k_h * k_w * depth > 960, or more than
 * 32 taps with k_h * k_w * depth > 960).
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_kernels_s8_cm.h"
#include "tmlc_cm_common.h"

#if defined(__ARM_FEATURE_MVE)
#include "tmlc_cm_mve.h"
#include "tmlc_cm_conv.h"

#define TMLC_CM_MCONV_MAX_TAPS 32
#define TMLC_CM_MCONV_MAX_PAD 512
#define TMLC_CM_MCONV_MAX_COL 960

typedef union tmlc_cm_mconv_scratch {
  struct {
    const int8_t *seg[TMLC_CM_MCONV_MAX_TAPS];
    int8_t pad[TMLC_CM_MCONV_MAX_PAD];
  } direct;
  int8_t col[TMLC_CM_MCONV_MAX_COL];
} tmlc_cm_mconv_scratch;
#endif

tmlc_status tmlc_conv2d_s8_mve(const int8_t *x, const int8_t *w,
                               const int32_t *bias, int8_t *y,
                               const tmlc_conv_s8_params *p) {
#if !defined(__ARM_FEATURE_MVE)
  return tmlc_conv2d_s8(x, w, bias, y, p);
#else
  tmlc_cm_mconv_scratch s;
  int32_t depth, opg, ntaps, kk, nseg, seg_len, npix, b, pix, g, oc, i, j;
  int direct;
  int8_t pad_byte;
  const int8_t *col_seg[1];
  const int8_t **seg;
  if (!tmlc_cm_conv_params_ok(x, w, y, p, 0) || p->input_offset < -127 ||
      p->input_offset > 128)
    return tmlc_conv2d_s8(x, w, bias, y, p);
  depth = p->in_c / p->groups;
  opg = p->out_c / p->groups;
  ntaps = p->k_h * p->k_w;
  kk = ntaps * depth;
  direct = depth >= 16 && ntaps <= TMLC_CM_MCONV_MAX_TAPS &&
           depth <= TMLC_CM_MCONV_MAX_PAD;
  if (!direct && kk > TMLC_CM_MCONV_MAX_COL)
    return tmlc_conv2d_s8(x, w, bias, y, p);
  nseg = direct ? ntaps : 1;
  seg_len = direct ? depth : kk;
  seg = direct ? s.direct.seg : col_seg;
  pad_byte = (int8_t)(-p->input_offset);
  if (direct)
    for (i = 0; i < depth; ++i)
      s.direct.pad[i] = pad_byte;
  npix = p->out_h * p->out_w;

  for (b = 0; b < p->batch; ++b) {
    const int8_t *xb = x + (size_t)b * p->in_h * p->in_w * p->in_c;
    int8_t *yb = y + (size_t)b * npix * p->out_c;
    for (pix = 0; pix < npix; ++pix) {
      int8_t *yp = yb + (size_t)pix * p->out_c;
      for (g = 0; g < p->groups; ++g) {
        const int32_t oc_end = (g + 1) * opg;
        tmlc_cm_conv_gather(xb, p, pix / p->out_w, pix % p->out_w, g * depth,
                            depth, direct, s.direct.pad, s.col, pad_byte,
                            seg);
        for (oc = g * opg; oc < oc_end; oc += 4) {
          const int32_t m = oc_end - oc < 4 ? oc_end - oc : 4;
          const mve_pred16_t lanes = vctp32q((uint32_t)m);
          int32_t acc[4] = {0, 0, 0, 0};
          int32_t wsum[4] = {0, 0, 0, 0};
          int32_t t;
          int32x4_t v;
          if (m == 4) {
            for (t = 0; t < nseg; ++t)
              tmlc_cm_mve_dot_1x4(seg[t], w + (size_t)oc * kk + (size_t)t * seg_len,
                                  kk, seg_len, acc);
          } else {
            for (j = 0; j < m; ++j) {
              int32_t a1[4] = {0, 0, 0, 0};
              for (t = 0; t < nseg; ++t)
                tmlc_cm_mve_dot_1x4(seg[t],
                                    w + (size_t)(oc + j) * kk + (size_t)t * seg_len,
                                    0, seg_len, a1);
              acc[j] = a1[0];
            }
          }
          /* The whole filter row: pads count too (pad + offset == 0). */
          if (p->input_offset != 0)
            for (j = 0; j < m; ++j)
              wsum[j] = tmlc_cm_mve_sum(w + (size_t)(oc + j) * kk, kk);
          for (j = 0; j < 4; ++j)
            acc[j] = (int32_t)((uint32_t)acc[j] +
                               (uint32_t)p->input_offset * (uint32_t)wsum[j] +
                               (uint32_t)((bias != NULL && j < m) ? bias[oc + j] : 0));
          v = tmlc_cm_mve_requant4(vldrwq_s32(acc), p->multiplier, p->shift,
                                   p->per_channel, oc, lanes,
                                   p->output_offset, p->act_min, p->act_max);
          vstrbq_p_s32(yp + oc, v, lanes);
        }
      }
    }
  }
  return TMLC_OK;
#endif
}
