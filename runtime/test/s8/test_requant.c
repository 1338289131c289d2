/*===- test_requant.c - requantization arithmetic on edge values ----------===*
 * tmlc_srdhm / tmlc_rdbypot / tmlc_mbqm against an independent 64-bit
 * reference (s8_test.h), hand-derived edge cases, a randomized comparison
 * over 400k (x, M, shift) triples, QuantizeMultiplier's edges, and the
 * gemmlowp fixed-point functions against libm within their accuracy.
 *===----------------------------------------------------------------------===*/
#include <math.h>

#include "tmlc_quant_math.h"
#include "s8_test.h"

static void test_srdhm_edges(void) {
  /* the single saturating case */
  TMLC_T_CHECK(tmlc_srdhm(INT32_MIN, INT32_MIN) == INT32_MAX, "sat");
  /* -1 * -1 = 1, doubled high half is 2^1/2^32 -> rounds to 0 */
  TMLC_T_CHECK(tmlc_srdhm(INT32_MIN, INT32_MAX) == -INT32_MAX, "%d",
               tmlc_srdhm(INT32_MIN, INT32_MAX));
  TMLC_T_CHECK(tmlc_srdhm(INT32_MAX, INT32_MAX) == INT32_MAX - 1, "%d",
               tmlc_srdhm(INT32_MAX, INT32_MAX));
  /* exact ties: a*b = +-2^30 is +-0.5 after the doubling high mul */
  TMLC_T_CHECK(tmlc_srdhm(1, 1 << 30) == 1, "+0.5 rounds up");
  TMLC_T_CHECK(tmlc_srdhm(-1, 1 << 30) == 0, "-0.5 rounds up to 0");
  TMLC_T_CHECK(tmlc_srdhm(3, 1 << 30) == 2, "+1.5 -> 2");
  TMLC_T_CHECK(tmlc_srdhm(-3, 1 << 30) == -1, "-1.5 -> -1");
  TMLC_T_CHECK(tmlc_srdhm(0, INT32_MIN) == 0, "zero");
  {
    const int32_t v[] = {0, 1, -1, 2, -2, 3, -3, 1 << 30, -(1 << 30),
                         INT32_MAX, INT32_MIN, INT32_MAX - 1, INT32_MIN + 1,
                         12345, -12345, 0x55555555, -0x55555555};
    size_t i, j;
    for (i = 0; i < sizeof v / sizeof v[0]; ++i)
      for (j = 0; j < sizeof v / sizeof v[0]; ++j)
        TMLC_T_CHECK(tmlc_srdhm(v[i], v[j]) == t_ref_srdhm(v[i], v[j]),
                     "srdhm(%d,%d)=%d ref %d", v[i], v[j],
                     tmlc_srdhm(v[i], v[j]), t_ref_srdhm(v[i], v[j]));
  }
}

static void test_rdbypot_edges(void) {
  int e;
  TMLC_T_CHECK(tmlc_rdbypot(3, 1) == 2, "1.5 -> 2");
  TMLC_T_CHECK(tmlc_rdbypot(-3, 1) == -2, "-1.5 -> -2");
  TMLC_T_CHECK(tmlc_rdbypot(5, 2) == 1, "1.25 -> 1");
  TMLC_T_CHECK(tmlc_rdbypot(-5, 2) == -1, "-1.25 -> -1");
  TMLC_T_CHECK(tmlc_rdbypot(6, 2) == 2, "1.5 -> 2");
  TMLC_T_CHECK(tmlc_rdbypot(-6, 2) == -2, "-1.5 -> -2");
  TMLC_T_CHECK(tmlc_rdbypot(-7, 0) == -7, "exp 0");
  TMLC_T_CHECK(tmlc_rdbypot(INT32_MIN, 31) == -1, "-1 exact");
  TMLC_T_CHECK(tmlc_rdbypot(INT32_MAX, 31) == 1, "~1 -> 1");
  TMLC_T_CHECK(tmlc_rdbypot(1 << 30, 31) == 1, "+0.5 -> 1");
  TMLC_T_CHECK(tmlc_rdbypot(-(1 << 30), 31) == -1, "-0.5 -> -1");
  TMLC_T_CHECK(tmlc_rdbypot((1 << 30) - 1, 31) == 0, "<0.5 -> 0");
  for (e = 0; e <= 31; ++e) {
    const int32_t v[] = {0, 1, -1, INT32_MAX, INT32_MIN, 1 << 20, -(1 << 20),
                         123456789, -123456789};
    size_t i;
    for (i = 0; i < sizeof v / sizeof v[0]; ++i) {
      const int32_t half = (int32_t)(((int64_t)1 << e) / 2);
      TMLC_T_CHECK(tmlc_rdbypot(v[i], e) == (int32_t)t_round_away_pow2(v[i], e),
                   "rdbypot(%d,%d)", v[i], e);
      if (e > 0 && e < 31) {
        /* ties in both signs around every multiple */
        const int32_t k = e < 29 ? 3 : 1;
        TMLC_T_CHECK(tmlc_rdbypot(k * (1 << e) + half, e) == k + 1, "tie+ e=%d", e);
        TMLC_T_CHECK(tmlc_rdbypot(-k * (1 << e) - half, e) == -k - 1, "tie- e=%d", e);
      }
    }
  }
}

static void test_mbqm_edges(void) {
  /* multiplier 2^30 with shift 1 is exactly 1.0 */
  const int32_t xs[] = {0, 1, -1, 127, -128, 1000000, -1000000, INT32_MAX / 2,
                        INT32_MIN / 2};
  size_t i;
  for (i = 0; i < sizeof xs / sizeof xs[0]; ++i)
    TMLC_T_CHECK(tmlc_mbqm(xs[i], 1 << 30, 1) == xs[i], "identity %d", xs[i]);
  /* shift = -31: x * M / 2^62 rounds to 0 except for huge x*M */
  TMLC_T_CHECK(tmlc_mbqm(INT32_MAX, INT32_MAX, -31) == 1, "%d",
               tmlc_mbqm(INT32_MAX, INT32_MAX, -31));
  TMLC_T_CHECK(tmlc_mbqm(INT32_MIN, INT32_MIN, -31) == 1, "sat then -31");
  TMLC_T_CHECK(tmlc_mbqm(1000, INT32_MAX, -31) == 0, "tiny");
  /* multipliers near 2^31 (about 1.0) */
  TMLC_T_CHECK(tmlc_mbqm(100, INT32_MAX, 0) == 100, "%d",
               tmlc_mbqm(100, INT32_MAX, 0));
  TMLC_T_CHECK(tmlc_mbqm(-100, INT32_MAX, 0) == -100, "%d",
               tmlc_mbqm(-100, INT32_MAX, 0));
  /* positive shift: 3 * 0.5 * 2^2 = 6 */
  TMLC_T_CHECK(tmlc_mbqm(3, 1 << 30, 2) == 6, "left shift");
  /* negative shift ties: 3 * 0.5 / 2 = 0.75 -> 1; 1 * 0.5 / 1... */
  TMLC_T_CHECK(tmlc_mbqm(3, 1 << 30, -1) == 1, "0.75");
  TMLC_T_CHECK(tmlc_mbqm(-3, 1 << 30, -1) == -1, "-0.75");
  /* 0.5 * 3 = 1.5 exactly representable in the high mul; /2 = 0.75 ok;
   * 0.5 * 6 / 4 = 0.75; 0.5 * 2 / 2 = 0.5 -> tie away from zero */
  TMLC_T_CHECK(tmlc_mbqm(2, 1 << 30, -1) == 1, "+0.5 tie");
  TMLC_T_CHECK(tmlc_mbqm(-2, 1 << 30, -1) == -1, "-0.5 tie");
}

static void test_mbqm_random(void) {
  long n;
  for (n = 0; n < 400000; ++n) {
    int32_t x, m, shift;
    const int bits = t_range(0, 31);
    x = (int32_t)(t_next() >> 33) >> (31 - bits); /* [0, 2^bits) */
    if (t_next() & 1)
      x = -x - (int32_t)(t_next() & 1);
    switch (t_next() % 8) {
    case 0: m = (int32_t)(uint32_t)t_next(); break; /* any, incl. negative */
    case 1: m = INT32_MAX - t_range(0, 3); break;
    case 2: m = (1 << 30) + t_range(0, 3); break;
    default: m = t_mult(); break;
    }
    if (n % 1000 == 0) { x = INT32_MIN; m = INT32_MIN; }
    shift = t_range(-31, 30);
    if (shift > 0) {
      /* keep x * 2^shift inside int32, as TFLite requires */
      const int64_t lim = ((int64_t)1 << (31 - shift)) - 1;
      if (x > lim || x < -lim)
        x = (int32_t)(x % (lim + 1));
    }
    TMLC_T_CHECK(tmlc_mbqm(x, m, shift) == t_ref_mbqm(x, m, shift),
                 "mbqm(%d,%d,%d)=%d ref %d", x, m, shift,
                 tmlc_mbqm(x, m, shift), t_ref_mbqm(x, m, shift));
  }
}

static void test_quantize_multiplier(void) {
  int32_t m, s;
  long n;
  tmlc_quantize_multiplier(0.0, &m, &s);
  TMLC_T_CHECK(m == 0 && s == 0, "zero");
  tmlc_quantize_multiplier(1.0, &m, &s);
  TMLC_T_CHECK(m == (1 << 30) && s == 1, "one: %d %d", m, s);
  tmlc_quantize_multiplier(0.5, &m, &s);
  TMLC_T_CHECK(m == (1 << 30) && s == 0, "half: %d %d", m, s);
  /* q*2^31 rounds up to 2^31: halve and bump the shift */
  tmlc_quantize_multiplier(1.0 - ldexp(1.0, -40), &m, &s);
  TMLC_T_CHECK(m == (1 << 30) && s == 1, "2^31 edge: %d %d", m, s);
  tmlc_quantize_multiplier(ldexp(1.0 - ldexp(1.0, -40), -5), &m, &s);
  TMLC_T_CHECK(m == (1 << 30) && s == -4, "2^31 edge small: %d %d", m, s);
  /* just below the flush threshold and beyond it */
  tmlc_quantize_multiplier(ldexp(0.75, -31), &m, &s);
  TMLC_T_CHECK(s == -31 && m == 0x60000000, "-31: %d %d", m, s);
  tmlc_quantize_multiplier(ldexp(0.75, -32), &m, &s);
  TMLC_T_CHECK(m == 0 && s == 0, "flush: %d %d", m, s);
  /* round-trip accuracy on random reals */
  for (n = 0; n < 20000; ++n) {
    const double r = ldexp(0.5 + (double)(t_next() >> 11) / 9007199254740992.0 * 0.5,
                           t_range(-30, 20));
    double back;
    tmlc_quantize_multiplier(r, &m, &s);
    back = ldexp((double)m, s - 31);
    TMLC_T_CHECK(m >= (1 << 30) && fabs(back - r) <= ldexp(r, -31),
                 "qm(%g) -> %d %d", r, m, s);
  }
  /* fold of 1/count (MEAN): result is M/count within one part in 2^30 */
  {
    int32_t cnt;
    for (cnt = 1; cnt < 300; cnt += 7) {
      int32_t fm, fs;
      tmlc_quantize_multiplier(0.8, &fm, &fs);
      tmlc_mean_s8_fold_count(cnt, &fm, &fs);
      TMLC_T_CHECK(fabs(ldexp((double)fm, fs - 31) - 0.8 / cnt) <= 0.8 / cnt * 1e-8 + ldexp(1.0, fs - 31),
                   "fold %d", cnt);
    }
  }
}

static void test_fixed_point_functions(void) {
  int32_t raw;
  double max_err_exp = 0, max_err_rec = 0, max_err_log = 0, max_err_tanh = 0;
  /* exp on [-32, 0] in Q5.26 */
  for (raw = 0; raw > INT32_MIN + (1 << 17); raw -= (1 << 17) + 12345) {
    const double xr = ldexp((double)raw, -26);
    const double got = ldexp((double)tmlc_fx_exp_on_negative_values(raw, 5), -31);
    const double err = fabs(got - exp(xr));
    if (err > max_err_exp) max_err_exp = err;
  }
  for (raw = 0; raw >= 0 && raw < INT32_MAX - (1 << 16); raw += (1 << 16) + 777) {
    const double xr = ldexp((double)raw, -31);
    const double got = ldexp((double)tmlc_fx_one_over_one_plus_x(raw), -31);
    const double err = fabs(got - 1.0 / (1.0 + xr));
    if (err > max_err_rec) max_err_rec = err;
  }
  for (raw = -(8 << 27) + 1; raw < (8 << 27) - (1 << 16); raw += (1 << 16) + 999) {
    const double xr = ldexp((double)raw, -27);
    const double gl = ldexp((double)tmlc_fx_logistic(raw, 4), -31);
    const double gt = ldexp((double)tmlc_fx_tanh(raw, 4), -31);
    if (fabs(gl - 1.0 / (1.0 + exp(-xr))) > max_err_log)
      max_err_log = fabs(gl - 1.0 / (1.0 + exp(-xr)));
    if (fabs(gt - tanh(xr)) > max_err_tanh)
      max_err_tanh = fabs(gt - tanh(xr));
  }
  TMLC_T_CHECK(max_err_exp < 1e-6, "exp err %g", max_err_exp);
  TMLC_T_CHECK(max_err_rec < 1e-6, "1/(1+x) err %g", max_err_rec);
  TMLC_T_CHECK(max_err_log < 1e-6, "logistic err %g", max_err_log);
  TMLC_T_CHECK(max_err_tanh < 2e-6, "tanh err %g", max_err_tanh);
  TMLC_T_CHECK(tmlc_fx_exp_on_negative_values(0, 5) == INT32_MAX, "exp(0)");
  TMLC_T_CHECK(tmlc_fx_logistic(0, 4) == (1 << 30), "logistic(0)");
  TMLC_T_CHECK(tmlc_fx_tanh(0, 4) == 0, "tanh(0)");
  printf("fixed point max abs errors: exp %.3g 1/(1+x) %.3g logistic %.3g tanh %.3g\n",
         max_err_exp, max_err_rec, max_err_log, max_err_tanh);
}

int main(void) {
  test_srdhm_edges();
  test_rdbypot_edges();
  test_mbqm_edges();
  test_mbqm_random();
  test_quantize_multiplier();
  test_fixed_point_functions();
  TMLC_T_DONE("test_requant");
}
