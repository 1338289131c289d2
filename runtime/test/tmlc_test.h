/*===- tmlc_test.h - a tiny assertion harness for the runtime tests ------===*
 * Host-only (uses stdio). Each test file is one executable; it returns 1 if
 * any check failed. Random inputs come from a fixed-seed xorshift PRNG so a
 * failure reproduces.
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_TEST_H
#define TMLC_TEST_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>

static int tmlc_test_failures = 0;
static int tmlc_test_checks = 0;

#define TMLC_CHECK(cond, ...)                                                  \
  do {                                                                         \
    ++tmlc_test_checks;                                                        \
    if (!(cond)) {                                                             \
      ++tmlc_test_failures;                                                    \
      if (tmlc_test_failures <= 30) {                                          \
        fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__,       \
                #cond);                                                        \
        fprintf(stderr, __VA_ARGS__);                                          \
        fputc('\n', stderr);                                                   \
      }                                                                        \
    }                                                                          \
  } while (0)

/* |got - want| <= atol + rtol * |want|, NaN matches NaN only. */
static inline int tmlc_test_close(double got, double want, double atol, double rtol) {
  if (want != want)
    return got != got;
  if (got != got)
    return 0;
  if (isinf(want))
    return got == want;
  return fabs(got - want) <= atol + rtol * fabs(want);
}

#define TMLC_CHECK_CLOSE(got, want, atol, rtol, what, i)                       \
  TMLC_CHECK(tmlc_test_close((double)(got), (double)(want), (atol), (rtol)),   \
             "%s[%ld]: got %.9g want %.9g", (what), (long)(i), (double)(got),  \
             (double)(want))

static uint64_t tmlc_test_rng_state = 0x9E3779B97F4A7C15ull;
static inline uint32_t tmlc_test_rand(void) {
  uint64_t x = tmlc_test_rng_state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  tmlc_test_rng_state = x;
  return (uint32_t)(x >> 32);
}
/* uniform integer in [lo, hi] */
static inline int32_t tmlc_test_randint(int32_t lo, int32_t hi) {
  int64_t span = (int64_t)hi - (int64_t)lo + 1;
  return (int32_t)((int64_t)lo + (int64_t)(tmlc_test_rand() % (uint64_t)span));
}
/* uniform float in [lo, hi) */
static inline float tmlc_test_randf(float lo, float hi) {
  return lo + (hi - lo) * (float)(tmlc_test_rand() >> 8) / 16777216.0f;
}

static inline int tmlc_test_finish(const char *name) {
  if (tmlc_test_failures) {
    fprintf(stderr, "%s: %d of %d checks FAILED\n", name, tmlc_test_failures,
            tmlc_test_checks);
    return 1;
  }
  printf("%s: all %d checks passed\n", name, tmlc_test_checks);
  return 0;
}

#endif /* TMLC_TEST_H */
