/*===- test_conv_matmul.c - conv and matmul vs independent references ----===*
 * conv: a direct gather formula in double over random 1-D/2-D/3-D problems
 * (groups, strides, dilations, pads), a one-hot kernel that must shift the
 * input, and im2col + tmlc_matmul_f32. matmul: a double triple loop with
 * numpy batch broadcasting.
 *===----------------------------------------------------------------------===*/
#include <string.h>

#include "tmlc_kernels.h"
#include "tmlc_test.h"

#define BIG 40000

static float xs[BIG], ws[BIG], bs[64], ys[BIG], zs[BIG];

/* y[n][m][o...] = b[m] + sum_{c,k} w[m][c][k] * xpad[n][g*C/G + c][o*s + k*dil - pad] */
static double conv_ref(const tmlc_conv_params *p, const float *x, const float *w,
                       const float *b, int32_t n, int32_t m, const int32_t *o) {
  const int32_t r = p->spatial_rank, cg = p->in_channels / p->group;
  const int32_t g = m / (p->out_channels / p->group);
  int32_t c, t, i, ksz = 1;
  double acc = b ? b[m] : 0.0;
  for (i = 0; i < r; ++i)
    ksz *= p->kernel[i];
  for (c = 0; c < cg; ++c)
    for (t = 0; t < ksz; ++t) {
      int32_t rem = t, kk[3], inside = 1;
      long xi = (long)n * p->in_channels + g * cg + c;
      for (i = r - 1; i >= 0; --i) {
        kk[i] = rem % p->kernel[i];
        rem /= p->kernel[i];
      }
      for (i = 0; i < r; ++i) {
        int32_t pos = o[i] * p->strides[i] + kk[i] * p->dilations[i] - p->pads_begin[i];
        if (pos < 0 || pos >= p->in_dims[i])
          inside = 0;
        xi = xi * p->in_dims[i] + (pos < 0 ? 0 : pos);
      }
      if (inside)
        acc += (double)w[((long)m * cg + c) * ksz + t] * (double)x[xi];
    }
  return acc;
}

static int32_t prod(const int32_t *d, int32_t r) {
  int32_t i, s = 1;
  for (i = 0; i < r; ++i)
    s *= d[i];
  return s;
}

static void random_conv(tmlc_conv_params *p) {
  int32_t i;
  do {
    memset(p, 0, sizeof *p);
    p->spatial_rank = tmlc_test_randint(1, 3);
    p->batch = tmlc_test_randint(1, 2);
    p->group = tmlc_test_randint(1, 3);
    p->in_channels = p->group * tmlc_test_randint(1, 9); /* > 4: channel blocks */
    p->out_channels = p->group * tmlc_test_randint(1, 3);
    for (i = 0; i < p->spatial_rank; ++i) {
      int32_t pe, span;
      p->in_dims[i] = tmlc_test_randint(1, p->spatial_rank == 3 ? 6 : 11);
      p->kernel[i] = tmlc_test_randint(1, 3);
      p->strides[i] = tmlc_test_randint(1, 3);
      p->dilations[i] = tmlc_test_randint(1, 2);
      p->pads_begin[i] = tmlc_test_randint(0, 2);
      pe = tmlc_test_randint(0, 2);
      span = p->in_dims[i] + p->pads_begin[i] + pe - p->dilations[i] * (p->kernel[i] - 1) - 1;
      p->out_dims[i] = span < 0 ? 0 : span / p->strides[i] + 1;
    }
  } while (prod(p->out_dims, p->spatial_rank) == 0);
}

static void test_conv_random(void) {
  int iter;
  for (iter = 0; iter < 300; ++iter) {
    tmlc_conv_params p;
    int32_t nx, nw, ny, n, m, k, o[3], i, plane;
    random_conv(&p);
    plane = prod(p.out_dims, p.spatial_rank);
    nx = p.batch * p.in_channels * prod(p.in_dims, p.spatial_rank);
    nw = p.out_channels * (p.in_channels / p.group) * prod(p.kernel, p.spatial_rank);
    ny = p.batch * p.out_channels * plane;
    for (i = 0; i < nx; ++i) xs[i] = tmlc_test_randf(-1, 1);
    for (i = 0; i < nw; ++i) ws[i] = tmlc_test_randf(-1, 1);
    for (i = 0; i < p.out_channels; ++i) bs[i] = tmlc_test_randf(-1, 1);
    TMLC_CHECK(tmlc_conv_f32(xs, ws, iter % 2 ? bs : NULL, ys, &p) == TMLC_OK, "conv");
    for (i = 0; i < ny; ++i) {
      int32_t rem = i % plane;
      n = i / (p.out_channels * plane);
      m = (i / plane) % p.out_channels;
      for (k = p.spatial_rank - 1; k >= 0; --k) {
        o[k] = rem % p.out_dims[k];
        rem /= p.out_dims[k];
      }
      TMLC_CHECK_CLOSE(ys[i], conv_ref(&p, xs, ws, iter % 2 ? bs : NULL, n, m, o),
                       1e-5, 1e-5, "conv", i);
    }
  }
}

/* A kernel that is 1 at one tap: the output is the input shifted by that tap
 * (stride 1, pads put zeros where the shift leaves the input). */
static void test_conv_one_hot(void) {
  enum { C = 2, H = 6, W = 7, K = 3 };
  tmlc_conv_params p;
  int32_t kh, kw, c, h, w, m;
  memset(&p, 0, sizeof p);
  p.spatial_rank = 2; p.batch = 1; p.in_channels = C; p.out_channels = C;
  p.group = 1;
  p.in_dims[0] = H; p.in_dims[1] = W; p.out_dims[0] = H; p.out_dims[1] = W;
  p.kernel[0] = p.kernel[1] = K; p.strides[0] = p.strides[1] = 1;
  p.dilations[0] = p.dilations[1] = 1; p.pads_begin[0] = p.pads_begin[1] = 1;
  for (c = 0; c < C * H * W; ++c) xs[c] = (float)(c + 1);
  for (kh = 0; kh < K; ++kh)
    for (kw = 0; kw < K; ++kw) {
      memset(ws, 0, sizeof(float) * C * C * K * K);
      for (m = 0; m < C; ++m) /* output m reads input channel C-1-m */
        ws[((m * C + (C - 1 - m)) * K + kh) * K + kw] = 1.0f;
      TMLC_CHECK(tmlc_conv_f32(xs, ws, NULL, ys, &p) == TMLC_OK, "one-hot conv");
      for (m = 0; m < C; ++m)
        for (h = 0; h < H; ++h)
          for (w = 0; w < W; ++w) {
            int32_t sh = h + kh - 1, sw = w + kw - 1;
            float want = (sh < 0 || sh >= H || sw < 0 || sw >= W)
                             ? 0.0f : xs[((C - 1 - m) * H + sh) * W + sw];
            TMLC_CHECK(ys[(m * H + h) * W + w] == want, "shift kh=%d kw=%d m=%d h=%d w=%d",
                       (int)kh, (int)kw, (int)m, (int)h, (int)w);
          }
    }
}

/* 2-D conv (group 1) as im2col followed by W (M x CK) * cols (CK x OHW) */
static void test_conv_im2col(void) {
  int iter;
  for (iter = 0; iter < 40; ++iter) {
    tmlc_conv_params p;
    tmlc_matmul_params mp;
    int32_t ck, ohw, c, kh, kw, oh, ow, i;
    do {
      random_conv(&p);
    } while (p.spatial_rank != 2);
    p.batch = 1;
    p.out_channels /= p.group;
    p.in_channels /= p.group;
    p.group = 1;
    ck = p.in_channels * p.kernel[0] * p.kernel[1];
    ohw = p.out_dims[0] * p.out_dims[1];
    for (i = 0; i < p.in_channels * p.in_dims[0] * p.in_dims[1]; ++i) xs[i] = tmlc_test_randf(-1, 1);
    for (i = 0; i < p.out_channels * ck; ++i) ws[i] = tmlc_test_randf(-1, 1);
    for (c = 0; c < p.in_channels; ++c)
      for (kh = 0; kh < p.kernel[0]; ++kh)
        for (kw = 0; kw < p.kernel[1]; ++kw)
          for (oh = 0; oh < p.out_dims[0]; ++oh)
            for (ow = 0; ow < p.out_dims[1]; ++ow) {
              int32_t ih = oh * p.strides[0] + kh * p.dilations[0] - p.pads_begin[0];
              int32_t iw = ow * p.strides[1] + kw * p.dilations[1] - p.pads_begin[1];
              int32_t row = (c * p.kernel[0] + kh) * p.kernel[1] + kw;
              zs[row * ohw + oh * p.out_dims[1] + ow] =
                  (ih < 0 || iw < 0 || ih >= p.in_dims[0] || iw >= p.in_dims[1])
                      ? 0.0f : xs[(c * p.in_dims[0] + ih) * p.in_dims[1] + iw];
            }
    memset(&mp, 0, sizeof mp);
    mp.m = p.out_channels; mp.k = ck; mp.n = ohw;
    TMLC_CHECK(tmlc_matmul_f32(ws, zs, ys + BIG / 2, &mp) == TMLC_OK, "matmul");
    TMLC_CHECK(tmlc_conv_f32(xs, ws, NULL, ys, &p) == TMLC_OK, "conv");
    for (i = 0; i < p.out_channels * ohw; ++i)
      TMLC_CHECK_CLOSE(ys[i], ys[BIG / 2 + i], 1e-5, 1e-5, "conv vs im2col", i);
  }
}

static void test_matmul_random(void) {
  int iter;
  for (iter = 0; iter < 200; ++iter) {
    tmlc_matmul_params p;
    int32_t ad[TMLC_MAX_RANK], bd[TMLC_MAX_RANK], r, i, sa = 1, sb = 1, nb = 1;
    int32_t m = tmlc_test_randint(1, 9), k = tmlc_test_randint(1, 9), n = tmlc_test_randint(1, 9);
    memset(&p, 0, sizeof p);
    r = tmlc_test_randint(0, 3);
    p.batch.rank = r;
    for (i = 0; i < r; ++i) {
      p.batch.dims[i] = tmlc_test_randint(1, 3);
      ad[i] = tmlc_test_randint(0, 2) ? p.batch.dims[i] : 1;
      bd[i] = tmlc_test_randint(0, 2) ? p.batch.dims[i] : 1;
      nb *= p.batch.dims[i];
    }
    for (i = r - 1; i >= 0; --i) {
      p.batch.a_strides[i] = ad[i] == 1 ? 0 : sa;
      p.batch.b_strides[i] = bd[i] == 1 ? 0 : sb;
      sa *= ad[i];
      sb *= bd[i];
    }
    p.m = m; p.k = k; p.n = n;
    for (i = 0; i < sa * m * k; ++i) xs[i] = tmlc_test_randf(-1, 1);
    for (i = 0; i < sb * k * n; ++i) ws[i] = tmlc_test_randf(-1, 1);
    TMLC_CHECK(tmlc_matmul_f32(xs, ws, ys, &p) == TMLC_OK, "matmul");
    for (i = 0; i < nb; ++i) {
      int32_t rem = i, ai = 0, bi = 0, am = 1, bm = 1, d, row, col, t;
      for (d = r - 1; d >= 0; --d) {
        int32_t coord = rem % p.batch.dims[d];
        rem /= p.batch.dims[d];
        ai += (ad[d] == 1 ? 0 : coord) * am;
        bi += (bd[d] == 1 ? 0 : coord) * bm;
        am *= ad[d];
        bm *= bd[d];
      }
      for (row = 0; row < m; ++row)
        for (col = 0; col < n; ++col) {
          double acc = 0;
          for (t = 0; t < k; ++t)
            acc += (double)xs[(ai * m + row) * k + t] * (double)ws[(bi * k + t) * n + col];
          TMLC_CHECK_CLOSE(ys[(i * m + row) * n + col], acc, 1e-5, 1e-5, "matmul", i);
        }
    }
  }
}

static void test_bad_args(void) {
  tmlc_conv_params p;
  memset(&p, 0, sizeof p);
  p.spatial_rank = 4;
  TMLC_CHECK(tmlc_conv_f32(xs, ws, NULL, ys, &p) == TMLC_ERR_ARG, "rank 4");
  p.spatial_rank = 1; p.group = 2; p.in_channels = 3; p.out_channels = 2;
  p.kernel[0] = p.strides[0] = p.dilations[0] = 1;
  TMLC_CHECK(tmlc_conv_f32(xs, ws, NULL, ys, &p) == TMLC_ERR_ARG, "C not a multiple of group");
  TMLC_CHECK(tmlc_matmul_f32(xs, NULL, ys, NULL) == TMLC_ERR_ARG, "NULL");
}

int main(void) {
  test_conv_random();
  test_conv_one_hot();
  test_conv_im2col();
  test_matmul_random();
  test_bad_args();
  return tmlc_test_finish("test_conv_matmul");
}
