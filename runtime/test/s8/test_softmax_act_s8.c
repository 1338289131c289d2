/*===- test_softmax_act_s8.c - SOFTMAX, LOGISTIC, TANH int8 ---------------===*
 * There is no TFLite on this machine to compare bit for bit, so these are
 * float-domain and property tests of the fixed-point paths: every output is
 * within 1 LSB of the real-valued function (softmax/logistic: scale 1/256,
 * zp -128; tanh: scale 1/128, zp 0), outputs are monotonic in the input,
 * uniform softmax rows sum to about 256, tanh is odd and logistic is
 * symmetric up to the one-LSB rounding. The arithmetic under them
 * (tmlc_requant.h) is checked exactly in test_requant.c.
 *===----------------------------------------------------------------------===*/
#include <math.h>
#include <string.h>

#include "tmlc_quant_math.h"
#include "s8_test.h"

static int32_t round_clamp(double v) {
  return t_clamp((int64_t)floor(v + 0.5), -128, 127);
}

static void test_softmax(void) {
  int iter;
  int32_t worst = 0;
  for (iter = 0; iter < 300; ++iter) {
    tmlc_softmax_s8_params p;
    int8_t x[64 * 4], y[64 * 4];
    const float scale = (float)ldexp(1.0 + (double)(t_next() % 1000) / 1000.0, t_range(-6, -2));
    const float beta = iter % 4 == 0 ? 1.0f : (float)(0.25 + (double)(t_next() % 100) / 50.0);
    int32_t r, c, i;
    memset(&p, 0, sizeof p);
    p.rows = t_range(1, 4);
    p.depth = t_range(1, 64);
    tmlc_softmax_s8_prepare(beta, scale, &p);
    for (i = 0; i < p.rows * p.depth; ++i)
      x[i] = iter % 5 == 0 ? (int8_t)t_range(-3, 3) : t_s8();
    TMLC_T_CHECK(tmlc_softmax_s8(x, y, &p) == TMLC_OK, "st");
    for (r = 0; r < p.rows; ++r) {
      const int8_t *xr = x + r * p.depth;
      const int8_t *yr = y + r * p.depth;
      int32_t mx = -128;
      double sum = 0;
      for (c = 0; c < p.depth; ++c)
        if (xr[c] > mx) mx = xr[c];
      for (c = 0; c < p.depth; ++c)
        sum += exp((double)beta * scale * (xr[c] - mx));
      for (c = 0; c < p.depth; ++c) {
        const double prob = exp((double)beta * scale * (xr[c] - mx)) / sum;
        const int32_t e = round_clamp(prob * 256.0 - 128.0);
        const int32_t d = yr[c] > e ? yr[c] - e : e - yr[c];
        int32_t k;
        if (d > worst) worst = d;
        for (k = 0; k < p.depth; ++k)
          if (xr[k] > xr[c])
            TMLC_T_CHECK(yr[k] >= yr[c], "softmax not monotonic");
      }
    }
  }
  printf("softmax: worst deviation from float %d LSB\n", worst);
  TMLC_T_CHECK(worst <= 1, "softmax off by %d LSB", worst);
  { /* uniform rows: every output equal and the sum of probabilities ~ 1 */
    int32_t depth;
    for (depth = 1; depth <= 256; depth = depth * 2 + 1) {
      tmlc_softmax_s8_params p;
      int8_t x[256], y[256];
      int32_t c, total = 0;
      memset(&p, 0, sizeof p);
      p.rows = 1;
      p.depth = depth;
      tmlc_softmax_s8_prepare(1.0f, 0.0625f, &p);
      memset(x, 37, sizeof x);
      TMLC_T_CHECK(tmlc_softmax_s8(x, y, &p) == TMLC_OK, "st");
      for (c = 0; c < depth; ++c) {
        total += y[c] + 128;
        TMLC_T_CHECK(y[c] == y[0], "uniform row not uniform");
      }
      TMLC_T_CHECK(abs(total - 256) <= (depth + 1) / 2 + 1,
                   "uniform depth %d sums to %d", depth, total);
    }
  }
}

static void test_logistic_tanh(void) {
  int iter;
  int32_t worst_l = 0, worst_t = 0;
  for (iter = 0; iter < 400; ++iter) {
    tmlc_tanh_logistic_s8_params p;
    int8_t x[256], yl[256], yt[256];
    const float scale = (float)ldexp(1.0 + (double)(t_next() % 1000) / 1000.0, t_range(-8, -1));
    const int32_t zp = iter % 2 ? 0 : t_range(-128, 127);
    int32_t i;
    tmlc_tanh_logistic_s8_prepare(scale, zp, &p);
    for (i = 0; i < 256; ++i)
      x[i] = (int8_t)(i - 128);
    TMLC_T_CHECK(tmlc_logistic_s8(x, yl, 256, &p) == TMLC_OK, "st");
    TMLC_T_CHECK(tmlc_tanh_s8(x, yt, 256, &p) == TMLC_OK, "st");
    for (i = 0; i < 256; ++i) {
      const double real = (double)scale * (x[i] - zp);
      const int32_t el = round_clamp(256.0 / (1.0 + exp(-real)) - 128.0);
      const int32_t et = round_clamp(128.0 * tanh(real));
      const int32_t dl = abs(yl[i] - el), dt = abs(yt[i] - et);
      if (dl > worst_l) worst_l = dl;
      if (dt > worst_t) worst_t = dt;
      if (i > 0) {
        TMLC_T_CHECK(yl[i] >= yl[i - 1], "logistic not monotonic");
        TMLC_T_CHECK(yt[i] >= yt[i - 1], "tanh not monotonic");
      }
    }
    if (zp == 0) {
      for (i = 1; i < 256; ++i) { /* index of -x[i] is 256 - i */
        const int32_t j = 256 - i;
        TMLC_T_CHECK(abs(yt[i] + yt[j]) <= 1 || (yt[i] == 127 && yt[j] == -128) ||
                         (yt[i] == -128 && yt[j] == 127),
                     "tanh not odd at %d: %d %d", x[i], yt[i], yt[j]);
        TMLC_T_CHECK(abs((yl[i] + 128) + (yl[j] + 128) - 256) <= 1 ||
                         yl[i] == 127 || yl[j] == 127,
                     "logistic not symmetric at %d: %d %d", x[i], yl[i], yl[j]);
      }
    }
    { /* in place gives the same result */
      int8_t z[256];
      memcpy(z, x, 256);
      tmlc_logistic_s8(z, z, 256, &p);
      TMLC_T_CHECK(memcmp(z, yl, 256) == 0, "in place");
    }
  }
  printf("logistic: worst deviation from float %d LSB; tanh %d LSB\n", worst_l, worst_t);
  TMLC_T_CHECK(worst_l <= 1, "logistic off by %d", worst_l);
  TMLC_T_CHECK(worst_t <= 1, "tanh off by %d", worst_t);
}

int main(void) {
  test_softmax();
  test_logistic_tanh();
  TMLC_T_DONE("test_softmax_act_s8");
}
