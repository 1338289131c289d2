/*===- bench.c - instructions per MAC of the int8 kernels on QEMU ---------===*
 * Not a test: a measurement program for test/qemu/run_on_qemu.py (see
 * RESULTS.md for the command). Each kernel call runs in its own
 * tmlc_bench_begin()/tmlc_bench_end() window, in this order per shape:
 * portable, DSP variant, Helium variant; the outputs are compared too.
 *===----------------------------------------------------------------------===*/
#include "harness.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_kernels_s8_cm.h"

static int8_t g_x[64 * 25 * 5 + 256], g_w[64 * 64 + 256 * 128], g_y[3][64 * 13 * 5 * 2];
static int32_t g_bias[128], g_mult[128], g_shift[128];

static void fill(int8_t *p, int32_t n, uint32_t s) {
  int32_t i;
  for (i = 0; i < n; ++i) {
    s = s * 1103515245u + 12345u;
    p[i] = (int8_t)(s >> 16);
  }
}

static void head(const char *name, uint32_t macs) {
  tmlc_out_str(name);
  tmlc_out_str(" macs=");
  tmlc_out_u32(macs);
  tmlc_out_str("\n");
}

static void check(int32_t n) {
  int32_t i, bad = 0;
  for (i = 0; i < n; ++i)
    bad += g_y[0][i] != g_y[1][i] || g_y[0][i] != g_y[2][i];
  tmlc_out_str(bad ? "  outputs DIFFER\n" : "  outputs identical\n");
}

typedef tmlc_status (*conv_fn)(const int8_t *, const int8_t *, const int32_t *,
                               int8_t *, const tmlc_conv_s8_params *);

static void run_conv(const char *name, conv_fn f0, conv_fn f1, conv_fn f2,
                     const tmlc_conv_s8_params *p, uint32_t macs) {
  conv_fn f[3];
  int i;
  f[0] = f0; f[1] = f1; f[2] = f2;
  head(name, macs);
  for (i = 0; i < 3; ++i) {
    tmlc_bench_begin();
    (void)f[i](g_x, g_w, g_bias, g_y[i], p);
    tmlc_bench_end();
  }
  check(p->out_h * p->out_w * p->out_c);
}

int main(void) {
  tmlc_conv_s8_params p;
  tmlc_fc_s8_params f;
  int32_t i;
  fill(g_x, (int32_t)sizeof g_x, 1u);
  fill(g_w, (int32_t)sizeof g_w, 2u);
  for (i = 0; i < 128; ++i) {
    g_bias[i] = (i * 7919) % 20000 - 10000;
    g_mult[i] = 0x40000000 + i * 1234567;
    g_shift[i] = -9 - (i % 3);
  }
  /* KWS-like depthwise 3x3, 64 channels, 25x5, SAME padding. */
  p.batch = 1; p.in_h = 25; p.in_w = 5; p.in_c = 64;
  p.out_h = 25; p.out_w = 5; p.out_c = 64; p.k_h = 3; p.k_w = 3;
  p.stride_h = p.stride_w = 1; p.dilation_h = p.dilation_w = 1;
  p.pad_top = p.pad_left = 1; p.groups = 1; p.depth_multiplier = 1;
  p.input_offset = 128; p.output_offset = -128; p.act_min = -128;
  p.act_max = 127; p.per_channel = 1; p.multiplier = g_mult;
  p.shift = g_shift;
  run_conv("dw3x3_64ch_25x5", tmlc_depthwise_conv2d_s8,
           tmlc_depthwise_conv2d_s8_dsp, tmlc_depthwise_conv2d_s8_mve, &p,
           25u * 5u * 64u * 9u);
  /* Pointwise 1x1, 64 -> 64, 25x5. */
  p.k_h = p.k_w = 1; p.pad_top = p.pad_left = 0;
  run_conv("conv1x1_64to64_25x5", tmlc_conv2d_s8, tmlc_conv2d_s8_dsp,
           tmlc_conv2d_s8_mve, &p, 25u * 5u * 64u * 64u);
  /* KWS first conv: 49x10x1 input, 10x4 kernel, stride 2, SAME, 64 out. */
  p.in_h = 49; p.in_w = 10; p.in_c = 1; p.out_h = 25; p.out_w = 5;
  p.out_c = 64; p.k_h = 10; p.k_w = 4; p.stride_h = p.stride_w = 2;
  p.pad_top = 4; p.pad_left = 1;
  run_conv("conv10x4_s2_1to64_49x10", tmlc_conv2d_s8, tmlc_conv2d_s8_dsp,
           tmlc_conv2d_s8_mve, &p, 25u * 5u * 64u * 40u);
  /* FC 256 -> 128, one row. */
  f.batches = 1; f.in_features = 256; f.out_features = 128;
  f.input_offset = 128; f.filter_offset = 0; f.output_offset = -128;
  f.act_min = -128; f.act_max = 127; f.per_channel = 0;
  f.multiplier = g_mult; f.shift = g_shift;
  head("fc_256to128", 256u * 128u);
  tmlc_bench_begin();
  (void)tmlc_fully_connected_s8(g_x, g_w, g_bias, g_y[0], &f);
  tmlc_bench_end();
  tmlc_bench_begin();
  (void)tmlc_fully_connected_s8_dsp(g_x, g_w, g_bias, g_y[1], &f);
  tmlc_bench_end();
  tmlc_bench_begin();
  (void)tmlc_fully_connected_s8_mve(g_x, g_w, g_bias, g_y[2], &f);
  tmlc_bench_end();
  check(128);
  tmlc_out_flush();
  return 0;
}
