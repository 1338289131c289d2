/*===- tmlc_conv2d_s8_dsp.c - CONV_2D int8 for the Cortex-M DSP extension -===*
 *
 * Same results as tmlc_conv2d_s8 (TFLite ConvPerChannel), bit for bit.
 * The receptive fields of two output pixels are copied once into an int16
 * "column" (input offset added, pads as 0, SMLAD pair order; see
 * tmlc_cm_dsp.h), then every pair of output channels runs the
 * hand-scheduled 2 pixels x 2 channels SMLAD loop over it (17 instructions
 * per 16 MACs). Filters deeper than 192 values go through the column in
 * chunks of 96 with the accumulators of up to 64 channels per group kept
 * on the stack; with more channels, filters of up to 448 values use a
 * 1-pixel column and 1 pixel x 4 channels; deeper ones SXTAB16 on the fly.
 * Per-channel layers with filters of up to 576 values (a multiple of 8) and
 * the clamp [-128, 127] take runs of 4 pixels through a 4-pixel column,
 * one channel per pass (15 instructions per 16 MACs, the bias loaded as
 * the start value, then the 4 pixels of a channel requantized with its
 * constants built once).
 * Scratch: tmlc_conv2d_s8_dsp_ws takes it from the caller (the generated
 * code passes a region of the arena the compiler sized with
 * tmlc_cm_conv_dsp_plan: pl.scratch bytes, 4-byte aligned); the 4-pixel
 * path is taken only when its column fits. tmlc_conv2d_s8_dsp uses
 * TMLC_CM_CONV_STACK_SCRATCH (896) bytes of stack instead, so 4-pixel
 * columns only for filters of up to 96 values.
 * Handed to the portable kernel: invalid arguments, input offsets with
 * x + offset outside int16, shifts outside [-31, 31] or a multiplier of
 * INT32_MIN; on the SXTAB16 path also offsets outside [-127, 128]
 * (tmlc_cm_conv_dsp_plan in tmlc_cm_select.h decides every path). Paths
 * outside TMLC_CM_CONV_DSP_PATHS (tmlc_cm_config.h) are compiled out.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_kernels_s8_cm.h"
#include "tmlc_cm_common.h"
#include "tmlc_cm_config.h"

#if defined(__ARM_FEATURE_DSP) && defined(__OPTIMIZE__) /* the asm needs the optimizer's register allocation */
#include "tmlc_cm_dsp.h"
#include "tmlc_cm_conv.h"

#define TMLC_CM_CONV_HAS(bit) ((TMLC_CM_CONV_DSP_PATHS & (bit)) != 0)

/* The SXTAB16 path keeps segment pointers in the scratch, 4 bytes each
 * (tmlc_cm_conv_dsp_plan_cap counts them so). */
typedef char tmlc_cm_conv_ptr_size_check[sizeof(const int8_t *) == 4 ? 1 : -1];

/* Filters too deep for a column with more than 64 output channels per
 * group: SXTAB16 on the fly, segments per tap. Scratch (pl.scratch
 * bytes): direct, the segment pointers of two pixels and a row of pad
 * bytes; else two int8 im2col rows of kk (rounded up to 4) bytes. */
static __attribute__((noinline)) tmlc_status
tmlc_cm_conv_direct(const int8_t *x, const int8_t *w, const int32_t *bias,
                    int8_t *y, const tmlc_conv_s8_params *p, void *scratch) {
  int32_t depth, opg, ntaps, kk, nseg, seg_len, npix, b, pix, g, oc, i;
  int direct;
  int32_t offpair;
  int8_t pad_byte;
  const int8_t **seg0, **seg1;
  int8_t *padrow, *col0, *col1;
  /* tmlc_cm_conv_dsp_plan: input offset in [-127, 128], and the filter
   * fits the column unless it is direct. */
  depth = p->in_c / p->groups;
  opg = p->out_c / p->groups;
  ntaps = p->k_h * p->k_w;
  kk = ntaps * depth;
  direct = depth % 4 == 0 && ntaps <= TMLC_CM_CONV_MAX_TAPS &&
           depth <= TMLC_CM_CONV_MAX_PAD;
  nseg = direct ? ntaps : 1;
  seg_len = direct ? depth : kk;
  seg0 = (const int8_t **)scratch;
  seg1 = seg0 + ntaps;
  padrow = (int8_t *)(void *)(seg1 + ntaps);
  col0 = (int8_t *)scratch;
  col1 = col0 + ((kk + 3) & ~3);
  pad_byte = (int8_t)(-p->input_offset);
  offpair = tmlc_cm_offpair(p->input_offset);
  if (direct)
    for (i = 0; i < depth; ++i)
      padrow[i] = pad_byte;
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
        sa = seg0;
        sb = seg1;
      } else {
        sa = ca;
        sb = cb;
      }
      for (g = 0; g < p->groups; ++g) {
        const int32_t c0 = g * depth;
        tmlc_cm_conv_gather(xb, p, pix / p->out_w, pix % p->out_w, c0, depth,
                            direct, padrow, col0, pad_byte, sa);
        if (two)
          tmlc_cm_conv_gather(xb, p, pb / p->out_w, pb % p->out_w, c0, depth,
                              direct, padrow, col1, pad_byte, sb);
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
}

/* Column of the k-range [k_lo, k_hi) of output pixel (oy, ox)'s receptive
 * field (group input channels c0 ..), as pixel px of an npx-pixel column
 * whose first block is k_lo (a multiple of 4). */
static void tmlc_cm_conv_col(int16_t *col, int32_t npx, int32_t px,
                             const int8_t *xb, const tmlc_conv_s8_params *p,
                             int32_t oy, int32_t ox, int32_t c0,
                             int32_t depth, int32_t k_lo, int32_t k_hi,
                             int32_t offpair) {
  const int32_t iy0 = oy * p->stride_h - p->pad_top;
  const int32_t ix0 = ox * p->stride_w - p->pad_left;
  const int32_t rowk = p->k_w * depth;
  int32_t t = k_lo / depth;
  int32_t k = k_lo;
  if (k_lo == 0 && k_hi == p->k_h * rowk && p->dilation_w == 1 &&
      depth == p->in_c) {
    /* Whole filter, one input channel group: a filter row is one run of
     * k_w * depth input bytes (no division per tap). */
    int32_t ky;
    const int32_t kx0 = ix0 < 0 ? -ix0 : 0;
    const int32_t kx1 = p->in_w - ix0 < p->k_w ? p->in_w - ix0 : p->k_w;
    for (ky = 0; ky < p->k_h; ++ky) {
      const int32_t iy = iy0 + ky * p->dilation_h;
      const int32_t kr = ky * rowk;
      if (iy < 0 || iy >= p->in_h || kx1 <= kx0) {
        tmlc_cm_col_put(col, npx, px, kr, NULL, rowk, 0, 0);
      } else {
        const int8_t *src =
            xb + ((size_t)iy * p->in_w + (ix0 + kx0)) * depth;
        if (kx0 == 0 && kx1 == p->k_w) {
          tmlc_cm_col_put(col, npx, px, kr, src, rowk, p->input_offset,
                          offpair);
        } else {
          tmlc_cm_col_put(col, npx, px, kr, NULL, kx0 * depth, 0, 0);
          tmlc_cm_col_put(col, npx, px, kr + kx0 * depth,
                          src, (kx1 - kx0) * depth,
                          p->input_offset, offpair);
          tmlc_cm_col_put(col, npx, px, kr + kx1 * depth, NULL,
                          (p->k_w - kx1) * depth, 0, 0);
        }
      }
    }
    tmlc_cm_col_tail0(col, npx, px, k_hi);
    return;
  }
  if (!TMLC_CM_CONV_HAS(TMLC_CM_CONV_P_FILL_TAPS))
    return;
  while (k < k_hi) {
    const int32_t ky = t / p->k_w, kx = t % p->k_w;
    const int32_t iy = iy0 + ky * p->dilation_h;
    const int32_t ix = ix0 + kx * p->dilation_w;
    const int32_t tk = t * depth;
    const int32_t lo = k - tk;
    const int32_t hi = k_hi - tk < depth ? k_hi - tk : depth;
    const int8_t *src = NULL;
    if (iy >= 0 && iy < p->in_h && ix >= 0 && ix < p->in_w)
      src = xb + ((size_t)iy * p->in_w + ix) * p->in_c + c0 + lo;
    tmlc_cm_col_put(col, npx, px, k - k_lo, src, hi - lo, p->input_offset,
                    offpair);
    k = tk + hi;
    ++t;
  }
  tmlc_cm_col_tail0(col, npx, px, k_hi - k_lo);
}

/* Pixel px of an npx-pixel column of output pixel (oy, ox) in the row-padded
 * layout (plan rowkp; one group, dilation_w 1): filter row ky at column
 * entries [ky * rowkp, ky * rowkp + rowkp), its k_w * depth values then
 * entries that meet zero weights. A row wholly inside the input whose
 * rowkp bytes lie inside this batch's input goes as whole words (the
 * extra entries are the next input bytes plus the offset); other rows get
 * exact values and zeros. */
static void tmlc_cm_conv_col_rowpad(int16_t *col, int32_t npx, int32_t px,
                                    const int8_t *xb,
                                    const tmlc_conv_s8_params *p, int32_t oy,
                                    int32_t ox, int32_t rowkp,
                                    int32_t offpair) {
  const int32_t depth = p->in_c;
  const int32_t iy0 = oy * p->stride_h - p->pad_top;
  const int32_t ix0 = ox * p->stride_w - p->pad_left;
  const int32_t kx0 = ix0 < 0 ? -ix0 : 0;
  const int32_t kx1 = p->in_w - ix0 < p->k_w ? p->in_w - ix0 : p->k_w;
  const int8_t *xend = xb + (size_t)p->in_h * p->in_w * depth;
  int32_t ky;
  for (ky = 0; ky < p->k_h; ++ky) {
    const int32_t iy = iy0 + ky * p->dilation_h;
    const int32_t kr = ky * rowkp;
    if (iy < 0 || iy >= p->in_h || kx1 <= kx0) {
      (void)tmlc_cm_col_blocks(col, npx, px, kr, NULL, rowkp, offpair);
    } else {
      const int8_t *src = xb + ((size_t)iy * p->in_w + (ix0 + kx0)) * depth;
      if (kx0 == 0 && kx1 == p->k_w && xend - src >= rowkp) {
        (void)tmlc_cm_col_blocks(col, npx, px, kr, src, rowkp, offpair);
      } else {
        (void)tmlc_cm_col_blocks(col, npx, px, kr, NULL, rowkp, offpair);
        tmlc_cm_col_put(col, npx, px, kr + kx0 * depth, src,
                        (kx1 - kx0) * depth, p->input_offset, offpair);
      }
    }
  }
}

/* The bytes of an output pixel pair (a, b) and channel pair (c0, c1). */
static inline void tmlc_cm_conv_out4(const int32_t *acc, int8_t *ya,
                                     int8_t *yb, int two, int32_t oc,
                                     int32_t oc1, int two_oc,
                                     const tmlc_conv_s8_params *p) {
  const int32_t q0 = p->per_channel ? oc : 0;
  const int32_t q1 = p->per_channel ? oc1 : 0;
  const int32_t oo = p->output_offset, lo = p->act_min, hi = p->act_max;
  const tmlc_cm_rq r0 = tmlc_cm_rq_make(p->multiplier[q0], p->shift[q0]);
  const tmlc_cm_rq r1 = tmlc_cm_rq_make(p->multiplier[q1], p->shift[q1]);
  const int8_t v0 = tmlc_cm_rq_out(acc[0], r0, oo, lo, hi);
  const int8_t v1 = tmlc_cm_rq_out(acc[1], r0, oo, lo, hi);
  const int8_t v2 = tmlc_cm_rq_out(acc[2], r1, oo, lo, hi);
  const int8_t v3 = tmlc_cm_rq_out(acc[3], r1, oo, lo, hi);
  ya[oc] = v0;
  if (two)
    yb[oc] = v1;
  if (two_oc) {
    ya[oc1] = v2;
    if (two)
      yb[oc1] = v3;
  }
}

#define TMLC_CM_PAIRS_BATCH 8 /* channel pairs per tmlc_cm_mac_pairs */

/* The bytes of channels oc .. oc + n - 1 of a pixel pair from their sums
 * sv (2 per channel: pixel a, b), every (multiplier, shift) with mult >= 0
 * and shift <= 0 (tmlc_cm_onesum0): the one-sum form for shift <= -1, and
 * for shift 0 SRDHM alone, floor((a * m + 2^30) / 2^31). sat: lo == -128
 * and hi <= 127, so the clamp is SSAT and a min (inlined with a
 * constant). */
static inline void tmlc_cm_conv_rq(const int32_t *sv, int32_t n,
                                   const int32_t *mp, const int32_t *sp,
                                   int32_t qstep, const int32_t *bp,
                                   int32_t bstep, int8_t *ya, int8_t *yb,
                                   int32_t oo, int32_t lo, int32_t hi,
                                   int sat) {
  const int32_t *send = sv + 2 * n;
  for (; sv != send; sv += 2) {
    const uint32_t e = (uint32_t)-*sp;
    const int32_t m = *mp;
    const int32_t bv = *bp;
    const uint32_t klo = 0x40000000u | ((2u >> e) << 31);
    const uint32_t khi = (1u << e) >> 2;
    int32_t i;
    for (i = 0; i < 2; ++i) {
      const int32_t a = (int32_t)((uint32_t)sv[i] + (uint32_t)bv);
      int32_t v;
      if (e == 0) {
        v = (int32_t)(((int64_t)a * m + ((int64_t)1 << 30)) >> 31);
      } else {
        const uint64_t k = (((uint64_t)khi << 32) | klo) -
                           ((uint64_t)(uint32_t)a & 0x80000000u);
        const int64_t t = (int64_t)k + (int64_t)a * (int64_t)m;
        v = (int32_t)(t >> 32) >> (e - 1);
      }
      v += oo;
      if (sat)
        v = __ssat(v, 8);
      else
        v = v < lo ? lo : v;
      v = v > hi ? hi : v;
      (i == 0 ? ya : yb)[0] = (int8_t)v;
    }
    ++ya;
    ++yb;
    mp += qstep;
    sp += qstep;
    bp += bstep;
  }
}

/* The requantization constants of the next channel (multiplier m, shift
 * from sp): for e < 0 after the negation, klo/khi the 64-bit rounding term
 * 2^30 + 2^(e + 30) and e the right shift less one; e == 0 branches to 3f. */
#define TMLC_CM_RQ_CONSTS                                                    \
      "ldr %[e], [%[sp]], #4\n\t"                                             \
      "ldr %[m], [%[mp]], #4\n\t"                                             \
      "rsbs %[e], %[e], #0\n\t"                                               \
      "beq 3f\n\t"                                                            \
      "mov %[khi], #1\n\t"                                                    \
      "lsl %[khi], %[khi], %[e]\n\t"                                          \
      "lsl %[klo], %[khi], #30\n\t"                                           \
      "orr %[klo], %[klo], #0x40000000\n\t"                                   \
      "lsr %[khi], %[khi], #2\n\t"                                            \
      "sub %[e], %[e], #1\n\t"
/* The sum in a (bias included) requantized with those constants, clamped
 * by SSAT, stored as a byte to STORE; _0: the e == 0 form, 2^31 + 2 * a * m
 * by two SMLALs, the high word. */
#define TMLC_CM_RQ_OUT(STORE)                                                \
      "and %[l], %[a], #0x80000000\n\t"                                       \
      "subs %[l], %[klo], %[l]\n\t"                                           \
      "sbc %[h], %[khi], #0\n\t"                                              \
      "smlal %[l], %[h], %[a], %[m]\n\t"                                      \
      "asr %[h], %[h], %[e]\n\t"                                              \
      "add %[h], %[h], %[oo]\n\t"                                             \
      "ssat %[h], #8, %[h]\n\t"                                               \
      "strb %[h], " STORE "\n\t"
#define TMLC_CM_RQ_OUT0(STORE)                                               \
      "mov %[l], #0x80000000\n\t"                                             \
      "mov %[h], #0\n\t"                                                      \
      "smlal %[l], %[h], %[a], %[m]\n\t"                                      \
      "smlal %[l], %[h], %[a], %[m]\n\t"                                      \
      "add %[h], %[h], %[oo]\n\t"                                             \
      "ssat %[h], #8, %[h]\n\t"                                               \
      "strb %[h], " STORE "\n\t"
/* tmlc_cm_conv_rq_pc127's pixel: the next sum plus the bias at BIAS. */
#define TMLC_CM_RQ_BSUM(BIAS)                                                \
      "ldr %[l], " BIAS "\n\t"                                                \
      "ldr %[a], [%[sv]], #4\n\t"                                             \
      "add %[a], %[a], %[l]\n\t"
#define TMLC_CM_RQ_BPIX(BIAS, STORE)                                         \
      TMLC_CM_RQ_BSUM(BIAS) TMLC_CM_RQ_OUT(STORE)
#define TMLC_CM_RQ_BPIX0(BIAS, STORE)                                        \
      TMLC_CM_RQ_BSUM(BIAS) TMLC_CM_RQ_OUT0(STORE)
/* tmlc_cm_conv_rq4's pixel: the sum (bias included) at LOAD. */
#define TMLC_CM_RQ4_PIX(LOAD, STORE)                                         \
      "ldr %[a], " LOAD "\n\t" TMLC_CM_RQ_OUT(STORE)
#define TMLC_CM_RQ4_PIX0(LOAD, STORE)                                        \
      "ldr %[a], " LOAD "\n\t" TMLC_CM_RQ_OUT0(STORE)

/* tmlc_cm_conv_rq for per-channel params with bias, act_min == -128 and
 * act_max == 127 (SSAT is the whole clamp), n >= 1 channels, in one asm
 * block. Per channel: e = -shift; for e >= 1, klo:khi = 2^30 + 2^(30+e)
 * built in registers (t = 1 << e; klo = 0x40000000 | t << 30 (e == 1 puts
 * 2^31 there), khi = t >> 2); per pixel a = sum + bias, the [a < 0] * 2^31
 * subtracted with SUBS/SBC, SMLAL, ASR by e - 1, offset, SSAT, STRB. For
 * e == 0: 2^31 + 2 * a * m by two SMLALs, the high word. The bias is
 * loaded again for the second pixel (one register fewer: 14 in all). */
static inline void tmlc_cm_conv_rq_pc127(const int32_t *sv, int32_t n,
                                         const int32_t *mp,
                                         const int32_t *sp,
                                         const int32_t *bp, int8_t *ya,
                                         int8_t *yb, int32_t oo) {
  const int32_t *send = sv + 2 * n;
  int32_t m, e, klo, khi, a, l, h;
  __asm__ volatile(
      "1:\n\t"
      TMLC_CM_RQ_CONSTS
      TMLC_CM_RQ_BPIX("[%[bp]], #4", "[%[ya]], #1")
      TMLC_CM_RQ_BPIX("[%[bp], #-4]", "[%[yb]], #1")
      "2:\n\t"
      "ldr %[l], %[se]\n\t"
      "cmp %[sv], %[l]\n\t"
      "bne 1b\n\t"
      "b 4f\n\t"
      "3:\n\t"
      TMLC_CM_RQ_BPIX0("[%[bp]], #4", "[%[ya]], #1")
      TMLC_CM_RQ_BPIX0("[%[bp], #-4]", "[%[yb]], #1")
      "b 2b\n\t"
      "4:\n\t"
      : [sv] "+r"(sv), [mp] "+r"(mp), [sp] "+r"(sp), [bp] "+r"(bp),
        [ya] "+r"(ya), [yb] "+r"(yb), [m] "=&r"(m), [e] "=&r"(e),
        [klo] "=&r"(klo), [khi] "=&r"(khi), [a] "=&r"(a), [l] "=&r"(l),
        [h] "=&r"(h)
      : [oo] "r"(oo), [se] "m"(send)
      : "cc", "memory");
}

/* The bytes of channels oc .. oc + n - 1 (n >= 1) of four consecutive
 * output pixels (ya: pixel 0's channel oc, ya + cs pixel 1, yc = ya + 2 cs
 * pixel 2, ...) from their sums sv (4 per channel, bias included),
 * per-channel (multiplier, shift) in tmlc_cm_onesum0 form, clamp
 * [-128, 127]: the arithmetic of tmlc_cm_conv_rq_pc127 with the
 * constants of a channel built once for 4 pixels. */
static inline void tmlc_cm_conv_rq4(const int32_t *sv, int32_t n,
                                    const int32_t *mp, const int32_t *sp,
                                    int8_t *ya, int32_t cs, int32_t oo) {
  const int32_t *send = sv + 4 * n;
  int8_t *yc = ya + 2 * cs;
  int32_t m, e, klo, khi, a, l, h;
  __asm__ volatile(
      "1:\n\t"
      TMLC_CM_RQ_CONSTS
      TMLC_CM_RQ4_PIX("[%[sv], #4]", "[%[ya], %[cs]]")
      TMLC_CM_RQ4_PIX("[%[sv]], #8", "[%[ya]], #1")
      TMLC_CM_RQ4_PIX("[%[sv], #4]", "[%[yc], %[cs]]")
      TMLC_CM_RQ4_PIX("[%[sv]], #8", "[%[yc]], #1")
      "2:\n\t"
      "ldr %[l], %[se]\n\t"
      "cmp %[sv], %[l]\n\t"
      "bne 1b\n\t"
      "b 4f\n\t"
      "3:\n\t"
      TMLC_CM_RQ4_PIX0("[%[sv], #4]", "[%[ya], %[cs]]")
      TMLC_CM_RQ4_PIX0("[%[sv]], #8", "[%[ya]], #1")
      TMLC_CM_RQ4_PIX0("[%[sv], #4]", "[%[yc], %[cs]]")
      TMLC_CM_RQ4_PIX0("[%[sv]], #8", "[%[yc]], #1")
      "b 2b\n\t"
      "4:\n\t"
      : [sv] "+r"(sv), [mp] "+r"(mp), [sp] "+r"(sp), [ya] "+r"(ya),
        [yc] "+r"(yc), [m] "=&r"(m), [e] "=&r"(e), [klo] "=&r"(klo),
        [khi] "=&r"(khi), [a] "=&r"(a), [l] "=&r"(l), [h] "=&r"(h)
      : [oo] "r"(oo), [cs] "r"(cs), [se] "m"(send)
      : "cc", "memory");
}

#define TMLC_CM_QUAD_BATCH 8 /* channels per tmlc_cm_mac_quads */

/* Output channels [0, out_c) of the four consecutive output pixels whose
 * outputs start at y and whose receptive fields fill the four-pixel
 * column col (kk values, a multiple of 8; plan quad). */
static __attribute__((noinline)) void
tmlc_cm_conv_quads(const int16_t *col, const int8_t *w, const int32_t *bias,
                   int8_t *y, int32_t kk, int32_t *sums,
                   const tmlc_conv_s8_params *p) {
  const int32_t nblk = kk >> 2;
  const int32_t out_c = p->out_c;
  int32_t oc = 0;
  while (oc < out_c) {
    const int32_t nc =
        out_c - oc < TMLC_CM_QUAD_BATCH ? out_c - oc : TMLC_CM_QUAD_BATCH;
    tmlc_cm_mac_quads(col, w + (size_t)oc * kk, bias != NULL ? bias + oc : NULL,
                      nblk, nc, sums);
    tmlc_cm_conv_rq4(sums, nc, p->multiplier + oc, p->shift + oc, y + oc,
                     out_c, p->output_offset);
    oc += nc;
  }
}

/* Output channels [oc, oc_end) (an even count) of the pixel pair whose
 * column col holds the filter values [k_lo, k_lo + n) (n a multiple of 8,
 * kk too), every (multiplier, shift) in tmlc_cm_onesum0 form: the sums
 * of up to 8 channel pairs at a time (tmlc_cm_mac_pairs) in acc: with
 * chunked, 2 per channel kept across the chunks of a deep filter, else
 * the 4 * TMLC_CM_PAIRS_BATCH sums of one batch; first: start the sums at 0; last:
 * write the bytes. ya / yb: the pixels' outputs (equal for a lone pixel,
 * whose column then holds it twice). */
static __attribute__((noinline)) void
tmlc_cm_conv_pairs(const int16_t *col, const int8_t *w, const int32_t *bias,
                   int8_t *ya, int8_t *yb, int32_t oc, int32_t oc_end,
                   int32_t kk, int32_t k_lo, int32_t n, int first, int last,
                   int32_t *acc, int chunked,
                   const tmlc_conv_s8_params *p) {
  static const int32_t zero = 0;
  const int32_t nblk = n >> 2;
  const int32_t qstep = p->per_channel ? 1 : 0;
  const int32_t bstep = bias != NULL ? 1 : 0;
  const int32_t *mp = p->multiplier + qstep * oc;
  const int32_t *sp = p->shift + qstep * oc;
  const int32_t *bp = bias != NULL ? bias + oc : &zero;
  const int32_t oo = p->output_offset, lo = p->act_min, hi = p->act_max;
  const int sat = lo == -128 && hi <= 127;
  const int8_t *w0 = w + (size_t)oc * kk + k_lo;
  int32_t *sv = acc;
  while (oc < oc_end) {
    const int32_t np = (oc_end - oc) / 2 < TMLC_CM_PAIRS_BATCH
                           ? (oc_end - oc) / 2
                           : TMLC_CM_PAIRS_BATCH;
    if (first)
      tmlc_cm_mac_pairs(col, w0, kk, nblk, np, sv, 0);
    else
      tmlc_cm_mac_pairs(col, w0, kk, nblk, np, sv, 1);
    w0 += (size_t)2 * np * kk;
    if (last) {
      /* The same split as tmlc_cm_conv_dsp_plan's RQ bits. */
      if (TMLC_CM_CONV_HAS(TMLC_CM_CONV_P_RQ_SATPC) && sat && qstep == 1 &&
          bstep == 1 && hi == 127)
        tmlc_cm_conv_rq_pc127(sv, 2 * np, mp, sp, bp, ya + oc, yb + oc, oo);
      else if (TMLC_CM_CONV_HAS(TMLC_CM_CONV_P_RQ_SATPC) && sat &&
               qstep == 1 && bstep == 1)
        tmlc_cm_conv_rq(sv, 2 * np, mp, sp, 1, bp, 1, ya + oc, yb + oc, oo,
                        -128, hi, 1);
      else if (TMLC_CM_CONV_HAS(TMLC_CM_CONV_P_RQ_SAT) && sat)
        tmlc_cm_conv_rq(sv, 2 * np, mp, sp, qstep, bp, bstep, ya + oc,
                        yb + oc, oo, -128, hi, 1);
      else if (TMLC_CM_CONV_HAS(TMLC_CM_CONV_P_RQ_GEN))
        tmlc_cm_conv_rq(sv, 2 * np, mp, sp, qstep, bp, bstep, ya + oc,
                        yb + oc, oo, lo, hi, 0);
    }
    mp += 2 * np * qstep;
    sp += 2 * np * qstep;
    bp += 2 * np * bstep;
    oc += 2 * np;
    if (chunked)
      sv += 4 * np;
  }
}

#endif

tmlc_status tmlc_conv2d_s8_dsp(const int8_t *x, const int8_t *w,
                               const int32_t *bias, int8_t *y,
                               const tmlc_conv_s8_params *p) {
#if !(defined(__ARM_FEATURE_DSP) && defined(__OPTIMIZE__))
  return tmlc_conv2d_s8(x, w, bias, y, p);
#else
  int32_t s[TMLC_CM_CONV_STACK_SCRATCH / 4];
  return tmlc_conv2d_s8_dsp_ws(x, w, bias, y, p, s, (int32_t)sizeof s);
#endif
}

tmlc_status tmlc_conv2d_s8_dsp_ws(const int8_t *x, const int8_t *w,
                                  const int32_t *bias, int8_t *y,
                                  const tmlc_conv_s8_params *p,
                                  void *scratch, int32_t scratch_bytes) {
  /* The column and sums are read and written as words (LDRD/STRD). */
  if (scratch_bytes < 0 || (scratch == NULL && scratch_bytes > 0) ||
      ((uintptr_t)scratch & 3u) != 0)
    return TMLC_ERR_ARG;
#if !(defined(__ARM_FEATURE_DSP) && defined(__OPTIMIZE__))
  return tmlc_conv2d_s8(x, w, bias, y, p);
#else
  tmlc_cm_conv_plan pl;
  int32_t depth, opg, kk, kc, nch, npix, b, pix, g, oc, ch, i, offpair;
  int16_t *scol;
  int32_t *ssum;
  const uint32_t bits =
      x != NULL && w != NULL && y != NULL
          ? tmlc_cm_conv_dsp_plan_cap(p, bias != NULL, scratch_bytes, &pl)
          : TMLC_CM_CONV_P_PORTABLE;
  if ((bits & TMLC_CM_CONV_P_PORTABLE) ||
      (bits & ~TMLC_CM_CONV_DSP_PATHS)) {
    if (TMLC_CM_CONV_HAS(TMLC_CM_CONV_P_PORTABLE))
      return tmlc_conv2d_s8(x, w, bias, y, p);
    return TMLC_ERR_ARG;
  }
  /* tmlc_cm_conv_dsp_plan_cap: [0, col_bytes) the column, then the sums
   * (or chunk accumulators), pl.scratch <= scratch_bytes in all. */
  scol = (int16_t *)scratch;
  ssum = (int32_t *)(void *)((uint8_t *)scratch + pl.col_bytes);
  depth = p->in_c / p->groups;
  opg = p->out_c / p->groups;
  kk = pl.kk;
  npix = p->out_h * p->out_w;
  offpair = tmlc_cm_offpair(p->input_offset);
  if (TMLC_CM_CONV_HAS(TMLC_CM_CONV_P_PAIRS | TMLC_CM_CONV_P_PADW |
                       TMLC_CM_CONV_P_MAC2X2) &&
      pl.mode == TMLC_CM_CONV_MODE_COL2) {
    const int fast = TMLC_CM_CONV_HAS(TMLC_CM_CONV_P_PAIRS) && pl.fast;
    /* Small filters of a depth not a multiple of 8 (e.g. a first conv
     * over RGB, 3 x 3 x 3): the weights go once, zero-padded to rows of
     * kkp, behind the column in the scratch (the padded column values
     * meet zero weights). */
    const int32_t kkp = pl.kkp;
    const int padw = TMLC_CM_CONV_HAS(TMLC_CM_CONV_P_PADW) && pl.padw;
    const int8_t *wf = w;
    int32_t kkf = kk;
    /* Two pixels by two channels over a 2-pixel column (in chunks of
     * TMLC_CM_COL2_KC when the filter is deeper than TMLC_CM_COL2_K). */
    int16_t *col = scol;
    kc = pl.kc;
    nch = TMLC_CM_CONV_HAS(TMLC_CM_CONV_P_CHUNKED) ? pl.nch : 1;
    if (padw) {
      /* Weights after the (2- or 4-pixel) column. */
      int8_t *wp = (int8_t *)scratch + pl.w_off;
      int32_t r, k;
      for (i = 0; i < (pl.quad ? 4 : 2) * kkp; ++i)
        col[i] = 0;
      if (TMLC_CM_CONV_HAS(TMLC_CM_CONV_P_ROWPAD) && pl.rowkp > 0) {
        /* Each filter row of rowk values padded to rowkp. */
        const int32_t rowk = p->k_w * depth;
        for (r = 0; r < p->out_c; ++r)
          for (k = 0; k < kkp; ++k) {
            const int32_t ky = k / pl.rowkp, j = k % pl.rowkp;
            wp[r * kkp + k] = ky < p->k_h && j < rowk
                                  ? w[(size_t)r * kk + ky * rowk + j]
                                  : 0;
          }
      } else {
        for (r = 0; r < p->out_c; ++r)
          for (k = 0; k < kkp; ++k)
            wp[r * kkp + k] = k < kk ? w[(size_t)r * kk + k] : 0;
      }
      wf = wp;
      kkf = kkp;
    }
    for (b = 0; b < p->batch; ++b) {
      const int8_t *xb = x + (size_t)b * p->in_h * p->in_w * p->in_c;
      int8_t *yb = y + (size_t)b * npix * p->out_c;
      pix = 0;
      if (TMLC_CM_CONV_HAS(TMLC_CM_CONV_P_QUAD) && pl.quad) {
        /* Runs of 4 pixels (one group, one chunk), the rest in pairs. */
        int16_t *col4 = scol;
        /* 1x1 without padding: each pixel's field is kk input bytes. */
        const int one = p->k_h == 1 && p->k_w == 1 && p->pad_top == 0 &&
                        p->pad_left == 0;
        for (; pix + 4 <= npix; pix += 4) {
          const int8_t *src[4];
          int inside = one;
          for (i = 0; i < 4 && inside; ++i) {
            const int32_t iy = (pix + i) / p->out_w * p->stride_h;
            const int32_t ix = (pix + i) % p->out_w * p->stride_w;
            inside = iy < p->in_h && ix < p->in_w;
            src[i] = xb + ((size_t)iy * p->in_w + ix) * kk;
          }
          if (inside) {
            const int8_t *s0 = src[0], *s1 = src[1], *s2 = src[2];
            const int8_t *s3 = src[3];
            int32_t *d = (int32_t *)(void *)col4;
            int32_t *dend = d + 2 * kk;
            uint32_t v;
            for (; d != dend; d += 8) {
              v = tmlc_cm_ld32(s0);
              s0 += 4;
              d[0] = __sxtab16(offpair, (int32_t)v);
              d[1] = tmlc_cm_sxtab16_ror8(offpair, v);
              v = tmlc_cm_ld32(s1);
              s1 += 4;
              d[2] = __sxtab16(offpair, (int32_t)v);
              d[3] = tmlc_cm_sxtab16_ror8(offpair, v);
              v = tmlc_cm_ld32(s2);
              s2 += 4;
              d[4] = __sxtab16(offpair, (int32_t)v);
              d[5] = tmlc_cm_sxtab16_ror8(offpair, v);
              v = tmlc_cm_ld32(s3);
              s3 += 4;
              d[6] = __sxtab16(offpair, (int32_t)v);
              d[7] = tmlc_cm_sxtab16_ror8(offpair, v);
            }
          } else if (TMLC_CM_CONV_HAS(TMLC_CM_CONV_P_ROWPAD) &&
                     pl.rowkp > 0) {
            for (i = 0; i < 4; ++i)
              tmlc_cm_conv_col_rowpad(col4, 4, i, xb, p,
                                      (pix + i) / p->out_w,
                                      (pix + i) % p->out_w, pl.rowkp,
                                      offpair);
          } else {
            for (i = 0; i < 4; ++i)
              tmlc_cm_conv_col(col4, 4, i, xb, p, (pix + i) / p->out_w,
                               (pix + i) % p->out_w, 0, depth, 0, kk,
                               offpair);
          }
          tmlc_cm_conv_quads(col4, wf, bias, yb + (size_t)pix * p->out_c,
                             kkf, ssum, p);
        }
      }
      for (; pix < npix; pix += 2) {
        /* The last pixel of an odd count is computed twice (b == a). */
        const int two = pix + 1 < npix;
        const int32_t pb = two ? pix + 1 : pix;
        int8_t *ya = yb + (size_t)pix * p->out_c;
        int8_t *yb2 = yb + (size_t)pb * p->out_c;
        for (g = 0; g < p->groups; ++g) {
          const int32_t c0 = g * depth;
          for (ch = 0; ch < nch; ++ch) {
            const int32_t k_lo = ch * kc;
            const int32_t n = kk - k_lo < kc ? kk - k_lo : kc;
            const int32_t nblk = n >> 2;
            if (TMLC_CM_CONV_HAS(TMLC_CM_CONV_P_ROWPAD) && pl.rowkp > 0) {
              tmlc_cm_conv_col_rowpad(col, 2, 0, xb, p, pix / p->out_w,
                                      pix % p->out_w, pl.rowkp, offpair);
              tmlc_cm_conv_col_rowpad(col, 2, 1, xb, p, pb / p->out_w,
                                      pb % p->out_w, pl.rowkp, offpair);
            } else {
              tmlc_cm_conv_col(col, 2, 0, xb, p, pix / p->out_w,
                               pix % p->out_w, c0, depth, k_lo, k_lo + n,
                               offpair);
              tmlc_cm_conv_col(col, 2, 1, xb, p, pb / p->out_w,
                               pb % p->out_w, c0, depth, k_lo, k_lo + n,
                               offpair);
            }
            if (!TMLC_CM_CONV_HAS(TMLC_CM_CONV_P_MAC2X2) || fast || padw) {
              tmlc_cm_conv_pairs(col, wf, bias, ya, yb2, g * opg,
                                 (g + 1) * opg, kkf, k_lo, padw ? kkp : n,
                                 ch == 0,
                                 ch + 1 == nch,
                                 ssum,
                                 nch > 1, p);
              continue;
            }
            for (oc = g * opg; oc < (g + 1) * opg; oc += 2) {
              const int two_oc = oc + 1 < (g + 1) * opg;
              const int32_t oc1 = two_oc ? oc + 1 : oc;
              const int8_t *w0 = w + (size_t)oc * kk + k_lo;
              const int8_t *w1 = w + (size_t)oc1 * kk + k_lo;
              int32_t *sv = ssum + 2 * (oc - g * opg);
              int32_t acc[4];
              if (ch == 0) {
                acc[0] = acc[1] = bias != NULL ? bias[oc] : 0;
                acc[2] = acc[3] = bias != NULL ? bias[oc1] : 0;
              } else {
                acc[0] = sv[0];
                acc[1] = sv[1];
                acc[2] = sv[2];
                acc[3] = sv[3];
              }
              if (nblk > 0)
                tmlc_cm_mac_2x2(col, w0, w1, nblk, acc);
              for (i = nblk * 4; i < n; ++i) {
                const int32_t va = col[tmlc_cm_col_pos(i, 2, 0)];
                const int32_t vb = col[tmlc_cm_col_pos(i, 2, 1)];
                acc[0] += (int32_t)w0[i] * va;
                acc[1] += (int32_t)w0[i] * vb;
                acc[2] += (int32_t)w1[i] * va;
                acc[3] += (int32_t)w1[i] * vb;
              }
              if (ch + 1 < nch) {
                sv[0] = acc[0];
                sv[1] = acc[1];
                sv[2] = acc[2];
                sv[3] = acc[3];
              } else {
                tmlc_cm_conv_out4(acc, ya, yb2, two, oc, oc1, two_oc, p);
              }
            }
          }
        }
      }
    }
    return TMLC_OK;
  }
  if (TMLC_CM_CONV_HAS(TMLC_CM_CONV_P_COL1) &&
      pl.mode == TMLC_CM_CONV_MODE_COL1) {
    /* One pixel by four channels over a 1-pixel column. */
    int16_t *col = scol;
    const int32_t nblk = kk >> 2;
    for (b = 0; b < p->batch; ++b) {
      const int8_t *xb = x + (size_t)b * p->in_h * p->in_w * p->in_c;
      int8_t *yb = y + (size_t)b * npix * p->out_c;
      for (pix = 0; pix < npix; ++pix) {
        int8_t *ya = yb + (size_t)pix * p->out_c;
        for (g = 0; g < p->groups; ++g) {
          tmlc_cm_conv_col(col, 1, 0, xb, p, pix / p->out_w, pix % p->out_w,
                           g * depth, depth, 0, kk, offpair);
          for (oc = g * opg; oc < (g + 1) * opg; oc += 4) {
            /* Fewer than 4 channels left: the last row repeats. */
            const int32_t nc = (g + 1) * opg - oc < 4 ? (g + 1) * opg - oc : 4;
            const int8_t *w0 = w + (size_t)oc * kk;
            int32_t acc[4];
            int32_t j;
            for (j = 0; j < 4; ++j)
              acc[j] = bias != NULL ? bias[oc + (j < nc ? j : 0)] : 0;
            if (nc == 4) {
              tmlc_cm_mac_1x4(col, w0, kk, nblk, acc);
            } else {
              for (j = 0; j < nc; ++j) {
                int32_t a4[4];
                a4[0] = a4[1] = a4[2] = a4[3] = acc[j];
                tmlc_cm_mac_1x4(col, w0 + (size_t)j * kk, 0, nblk, a4);
                acc[j] = a4[0];
              }
            }
            for (j = 0; j < nc; ++j) {
              const int8_t *wr = w0 + (size_t)j * kk;
              const int32_t q = p->per_channel ? oc + j : 0;
              for (i = nblk * 4; i < kk; ++i)
                acc[j] += (int32_t)wr[i] * col[tmlc_cm_col_pos(i, 1, 0)];
              ya[oc + j] = tmlc_cm_rq_out(
                  acc[j], tmlc_cm_rq_make(p->multiplier[q], p->shift[q]),
                  p->output_offset, p->act_min, p->act_max);
            }
          }
        }
      }
    }
    return TMLC_OK;
  }
  if (TMLC_CM_CONV_HAS(TMLC_CM_CONV_P_DIRECT))
    return tmlc_cm_conv_direct(x, w, bias, y, p, scratch);
  return TMLC_ERR_ARG; /* not reached: the plan's bits are in the mask */
#endif
}
