/*===- tmlc_conv2d_s8_dsp.c - CONV_2D int8 for the Cortex-M DSP extension -===*
 *
 * Same results as tmlc_conv2d_s8 (TFLite ConvPerChannel), bit for bit.
 * Two output pixels by two output channels per inner loop: each unpacked
 * input word (SXTAB16 with the input offset) feeds two SMLADs, each
 * unpacked weight word two more (tmlc_cm_dsp_dot_2x2). Input gathering per
 * tmlc_cm_conv.h. Stack scratch: 896 bytes.
 * Handed to the portable kernel: invalid arguments, input offsets outside
 * [-127, 128], shifts outside [-31, 31] or a multiplier of INT32_MIN, and
 * filters that fit neither mode (k_h * k_w * depth > 448 with a depth that
 * is not a multiple of 4 or is above 512, or more than 32 taps).
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_kernels_s8_cm.h"
#include "tmlc_cm_common.h"

#if defined(__ARM_FEATURE_DSP)
#include "tmlc_cm_dsp.h"
#include "tmlc_cm_conv.h"

#define TMLC_CM_CONV_MAX_TAPS 32
#define TMLC_CM_CONV_MAX_PAD 512
#define TMLC_CM_CONV_MAX_COL 448

typedef union tmlc_cm_conv_scratch {
  struct {
    const int8_t *seg[2][TMLC_CM_CONV_MAX_TAPS];
    int8_t pad[TMLC_CM_CONV_MAX_PAD];
  } direct;
  int8_t col[2][TMLC_CM_CONV_MAX_COL];
} tmlc_cm_conv_scratch;
#endif

tmlc_status tmlc_conv2d_s8_dsp(const int8_t *x, const int8_t *w,
                               const int32_t *bias, int8_t *y,
                               const tmlc_conv_s8_params *p) {
#if !defined(__ARM_FEATURE_DSP)
  return tmlc_conv2d_s8(x, w, bias, y, p);
#else
  tmlc_cm_conv_scratch s;
  int32_t depth, opg, ntaps, kk, nseg, seg_len, npix, b, pix, g, oc, i;
  int direct;
  int32_t offpair;
  int8_t pad_byte;
  if (!tmlc_cm_conv_params_ok(x, w, y, p, 0) || p->input_offset < -127 ||
      p->input_offset > 128)
    return tmlc_conv2d_s8(x, w, bias, y, p);
  depth = p->in_c / p->groups;
  opg = p->out_c / p->groups;
  ntaps = p->k_h * p->k_w;
  kk = ntaps * depth;
  direct = depth % 4 == 0 && ntaps <= TMLC_CM_CONV_MAX_TAPS &&
           depth <= TMLC_CM_CONV_MAX_PAD;
  if (!direct && kk > TMLC_CM_CONV_MAX_COL)
    return tmlc_conv2d_s8(x, w, bias, y, p);
  nseg = direct ? ntaps : 1;
  seg_len = direct ? depth : kk;
  pad_byte = (int8_t)(-p->input_offset);
  offpair = tmlc_cm_offpair(p->input_offset);
  if (direct)
    for (i = 0; i < depth; ++i)
      s.direct.pad[i] = pad_byte;
  npix = p->out_h * p->out_w;

  for (b = 0; b < p->batch; ++b) {
    const int8_t *xb = x + (size_t)b * p->in_h * p->in_w * p->in_c;
    int8_t *yb = y + (size_t)b * npix * p->out_c;
    for (pix = 0; pix < npix; pix += 2) {
      /* The last pixel of an odd count is computed twice (b == a). */
      const int two = pix + 1 < npix;
      const int32_t pb = two ? pix + 1 : pix;
      const int8_t **sa;
      const int8_t **sb;
      const int8_t *ca[1];
      const int8_t *cb[1];
      if (direct) {
        sa = s.direct.seg[0];
        sb = s.direct.seg[1];
      } else {
        sa = ca;
        sb = cb;
      }
      for (g = 0; g < p->groups; ++g) {
        const int32_t c0 = g * depth;
        tmlc_cm_conv_gather(xb, p, pix / p->out_w, pix % p->out_w, c0, depth,
                            direct, s.direct.pad, s.col[0], pad_byte, sa);
        if (two)
          tmlc_cm_conv_gather(xb, p, pb / p->out_w, pb % p->out_w, c0, depth,
                              direct, s.direct.pad, s.col[1], pad_byte, sb);
        else if (direct)
          for (i = 0; i < nseg; ++i)
            sb[i] = sa[i];
        else
          sb[0] = sa[0];
        for (oc = g * opg; oc < (g + 1) * opg; oc += 2) {
          const int two_oc = oc + 1 < (g + 1) * opg;
          const int32_t oc1 = two_oc ? oc + 1 : oc;
          const int8_t *w0 = w + (size_t)oc * kk;
          const int8_t *w1 = w + (size_t)oc1 * kk;
          int32_t acc[4];
          int32_t t;
          acc[0] = acc[1] = bias != NULL ? bias[oc] : 0;
          acc[2] = acc[3] = bias != NULL ? bias[oc1] : 0;
          for (t = 0; t < nseg; ++t)
            tmlc_cm_dsp_dot_2x2(sa[t], sb[t], w0 + (size_t)t * seg_len,
                                w1 + (size_t)t * seg_len, seg_len, offpair,
                                p->input_offset, acc);
          {
            const int32_t q0 = p->per_channel ? oc : 0;
            const int32_t q1 = p->per_channel ? oc1 : 0;
            const tmlc_cm_q r0 = tmlc_cm_q_make(p->multiplier[q0], p->shift[q0]);
            const tmlc_cm_q r1 = tmlc_cm_q_make(p->multiplier[q1], p->shift[q1]);
            int8_t *ya = yb + (size_t)pix * p->out_c;
            int8_t *yb2 = yb + (size_t)pb * p->out_c;
            ya[oc] = tmlc_cm_out(acc[0], r0, p->output_offset, p->act_min,
                                 p->act_max);
            if (two)
              yb2[oc] = tmlc_cm_out(acc[1], r0, p->output_offset, p->act_min,
                                    p->act_max);
            if (two_oc) {
              ya[oc1] = tmlc_cm_out(acc[2], r1, p->output_offset, p->act_min,
                                    p->act_max);
              if (two)
                yb2[oc1] = tmlc_cm_out(acc[3], r1, p->output_offset,
                                       p->act_min, p->act_max);
            }
          }
        }
      }
    }
  }
  return TMLC_OK;
#endif
}
