/*===- test_unary.c - unary kernels, clip and softmax vs float64 formulas -===*/
#include <string.h>

#include "tmlc_kernels.h"
#include "tmlc_test.h"

#define N 1000

typedef tmlc_status (*unary_fn)(const float *, float *, int32_t);

static double r_relu(double v) { return v > 0 ? v : 0; }
static double r_sigmoid(double v) { return 1.0 / (1.0 + exp(-v)); }
static double r_neg(double v) { return -v; }
static double r_recip(double v) { return 1.0 / v; }
static double r_hswish(double v) {
  double t = (v + 3.0) / 6.0;
  return v * (t < 0 ? 0 : t > 1 ? 1 : t);
}

static void test_unary_formulas(void) {
  static float x[N], y[N], z[N];
  const struct { const char *name; unary_fn fn; double (*ref)(double);
                 float lo, hi; } cases[] = {
      {"relu", tmlc_relu_f32, r_relu, -5, 5},
      {"sigmoid", tmlc_sigmoid_f32, r_sigmoid, -100, 100},
      {"tanh", tmlc_tanh_f32, tanh, -10, 10},
      {"exp", tmlc_exp_f32, exp, -20, 20},
      {"log", tmlc_log_f32, log, 1e-3f, 100},
      {"sqrt", tmlc_sqrt_f32, sqrt, 0, 100},
      {"neg", tmlc_neg_f32, r_neg, -5, 5},
      {"abs", tmlc_abs_f32, fabs, -5, 5},
      {"reciprocal", tmlc_reciprocal_f32, r_recip, 0.01f, 50},
      {"hard_swish", tmlc_hard_swish_f32, r_hswish, -8, 8},
  };
  size_t c;
  int32_t i;
  for (c = 0; c < sizeof cases / sizeof cases[0]; ++c) {
    for (i = 0; i < N; ++i)
      x[i] = tmlc_test_randf(cases[c].lo, cases[c].hi);
    TMLC_CHECK(cases[c].fn(x, y, N) == TMLC_OK, "%s", cases[c].name);
    for (i = 0; i < N; ++i)
      TMLC_CHECK_CLOSE(y[i], cases[c].ref(x[i]), 1e-6, 3e-6, cases[c].name, i);
    /* in place gives the same result */
    memcpy(z, x, sizeof x);
    TMLC_CHECK(cases[c].fn(z, z, N) == TMLC_OK, "%s in place", cases[c].name);
    TMLC_CHECK(memcmp(z, y, sizeof y) == 0, "%s in place differs", cases[c].name);
    TMLC_CHECK(cases[c].fn(NULL, y, N) == TMLC_ERR_ARG, "%s NULL", cases[c].name);
  }
  /* NaN propagates through relu; sigmoid saturates without NaN */
  x[0] = NAN; x[1] = -1e30f; x[2] = 1e30f;
  TMLC_CHECK(tmlc_relu_f32(x, y, 1) == TMLC_OK && y[0] != y[0], "relu NaN");
  TMLC_CHECK(tmlc_sigmoid_f32(x + 1, y, 2) == TMLC_OK && y[0] == 0.0f &&
                 y[1] == 1.0f, "sigmoid saturation %g %g", y[0], y[1]);
}

static void test_parametric(void) {
  static float x[N], y[N];
  int32_t i;
  for (i = 0; i < N; ++i)
    x[i] = tmlc_test_randf(-6, 6);
  TMLC_CHECK(tmlc_leaky_relu_f32(x, y, N, 0.1f) == TMLC_OK, "leaky");
  for (i = 0; i < N; ++i)
    TMLC_CHECK_CLOSE(y[i], x[i] < 0 ? 0.1 * x[i] : x[i], 1e-7, 1e-6, "leaky", i);
  TMLC_CHECK(tmlc_hard_sigmoid_f32(x, y, N, 0.2f, 0.5f) == TMLC_OK, "hsig");
  for (i = 0; i < N; ++i) {
    double t = 0.2 * x[i] + 0.5;
    TMLC_CHECK_CLOSE(y[i], t < 0 ? 0 : t > 1 ? 1 : t, 1e-6, 1e-6, "hsig", i);
  }
  TMLC_CHECK(tmlc_clip_f32(x, y, N, -1.5f, 2.0f) == TMLC_OK, "clip");
  for (i = 0; i < N; ++i) {
    double t = x[i] < -1.5 ? -1.5 : x[i] > 2.0 ? 2.0 : x[i];
    TMLC_CHECK(y[i] == (float)t, "clip f32[%d] %g", (int)i, y[i]);
  }
}

#define CLIP_INT(T, sfx, LO, HI, CLO, CHI)                                     \
  do {                                                                         \
    T xs[200], ys[200];                                                        \
    for (i = 0; i < 200; ++i)                                                  \
      xs[i] = (T)tmlc_test_randint(LO, HI);                                    \
    TMLC_CHECK(tmlc_clip_##sfx(xs, ys, 200, (T)(CLO), (T)(CHI)) == TMLC_OK,    \
               #sfx);                                                          \
    for (i = 0; i < 200; ++i) {                                                \
      int64_t v = (int64_t)xs[i];                                              \
      v = v < (CLO) ? (CLO) : v > (CHI) ? (CHI) : v;                           \
      TMLC_CHECK((int64_t)ys[i] == v, "clip " #sfx "[%d]", (int)i);            \
    }                                                                          \
  } while (0)

static void test_clip_int(void) {
  int32_t i;
  CLIP_INT(int8_t, i8, -128, 127, -20, 50);
  CLIP_INT(uint8_t, u8, 0, 255, 10, 200);
  CLIP_INT(int32_t, i32, -100000, 100000, -5000, 7000);
  CLIP_INT(int64_t, i64, -100000, 100000, -30000, 2);
}

static void test_softmax(void) {
  enum { OUT = 3, AX = 7, IN = 5 };
  static float x[OUT * AX * IN], y[OUT * AX * IN], z[OUT * AX * IN];
  int32_t o, a, i, k, rep;
  for (rep = 0; rep < 2; ++rep) {
    float scale = rep ? 1000.0f : 4.0f; /* 1000: exp overflows without the max */
    for (k = 0; k < OUT * AX * IN; ++k)
      x[k] = tmlc_test_randf(-scale, scale);
    TMLC_CHECK(tmlc_softmax_f32(x, y, OUT, AX, IN) == TMLC_OK, "softmax");
    TMLC_CHECK(tmlc_log_softmax_f32(x, z, OUT, AX, IN) == TMLC_OK, "logsoftmax");
    for (o = 0; o < OUT; ++o)
      for (i = 0; i < IN; ++i) {
        double mx = -INFINITY, s = 0, total = 0;
        for (a = 0; a < AX; ++a)
          mx = fmax(mx, x[(o * AX + a) * IN + i]);
        for (a = 0; a < AX; ++a)
          s += exp((double)x[(o * AX + a) * IN + i] - mx);
        for (a = 0; a < AX; ++a) {
          k = (o * AX + a) * IN + i;
          total += y[k];
          TMLC_CHECK_CLOSE(y[k], exp((double)x[k] - mx) / s, 1e-7, 1e-5, "softmax", k);
          TMLC_CHECK_CLOSE(z[k], (double)x[k] - mx - log(s), 1e-5, 1e-6, "logsoftmax", k);
        }
        TMLC_CHECK(fabs(total - 1.0) < 1e-5, "row sum %g", total);
      }
  }
  /* in place */
  memcpy(z, x, sizeof x);
  TMLC_CHECK(tmlc_softmax_f32(z, z, OUT, AX, IN) == TMLC_OK, "softmax in place");
  TMLC_CHECK(memcmp(z, y, sizeof y) == 0, "softmax in place differs");
}

int main(void) {
  test_unary_formulas();
  test_parametric();
  test_clip_int();
  test_softmax();
  return tmlc_test_finish("test_unary");
}
