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


/*---- int16 "column" buffers and the hand-scheduled SMLAD loops ----------*
 * A column holds the receptive field of one or two output pixels as int16
 * with the input offset already added (a pad tap is a real 0), in blocks of
 * 4 k-values: per pixel (x0,x2),(x1,x3) as two halfword pairs, i.e. the
 * order SXTB16 / SXTB16 ROR #8 give the weight bytes, so SMLAD multiplies
 * matching pairs with the weights unpacked once and the activations not at
 * all. Two-pixel columns interleave the blocks: a0 a2 a1 a3 b0 b2 b1 b3.
 * Columns must be 4-byte aligned (LDRD). */

/** Halfword index of k inside a column with npx pixels (pixel p). */
static inline int32_t tmlc_cm_col_pos(int32_t k, int32_t npx, int32_t p) {
  static const uint8_t perm[4] = {0, 2, 1, 3};
  return (k >> 2) * 4 * npx + p * 4 + (int32_t)perm[k & 3];
}

/** Whole blocks of column entries from k0 (a multiple of 4) of pixel p:
 * one LDR, two SXTAB16, two word stores per 4 values; returns n rounded
 * down to a multiple of 4. */
static inline int32_t tmlc_cm_col_blocks(int16_t *col, int32_t npx, int32_t p,
                                         int32_t k0, const int8_t *src,
                                         int32_t n, int32_t offpair) {
  int32_t *d = (int32_t *)(void *)(col + tmlc_cm_col_pos(k0, npx, p));
  const int32_t step = 2 * npx;
  int32_t i = 0;
  if (src == NULL) {
    for (; i + 4 <= n; i += 4, d += step)
      d[0] = d[1] = 0;
  } else {
    for (; i + 4 <= n; i += 4, d += step) {
      const uint32_t v = tmlc_cm_ld32(src + i);
      d[0] = __sxtab16(offpair, (int32_t)v);
      d[1] = tmlc_cm_sxtab16_ror8(offpair, v);
    }
  }
  return i;
}

/** tmlc_cm_col_put for k0 or n not a multiple of 4 (rows of odd length,
 * e.g. 3 x 3 input channels): single values up to a block boundary, whole
 * blocks, single values. */
static __attribute__((noinline)) void
tmlc_cm_col_put_any(int16_t *col, int32_t npx, int32_t p, int32_t k0,
                    const int8_t *src, int32_t n, int32_t off,
                    int32_t offpair) {
  int32_t i = 0;
  for (; i < n && ((k0 + i) & 3) != 0; ++i)
    col[tmlc_cm_col_pos(k0 + i, npx, p)] =
        (int16_t)(src != NULL ? (int32_t)src[i] + off : 0);
  if (i + 4 <= n)
    i += tmlc_cm_col_blocks(col, npx, p, k0 + i,
                            src != NULL ? src + i : NULL, n - i, offpair);
  for (; i < n; ++i)
    col[tmlc_cm_col_pos(k0 + i, npx, p)] =
        (int16_t)(src != NULL ? (int32_t)src[i] + off : 0);
}

/** Column entries k0 .. k0+n-1 of pixel p from n int8 values at src
 * (src == NULL: a pad, zeros). */
static inline void tmlc_cm_col_put(int16_t *col, int32_t npx, int32_t p,
                                   int32_t k0, const int8_t *src, int32_t n,
                                   int32_t off, int32_t offpair) {
  if (((k0 | n) & 3) == 0)
    (void)tmlc_cm_col_blocks(col, npx, p, k0, src, n, offpair);
  else
    tmlc_cm_col_put_any(col, npx, p, k0, src, n, off, offpair);
}

/** Zero the rest of the last block (k from k_end up to a multiple of 4). */
static inline void tmlc_cm_col_tail0(int16_t *col, int32_t npx, int32_t p,
                                     int32_t k_end) {
  for (; (k_end & 3) != 0; ++k_end)
    col[tmlc_cm_col_pos(k_end, npx, p)] = 0;
}

/** acc[0] += w0 . a, acc[1] += w0 . b, acc[2] += w1 . a, acc[3] += w1 . b
 * over nblk >= 1 whole blocks of a two-pixel column: 17 instructions per
 * 16 MACs plus the loop test. */
static inline void tmlc_cm_mac_2x2(const int16_t *col, const int8_t *w0,
                                   const int8_t *w1, int32_t nblk,
                                   int32_t *acc) {
  int32_t s00 = acc[0], s01 = acc[1], s10 = acc[2], s11 = acc[3];
  const int16_t *end = col + 8 * nblk;
  uint32_t u, v, x0, x1;
  __asm__ volatile(
      "1:\n\t"
      "ldr %[v], [%[w0]], #4\n\t"
      "ldrd %[x0], %[x1], [%[c]]\n\t"
      "sxtb16 %[u], %[v]\n\t"
      "sxtb16 %[v], %[v], ror #8\n\t"
      "smlad %[s00], %[u], %[x0], %[s00]\n\t"
      "smlad %[s00], %[v], %[x1], %[s00]\n\t"
      "ldrd %[x0], %[x1], [%[c], #8]\n\t"
      "smlad %[s01], %[u], %[x0], %[s01]\n\t"
      "smlad %[s01], %[v], %[x1], %[s01]\n\t"
      "ldr %[v], [%[w1]], #4\n\t"
      "sxtb16 %[u], %[v]\n\t"
      "sxtb16 %[v], %[v], ror #8\n\t"
      "smlad %[s11], %[u], %[x0], %[s11]\n\t"
      "smlad %[s11], %[v], %[x1], %[s11]\n\t"
      "ldrd %[x0], %[x1], [%[c]], #16\n\t"
      "smlad %[s10], %[u], %[x0], %[s10]\n\t"
      "smlad %[s10], %[v], %[x1], %[s10]\n\t"
      "cmp %[c], %[e]\n\t"
      "bne 1b\n\t"
      : [s00] "+r"(s00), [s01] "+r"(s01), [s10] "+r"(s10), [s11] "+r"(s11),
        [c] "+r"(col), [w0] "+r"(w0), [w1] "+r"(w1), [u] "=&r"(u),
        [v] "=&r"(v), [x0] "=&r"(x0), [x1] "=&r"(x1)
      : [e] "r"(end)
      : "cc", "memory");
  acc[0] = s00;
  acc[1] = s01;
  acc[2] = s10;
  acc[3] = s11;
}

/** acc[j] += wj . a for the four weight rows w0 + j * wstride over nblk >= 1
 * whole blocks of a one-pixel column: 21 instructions per 16 MACs plus the
 * loop test. */
static inline void tmlc_cm_mac_1x4(const int16_t *col, const int8_t *w0,
                                   int32_t wstride, int32_t nblk,
                                   int32_t *acc) {
  int32_t s0 = acc[0], s1 = acc[1], s2 = acc[2], s3 = acc[3];
  const int16_t *end = col + 4 * nblk;
  const int8_t *w2 = w0 + 2 * wstride;
  uint32_t u, v, x0, x1;
  __asm__ volatile(
      "1:\n\t"
      "ldrd %[x0], %[x1], [%[c]], #8\n\t"
      "ldr %[v], [%[w0], %[ws]]\n\t"
      "sxtb16 %[u], %[v]\n\t"
      "sxtb16 %[v], %[v], ror #8\n\t"
      "smlad %[s1], %[u], %[x0], %[s1]\n\t"
      "smlad %[s1], %[v], %[x1], %[s1]\n\t"
      "ldr %[v], [%[w0]], #4\n\t"
      "sxtb16 %[u], %[v]\n\t"
      "sxtb16 %[v], %[v], ror #8\n\t"
      "smlad %[s0], %[u], %[x0], %[s0]\n\t"
      "smlad %[s0], %[v], %[x1], %[s0]\n\t"
      "ldr %[v], [%[w2], %[ws]]\n\t"
      "sxtb16 %[u], %[v]\n\t"
      "sxtb16 %[v], %[v], ror #8\n\t"
      "smlad %[s3], %[u], %[x0], %[s3]\n\t"
      "smlad %[s3], %[v], %[x1], %[s3]\n\t"
      "ldr %[v], [%[w2]], #4\n\t"
      "sxtb16 %[u], %[v]\n\t"
      "sxtb16 %[v], %[v], ror #8\n\t"
      "smlad %[s2], %[u], %[x0], %[s2]\n\t"
      "smlad %[s2], %[v], %[x1], %[s2]\n\t"
      "cmp %[c], %[e]\n\t"
      "bne 1b\n\t"
      : [s0] "+r"(s0), [s1] "+r"(s1), [s2] "+r"(s2), [s3] "+r"(s3),
        [c] "+r"(col), [w0] "+r"(w0), [w2] "+r"(w2), [u] "=&r"(u),
        [v] "=&r"(v), [x0] "=&r"(x0), [x1] "=&r"(x1)
      : [e] "r"(end), [ws] "r"(wstride)
      : "cc", "memory");
  acc[0] = s0;
  acc[1] = s1;
  acc[2] = s2;
  acc[3] = s3;
}

/* One block (16 MACs) of the 2 x 2 loop of tmlc_cm_mac_2x2, as asm text
 * with its operand names. */
#define TMLC_CM_MAC_2X2_BLOCK \
      "ldr %[v], [%[w0]], #4\n\t" \
      "ldrd %[x0], %[x1], [%[c]]\n\t" \
      "sxtb16 %[u], %[v]\n\t" \
      "sxtb16 %[v], %[v], ror #8\n\t" \
      "smlad %[s00], %[u], %[x0], %[s00]\n\t" \
      "smlad %[s00], %[v], %[x1], %[s00]\n\t" \
      "ldrd %[x0], %[x1], [%[c], #8]\n\t" \
      "smlad %[s01], %[u], %[x0], %[s01]\n\t" \
      "smlad %[s01], %[v], %[x1], %[s01]\n\t" \
      "ldr %[v], [%[w1]], #4\n\t" \
      "sxtb16 %[u], %[v]\n\t" \
      "sxtb16 %[v], %[v], ror #8\n\t" \
      "smlad %[s11], %[u], %[x0], %[s11]\n\t" \
      "smlad %[s11], %[v], %[x1], %[s11]\n\t" \
      "ldrd %[x0], %[x1], [%[c]], #16\n\t" \
      "smlad %[s10], %[u], %[x0], %[s10]\n\t" \
      "smlad %[s10], %[v], %[x1], %[s10]\n\t" \

#define TMLC_CM_MAC_PAIRS_ASM(INIT)                                          \
  __asm__ volatile(                                                          \
      "0:\n\t"                                                               \
      "ldr %[c], %[cs]\n\t" INIT "1:\n\t" TMLC_CM_MAC_2X2_BLOCK                \
          TMLC_CM_MAC_2X2_BLOCK                                              \
      "cmp %[c], %[e]\n\t"                                                   \
      "bne 1b\n\t"                                                           \
      "strd %[s00], %[s01], [%[o]], #8\n\t"                                  \
      "strd %[s10], %[s11], [%[o]], #8\n\t"                                  \
      "ldr %[u], %[sk]\n\t"                                                  \
      "add %[w0], %[w0], %[u]\n\t"                                           \
      "add %[w1], %[w1], %[u]\n\t"                                           \
      "ldr %[u], %[oe]\n\t"                                                  \
      "cmp %[o], %[u]\n\t"                                                   \
      "bne 0b\n\t"                                                           \
      : [s00] "=&r"(s00), [s01] "=&r"(s01), [s10] "=&r"(s10),              \
        [s11] "=&r"(s11), [c] "=&r"(c), [w0] "+r"(w0), [w1] "+r"(w1),       \
        [u] "=&r"(u), [v] "=&r"(v), [x0] "=&r"(x0), [x1] "=&r"(x1),         \
        [o] "+r"(out)                                                        \
      : [e] "r"(cend), [cs] "m"(col), [oe] "m"(oend), [sk] "m"(skip)        \
      : "cc", "memory")

/** For npair >= 1 consecutive channel pairs (weight rows w, w + kk, ...;
 * nblk blocks of each, nblk even and >= 2, 4 * nblk <= kk): the sums
 * (w0 . a, w0 . b, w1 . a, w1 . b) of pair i over the nblk blocks of a
 * two-pixel column go to out[4i .. 4i+3] (added to them when add). The
 * whole pair loop is one asm block: 17 instructions per 16 MACs, the loop
 * test every 32 MACs, 12 or 14 per pair. */
static inline void tmlc_cm_mac_pairs(const int16_t *col, const int8_t *w,
                                     int32_t kk, int32_t nblk,
                                     int32_t npair, int32_t *out, int add) {
  const int16_t *cend = col + 8 * nblk;
  const int32_t *oend = out + 4 * npair;
  const int32_t skip = 2 * kk - 4 * nblk;
  const int8_t *w0 = w;
  const int8_t *w1 = w + kk;
  const int16_t *c;
  int32_t s00, s01, s10, s11;
  uint32_t u, v, x0, x1;
  if (add)
    TMLC_CM_MAC_PAIRS_ASM("ldrd %[s00], %[s01], [%[o]]\n\t"
                          "ldrd %[s10], %[s11], [%[o], #8]\n\t");
  else
    TMLC_CM_MAC_PAIRS_ASM("mov %[s00], #0\n\t"
                          "mov %[s01], #0\n\t"
                          "mov %[s10], #0\n\t"
                          "mov %[s11], #0\n\t");
}

/* One block (16 MACs) of one weight row over a four-pixel column (blocks of
 * p0 p1 p2 p3, 8 bytes each): 15 instructions. */
#define TMLC_CM_MAC_1X4P_BLOCK \
      "ldr %[v], [%[w]], #4\n\t" \
      "ldrd %[x0], %[x1], [%[c]], #8\n\t" \
      "sxtb16 %[u], %[v]\n\t" \
      "sxtb16 %[v], %[v], ror #8\n\t" \
      "smlad %[s0], %[u], %[x0], %[s0]\n\t" \
      "smlad %[s0], %[v], %[x1], %[s0]\n\t" \
      "ldrd %[x0], %[x1], [%[c]], #8\n\t" \
      "smlad %[s1], %[u], %[x0], %[s1]\n\t" \
      "smlad %[s1], %[v], %[x1], %[s1]\n\t" \
      "ldrd %[x0], %[x1], [%[c]], #8\n\t" \
      "smlad %[s2], %[u], %[x0], %[s2]\n\t" \
      "smlad %[s2], %[v], %[x1], %[s2]\n\t" \
      "ldrd %[x0], %[x1], [%[c]], #8\n\t" \
      "smlad %[s3], %[u], %[x0], %[s3]\n\t" \
      "smlad %[s3], %[v], %[x1], %[s3]\n\t"

#define TMLC_CM_MAC_QUADS_ASM(INIT, BLOCKS)                                  \
  __asm__ volatile(                                                          \
      "0:\n\t"                                                               \
      "ldr %[c], %[cs]\n\t" INIT "1:\n\t" BLOCKS                             \
      "cmp %[c], %[e]\n\t"                                                   \
      "bne 1b\n\t"                                                           \
      "strd %[s0], %[s1], [%[o]], #8\n\t"                                    \
      "strd %[s2], %[s3], [%[o]], #8\n\t"                                    \
      "ldr %[u], %[oe]\n\t"                                                  \
      "cmp %[o], %[u]\n\t"                                                   \
      "bne 0b\n\t"                                                           \
      : [s0] "=&r"(s0), [s1] "=&r"(s1), [s2] "=&r"(s2), [s3] "=&r"(s3),      \
        [c] "=&r"(c), [w] "+r"(w), [b] "+r"(b), [u] "=&r"(u), [v] "=&r"(v),  \
        [x0] "=&r"(x0), [x1] "=&r"(x1), [o] "+r"(out)                        \
      : [e] "r"(cend), [cs] "m"(col), [oe] "m"(oend)                         \
      : "cc", "memory")

/** For nch >= 1 consecutive weight rows w, w + kk, ... (kk == 4 * nblk,
 * nblk even and >= 2): bias[j] (0 when bias is NULL) plus the dot product
 * of row j with each pixel of a four-pixel column go to out[4j .. 4j+3].
 * One asm block: 15 instructions per 16 MACs, the loop test every 32
 * MACs, 11 or 12 per row. */
static inline void tmlc_cm_mac_quads(const int16_t *col, const int8_t *w,
                                     const int32_t *bias, int32_t nblk,
                                     int32_t nch, int32_t *out) {
  const int16_t *cend = col + 16 * nblk;
  const int32_t *oend = out + 4 * nch;
  const int32_t *b = bias;
  const int16_t *c;
  int32_t s0, s1, s2, s3;
  uint32_t u, v, x0, x1;
#define TMLC_CM_MAC_QUADS_B2 TMLC_CM_MAC_1X4P_BLOCK TMLC_CM_MAC_1X4P_BLOCK
#define TMLC_CM_MAC_QUADS_B4 TMLC_CM_MAC_QUADS_B2 TMLC_CM_MAC_QUADS_B2
#define TMLC_CM_MAC_QUADS_BIAS                                               \
  "ldr %[s0], [%[b]], #4\n\t"                                                 \
  "mov %[s1], %[s0]\n\t"                                                      \
  "mov %[s2], %[s0]\n\t"                                                      \
  "mov %[s3], %[s0]\n\t"
#define TMLC_CM_MAC_QUADS_ZERO                                               \
  "mov %[s0], #0\n\t"                                                         \
  "mov %[s1], #0\n\t"                                                         \
  "mov %[s2], #0\n\t"                                                         \
  "mov %[s3], #0\n\t"
  /* Rows of a multiple of 16 values: the loop test every 64 MACs. */
  if (b != NULL && (nblk & 3) == 0)
    TMLC_CM_MAC_QUADS_ASM(TMLC_CM_MAC_QUADS_BIAS, TMLC_CM_MAC_QUADS_B4);
  else if (b != NULL)
    TMLC_CM_MAC_QUADS_ASM(TMLC_CM_MAC_QUADS_BIAS, TMLC_CM_MAC_QUADS_B2);
  else if ((nblk & 3) == 0)
    TMLC_CM_MAC_QUADS_ASM(TMLC_CM_MAC_QUADS_ZERO, TMLC_CM_MAC_QUADS_B4);
  else
    TMLC_CM_MAC_QUADS_ASM(TMLC_CM_MAC_QUADS_ZERO, TMLC_CM_MAC_QUADS_B2);
}

#endif /* TMLC_CM_DSP_H */
