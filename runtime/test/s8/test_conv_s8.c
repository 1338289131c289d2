/*===- test_conv_s8.c - CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED -------===*
 * Each kernel against a naive reference written differently: the input is
 * first materialized with explicit zero-point padding (padding contributes
 * w * (zp - zp) = 0, which is what skipping out-of-bounds taps means), the
 * dot products are accumulated in int64 and requantized with the
 * independent t_ref_mbqm of s8_test.h. Random shapes, strides, dilations,
 * groups, depth multipliers, per-tensor and per-channel multipliers.
 *===----------------------------------------------------------------------===*/
#include <string.h>

#include "tmlc_kernels_s8.h"
#include "s8_test.h"

#define MAXN 20000

static int8_t X[MAXN], W[MAXN], Y[MAXN], R[MAXN], XP[MAXN * 4];
static int32_t B[512], MULT[512], SHIFT[512];

static void random_requant(int32_t n, int per_channel) {
  int32_t i;
  for (i = 0; i < (per_channel ? n : 1); ++i) {
    MULT[i] = t_mult();
    SHIFT[i] = t_range(-14, 1);
  }
}

/* pads x (N,H,W,C) with zp into XP of size (N, H+pt+pb, W+pl+pr, C) */
static void pad_input(const int8_t *x, int32_t n, int32_t h, int32_t w,
                      int32_t c, int32_t pt, int32_t pb, int32_t pl,
                      int32_t pr, int8_t zp) {
  const int32_t hp = h + pt + pb, wp = w + pl + pr;
  int32_t b, i, j, k;
  for (b = 0; b < n; ++b)
    for (i = 0; i < hp; ++i)
      for (j = 0; j < wp; ++j)
        for (k = 0; k < c; ++k) {
          const int32_t si = i - pt, sj = j - pl;
          XP[((b * hp + i) * wp + j) * c + k] =
              (si >= 0 && si < h && sj >= 0 && sj < w)
                  ? x[((b * h + si) * w + sj) * c + k]
                  : zp;
        }
}

static int8_t finish(int64_t acc, int32_t q, const tmlc_conv_s8_params *p) {
  TMLC_T_CHECK(acc >= INT32_MIN && acc <= INT32_MAX, "acc overflow");
  return (int8_t)t_clamp((int64_t)t_ref_mbqm((int32_t)acc, MULT[q], SHIFT[q]) +
                             p->output_offset,
                         p->act_min, p->act_max);
}

static void test_conv(int depthwise) {
  int iter;
  for (iter = 0; iter < 300; ++iter) {
    tmlc_conv_s8_params p;
    int32_t hp, wp, pb, pr, b, oy, ox, oc;
    const int8_t in_zp = (int8_t)t_range(-128, 127);
    const int use_bias = (int)(t_next() % 4 != 0);
    memset(&p, 0, sizeof p);
    p.batch = t_range(1, 2);
    p.in_h = t_range(1, 9);
    p.in_w = t_range(1, 9);
    p.k_h = t_range(1, 4);
    p.k_w = t_range(1, 4);
    p.stride_h = t_range(1, 3);
    p.stride_w = t_range(1, 3);
    p.dilation_h = t_range(1, 2);
    p.dilation_w = t_range(1, 2);
    p.pad_top = t_range(0, (p.k_h - 1) * p.dilation_h);
    p.pad_left = t_range(0, (p.k_w - 1) * p.dilation_w);
    pb = t_range(0, (p.k_h - 1) * p.dilation_h);
    pr = t_range(0, (p.k_w - 1) * p.dilation_w);
    hp = p.in_h + p.pad_top + pb;
    wp = p.in_w + p.pad_left + pr;
    if (hp < (p.k_h - 1) * p.dilation_h + 1 || wp < (p.k_w - 1) * p.dilation_w + 1) {
      --iter;
      continue;
    }
    p.out_h = (hp - (p.k_h - 1) * p.dilation_h - 1) / p.stride_h + 1;
    p.out_w = (wp - (p.k_w - 1) * p.dilation_w - 1) / p.stride_w + 1;
    if (depthwise) {
      p.in_c = t_range(1, 8);
      p.depth_multiplier = t_range(1, 3);
      p.out_c = p.in_c * p.depth_multiplier;
      p.groups = 1;
    } else {
      p.groups = t_range(1, 3);
      p.in_c = p.groups * t_range(1, 5);
      p.out_c = p.groups * t_range(1, 4);
      p.depth_multiplier = 1;
    }
    p.input_offset = -in_zp;
    p.output_offset = t_range(-128, 127);
    p.act_min = t_next() % 2 ? -128 : t_range(-128, 0);
    p.act_max = t_next() % 2 ? 127 : t_range(0, 127);
    p.per_channel = (int32_t)(t_next() % 2);
    random_requant(p.out_c, p.per_channel);
    p.multiplier = MULT;
    p.shift = SHIFT;
    {
      const int32_t nx = p.batch * p.in_h * p.in_w * p.in_c;
      const int32_t filter_c = depthwise ? 1 : p.in_c / p.groups;
      const int32_t nw = depthwise ? p.k_h * p.k_w * p.out_c
                                   : p.out_c * p.k_h * p.k_w * filter_c;
      int32_t i;
      for (i = 0; i < nx; ++i) X[i] = t_s8();
      for (i = 0; i < nw; ++i) W[i] = (int8_t)t_range(-127, 127);
      for (i = 0; i < p.out_c; ++i) B[i] = t_range(-40000, 40000);
    }
    pad_input(X, p.batch, p.in_h, p.in_w, p.in_c, p.pad_top, pb, p.pad_left,
              pr, in_zp);
    for (b = 0; b < p.batch; ++b)
      for (oy = 0; oy < p.out_h; ++oy)
        for (ox = 0; ox < p.out_w; ++ox)
          for (oc = 0; oc < p.out_c; ++oc) {
            int64_t acc = use_bias ? B[oc] : 0;
            int32_t ky, kx, c;
            const int32_t q = p.per_channel ? oc : 0;
            for (ky = 0; ky < p.k_h; ++ky)
              for (kx = 0; kx < p.k_w; ++kx) {
                const int32_t iy = oy * p.stride_h + ky * p.dilation_h;
                const int32_t ix = ox * p.stride_w + kx * p.dilation_w;
                const int8_t *xp = &XP[((b * hp + iy) * wp + ix) * p.in_c];
                if (depthwise) {
                  const int32_t ic = oc / p.depth_multiplier;
                  acc += (int64_t)W[(ky * p.k_w + kx) * p.out_c + oc] *
                         ((int64_t)xp[ic] - in_zp);
                } else {
                  const int32_t fc = p.in_c / p.groups;
                  const int32_t g = oc / (p.out_c / p.groups);
                  for (c = 0; c < fc; ++c)
                    acc += (int64_t)W[((oc * p.k_h + ky) * p.k_w + kx) * fc + c] *
                           ((int64_t)xp[g * fc + c] - in_zp);
                }
              }
            R[((b * p.out_h + oy) * p.out_w + ox) * p.out_c + oc] = finish(acc, q, &p);
          }
    {
      const tmlc_status st =
          depthwise ? tmlc_depthwise_conv2d_s8(X, W, use_bias ? B : NULL, Y, &p)
                    : tmlc_conv2d_s8(X, W, use_bias ? B : NULL, Y, &p);
      const int32_t ny = p.batch * p.out_h * p.out_w * p.out_c;
      int32_t i, bad = 0;
      TMLC_T_CHECK(st == TMLC_OK, "status %d", (int)st);
      for (i = 0; i < ny; ++i)
        bad += Y[i] != R[i];
      TMLC_T_CHECK(bad == 0, "%s iter %d: %d of %d outputs differ",
                   depthwise ? "depthwise" : "conv", iter, bad, ny);
    }
  }
}

static void test_fc(void) {
  int iter;
  for (iter = 0; iter < 300; ++iter) {
    tmlc_fc_s8_params p;
    int32_t b, o, i, bad = 0;
    const int use_bias = (int)(t_next() % 4 != 0);
    memset(&p, 0, sizeof p);
    p.batches = t_range(1, 4);
    p.in_features = t_range(1, 300);
    p.out_features = t_range(1, 40);
    p.input_offset = -t_range(-128, 127);
    p.filter_offset = t_next() % 3 == 0 ? -t_range(-20, 20) : 0;
    p.output_offset = t_range(-128, 127);
    p.act_min = -128;
    p.act_max = t_next() % 2 ? 127 : t_range(0, 127);
    p.per_channel = (int32_t)(t_next() % 2);
    random_requant(p.out_features, p.per_channel);
    p.multiplier = MULT;
    p.shift = SHIFT;
    for (i = 0; i < p.batches * p.in_features; ++i) X[i] = t_s8();
    for (i = 0; i < p.out_features * p.in_features; ++i) W[i] = (int8_t)t_range(-127, 127);
    for (i = 0; i < p.out_features; ++i) B[i] = t_range(-100000, 100000);
    for (b = 0; b < p.batches; ++b)
      for (o = 0; o < p.out_features; ++o) {
        int64_t acc = use_bias ? B[o] : 0;
        const int32_t q = p.per_channel ? o : 0;
        for (i = 0; i < p.in_features; ++i)
          acc += ((int64_t)W[o * p.in_features + i] + p.filter_offset) *
                 ((int64_t)X[b * p.in_features + i] + p.input_offset);
        TMLC_T_CHECK(acc >= INT32_MIN && acc <= INT32_MAX, "acc");
        R[b * p.out_features + o] = (int8_t)t_clamp(
            (int64_t)t_ref_mbqm((int32_t)acc, MULT[q], SHIFT[q]) + p.output_offset,
            p.act_min, p.act_max);
      }
    TMLC_T_CHECK(tmlc_fully_connected_s8(X, W, use_bias ? B : NULL, Y, &p) == TMLC_OK, "st");
    for (i = 0; i < p.batches * p.out_features; ++i)
      bad += Y[i] != R[i];
    TMLC_T_CHECK(bad == 0, "fc iter %d: %d differ", iter, bad);
  }
}

static void test_bad_args(void) {
  tmlc_conv_s8_params p;
  tmlc_fc_s8_params f;
  memset(&p, 0, sizeof p);
  memset(&f, 0, sizeof f);
  TMLC_T_CHECK(tmlc_conv2d_s8(NULL, W, NULL, Y, &p) == TMLC_ERR_ARG, "null x");
  TMLC_T_CHECK(tmlc_conv2d_s8(X, W, NULL, Y, &p) == TMLC_ERR_ARG, "no multipliers");
  p.multiplier = MULT;
  p.shift = SHIFT;
  p.batch = 1; p.in_h = 1; p.in_w = 1; p.in_c = 3; p.out_h = 1; p.out_w = 1;
  p.out_c = 2; p.k_h = 1; p.k_w = 1; p.stride_h = 1; p.stride_w = 0;
  p.dilation_h = 1; p.dilation_w = 1; p.groups = 1; p.depth_multiplier = 1;
  p.act_min = -128; p.act_max = 127;
  TMLC_T_CHECK(tmlc_conv2d_s8(X, W, NULL, Y, &p) == TMLC_ERR_ARG, "stride 0");
  p.stride_w = 1;
  p.groups = 2;
  TMLC_T_CHECK(tmlc_conv2d_s8(X, W, NULL, Y, &p) == TMLC_ERR_ARG, "groups");
  p.groups = 1;
  TMLC_T_CHECK(tmlc_depthwise_conv2d_s8(X, W, NULL, Y, &p) == TMLC_ERR_ARG,
               "dw out_c != in_c * mult");
  TMLC_T_CHECK(tmlc_fully_connected_s8(X, W, NULL, Y, &f) == TMLC_ERR_ARG, "fc");
}

int main(void) {
  test_conv(0);
  test_conv(1);
  test_fc();
  test_bad_args();
  TMLC_T_DONE("test_conv_s8");
}
