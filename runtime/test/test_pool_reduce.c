/*===- test_pool_reduce.c - pooling and reductions vs brute force --------===*
 * maxpool/avgpool: brute force over every window tap in padded coordinates
 * (random 1-D/2-D/3-D, strides, dilations, asymmetric pads, ceil-mode output
 * sizes), plus hand-checkable average-pool divisor cases. reductions: every
 * input element's output position from index arithmetic, in double.
 *===----------------------------------------------------------------------===*/
#include <string.h>

#include "tmlc_kernels.h"
#include "tmlc_test.h"

#define BIG 20000
static float xs[BIG], ys[BIG], zs[BIG];
static int64_t idx[BIG];

static void random_pool(tmlc_pool_params *p) {
  int32_t i, ceil_mode = tmlc_test_randint(0, 1);
  memset(p, 0, sizeof *p);
  p->spatial_rank = tmlc_test_randint(1, 3);
  p->batch = tmlc_test_randint(1, 2);
  p->channels = tmlc_test_randint(1, 3);
  p->count_include_pad = tmlc_test_randint(0, 1);
  for (i = 0; i < p->spatial_rank; ++i) {
    int32_t span, o;
    p->in_dims[i] = tmlc_test_randint(2, p->spatial_rank == 3 ? 6 : 12);
    p->kernel[i] = tmlc_test_randint(1, 3);
    p->strides[i] = tmlc_test_randint(1, 3);
    p->dilations[i] = tmlc_test_randint(1, 2);
    /* ONNX requires pads smaller than the kernel extent */
    p->pads_begin[i] = tmlc_test_randint(0, p->kernel[i] - 1);
    p->pads_end[i] = tmlc_test_randint(0, p->kernel[i] - 1);
    span = p->in_dims[i] + p->pads_begin[i] + p->pads_end[i] -
           p->dilations[i] * (p->kernel[i] - 1) - 1;
    if (span < 0) {
      p->kernel[i] = 1;
      p->dilations[i] = 1;
      p->pads_begin[i] = p->pads_end[i] = 0;
      span = p->in_dims[i] - 1;
    }
    o = ceil_mode ? (span + p->strides[i] - 1) / p->strides[i] + 1
                  : span / p->strides[i] + 1;
    /* ceil mode: the last window must start inside input + begin pad */
    if (ceil_mode && (o - 1) * p->strides[i] >= p->in_dims[i] + p->pads_begin[i])
      --o;
    p->out_dims[i] = o;
  }
  for (i = p->spatial_rank; i < TMLC_MAX_SPATIAL; ++i)
    p->in_dims[i] = p->out_dims[i] = p->kernel[i] = 1;
}

static void test_pool_random(void) {
  int iter;
  for (iter = 0; iter < 400; ++iter) {
    tmlc_pool_params p;
    int32_t r, nin = 1, nout = 1, i, t, ntaps = 1;
    random_pool(&p);
    r = p.spatial_rank;
    for (i = 0; i < r; ++i) {
      nin *= p.in_dims[i];
      nout *= p.out_dims[i];
      ntaps *= p.kernel[i];
    }
    for (i = 0; i < p.batch * p.channels * nin; ++i)
      xs[i] = (float)tmlc_test_randint(-50, 50) * 0.25f; /* ties happen */
    TMLC_CHECK(tmlc_maxpool_f32(xs, ys, iter % 3 ? idx : NULL, &p) == TMLC_OK, "maxpool");
    TMLC_CHECK(tmlc_avgpool_f32(xs, zs, &p) == TMLC_OK, "avgpool");
    for (i = 0; i < p.batch * p.channels * nout; ++i) {
      int32_t nc = i / nout, orem = i % nout, o[3], d;
      double best = -INFINITY, sum = 0;
      long besti = -1;
      int32_t real = 0, padded = 0;
      for (d = r - 1; d >= 0; --d) {
        o[d] = orem % p.out_dims[d];
        orem /= p.out_dims[d];
      }
      for (t = 0; t < ntaps; ++t) {
        int32_t trem = t, inside = 1, inpad = 1, pos[3];
        long flat = nc;
        for (d = r - 1; d >= 0; --d) {
          int32_t k = trem % p.kernel[d];
          trem /= p.kernel[d];
          pos[d] = o[d] * p.strides[d] + k * p.dilations[d] - p.pads_begin[d];
        }
        for (d = 0; d < r; ++d) {
          if (pos[d] < 0 || pos[d] >= p.in_dims[d]) inside = 0;
          if (pos[d] < -p.pads_begin[d] || pos[d] >= p.in_dims[d] + p.pads_end[d]) inpad = 0;
          flat = flat * p.in_dims[d] + pos[d];
        }
        padded += inpad;
        if (!inside)
          continue;
        ++real;
        sum += xs[flat];
        if (xs[flat] > best) { /* taps run in memory order: first max wins */
          best = xs[flat];
          besti = flat;
        }
      }
      TMLC_CHECK(ys[i] == (float)best, "maxpool[%d] got %g want %g", (int)i, ys[i], best);
      if (iter % 3)
        TMLC_CHECK(idx[i] == besti, "maxpool index[%d] got %ld want %ld", (int)i,
                   (long)idx[i], besti);
      TMLC_CHECK_CLOSE(zs[i], sum / (p.count_include_pad ? padded : real), 1e-6, 1e-6,
                       "avgpool", i);
    }
  }
}

/* y = avgpool of a 1-D signal; returns the status */
static tmlc_status avg1d(const float *x, int32_t n, int32_t k, int32_t s,
                         int32_t pb, int32_t pe, int32_t out, int32_t cip, float *y) {
  tmlc_pool_params p;
  memset(&p, 0, sizeof p);
  p.spatial_rank = 1; p.batch = 1; p.channels = 1;
  p.in_dims[0] = n; p.out_dims[0] = out; p.kernel[0] = k; p.strides[0] = s;
  p.dilations[0] = 1; p.pads_begin[0] = pb; p.pads_end[0] = pe;
  p.count_include_pad = cip;
  return tmlc_avgpool_f32(x, y, &p);
}

static void test_avgpool_divisors(void) {
  const float x[5] = {1, 2, 3, 4, 5};
  float y[4];
  /* k=3, pads 1/1: edge windows hold 2 real elements and 1 pad */
  TMLC_CHECK(avg1d(x, 4, 3, 1, 1, 1, 4, 0, y) == TMLC_OK, "avg");
  TMLC_CHECK(y[0] == (1 + 2) / 2.0f && y[1] == 2 && y[2] == 3 && y[3] == (3 + 4) / 2.0f,
             "exclude pad: %g %g %g %g", y[0], y[1], y[2], y[3]);
  TMLC_CHECK(avg1d(x, 4, 3, 1, 1, 1, 4, 1, y) == TMLC_OK, "avg");
  TMLC_CHECK(y[0] == (1 + 2) / 3.0f && y[3] == (3 + 4) / 3.0f,
             "include pad: %g %g", y[0], y[3]);
  /* ceil mode, no pads: n=5, k=2, s=2 gives 3 outputs, the last window
   * holds x[4] and a position past the input, which never counts */
  TMLC_CHECK(avg1d(x, 5, 2, 2, 0, 0, 3, 1, y) == TMLC_OK, "avg");
  TMLC_CHECK(y[0] == 1.5f && y[1] == 3.5f && y[2] == 5.0f, "ceil: %g %g %g", y[0], y[1], y[2]);
  /* ceil mode with pads 1/1: n=4, k=3, s=2: 3 outputs; the last window is
   * taps {3, 4, 5}: 3 is real, 4 is end padding, 5 is beyond both */
  TMLC_CHECK(avg1d(x, 4, 3, 2, 1, 1, 3, 1, y) == TMLC_OK, "avg");
  TMLC_CHECK(y[0] == (1 + 2) / 3.0f && y[1] == (2 + 3 + 4) / 3.0f && y[2] == 4 / 2.0f,
             "ceil+pad include: %g %g %g", y[0], y[1], y[2]);
  TMLC_CHECK(avg1d(x, 4, 3, 2, 1, 1, 3, 0, y) == TMLC_OK, "avg");
  TMLC_CHECK(y[0] == 1.5f && y[2] == 4.0f, "ceil+pad exclude: %g %g", y[0], y[2]);
}

static void test_reduce_random(void) {
  typedef tmlc_status (*rfn)(const float *, float *, const tmlc_reduce_params *);
  const rfn fns[4] = {tmlc_reduce_sum_f32, tmlc_reduce_mean_f32, tmlc_reduce_max_f32,
                      tmlc_reduce_min_f32};
  const char *names[4] = {"sum", "mean", "max", "min"};
  static double ref[BIG];
  static int32_t cnt[BIG];
  int iter, f;
  for (iter = 0; iter < 400; ++iter) {
    tmlc_reduce_params p;
    int32_t i, d, nin = 1, nout = 1;
    memset(&p, 0, sizeof p);
    p.rank = tmlc_test_randint(1, 6);
    for (d = 0; d < p.rank; ++d) {
      p.dims[d] = tmlc_test_randint(1, 5);
      p.reduce[d] = tmlc_test_randint(0, 1);
      nin *= p.dims[d];
      if (!p.reduce[d])
        nout *= p.dims[d];
    }
    for (i = 0; i < nin; ++i)
      xs[i] = tmlc_test_randf(-10, 10);
    if (iter % 7 == 0)
      xs[tmlc_test_randint(0, nin - 1)] = NAN;
    for (f = 0; f < 4; ++f) {
      for (i = 0; i < nout; ++i) {
        ref[i] = f == 2 ? -INFINITY : f == 3 ? INFINITY : 0.0;
        cnt[i] = 0;
      }
      for (i = 0; i < nin; ++i) { /* output index = input index without reduced axes */
        int32_t rem = i, o = 0, mul = 1;
        double v = xs[i];
        for (d = p.rank - 1; d >= 0; --d) {
          int32_t c = rem % p.dims[d];
          rem /= p.dims[d];
          if (!p.reduce[d]) {
            o += c * mul;
            mul *= p.dims[d];
          }
        }
        ++cnt[o];
        if (f < 2) ref[o] += v;
        else if (v != v || ref[o] != ref[o]) ref[o] = NAN;
        else if (f == 2) ref[o] = v > ref[o] ? v : ref[o];
        else ref[o] = v < ref[o] ? v : ref[o];
      }
      TMLC_CHECK(fns[f](xs, ys, &p) == TMLC_OK, "%s", names[f]);
      for (i = 0; i < nout; ++i)
        TMLC_CHECK_CLOSE(ys[i], f == 1 ? ref[i] / cnt[i] : ref[i], 1e-4, 1e-5, names[f], i);
    }
  }
}

static void test_bad_args(void) {
  tmlc_pool_params p;
  tmlc_reduce_params r;
  memset(&p, 0, sizeof p);
  p.spatial_rank = 2; p.batch = 1; p.channels = 1;
  p.in_dims[0] = p.in_dims[1] = p.out_dims[0] = p.out_dims[1] = 2;
  p.kernel[0] = p.kernel[1] = 1; p.strides[0] = 1; p.strides[1] = 0;
  p.dilations[0] = p.dilations[1] = 1;
  TMLC_CHECK(tmlc_maxpool_f32(xs, ys, NULL, &p) == TMLC_ERR_ARG, "stride 0");
  TMLC_CHECK(tmlc_avgpool_f32(xs, ys, &p) == TMLC_ERR_ARG, "stride 0");
  memset(&r, 0, sizeof r);
  TMLC_CHECK(tmlc_reduce_sum_f32(xs, ys, &r) == TMLC_ERR_ARG, "rank 0");
}

int main(void) {
  test_pool_random();
  test_avgpool_divisors();
  test_reduce_random();
  test_bad_args();
  return tmlc_test_finish("test_pool_reduce");
}
