/*===- tmlc_cm_common.h - shared helpers of the Cortex-M int8 kernels -----===*
 *
 * Part of the tmlc runtime (runtime/kernels/cortexm). Header-only, C99.
 * Used by the DSP (SMLAD, Cortex-M4/M7/M33) and Helium (MVE, Cortex-M55)
 * variants of the int8 kernels, which must give exactly the bytes of the
 * portable kernels in runtime/kernels/reference.
 *
 *  - tmlc_cm_requant(): TFLite's MultiplyByQuantizedMultiplier (tmlc_mbqm)
 *    rewritten with one 64-bit multiply and no branches on the value; equal
 *    to tmlc_mbqm for every int32 input as long as the multiplier is not
 *    INT32_MIN and the shift is in [-31, 31] (tmlc_cm_quant_ok checks).
 *  - tmlc_cm_quant_ok() (tmlc_cm_select.h): the per-call check of the
 *    requantization params.
 *  - tmlc_cm_conv_params_ok() / tmlc_cm_fc_params_ok(): the portable
 *    kernels' argument checks; the specialized kernels hand anything they
 *    reject (or do not specialize) to the portable kernel, which returns the
 *    same status.
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_CM_COMMON_H
#define TMLC_CM_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_requant.h"
#include "tmlc_cm_select.h"

/** One (multiplier, shift) pair, prepared for tmlc_cm_requant. */
typedef struct tmlc_cm_q {
  int32_t mult;
  int32_t left;  /**< max(shift, 0) */
  int32_t right; /**< max(-shift, 0) */
  uint32_t mask; /**< 2^right - 1 */
  uint32_t half; /**< 2^(right-1), 0 when right == 0 */
  uint32_t negm; /**< 1 when right > 0, else 0 */
} tmlc_cm_q;

static inline tmlc_cm_q tmlc_cm_q_make(int32_t mult, int32_t shift) {
  tmlc_cm_q q;
  q.mult = mult;
  q.left = shift > 0 ? shift : 0;
  q.right = shift > 0 ? 0 : -shift;
  q.mask = ((uint32_t)1 << q.right) - 1u;
  q.half = ((uint32_t)1 << q.right) >> 1;
  q.negm = q.right > 0 ? 1u : 0u;
  return q;
}

/** tmlc_mbqm(acc, mult, shift) for mult != INT32_MIN, shift in [-31, 31].
 * srdhm(a, m) = floor((a*m + 2^30) / 2^31) (the nudge makes both signs
 * round half up), and RoundingDivideByPOT(r, e) =
 * (r >> e) + (((r & mask) + 2^(e-1) - [r < 0]) >> e); the second term is
 * 0 or 1 and is computed in uint32 (its sum is below 1.5 * 2^e); with
 * e == 0 mask, half and negm are 0 and it vanishes. No branches. */
static inline int32_t tmlc_cm_requant(int32_t acc, tmlc_cm_q q) {
  const int32_t a = (int32_t)((uint32_t)acc << q.left);
  const int64_t ab = (int64_t)a * (int64_t)q.mult + ((int64_t)1 << 30);
  const int32_t r = (int32_t)(ab >> 31);
  const uint32_t fix = (((uint32_t)r & q.mask) + q.half -
                        (((uint32_t)r >> 31) & q.negm)) >> q.right;
  return (r >> q.right) + (int32_t)fix;
}

/** requantize, add the output offset, clamp, narrow: one output byte. */
static inline int8_t tmlc_cm_out(int32_t acc, tmlc_cm_q q, int32_t out_off,
                                 int32_t lo, int32_t hi) {
  int32_t v = tmlc_cm_requant(acc, q) + out_off;
  v = v < lo ? lo : v;
  v = v > hi ? hi : v;
  return (int8_t)v;
}

/** A (multiplier, shift) pair prepared for tmlc_cm_rq_out. When mult >= 0
 * and shift <= -1 (every TFLite int8 model in practice: e = -shift >= 1)
 * both roundings of tmlc_mbqm fold into one 64-bit sum:
 *   r   = floor((a*m + 2^30) / 2^31)                   (SRDHM)
 *   out = floor((r + 2^(e-1) - [r < 0]) / 2^e)         (RoundingDivideByPOT)
 *       = floor((a*m + 2^30 + 2^(30+e) - [r < 0] * 2^31) / 2^(31+e))
 * (floor((floor(X) + c) / n) == floor((X + c) / n) for integers c, n > 0).
 * When r == 0 both choices of the [r < 0] term give 0 (e >= 1), and for
 * m >= 0, r < 0 implies a < 0 and r > 0 implies a > 0, so [a < 0] can
 * stand for [r < 0]. The sum stays below 2^63 and 31 + e >= 32, so the
 * result is the high word shifted right by e - 1: AND, SUBS, SBC, SMLAL,
 * ASR. Other pairs take tmlc_cm_requant. */
typedef struct tmlc_cm_rq {
  uint32_t klo;  /**< low word of 2^30 + 2^(30+e) */
  int32_t khi;   /**< high word */
  int32_t mult;
  int32_t sh;    /**< e - 1; -1 marks the general path */
  int32_t shift; /**< the original shift (general path) */
} tmlc_cm_rq;

static inline tmlc_cm_rq tmlc_cm_rq_make(int32_t mult, int32_t shift) {
  tmlc_cm_rq q;
  q.mult = mult;
  q.shift = shift;
  if (mult >= 0 && shift <= -1) {
    const uint64_t k = ((uint64_t)1 << 30) + ((uint64_t)1 << (30 - shift));
    q.klo = (uint32_t)k;
    q.khi = (int32_t)(k >> 32);
    q.sh = -shift - 1;
  } else {
    q.klo = 0;
    q.khi = 0;
    q.sh = -1;
  }
  return q;
}

/** tmlc_mbqm(acc, mult, shift) through a tmlc_cm_rq. */
static inline int32_t tmlc_cm_rq_apply(int32_t acc, tmlc_cm_rq q) {
  if (q.sh >= 0) {
    const uint64_t k = (((uint64_t)(uint32_t)q.khi << 32) | q.klo) -
                       ((uint64_t)acc & 0x80000000u);
    const int64_t v = (int64_t)k + (int64_t)acc * (int64_t)q.mult;
    return (int32_t)(v >> 32) >> q.sh;
  }
  return tmlc_cm_requant(acc, tmlc_cm_q_make(q.mult, q.shift));
}

/** requantize, add the output offset, clamp, narrow: one output byte. */
static inline int8_t tmlc_cm_rq_out(int32_t acc, tmlc_cm_rq q,
                                    int32_t out_off, int32_t lo,
                                    int32_t hi) {
  int32_t v = tmlc_cm_rq_apply(acc, q) + out_off;
  v = v < lo ? lo : v;
  v = v > hi ? hi : v;
  return (int8_t)v;
}

/** The argument checks of tmlc_conv2d_s8 (depthwise == 0) or
 * tmlc_depthwise_conv2d_s8 (depthwise == 1). */
static inline int tmlc_cm_conv_params_ok(const int8_t *x, const int8_t *w,
                                         const int8_t *y,
                                         const tmlc_conv_s8_params *p,
                                         int depthwise) {
  return x != NULL && w != NULL && y != NULL &&
         tmlc_cm_conv_args_ok(p, depthwise);
}

/** The argument checks of tmlc_fully_connected_s8. */
static inline int tmlc_cm_fc_params_ok(const int8_t *x, const int8_t *w,
                                       const int8_t *y,
                                       const tmlc_fc_s8_params *p) {
  return x != NULL && w != NULL && y != NULL && tmlc_cm_fc_args_ok(p);
}

/** 4 bytes from any address (compiles to one LDR on cores with unaligned
 * access, i.e. every ARMv7-M/ARMv8-M Mainline core). */
static inline uint32_t tmlc_cm_ld32(const int8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}

/* [lo, hi): the taps k with 0 <= o0 + k * d < n, 0 <= k < kn (the filter
 * taps of one axis that fall inside the input; d is the dilation). */
static inline void tmlc_cm_tap_range(int32_t o0, int32_t d, int32_t n,
                                     int32_t kn, int32_t *lo, int32_t *hi) {
  int32_t a, b;
  if (d == 1) {
    a = o0 >= 0 ? 0 : -o0;
    b = n - o0 <= 0 ? 0 : n - o0;
  } else {
    a = o0 >= 0 ? 0 : (-o0 + d - 1) / d;
    b = n - o0 <= 0 ? 0 : (n - o0 + d - 1) / d;
  }
  if (b > kn)
    b = kn;
  if (a > b)
    a = b;
  *lo = a;
  *hi = b;
}

#endif /* TMLC_CM_COMMON_H */
