/*===- tmlc_depthwise_conv2d_s8_dsp.c - DEPTHWISE_CONV_2D int8, M DSP ----===*
 *
 * Same results as tmlc_depthwise_conv2d_s8, bit for bit. Depth multiplier
 * 1: four channels per pass, channel groups outside and pixels inside, so
 * the group's weights are unpacked once (SXTB16 into a stack table of at
 * most 64 taps) and its requantization prepared once; per tap one word of
 * input (SXTAB16 adds the input offset), one LDRD of unpacked weights,
 * four SMLABB/SMLATT. Taps outside the input are skipped (in-bounds tap
 * ranges). Stack scratch: 512 bytes.
 * Handed to the portable kernel: invalid arguments, depth multiplier != 1,
 * input offsets with x + offset outside int16, shifts outside [-31, 31],
 * multiplier INT32_MIN, more than 64 taps.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_kernels_s8_cm.h"
#include "tmlc_cm_common.h"

#if defined(__ARM_FEATURE_DSP)
#include "tmlc_cm_dsp.h"

/* [lo, hi): the taps k with 0 <= o0 + k * d < n, 0 <= k < kn. */
static inline void tmlc_cm_tap_range(int32_t o0, int32_t d, int32_t n,
                                     int32_t kn, int32_t *lo, int32_t *hi) {
  int32_t a = o0 >= 0 ? 0 : (-o0 + d - 1) / d;
  int32_t b = n - o0 <= 0 ? 0 : (n - o0 + d - 1) / d;
  if (b > kn)
    b = kn;
  if (a > b)
    a = b;
  *lo = a;
  *hi = b;
}


#define TMLC_CM_DW_MAX_TAPS 64

/* One output pixel of 4 channels: the taps [ky0, ky1) x [kx0, kx1) of
 * input row pointer x00 (tap (ky0, kx0)), weights pre-unpacked per tap as
 * (even, odd) halfword pairs in wu (tap-major, k_w taps per row). */
static inline void tmlc_cm_dw_px4(const int8_t *x00, const int32_t *wu,
                                  int32_t ky0, int32_t ky1, int32_t kx0,
                                  int32_t kx1, int32_t k_w, int32_t xstep,
                                  int32_t ystep, int32_t offpair,
                                  int32_t *acc) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  int32_t ky;
  const int32_t nkx = kx1 - kx0;
  const int32_t *wr = wu + 2 * (ky0 * k_w + kx0);
#define TMLC_CM_DW_TAP(xp, wp)                                               \
  do {                                                                       \
    const uint32_t xv = tmlc_cm_ld32(xp);                                    \
    const int32_t xe = __sxtab16(offpair, (int32_t)xv);                      \
    const int32_t xo = tmlc_cm_sxtab16_ror8(offpair, xv);                    \
    a0 = __smlabb(xe, (wp)[0], a0);                                          \
    a2 = __smlatt(xe, (wp)[0], a2);                                          \
    a1 = __smlabb(xo, (wp)[1], a1);                                          \
    a3 = __smlatt(xo, (wp)[1], a3);                                          \
  } while (0)
  if (nkx == 3) {
    /* Whole rows of a 3-wide filter, unrolled. */
    for (ky = ky0; ky < ky1; ++ky) {
      TMLC_CM_DW_TAP(x00, wr);
      TMLC_CM_DW_TAP(x00 + xstep, wr + 2);
      TMLC_CM_DW_TAP(x00 + 2 * xstep, wr + 4);
      x00 += ystep;
      wr += 2 * k_w;
    }
    ky1 = ky0;
  }
#undef TMLC_CM_DW_TAP
  for (ky = ky0; ky < ky1; ++ky) {
    const int8_t *xp = x00;
    const int32_t *wp = wr;
    int32_t n = nkx;
    while (n-- > 0) {
      const uint32_t xv = tmlc_cm_ld32(xp);
      const int32_t xe = __sxtab16(offpair, (int32_t)xv);
      const int32_t xo = tmlc_cm_sxtab16_ror8(offpair, xv);
      const int32_t we = wp[0], wo = wp[1];
      a0 = __smlabb(xe, we, a0);
      a2 = __smlatt(xe, we, a2);
      a1 = __smlabb(xo, wo, a1);
      a3 = __smlatt(xo, wo, a3);
      xp += xstep;
      wp += 2;
    }
    x00 += ystep;
    wr += 2 * k_w;
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}
#endif

tmlc_status tmlc_depthwise_conv2d_s8_dsp(const int8_t *x, const int8_t *w,
                                         const int32_t *bias, int8_t *y,
                                         const tmlc_conv_s8_params *p) {
#if !defined(__ARM_FEATURE_DSP)
  return tmlc_depthwise_conv2d_s8(x, w, bias, y, p);
#else
  int32_t wu[2 * TMLC_CM_DW_MAX_TAPS];
  int32_t b, oy, ox, c, nc, ntaps, t;
  int32_t offpair, io, oo, lo, hi, xstep, ystep;
  if (!tmlc_cm_conv_params_ok(x, w, y, p, 1) || p->depth_multiplier != 1 ||
      p->input_offset < -32640 || p->input_offset > 32639 ||
      p->k_h * p->k_w > TMLC_CM_DW_MAX_TAPS)
    return tmlc_depthwise_conv2d_s8(x, w, bias, y, p);
  nc = p->in_c;
  io = p->input_offset;
  oo = p->output_offset;
  lo = p->act_min;
  hi = p->act_max;
  offpair = tmlc_cm_offpair(io);
  ntaps = p->k_h * p->k_w;
  xstep = p->dilation_w * nc;
  ystep = p->dilation_h * p->in_w * nc;
  /* Channel groups outside, pixels inside: the group's weights are
   * unpacked and its requantization prepared once per batch. */
  for (b = 0; b < p->batch; ++b) {
    const int8_t *xb = x + (size_t)b * p->in_h * p->in_w * nc;
    int8_t *ybat = y + (size_t)b * p->out_h * p->out_w * nc;
    for (c = 0; c < nc; c += 4) {
      const int32_t m = nc - c < 4 ? nc - c : 4;
      tmlc_cm_rq rq[4];
      int32_t bv[4];
      int32_t j;
      for (j = 0; j < 4; ++j) {
        const int32_t cj = c + (j < m ? j : 0);
        const int32_t q = p->per_channel ? cj : 0;
        rq[j] = tmlc_cm_rq_make(p->multiplier[q], p->shift[q]);
        bv[j] = bias != NULL ? bias[cj] : 0;
      }
      if (m == 4)
        for (t = 0; t < ntaps; ++t) {
          const uint32_t wv = tmlc_cm_ld32(w + (size_t)t * nc + c);
          wu[2 * t] = __sxtb16((int32_t)wv);
          wu[2 * t + 1] = tmlc_cm_sxtb16_ror8(wv);
        }
      for (oy = 0; oy < p->out_h; ++oy) {
        const int32_t iy0 = oy * p->stride_h - p->pad_top;
        int32_t ky0, ky1;
        tmlc_cm_tap_range(iy0, p->dilation_h, p->in_h, p->k_h, &ky0, &ky1);
        for (ox = 0; ox < p->out_w; ++ox) {
          const int32_t ix0 = ox * p->stride_w - p->pad_left;
          int8_t *yp = ybat + ((size_t)oy * p->out_w + ox) * nc + c;
          int32_t kx0 = 0, kx1 = p->k_w;
          int32_t acc[4];
          if (ix0 < 0 || ix0 + (p->k_w - 1) * p->dilation_w >= p->in_w)
            tmlc_cm_tap_range(ix0, p->dilation_w, p->in_w, p->k_w, &kx0,
                              &kx1);
          acc[0] = bv[0];
          acc[1] = bv[1];
          acc[2] = bv[2];
          acc[3] = bv[3];
          if (m == 4) {
            const int8_t *x00 =
                xb + ((size_t)(iy0 + ky0 * p->dilation_h) * p->in_w + ix0 +
                      kx0 * p->dilation_w) * nc + c;
            if (ky1 > ky0 && kx1 > kx0)
              tmlc_cm_dw_px4(x00, wu, ky0, ky1, kx0, kx1, p->k_w, xstep,
                             ystep, offpair, acc);
            yp[0] = tmlc_cm_rq_out(acc[0], rq[0], oo, lo, hi);
            yp[1] = tmlc_cm_rq_out(acc[1], rq[1], oo, lo, hi);
            yp[2] = tmlc_cm_rq_out(acc[2], rq[2], oo, lo, hi);
            yp[3] = tmlc_cm_rq_out(acc[3], rq[3], oo, lo, hi);
          } else {
            for (j = 0; j < m; ++j) {
              int32_t s = acc[j];
              int32_t ky, kx;
              for (ky = ky0; ky < ky1; ++ky) {
                const int8_t *xr =
                    xb + ((size_t)(iy0 + ky * p->dilation_h) * p->in_w +
                          ix0) * nc + c + j;
                const int8_t *wr = w + (size_t)ky * p->k_w * nc + c + j;
                for (kx = kx0; kx < kx1; ++kx)
                  s += (int32_t)wr[kx * nc] *
                       ((int32_t)xr[kx * xstep] + io);
              }
              yp[j] = tmlc_cm_rq_out(s, rq[j], oo, lo, hi);
            }
          }
        }
      }
    }
  }
  return TMLC_OK;
#endif
}
