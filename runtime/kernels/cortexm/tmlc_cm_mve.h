/*===- tmlc_cm_mve.h - Helium (MVE) building blocks of the int8 kernels ---===*
 *
 * Part of the tmlc runtime. Include only where __ARM_FEATURE_MVE is defined.
 *
 * Dot products run on raw int8 lanes (VMLADAVA, 16 MACs per instruction)
 * and the input offset is added afterwards from the weight sum (VADDVA):
 *   sum w * (x + off) = sum w * x + off * sum w   (mod 2^32),
 * the same int32 value the portable kernels compute. Tails use lane
 * predication (VCTP), so no load touches a byte beyond a row.
 *
 * tmlc_cm_mve_requant4() is TFLite's MultiplyByQuantizedMultiplier on four
 * lanes: VSHL (wrapping left shift), VQRDMULH (= SaturatingRoundingDoubling
 * HighMul, saturation included), then RoundingDivideByPOT as gemmlowp's
 * vector form: subtract 1 from negative values (saturating) and VRSHL,
 * which rounds half up; together that rounds half away from zero.
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_CM_MVE_H
#define TMLC_CM_MVE_H

#include <stdint.h>
#include <arm_mve.h>

#include "tmlc_cm_common.h"

/** Requantize four accumulators of channels oc .. oc+3 (lanes beyond n_ch
 * are don't-care), add the output offset, clamp. */
static inline int32x4_t tmlc_cm_mve_requant4(int32x4_t acc, const int32_t *mult,
                                             const int32_t *shift,
                                             int32_t per_channel, int32_t oc,
                                             mve_pred16_t lanes,
                                             int32_t out_off, int32_t lo,
                                             int32_t hi) {
  int32x4_t m, s, left, right, t;
  mve_pred16_t neg_shift;
  if (per_channel) {
    m = vldrwq_z_s32(mult + oc, lanes);
    s = vldrwq_z_s32(shift + oc, lanes);
  } else {
    m = vdupq_n_s32(mult[0]);
    s = vdupq_n_s32(shift[0]);
  }
  left = vmaxq_s32(s, vdupq_n_s32(0));
  right = vminq_s32(s, vdupq_n_s32(0));
  t = vqrdmulhq_s32(vshlq_s32(acc, left), m);
  neg_shift = vcmpltq_n_s32(right, 0);
  t = vqaddq_m_s32(t, t, vshrq_n_s32(t, 31), neg_shift);
  t = vrshlq_s32(t, right);
  t = vaddq_n_s32(t, out_off);
  t = vmaxq_s32(t, vdupq_n_s32(lo));
  t = vminq_s32(t, vdupq_n_s32(hi));
  return t;
}

/** acc[j] += sum w_j * x over len bytes, for the four weight rows
 * w + j * wstride: one activation load feeds four VMLADAVAs. Full
 * 16-byte steps unpredicated, the tail with a VCTP predicate (the inactive
 * lanes load as zero and add nothing). */
static inline void tmlc_cm_mve_dot_1x4(const int8_t *x, const int8_t *w,
                                       int32_t wstride, int32_t len,
                                       int32_t *acc) {
  const int8_t *w0 = w;
  const int8_t *w1 = w0 + wstride;
  const int8_t *w2 = w1 + wstride;
  const int8_t *w3 = w2 + wstride;
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  int32_t n = len >> 4;
  const int32_t rem = len & 15;
  while (n-- > 0) {
    const int8x16_t xv = vld1q_s8(x);
    a0 = vmladavaq_s8(a0, xv, vld1q_s8(w0));
    a1 = vmladavaq_s8(a1, xv, vld1q_s8(w1));
    a2 = vmladavaq_s8(a2, xv, vld1q_s8(w2));
    a3 = vmladavaq_s8(a3, xv, vld1q_s8(w3));
    x += 16;
    w0 += 16;
    w1 += 16;
    w2 += 16;
    w3 += 16;
  }
  if (rem != 0) {
    const mve_pred16_t pr = vctp8q((uint32_t)rem);
    const int8x16_t xv = vldrbq_z_s8(x, pr);
    a0 = vmladavaq_s8(a0, xv, vldrbq_z_s8(w0, pr));
    a1 = vmladavaq_s8(a1, xv, vldrbq_z_s8(w1, pr));
    a2 = vmladavaq_s8(a2, xv, vldrbq_z_s8(w2, pr));
    a3 = vmladavaq_s8(a3, xv, vldrbq_z_s8(w3, pr));
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

/** Sum of len int8 values. */
static inline int32_t tmlc_cm_mve_sum(const int8_t *x, int32_t len) {
  int32_t s = 0;
  int32_t n = len >> 4;
  while (n-- > 0) {
    s = vaddvaq_s8(s, vld1q_s8(x));
    x += 16;
  }
  if ((len & 15) != 0)
    s = vaddvaq_s8(s, vldrbq_z_s8(x, vctp8q((uint32_t)(len & 15))));
  return s;
}

/** acc[j] += sum w_j * x over len bytes for the four weight rows w0..w3
 * (rows may repeat; their lanes are then dropped by the caller). Full
 * 16-byte steps unpredicated, the tail with a VCTP predicate. */
static inline void tmlc_cm_mve_dot4(const int8_t *x, const int8_t *w0,
                                    const int8_t *w1, const int8_t *w2,
                                    const int8_t *w3, int32_t len,
                                    int32_t *acc) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  int32_t n = len >> 4;
  const int32_t rem = len & 15;
  while (n-- > 0) {
    const int8x16_t xv = vld1q_s8(x);
    a0 = vmladavaq_s8(a0, xv, vld1q_s8(w0));
    a1 = vmladavaq_s8(a1, xv, vld1q_s8(w1));
    a2 = vmladavaq_s8(a2, xv, vld1q_s8(w2));
    a3 = vmladavaq_s8(a3, xv, vld1q_s8(w3));
    x += 16;
    w0 += 16;
    w1 += 16;
    w2 += 16;
    w3 += 16;
  }
  if (rem != 0) {
    const mve_pred16_t pr = vctp8q((uint32_t)rem);
    const int8x16_t xv = vldrbq_z_s8(x, pr);
    a0 = vmladavaq_s8(a0, xv, vldrbq_z_s8(w0, pr));
    a1 = vmladavaq_s8(a1, xv, vldrbq_z_s8(w1, pr));
    a2 = vmladavaq_s8(a2, xv, vldrbq_z_s8(w2, pr));
    a3 = vmladavaq_s8(a3, xv, vldrbq_z_s8(w3, pr));
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

/** n bytes from s to d (predicated 16-byte steps). */
static inline void tmlc_cm_mve_copy(int8_t *d, const int8_t *s, int32_t n) {
  while (n > 0) {
    const mve_pred16_t pr = vctp8q((uint32_t)n);
    vstrbq_p_s8(d, vldrbq_z_s8(s, pr), pr);
    d += 16;
    s += 16;
    n -= 16;
  }
}

/** n bytes of value v at d. */
static inline void tmlc_cm_mve_fill(int8_t *d, int8_t v, int32_t n) {
  const int8x16_t vv = vdupq_n_s8(v);
  while (n > 0) {
    vstrbq_p_s8(d, vv, vctp8q((uint32_t)n));
    d += 16;
    n -= 16;
  }
}

/** Four dot products of one activation segment with four weight rows,
 * added to a0..a3 and returned as one vector (lane j: row j). A
 * tail-predicated low-overhead loop (WLSTP/LETP, 10 instructions per 64
 * MACs): the last step predicated (inactive lanes add nothing, no byte
 * read past len). The pointers are advanced by len rounded up to 16. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__OPTIMIZE__) && \
    !defined(TMLC_CM_MVE_NO_ASM)
#define TMLC_CM_MVE_DOT4_ASM 1
static inline int32x4_t tmlc_cm_mve_dot4v(const int8_t **xp, const int8_t **wp0,
                                          const int8_t **wp1,
                                          const int8_t **wp2,
                                          const int8_t **wp3, int32_t len,
                                          int32_t a0, int32_t a1, int32_t a2,
                                          int32_t a3) {
  const int8_t *x = *xp, *w0 = *wp0, *w1 = *wp1, *w2 = *wp2, *w3 = *wp3;
  int32x4_t r;
  __asm__ volatile(
      "   wlstp.8  lr, %[n], 1f\n"
      "2: vldrb.8  q0, [%[x]], #16\n"
      "   vldrb.8  q1, [%[w0]], #16\n"
      "   vmladava.s8 %[a0], q0, q1\n"
      "   vldrb.8  q2, [%[w1]], #16\n"
      "   vmladava.s8 %[a1], q0, q2\n"
      "   vldrb.8  q1, [%[w2]], #16\n"
      "   vmladava.s8 %[a2], q0, q1\n"
      "   vldrb.8  q2, [%[w3]], #16\n"
      "   vmladava.s8 %[a3], q0, q2\n"
      "   letp     lr, 2b\n"
      "1:\n"
      : [x] "+r"(x), [w0] "+r"(w0), [w1] "+r"(w1), [w2] "+r"(w2),
        [w3] "+r"(w3), [a0] "+Te"(a0), [a1] "+Te"(a1), [a2] "+Te"(a2),
        [a3] "+Te"(a3)
      : [n] "r"(len)
      : "q0", "q1", "q2", "lr", "memory");
  *xp = x;
  *wp0 = w0;
  *wp1 = w1;
  *wp2 = w2;
  *wp3 = w3;
  r = vdupq_n_s32(a0);
  r = vsetq_lane_s32(a1, r, 1);
  r = vsetq_lane_s32(a2, r, 2);
  r = vsetq_lane_s32(a3, r, 3);
  return r;
}
#endif

/** tmlc_cm_mve_dot4v for the rows w, w + len, w + 2 len, w + 3 len with the
 * accumulators starting at a[0..3]; the row pointers live only inside the
 * asm (fewer registers for the caller to keep). */
#if defined(TMLC_CM_MVE_DOT4_ASM)
static inline int32x4_t tmlc_cm_mve_dot4r(const int8_t *x, const int8_t *w,
                                          int32_t len, const int32_t *a) {
  int32_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
  const int8_t *w1, *w2, *w3;
  int32x4_t r;
  __asm__ volatile(
      "   add      %[w1], %[w0], %[n]\n"
      "   add      %[w2], %[w1], %[n]\n"
      "   add      %[w3], %[w2], %[n]\n"
      "   wlstp.8  lr, %[n], 1f\n"
      "2: vldrb.8  q0, [%[x]], #16\n"
      "   vldrb.8  q1, [%[w0]], #16\n"
      "   vmladava.s8 %[a0], q0, q1\n"
      "   vldrb.8  q2, [%[w1]], #16\n"
      "   vmladava.s8 %[a1], q0, q2\n"
      "   vldrb.8  q1, [%[w2]], #16\n"
      "   vmladava.s8 %[a2], q0, q1\n"
      "   vldrb.8  q2, [%[w3]], #16\n"
      "   vmladava.s8 %[a3], q0, q2\n"
      "   letp     lr, 2b\n"
      "1: vmov     %q[r][2], %q[r][0], %[a0], %[a2]\n"
      "   vmov     %q[r][3], %q[r][1], %[a1], %[a3]\n"
      : [x] "+r"(x), [w0] "+r"(w), [w1] "=&r"(w1), [w2] "=&r"(w2),
        [w3] "=&r"(w3), [a0] "+Te"(a0), [a1] "+Te"(a1), [a2] "+Te"(a2),
        [a3] "+Te"(a3), [r] "=w"(r)
      : [n] "r"(len)
      : "q0", "q1", "q2", "lr", "memory");
  return r;
}
#endif

/** a[j] += sum over len bytes of x times row j (rows stride bytes apart,
 * starting at w); tail-predicated asm loop as tmlc_cm_mve_dot4v. */
#if defined(TMLC_CM_MVE_DOT4_ASM)
static inline void tmlc_cm_mve_dot4s(const int8_t *x, const int8_t *w,
                                     int32_t len, int32_t stride,
                                     int32_t *a) {
  int32_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
  const int8_t *w1, *w2, *w3;
  __asm__ volatile(
      "   add      %[w1], %[w0], %[s]\n"
      "   add      %[w2], %[w1], %[s]\n"
      "   add      %[w3], %[w2], %[s]\n"
      "   wlstp.8  lr, %[n], 1f\n"
      "2: vldrb.8  q0, [%[x]], #16\n"
      "   vldrb.8  q1, [%[w0]], #16\n"
      "   vmladava.s8 %[a0], q0, q1\n"
      "   vldrb.8  q2, [%[w1]], #16\n"
      "   vmladava.s8 %[a1], q0, q2\n"
      "   vldrb.8  q1, [%[w2]], #16\n"
      "   vmladava.s8 %[a2], q0, q1\n"
      "   vldrb.8  q2, [%[w3]], #16\n"
      "   vmladava.s8 %[a3], q0, q2\n"
      "   letp     lr, 2b\n"
      "1:\n"
      : [x] "+r"(x), [w0] "+r"(w), [w1] "=&r"(w1), [w2] "=&r"(w2),
        [w3] "=&r"(w3), [a0] "+Te"(a0), [a1] "+Te"(a1), [a2] "+Te"(a2),
        [a3] "+Te"(a3)
      : [n] "r"(len), [s] "r"(stride)
      : "q0", "q1", "q2", "lr", "memory");
  a[0] = a0;
  a[1] = a1;
  a[2] = a2;
  a[3] = a3;
}
#endif

/** Two dot products of x with the rows w and w + stride over len bytes,
 * added to a[0..1], and the two row sums (VADDVA) added to s[0..1]; the
 * tail-predicated loop of tmlc_cm_mve_dot4v (8 instructions per 32 MACs). */
#if defined(TMLC_CM_MVE_DOT4_ASM)
static inline void tmlc_cm_mve_dot2ws(const int8_t *x, const int8_t *w,
                                      int32_t len, int32_t stride,
                                      int32_t *a, int32_t *s) {
  int32_t a0 = a[0], a1 = a[1], s0 = s[0], s1 = s[1];
  const int8_t *w1;
  __asm__ volatile(
      "   add      %[w1], %[w0], %[st]\n"
      "   wlstp.8  lr, %[n], 1f\n"
      "2: vldrb.8  q0, [%[x]], #16\n"
      "   vldrb.8  q1, [%[w0]], #16\n"
      "   vmladava.s8 %[a0], q0, q1\n"
      "   vaddva.s8 %[s0], q1\n"
      "   vldrb.8  q2, [%[w1]], #16\n"
      "   vmladava.s8 %[a1], q0, q2\n"
      "   vaddva.s8 %[s1], q2\n"
      "   letp     lr, 2b\n"
      "1:\n"
      : [x] "+r"(x), [w0] "+r"(w), [w1] "=&r"(w1), [a0] "+Te"(a0),
        [a1] "+Te"(a1), [s0] "+Te"(s0), [s1] "+Te"(s1)
      : [n] "r"(len), [st] "r"(stride)
      : "q0", "q1", "q2", "lr", "memory");
  a[0] = a0;
  a[1] = a1;
  s[0] = s0;
  s[1] = s1;
}
#endif

#endif /* TMLC_CM_MVE_H */
