/*===- bench_kernels.c - instruction counts of float kernels on QEMU ------===*
 * Not a test: a measurement program for test/qemu/run_on_qemu.py. Each
 * kernel call runs inside its own tmlc_bench_begin()/tmlc_bench_end()
 * window; see README.md in this folder for the command line.
 *===----------------------------------------------------------------------===*/
#include "harness.h"
#include "tmlc_kernels.h"

#define XN (64 * 16 * 16)
static float x[XN], w[16 * 16 * 9 + 64 * 64], y[XN], bias[64];

static void fill(float *p, int32_t n) {
  int32_t i;
  uint32_t s = 12345u;
  for (i = 0; i < n; ++i) {
    s = s * 1103515245u + 12345u;
    p[i] = (float)(int32_t)(s >> 16 & 0xFF) / 128.0f - 1.0f;
  }
}

static void conv(const char *name, int32_t c, int32_t m, int32_t group, int32_t k,
                 int32_t hw) {
  tmlc_conv_params p = {0};
  tmlc_status st;
  p.spatial_rank = 2; p.batch = 1; p.in_channels = c; p.out_channels = m;
  p.group = group;
  p.in_dims[0] = p.in_dims[1] = p.out_dims[0] = p.out_dims[1] = hw;
  p.kernel[0] = p.kernel[1] = k; p.strides[0] = p.strides[1] = 1;
  p.dilations[0] = p.dilations[1] = 1;
  p.pads_begin[0] = p.pads_begin[1] = k / 2;
  tmlc_out_str(name);
  tmlc_out_str(" macs=");
  tmlc_out_u32((uint32_t)(m * (c / group) * k * k * hw * hw));
  tmlc_out_str("\n");
  tmlc_bench_begin();
  st = tmlc_conv_f32(x, w, bias, y, &p);
  tmlc_bench_end();
  tmlc_out_str(st == TMLC_OK ? "ok " : "FAIL ");
  tmlc_out_hex_bytes(y, 8);
  tmlc_out_str("\n");
}

int main(void) {
  tmlc_matmul_params mm = {0};
  tmlc_pool_params pp = {0};
  tmlc_transpose_params tp = {0};
  fill(x, XN);
  fill(w, 16 * 16 * 9 + 64 * 64);
  fill(bias, 64);
  conv("conv3x3_16to16_16x16", 16, 16, 1, 3, 16);
  conv("conv1x1_32to32_16x16", 32, 32, 1, 1, 16);
  conv("dwconv3x3_64ch_16x16", 64, 64, 64, 3, 16);

  mm.m = mm.k = mm.n = 64;
  tmlc_out_str("matmul_64x64x64 macs=262144\n");
  tmlc_bench_begin();
  (void)tmlc_matmul_f32(x, w, y, &mm);
  tmlc_bench_end();

  pp.spatial_rank = 2; pp.batch = 1; pp.channels = 64;
  pp.in_dims[0] = pp.in_dims[1] = 16; pp.out_dims[0] = pp.out_dims[1] = 8;
  pp.kernel[0] = pp.kernel[1] = 2; pp.strides[0] = pp.strides[1] = 2;
  pp.dilations[0] = pp.dilations[1] = 1;
  tmlc_out_str("maxpool2x2_64ch_16x16 outputs=4096\n");
  tmlc_bench_begin();
  (void)tmlc_maxpool_f32(x, y, NULL, &pp);
  tmlc_bench_end();

  tmlc_out_str("softmax_64x256 elements=16384\n");
  tmlc_bench_begin();
  (void)tmlc_softmax_f32(x, y, 64, 256, 1);
  tmlc_bench_end();

  tp.rank = 3; tp.dims[0] = 64; tp.dims[1] = 16; tp.dims[2] = 16;
  tp.perm[0] = 1; tp.perm[1] = 2; tp.perm[2] = 0;
  tmlc_out_str("transpose_chw_to_hwc_f32 elements=16384\n");
  tmlc_bench_begin();
  (void)tmlc_transpose(x, y, 4, &tp);
  tmlc_bench_end();
  tmlc_out_flush();
  return 0;
}
