/*===- s8_test.h - tiny helpers shared by the int8 kernel tests -----------===*
 * Deterministic PRNG, a failure counter, and an exact reference of TFLite's
 * MultiplyByQuantizedMultiplier written independently of tmlc_requant.h
 * (64-bit floor division and explicit rounding rules from the definition).
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_S8_TEST_H
#define TMLC_S8_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int tmlc_t_failures = 0;

#define TMLC_T_CHECK(cond, ...)                                               \
  do {                                                                        \
    if (!(cond)) {                                                            \
      if (tmlc_t_failures < 20) {                                             \
        fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__,      \
                #cond);                                                       \
        fprintf(stderr, __VA_ARGS__);                                         \
        fprintf(stderr, "\n");                                                \
      }                                                                       \
      ++tmlc_t_failures;                                                      \
    }                                                                         \
  } while (0)

static uint64_t tmlc_t_rng = 0x9E3779B97F4A7C15ull;

static inline uint64_t t_next(void) { /* xorshift64* */
  tmlc_t_rng ^= tmlc_t_rng >> 12;
  tmlc_t_rng ^= tmlc_t_rng << 25;
  tmlc_t_rng ^= tmlc_t_rng >> 27;
  return tmlc_t_rng * 0x2545F4914F6CDD1Dull;
}

/* uniform in [lo, hi] */
static inline int32_t t_range(int32_t lo, int32_t hi) {
  return (int32_t)(lo + (int64_t)(t_next() % (uint64_t)((int64_t)hi - lo + 1)));
}

static inline int8_t t_s8(void) { return (int8_t)t_range(-128, 127); }

/* floor(a / 2^k) for int64 a, by division and correction (no shifts of
 * negative numbers). */
static inline int64_t t_floor_div_pow2(int64_t a, int k) {
  const int64_t d = (int64_t)1 << k;
  int64_t q = a / d;
  if (a % d < 0)
    q -= 1;
  return q;
}

/* round(a / 2^k), ties away from zero, via magnitudes. */
static inline int64_t t_round_away_pow2(int64_t a, int k) {
  int64_t m = a < 0 ? -a : a;
  int64_t q;
  if (k == 0)
    return a;
  q = m / ((int64_t)1 << k);
  if (2 * (m - q * ((int64_t)1 << k)) >= ((int64_t)1 << k))
    q += 1;
  return a < 0 ? -q : q;
}

/* SaturatingRoundingDoublingHighMul from its definition:
 * round(a*b / 2^31) with ties toward +infinity, saturating the one case
 * a == b == INT32_MIN (the only product >= 2^62). */
static inline int32_t t_ref_srdhm(int32_t a, int32_t b) {
  const int64_t p = (int64_t)a * (int64_t)b;
  if (p == ((int64_t)1 << 62))
    return INT32_MAX;
  return (int32_t)t_floor_div_pow2(p + ((int64_t)1 << 30), 31);
}

/* MultiplyByQuantizedMultiplier; x * 2^max(shift,0) must fit in int32. */
static inline int32_t t_ref_mbqm(int32_t x, int32_t m, int32_t shift) {
  const int64_t xs = shift > 0 ? (int64_t)x * ((int64_t)1 << shift) : x;
  const int32_t hi = t_ref_srdhm((int32_t)xs, m);
  return (int32_t)t_round_away_pow2(hi, shift < 0 ? -shift : 0);
}

static inline int32_t t_clamp(int64_t v, int32_t lo, int32_t hi) {
  return (int32_t)(v < lo ? lo : (v > hi ? hi : v));
}

/* a random Q31 multiplier in [2^30, 2^31) */
static inline int32_t t_mult(void) { return t_range(1 << 30, INT32_MAX); }

#define TMLC_T_DONE(name)                                                     \
  do {                                                                        \
    if (tmlc_t_failures) {                                                    \
      fprintf(stderr, "%s: %d failure(s)\n", name, tmlc_t_failures);          \
      return 1;                                                               \
    }                                                                         \
    printf("%s: ok\n", name);                                                 \
    return 0;                                                                 \
  } while (0)

#endif /* TMLC_S8_TEST_H */
