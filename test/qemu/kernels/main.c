/*===- main.c - Cortex-M int8 kernels vs the portable kernels, bit-exact --===*
 *
 * Runs every specialized kernel (tmlc_*_s8_dsp, tmlc_*_s8_mve) and its
 * portable counterpart on the same random shapes and parameters and
 * compares status and every output byte. Covers pads, strides, dilation 1
 * and 2, groups, depth multipliers, odd channel counts, per-channel and
 * per-tensor requantization (zero, negative and positive shifts, shifts at
 * -31/31, multipliers near 2^31), input offsets at the extremes and beyond
 * the specialized range, activation clamps, NULL bias, invalid parameters.
 *
 * Built by test/qemu/run_on_qemu.py for a board (the specialized paths) and
 * for the host (the fallback paths); the printed summary must be the same.
 * Exit status: 0 when every case matched, 1 otherwise.
 *===----------------------------------------------------------------------===*/
#include "harness.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_kernels_s8_cm.h"
#include "tmlc_cm_select.h"

#ifndef KCASES
#define KCASES 300
#endif

#define XCAP 6144
#define WCAP 49152
#define YCAP 6144
#define CCAP 512

static int8_t g_x[XCAP], g_w[WCAP], g_y0[YCAP + 16], g_y1[YCAP + 16];
static int32_t g_bias[CCAP], g_mult[CCAP], g_shift[CCAP];
static uint32_t g_rng = 0x12345678u;
static int g_fail;

static uint32_t rnd(void) {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 17;
  g_rng ^= g_rng << 5;
  return g_rng;
}
/* Uniform-ish integer in [lo, hi]. */
static int32_t rr(int32_t lo, int32_t hi) {
  return lo + (int32_t)(rnd() % (uint32_t)(hi - lo + 1));
}

static void fill8(int8_t *p, int32_t n) {
  int32_t i;
  const int mode = (int)rr(0, 5);
  for (i = 0; i < n; ++i) {
    if (mode == 0) /* extremes only */
      p[i] = (int8_t)((rnd() & 1) ? 127 : -128);
    else
      p[i] = (int8_t)(int32_t)(rnd() & 0xFF) - 0;
  }
}

static int32_t pick_offset(void) {
  switch (rr(0, 7)) {
  case 0: return 128;   /* zero point -128 */
  case 1: return -127;  /* zero point 127 */
  case 2: return 0;
  case 3: return rr(129, 300); /* outside the int8 zero-point range */
  default: return rr(-127, 128);
  }
}

/* Requantization params for n channels; accumulations of about 2^log2acc. */
static void pick_quant(int32_t n, int32_t log2acc) {
  int32_t i;
  const int mode = (int)rr(0, 9);
  for (i = 0; i < n; ++i) {
    int32_t m = (int32_t)(0x40000000u | (rnd() & 0x3FFFFFFFu));
    int32_t s = -(log2acc - 7) + rr(-3, 2);
    if (mode == 0 && (rnd() & 3) == 0) m = 0;
    if (mode == 1) m = (int32_t)0x7FFFFFFF - (int32_t)(rnd() & 3);
    if (mode == 2) s = (rnd() & 1) ? -31 : rr(-31, -25);
    if (mode == 3) s = rr(0, 31);              /* left shifts, wrap */
    if (mode == 4 && (rnd() & 7) == 0) m = INT32_MIN; /* portable fallback */
    if (s < -31) s = -31;
    g_mult[i] = m;
    g_shift[i] = s;
  }
}

static void pick_act(int32_t *lo, int32_t *hi) {
  if (rr(0, 2) == 0) {
    *lo = -128; *hi = 127;
  } else {
    int32_t a = rr(-128, 127), b = rr(-128, 127);
    *lo = a < b ? a : b;
    *hi = a < b ? b : a;
  }
}

static int32_t ilog2(int32_t v) {
  int32_t r = 0;
  while (v > 1) { v >>= 1; ++r; }
  return r;
}

typedef tmlc_status (*conv_fn)(const int8_t *, const int8_t *, const int32_t *,
                               int8_t *, const tmlc_conv_s8_params *);
typedef tmlc_status (*fc_fn)(const int8_t *, const int8_t *, const int32_t *,
                             int8_t *, const tmlc_fc_s8_params *);

static void report(const char *name, int32_t cases, int32_t bad,
                   int32_t first) {
  tmlc_out_str(name);
  tmlc_out_str(": cases=");
  tmlc_out_i32(cases);
  tmlc_out_str(" mismatches=");
  tmlc_out_i32(bad);
  if (bad) {
    tmlc_out_str(" first_bad_case=");
    tmlc_out_i32(first);
    g_fail = 1;
  }
  tmlc_out_str("\n");
}

static int compare(tmlc_status s0, tmlc_status s1, int32_t n) {
  int32_t i;
  if (s0 != s1)
    return 0;
  for (i = 0; i < n + 16; ++i)
    if (g_y0[i] != g_y1[i])
      return 0;
  return 1;
}

static void prep_out(void) {
  int32_t i;
  for (i = 0; i < YCAP + 16; ++i)
    g_y0[i] = g_y1[i] = (int8_t)0x5A;
}

/* One random conv/depthwise problem; returns 0 if it does not fit. */
static int make_conv(tmlc_conv_s8_params *p, int dw) {
  int32_t pad_b, pad_r, kdepth, wsize, ext;
  p->batch = rr(1, 2);
  p->in_h = rr(1, 10);
  p->in_w = rr(1, 10);
  switch (rr(0, 3)) {
  case 0: p->in_c = 4 * rr(1, 8); break;
  case 1: p->in_c = rr(1, 3); break;
  default: p->in_c = rr(1, 24); break;
  }
  if (rr(0, 5) == 0) {
    p->k_h = 10; p->k_w = 4; /* KWS first conv */
  } else {
    p->k_h = rr(1, 4);
    p->k_w = rr(1, 4);
  }
  p->stride_h = rr(1, 2);
  p->stride_w = rr(1, 3);
  p->dilation_h = rr(0, 3) == 0 ? 2 : 1;
  p->dilation_w = rr(0, 3) == 0 ? 2 : 1;
  p->pad_top = rr(0, p->k_h - 1);
  p->pad_left = rr(0, p->k_w - 1);
  pad_b = rr(0, p->k_h - 1);
  pad_r = rr(0, p->k_w - 1);
  ext = p->in_h + p->pad_top + pad_b - p->dilation_h * (p->k_h - 1);
  if (ext < 1) return 0;
  p->out_h = (ext - 1) / p->stride_h + 1;
  ext = p->in_w + p->pad_left + pad_r - p->dilation_w * (p->k_w - 1);
  if (ext < 1) return 0;
  p->out_w = (ext - 1) / p->stride_w + 1;
  p->groups = 1;
  p->depth_multiplier = 1;
  if (dw) {
    p->depth_multiplier = rr(0, 3) == 0 ? rr(2, 3) : 1;
    p->out_c = p->in_c * p->depth_multiplier;
    kdepth = 1;
    wsize = p->k_h * p->k_w * p->out_c;
  } else {
    p->out_c = rr(0, 2) == 0 ? rr(1, 7) : 4 * rr(1, 8);
    if (rr(0, 7) == 0) /* > 64 channels: deep filters take other paths */
      p->out_c = rr(65, 80);
    if (rr(0, 5) == 0 && p->in_c % 2 == 0 && p->out_c % 2 == 0)
      p->groups = 2;
    kdepth = p->in_c / p->groups;
    wsize = p->out_c * p->k_h * p->k_w * kdepth;
  }
  if (p->out_c > CCAP || wsize > WCAP ||
      p->batch * p->in_h * p->in_w * p->in_c > XCAP ||
      p->batch * p->out_h * p->out_w * p->out_c > YCAP)
    return 0;
  p->input_offset = pick_offset();
  p->output_offset = rr(-128, 127);
  pick_act(&p->act_min, &p->act_max);
  p->per_channel = (int32_t)(rnd() & 1);
  pick_quant(p->out_c, 14 + ilog2(p->k_h * p->k_w * kdepth) / 2);
  p->multiplier = g_mult;
  p->shift = g_shift;
  fill8(g_x, p->batch * p->in_h * p->in_w * p->in_c);
  fill8(g_w, wsize);
  {
    int32_t i;
    for (i = 0; i < p->out_c; ++i)
      g_bias[i] = rr(-40000, 40000);
  }
  return 1;
}

static void test_conv(const char *name, conv_fn opt, conv_fn ref, int dw,
                      int32_t ncases) {
  int32_t c = 0, bad = 0, first = -1;
  while (c < ncases) {
    tmlc_conv_s8_params p;
    tmlc_status s0, s1;
    const int32_t *bias;
    if (!make_conv(&p, dw))
      continue;
    bias = rr(0, 7) == 0 ? NULL : g_bias;
    if (c % 50 == 49) /* invalid parameters: same status, no writes */
      p.stride_w = 0;
    prep_out();
    s0 = ref(g_x, g_w, bias, g_y0, &p);
    s1 = opt(g_x, g_w, bias, g_y1, &p);
    if (!compare(s0, s1, p.batch * p.out_h * p.out_w * p.out_c)) {
      if (bad++ == 0) first = c;
    }
    ++c;
  }
  report(name, c, bad, first);
}

static void test_fc(const char *name, fc_fn opt, fc_fn ref, int32_t ncases) {
  int32_t c = 0, bad = 0, first = -1;
  while (c < ncases) {
    tmlc_fc_s8_params p;
    tmlc_status s0, s1;
    const int32_t *bias;
    int32_t i;
    p.batches = rr(0, 9) == 0 ? rr(0, 1) : rr(1, 5);
    p.in_features = rr(0, 3) == 0 ? rr(0, 40) : rr(1, 300);
    p.out_features = rr(1, 40);
    if (p.in_features * p.out_features > WCAP ||
        p.batches * p.in_features > XCAP)
      continue;
    p.input_offset = pick_offset();
    p.filter_offset = rr(0, 5) == 0 ? rr(-128, 127) : 0;
    p.output_offset = rr(-128, 127);
    pick_act(&p.act_min, &p.act_max);
    p.per_channel = (int32_t)(rnd() & 1);
    pick_quant(p.out_features, 14 + ilog2(p.in_features + 1) / 2);
    p.multiplier = g_mult;
    p.shift = g_shift;
    fill8(g_x, p.batches * p.in_features);
    fill8(g_w, p.in_features * p.out_features);
    for (i = 0; i < p.out_features; ++i)
      g_bias[i] = rr(-40000, 40000);
    bias = rr(0, 7) == 0 ? NULL : g_bias;
    if (c % 50 == 49)
      p.out_features = 0;
    prep_out();
    s0 = ref(g_x, g_w, bias, g_y0, &p);
    s1 = opt(g_x, g_w, bias, g_y1, &p);
    if (!compare(s0, s1, p.batches * p.out_features)) {
      if (bad++ == 0) first = c;
    }
    ++c;
  }
  report(name, c, bad, first);
}

/* ADD: random shapes and broadcasts (dense, outer and inner stride-0
 * operands), TFLite-style params (left_shift 20, input shifts <= 0) and
 * params the MVE kernel hands back (input shift > 0, output shift >= 0,
 * invalid left_shift). */
static void test_add(const char *name,
                     tmlc_status (*opt)(const int8_t *, const int8_t *,
                                        int8_t *, const tmlc_bcast *,
                                        const tmlc_add_s8_params *),
                     int32_t ncases) {
  int32_t c = 0, bad = 0, first = -1;
  while (c < ncases) {
    tmlc_bcast bc;
    tmlc_add_s8_params p;
    tmlc_status s0, s1;
    int32_t d, n = 1, na = 1, nb = 1, sa = 1, sb = 1;
    const int mode = (int)rr(0, 5);
    bc.rank = (int32_t)rr(0, 4);
    for (d = bc.rank - 1; d >= 0; --d) {
      bc.dims[d] = rr(0, 7) == 0 ? 1 : rr(1, d == bc.rank - 1 ? 70 : 6);
      n *= bc.dims[d];
      /* mode 1/2: a/b repeats along one outer dim; 3/4: a/b is constant
       * along the innermost dim; else dense. */
      bc.a_strides[d] = ((mode == 1 && d == 0) ||
                         (mode == 3 && d == bc.rank - 1)) ? 0 : sa;
      bc.b_strides[d] = ((mode == 2 && d == 0) ||
                         (mode == 4 && d == bc.rank - 1)) ? 0 : sb;
      if (bc.a_strides[d] != 0) { sa *= bc.dims[d]; }
      if (bc.b_strides[d] != 0) { sb *= bc.dims[d]; }
    }
    na = sa;
    nb = sb;
    if (n > YCAP || na > XCAP || nb > WCAP)
      continue;
    p.left_shift = rr(0, 3) == 0 ? rr(0, 30) : 20;
    p.input1_offset = pick_offset();
    p.input2_offset = pick_offset();
    p.input1_multiplier = (int32_t)(0x40000000u | (rnd() & 0x3FFFFFFFu));
    p.input2_multiplier = (int32_t)(0x40000000u | (rnd() & 0x3FFFFFFFu));
    p.input1_shift = rr(0, 2) == 0 ? 0 : (rr(0, 1) ? rr(-3, -1) : rr(-31, 0));
    p.input2_shift = rr(0, 2) == 0 ? 0 : (rr(0, 1) ? rr(-3, -1) : rr(-31, 0));
    p.output_multiplier = (int32_t)(0x40000000u | (rnd() & 0x3FFFFFFFu));
    p.output_shift = -(p.left_shift + 1) + rr(-3, 3);
    if (p.output_shift < -31) p.output_shift = -31;
    if (rr(0, 3) == 0) { /* small values: every rounding tie is visible */
      p.left_shift = rr(0, 4);
      p.output_shift = rr(-3, -1);
    }
    if (rr(0, 9) == 0) p.output_shift = rr(0, 2);    /* portable fallback */
    if (rr(0, 9) == 0) p.input2_shift = rr(1, 3);    /* portable fallback */
    if (rr(0, 9) == 0) p.input1_multiplier = (int32_t)0x7FFFFFFF;
    if (rr(0, 19) == 0) p.output_multiplier = INT32_MIN;
    p.output_offset = rr(-128, 127);
    pick_act(&p.act_min, &p.act_max);
    fill8(g_x, na);
    fill8(g_w, nb);
    if (c % 50 == 49) /* invalid parameters: same status, no writes */
      p.left_shift = 31;
    prep_out();
    s0 = tmlc_add_s8(g_x, g_w, g_y0, &bc, &p);
    s1 = opt(g_x, g_w, g_y1, &bc, &p);
    if (!compare(s0, s1, n)) {
      if (bad++ == 0) first = c;
    }
    ++c;
  }
  report(name, c, bad, first);
}

/* 1x1 stride-1 convs (the MVE flat path with its per-quad table), half of
 * them with small values and shifts of -1 / -2 so that rounding ties and
 * an accumulator off by one change the output. */
static void test_conv_1x1(const char *name, conv_fn opt, int32_t ncases) {
  int32_t c = 0, bad = 0, first = -1;
  while (c < ncases) {
    tmlc_conv_s8_params p;
    tmlc_status s0, s1;
    int32_t i, nx, nw;
    const int small = (int)(rnd() & 1);
    p.batch = rr(1, 2);
    p.in_h = rr(1, 6);
    p.in_w = rr(1, 8);
    p.in_c = rr(0, 1) ? 4 * rr(1, 16) : rr(1, 70);
    p.out_c = rr(0, 3) ? 4 * rr(1, 18) : rr(1, 70);
    p.k_h = p.k_w = 1;
    p.stride_h = p.stride_w = 1;
    p.dilation_h = p.dilation_w = 1;
    p.pad_top = p.pad_left = 0;
    p.out_h = p.in_h;
    p.out_w = p.in_w;
    p.groups = 1;
    p.depth_multiplier = 1;
    nx = p.batch * p.in_h * p.in_w * p.in_c;
    nw = p.out_c * p.in_c;
    if (nw > WCAP || nx > XCAP || p.batch * p.in_h * p.in_w * p.out_c > YCAP)
      continue;
    p.input_offset = small ? 0 : pick_offset();
    p.output_offset = rr(-128, 127);
    pick_act(&p.act_min, &p.act_max);
    p.per_channel = (int32_t)(rnd() & 1);
    pick_quant(p.out_c, 14 + ilog2(p.in_c) / 2);
    for (i = 0; i < p.out_c; ++i) {
      g_bias[i] = small ? rr(-20, 20) : rr(-40000, 40000);
      if (small)
        g_shift[i] = rr(-2, -1);
    }
    p.multiplier = g_mult;
    p.shift = g_shift;
    fill8(g_x, nx);
    fill8(g_w, nw);
    if (small) {
      for (i = 0; i < nx; ++i) g_x[i] = (int8_t)rr(-3, 3);
      for (i = 0; i < nw; ++i) g_w[i] = (int8_t)rr(-3, 3);
    }
    prep_out();
    s0 = tmlc_conv2d_s8(g_x, g_w, g_bias, g_y0, &p);
    s1 = opt(g_x, g_w, g_bias, g_y1, &p);
    if (!compare(s0, s1, p.batch * p.out_h * p.out_w * p.out_c)) {
      if (bad++ == 0) first = c;
    }
    ++c;
  }
  report(name, c, bad, first);
}

/* Convs of the MVE small-filter path (filter length kk <= 64, output
 * channels per group a multiple of 4, every shift < 0, clamp [-128, 127]):
 * 1x1 flat, strided/padded single taps, and multi-tap im2col shapes with
 * pads and dilation; half of them with values in [-3, 3], biases in
 * [-20, 20] and shifts -1 / -2 so that rounding ties and an accumulator
 * off by one change the output. */
static void test_conv_mve_small(const char *name, conv_fn opt,
                                int32_t ncases) {
  int32_t c = 0, bad = 0, first = -1;
  while (c < ncases) {
    tmlc_conv_s8_params p;
    tmlc_status s0, s1;
    int32_t i, nx, nw, kk;
    const int small = (int)(rnd() & 1);
    if (!make_conv(&p, 0))
      continue;
    kk = p.k_h * p.k_w * (p.in_c / p.groups);
    if (kk > 64 || (p.out_c / p.groups) % 4 != 0)
      continue;
    if (rr(0, 3) == 0) { /* 1x1, stride 1, no pad: the flat form */
      p.k_h = p.k_w = 1;
      p.stride_h = p.stride_w = 1;
      p.pad_top = p.pad_left = 0;
      p.out_h = p.in_h;
      p.out_w = p.in_w;
      /* The output grows: keep it inside g_y0 / g_y1. */
      if (p.batch * p.out_h * p.out_w * p.out_c > YCAP)
        continue;
    }
    nx = p.batch * p.in_h * p.in_w * p.in_c;
    nw = p.out_c * p.k_h * p.k_w * (p.in_c / p.groups);
    p.act_min = -128;
    p.act_max = 127;
    for (i = 0; i < p.out_c; ++i) {
      if (g_shift[i] >= 0)
        g_shift[i] = -1 - (int32_t)(rnd() & 7);
      if (g_mult[i] == INT32_MIN)
        g_mult[i] = INT32_MAX;
      if (small) {
        g_shift[i] = rr(-2, -1);
        g_bias[i] = rr(-20, 20);
      }
    }
    if (small) {
      p.input_offset = rr(-3, 3);
      p.output_offset = rr(-3, 3);
      for (i = 0; i < nx; ++i) g_x[i] = (int8_t)rr(-3, 3);
      for (i = 0; i < nw; ++i) g_w[i] = (int8_t)rr(-3, 3);
    }
    prep_out();
    s0 = tmlc_conv2d_s8(g_x, g_w, g_bias, g_y0, &p);
    s1 = opt(g_x, g_w, g_bias, g_y1, &p);
    if (!compare(s0, s1, p.batch * p.out_h * p.out_w * p.out_c)) {
      if (bad++ == 0) first = c;
    }
    ++c;
  }
  report(name, c, bad, first);
}

/* tmlc_conv2d_s8_dsp_ws with caller scratch, as generated code calls it.
 * g_ws_mode 0: exactly tmlc_cm_conv_dsp_scratch_bytes bytes (every path
 * the plan can take); 1: a random smaller size (the plan must pick paths
 * that fit, or the portable kernel); 2: the region misaligned by 1..3
 * bytes (TMLC_ERR_ARG, also on the host). The region ends right before
 * SGUARD guard words that must keep their pattern (g_ws_overrun counts the
 * calls that wrote past their scratch). */
#define SCAP 4800 /* TMLC_CM_CONV_QUAD_KMAX 576: 8 * 576 + 128 bytes */
#define SGUARD 16
static uint32_t g_scratch[SCAP / 4 + SGUARD + 1];
static int g_ws_mode;
static int32_t g_ws_overrun, g_ws_calls, g_ws_scratch_calls;
static uint32_t g_ws_paths; /* union of the calls' path bits */
static int g_ws_fc_deep;

/* The scratch region of a call needing `need` bytes (by g_ws_mode), its
 * size in *bytes, guard words set after it. */
static uint8_t *ws_region(int32_t need, int32_t *bytes) {
  int32_t words, i;
  uint8_t *region;
  if (need > SCAP) { /* the plan asks for more than its own limit */
    ++g_ws_overrun;
    need = SCAP;
  }
  if (g_ws_mode == 1)
    need = need > 0 ? rr(0, need - 1) & ~3 : 0;
  words = (need + 3) / 4;
  for (i = 0; i < SGUARD; ++i)
    g_scratch[words + 1 + i] = 0xA5C3E1F0u ^ (uint32_t)i;
  region = (uint8_t *)(void *)(g_scratch + 1);
  if (g_ws_mode == 2)
    region += rr(1, 3);
  *bytes = need;
  return region;
}

/* Counts a call that wrote past its `bytes` of scratch. */
static void ws_check(int32_t bytes) {
  const int32_t words = (bytes + 3) / 4;
  int32_t i;
  for (i = 0; i < SGUARD; ++i)
    if (g_scratch[words + 1 + i] != (0xA5C3E1F0u ^ (uint32_t)i)) {
      ++g_ws_overrun;
      break;
    }
  ++g_ws_calls;
  g_ws_scratch_calls += bytes > 0;
}

static tmlc_status conv_dsp_ws(const int8_t *x, const int8_t *w,
                               const int32_t *bias, int8_t *y,
                               const tmlc_conv_s8_params *p) {
  int32_t need;
  uint8_t *region =
      ws_region(tmlc_cm_conv_dsp_scratch_bytes(p, bias != NULL), &need);
  tmlc_status st;
  if (x != NULL && w != NULL && y != NULL && g_ws_mode != 2) {
    tmlc_cm_conv_plan pl;
    g_ws_paths |= tmlc_cm_conv_dsp_plan_cap(p, bias != NULL, need, &pl);
    if (pl.quad && pl.kk > 96)
      g_ws_paths |= 0x80000000u; /* a column the stack entry cannot hold */
    if (pl.quad && pl.rowkp > 0)
      g_ws_paths |= 0x40000000u; /* 4-pixel column, row-padded weights */
  }
  st = tmlc_conv2d_s8_dsp_ws(x, w, bias, y, p, region, need);
  ws_check(need);
  return st;
}

static tmlc_status fc_dsp_ws(const int8_t *x, const int8_t *w,
                             const int32_t *bias, int8_t *y,
                             const tmlc_fc_s8_params *p) {
  int32_t need;
  uint8_t *region = ws_region(tmlc_cm_fc_dsp_scratch_bytes(p), &need);
  tmlc_status st;
  if (x != NULL && w != NULL && y != NULL && g_ws_mode != 2 &&
      (tmlc_cm_fc_dsp_plan_cap(p, need) & TMLC_CM_FC_P_COL1X4) &&
      p->in_features > TMLC_CM_FC_STACK_SCRATCH / 2)
    g_ws_fc_deep = 1; /* a column the stack entry cannot hold */
  st = tmlc_fully_connected_s8_dsp_ws(x, w, bias, y, p, region, need);
  ws_check(need);
  return st;
}

static tmlc_status fc_err_arg(const int8_t *x, const int8_t *w,
                              const int32_t *bias, int8_t *y,
                              const tmlc_fc_s8_params *p) {
  (void)x; (void)w; (void)bias; (void)y; (void)p;
  return TMLC_ERR_ARG;
}

/* The expected result of conv_dsp_ws in mode 2: an argument error. */
static tmlc_status conv_err_arg(const int8_t *x, const int8_t *w,
                                const int32_t *bias, int8_t *y,
                                const tmlc_conv_s8_params *p) {
  (void)x; (void)w; (void)bias; (void)y; (void)p;
  return TMLC_ERR_ARG;
}

/* The Helium kernels with caller scratch (tmlc_cm_conv_mve_scratch_bytes,
 * tmlc_cm_dw_mve_scratch_bytes), by g_ws_mode as above. */
static tmlc_status conv_mve_ws(const int8_t *x, const int8_t *w,
                               const int32_t *bias, int8_t *y,
                               const tmlc_conv_s8_params *p) {
  int32_t need;
  uint8_t *region = ws_region(tmlc_cm_conv_mve_scratch_bytes(p), &need);
  tmlc_status st = tmlc_conv2d_s8_mve_ws(x, w, bias, y, p, region, need);
  ws_check(need);
  return st;
}

static tmlc_status dw_mve_ws(const int8_t *x, const int8_t *w,
                             const int32_t *bias, int8_t *y,
                             const tmlc_conv_s8_params *p) {
  int32_t need;
  uint8_t *region = ws_region(tmlc_cm_dw_mve_scratch_bytes(p), &need);
  tmlc_status st =
      tmlc_depthwise_conv2d_s8_mve_ws(x, w, bias, y, p, region, need);
  ws_check(need);
  return st;
}

/* The MVE _ws counts since the DSP report: no call may write past its
 * scratch, and most calls must have had some. */
static void report_mve_ws(void) {
  tmlc_out_str("mve_ws scratch: calls=");
  tmlc_out_i32(g_ws_calls);
  tmlc_out_str(" with_scratch=");
  tmlc_out_i32(g_ws_scratch_calls);
  tmlc_out_str(" overruns=");
  tmlc_out_i32(g_ws_overrun);
  tmlc_out_str("\n");
  if (g_ws_overrun || g_ws_scratch_calls * 2 < g_ws_calls)
    g_fail = 1;
}

static void report_ws(void) {
  tmlc_out_str("dsp_ws scratch: calls=");
  tmlc_out_i32(g_ws_calls);
  tmlc_out_str(" with_scratch=");
  tmlc_out_i32(g_ws_scratch_calls);
  tmlc_out_str(" overruns=");
  tmlc_out_i32(g_ws_overrun);
  tmlc_out_str(" paths=");
  tmlc_out_i32((int32_t)(g_ws_paths & 0x3FFFFFFFu));
  tmlc_out_str(g_ws_paths >> 31 ? " deep_quad=1" : " deep_quad=0");
  tmlc_out_str((g_ws_paths >> 30) & 1 ? " rowpad_quad=1" : " rowpad_quad=0");
  tmlc_out_str(g_ws_fc_deep ? " deep_fc_col=1\n" : " deep_fc_col=0\n");
  /* Every path of tmlc_cm_select.h's conv plan (13 bits) and a 4-pixel column
   * deeper than the stack entry's must have been taken. */
  if (g_ws_overrun || (g_ws_paths & 0xC0001FFFu) != 0xC0001FFFu ||
      !g_ws_fc_deep)
    g_fail = 1;
}

/* Convs of the DSP kernel's channel-pair path (filter length a multiple of
 * 8, even channel counts, mult >= 0, shift <= 0) with small values, so the
 * requantization's rounding decides: per-channel shifts 0 (SRDHM alone),
 * -1, -2, -3, multipliers 0.5 and 0.75 (ties on odd / 2 mod 4 sums) or
 * random, act_min -128 and act_max 127 (its asm loop) on most cases. */
static void test_conv_dsp_rq(const char *name, conv_fn opt, int32_t ncases) {
  int32_t c = 0, bad = 0, first = -1;
  while (c < ncases) {
    tmlc_conv_s8_params p;
    tmlc_status s0, s1;
    const int32_t *bias;
    int32_t i, nx, nw, ext;
    p.batch = rr(1, 2);
    p.in_h = rr(1, 7);
    p.in_w = rr(1, 7);
    p.in_c = 8 * rr(1, 8);
    if (rr(0, 4) == 0) /* RGB-like first convs: row-padded weights */
      p.in_c = rr(1, 3);
    p.out_c = 2 * rr(1, 24);
    p.k_h = rr(0, 1) ? 1 : rr(1, 3);
    p.k_w = rr(0, 1) ? 1 : rr(1, 3);
    if (rr(0, 9) == 0) { /* > 64 channels: deep filters take COL1 / SXTAB16 */
      p.out_c = 2 * rr(33, 40);
      p.in_c = 8 * rr(6, 8);
      p.k_h = p.k_w = 3;
    }
    p.stride_h = rr(1, 2);
    p.stride_w = rr(1, 2);
    p.dilation_h = p.dilation_w = 1;
    p.pad_top = rr(0, p.k_h - 1);
    p.pad_left = rr(0, p.k_w - 1);
    ext = p.in_h + p.pad_top + rr(0, p.k_h - 1) - (p.k_h - 1);
    if (ext < 1) continue;
    p.out_h = (ext - 1) / p.stride_h + 1;
    ext = p.in_w + p.pad_left + rr(0, p.k_w - 1) - (p.k_w - 1);
    if (ext < 1) continue;
    p.out_w = (ext - 1) / p.stride_w + 1;
    p.groups = 1;
    p.depth_multiplier = 1;
    nx = p.batch * p.in_h * p.in_w * p.in_c;
    nw = p.out_c * p.k_h * p.k_w * p.in_c;
    if (nw > WCAP || nx > XCAP ||
        p.batch * p.out_h * p.out_w * p.out_c > YCAP)
      continue;
    p.input_offset = rr(0, 1) ? 0 : rr(-3, 3);
    p.output_offset = rr(-20, 20);
    if (rr(0, 3) == 0) {
      pick_act(&p.act_min, &p.act_max);
    } else {
      p.act_min = -128;
      p.act_max = 127;
    }
    p.per_channel = rr(0, 4) != 0;
    for (i = 0; i < p.out_c; ++i) {
      const int32_t k = rr(0, 3);
      g_mult[i] = k == 0   ? (int32_t)0x40000000
                  : k == 1 ? (int32_t)0x60000000
                           : (int32_t)(0x40000000u | (rnd() & 0x3FFFFFFFu));
      g_shift[i] = -rr(0, 3);
      g_bias[i] = rr(-30, 30);
    }
    p.multiplier = g_mult;
    p.shift = g_shift;
    for (i = 0; i < nx; ++i) g_x[i] = (int8_t)rr(-3, 3);
    for (i = 0; i < nw; ++i) g_w[i] = (int8_t)rr(-3, 3);
    bias = rr(0, 7) == 0 ? NULL : g_bias;
    prep_out();
    s0 = tmlc_conv2d_s8(g_x, g_w, bias, g_y0, &p);
    s1 = opt(g_x, g_w, bias, g_y1, &p);
    if (!compare(s0, s1, p.batch * p.out_h * p.out_w * p.out_c)) {
      if (bad++ == 0) first = c;
    }
    ++c;
  }
  report(name, c, bad, first);
}

int main(void) {
#if defined(__ARM_FEATURE_DSP) && defined(__arm__)
  tmlc_out_str("@tmlc dsp=1\n");
#endif
  test_conv("conv2d_s8_dsp", tmlc_conv2d_s8_dsp, tmlc_conv2d_s8, 0, KCASES);
  test_conv_dsp_rq("conv2d_s8_dsp_rq_stack", tmlc_conv2d_s8_dsp, KCASES / 3);
  g_ws_mode = 0;
  test_conv("conv2d_s8_dsp_ws", conv_dsp_ws, tmlc_conv2d_s8, 0, KCASES);
  test_conv_dsp_rq("conv2d_s8_dsp_rq", conv_dsp_ws, KCASES);
  g_ws_mode = 1;
  test_conv_dsp_rq("conv2d_s8_dsp_rq_small_scratch", conv_dsp_ws,
                   KCASES / 3);
  g_ws_mode = 2;
  test_conv("conv2d_s8_dsp_ws_misaligned", conv_dsp_ws, conv_err_arg, 0,
            KCASES / 10);
  g_ws_mode = 0;
  test_fc("fully_connected_s8_dsp_ws", fc_dsp_ws, tmlc_fully_connected_s8,
          KCASES);
  g_ws_mode = 1;
  test_fc("fully_connected_s8_dsp_ws_small_scratch", fc_dsp_ws,
          tmlc_fully_connected_s8, KCASES / 3);
  g_ws_mode = 2;
  test_fc("fully_connected_s8_dsp_ws_misaligned", fc_dsp_ws, fc_err_arg,
          KCASES / 10);
  report_ws();
  test_conv("depthwise_conv2d_s8_dsp", tmlc_depthwise_conv2d_s8_dsp,
            tmlc_depthwise_conv2d_s8, 1, KCASES);
  test_fc("fully_connected_s8_dsp", tmlc_fully_connected_s8_dsp,
          tmlc_fully_connected_s8, KCASES);
  test_conv("conv2d_s8_mve", tmlc_conv2d_s8_mve, tmlc_conv2d_s8, 0, KCASES);
  test_conv("depthwise_conv2d_s8_mve", tmlc_depthwise_conv2d_s8_mve,
            tmlc_depthwise_conv2d_s8, 1, KCASES);
  test_fc("fully_connected_s8_mve", tmlc_fully_connected_s8_mve,
          tmlc_fully_connected_s8, KCASES);
  test_add("add_s8_mve", tmlc_add_s8_mve, KCASES);
  test_conv_1x1("conv2d_s8_mve_1x1", tmlc_conv2d_s8_mve, KCASES);
  test_conv_mve_small("conv2d_s8_mve_small", tmlc_conv2d_s8_mve, KCASES);
  g_ws_calls = g_ws_scratch_calls = g_ws_overrun = 0;
  g_ws_mode = 0;
  test_conv("conv2d_s8_mve_ws", conv_mve_ws, tmlc_conv2d_s8, 0, KCASES);
  test_conv("depthwise_conv2d_s8_mve_ws", dw_mve_ws,
            tmlc_depthwise_conv2d_s8, 1, KCASES);
  test_conv_1x1("conv2d_s8_mve_ws_1x1", conv_mve_ws, KCASES);
  test_conv_mve_small("conv2d_s8_mve_ws_small", conv_mve_ws, KCASES);
  report_mve_ws();
  g_ws_mode = 1;
  test_conv("conv2d_s8_mve_ws_small_scratch", conv_mve_ws, tmlc_conv2d_s8, 0,
            KCASES / 3);
  test_conv("depthwise_conv2d_s8_mve_ws_small_scratch", dw_mve_ws,
            tmlc_depthwise_conv2d_s8, 1, KCASES / 3);
  g_ws_mode = 2;
  test_conv("conv2d_s8_mve_ws_misaligned", conv_mve_ws, conv_err_arg, 0,
            KCASES / 10);
  test_conv("depthwise_conv2d_s8_mve_ws_misaligned", dw_mve_ws, conv_err_arg,
            1, KCASES / 10);
  if (g_ws_overrun)
    g_fail = 1;
  tmlc_out_str(g_fail ? "RESULT: FAIL\n" : "RESULT: all identical\n");
  tmlc_out_flush();
  return g_fail;
}
