/*===- test_cortexm_fallback.c - Cortex-M int8 kernels on the host --------===*
 *
 * On the host (no __ARM_FEATURE_DSP / __ARM_FEATURE_MVE) the _dsp and _mve
 * kernels take their fallback path; this checks they give the portable
 * kernels' bytes and status on random problems, and that the scalar
 * requantization helper used by the DSP kernels (tmlc_cm_requant, compiled
 * on every target) equals tmlc_mbqm on edge and random values over its
 * whole domain (multiplier != INT32_MIN, shift in [-31, 31]).
 * The specialized paths themselves are checked on QEMU
 * (test/qemu/kernels, ctests qemu-kernels-m4/-m7/-m33/-m55).
 *===----------------------------------------------------------------------===*/
#include <stdio.h>
#include <string.h>

#include "tmlc_kernels_s8.h"
#include "tmlc_kernels_s8_cm.h"
#include "tmlc_cm_common.h"

static uint32_t g_rng = 2463534242u;
static uint32_t rnd(void) {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 17;
  g_rng ^= g_rng << 5;
  return g_rng;
}

static int test_requant(void) {
  static const int32_t edge[] = {0, 1, -1, 2, -2, 3, -3, 127, -128, 1 << 15,
                                 -(1 << 15), 0x3FFFFFFF, -0x40000000,
                                 INT32_MAX, INT32_MIN, INT32_MIN + 1,
                                 INT32_MAX - 1, 0x12345678, -0x12345678};
  static const int32_t mults[] = {0, 1, -1, 0x40000000, 0x7FFFFFFF,
                                  0x7FFFFFFE, 0x5A827999, INT32_MIN + 1,
                                  -0x40000000, 1234567};
  const int ne = (int)(sizeof edge / sizeof edge[0]);
  const int nm = (int)(sizeof mults / sizeof mults[0]);
  long bad = 0, n = 0;
  int i, j, s;
  for (s = -31; s <= 31; ++s)
    for (i = 0; i < ne; ++i)
      for (j = 0; j < nm; ++j) {
        ++n;
        if (tmlc_cm_requant(edge[i], tmlc_cm_q_make(mults[j], s)) !=
            tmlc_mbqm(edge[i], mults[j], s))
          ++bad;
      }
  for (i = 0; i < 2000000; ++i) {
    int32_t x = (int32_t)rnd();
    int32_t m = (int32_t)rnd();
    int32_t sh = (int32_t)(rnd() % 63u) - 31;
    if ((i & 3) == 0)
      x >>= rnd() % 31u; /* small accumulators too */
    if ((i & 7) == 1) /* ties: x a multiple of a power of two */
      x = (int32_t)((uint32_t)x & ~((1u << (rnd() % 20u)) - 1u));
    if (m == INT32_MIN)
      m = 0;
    ++n;
    if (tmlc_cm_requant(x, tmlc_cm_q_make(m, sh)) != tmlc_mbqm(x, m, sh))
      ++bad;
  }
  printf("requant: %ld values, %ld differ from tmlc_mbqm\n", n, bad);
  return bad == 0;
}

#define XN 2048
#define WN 4096
static int8_t g_x[XN], g_w[WN], g_y0[XN], g_y1[XN];
static int32_t g_b[64], g_m[64], g_s[64];

static void fill(void) {
  int i;
  for (i = 0; i < XN; ++i)
    g_x[i] = (int8_t)rnd();
  for (i = 0; i < WN; ++i)
    g_w[i] = (int8_t)rnd();
  for (i = 0; i < 64; ++i) {
    g_b[i] = (int32_t)(rnd() % 60001u) - 30000;
    g_m[i] = (int32_t)(0x40000000u | (rnd() & 0x3FFFFFFFu));
    g_s[i] = -(int32_t)(rnd() % 14u) - 4;
  }
}

static int same(tmlc_status a, tmlc_status b) {
  return a == b && memcmp(g_y0, g_y1, sizeof g_y0) == 0;
}

int main(void) {
  typedef tmlc_status (*conv_fn)(const int8_t *, const int8_t *,
                                 const int32_t *, int8_t *,
                                 const tmlc_conv_s8_params *);
  typedef tmlc_status (*fc_fn)(const int8_t *, const int8_t *,
                               const int32_t *, int8_t *,
                               const tmlc_fc_s8_params *);
  const conv_fn convs[2] = {tmlc_conv2d_s8_dsp, tmlc_conv2d_s8_mve};
  const conv_fn dws[2] = {tmlc_depthwise_conv2d_s8_dsp,
                          tmlc_depthwise_conv2d_s8_mve};
  const fc_fn fcs[2] = {tmlc_fully_connected_s8_dsp,
                        tmlc_fully_connected_s8_mve};
  int ok = test_requant();
  int c, v, bad = 0, cases = 0;
  for (c = 0; c < 200; ++c) {
    tmlc_conv_s8_params p;
    tmlc_fc_s8_params f;
    fill();
    memset(&p, 0, sizeof p);
    p.batch = 1;
    p.in_h = 1 + (int32_t)(rnd() % 8u);
    p.in_w = 1 + (int32_t)(rnd() % 8u);
    p.in_c = 1 + (int32_t)(rnd() % 16u);
    p.k_h = 1 + (int32_t)(rnd() % 3u);
    p.k_w = 1 + (int32_t)(rnd() % 3u);
    p.stride_h = p.stride_w = 1;
    p.dilation_h = p.dilation_w = 1;
    p.pad_top = p.k_h / 2;
    p.pad_left = p.k_w / 2;
    p.out_h = p.in_h + 2 * (p.k_h / 2) - p.k_h + 1;
    p.out_w = p.in_w + 2 * (p.k_w / 2) - p.k_w + 1;
    p.out_c = 1 + (int32_t)(rnd() % 16u);
    p.groups = 1;
    p.depth_multiplier = 1;
    p.input_offset = (int32_t)(rnd() % 256u) - 127;
    p.output_offset = (int32_t)(rnd() % 256u) - 128;
    p.act_min = -128;
    p.act_max = 127;
    p.per_channel = (int32_t)(rnd() & 1u);
    p.multiplier = g_m;
    p.shift = g_s;
    for (v = 0; v < 2; ++v) {
      tmlc_status s0, s1;
      memset(g_y0, 0, sizeof g_y0);
      memset(g_y1, 0, sizeof g_y1);
      s0 = tmlc_conv2d_s8(g_x, g_w, g_b, g_y0, &p);
      s1 = convs[v](g_x, g_w, g_b, g_y1, &p);
      bad += !same(s0, s1) || s0 != TMLC_OK;
      ++cases;
    }
    p.out_c = p.in_c;
    for (v = 0; v < 2; ++v) {
      tmlc_status s0, s1;
      memset(g_y0, 0, sizeof g_y0);
      memset(g_y1, 0, sizeof g_y1);
      s0 = tmlc_depthwise_conv2d_s8(g_x, g_w, g_b, g_y0, &p);
      s1 = dws[v](g_x, g_w, g_b, g_y1, &p);
      bad += !same(s0, s1) || s0 != TMLC_OK;
      ++cases;
    }
    f.batches = 1 + (int32_t)(rnd() % 3u);
    f.in_features = (int32_t)(rnd() % 200u);
    f.out_features = 1 + (int32_t)(rnd() % 20u);
    f.input_offset = p.input_offset;
    f.filter_offset = 0;
    f.output_offset = p.output_offset;
    f.act_min = -100;
    f.act_max = 100;
    f.per_channel = p.per_channel;
    f.multiplier = g_m;
    f.shift = g_s;
    for (v = 0; v < 2; ++v) {
      tmlc_status s0, s1;
      memset(g_y0, 0, sizeof g_y0);
      memset(g_y1, 0, sizeof g_y1);
      s0 = tmlc_fully_connected_s8(g_x, g_w, g_b, g_y0, &f);
      s1 = fcs[v](g_x, g_w, g_b, g_y1, &f);
      bad += !same(s0, s1) || s0 != TMLC_OK;
      ++cases;
    }
  }
  /* Invalid arguments: the same status as the portable kernels. */
  ++cases;
  bad += tmlc_conv2d_s8_dsp(NULL, g_w, g_b, g_y1, NULL) != TMLC_ERR_ARG;
  ++cases;
  bad += tmlc_fully_connected_s8_mve(g_x, NULL, g_b, g_y1, NULL) !=
         TMLC_ERR_ARG;
  printf("fallback kernels: %d cases, %d differ from the portable kernels\n",
         cases, bad);
  return ok && bad == 0 ? 0 : 1;
}
