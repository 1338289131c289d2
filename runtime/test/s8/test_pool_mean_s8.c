/*===- test_pool_mean_s8.c - AVERAGE_POOL_2D, MAX_POOL_2D, MEAN -----------===*
 * Average pool against a reference that rounds the exact rational mean half
 * away from zero via doubled integers; max pool against the property
 * "output is the clamped max of its in-bounds window and equals one of its
 * elements"; MEAN in its three TFLite modes against direct formulas with
 * the independent t_ref_mbqm, plus float-domain closeness.
 *===----------------------------------------------------------------------===*/
#include <math.h>
#include <string.h>

#include "tmlc_quant_math.h"
#include "s8_test.h"

#define MAXN 20000
static int8_t X[MAXN], Y[MAXN];

static void random_pool(tmlc_pool_s8_params *p) {
  memset(p, 0, sizeof *p);
  p->batch = t_range(1, 2);
  p->in_h = t_range(1, 10);
  p->in_w = t_range(1, 10);
  p->channels = t_range(1, 6);
  p->k_h = t_range(1, p->in_h < 4 ? p->in_h : 4);
  p->k_w = t_range(1, p->in_w < 4 ? p->in_w : 4);
  p->stride_h = t_range(1, 3);
  p->stride_w = t_range(1, 3);
  p->pad_top = t_range(0, p->k_h - 1);
  p->pad_left = t_range(0, p->k_w - 1);
  /* SAME-like output size: every window touches the input */
  p->out_h = (p->in_h + p->pad_top - 1) / p->stride_h + 1;
  p->out_w = (p->in_w + p->pad_left - 1) / p->stride_w + 1;
  p->act_min = t_next() % 2 ? -128 : t_range(-128, 0);
  p->act_max = t_next() % 2 ? 127 : t_range(0, 127);
}

static void test_pools(void) {
  int iter;
  for (iter = 0; iter < 400; ++iter) {
    tmlc_pool_s8_params p;
    int8_t A[MAXN];
    int32_t b, oy, ox, c, i, bad = 0;
    random_pool(&p);
    for (i = 0; i < p.batch * p.in_h * p.in_w * p.channels; ++i)
      X[i] = t_s8();
    TMLC_T_CHECK(tmlc_avgpool_s8(X, A, &p) == TMLC_OK, "avg st");
    TMLC_T_CHECK(tmlc_maxpool_s8(X, Y, &p) == TMLC_OK, "max st");
    for (b = 0; b < p.batch; ++b)
      for (oy = 0; oy < p.out_h; ++oy)
        for (ox = 0; ox < p.out_w; ++ox)
          for (c = 0; c < p.channels; ++c) {
            int64_t sum = 0, count = 0, m = -1000, q, mag;
            int found = 0;
            int32_t ky, kx;
            const int32_t o = ((b * p.out_h + oy) * p.out_w + ox) * p.channels + c;
            for (ky = 0; ky < p.k_h; ++ky)
              for (kx = 0; kx < p.k_w; ++kx) {
                const int32_t iy = oy * p.stride_h - p.pad_top + ky;
                const int32_t ix = ox * p.stride_w - p.pad_left + kx;
                if (iy >= 0 && iy < p.in_h && ix >= 0 && ix < p.in_w) {
                  const int32_t v = X[((b * p.in_h + iy) * p.in_w + ix) * p.channels + c];
                  sum += v;
                  ++count;
                  if (v > m) m = v;
                }
              }
            /* round(|sum| / count) half away: floor((2|sum| + count) / (2 count)) */
            mag = sum < 0 ? -sum : sum;
            q = (2 * mag + count) / (2 * count);
            q = sum < 0 ? -q : q;
            bad += A[o] != t_clamp(q, p.act_min, p.act_max);
            /* max-pool property */
            TMLC_T_CHECK(Y[o] == t_clamp(m, p.act_min, p.act_max), "max");
            for (ky = 0; ky < p.k_h && !found; ++ky)
              for (kx = 0; kx < p.k_w; ++kx) {
                const int32_t iy = oy * p.stride_h - p.pad_top + ky;
                const int32_t ix = ox * p.stride_w - p.pad_left + kx;
                if (iy >= 0 && iy < p.in_h && ix >= 0 && ix < p.in_w &&
                    t_clamp(X[((b * p.in_h + iy) * p.in_w + ix) * p.channels + c],
                            p.act_min, p.act_max) == Y[o])
                  found = 1;
              }
            TMLC_T_CHECK(found, "max output is not a window element");
            TMLC_T_CHECK(A[o] <= Y[o] || Y[o] == p.act_min, "avg > max");
          }
    TMLC_T_CHECK(bad == 0, "avgpool iter %d: %d differ", iter, bad);
  }
  { /* a window entirely in the padding is rejected */
    tmlc_pool_s8_params p;
    random_pool(&p);
    p.pad_top = 0;
    p.out_h = p.in_h + 3;
    TMLC_T_CHECK(tmlc_avgpool_s8(X, Y, &p) == TMLC_ERR_ARG, "empty window");
  }
}

static void test_mean(void) {
  int iter;
  for (iter = 0; iter < 300; ++iter) {
    tmlc_mean_s8_params p;
    const int mode = iter % 3;
    float si, so;
    int32_t o, i, r, bad = 0, far = 0;
    memset(&p, 0, sizeof p);
    p.outer = t_range(1, 3);
    p.reduce = t_range(1, 200);
    p.inner = t_range(1, 8);
    p.mode = mode;
    si = (float)ldexp(1.0 + (double)(t_next() % 1000) / 1000.0, t_range(-8, -4));
    so = mode == TMLC_MEAN_S8_SAME_SCALE
             ? si
             : (float)ldexp(1.0 + (double)(t_next() % 1000) / 1000.0, t_range(-8, -4));
    tmlc_mean_s8_prepare(si, t_range(-128, 127), so, t_range(-128, 127), &p);
    if (mode == TMLC_MEAN_S8_SAME_SCALE)
      p.output_zero_point = p.input_zero_point;
    if (mode == TMLC_MEAN_S8_RESCALE)
      tmlc_mean_s8_fold_count(p.reduce, &p.multiplier, &p.shift);
    for (i = 0; i < p.outer * p.reduce * p.inner; ++i)
      X[i] = t_s8();
    TMLC_T_CHECK(tmlc_mean_s8(X, Y, &p) == TMLC_OK, "st");
    for (o = 0; o < p.outer; ++o)
      for (i = 0; i < p.inner; ++i) {
        int64_t sum = 0;
        int64_t e;
        double real = 0;
        const int32_t n = p.reduce;
        for (r = 0; r < n; ++r)
          sum += X[(o * n + r) * p.inner + i];
        if (mode == TMLC_MEAN_S8_SAME_SCALE) {
          e = sum / n; /* C truncation, as TFLite's reference_ops::Mean */
        } else if (mode == TMLC_MEAN_S8_SPATIAL) {
          int64_t v = t_ref_mbqm((int32_t)(sum - (int64_t)n * p.input_zero_point),
                                 p.multiplier, p.shift);
          e = v > 0 ? (v + n / 2) / n : (v - n / 2) / n;
          e = t_clamp(e + p.output_zero_point, -128, 127);
        } else {
          e = t_clamp((int64_t)t_ref_mbqm((int32_t)(sum - (int64_t)n * p.input_zero_point),
                                          p.multiplier, p.shift) + p.output_zero_point,
                      -128, 127);
        }
        bad += Y[o * p.inner + i] != e;
        real = (double)si * ((double)sum / n - p.input_zero_point) / so + p.output_zero_point;
        if (real > -128 && real < 127 && fabs(Y[o * p.inner + i] - real) > 1.0)
          ++far;
      }
    TMLC_T_CHECK(bad == 0, "mean mode %d iter %d: %d differ", mode, iter, bad);
    TMLC_T_CHECK(far == 0, "mean mode %d iter %d: %d outputs > 1 LSB from real", mode, iter, far);
  }
}

int main(void) {
  test_pools();
  test_mean();
  TMLC_T_DONE("test_pool_mean_s8");
}
