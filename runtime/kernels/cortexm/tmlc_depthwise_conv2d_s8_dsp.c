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
 * multiplier INT32_MIN, more than 64 taps (tmlc_cm_dw_dsp_plan in
 * tmlc_cm_select.h decides every path). Paths outside TMLC_CM_DW_DSP_PATHS
 * (tmlc_cm_config.h) are compiled out.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_kernels_s8_cm.h"
#include "tmlc_cm_common.h"
#include "tmlc_cm_config.h"

#if defined(__ARM_FEATURE_DSP) && defined(__OPTIMIZE__) /* the asm needs the optimizer's register allocation */
#include "tmlc_cm_dsp.h"

#define TMLC_CM_DW_HAS(bit) ((TMLC_CM_DW_DSP_PATHS & (bit)) != 0)

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

/* The one-sum requantization of one channel (tmlc_cm_rq with mult >= 0,
 * shift <= -1) and its bias. */
typedef struct tmlc_cm_dwq {
  uint32_t klo; /**< low word of 2^30 + 2^(30+e) */
  int32_t khi;  /**< high word */
  int32_t mult;
  int32_t e1; /**< e - 1 */
  int32_t bias;
} tmlc_cm_dwq;

static inline int8_t tmlc_cm_dwq_out(int32_t a, const tmlc_cm_dwq *q,
                                     int32_t oo, int32_t lo, int32_t hi) {
  /* (2^30 + 2^(30+e) - [a < 0] 2^31 + a * mult) >> 32 >> (e - 1), in one
   * asm block (two LDRDs of the channel's constants). */
  uint32_t l, t;
  int32_t h, e1, v;
  __asm__("ldrd %[l], %[h], [%[q]]\n\t"
          "and %[t], %[a], #0x80000000\n\t"
          "subs %[l], %[l], %[t]\n\t"
          "sbc %[h], %[h], #0\n\t"
          "ldrd %[t], %[e1], [%[q], #8]\n\t"
          "smlal %[l], %[h], %[a], %[t]\n\t"
          "asr %[v], %[h], %[e1]\n\t"
          : [l] "=&r"(l), [h] "=&r"(h), [t] "=&r"(t), [e1] "=&r"(e1),
            [v] "=r"(v)
          : [a] "r"(a), [q] "r"(q), "m"(*q)
          : "cc");
  v += oo;
  if (lo == -128) {
    /* lo == -128 <= hi <= 127 (checked by the caller): SSAT, then hi. */
    v = __ssat(v, 8);
    v = v > hi ? hi : v;
  } else {
    v = v < lo ? lo : v;
    v = v > hi ? hi : v;
  }
  return (int8_t)v;
}

/* The four bytes of a pixel (channels 0..3 from a0..a3). */
static inline void tmlc_cm_dwq_out4(int8_t *yp, int32_t a0, int32_t a1,
                                    int32_t a2, int32_t a3,
                                    const tmlc_cm_dwq *q, int32_t oo,
                                    int32_t lo, int32_t hi) {
  yp[0] = tmlc_cm_dwq_out(a0, &q[0], oo, lo, hi);
  yp[1] = tmlc_cm_dwq_out(a1, &q[1], oo, lo, hi);
  yp[2] = tmlc_cm_dwq_out(a2, &q[2], oo, lo, hi);
  yp[3] = tmlc_cm_dwq_out(a3, &q[3], oo, lo, hi);
}

/* The requantization of channel a (constants at byte offset qo of q) to
 * h: as tmlc_cm_dwq_out, then SSAT; CLAMP is the upper clamp (or nothing
 * when act_max == 127, which SSAT already gives). */
#define TMLC_CM_DWQ_ASM(a, qo, qo8, CLAMP)                                   \
  "ldrd %[l], %[h], [%[q], #" qo "]\n\t"                                     \
  "and %[t], %[" a "], #0x80000000\n\t"                                      \
  "subs %[l], %[l], %[t]\n\t"                                                \
  "sbc %[h], %[h], #0\n\t"                                                   \
  "ldrd %[t], %[e], [%[q], #" qo8 "]\n\t"                                    \
  "smlal %[l], %[h], %[" a "], %[t]\n\t"                                     \
  "asr %[h], %[h], %[e]\n\t"                                                 \
  "add %[h], %[h], %[oo]\n\t"                                                \
  "ssat %[h], #8, %[h]\n\t" CLAMP
#define TMLC_CM_DWQ_CLAMP                                                    \
  "cmp %[h], %[hi]\n\t"                                                      \
  "it gt\n\t"                                                                \
  "movgt %[h], %[hi]\n\t"
#define TMLC_CM_DWQ_ASM4(CLAMP)                                              \
  TMLC_CM_DWQ_ASM("a0", "0", "8", CLAMP)                                     \
  "uxtb %[a0], %[h]\n\t"                                                     \
  TMLC_CM_DWQ_ASM("a1", "20", "28", CLAMP)                                   \
  "bfi %[a0], %[h], #8, #8\n\t"                                              \
  TMLC_CM_DWQ_ASM("a2", "40", "48", CLAMP)                                   \
  "bfi %[a0], %[h], #16, #8\n\t"                                             \
  TMLC_CM_DWQ_ASM("a3", "60", "68", CLAMP)                                   \
  "bfi %[a0], %[h], #24, #8\n\t"                                             \
  "str %[a0], [%[y]]\n\t"

/* The four bytes of a pixel when act_min == -128 and act_max <= 127: one
 * asm block (requantization as tmlc_cm_dwq_out, SSAT, the upper clamp
 * unless act_max == 127, the bytes packed into one word store). */
static inline __attribute__((always_inline)) void
tmlc_cm_dwq_out4_sat(int8_t *yp, int32_t a0, int32_t a1, int32_t a2, int32_t a3,
                     const tmlc_cm_dwq *q, int32_t oo, int32_t hi) {
  uint32_t l, t;
  int32_t h, e;
  if (TMLC_CM_DW_HAS(TMLC_CM_DW_P_SAT127) &&
      (hi == 127 || !TMLC_CM_DW_HAS(TMLC_CM_DW_P_SATHI)))
    __asm__ volatile(TMLC_CM_DWQ_ASM4("")
                     : [l] "=&r"(l), [h] "=&r"(h), [t] "=&r"(t),
                       [e] "=&r"(e), [a0] "+&r"(a0)
                     : [a1] "r"(a1), [a2] "r"(a2), [a3] "r"(a3), [q] "r"(q),
                       [oo] "r"(oo), [y] "r"(yp)
                     : "cc", "memory");
  else
    __asm__ volatile(TMLC_CM_DWQ_ASM4(TMLC_CM_DWQ_CLAMP)
                     : [l] "=&r"(l), [h] "=&r"(h), [t] "=&r"(t),
                       [e] "=&r"(e), [a0] "+&r"(a0)
                     : [a1] "r"(a1), [a2] "r"(a2), [a3] "r"(a3), [q] "r"(q),
                       [oo] "r"(oo), [hi] "r"(hi), [y] "r"(yp)
                     : "cc", "memory");
}

/* The four bytes of a pixel of the 3x3 path: the asm form when
 * act_min == -128, else tmlc_cm_dwq_out4 (the forms outside the build's
 * mask compiled out). */
static inline __attribute__((always_inline)) void
tmlc_cm_dwq_store4(int8_t *yp, int32_t a0, int32_t a1, int32_t a2,
                   int32_t a3, const tmlc_cm_dwq *q, int32_t oo, int32_t lo,
                   int32_t hi) {
  if (TMLC_CM_DW_HAS(TMLC_CM_DW_P_SAT127 | TMLC_CM_DW_P_SATHI) &&
      (lo == -128 || !TMLC_CM_DW_HAS(TMLC_CM_DW_P_CLAMP)))
    tmlc_cm_dwq_out4_sat(yp, a0, a1, a2, a3, q, oo, hi);
  else
    tmlc_cm_dwq_out4(yp, a0, a1, a2, a3, q, oo, lo, hi);
}
#undef TMLC_CM_DWQ_ASM4
#undef TMLC_CM_DWQ_CLAMP
#undef TMLC_CM_DWQ_ASM

/* One tap of a 3-wide filter row: input word at r, unpacked weights at
 * byte offset wo of wu. */
#define TMLC_CM_DW_ROWTAP(wo)                                                \
  "ldr %[xv], [%[r]]\n\t"                                                    \
  "sxtab16 %[xe], %[off], %[xv]\n\t"                                         \
  "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"                                 \
  "ldrd %[we], %[wo], [%[wu], #" wo "]\n\t"                                  \
  "smlabb %[a0], %[xe], %[we], %[a0]\n\t"                                    \
  "smlatt %[a2], %[xe], %[we], %[a2]\n\t"                                    \
  "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"                                    \
  "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"

/* n >= 1 output pixels of 4 channels whose filter rows [ky0, ky1) (not
 * all three) lie inside the input with all 3 taps of each row (the rows
 * outside add 0), pixel i's tap (ky0, 0) at xp + i * xadv, its bytes at
 * yp + i * nc; weights and requantization as in tmlc_cm_dw3x3_run. */
static __attribute__((noinline)) void
tmlc_cm_dw3x3_run_rows(const int8_t *xp, int8_t *yp, int32_t n,
                       int32_t xadv, int32_t nc, int32_t xstep,
                       int32_t ystep, const int32_t *wu, int32_t offpair,
                       const tmlc_cm_dwq *q, int32_t oo, int32_t lo,
                       int32_t hi, int32_t ky0, int32_t ky1) {
  while (n-- > 0) {
    int32_t a0 = q[0].bias, a1 = q[1].bias, a2 = q[2].bias, a3 = q[3].bias;
    const int8_t *r = xp;
    const int32_t *wr = wu + 6 * ky0;
    uint32_t xv, xe, we, wo;
    int32_t ky;
    for (ky = ky0; ky < ky1; ++ky) {
      const int8_t *rr = r;
      __asm__(TMLC_CM_DW_ROWTAP("0")
              "add %[r], %[r], %[xs]\n\t"
              TMLC_CM_DW_ROWTAP("8")
              "add %[r], %[r], %[xs]\n\t"
              TMLC_CM_DW_ROWTAP("16")
              : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3),
                [r] "+r"(rr), [xv] "=&r"(xv), [xe] "=&r"(xe),
                [we] "=&r"(we), [wo] "=&r"(wo)
              : [xs] "r"(xstep), [wu] "r"(wr), [off] "r"(offpair)
              : "memory");
      r += ystep;
      wr += 6;
    }
    tmlc_cm_dwq_store4(yp, a0, a1, a2, a3, q, oo, lo, hi);
    xp += xadv;
    yp += nc;
  }
}

/* One output pixel of 4 channels at the left or right edge: two adjacent
 * filter columns inside the input (tap (ky0, kx0) at xp, its unpacked
 * weights at wu), filter rows [ky0, ky0 + nrow) inside; weights and
 * requantization as in tmlc_cm_dw3x3_run. */
static __attribute__((noinline)) void
tmlc_cm_dw3x3_edge2(const int8_t *xp, int8_t *yp, int32_t nrow,
                    int32_t xstep, int32_t ystep, const int32_t *wu,
                    int32_t offpair, const tmlc_cm_dwq *q, int32_t oo,
                    int32_t lo, int32_t hi) {
  int32_t a0 = q[0].bias, a1 = q[1].bias, a2 = q[2].bias, a3 = q[3].bias;
  uint32_t xv, xe, we, wo;
  while (nrow-- > 0) {
    const int8_t *r = xp;
    __asm__(TMLC_CM_DW_ROWTAP("0")
            "add %[r], %[r], %[xs]\n\t"
            TMLC_CM_DW_ROWTAP("8")
            : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3),
              [r] "+r"(r), [xv] "=&r"(xv), [xe] "=&r"(xe), [we] "=&r"(we),
              [wo] "=&r"(wo)
            : [xs] "r"(xstep), [wu] "r"(wu), [off] "r"(offpair)
            : "memory");
    xp += ystep;
    wu += 6;
  }
  tmlc_cm_dwq_store4(yp, a0, a1, a2, a3, q, oo, lo, hi);
}

/* n >= 2 (even) output pixels of 4 channels whose 3 x 3 taps all lie
 * inside the input, each pixel's taps the previous one's moved one filter
 * column (stride == dilation along x): pixel i's tap (0, 0) at
 * xp + i * xstep, its bytes at yp + i * nc; in pairs. Each
 * row's 4 input words and 3 weight pairs are loaded once for both pixels;
 * the input offset is in the start values fb (bias + offset * sum of the
 * channel's weights), so the bytes are unpacked with SXTB16. */
static __attribute__((noinline)) void
tmlc_cm_dw3x3_run2(const int8_t *xp, int8_t *yp, int32_t n, int32_t nc,
                   int32_t xstep, int32_t ystep, const int32_t *wu,
                   const int32_t *fb, const tmlc_cm_dwq *q, int32_t oo,
                   int32_t lo, int32_t hi) {
  const int32_t ys3 = ystep - 3 * xstep;
  n >>= 1;
  while (n-- > 0) {
    int32_t a0 = fb[0], a1 = fb[1], a2 = fb[2], a3 = fb[3];
    int32_t b0 = a0, b1 = a1, b2 = a2, b3 = a3;
    const int8_t *r = xp;
    uint32_t xv, xe, we, wo;
    __asm__(
        "ldr %[xv], [%[r]]\n\t"
        "sxtb16 %[xe], %[xv]\n\t"
        "sxtb16 %[xv], %[xv], ror #8\n\t"
        "ldrd %[we], %[wo], [%[wu], #0]\n\t"
        "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
        "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
        "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
        "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
        "ldr %[xe], %[xs]\n\t"
        "add %[r], %[r], %[xe]\n\t"
        "ldr %[xv], [%[r]]\n\t"
        "sxtb16 %[xe], %[xv]\n\t"
        "sxtb16 %[xv], %[xv], ror #8\n\t"
        "smlabb %[b0], %[xe], %[we], %[b0]\n\t"
        "smlatt %[b2], %[xe], %[we], %[b2]\n\t"
        "smlabb %[b1], %[xv], %[wo], %[b1]\n\t"
        "smlatt %[b3], %[xv], %[wo], %[b3]\n\t"
        "ldrd %[we], %[wo], [%[wu], #8]\n\t"
        "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
        "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
        "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
        "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
        "ldr %[xe], %[xs]\n\t"
        "add %[r], %[r], %[xe]\n\t"
        "ldr %[xv], [%[r]]\n\t"
        "sxtb16 %[xe], %[xv]\n\t"
        "sxtb16 %[xv], %[xv], ror #8\n\t"
        "smlabb %[b0], %[xe], %[we], %[b0]\n\t"
        "smlatt %[b2], %[xe], %[we], %[b2]\n\t"
        "smlabb %[b1], %[xv], %[wo], %[b1]\n\t"
        "smlatt %[b3], %[xv], %[wo], %[b3]\n\t"
        "ldrd %[we], %[wo], [%[wu], #16]\n\t"
        "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
        "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
        "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
        "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
        "ldr %[xe], %[xs]\n\t"
        "add %[r], %[r], %[xe]\n\t"
        "ldr %[xv], [%[r]]\n\t"
        "sxtb16 %[xe], %[xv]\n\t"
        "sxtb16 %[xv], %[xv], ror #8\n\t"
        "smlabb %[b0], %[xe], %[we], %[b0]\n\t"
        "smlatt %[b2], %[xe], %[we], %[b2]\n\t"
        "smlabb %[b1], %[xv], %[wo], %[b1]\n\t"
        "smlatt %[b3], %[xv], %[wo], %[b3]\n\t"
        "ldr %[xe], %[ys]\n\t"
        "add %[r], %[r], %[xe]\n\t"
        "ldr %[xv], [%[r]]\n\t"
        "sxtb16 %[xe], %[xv]\n\t"
        "sxtb16 %[xv], %[xv], ror #8\n\t"
        "ldrd %[we], %[wo], [%[wu], #24]\n\t"
        "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
        "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
        "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
        "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
        "ldr %[xe], %[xs]\n\t"
        "add %[r], %[r], %[xe]\n\t"
        "ldr %[xv], [%[r]]\n\t"
        "sxtb16 %[xe], %[xv]\n\t"
        "sxtb16 %[xv], %[xv], ror #8\n\t"
        "smlabb %[b0], %[xe], %[we], %[b0]\n\t"
        "smlatt %[b2], %[xe], %[we], %[b2]\n\t"
        "smlabb %[b1], %[xv], %[wo], %[b1]\n\t"
        "smlatt %[b3], %[xv], %[wo], %[b3]\n\t"
        "ldrd %[we], %[wo], [%[wu], #32]\n\t"
        "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
        "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
        "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
        "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
        "ldr %[xe], %[xs]\n\t"
        "add %[r], %[r], %[xe]\n\t"
        "ldr %[xv], [%[r]]\n\t"
        "sxtb16 %[xe], %[xv]\n\t"
        "sxtb16 %[xv], %[xv], ror #8\n\t"
        "smlabb %[b0], %[xe], %[we], %[b0]\n\t"
        "smlatt %[b2], %[xe], %[we], %[b2]\n\t"
        "smlabb %[b1], %[xv], %[wo], %[b1]\n\t"
        "smlatt %[b3], %[xv], %[wo], %[b3]\n\t"
        "ldrd %[we], %[wo], [%[wu], #40]\n\t"
        "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
        "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
        "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
        "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
        "ldr %[xe], %[xs]\n\t"
        "add %[r], %[r], %[xe]\n\t"
        "ldr %[xv], [%[r]]\n\t"
        "sxtb16 %[xe], %[xv]\n\t"
        "sxtb16 %[xv], %[xv], ror #8\n\t"
        "smlabb %[b0], %[xe], %[we], %[b0]\n\t"
        "smlatt %[b2], %[xe], %[we], %[b2]\n\t"
        "smlabb %[b1], %[xv], %[wo], %[b1]\n\t"
        "smlatt %[b3], %[xv], %[wo], %[b3]\n\t"
        "ldr %[xe], %[ys]\n\t"
        "add %[r], %[r], %[xe]\n\t"
        "ldr %[xv], [%[r]]\n\t"
        "sxtb16 %[xe], %[xv]\n\t"
        "sxtb16 %[xv], %[xv], ror #8\n\t"
        "ldrd %[we], %[wo], [%[wu], #48]\n\t"
        "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
        "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
        "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
        "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
        "ldr %[xe], %[xs]\n\t"
        "add %[r], %[r], %[xe]\n\t"
        "ldr %[xv], [%[r]]\n\t"
        "sxtb16 %[xe], %[xv]\n\t"
        "sxtb16 %[xv], %[xv], ror #8\n\t"
        "smlabb %[b0], %[xe], %[we], %[b0]\n\t"
        "smlatt %[b2], %[xe], %[we], %[b2]\n\t"
        "smlabb %[b1], %[xv], %[wo], %[b1]\n\t"
        "smlatt %[b3], %[xv], %[wo], %[b3]\n\t"
        "ldrd %[we], %[wo], [%[wu], #56]\n\t"
        "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
        "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
        "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
        "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
        "ldr %[xe], %[xs]\n\t"
        "add %[r], %[r], %[xe]\n\t"
        "ldr %[xv], [%[r]]\n\t"
        "sxtb16 %[xe], %[xv]\n\t"
        "sxtb16 %[xv], %[xv], ror #8\n\t"
        "smlabb %[b0], %[xe], %[we], %[b0]\n\t"
        "smlatt %[b2], %[xe], %[we], %[b2]\n\t"
        "smlabb %[b1], %[xv], %[wo], %[b1]\n\t"
        "smlatt %[b3], %[xv], %[wo], %[b3]\n\t"
        "ldrd %[we], %[wo], [%[wu], #64]\n\t"
        "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
        "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
        "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
        "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
        "ldr %[xe], %[xs]\n\t"
        "add %[r], %[r], %[xe]\n\t"
        "ldr %[xv], [%[r]]\n\t"
        "sxtb16 %[xe], %[xv]\n\t"
        "sxtb16 %[xv], %[xv], ror #8\n\t"
        "smlabb %[b0], %[xe], %[we], %[b0]\n\t"
        "smlatt %[b2], %[xe], %[we], %[b2]\n\t"
        "smlabb %[b1], %[xv], %[wo], %[b1]\n\t"
        "smlatt %[b3], %[xv], %[wo], %[b3]\n\t"
        : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3),
          [b0] "+r"(b0), [b1] "+r"(b1), [b2] "+r"(b2), [b3] "+r"(b3),
          [r] "+r"(r), [xv] "=&r"(xv), [xe] "=&r"(xe), [we] "=&r"(we),
          [wo] "=&r"(wo)
        : [xs] "m"(xstep), [ys] "m"(ys3), [wu] "r"(wu)
        : "memory");
    tmlc_cm_dwq_store4(yp, a0, a1, a2, a3, q, oo, lo, hi);
    tmlc_cm_dwq_store4(yp + nc, b0, b1, b2, b3, q, oo, lo, hi);
    xp += 2 * xstep;
    yp += 2 * nc;
  }
}
#undef TMLC_CM_DW_ROWTAP

/* n >= 1 output pixels of 4 channels whose 3 x 3 taps all lie inside the
 * input, pixel i's tap (0, 0) at xp + i * xadv, its bytes at yp + i * nc;
 * weights pre-unpacked as in tmlc_cm_dw_px4, every channel in the one-sum
 * requantization form. */
static __attribute__((noinline)) void
tmlc_cm_dw3x3_run(const int8_t *xp, int8_t *yp, int32_t n, int32_t xadv,
                  int32_t nc, int32_t xstep, int32_t ystep,
                  const int32_t *wu, int32_t offpair, const tmlc_cm_dwq *q,
                  int32_t oo, int32_t lo, int32_t hi) {
  const int32_t ys2 = ystep - 2 * xstep;
  while (n-- > 0) {
    int32_t a0 = q[0].bias, a1 = q[1].bias, a2 = q[2].bias, a3 = q[3].bias;
    const int8_t *r = xp;
    uint32_t xv, xe, we, wo;
    /* One asm block: gcc would interleave the four accumulator chains of
     * builtins and spill. */
    __asm__(
          "ldr %[xv], [%[r]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #0]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          "add %[r], %[r], %[xs]\n\t"
          "ldr %[xv], [%[r]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #8]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          "add %[r], %[r], %[xs]\n\t"
          "ldr %[xv], [%[r]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #16]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          "ldr %[xv], %[ys]\n\t"
          "add %[r], %[r], %[xv]\n\t"
          "ldr %[xv], [%[r]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #24]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          "add %[r], %[r], %[xs]\n\t"
          "ldr %[xv], [%[r]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #32]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          "add %[r], %[r], %[xs]\n\t"
          "ldr %[xv], [%[r]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #40]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          "ldr %[xv], %[ys]\n\t"
          "add %[r], %[r], %[xv]\n\t"
          "ldr %[xv], [%[r]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #48]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          "add %[r], %[r], %[xs]\n\t"
          "ldr %[xv], [%[r]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #56]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          "add %[r], %[r], %[xs]\n\t"
          "ldr %[xv], [%[r]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #64]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3),
            [r] "+r"(r), [xv] "=&r"(xv), [xe] "=&r"(xe), [we] "=&r"(we),
            [wo] "=&r"(wo)
          : [xs] "r"(xstep), [ys] "m"(ys2), [wu] "r"(wu), [off] "r"(offpair)
          : "memory");
    tmlc_cm_dwq_store4(yp, a0, a1, a2, a3, q, oo, lo, hi);
    xp += xadv;
    yp += nc;
  }
}
/* One output pixel of 4 channels from 9 tap pointers tp (taps outside the
 * input point at 4 bytes of -input_offset, which add 0), same weights and
 * requantization as tmlc_cm_dw3x3_run. */
static __attribute__((noinline)) void
tmlc_cm_dw3x3_ptrs(const int8_t *const *tp, int8_t *yp, const int32_t *wu,
                   int32_t offpair, const tmlc_cm_dwq *q, int32_t oo,
                   int32_t lo, int32_t hi) {
  int32_t a0 = q[0].bias, a1 = q[1].bias, a2 = q[2].bias, a3 = q[3].bias;
  uint32_t xv, xe, we, wo;
  __asm__(
          "ldr %[xv], [%[tp], #0]\n\t"
          "ldr %[xv], [%[xv]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #0]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          "ldr %[xv], [%[tp], #4]\n\t"
          "ldr %[xv], [%[xv]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #8]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          "ldr %[xv], [%[tp], #8]\n\t"
          "ldr %[xv], [%[xv]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #16]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          "ldr %[xv], [%[tp], #12]\n\t"
          "ldr %[xv], [%[xv]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #24]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          "ldr %[xv], [%[tp], #16]\n\t"
          "ldr %[xv], [%[xv]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #32]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          "ldr %[xv], [%[tp], #20]\n\t"
          "ldr %[xv], [%[xv]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #40]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          "ldr %[xv], [%[tp], #24]\n\t"
          "ldr %[xv], [%[xv]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #48]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          "ldr %[xv], [%[tp], #28]\n\t"
          "ldr %[xv], [%[xv]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #56]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          "ldr %[xv], [%[tp], #32]\n\t"
          "ldr %[xv], [%[xv]]\n\t"
          "sxtab16 %[xe], %[off], %[xv]\n\t"
          "sxtab16 %[xv], %[off], %[xv], ror #8\n\t"
          "ldrd %[we], %[wo], [%[wu], #64]\n\t"
          "smlabb %[a0], %[xe], %[we], %[a0]\n\t"
          "smlatt %[a2], %[xe], %[we], %[a2]\n\t"
          "smlabb %[a1], %[xv], %[wo], %[a1]\n\t"
          "smlatt %[a3], %[xv], %[wo], %[a3]\n\t"
          : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3),
            [xv] "=&r"(xv), [xe] "=&r"(xe), [we] "=&r"(we), [wo] "=&r"(wo)
          : [tp] "r"(tp), [wu] "r"(wu), [off] "r"(offpair)
          : "memory");
  tmlc_cm_dwq_store4(yp, a0, a1, a2, a3, q, oo, lo, hi);
}
/* All output pixels of one group of 4 channels of a 3 x 3 filter (xg, yg:
 * the group's first channel in the batch's input and output), every channel
 * in the one-sum form, input offset in [-127, 128]: the columns whose 3
 * taps lie inside the input in runs through tmlc_cm_dw3x3_run (filter rows
 * outside skipped), the other pixels through tmlc_cm_dw3x3_ptrs with the
 * taps outside pointing at padw. */
static __attribute__((noinline)) void
tmlc_cm_dw3x3_group(const int8_t *xg, int8_t *yg,
                    const tmlc_conv_s8_params *p, const int32_t *wu,
                    int32_t offpair, const tmlc_cm_dwq *dq,
                    const int32_t *fb, const int8_t *padw) {
  const int32_t nc = p->in_c, in_w = p->in_w, in_h = p->in_h;
  const int32_t sw = p->stride_w, dw = p->dilation_w, dh = p->dilation_h;
  const int32_t pl = p->pad_left, out_w = p->out_w;
  const int32_t xstep = dw * nc, ystep = dh * in_w * nc;
  const int32_t oo = p->output_offset, lo = p->act_min, hi = p->act_max;
  int32_t ox_a, ox_b, oy, ox, j;
  /* Interior columns [ox_a, ox_b): all three taps of a row inside. */
  tmlc_cm_dw3x3_cols(p, &ox_a, &ox_b);
  for (oy = 0; oy < p->out_h; ++oy) {
    const int32_t iy0 = oy * p->stride_h - p->pad_top;
    int8_t *yr = yg + (size_t)oy * out_w * nc;
    const int8_t *rows[3];
    int32_t ky0 = 3, ky1 = 0;
    for (j = 0; j < 3; ++j) {
      const int32_t iy = iy0 + j * dh;
      rows[j] = NULL;
      if (iy >= 0 && iy < in_h) {
        rows[j] = xg + (size_t)iy * in_w * nc;
        if (ky0 > j)
          ky0 = j;
        ky1 = j + 1;
      }
    }
    for (ox = 0; ox < out_w; ++ox) {
      const int32_t ix0 = ox * sw - pl;
      const int8_t *tp[9];
      int32_t co[3];
      if (ky1 > ky0 && ox == ox_a && ox_b > ox_a) {
        /* The rows inside are contiguous (iy increases with the row). */
        if (ky0 == 0 && ky1 == 3) {
          const int32_t n = ox_b - ox_a;
          const int8_t *xr = rows[0] + (size_t)ix0 * nc;
          int8_t *yo = yr + (size_t)ox * nc;
          /* Pairs pay off from 4 pixels on (the call, the odd pixel). */
          const int32_t n2 = tmlc_cm_dw3x3_npairs(p, n);
          if (TMLC_CM_DW_HAS(TMLC_CM_DW_P_RUN2) && n2 > 0)
            tmlc_cm_dw3x3_run2(xr, yo, n2, nc, xstep, ystep, wu, fb, dq, oo,
                               lo, hi);
          if (TMLC_CM_DW_HAS(TMLC_CM_DW_P_RUN) && n > n2)
            tmlc_cm_dw3x3_run(xr + (size_t)n2 * xstep, yo + (size_t)n2 * nc,
                              n - n2, sw * nc, nc, xstep, ystep, wu, offpair,
                              dq, oo, lo, hi);
        } else if (TMLC_CM_DW_HAS(TMLC_CM_DW_P_ROWS))
          tmlc_cm_dw3x3_run_rows(rows[ky0] + (size_t)ix0 * nc,
                                 yr + (size_t)ox * nc, ox_b - ox_a, sw * nc,
                                 nc, xstep, ystep, wu, offpair, dq, oo, lo,
                                 hi, ky0, ky1);
        ox = ox_b - 1;
        continue;
      }
      if (TMLC_CM_DW_HAS(TMLC_CM_DW_P_EDGE2) && ky1 > ky0) {
        /* Two adjacent filter columns inside (tmlc_cm_dw3x3_is_edge2):
         * the filter rows inside, two taps each. */
        int32_t kx0, kx1;
        if (dw == 1) {
          kx0 = ix0 < 0 ? -ix0 : 0;
          kx1 = in_w - ix0 < 3 ? in_w - ix0 : 3;
        } else {
          tmlc_cm_dw3x3_kx(p, ox, &kx0, &kx1);
        }
        if (kx1 - kx0 == 2) {
          tmlc_cm_dw3x3_edge2(rows[ky0] + (size_t)(ix0 + kx0 * dw) * nc,
                              yr + (size_t)ox * nc, ky1 - ky0, xstep, ystep,
                              wu + 2 * (3 * ky0 + kx0), offpair, dq, oo, lo,
                              hi);
          continue;
        }
      }
      for (j = 0; j < 3; ++j) {
        const int32_t ix = ix0 + j * dw;
        co[j] = ix >= 0 && ix < in_w ? ix * nc : -1;
      }
#define TMLC_CM_DW_TP(i)                                                     \
  tp[i] = rows[(i) / 3] != NULL && co[(i) % 3] >= 0                          \
              ? rows[(i) / 3] + co[(i) % 3]                                  \
              : padw
      TMLC_CM_DW_TP(0);
      TMLC_CM_DW_TP(1);
      TMLC_CM_DW_TP(2);
      TMLC_CM_DW_TP(3);
      TMLC_CM_DW_TP(4);
      TMLC_CM_DW_TP(5);
      TMLC_CM_DW_TP(6);
      TMLC_CM_DW_TP(7);
      TMLC_CM_DW_TP(8);
#undef TMLC_CM_DW_TP
      if (TMLC_CM_DW_HAS(TMLC_CM_DW_P_PTRS))
        tmlc_cm_dw3x3_ptrs(tp, yr + (size_t)ox * nc, wu, offpair, dq, oo, lo,
                           hi);
    }
  }
}
#endif

tmlc_status tmlc_depthwise_conv2d_s8_dsp(const int8_t *x, const int8_t *w,
                                         const int32_t *bias, int8_t *y,
                                         const tmlc_conv_s8_params *p) {
#if !(defined(__ARM_FEATURE_DSP) && defined(__OPTIMIZE__))
  return tmlc_depthwise_conv2d_s8(x, w, bias, y, p);
#else
  int32_t wu[2 * TMLC_CM_DW_MAX_TAPS];
  int8_t padw[4];
  int32_t b, oy, ox, c, nc, ntaps, t;
  int32_t offpair, io, oo, lo, hi, xstep, ystep;
  const uint32_t bits = x != NULL && w != NULL && y != NULL
                            ? tmlc_cm_dw_dsp_plan(p)
                            : TMLC_CM_DW_P_PORTABLE;
  if ((bits & TMLC_CM_DW_P_PORTABLE) || (bits & ~TMLC_CM_DW_DSP_PATHS)) {
    if (TMLC_CM_DW_HAS(TMLC_CM_DW_P_PORTABLE))
      return tmlc_depthwise_conv2d_s8(x, w, bias, y, p);
    return TMLC_ERR_ARG;
  }
  nc = p->in_c;
  io = p->input_offset;
  oo = p->output_offset;
  lo = p->act_min;
  hi = p->act_max;
  offpair = tmlc_cm_offpair(io);
  for (t = 0; t < 4; ++t)
    padw[t] = (int8_t)(-io); /* used only for io in [-127, 128] */
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
      int32_t bv[4], fb[4];
      int32_t j;
      for (j = 0; j < 4; ++j) {
        const int32_t cj = c + (j < m ? j : 0);
        const int32_t q = p->per_channel ? cj : 0;
        rq[j] = tmlc_cm_rq_make(p->multiplier[q], p->shift[q]);
        bv[j] = bias != NULL ? bias[cj] : 0;
      }
      /* 3 x 3 filter, 4 channels in the one-sum form, offset in
       * [-127, 128], act_max <= 127. */
      const int g3 = TMLC_CM_DW_HAS(TMLC_CM_DW_P_3X3) &&
                     tmlc_cm_dw_group_3x3(p, c);
      tmlc_cm_dwq dq[4];
      for (j = 0; g3 && j < 4; ++j) {
        const int32_t q = p->per_channel ? c + j : 0;
        const int32_t mu = p->multiplier[q], sh = p->shift[q];
        dq[j].klo = sh == -1 ? 0xC0000000u : 0x40000000u;
        dq[j].khi = sh == -1 ? 0 : (int32_t)((uint32_t)1 << (-sh - 2));
        dq[j].mult = mu;
        dq[j].e1 = -sh - 1;
        dq[j].bias = bv[j];
      }
      if (m == 4) {
        /* Weight sums per channel as halfword pairs (at most 64 * 128). */
        int32_t se = 0, so = 0;
        for (t = 0; t < ntaps; ++t) {
          const uint32_t wv = tmlc_cm_ld32(w + (size_t)t * nc + c);
          wu[2 * t] = __sxtb16((int32_t)wv);
          wu[2 * t + 1] = tmlc_cm_sxtb16_ror8(wv);
          se = __sadd16(se, wu[2 * t]);
          so = __sadd16(so, wu[2 * t + 1]);
        }
        /* Start values of tmlc_cm_dw3x3_run2: bias + input offset * weight
         * sum (mod 2^32, as the int32 sums). */
        fb[0] = (int32_t)((uint32_t)bv[0] + (uint32_t)(io * (int16_t)se));
        fb[1] = (int32_t)((uint32_t)bv[1] + (uint32_t)(io * (int16_t)so));
        fb[2] = (int32_t)((uint32_t)bv[2] +
                          (uint32_t)(io * (int16_t)((uint32_t)se >> 16)));
        fb[3] = (int32_t)((uint32_t)bv[3] +
                          (uint32_t)(io * (int16_t)((uint32_t)so >> 16)));
      }
      if (g3) {
        tmlc_cm_dw3x3_group(xb + c, ybat + c, p, wu, offpair, dq, fb, padw);
        continue;
      }
      for (oy = 0; TMLC_CM_DW_HAS(TMLC_CM_DW_P_PX4 | TMLC_CM_DW_P_TAIL) &&
                   oy < p->out_h;
           ++oy) {
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
          if (TMLC_CM_DW_HAS(TMLC_CM_DW_P_PX4) && m == 4) {
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
