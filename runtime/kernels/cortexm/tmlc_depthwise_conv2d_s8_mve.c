/*===- tmlc_depthwise_conv2d_s8_mve.c - DEPTHWISE_CONV_2D int8, Helium ----===*
 *
 * Same results as tmlc_depthwise_conv2d_s8, bit for bit. Depth multiplier
 * 1: four channels per vector (int32 lanes, VMUL + VADD), eight per pass; taps
 * outside the input are skipped (in-bounds tap range per pixel); four
 * channels requantized per vector; tails by lane predication. No scratch.
 * Handed to the portable kernel: invalid arguments, depth multiplier != 1,
 * shifts outside [-31, 31], multiplier INT32_MIN.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_kernels_s8_cm.h"
#include "tmlc_cm_common.h"

#if defined(__ARM_FEATURE_MVE)
#include "tmlc_cm_mve.h"

/* [lo, hi): the taps k with 0 <= o0 + k * d < n, 0 <= k < kn. */
static inline void tmlc_cm_mtap_range(int32_t o0, int32_t d, int32_t n,
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

tmlc_status tmlc_depthwise_conv2d_s8_mve(const int8_t *x, const int8_t *w,
                                         const int32_t *bias, int8_t *y,
                                         const tmlc_conv_s8_params *p) {
#if !defined(__ARM_FEATURE_MVE)
  return tmlc_depthwise_conv2d_s8(x, w, bias, y, p);
#else
  int32_t b, oy, ox, c, nc, io;
  if (!tmlc_cm_conv_params_ok(x, w, y, p, 1) || p->depth_multiplier != 1)
    return tmlc_depthwise_conv2d_s8(x, w, bias, y, p);
  nc = p->in_c;
  io = p->input_offset;
  for (b = 0; b < p->batch; ++b) {
    const int8_t *xb = x + (size_t)b * p->in_h * p->in_w * nc;
    for (oy = 0; oy < p->out_h; ++oy) {
      const int32_t iy0 = oy * p->stride_h - p->pad_top;
      int32_t ky0, ky1;
      tmlc_cm_mtap_range(iy0, p->dilation_h, p->in_h, p->k_h, &ky0, &ky1);
      for (ox = 0; ox < p->out_w; ++ox) {
        const int32_t ix0 = ox * p->stride_w - p->pad_left;
        int8_t *yp = y + (((size_t)b * p->out_h + oy) * p->out_w + ox) * nc;
        const int32_t xstep = p->dilation_w * nc;
        const int32_t xrow = p->dilation_h * p->in_w * nc;
        const int32_t wrow = p->k_w * nc;
        int32_t kx0, kx1, nkx;
        const int8_t *x00;
        const int8_t *w00;
        tmlc_cm_mtap_range(ix0, p->dilation_w, p->in_w, p->k_w, &kx0, &kx1);
        nkx = kx1 - kx0;
        x00 = xb + ((size_t)(iy0 + ky0 * p->dilation_h) * p->in_w + ix0 +
                    kx0 * p->dilation_w) * nc;
        w00 = w + ((size_t)ky0 * p->k_w + kx0) * nc;
        for (c = 0; c < nc; c += 8) {
          const int32_t m = nc - c;
          const mve_pred16_t l0 = vctp32q((uint32_t)m);
          const mve_pred16_t l1 = vctp32q((uint32_t)(m > 4 ? m - 4 : 0));
          int32x4_t a0, a1;
          const int8_t *xr = x00 + c;
          const int8_t *wr = w00 + c;
          int32_t ky;
          if (bias != NULL) {
            a0 = vldrwq_z_s32(bias + c, l0);
            a1 = vldrwq_z_s32(bias + c + 4, l1);
          } else {
            a0 = vdupq_n_s32(0);
            a1 = vdupq_n_s32(0);
          }
          for (ky = ky0; ky < ky1; ++ky) {
            const int8_t *xp = xr;
            const int8_t *wp = wr;
            int32_t n = nkx;
            while (n-- > 0) {
              a0 = vaddq_s32(a0, vmulq_s32(vaddq_n_s32(vldrbq_z_s32(xp, l0), io),
                                           vldrbq_z_s32(wp, l0)));
              a1 = vaddq_s32(a1, vmulq_s32(vaddq_n_s32(vldrbq_z_s32(xp + 4, l1), io),
                                           vldrbq_z_s32(wp + 4, l1)));
              xp += xstep;
              wp += nc;
            }
            xr += xrow;
            wr += wrow;
          }
          a0 = tmlc_cm_mve_requant4(a0, p->multiplier, p->shift,
                                    p->per_channel, c, l0, p->output_offset,
                                    p->act_min, p->act_max);
          vstrbq_p_s32(yp + c, a0, l0);
          if (m > 4) {
            a1 = tmlc_cm_mve_requant4(a1, p->multiplier, p->shift,
                                      p->per_channel, c + 4, l1,
                                      p->output_offset, p->act_min,
                                      p->act_max);
            vstrbq_p_s32(yp + c + 4, a1, l1);
          }
        }
      }
    }
  }
  return TMLC_OK;
#endif
}
