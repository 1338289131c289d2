/*===- tmlc_requant.h - TFLite/gemmlowp integer arithmetic, header-only ---===*
 *
 * Part of the tmlc runtime. The int32/int16 fixed-point primitives that the
 * int8 kernels use, with exactly the results of TFLite's reference kernels
 * (tensorflow/lite/kernels/internal/common.h) and gemmlowp's fixedpoint.h,
 * written from their definitions. Everything is `static inline`, C99 and
 * C++ compatible, so the compiler (C++) can include the same definitions
 * through tmlc/tmlc_quant_math.h.
 *
 * Assumes two's complement integers with arithmetic right shift of negative
 * values (true for gcc, clang and arm-none-eabi-gcc on every target we
 * support). Left shifts of signed values are done on uint32_t to stay out
 * of undefined behaviour; they wrap where TFLite's int32 code would overflow
 * (TFLite only reaches those inputs for ill-formed models).
 *
 * Rounding, as defined (not as often described):
 *  - tmlc_srdhm (SaturatingRoundingDoublingHighMul) returns
 *    floor((a*b + 2^30) / 2^31), i.e. round-half-UP (ties toward +inf),
 *    saturating the single overflow case a == b == INT32_MIN to INT32_MAX.
 *  - tmlc_rdbypot (RoundingDivideByPOT) rounds half AWAY from zero.
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_REQUANT_H
#define TMLC_REQUANT_H

#include <limits.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Clamp an int32 to [lo, hi]. */
static inline int32_t tmlc_clamp_i32(int32_t v, int32_t lo, int32_t hi) {
  return v < lo ? lo : (v > hi ? hi : v);
}

/** x * 2^s for 0 <= s <= 31, wrapping modulo 2^32 instead of overflowing. */
static inline int32_t tmlc_shl_wrap(int32_t x, int s) {
  return (int32_t)((uint32_t)x << s);
}

/** gemmlowp SaturatingRoundingDoublingHighMul for int32. */
static inline int32_t tmlc_srdhm(int32_t a, int32_t b) {
  int64_t ab;
  int64_t nudge;
  if (a == INT32_MIN && b == INT32_MIN)
    return INT32_MAX;
  ab = (int64_t)a * (int64_t)b;
  nudge = ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
  /* C99 '/' truncates toward zero, as in C++. */
  return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/** gemmlowp RoundingDivideByPOT for int32, 0 <= exponent <= 31. Larger
 * exponents (TFLite itself never passes them for valid models) give the
 * mathematically consistent extension: round(x / 2^exponent) half away. */
static inline int32_t tmlc_rdbypot(int32_t x, int exponent) {
  int32_t mask;
  int32_t remainder;
  int32_t threshold;
  if (exponent <= 0)
    return x;
  if (exponent > 31) {
    /* |x| <= 2^31 <= 2^(exponent-1): the quotient is 0, except the tie
     * -2^31 / 2^32 = -0.5, which rounds away from zero to -1. */
    return (exponent == 32 && x == INT32_MIN) ? -1 : 0;
  }
  mask = (int32_t)(((int64_t)1 << exponent) - 1);
  remainder = x & mask;
  threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/** TFLite MultiplyByQuantizedMultiplier(x, M, shift): shift > 0 multiplies
 * by 2^shift before the high mul, shift < 0 divides after it. */
static inline int32_t tmlc_mbqm(int32_t x, int32_t multiplier, int32_t shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  return tmlc_rdbypot(tmlc_srdhm(tmlc_shl_wrap(x, left), multiplier), right);
}

/** TFLite MultiplyByQuantizedMultiplierGreaterThanOne (left_shift >= 0). */
static inline int32_t tmlc_mbqm_gt_one(int32_t x, int32_t multiplier,
                                       int32_t left_shift) {
  return tmlc_srdhm(tmlc_shl_wrap(x, (int)left_shift), multiplier);
}

/** gemmlowp SaturatingRoundingMultiplyByPOT<exponent> for int32. */
static inline int32_t tmlc_sat_mul_pot(int32_t x, int exponent) {
  if (exponent < 0)
    return tmlc_rdbypot(x, -exponent);
  if (exponent == 0)
    return x;
  {
    const int32_t threshold = (int32_t)(((int64_t)1 << (31 - exponent)) - 1);
    if (x > threshold)
      return INT32_MAX;
    if (x < -threshold)
      return INT32_MIN;
    return tmlc_shl_wrap(x, exponent);
  }
}

/** Number of leading zero bits of a uint32 (32 for 0). */
static inline int tmlc_clz32(uint32_t x) {
  int n = 0;
  if (x == 0)
    return 32;
  while ((x & 0x80000000u) == 0) {
    x <<= 1;
    ++n;
  }
  return n;
}

/*--- gemmlowp fixed-point transcendental functions ------------------------*
 * Values are raw int32 of gemmlowp::FixedPoint<int32_t, IntegerBits>:
 * real = raw / 2^(31 - IntegerBits). "F0" has 0 integer bits.            */

/** exp(a) for a (F0) in [-1/4, 0): Taylor expansion around -1/8. */
static inline int32_t tmlc_fx_exp_on_interval_m025_0(int32_t a) {
  const int32_t constant_term = 1895147668;     /* exp(-1/8) in F0 */
  const int32_t constant_1_over_3 = 715827883;  /* 1/3 in F0 */
  const int32_t x = a + ((int32_t)1 << 28);     /* a + 1/8 */
  const int32_t x2 = tmlc_srdhm(x, x);
  const int32_t x3 = tmlc_srdhm(x2, x);
  const int32_t x4 = tmlc_srdhm(x2, x2);
  const int32_t x4_over_4 = tmlc_rdbypot(x4, 2);
  const int32_t poly = tmlc_rdbypot(
      tmlc_srdhm(x4_over_4 + x3, constant_1_over_3) + x2, 1);
  return constant_term + tmlc_srdhm(constant_term, x + poly);
}

/** gemmlowp exp_on_negative_values: a is F(int_bits) <= 0, result F0. */
static inline int32_t tmlc_fx_exp_on_negative_values(int32_t a, int int_bits) {
  /* exp(-2^e) in F0 for e = -2 .. 4 */
  static const int32_t barrel[7] = {1672461947, 1302514674, 790015084,
                                    290630308,  39332535,   720401,
                                    242};
  const int frac_bits = 31 - int_bits;
  const int32_t one_quarter = (int32_t)1 << (frac_bits - 2);
  const int32_t mask = one_quarter - 1;
  const int32_t a_mod_quarter_minus_one_quarter = (a & mask) - one_quarter;
  int32_t result = tmlc_fx_exp_on_interval_m025_0(
      tmlc_sat_mul_pot(a_mod_quarter_minus_one_quarter, int_bits));
  const int32_t remainder = a_mod_quarter_minus_one_quarter - a;
  int e;
  for (e = -2; e <= 4; ++e) {
    if (int_bits > e) {
      const int shift = frac_bits + e;
      if ((remainder & ((int32_t)1 << shift)) != 0)
        result = tmlc_srdhm(result, barrel[e + 2]);
    }
  }
  if (int_bits > 5) {
    const int32_t clamp = -((int32_t)1 << (36 - int_bits)); /* -32.0 */
    if (a < clamp)
      result = 0;
  }
  if (a == 0)
    result = INT32_MAX; /* F0 one */
  return result;
}

/** gemmlowp RoundingHalfSum for int32. */
static inline int32_t tmlc_rounding_half_sum(int32_t a, int32_t b) {
  const int64_t sum = (int64_t)a + (int64_t)b;
  const int64_t sign = sum >= 0 ? 1 : -1;
  return (int32_t)((sum + sign) / 2);
}

/* Three Newton-Raphson steps of 1 / half_denominator in F2. */
static inline int32_t tmlc_fx_newton_reciprocal_f2(int32_t half_denominator) {
  const int32_t c48_over_17 = 1515870810;      /* 48/17 in F2 */
  const int32_t cneg32_over_17 = -1010580540;  /* -32/17 in F2 */
  const int32_t f2_one = (int32_t)1 << 29;
  int32_t x = c48_over_17 + tmlc_srdhm(half_denominator, cneg32_over_17);
  int i;
  for (i = 0; i < 3; ++i) {
    const int32_t half_denominator_times_x = tmlc_srdhm(half_denominator, x);
    const int32_t one_minus = f2_one - half_denominator_times_x;
    x = x + tmlc_sat_mul_pot(tmlc_srdhm(x, one_minus), 2);
  }
  return x;
}

/** gemmlowp one_over_one_plus_x_for_x_in_0_1: F0 in, F0 out. */
static inline int32_t tmlc_fx_one_over_one_plus_x(int32_t a) {
  const int32_t x = tmlc_fx_newton_reciprocal_f2(
      tmlc_rounding_half_sum(a, INT32_MAX));
  /* ExactMulByPot<-1> (F2 -> F1, same raw) then Rescale<0>. */
  return tmlc_sat_mul_pot(x, 1);
}

/** gemmlowp one_minus_x_over_one_plus_x_for_x_in_0_1: F0 in, F0 out. */
static inline int32_t tmlc_fx_one_minus_x_over_one_plus_x(int32_t a) {
  const int32_t x = tmlc_fx_newton_reciprocal_f2(
      tmlc_rounding_half_sum(a, INT32_MAX));
  return tmlc_sat_mul_pot(x - ((int32_t)1 << 29), 2);
}

/** gemmlowp logistic: a is F(int_bits), result F0. */
static inline int32_t tmlc_fx_logistic(int32_t a, int int_bits) {
  int32_t abs_a;
  int32_t pos;
  if (a == 0)
    return (int32_t)1 << 30; /* 0.5 */
  abs_a = a > 0 ? a : -a;
  pos = tmlc_fx_one_over_one_plus_x(
      tmlc_fx_exp_on_negative_values(-abs_a, int_bits));
  return a > 0 ? pos : INT32_MAX - pos;
}

/** gemmlowp tanh: a is F(int_bits), result F0. */
static inline int32_t tmlc_fx_tanh(int32_t a, int int_bits) {
  int32_t n;
  int32_t t;
  if (a == 0)
    return 0;
  n = a < 0 ? a : -a;
  /* ExactMulByPot<1>: the same raw read with one more integer bit is 2n. */
  t = tmlc_fx_one_minus_x_over_one_plus_x(
      tmlc_fx_exp_on_negative_values(n, int_bits + 1));
  return a < 0 ? -t : t;
}

/** TFLite GetReciprocal: 1/x for x in F(x_integer_digits), x > 0.
 * Returns an F0 raw value; *num_bits_over_unit receives the extra shift. */
static inline int32_t tmlc_get_reciprocal(int32_t x, int x_integer_digits,
                                          int *num_bits_over_unit) {
  const int headroom_plus_one = tmlc_clz32((uint32_t)x);
  const int32_t shifted_sum_minus_one =
      (int32_t)(((uint32_t)x << headroom_plus_one) - ((uint32_t)1 << 31));
  *num_bits_over_unit = x_integer_digits - headroom_plus_one;
  return tmlc_fx_one_over_one_plus_x(shifted_sum_minus_one);
}

/*--- int16 primitives (hard-swish) ----------------------------------------*/

/** gemmlowp SaturatingRoundingDoublingHighMul for int16. */
static inline int16_t tmlc_srdhm16(int16_t a, int16_t b) {
  int32_t ab;
  int32_t nudge;
  if (a == INT16_MIN && b == INT16_MIN)
    return INT16_MAX;
  ab = (int32_t)a * (int32_t)b;
  nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  return (int16_t)((ab + nudge) / (1 << 15));
}

/** TFLite SaturatingDoublingHighMul for int16 (no rounding nudge). */
static inline int16_t tmlc_sdhm16(int16_t a, int16_t b) {
  if (a == INT16_MIN && b == INT16_MIN)
    return INT16_MAX;
  return (int16_t)(((int32_t)a * (int32_t)b) / (1 << 15));
}

/** gemmlowp RoundingDivideByPOT for int16, 0 <= exponent <= 15. */
static inline int16_t tmlc_rdbypot16(int16_t x, int exponent) {
  int16_t mask;
  int16_t remainder;
  int16_t threshold;
  if (exponent <= 0)
    return x;
  if (exponent > 15)
    return 0;
  mask = (int16_t)((1 << exponent) - 1);
  remainder = (int16_t)(x & mask);
  threshold = (int16_t)((mask >> 1) + (x < 0 ? 1 : 0));
  return (int16_t)((x >> exponent) + (remainder > threshold ? 1 : 0));
}

/** TFLite SaturatingLeftShift for int16. */
static inline int16_t tmlc_sat_shl16(int16_t x, int amount) {
  const int64_t r = (int64_t)x * ((int64_t)1 << amount);
  return (int16_t)(r > INT16_MAX ? INT16_MAX : (r < INT16_MIN ? INT16_MIN : r));
}

#ifdef __cplusplus
}
#endif

#endif /* TMLC_REQUANT_H */
