/*===- tmlc_depthwise_conv2d_s8_mve.c - DEPTHWISE_CONV_2D int8, Helium ----===*
 *
 * Same results as tmlc_depthwise_conv2d_s8, bit for bit. Depth multiplier
 * 1. Channel groups of eight outside, output pixels inside: per group the
 * requantization constants (gathered for the even and the odd channels)
 * are set up once. Per tap, eight channels load widened to int16
 * (VLDRB.S16), the input offset is added in int16 (x + offset fits for
 * offsets in [-32640, 32640]), and VMULLB / VMULLT give the exact int32
 * products of the even and odd channels (4 MACs each), added to two int32
 * accumulators. Full groups (8 channels, <= 25 taps) run every pixel
 * through one tap loop on raw input with the offset folded into the start
 * values: interior pixels in runs along rows with all taps, border pixels
 * with a tap list of the taps inside (weights copied, start values from
 * their sum) in runs along the border columns and rows. Partial groups
 * skip outside taps per pixel (in-bounds tap range), tails by lane
 * predication, stores by byte scatter. Scratch: two tap lists, 24 bytes
 * per tap, from the caller (tmlc_depthwise_conv2d_s8_mve_ws,
 * tmlc_cm_dw_mve_scratch_bytes; fewer bytes: every group per pixel) or,
 * without it, 600 bytes on the stack.
 * Handed to the portable kernel: invalid arguments, depth multiplier != 1,
 * input offsets outside [-32640, 32640], shifts outside [-31, 31],
 * multiplier INT32_MIN.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_kernels_s8_cm.h"
#include "tmlc_cm_common.h"

#if defined(__ARM_FEATURE_MVE)
#include "tmlc_cm_mve.h"

/* Requantization of four channels with constants set up per group. */
typedef struct tmlc_cm_mdw_rq {
  int32x4_t mult, left, right;
  mve_pred16_t neg;
  int has_left; /* some lane has a left shift (shift > 0) */
  int all_neg;  /* every lane shifts right (no predicate for the fix-up) */
} tmlc_cm_mdw_rq;

static inline void tmlc_cm_mdw_rq_make(tmlc_cm_mdw_rq *r,
                                       const tmlc_conv_s8_params *p,
                                       int32_t c, uint32x4_t offs,
                                       mve_pred16_t lanes) {
  int32x4_t s;
  if (p->per_channel) {
    r->mult = vldrwq_gather_shifted_offset_z_s32(p->multiplier + c, offs, lanes);
    s = vldrwq_gather_shifted_offset_z_s32(p->shift + c, offs, lanes);
  } else {
    r->mult = vdupq_n_s32(p->multiplier[0]);
    s = vdupq_n_s32(p->shift[0]);
  }
  r->left = vmaxq_s32(s, vdupq_n_s32(0));
  r->right = vminq_s32(s, vdupq_n_s32(0));
  r->neg = vcmpltq_n_s32(r->right, 0);
  r->has_left = vmaxvq_s32(0, r->left) > 0;
  r->all_neg = vmaxvq_s32(INT32_MIN, r->right) < 0;
}

static inline int32x4_t tmlc_cm_mdw_rq_apply(int32x4_t a,
                                             const tmlc_cm_mdw_rq *r,
                                             int32_t out_off, int32_t lo,
                                             int32_t hi) {
  int32x4_t t;
  if (r->has_left)
    a = vshlq_s32(a, r->left);
  t = vqrdmulhq_s32(a, r->mult);
  t = vqaddq_m_s32(t, t, vshrq_n_s32(t, 31), r->neg);
  t = vrshlq_s32(t, r->right);
  t = vaddq_n_s32(t, out_off);
  t = vmaxq_s32(t, vdupq_n_s32(lo));
  return vminq_s32(t, vdupq_n_s32(hi));
}

/* Per-group constants of the interior pixels. */
typedef struct tmlc_cm_mdw_grp {
  tmlc_cm_mdw_rq re, ro;
  int32x4_t ie, iq;
  uint32x4_t offs;
  int32_t out_off, lo, hi;
  int narrow; /* lo, hi, out_off small enough for tmlc_cm_mdw_rq_half */
  int clamp;  /* [lo, hi] narrower than int8 */
  int16x8_t off16, lo16, hi16;
} tmlc_cm_mdw_grp;

/* VQRDMULH and the rounding right shift of four lanes (no offset, no
 * clamp); the left shift and the fix-up only where the group needs them. */
static inline int32x4_t tmlc_cm_mdw_rq_half(int32x4_t a,
                                            const tmlc_cm_mdw_rq *r) {
  int32x4_t t;
  if (r->has_left)
    a = vshlq_s32(a, r->left);
  t = vqrdmulhq_s32(a, r->mult);
  if (r->all_neg)
    t = vqaddq_s32(t, vshrq_n_s32(t, 31));
  else
    t = vqaddq_m_s32(t, t, vshrq_n_s32(t, 31), r->neg);
  return vrshlq_s32(t, r->right);
}

/* Eight channels (even lanes ae, odd lanes ao) to bytes at yp (lanes of
 * pred). Narrow form: both halves saturate to int16 (even/odd lanes), the
 * offset is a saturating int16 add and the clamp is in int16. Exact: with
 * |out_off| <= 16384 and lo, hi in [-256, 255], a value saturated at
 * +-32767 is still beyond [lo, hi] on the same side after the offset, as
 * is the int32 value. */
static inline void tmlc_cm_mdw_store_p(int32x4_t ae, int32x4_t ao,
                                       const tmlc_cm_mdw_grp *g, int8_t *yp,
                                       mve_pred16_t pred, mve_pred16_t le,
                                       mve_pred16_t lo) {
  if (g->narrow) {
    int16x8_t v = vdupq_n_s16(0);
    v = vqmovnbq_s32(v, tmlc_cm_mdw_rq_half(ae, &g->re));
    v = vqmovntq_s32(v, tmlc_cm_mdw_rq_half(ao, &g->ro));
    v = vqaddq_n_s16(v, (int16_t)g->out_off);
    if (g->clamp) {
      v = vmaxq_s16(v, vdupq_n_s16((int16_t)g->lo));
      v = vminq_s16(v, vdupq_n_s16((int16_t)g->hi));
    } else {
      /* lo = -128, hi = 127: saturate to int8 in the even bytes. */
      v = vreinterpretq_s16_s8(vqmovnbq_s16(vdupq_n_s8(0), v));
    }
    vstrbq_p_s16(yp, v, pred);
  } else {
    ae = tmlc_cm_mdw_rq_apply(ae, &g->re, g->out_off, g->lo, g->hi);
    ao = tmlc_cm_mdw_rq_apply(ao, &g->ro, g->out_off, g->lo, g->hi);
    vstrbq_scatter_offset_p_s32(yp, g->offs, ae, le);
    vstrbq_scatter_offset_p_s32(yp + 1, g->offs, ao, lo);
  }
}

/* Eight channels to yp; fast: the group has no left shift, every lane
 * shifts right and the narrow form applies (a compile-time constant at
 * each call, so the interior loop carries no flag tests). */
static inline __attribute__((always_inline)) void tmlc_cm_mdw_store(
    int32x4_t ae, int32x4_t ao, const tmlc_cm_mdw_grp *g, int8_t *yp,
    const int fast) {
  if (fast) {
    int16x8_t v = vdupq_n_s16(0);
    int32x4_t t;
    t = vqrdmulhq_s32(ae, g->re.mult);
    t = vrshlq_s32(vqaddq_s32(t, vshrq_n_s32(t, 31)), g->re.right);
    v = vqmovnbq_s32(v, t);
    t = vqrdmulhq_s32(ao, g->ro.mult);
    t = vrshlq_s32(vqaddq_s32(t, vshrq_n_s32(t, 31)), g->ro.right);
    v = vqmovntq_s32(v, t);
    v = vqaddq_s16(v, g->off16);
    v = vminq_s16(vmaxq_s16(v, g->lo16), g->hi16);
    vstrbq_s16(yp, v);
  } else {
    ae = tmlc_cm_mdw_rq_apply(ae, &g->re, g->out_off, g->lo, g->hi);
    ao = tmlc_cm_mdw_rq_apply(ao, &g->ro, g->out_off, g->lo, g->hi);
    vstrbq_scatter_offset_s32(yp, g->offs, ae);
    vstrbq_scatter_offset_s32(yp + 1, g->offs, ao);
  }
}

/* npx interior pixels of one output row, eight channels, every tap inside
 * the input: raw input (the offset is in ie/iq), the group's weights wg
 * contiguous per tap, tap t at x + toff[t]; two pixels per pass share the
 * weight loads. */
static inline __attribute__((always_inline)) void tmlc_cm_mdw_run_k(
    const int8_t *x, int32_t xpix, int32_t npx, const int32_t *toff,
    int32_t ntaps, const int8_t *wg, int8_t *yp, int32_t ypix,
    const tmlc_cm_mdw_grp *g, const int fast) {
  for (; npx >= 2; npx -= 2) {
    const int8_t *x1 = x + xpix;
    const int8_t *wq = wg;
    const int32_t *to = toff;
    int32x4_t ae0 = g->ie, ao0 = g->iq, ae1 = g->ie, ao1 = g->iq;
    int32_t t;
    for (t = 0; t < ntaps; ++t) {
      const int32_t o = *to++;
      const int16x8_t wv = vldrbq_s16(wq);
      int16x8_t xv = vldrbq_s16(x + o);
      ae0 = vaddq_s32(ae0, vmullbq_int_s16(xv, wv));
      ao0 = vaddq_s32(ao0, vmulltq_int_s16(xv, wv));
      xv = vldrbq_s16(x1 + o);
      ae1 = vaddq_s32(ae1, vmullbq_int_s16(xv, wv));
      ao1 = vaddq_s32(ao1, vmulltq_int_s16(xv, wv));
      wq += 8;
    }
    tmlc_cm_mdw_store(ae0, ao0, g, yp, fast);
    tmlc_cm_mdw_store(ae1, ao1, g, yp + ypix, fast);
    x += 2 * xpix;
    yp += 2 * ypix;
  }
  if (npx > 0) {
    const int8_t *wq = wg;
    int32x4_t ae0 = g->ie, ao0 = g->iq;
    int32_t t;
    for (t = 0; t < ntaps; ++t) {
      const int16x8_t wv = vldrbq_s16(wq);
      const int16x8_t xv = vldrbq_s16(x + toff[t]);
      ae0 = vaddq_s32(ae0, vmullbq_int_s16(xv, wv));
      ao0 = vaddq_s32(ao0, vmulltq_int_s16(xv, wv));
      wq += 8;
    }
    tmlc_cm_mdw_store(ae0, ao0, g, yp, fast);
  }
}

__attribute__((noinline)) static void tmlc_cm_mdw_run(
    const int8_t *x, int32_t xpix, int32_t npx, const int32_t *toff,
    int32_t ntaps, const int8_t *wg, int8_t *yp, int32_t ypix,
    const tmlc_cm_mdw_grp *g) {
  if (g->narrow && !g->re.has_left && !g->ro.has_left && g->re.all_neg &&
      g->ro.all_neg)
    tmlc_cm_mdw_run_k(x, xpix, npx, toff, ntaps, wg, yp, ypix, g, 1);
  else
    tmlc_cm_mdw_run_k(x, xpix, npx, toff, ntaps, wg, yp, ypix, g, 0);
}

/* The taps (ky, kx), ky in [ky0, ky1), kx in [kx0, kx1), of a border
 * pixel as their own tap list: offsets relative to the first of them
 * (toffc), the group's weights of those taps (wc, 8 bytes per tap), and
 * the start values bias + offset * sum(those weights) in g->ie / g->iq.
 * The taps outside the input are simply not in the list, so a border
 * pixel runs the interior loop. Returns the tap count (0: the pixel is
 * its bias). */
static int32_t tmlc_cm_mdw_kind(const int32_t *toff, const int8_t *wg,
                                int32_t k_w, int32_t ky0, int32_t ky1,
                                int32_t kx0, int32_t kx1, int16_t io,
                                int32x4_t be, int32x4_t bo, int32_t *toffc,
                                int8_t *wc, tmlc_cm_mdw_grp *g) {
  int16x8_t sw = vdupq_n_s16(0);
  int32_t n = 0, ky, kx;
  if (ky0 < ky1 && kx0 < kx1) {
    const int32_t base = toff[ky0 * k_w + kx0];
    for (ky = ky0; ky < ky1; ++ky)
      for (kx = kx0; kx < kx1; ++kx) {
        const int32_t t = ky * k_w + kx;
        const int16x8_t wv = vldrbq_s16(wg + t * 8);
        vstrbq_s16(wc + n * 8, wv);
        sw = vaddq_s16(sw, wv);
        toffc[n++] = toff[t] - base;
      }
  }
  g->ie = vaddq_s32(be, vmullbq_int_s16(sw, vdupq_n_s16(io)));
  g->iq = vaddq_s32(bo, vmulltq_int_s16(sw, vdupq_n_s16(io)));
  return n;
}

/* The next index after i outside [a, b). */
static inline int32_t tmlc_cm_mdw_next(int32_t i, int32_t a, int32_t b) {
  ++i;
  return i >= a && i < b ? b : i;
}
#endif

#if defined(__ARM_FEATURE_MVE)
/* The kernel proper; the full-group path's tap lists in `scratch` (words,
 * tmlc_cm_dw_mve_scratch_bytes), taken only when `fits`. noinline: the
 * no-arena entry point's stack buffer and this frame stay separate. */
static __attribute__((noinline)) tmlc_status
tmlc_cm_mdw_conv(const int8_t *x, const int8_t *w, const int32_t *bias,
                 int8_t *y, const tmlc_conv_s8_params *p, int32_t *scratch,
                 int fits) {
  int32_t *toff, *toffc;
  int8_t *wg, *wc;
  tmlc_cm_mdw_grp grp;
  int32_t oxa, oxb, oya, oyb;
  int32_t b, oy, ox, c, nc, ntaps, t;
  int16_t io;
  uint32x4_t offs;
  if (!tmlc_cm_conv_params_ok(x, w, y, p, 1) || p->depth_multiplier != 1 ||
      p->input_offset < -32640 || p->input_offset > 32640)
    return tmlc_depthwise_conv2d_s8(x, w, bias, y, p);
  nc = p->in_c;
  io = (int16_t)p->input_offset;
  offs = vmulq_n_u32(vidupq_n_u32(0u, 1), 2u); /* 0, 2, 4, 6 */
  ntaps = p->k_h * p->k_w;
  /* The tap lists: offsets (int32) first, then the weights. */
  toff = scratch;
  toffc = toff + ntaps;
  wg = (int8_t *)(toffc + ntaps);
  wc = wg + ntaps * 8;
  /* Interior columns: ix0 >= 0 and ix0 + (k_w - 1) d_w < in_w. */
  oxa = (p->pad_left + p->stride_w - 1) / p->stride_w;
  {
    const int32_t lim = p->in_w - 1 - (p->k_w - 1) * p->dilation_w +
                        p->pad_left; /* ox * stride_w <= lim */
    oxb = lim < 0 ? 0 : lim / p->stride_w + 1;
    if (oxb > p->out_w)
      oxb = p->out_w;
    if (oxa > oxb)
      oxa = oxb;
  }
  /* Interior rows: iy0 >= 0 and iy0 + (k_h - 1) d_h < in_h. */
  oya = (p->pad_top + p->stride_h - 1) / p->stride_h;
  {
    const int32_t lim = p->in_h - 1 - (p->k_h - 1) * p->dilation_h +
                        p->pad_top; /* oy * stride_h <= lim */
    oyb = lim < 0 ? 0 : lim / p->stride_h + 1;
    if (oyb > p->out_h)
      oyb = p->out_h;
    if (oya > oyb)
      oya = oyb;
  }
  if (fits)
    for (t = 0; t < ntaps; ++t)
      toff[t] = ((t / p->k_w) * p->dilation_h * p->in_w +
                 (t % p->k_w) * p->dilation_w) * p->in_c;
  grp.offs = offs;
  grp.out_off = p->output_offset;
  grp.lo = p->act_min;
  grp.hi = p->act_max;
  grp.narrow = p->act_min >= -256 && p->act_max <= 255 &&
               p->output_offset >= -16384 && p->output_offset <= 16384;
  grp.clamp = p->act_min != -128 || p->act_max != 127;
  if (grp.narrow) {
    grp.off16 = vdupq_n_s16((int16_t)p->output_offset);
    grp.lo16 = vdupq_n_s16((int16_t)p->act_min);
    grp.hi16 = vdupq_n_s16((int16_t)p->act_max);
  }
  for (c = 0; c < nc; c += 8) {
    const int32_t m = nc - c < 8 ? nc - c : 8;
    const mve_pred16_t l16 = vctp16q((uint32_t)m);
    const mve_pred16_t le = vctp32q((uint32_t)((m + 1) >> 1));
    const mve_pred16_t lo = vctp32q((uint32_t)(m >> 1));
    const int32_t xstep = p->dilation_w * nc;
    const int32_t xrow = p->dilation_h * p->in_w * nc;
    const int32_t wrow = p->k_w * nc;
    tmlc_cm_mdw_rq re, ro;
    int32x4_t be, bo, ie, iq;
    /* Interior pixels (every tap inside, eight channels): the group's
     * weights contiguous per tap, raw input, and the offset folded in
     * once: acc = bias + offset * sum(w). */
    const int fast = fits && m == 8;
    tmlc_cm_mdw_rq_make(&re, p, c, offs, le);
    tmlc_cm_mdw_rq_make(&ro, p, c + 1, offs, lo);
    grp.re = re;
    grp.ro = ro;
    if (bias != NULL) {
      be = vldrwq_gather_shifted_offset_z_s32(bias + c, offs, le);
      bo = vldrwq_gather_shifted_offset_z_s32(bias + c + 1, offs, lo);
    } else {
      be = vdupq_n_s32(0);
      bo = vdupq_n_s32(0);
    }
    ie = be;
    iq = bo;
    if (fast) {
      int16x8_t sw = vdupq_n_s16(0);
      for (t = 0; t < ntaps; ++t) {
        const int8x16_t wv = vldrbq_z_s8(w + (size_t)t * nc + c, vctp8q(8u));
        vstrbq_p_s8(wg + t * 8, wv, vctp8q(8u));
        sw = vaddq_s16(sw, vldrbq_s16(wg + t * 8));
      }
      /* |sum w| <= 64 * 128 fits int16; offset * sum in int32. */
      ie = vaddq_s32(be, vmullbq_int_s16(sw, vdupq_n_s16(io)));
      iq = vaddq_s32(bo, vmulltq_int_s16(sw, vdupq_n_s16(io)));
      /* Every pixel through the tap loop: interior pixels with all taps,
       * border pixels with the taps inside (tmlc_cm_mdw_kind), runs along
       * rows (interior columns) and along columns (interior rows). */
      for (b = 0; b < p->batch; ++b) {
        const int8_t *xb = x + (size_t)b * p->in_h * p->in_w * nc + c;
        int8_t *yb = y + (size_t)b * p->out_h * p->out_w * nc + c;
        const int32_t xcol = p->stride_h * p->in_w * nc;
        const int32_t ycol = p->out_w * nc;
        grp.ie = ie; /* the border runs below overwrite them */
        grp.iq = iq;
        if (oxb > oxa)
          for (oy = oya; oy < oyb; ++oy)
            tmlc_cm_mdw_run(xb + ((size_t)(oy * p->stride_h - p->pad_top) *
                                      p->in_w +
                                  (oxa * p->stride_w - p->pad_left)) * nc,
                            p->stride_w * nc, oxb - oxa, toff, ntaps, wg,
                            yb + ((size_t)oy * p->out_w + oxa) * nc, nc,
                            &grp);
        if (oyb > oya)
          for (ox = tmlc_cm_mdw_next(-1, oxa, oxb); ox < p->out_w;
               ox = tmlc_cm_mdw_next(ox, oxa, oxb)) {
            const int32_t ix0 = ox * p->stride_w - p->pad_left;
            const int32_t iy0 = oya * p->stride_h - p->pad_top;
            int32_t kx0, kx1, n;
            tmlc_cm_tap_range(ix0, p->dilation_w, p->in_w, p->k_w, &kx0,
                              &kx1);
            n = tmlc_cm_mdw_kind(toff, wg, p->k_w, 0, p->k_h, kx0, kx1, io,
                                 be, bo, toffc, wc, &grp);
            tmlc_cm_mdw_run(
                n ? xb + ((size_t)iy0 * p->in_w + ix0 + kx0 * p->dilation_w) *
                             nc
                  : xb,
                n ? xcol : 0, oyb - oya, toffc, n, wc,
                yb + ((size_t)oya * p->out_w + ox) * nc, ycol, &grp);
          }
        for (oy = tmlc_cm_mdw_next(-1, oya, oyb); oy < p->out_h;
             oy = tmlc_cm_mdw_next(oy, oya, oyb)) {
          const int32_t iy0 = oy * p->stride_h - p->pad_top;
          int32_t ky0, ky1, n;
          int8_t *yrow = yb + (size_t)oy * p->out_w * nc;
          tmlc_cm_tap_range(iy0, p->dilation_h, p->in_h, p->k_h, &ky0, &ky1);
          if (oxb > oxa) {
            const int32_t ix0 = oxa * p->stride_w - p->pad_left;
            n = tmlc_cm_mdw_kind(toff, wg, p->k_w, ky0, ky1, 0, p->k_w, io,
                                 be, bo, toffc, wc, &grp);
            tmlc_cm_mdw_run(
                n ? xb + ((size_t)(iy0 + ky0 * p->dilation_h) * p->in_w +
                          ix0) * nc
                  : xb,
                n ? p->stride_w * nc : 0, oxb - oxa, toffc, n, wc,
                yrow + (size_t)oxa * nc, nc, &grp);
          }
          for (ox = tmlc_cm_mdw_next(-1, oxa, oxb); ox < p->out_w;
               ox = tmlc_cm_mdw_next(ox, oxa, oxb)) {
            const int32_t ix0 = ox * p->stride_w - p->pad_left;
            int32_t kx0, kx1;
            tmlc_cm_tap_range(ix0, p->dilation_w, p->in_w, p->k_w, &kx0,
                              &kx1);
            n = tmlc_cm_mdw_kind(toff, wg, p->k_w, ky0, ky1, kx0, kx1, io,
                                 be, bo, toffc, wc, &grp);
            tmlc_cm_mdw_run(
                n ? xb + ((size_t)(iy0 + ky0 * p->dilation_h) * p->in_w +
                          ix0 + kx0 * p->dilation_w) * nc
                  : xb,
                0, 1, toffc, n, wc, yrow + (size_t)ox * nc, nc, &grp);
          }
        }
      }
      continue;
    }
    for (b = 0; b < p->batch; ++b) {
      const int8_t *xb = x + (size_t)b * p->in_h * p->in_w * nc + c;
      for (oy = 0; oy < p->out_h; ++oy) {
        const int32_t iy0 = oy * p->stride_h - p->pad_top;
        int32_t ky0, ky1;
        int8_t *yrow = y + ((size_t)b * p->out_h + oy) * p->out_w * nc + c;
        tmlc_cm_tap_range(iy0, p->dilation_h, p->in_h, p->k_h, &ky0, &ky1);
        for (ox = 0; ox < p->out_w; ++ox) {
          {
          const int32_t ix0 = ox * p->stride_w - p->pad_left;
          int32_t kx0, kx1, ky;
          const int8_t *xr;
          const int8_t *wr;
          int32x4_t ae = be, ao = bo;
          tmlc_cm_tap_range(ix0, p->dilation_w, p->in_w, p->k_w, &kx0, &kx1);
          xr = xb + ((size_t)(iy0 + ky0 * p->dilation_h) * p->in_w + ix0 +
                     kx0 * p->dilation_w) * nc;
          wr = w + ((size_t)ky0 * p->k_w + kx0) * nc + c;
          for (ky = ky0; ky < ky1; ++ky) {
            const int8_t *xp = xr;
            const int8_t *wp = wr;
            int32_t n = kx1 - kx0;
            if (m == 8) {
              while (n-- > 0) {
                const int16x8_t xv = vaddq_n_s16(vldrbq_s16(xp), io);
                const int16x8_t wv = vldrbq_s16(wp);
                ae = vaddq_s32(ae, vmullbq_int_s16(xv, wv));
                ao = vaddq_s32(ao, vmulltq_int_s16(xv, wv));
                xp += xstep;
                wp += nc;
              }
            } else {
              while (n-- > 0) {
                const int16x8_t xv = vaddq_n_s16(vldrbq_z_s16(xp, l16), io);
                const int16x8_t wv = vldrbq_z_s16(wp, l16);
                ae = vaddq_s32(ae, vmullbq_int_s16(xv, wv));
                ao = vaddq_s32(ao, vmulltq_int_s16(xv, wv));
                xp += xstep;
                wp += nc;
              }
            }
            xr += xrow;
            wr += wrow;
          }
          {
            tmlc_cm_mdw_store_p(ae, ao, &grp, yrow + (size_t)ox * nc, l16, le,
                                lo);
          }
          }
        }
      }
    }
  }
  return TMLC_OK;
}
#endif

tmlc_status tmlc_depthwise_conv2d_s8_mve(const int8_t *x, const int8_t *w,
                                         const int32_t *bias, int8_t *y,
                                         const tmlc_conv_s8_params *p) {
#if !defined(__ARM_FEATURE_MVE)
  return tmlc_depthwise_conv2d_s8(x, w, bias, y, p);
#else
  int32_t s[TMLC_CM_MDW_MAX_TAPS * TMLC_CM_MDW_TAP_BYTES / 4];
  return tmlc_depthwise_conv2d_s8_mve_ws(x, w, bias, y, p, s,
                                         (int32_t)sizeof s);
#endif
}

tmlc_status tmlc_depthwise_conv2d_s8_mve_ws(const int8_t *x, const int8_t *w,
                                            const int32_t *bias, int8_t *y,
                                            const tmlc_conv_s8_params *p,
                                            void *scratch,
                                            int32_t scratch_bytes) {
  /* The tap offsets are words. */
  if (scratch_bytes < 0 || (scratch == NULL && scratch_bytes > 0) ||
      ((uintptr_t)scratch & 3u) != 0)
    return TMLC_ERR_ARG;
#if !defined(__ARM_FEATURE_MVE)
  return tmlc_depthwise_conv2d_s8(x, w, bias, y, p);
#else
  {
    const int32_t need = tmlc_cm_dw_mve_scratch_bytes(p);
    return tmlc_cm_mdw_conv(x, w, bias, y, p, (int32_t *)scratch,
                            need > 0 && scratch_bytes >= need);
  }
#endif
}
