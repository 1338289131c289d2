/*===- tmlc_depthwise_conv2d_s8_dsp.c - DEPTHWISE_CONV_2D int8, M DSP ----===*
 *
 * Same results as tmlc_depthwise_conv2d_s8, bit for bit. Depth multiplier
 * 1: four channels per pass; per tap one word of input (SXTAB16 adds the
 * input offset) and one of weights, four SMLABB/SMLATT. Taps outside the
 * input are skipped (the in-bounds tap range is computed once per pixel).
 * No scratch.
 * Handed to the portable kernel: invalid arguments, depth multiplier != 1,
 * input offsets with x + offset outside int16, shifts outside [-31, 31],
 * multiplier INT32_MIN.
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
#endif

tmlc_status tmlc_depthwise_conv2d_s8_dsp(const int8_t *x, const int8_t *w,
                                         const int32_t *bias, int8_t *y,
                                         const tmlc_conv_s8_params *p) {
#if !defined(__ARM_FEATURE_DSP)
  return tmlc_depthwise_conv2d_s8(x, w, bias, y, p);
#else
  int32_t b, oy, ox, c, nc;
  int32_t offpair, io;
  if (!tmlc_cm_conv_params_ok(x, w, y, p, 1) || p->depth_multiplier != 1 ||
      p->input_offset < -32640 || p->input_offset > 32639)
    return tmlc_depthwise_conv2d_s8(x, w, bias, y, p);
  nc = p->in_c;
  io = p->input_offset;
  offpair = tmlc_cm_offpair(io);
  for (b = 0; b < p->batch; ++b) {
    const int8_t *xb = x + (size_t)b * p->in_h * p->in_w * nc;
    for (oy = 0; oy < p->out_h; ++oy) {
      const int32_t iy0 = oy * p->stride_h - p->pad_top;
      int32_t ky0, ky1;
      tmlc_cm_tap_range(iy0, p->dilation_h, p->in_h, p->k_h, &ky0, &ky1);
      for (ox = 0; ox < p->out_w; ++ox) {
        const int32_t ix0 = ox * p->stride_w - p->pad_left;
        int8_t *yp = y + (((size_t)b * p->out_h + oy) * p->out_w + ox) * nc;
        const int32_t xstep = p->dilation_w * nc;
        const int8_t *x00;
        const int8_t *w00;
        int32_t kx0, kx1, nkx;
        tmlc_cm_tap_range(ix0, p->dilation_w, p->in_w, p->k_w, &kx0, &kx1);
        nkx = kx1 - kx0;
        x00 = xb + ((size_t)(iy0 + ky0 * p->dilation_h) * p->in_w + ix0 +
                    kx0 * p->dilation_w) * nc;
        w00 = w + ((size_t)ky0 * p->k_w + kx0) * nc;
        for (c = 0; c < nc; c += 4) {
          int32_t acc[4];
          int32_t ky, j;
          const int32_t m = nc - c < 4 ? nc - c : 4;
          for (j = 0; j < 4; ++j)
            acc[j] = (bias != NULL && j < m) ? bias[c + j] : 0;
          if (m == 4) {
            int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
            const int8_t *xr = x00 + c;
            const int8_t *wr = w00 + c;
            for (ky = ky0; ky < ky1; ++ky) {
              const int8_t *xp = xr;
              const int8_t *wp = wr;
              int32_t n = nkx;
              while (n-- > 0) {
                const uint32_t xv = tmlc_cm_ld32(xp);
                const uint32_t wv = tmlc_cm_ld32(wp);
                const int32_t xe = __sxtab16(offpair, (int32_t)xv);
                const int32_t xo = tmlc_cm_sxtab16_ror8(offpair, xv);
                const int32_t we = __sxtb16((int32_t)wv);
                const int32_t wo = tmlc_cm_sxtb16_ror8(wv);
                a0 = __smlabb(xe, we, a0);
                a2 = __smlatt(xe, we, a2);
                a1 = __smlabb(xo, wo, a1);
                a3 = __smlatt(xo, wo, a3);
                xp += xstep;
                wp += nc;
              }
              xr += (size_t)p->dilation_h * p->in_w * nc;
              wr += (size_t)p->k_w * nc;
            }
            acc[0] = a0;
            acc[1] = a1;
            acc[2] = a2;
            acc[3] = a3;
          } else {
            for (j = 0; j < m; ++j) {
              const int8_t *xr = x00 + c + j;
              const int8_t *wr = w00 + c + j;
              int32_t s = acc[j];
              for (ky = ky0; ky < ky1; ++ky) {
                int32_t kx;
                for (kx = 0; kx < nkx; ++kx)
                  s += (int32_t)wr[kx * nc] * ((int32_t)xr[kx * xstep] + io);
                xr += (size_t)p->dilation_h * p->in_w * nc;
                wr += (size_t)p->k_w * nc;
              }
              acc[j] = s;
            }
          }
          for (j = 0; j < m; ++j) {
            const int32_t q = p->per_channel ? c + j : 0;
            yp[c + j] = tmlc_cm_out(
                acc[j], tmlc_cm_q_make(p->multiplier[q], p->shift[q]),
                p->output_offset, p->act_min, p->act_max);
          }
        }
      }
    }
  }
  return TMLC_OK;
#endif
}
