/*===- tmlc_cm_dsp.h - SMLAD dot-product blocks (Cortex-M DSP extension) --===*
 *
 * Part of the tmlc runtime. Include only where __ARM_FEATURE_DSP is defined.
 *
 * Four int8 values are loaded as one word; SXTB16 sign-extends bytes 0 and 2
 * into two halfwords, SXTB16 with ROR #8 bytes 1 and 3. SXTAB16 does the
 * same and adds a halfword pair in the same instruction, which is how the
 * input offset is applied (x + input_offset stays within int16 for every
 * offset the kernels accept). Activations and weights are unpacked with the
 * same byte permutation, so SMLAD multiplies matching pairs. All sums are
 * int32 modulo 2^32, like the portable kernels' int32 sums.
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_CM_DSP_H
#define TMLC_CM_DSP_H

#include <stdint.h>
#include <arm_acle.h>

#include "tmlc_cm_common.h"

/** SXTB16 Rd, Rm, ROR #8 (bytes 1 and 3). gcc 12 does not fold a rotate
 * into SXTB16, so this is written out. */
static inline int32_t tmlc_cm_sxtb16_ror8(uint32_t v) {
  int32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(v));
  return r;
}

/** SXTAB16 Rd, Rn, Rm, ROR #8. */
static inline int32_t tmlc_cm_sxtab16_ror8(int32_t add, uint32_t v) {
  int32_t r;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(add), "r"(v));
  return r;
}

/** The input offset as a halfword pair for SXTAB16. */
static inline int32_t tmlc_cm_offpair(int32_t off) {
  return (int32_t)(((uint32_t)off & 0xFFFFu) | ((uint32_t)off << 16));
}

/** acc[0] += w0 . (a + off), acc[1] += w0 . (b + off),
 *  acc[2] += w1 . (a + off), acc[3] += w1 . (b + off), over len bytes.
 * Two activation rows by two weight rows: each unpacked word feeds two
 * SMLADs. */
static inline void tmlc_cm_dsp_dot_2x2(const int8_t *a, const int8_t *b,
                                       const int8_t *w0, const int8_t *w1,
                                       int32_t len, int32_t offpair,
                                       int32_t off, int32_t *acc) {
  int32_t s00 = acc[0], s01 = acc[1], s10 = acc[2], s11 = acc[3];
  const int32_t n4 = len & ~3;
  /* b and w1 as distances from a and w0 (as integers: they may lie in
   * different objects), which frees two registers in the loop. */
  const uintptr_t db = (uintptr_t)b - (uintptr_t)a;
  const uintptr_t dw1 = (uintptr_t)w1 - (uintptr_t)w0;
  const int8_t *aend = a + n4;
  int32_t i;
  while (a != aend) {
    const uint32_t xa = tmlc_cm_ld32(a);
    const uint32_t xb = tmlc_cm_ld32((const int8_t *)((uintptr_t)a + db));
    const int32_t a0 = __sxtab16(offpair, (int32_t)xa);
    const int32_t a1 = tmlc_cm_sxtab16_ror8(offpair, xa);
    const int32_t b0 = __sxtab16(offpair, (int32_t)xb);
    const int32_t b1 = tmlc_cm_sxtab16_ror8(offpair, xb);
    uint32_t v = tmlc_cm_ld32(w0);
    int32_t v0 = __sxtb16((int32_t)v);
    int32_t v1 = tmlc_cm_sxtb16_ror8(v);
    s00 = __smlad(v0, a0, s00);
    s00 = __smlad(v1, a1, s00);
    s01 = __smlad(v0, b0, s01);
    s01 = __smlad(v1, b1, s01);
    v = tmlc_cm_ld32((const int8_t *)((uintptr_t)w0 + dw1));
    v0 = __sxtb16((int32_t)v);
    v1 = tmlc_cm_sxtb16_ror8(v);
    s10 = __smlad(v0, a0, s10);
    s10 = __smlad(v1, a1, s10);
    s11 = __smlad(v0, b0, s11);
    s11 = __smlad(v1, b1, s11);
    a += 4;
    w0 += 4;
  }
  b = (const int8_t *)((uintptr_t)a + db);
  w1 = (const int8_t *)((uintptr_t)w0 + dw1);
  for (i = 0; i < (len & 3); ++i) {
    const int32_t xa = (int32_t)a[i] + off;
    const int32_t xb = (int32_t)b[i] + off;
    s00 += (int32_t)w0[i] * xa;
    s01 += (int32_t)w0[i] * xb;
    s10 += (int32_t)w1[i] * xa;
    s11 += (int32_t)w1[i] * xb;
  }
  acc[0] = s00;
  acc[1] = s01;
  acc[2] = s10;
  acc[3] = s11;
}

/** acc[j] += wj . (a + off) for four weight rows w0..w3 (one activation
 * row): each unpacked activation word feeds four SMLADs. */
static inline void tmlc_cm_dsp_dot_1x4(const int8_t *a, const int8_t *w0,
                                       int32_t wstride, int32_t len,
                                       int32_t offpair, int32_t off,
                                       int32_t *acc) {
  int32_t s0 = acc[0], s1 = acc[1], s2 = acc[2], s3 = acc[3];
  const int8_t *w1 = w0 + wstride;
  const int8_t *w2 = w1 + wstride;
  const int8_t *w3 = w2 + wstride;
  int32_t n = len >> 2;
  int32_t i;
  while (n-- > 0) {
    const uint32_t xa = tmlc_cm_ld32(a);
    const int32_t a0 = __sxtab16(offpair, (int32_t)xa);
    const int32_t a1 = tmlc_cm_sxtab16_ror8(offpair, xa);
    uint32_t v;
    a += 4;
    v = tmlc_cm_ld32(w0);
    w0 += 4;
    s0 = __smlad(__sxtb16((int32_t)v), a0, s0);
    s0 = __smlad(tmlc_cm_sxtb16_ror8(v), a1, s0);
    v = tmlc_cm_ld32(w1);
    w1 += 4;
    s1 = __smlad(__sxtb16((int32_t)v), a0, s1);
    s1 = __smlad(tmlc_cm_sxtb16_ror8(v), a1, s1);
    v = tmlc_cm_ld32(w2);
    w2 += 4;
    s2 = __smlad(__sxtb16((int32_t)v), a0, s2);
    s2 = __smlad(tmlc_cm_sxtb16_ror8(v), a1, s2);
    v = tmlc_cm_ld32(w3);
    w3 += 4;
    s3 = __smlad(__sxtb16((int32_t)v), a0, s3);
    s3 = __smlad(tmlc_cm_sxtb16_ror8(v), a1, s3);
  }
  for (i = 0; i < (len & 3); ++i) {
    const int32_t xa = (int32_t)a[i] + off;
    s0 += (int32_t)w0[i] * xa;
    s1 += (int32_t)w1[i] * xa;
    s2 += (int32_t)w2[i] * xa;
    s3 += (int32_t)w3[i] * xa;
  }
  acc[0] = s0;
  acc[1] = s1;
  acc[2] = s2;
  acc[3] = s3;
}

#endif /* TMLC_CM_DSP_H */
