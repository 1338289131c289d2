/*===- tmlc_conv2d_s8_mve.c - CONV_2D int8 for Helium (Cortex-M55) --------===*
 *
 * Same results as tmlc_conv2d_s8, bit for bit. Output channels go in
 * chunks of up to 64: per chunk, bias + input_offset * sum(filter row) is
 * computed once (the input offset enters through the weight sum: every
 * tap counted, pads included, which is exact because a pad byte plus the
 * offset is zero). Then per output pixel the dot products run over
 * "segments" of raw int8 input, four output channels per pass sharing one
 * activation load, 16 MACs per VMLADAVA:
 *  - im2col (more than one tap, k_h * k_w * depth <= 640): the pixel's
 *    receptive field is copied once into a buffer, row runs with vector
 *    copies, pads as -input_offset bytes; one contiguous segment;
 *  - rows (im2col filters whose k_w * depth is 32 .. 64 bytes, one group,
 *    dilation_w 1, pixels with every tap inside): k_h segments, the
 *    input rows of the receptive field read in place (no copy);
 *  - direct (one tap, or bigger filters with depth <= 512 and <= 32
 *    taps): one segment per tap pointing into the input, pads at a row of
 *    -input_offset bytes; 1x1 stride-1 convs run all pixels in one call.
 * Four channels requantized per vector (tmlc_cm_mve_requant4).
 * Flat mode with every shift < 0: bias, multiplier and shift per four
 * channels side by side in one table (in the scratch union), one pointer
 * per quad. Scratch: one 976-byte union of the paths' buffers, from the
 * caller (tmlc_conv2d_s8_mve_ws, tmlc_cm_conv_mve_scratch_bytes; fewer
 * bytes: the portable kernel) or, without it, on the stack.
 * Handed to the portable kernel: invalid arguments, input offsets outside
 * [-127, 128], shifts outside [-31, 31], multiplier INT32_MIN, filters that
 * fit neither mode.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_kernels_s8_cm.h"
#include "tmlc_cm_common.h"

#if defined(__ARM_FEATURE_MVE)
#include "tmlc_cm_mve.h"

#define TMLC_CM_MCONV_CHUNK 64 /* MAX_TAPS/PAD/COL: tmlc_cm_select.h */

/* Per four channels of a chunk: start values and requantization constants
 * side by side, so one pointer reaches all three (flat mode). */
typedef struct tmlc_cm_mconv_quadk {
  int32_t cb[4];   /* bias + input_offset * sum(filter row) */
  int32_t mult[4]; /* multipliers */
  int16_t shift[4]; /* shifts, all < 0 */
} tmlc_cm_mconv_quadk;

/* Copy of a chunk's last weight rows for the small-filter path (rows not
 * a multiple of 16 bytes are read 16 bytes at a time; the copy has 16
 * readable bytes after its last row). */
#define TMLC_CM_MCONV_WL 272

typedef union tmlc_cm_mconv_scratch {
  struct {
    tmlc_cm_mconv_quadk tab[TMLC_CM_MCONV_CHUNK / 4]; /* flat / small */
    int8_t col[64];                   /* small filters: the pixel's column */
    int8_t wl[TMLC_CM_MCONV_WL];      /* small filters: last rows */
  } t;
  struct {
    union {
      struct {
        const int8_t *seg[TMLC_CM_MCONV_MAX_TAPS];
        int8_t pad[TMLC_CM_MCONV_MAX_PAD];
      } direct;
      int8_t col[TMLC_CM_MCONV_MAX_COL];
    } u;
    /* bias + input_offset * sum(filter row); after the table (filled from
     * it) in the other member. */
    int32_t cb[TMLC_CM_MCONV_CHUNK + 4];
  } g;
} tmlc_cm_mconv_scratch;
/* tmlc_cm_conv_mve_scratch_bytes states this size to the compiler. */
typedef char tmlc_cm_mconv_scratch_size_ok
    [sizeof(tmlc_cm_mconv_scratch) == TMLC_CM_MCONV_SCRATCH_BYTES ? 1 : -1];

/* The receptive field of output pixel (oy, ox), channels c0 .. c0+depth-1
 * of every tap, into col (k_h * k_w * depth bytes, pads as pad_byte). */
static void tmlc_cm_mconv_im2col(const int8_t *xb,
                                 const tmlc_conv_s8_params *p, int32_t oy,
                                 int32_t ox, int32_t c0, int32_t depth,
                                 int8_t pad_byte, int8_t *col) {
  const int32_t iy0 = oy * p->stride_h - p->pad_top;
  const int32_t ix0 = ox * p->stride_w - p->pad_left;
  const int32_t rowlen = p->k_w * depth;
  int32_t ky, kx, kx0, kx1;
  /* In-range taps kx0 <= kx < kx1 of the row (the same for every ky). */
  kx0 = ix0 >= 0 ? 0 : (-ix0 + p->dilation_w - 1) / p->dilation_w;
  kx1 = p->in_w - ix0 <= 0 ? 0 : (p->in_w - ix0 + p->dilation_w - 1) / p->dilation_w;
  if (kx1 > p->k_w)
    kx1 = p->k_w;
  if (kx0 > kx1)
    kx0 = kx1;
  for (ky = 0; ky < p->k_h; ++ky) {
    const int32_t iy = iy0 + ky * p->dilation_h;
    int8_t *dst = col + ky * rowlen;
    if (iy < 0 || iy >= p->in_h || kx0 == kx1) {
      tmlc_cm_mve_fill(dst, pad_byte, rowlen);
      continue;
    }
    {
      const int8_t *src = xb + ((size_t)iy * p->in_w + ix0) * p->in_c + c0;
      if (kx0 > 0)
        tmlc_cm_mve_fill(dst, pad_byte, kx0 * depth);
      if (p->dilation_w == 1 && depth == p->in_c) {
        tmlc_cm_mve_copy(dst + kx0 * depth, src + (size_t)kx0 * depth,
                         (kx1 - kx0) * depth);
      } else {
        for (kx = kx0; kx < kx1; ++kx)
          tmlc_cm_mve_copy(dst + kx * depth,
                           src + (size_t)kx * p->dilation_w * p->in_c, depth);
      }
      if (kx1 < p->k_w)
        tmlc_cm_mve_fill(dst + kx1 * depth, pad_byte, (p->k_w - kx1) * depth);
    }
  }
}

/* Direct mode: one segment per tap (pad row for taps outside the input). */
static void tmlc_cm_mconv_taps(const int8_t *xb, const tmlc_conv_s8_params *p,
                               int32_t oy, int32_t ox, int32_t c0,
                               const int8_t *pad, const int8_t **seg) {
  const int32_t iy0 = oy * p->stride_h - p->pad_top;
  const int32_t ix0 = ox * p->stride_w - p->pad_left;
  int32_t ky, kx, t = 0;
  for (ky = 0; ky < p->k_h; ++ky) {
    const int32_t iy = iy0 + ky * p->dilation_h;
    const int row_in = iy >= 0 && iy < p->in_h;
    for (kx = 0; kx < p->k_w; ++kx) {
      const int32_t ix = ix0 + kx * p->dilation_w;
      seg[t++] = row_in && ix >= 0 && ix < p->in_w
                     ? xb + ((size_t)iy * p->in_w + ix) * p->in_c + c0
                     : pad;
    }
  }
}

/* Requantization constants of one call: per channel, or one value
 * replicated in a 4-entry table (step 0). */
typedef struct tmlc_cm_mconv_rq {
  const int32_t *mult;
  const int32_t *shift;
  int32_t step;
  int32_t out_off, lo, hi;
  int all_neg; /* every shift < 0 */
} tmlc_cm_mconv_rq;

/* Four channels of one pixel over one contiguous segment of len bytes;
 * rows w, w + len, ... (the caller repeats rows past the end). */
static inline void tmlc_cm_mconv_quad(const int8_t *xs, const int8_t *w0,
                                      const int8_t *w1, const int8_t *w2,
                                      const int8_t *w3, int32_t len,
                                      const int32_t *cb, const int32_t *mult,
                                      const int32_t *shift,
                                      const tmlc_cm_mconv_rq *q,
                                      int tail, mve_pred16_t lanes,
                                      int8_t *yp) {
  int32_t acc[4] = {0, 0, 0, 0};
  int32x4_t v, m, sh, right;
  tmlc_cm_mve_dot4(xs, w0, w1, w2, w3, len, acc);
  if (tail) {
    m = vldrwq_z_s32(mult, lanes);
    sh = vldrwq_z_s32(shift, lanes);
  } else {
    m = vldrwq_s32(mult);
    sh = vldrwq_s32(shift);
  }
  v = vaddq_s32(vldrwq_s32(acc), vldrwq_s32(cb));
  right = vminq_s32(sh, vdupq_n_s32(0));
  v = vqrdmulhq_s32(vshlq_s32(v, vmaxq_s32(sh, vdupq_n_s32(0))), m);
  v = vqaddq_m_s32(v, v, vshrq_n_s32(v, 31), vcmpltq_n_s32(right, 0));
  v = vrshlq_s32(v, right);
  v = vaddq_n_s32(v, q->out_off);
  v = vmaxq_s32(v, vdupq_n_s32(q->lo));
  v = vminq_s32(v, vdupq_n_s32(q->hi));
  vstrbq_p_s32(yp, v, lanes);
}

/* Channels 0 .. n-1 of one pixel (w, cb, yp and the requantization tables
 * already at the chunk's first channel) over one segment of len bytes. */
static inline void tmlc_cm_mconv_pixel(const int8_t *xs, const int8_t *w,
                                       int32_t len, int32_t n,
                                       const int32_t *cb,
                                       const tmlc_cm_mconv_rq *q, int8_t *yp) {
  const int32_t *mult = q->mult;
  const int32_t *shift = q->shift;
  const int32_t step = q->step;
  int32_t oc;
#if defined(TMLC_CM_MVE_DOT4_ASM)
  const int32x4_t out_off = vdupq_n_s32(q->out_off);
  const int32x4_t lo = vdupq_n_s32(q->lo), hi = vdupq_n_s32(q->hi);
  const int32x4_t zero = vdupq_n_s32(0);
  const int32_t wstep = 4 * len;
  if (q->all_neg) {
    /* Every shift < 0: no left shift, the fix-up on every lane. */
    for (oc = 0; oc + 4 <= n; oc += 4) {
      int32x4_t v = tmlc_cm_mve_dot4r(xs, w, len, cb);
      v = vqrdmulhq_s32(v, vldrwq_s32(mult));
      v = vrshlq_s32(vqaddq_s32(v, vshrq_n_s32(v, 31)), vldrwq_s32(shift));
      v = vminq_s32(vmaxq_s32(vaddq_s32(v, out_off), lo), hi);
      vstrbq_s32(yp, v);
      w += wstep;
      cb += 4;
      yp += 4;
      mult += step;
      shift += step;
    }
  } else
  for (oc = 0; oc + 4 <= n; oc += 4) {
    int32x4_t v, m, sh, right;
    v = tmlc_cm_mve_dot4r(xs, w, len, cb);
    m = vldrwq_s32(mult);
    sh = vldrwq_s32(shift);
    right = vminq_s32(sh, zero);
    v = vqrdmulhq_s32(vshlq_s32(v, vmaxq_s32(sh, zero)), m);
    v = vqaddq_m_s32(v, v, vshrq_n_s32(v, 31), vcmpltq_n_s32(right, 0));
    v = vrshlq_s32(v, right);
    v = vminq_s32(vmaxq_s32(vaddq_s32(v, out_off), lo), hi);
    vstrbq_s32(yp, v);
    w += wstep;
    cb += 4;
    yp += 4;
    mult += step;
    shift += step;
  }
#else
  for (oc = 0; oc + 4 <= n; oc += 4) {
    tmlc_cm_mconv_quad(xs, w, w + len, w + 2 * len, w + 3 * len, len, cb,
                       mult, shift, q, 0, 0xffff, yp);
    w += 4 * len;
    cb += 4;
    yp += 4;
    mult += step;
    shift += step;
  }
#endif
  if (oc < n) {
    const int32_t m = n - oc;
    const int8_t *w1t = m > 1 ? w + len : w;
    const int8_t *w2t = m > 2 ? w1t + len : w1t;
    tmlc_cm_mconv_quad(xs, w, w1t, w2t, w2t, len, cb, mult, shift, q, 1,
                       vctp32q((uint32_t)m), yp);
  }
}
#if defined(TMLC_CM_MVE_DOT4_ASM)
/* npx pixels (flat mode), nq quads of channels, constants from tab: one
 * table pointer instead of bias, multiplier and shift pointers keeps the
 * per-quad loop out of the stack. Every shift < 0. */
__attribute__((noinline)) static void tmlc_cm_mconv_pixels_tab(
    const int8_t *xs, int32_t xstep, int32_t npx, const int8_t *w0,
    int32_t len, int32_t nq, const tmlc_cm_mconv_quadk *tab0,
    const tmlc_cm_mconv_rq *q, int8_t *yp0, int32_t ystep) {
  const int32x4_t out_off = vdupq_n_s32(q->out_off);
  const int32x4_t lo = vdupq_n_s32(q->lo), hi = vdupq_n_s32(q->hi);
  const int32_t wstep = 4 * len;
  for (; npx > 0; --npx) {
    const tmlc_cm_mconv_quadk *t = tab0;
    const int8_t *w = w0;
    int8_t *yp = yp0;
    int32_t k;
    for (k = nq; k > 0; --k) {
      int32x4_t v = tmlc_cm_mve_dot4r(xs, w, len, t->cb);
      v = vqrdmulhq_s32(v, vldrwq_s32(t->mult));
      v = vrshlq_s32(vqaddq_s32(v, vshrq_n_s32(v, 31)),
                     vldrhq_s32(t->shift));
      v = vminq_s32(vmaxq_s32(vaddq_s32(v, out_off), lo), hi);
      vstrbq_s32(yp, v);
      w += wstep;
      yp += 4;
      ++t;
    }
    xs += xstep;
    yp0 += ystep;
  }
}
#endif

#if defined(TMLC_CM_MVE_DOT4_ASM)
/* Small filters (kk <= 64 bytes), every shift < 0, clamp [-128, 127]: the
 * pixel's kk input bytes stay in up to four vector registers while the
 * quad loop streams the weight rows: per row and 16 bytes one VLDRB and
 * one VMLADAVA, no reload of the activations; per quad the start values,
 * multipliers and shifts from one table record and the requantization in
 * the same asm loop. The final clamp is two saturating narrows (int32 ->
 * int16 -> int8 in the low byte of each lane), exact for [-128, 127].
 * nch = ceil(kk / 16); post: kk is a multiple of 16 (rows advance by
 * post-increment). Rows not a multiple of 16 bytes: with nch >= 2 the last
 * 16 bytes of the row are read (they end at the row's end; the activation
 * register holds bytes kk-16 .. kk-1, lanes already covered by the full
 * steps zero), so no read leaves the row; kk < 16 rows are read 16 bytes
 * from their start (lanes past kk multiply zero activations) and the
 * caller keeps those reads inside the weight array. */
#define TMLC_CM_MS_ROW(A)                                                      \
  ".if %c[post]\n"                                                             \
  "   vldrb.8  q0, [%[w]], #%c[rowb]\n"                                        \
  "   vmladava.s8 %[" A "], %q[x0], q0\n"                                      \
  "   .if %c[nch] > 1\n"                                                       \
  "   vldrb.8  q0, [%[w], #%c[o1]]\n"                                          \
  "   vmladava.s8 %[" A "], %q[x1], q0\n"                                      \
  "   .endif\n"                                                                \
  "   .if %c[nch] > 2\n"                                                       \
  "   vldrb.8  q0, [%[w], #%c[o2]]\n"                                          \
  "   vmladava.s8 %[" A "], %q[x2], q0\n"                                      \
  "   .endif\n"                                                                \
  "   .if %c[nch] > 3\n"                                                       \
  "   vldrb.8  q0, [%[w], #%c[o3]]\n"                                          \
  "   vmladava.s8 %[" A "], %q[x3], q0\n"                                      \
  "   .endif\n"                                                                \
  ".elseif %c[nch] == 1\n"                                                     \
  "   vldrb.8  q0, [%[w]]\n"                                                   \
  "   vmladava.s8 %[" A "], %q[x0], q0\n"                                      \
  "   add      %[w], %[w], %[kk]\n"                                            \
  ".else\n"                                                                    \
  "   vldrb.8  q0, [%[w]]\n"                                                   \
  "   vmladava.s8 %[" A "], %q[x0], q0\n"                                      \
  "   .if %c[nch] > 2\n"                                                       \
  "   vldrb.8  q0, [%[w], #16]\n"                                              \
  "   vmladava.s8 %[" A "], %q[x1], q0\n"                                      \
  "   .endif\n"                                                                \
  "   .if %c[nch] > 3\n"                                                       \
  "   vldrb.8  q0, [%[w], #32]\n"                                              \
  "   vmladava.s8 %[" A "], %q[x2], q0\n"                                      \
  "   .endif\n"                                                                \
  "   add      %[w], %[w], %[kk]\n"                                            \
  "   vldrb.8  q0, [%[w], #-16]\n"                                             \
  "   .if %c[nch] == 2\n"                                                      \
  "   vmladava.s8 %[" A "], %q[x1], q0\n"                                      \
  "   .elseif %c[nch] == 3\n"                                                  \
  "   vmladava.s8 %[" A "], %q[x2], q0\n"                                      \
  "   .else\n"                                                                 \
  "   vmladava.s8 %[" A "], %q[x3], q0\n"                                      \
  "   .endif\n"                                                                \
  ".endif\n"

/* One small-filter call: weight rows w (nq quads, flash or the tail copy),
 * table records t, output offset; gathered pixels copy nrows filter rows
 * of rowlen bytes, xrow apart in the input, into col. */
typedef struct tmlc_cm_mconv_sm {
  const int8_t *w;
  const tmlc_cm_mconv_quadk *t;
  int32_t nq, kk, out_off;
  int32_t nrows, rowlen, xrow;
  int8_t *col;
} tmlc_cm_mconv_sm;

/* npx pixels whose kk input bytes start at src, src + xstep, ... (gather:
 * the receptive field's rows start there and go through col first),
 * outputs y, y + ystep, ... One asm quad loop per specialization: the
 * shape of the call (flat run, interior run, single edge pixel) is in the
 * arguments, not in copies of the loop. */
static inline __attribute__((always_inline)) void tmlc_cm_mconv_small_px(
    const int8_t *src, int32_t xstep, int32_t npx, int gather,
    const tmlc_cm_mconv_sm *m, int8_t *y, int32_t ystep, const int nch,
    const int post) {
  const int8_t *const w0 = m->w;
  const tmlc_cm_mconv_quadk *const t0 = m->t;
  const int32_t nq = m->nq, kk = m->kk, out_off = m->out_off;
  const int32_t ynext = ystep - 4 * nq;
  /* Predicate of the last activation register: lanes < kk (nch 1) or
   * lanes >= 16 nch - kk (read from kk - 16 on). */
  const mve_pred16_t pl =
      nch == 1 ? vctp8q((uint32_t)kk)
               : (mve_pred16_t)((0xffffu << (16 * nch - kk)) & 0xffffu);
  const int32x4_t voff = vdupq_n_s32(out_off);
  for (; npx > 0; --npx) {
    const int8_t *xs = src;
    const int8_t *w = w0;
    const tmlc_cm_mconv_quadk *t = t0;
    int8x16_t x0, x1, x2, x3;
    int32_t a0, a1, a2, a3;
    if (gather) {
      /* Interior pixel: one predicated copy per filter row. */
      const mve_pred16_t prow = vctp8q((uint32_t)m->rowlen);
      const int8_t *s = src;
      int8_t *d = m->col;
      int32_t ky;
      for (ky = m->nrows; ky > 0; --ky) {
        vstrbq_p_s8(d, vldrbq_z_s8(s, prow), prow);
        d += m->rowlen;
        s += m->xrow;
      }
      xs = m->col;
    }
    /* The kk (<= 64) input bytes into x0..x3 (no read past them). */
    if (nch == 1) {
      x0 = post ? vld1q_s8(xs) : vldrbq_z_s8(xs, pl);
      x1 = x2 = x3 = x0;
    } else if (nch == 2) {
      x0 = vld1q_s8(xs);
      x1 = post ? vld1q_s8(xs + 16) : vldrbq_z_s8(xs + kk - 16, pl);
      x2 = x3 = x1;
    } else if (nch == 3) {
      x0 = vld1q_s8(xs);
      x1 = vld1q_s8(xs + 16);
      x2 = post ? vld1q_s8(xs + 32) : vldrbq_z_s8(xs + kk - 16, pl);
      x3 = x2;
    } else {
      x0 = vld1q_s8(xs);
      x1 = vld1q_s8(xs + 16);
      x2 = vld1q_s8(xs + 32);
      x3 = post ? vld1q_s8(xs + 48) : vldrbq_z_s8(xs + kk - 16, pl);
    }
    __asm__ volatile(
        "   wls      lr, %[nq], 1f\n"
        "2: ldrd     %[a2], %[a3], [%[t], #8]\n"
        "   ldrd     %[a0], %[a1], [%[t]], #40\n"
        TMLC_CM_MS_ROW("a0") TMLC_CM_MS_ROW("a1") TMLC_CM_MS_ROW("a2")
        TMLC_CM_MS_ROW("a3")
        "   vldrw.32 q1, [%[t], #-24]\n"
        "   vmov     q2[2], q2[0], %[a0], %[a2]\n"
        "   vmov     q2[3], q2[1], %[a1], %[a3]\n"
        "   vqrdmulh.s32 q2, q2, q1\n"
        "   vshr.s32 q1, q2, #31\n"
        "   vqadd.s32 q2, q2, q1\n"
        "   vldrh.s32 q1, [%[t], #-8]\n"
        "   vrshl.s32 q2, q2, q1\n"
        "   vadd.i32 q2, q2, %q[off]\n"
        "   vqmovnb.s32 q2, q2\n"
        "   vqmovnb.s16 q2, q2\n"
        "   vstrb.32 q2, [%[y]], #4\n"
        "   le       lr, 2b\n"
        "1:\n"
        : [w] "+r"(w), [t] "+l"(t), [y] "+l"(y), [a0] "=&Te"(a0),
          [a1] "=&Te"(a1), [a2] "=&Te"(a2), [a3] "=&Te"(a3)
        : [x0] "w"(x0), [x1] "w"(x1), [x2] "w"(x2), [x3] "w"(x3),
          [nq] "r"(nq), [kk] "r"(kk), [off] "w"(voff), [nch] "i"(nch),
          [post] "i"(post), [rowb] "i"(16 * nch), [o1] "i"(16 - 16 * nch),
          [o2] "i"(32 - 16 * nch), [o3] "i"(48 - 16 * nch)
        : "q0", "q1", "q2", "lr", "memory");
    y += ynext;
    src += xstep;
  }
}

typedef void (*tmlc_cm_mconv_small_fn)(const int8_t *src, int32_t xstep,
                                       int32_t npx, int gather,
                                       const tmlc_cm_mconv_sm *m, int8_t *y,
                                       int32_t ystep);

#define TMLC_CM_MS_FN(NCH, POST)                                               \
  __attribute__((noinline)) static void tmlc_cm_mconv_small_##NCH##_##POST(    \
      const int8_t *src, int32_t xstep, int32_t npx, int gather,              \
      const tmlc_cm_mconv_sm *m, int8_t *y, int32_t ystep) {                   \
    tmlc_cm_mconv_small_px(src, xstep, npx, gather, m, y, ystep, NCH, POST);   \
  }
TMLC_CM_MS_FN(1, 0)
TMLC_CM_MS_FN(1, 1)
TMLC_CM_MS_FN(2, 0)
TMLC_CM_MS_FN(2, 1)
TMLC_CM_MS_FN(3, 0)
TMLC_CM_MS_FN(3, 1)
TMLC_CM_MS_FN(4, 0)
TMLC_CM_MS_FN(4, 1)

/* By (nch - 1) * 2 + post. */
static const tmlc_cm_mconv_small_fn tmlc_cm_mconv_small_fns[8] = {
    tmlc_cm_mconv_small_1_0, tmlc_cm_mconv_small_1_1, tmlc_cm_mconv_small_2_0,
    tmlc_cm_mconv_small_2_1, tmlc_cm_mconv_small_3_0, tmlc_cm_mconv_small_3_1,
    tmlc_cm_mconv_small_4_0, tmlc_cm_mconv_small_4_1};

/* One batch item, one call's channels (y at the first of them); kk <= 64.
 * Flat: npix pixels, input xs + i * in_c. Else every output pixel of the
 * conv: one tap (the input pixel, or the pad bytes in col) or the
 * receptive field in col (pads as pad_byte); interior pixels of a row in
 * one call. */
__attribute__((noinline)) static void tmlc_cm_mconv_small(
    const int8_t *xb, const tmlc_conv_s8_params *p, int32_t cg,
    tmlc_cm_mconv_sm *m, int8_t *y, int flat, int8_t pad_byte) {
  const int32_t kk = m->kk, ystep = p->out_c;
  const tmlc_cm_mconv_small_fn f =
      tmlc_cm_mconv_small_fns[((kk - 1) >> 4) * 2 + ((kk & 15) == 0)];
  const int32_t depth = p->in_c / p->groups;
  const int32_t rowlen = p->k_w * depth;
  const int one = p->k_h * p->k_w == 1;
  /* Runs of a whole filter row: contiguous in the input. */
  const int runs = p->dilation_w == 1 && depth == p->in_c;
  const int fast = one || (runs && rowlen <= 16);
  const int32_t xpix = p->stride_w * p->in_c;
  int32_t oy, ox, oxa, oxb;
  if (flat) {
    f(xb + cg, p->in_c, p->out_h * p->out_w, 0, m, y, ystep);
    return;
  }
  m->nrows = p->k_h;
  m->rowlen = rowlen;
  m->xrow = p->dilation_h * p->in_w * p->in_c;
  /* Columns with every filter column inside: [oxa, oxb). */
  oxa = (p->pad_left + p->stride_w - 1) / p->stride_w;
  oxb = p->in_w - p->k_w + p->pad_left;
  oxb = oxb < 0 ? 0 : oxb / p->stride_w + 1;
  if (oxb > p->out_w)
    oxb = p->out_w;
  if (oxa > oxb)
    oxa = oxb;
  for (oy = 0; oy < p->out_h; ++oy) {
    const int32_t iy0 = oy * p->stride_h - p->pad_top;
    int32_t ky0, ky1;
    tmlc_cm_tap_range(iy0, p->dilation_h, p->in_h, p->k_h, &ky0, &ky1);
    for (ox = 0; ox < p->out_w; ++ox) {
      const int32_t ix0 = ox * p->stride_w - p->pad_left;
      const int8_t *xs = m->col;
      int32_t kx0, kx1;
      if (fast && ox == oxa && oxb > oxa && ky0 == 0 && ky1 == p->k_h) {
        /* The row's interior pixels: every tap inside. */
        f(xb + ((size_t)iy0 * p->in_w + ix0) * p->in_c + cg, xpix, oxb - oxa,
          !one, m, y, ystep);
        y += (size_t)(oxb - oxa) * ystep;
        ox = oxb - 1;
        continue;
      }
      tmlc_cm_tap_range(ix0, p->dilation_w, p->in_w, p->k_w, &kx0, &kx1);
      if (one) {
        /* col holds depth pad bytes */
        if (ky1 > ky0 && kx1 > kx0)
          xs = xb + ((size_t)iy0 * p->in_w + ix0) * p->in_c + cg;
      } else {
        int32_t ky, kx;
        if (ky0 != 0 || ky1 != p->k_h || kx0 != 0 || kx1 != p->k_w)
          tmlc_cm_mve_fill(m->col, pad_byte, kk);
        for (ky = ky0; ky < ky1; ++ky) {
          const int8_t *s =
              xb + ((size_t)(iy0 + ky * p->dilation_h) * p->in_w + ix0) *
                       p->in_c + cg;
          int8_t *d = m->col + ky * rowlen;
          if (runs) {
            tmlc_cm_mve_copy(d + kx0 * depth, s + (size_t)kx0 * depth,
                             (kx1 - kx0) * depth);
          } else {
            for (kx = kx0; kx < kx1; ++kx)
              tmlc_cm_mve_copy(d + kx * depth,
                               s + (size_t)kx * p->dilation_w * p->in_c,
                               depth);
          }
        }
      }
      f(xs, 0, 1, 0, m, y, ystep);
      y += ystep;
    }
  }
}
#endif

/* npx pixels whose segments start xstep bytes apart (outputs ystep). */
__attribute__((noinline)) static void tmlc_cm_mconv_pixels(
    const int8_t *xs, int32_t xstep, int32_t npx, const int8_t *w,
    int32_t len, int32_t n, const int32_t *cb, const tmlc_cm_mconv_rq *q,
    int8_t *yp, int32_t ystep) {
  while (npx-- > 0) {
    tmlc_cm_mconv_pixel(xs, w, len, n, cb, q, yp);
    xs += xstep;
    yp += ystep;
  }
}
/* Row mode (interior pixels, dilation_w 1, one group): the k_h input rows
 * of a pixel's receptive field are rowlen = k_w * depth contiguous bytes
 * each, xrow apart, matching the filter row's k_h runs of rowlen bytes.
 * npx pixels xstep bytes apart, outputs ystep apart, n channels. */
#if defined(TMLC_CM_MVE_DOT4_ASM)
__attribute__((noinline)) static void tmlc_cm_mconv_rowrun(
    const int8_t *xs, int32_t xstep, int32_t npx, int32_t xrow,
    int32_t nrows, int32_t rowlen, const int8_t *w, int32_t n,
    const int32_t *cb0, const tmlc_cm_mconv_rq *q, int8_t *yp0,
    int32_t ystep) {
  const int32_t kk = nrows * rowlen;
  const int32x4_t out_off = vdupq_n_s32(q->out_off);
  const int32x4_t lo = vdupq_n_s32(q->lo), hi = vdupq_n_s32(q->hi);
  const int32x4_t zero = vdupq_n_s32(0);
  for (; npx > 0; --npx) {
    const int32_t *mult = q->mult;
    const int32_t *shift = q->shift;
    const int32_t *cb = cb0;
    const int8_t *wq = w;
    int8_t *yp = yp0;
    int32_t oc, r;
    for (oc = 0; oc + 4 <= n; oc += 4) {
      int32_t a[4];
      int32x4_t v, m, sh, right;
      a[0] = cb[0];
      a[1] = cb[1];
      a[2] = cb[2];
      a[3] = cb[3];
      for (r = 0; r < nrows; ++r)
        tmlc_cm_mve_dot4s(xs + r * xrow, wq + r * rowlen, rowlen, kk, a);
      v = vldrwq_s32(a);
      m = vldrwq_s32(mult);
      sh = vldrwq_s32(shift);
      if (q->all_neg) {
        v = vqrdmulhq_s32(v, m);
        v = vrshlq_s32(vqaddq_s32(v, vshrq_n_s32(v, 31)), sh);
      } else {
        right = vminq_s32(sh, zero);
        v = vqrdmulhq_s32(vshlq_s32(v, vmaxq_s32(sh, zero)), m);
        v = vqaddq_m_s32(v, v, vshrq_n_s32(v, 31), vcmpltq_n_s32(right, 0));
        v = vrshlq_s32(v, right);
      }
      v = vminq_s32(vmaxq_s32(vaddq_s32(v, out_off), lo), hi);
      vstrbq_s32(yp, v);
      wq += 4 * kk;
      cb += 4;
      yp += 4;
      mult += q->step;
      shift += q->step;
    }
    if (oc < n) {
      const int32_t m = n - oc;
      const mve_pred16_t lanes = vctp32q((uint32_t)m);
      const int8_t *w1t = m > 1 ? wq + kk : wq;
      const int8_t *w2t = m > 2 ? w1t + kk : w1t;
      int32_t acc[4] = {0, 0, 0, 0};
      int32x4_t v;
      for (r = 0; r < nrows; ++r)
        tmlc_cm_mve_dot4(xs + r * xrow, wq + r * rowlen, w1t + r * rowlen,
                         w2t + r * rowlen, w2t + r * rowlen, rowlen, acc);
      v = vaddq_s32(vldrwq_s32(acc), vldrwq_z_s32(cb, lanes));
      v = tmlc_cm_mve_requant4(v, mult, shift, q->step != 0, 0, lanes,
                               q->out_off, q->lo, q->hi);
      vstrbq_p_s32(yp, v, lanes);
    }
    xs += xstep;
    yp0 += ystep;
  }
}
#endif
#endif

#if defined(__ARM_FEATURE_MVE)
/* The kernel proper, scratch from the caller (noinline: the no-arena entry
 * point's stack buffer and this frame stay separate functions). */
static __attribute__((noinline)) tmlc_status
tmlc_cm_mconv_run(const int8_t *x, const int8_t *w, const int32_t *bias,
                  int8_t *y, const tmlc_conv_s8_params *p,
                  tmlc_cm_mconv_scratch *sp) {
  int32_t *const cb = sp->g.cb;
  int32_t mult1[4], shift1[4];
  tmlc_cm_mconv_rq q;
  int32_t depth, opg, ntaps, kk, nseg, seg_len, npix, b, pix, g, c0, c1, oc,
      t;
  int direct, flat, rows, small;
  int32_t rsafe = 0;
  int copyw = 0;
  int32_t oxa, oxb;
  int8_t pad_byte;
  const int8_t *col_seg[1];
  const int8_t **seg;
  if (!tmlc_cm_conv_params_ok(x, w, y, p, 0) || p->input_offset < -127 ||
      p->input_offset > 128)
    return tmlc_conv2d_s8(x, w, bias, y, p);
  depth = p->in_c / p->groups;
  opg = p->out_c / p->groups;
  ntaps = p->k_h * p->k_w;
  kk = ntaps * depth;
  direct = ntaps == 1 || kk > TMLC_CM_MCONV_MAX_COL;
  if (direct && (ntaps > TMLC_CM_MCONV_MAX_TAPS || depth > TMLC_CM_MCONV_MAX_PAD))
    return tmlc_conv2d_s8(x, w, bias, y, p);
  flat = ntaps == 1 && p->stride_h == 1 && p->stride_w == 1 &&
         p->pad_top == 0 && p->pad_left == 0 && p->out_w == p->in_w &&
         p->out_h <= p->in_h;
  /* Row mode for the interior columns [oxa, oxb) of im2col filters. */
  rows = !direct && p->groups == 1 && p->dilation_w == 1 &&
         p->k_w * depth >= 32 && p->k_w * depth <= 64;
  oxa = (p->pad_left + p->stride_w - 1) / p->stride_w;
  {
    const int32_t lim = p->in_w - p->k_w + p->pad_left;
    oxb = lim < 0 ? 0 : lim / p->stride_w + 1;
    if (oxb > p->out_w)
      oxb = p->out_w;
    if (oxa > oxb)
      oxa = oxb;
  }
#if !defined(TMLC_CM_MVE_DOT4_ASM)
  /* row mode and the small-filter path need the asm dot product */
  (void)rows;
  (void)small;
  (void)rsafe;
  (void)copyw;
#endif
  /* Small filters: the column in registers (tmlc_cm_mconv_small). */
  small = 0;
  nseg = direct ? ntaps : 1;
  seg_len = direct ? depth : kk;
  seg = direct ? sp->g.u.direct.seg : col_seg;
  col_seg[0] = sp->g.u.col;
  pad_byte = (int8_t)(-p->input_offset);
  if (direct)
    tmlc_cm_mve_fill(sp->g.u.direct.pad, pad_byte, depth);
  npix = p->out_h * p->out_w;
  q.out_off = p->output_offset;
  q.lo = p->act_min;
  q.hi = p->act_max;
  q.step = p->per_channel ? 4 : 0;
  for (t = 0; t < 4; ++t) {
    mult1[t] = p->multiplier[0];
    shift1[t] = p->shift[0];
  }
  q.mult = mult1;
  q.shift = shift1;
  q.all_neg = 1;
  for (t = 0; t < (p->per_channel ? p->out_c : 1); ++t)
    if (p->shift[t] >= 0)
      q.all_neg = 0;
#if defined(TMLC_CM_MVE_DOT4_ASM)
  small = q.all_neg && p->act_min == -128 && p->act_max == 127 &&
          kk <= 64 && (!direct || ntaps == 1) && opg % 4 == 0;
  /* Rows of kk < 16 bytes are read 16 bytes at a time (up to 15 bytes
   * past their end): rows r >= rsafe would read past the weight array and
   * go through a copy with 16 readable bytes after it. */
  if (small && kk < 16) {
    rsafe = p->out_c * kk >= 16 ? (p->out_c * kk - 16) / kk + 1 : 0;
  } else {
    rsafe = p->out_c;
  }
#endif

  for (g = 0; g < p->groups; ++g) {
    const int32_t oc_end = (g + 1) * opg;
    for (c0 = g * opg; c0 < oc_end; c0 = c1) {
      c1 = oc_end - c0 > TMLC_CM_MCONV_CHUNK ? c0 + TMLC_CM_MCONV_CHUNK : oc_end;
#if defined(TMLC_CM_MVE_DOT4_ASM)
      /* Small filters: a chunk holding rows >= rsafe runs from the copy
       * if it fits (<= 256 bytes); else its safe rows run from the
       * weights first (the unsafe ones, < 16, are the next chunk). */
      copyw = 0;
      if (small && c1 > rsafe) {
        if ((c1 - c0) * kk > TMLC_CM_MCONV_WL - 16) {
          const int32_t lo = rsafe > c0 ? rsafe : c0;
          c1 -= 4 * ((c1 - lo + 3) >> 2);
        } else {
          copyw = 1;
        }
      }
#endif
      /* bias + offset * sum(filter row), once per call. */
      for (oc = c0; oc < c1; ++oc) {
        uint32_t v = bias != NULL ? (uint32_t)bias[oc] : 0u;
        if (p->input_offset != 0)
          v += (uint32_t)p->input_offset *
               (uint32_t)tmlc_cm_mve_sum(w + (size_t)oc * kk, kk);
        cb[oc - c0] = (int32_t)v;
      }
      if (p->per_channel) {
        q.mult = p->multiplier + c0;
        q.shift = p->shift + c0;
      }
#if defined(TMLC_CM_MVE_DOT4_ASM)
      if (small) {
        /* Table records of the chunk (start values from cb first: cb
         * shares its bytes with col and wl, written below). */
        for (oc = c0; oc < c1; ++oc) {
          tmlc_cm_mconv_quadk *e = &sp->t.tab[(oc - c0) >> 2];
          const int32_t i = p->per_channel ? oc : 0;
          e->cb[(oc - c0) & 3] = cb[oc - c0];
          e->mult[(oc - c0) & 3] = p->multiplier[i];
          e->shift[(oc - c0) & 3] = (int16_t)p->shift[i];
        }
        if (copyw) {
          tmlc_cm_mve_copy(sp->t.wl, w + (size_t)c0 * kk, (c1 - c0) * kk);
          tmlc_cm_mve_fill(sp->t.wl + (c1 - c0) * kk, 0, 16);
        }
        if (direct)
          tmlc_cm_mve_fill(sp->t.col, pad_byte, depth);
      }
#endif
      for (b = 0; b < p->batch; ++b) {
        const int8_t *xb = x + (size_t)b * p->in_h * p->in_w * p->in_c;
        int8_t *yb = y + (size_t)b * npix * p->out_c;
#if defined(TMLC_CM_MVE_DOT4_ASM)
        if (small) {
          tmlc_cm_mconv_sm sm;
          sm.w = copyw ? sp->t.wl : w + (size_t)c0 * kk;
          sm.t = sp->t.tab;
          sm.nq = (c1 - c0) >> 2;
          sm.kk = kk;
          sm.out_off = p->output_offset;
          sm.col = sp->t.col;
          tmlc_cm_mconv_small(xb, p, g * depth, &sm, yb + c0, flat, pad_byte);
          continue;
        }
#endif
        if (flat) {
          /* 1x1, stride 1, no pad, same width: pixel i reads x + i in_c. */
#if defined(TMLC_CM_MVE_DOT4_ASM)
          if (q.all_neg && (c1 - c0) % 4 == 0) {
            if (b == 0)
              for (oc = c0; oc < c1; ++oc) {
                tmlc_cm_mconv_quadk *e = &sp->t.tab[(oc - c0) >> 2];
                const int32_t i = p->per_channel ? oc : 0;
                e->cb[(oc - c0) & 3] = cb[oc - c0];
                e->mult[(oc - c0) & 3] = p->multiplier[i];
                e->shift[(oc - c0) & 3] = (int16_t)p->shift[i];
              }
            tmlc_cm_mconv_pixels_tab(xb + g * depth, p->in_c, npix,
                                     w + (size_t)c0 * kk, kk, (c1 - c0) >> 2,
                                     sp->t.tab, &q, yb + c0, p->out_c);
            continue;
          }
#endif
          tmlc_cm_mconv_pixels(xb + g * depth, p->in_c, npix,
                               w + (size_t)c0 * kk, kk, c1 - c0, cb, &q,
                               yb + c0, p->out_c);
          continue;
        }
        for (pix = 0; pix < npix; ++pix) {
          int8_t *yp = yb + (size_t)pix * p->out_c;
          const int32_t oy = pix / p->out_w, ox = pix - oy * p->out_w;
#if defined(TMLC_CM_MVE_DOT4_ASM)
          if (rows && ox == oxa && oxb > oxa) {
            const int32_t iy0 = oy * p->stride_h - p->pad_top;
            if (iy0 >= 0 &&
                iy0 + (p->k_h - 1) * p->dilation_h < p->in_h) {
              tmlc_cm_mconv_rowrun(
                  xb + ((size_t)iy0 * p->in_w + ox * p->stride_w -
                        p->pad_left) * p->in_c,
                  p->stride_w * p->in_c, oxb - oxa,
                  p->dilation_h * p->in_w * p->in_c, p->k_h,
                  p->k_w * depth, w + (size_t)c0 * kk, c1 - c0, cb, &q,
                  yp + c0, p->out_c);
              pix += oxb - oxa - 1;
              continue;
            }
          }
#endif
          if (direct)
            tmlc_cm_mconv_taps(xb, p, oy, ox, g * depth, sp->g.u.direct.pad,
                               seg);
          else
            tmlc_cm_mconv_im2col(xb, p, oy, ox, g * depth, depth, pad_byte,
                                 sp->g.u.col);
          if (nseg == 1) {
            tmlc_cm_mconv_pixels(seg[0], 0, 1, w + (size_t)c0 * kk, kk,
                                 c1 - c0, cb, &q, yp + c0, 0);
            continue;
          }
          for (oc = c0; oc < c1; oc += 4) {
            const int32_t m = c1 - oc < 4 ? c1 - oc : 4;
            const mve_pred16_t lanes = vctp32q((uint32_t)m);
            /* Rows past the chunk repeat its last row; lanes dropped. */
            const int8_t *w0 = w + (size_t)oc * kk;
            const int8_t *w1 = m > 1 ? w0 + kk : w0;
            const int8_t *w2 = m > 2 ? w1 + kk : w1;
            const int8_t *w3 = m > 3 ? w2 + kk : w2;
            int32_t acc[4] = {0, 0, 0, 0};
            int32x4_t v;
            for (t = 0; t < nseg; ++t) {
              const int32_t o = t * seg_len;
              tmlc_cm_mve_dot4(seg[t], w0 + o, w1 + o, w2 + o, w3 + o,
                               seg_len, acc);
            }
            v = vaddq_s32(vldrwq_s32(acc), vldrwq_z_s32(cb + (oc - c0), lanes));
            v = tmlc_cm_mve_requant4(v, p->multiplier, p->shift,
                                     p->per_channel, oc, lanes,
                                     p->output_offset, p->act_min, p->act_max);
            vstrbq_p_s32(yp + oc, v, lanes);
          }
        }
      }
    }
  }
  return TMLC_OK;
}
#endif

tmlc_status tmlc_conv2d_s8_mve(const int8_t *x, const int8_t *w,
                               const int32_t *bias, int8_t *y,
                               const tmlc_conv_s8_params *p) {
#if !defined(__ARM_FEATURE_MVE)
  return tmlc_conv2d_s8(x, w, bias, y, p);
#else
  tmlc_cm_mconv_scratch s;
  return tmlc_cm_mconv_run(x, w, bias, y, p, &s);
#endif
}

tmlc_status tmlc_conv2d_s8_mve_ws(const int8_t *x, const int8_t *w,
                                  const int32_t *bias, int8_t *y,
                                  const tmlc_conv_s8_params *p, void *scratch,
                                  int32_t scratch_bytes) {
  /* The scratch holds words and pointers. */
  if (scratch_bytes < 0 || (scratch == NULL && scratch_bytes > 0) ||
      ((uintptr_t)scratch & 3u) != 0)
    return TMLC_ERR_ARG;
#if !defined(__ARM_FEATURE_MVE)
  return tmlc_conv2d_s8(x, w, bias, y, p);
#else
  if (scratch_bytes < TMLC_CM_MCONV_SCRATCH_BYTES)
    return tmlc_conv2d_s8(x, w, bias, y, p);
  return tmlc_cm_mconv_run(x, w, bias, y, p,
                           (tmlc_cm_mconv_scratch *)scratch);
#endif
}
