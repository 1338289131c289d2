/*===- tmlc_cm_select.h - which path a Cortex-M DSP kernel takes ----------===*
 *
 * Part of the tmlc runtime (runtime/kernels/cortexm). Header-only, C99 and
 * C++ compatible, no DSP intrinsics: pure functions of a kernel's params
 * struct that say which code paths of tmlc_conv2d_s8_dsp,
 * tmlc_depthwise_conv2d_s8_dsp and tmlc_fully_connected_s8_dsp one call
 * takes, as a mask of path bits. The kernels decide with these functions
 * (one definition of each acceptance condition), and the tmlc compiler
 * includes this file (as "runtime/kernels/cortexm/tmlc_cm_select.h") to
 * evaluate them on every layer's actual params at compile time:
 *  - a layer whose mask is ..._P_PORTABLE calls the portable kernel
 *    directly;
 *  - the generated folder's tmlc_cm_config.h sets TMLC_CM_CONV_DSP_PATHS,
 *    TMLC_CM_DW_DSP_PATHS, TMLC_CM_FC_DSP_PATHS to the union of its layers'
 *    masks, and each kernel compiles out the paths outside its mask (the
 *    runtime's own tmlc_cm_config.h enables every path).
 * A call that needs a path its build compiled out goes to the portable
 * kernel when that is compiled in, else returns TMLC_ERR_ARG (possible only
 * with params other than the ones the folder was generated for).
 *
 * The pointer-free argument checks of the portable kernels live here too
 * (tmlc_cm_conv_args_ok, tmlc_cm_fc_args_ok, tmlc_cm_quant_ok).
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_CM_SELECT_H
#define TMLC_CM_SELECT_H

#include <stddef.h>
#include <stdint.h>

#ifndef TMLC_KERNELS_S8_H
#include "tmlc_kernels_s8.h"
#endif

/** 1 when every (multiplier, shift) pair is in tmlc_cm_requant's domain. */
static inline int tmlc_cm_quant_ok(const int32_t *mult, const int32_t *shift,
                                   int32_t n) {
  int32_t i;
  for (i = 0; i < n; ++i)
    if (mult[i] == INT32_MIN || shift[i] < -31 || shift[i] > 31)
      return 0;
  return 1;
}

/** The argument checks of tmlc_conv2d_s8 (depthwise == 0) or
 * tmlc_depthwise_conv2d_s8 (depthwise == 1) that do not involve the data
 * pointers. */
static inline int tmlc_cm_conv_args_ok(const tmlc_conv_s8_params *p,
                                       int depthwise) {
  if (p == NULL || p->multiplier == NULL || p->shift == NULL)
    return 0;
  if (p->batch < 0 || p->in_h < 0 || p->in_w < 0 || p->in_c < 1 ||
      p->out_h < 0 || p->out_w < 0 || p->out_c < 1 || p->k_h < 1 ||
      p->k_w < 1 || p->stride_h < 1 || p->stride_w < 1 ||
      p->dilation_h < 1 || p->dilation_w < 1 || p->act_min > p->act_max)
    return 0;
  if (depthwise) {
    if (p->depth_multiplier < 1 || p->out_c != p->in_c * p->depth_multiplier)
      return 0;
  } else {
    if (p->groups < 1 || p->in_c % p->groups != 0 ||
        p->out_c % p->groups != 0)
      return 0;
  }
  return tmlc_cm_quant_ok(p->multiplier, p->shift,
                          p->per_channel ? p->out_c : 1);
}

/** The argument checks of tmlc_fully_connected_s8 that do not involve the
 * data pointers. */
static inline int tmlc_cm_fc_args_ok(const tmlc_fc_s8_params *p) {
  if (p == NULL || p->multiplier == NULL || p->shift == NULL)
    return 0;
  if (p->batches < 0 || p->in_features < 0 || p->out_features < 1 ||
      p->act_min > p->act_max)
    return 0;
  return tmlc_cm_quant_ok(p->multiplier, p->shift,
                          p->per_channel ? p->out_features : 1);
}

/** 1 when multipliers [c0, c0 + n) (entry 0 for per-tensor params) all
 * have mult >= 0 and shift <= -1 (the one-sum requantization form). */
static inline int tmlc_cm_onesum(const int32_t *mult, const int32_t *shift,
                                 int per_channel, int32_t c0, int32_t n) {
  int32_t i;
  for (i = 0; i < n; ++i) {
    const int32_t q = per_channel ? c0 + i : 0;
    if (mult[q] < 0 || shift[q] > -1)
      return 0;
  }
  return 1;
}

/** 1 when every multiplier (entry 0 for per-tensor params, else the first
 * n) has mult >= 0 and shift <= 0: tmlc_cm_onesum's form or shift 0, which
 * the conv's requantization loops take as SRDHM alone
 * (floor((2 * a * m + 2^31) / 2^32), two SMLALs). */
static inline int tmlc_cm_onesum0(const int32_t *mult, const int32_t *shift,
                                  int per_channel, int32_t n) {
  int32_t i;
  for (i = 0; i < (per_channel ? n : 1); ++i)
    if (mult[i] < 0 || shift[i] > 0)
      return 0;
  return 1;
}

/*--- tmlc_conv2d_s8_dsp ---------------------------------------------------*/

#define TMLC_CM_CONV_COL2_K 192    /* 2-pixel column, whole filter */
#define TMLC_CM_CONV_COL2_KC 96    /* 2-pixel column chunk */
#define TMLC_CM_CONV_COL2_OPG 64   /* channel accumulators of a chunked pair */
#define TMLC_CM_CONV_COL1_K 448    /* 1-pixel column, whole filter */
#define TMLC_CM_CONV_COL2_BYTES 768 /* bytes of the 2-pixel column scratch */
#define TMLC_CM_CONV_MAX_TAPS 32
#define TMLC_CM_CONV_MAX_PAD 512
#define TMLC_CM_CONV_MAX_COL 448

#define TMLC_CM_CONV_P_PORTABLE 0x001u /**< whole call to tmlc_conv2d_s8 */
#define TMLC_CM_CONV_P_PAIRS 0x002u    /**< 2-pixel column, asm channel pairs */
#define TMLC_CM_CONV_P_PADW 0x004u     /**< same, weights padded to 8 */
#define TMLC_CM_CONV_P_MAC2X2 0x008u   /**< 2-pixel column, tmlc_cm_mac_2x2 */
#define TMLC_CM_CONV_P_CHUNKED 0x010u  /**< column in chunks (deep filter) */
#define TMLC_CM_CONV_P_COL1 0x020u     /**< 1-pixel column, 4 channels */
#define TMLC_CM_CONV_P_DIRECT 0x040u   /**< SXTAB16 on the fly (very deep) */
#define TMLC_CM_CONV_P_FILL_TAPS 0x080u /**< column filled tap by tap */
#define TMLC_CM_CONV_P_RQ_SATPC 0x100u /**< pairs requant: SSAT, per-channel, bias */
#define TMLC_CM_CONV_P_RQ_SAT 0x200u   /**< pairs requant: SSAT, other */
#define TMLC_CM_CONV_P_RQ_GEN 0x400u   /**< pairs requant: two-sided clamp */
#define TMLC_CM_CONV_P_QUAD 0x800u     /**< 4-pixel column, 1 channel per pass */
#define TMLC_CM_CONV_P_ROWPAD 0x1000u  /**< padw, filter rows padded to 4 */
#define TMLC_CM_CONV_PADW_BYTES 4096   /* padw column + weights at most */
#define TMLC_CM_CONV_QUAD_KMAX 576     /* 4-pixel column: up to 4608 bytes */
#define TMLC_CM_CONV_SUMS_BYTES 128    /* 32 sums: 8 channel pairs or quads */
/* Scratch of tmlc_conv2d_s8_dsp (the entry point without caller scratch),
 * on its stack: every path but the 4-pixel one fits (2-pixel column +
 * sums, chunk + 64 channel accumulators, 1-pixel column: <= 896 bytes);
 * 4-pixel columns fit up to filters of 96 values. */
#define TMLC_CM_CONV_STACK_SCRATCH 896

enum {
  TMLC_CM_CONV_MODE_PORTABLE = 0,
  TMLC_CM_CONV_MODE_COL2 = 1,
  TMLC_CM_CONV_MODE_COL1 = 2,
  TMLC_CM_CONV_MODE_DIRECT = 3
};

/** How tmlc_conv2d_s8_dsp runs one call. */
typedef struct tmlc_cm_conv_plan {
  int mode;    /**< TMLC_CM_CONV_MODE_* */
  int fast;    /**< COL2: filter length a multiple of 8, mult >= 0 and
                  shift <= 0 (tmlc_cm_onesum0) */
  int padw;    /**< COL2: weights copied zero-padded to rows of kkp */
  int32_t rowkp; /**< padw: 0, or each filter row (k_w * depth values,
                    not a multiple of 4) padded to rowkp, a multiple of 4,
                    so the column takes whole words of input: kkp =
                    k_h * rowkp rounded up to 8 */
  int quad;    /**< COL2 fast: runs of 4 pixels through a 4-pixel column */
  int32_t kk;  /**< filter values per output channel */
  int32_t kkp; /**< kk rounded up to a multiple of 8 */
  int32_t kc;  /**< column chunk length */
  int32_t nch; /**< chunks */
  int32_t col_bytes; /**< scratch bytes [0, col_bytes): the column (and
                        padw's weights) */
  int32_t w_off;     /**< padw: byte offset of the copied weights (rows of
                        kkp) in the scratch, after the column */
  int32_t scratch; /**< scratch bytes the call needs: the column, then at
                      col_bytes the sums / chunk accumulators (SXTAB16
                      path: segment pointers and pad row, or two im2col
                      rows; 0 for the portable path) */
} tmlc_cm_conv_plan;

/** The path bits of tmlc_conv2d_s8_dsp_ws(x, w, bias, y, p, scratch, cap)
 * for non-NULL data pointers (has_bias: bias != NULL) and cap bytes of
 * scratch; fills *pl. The 4-pixel path is taken only when its column fits
 * cap; any other call whose scratch exceeds cap is ..._P_PORTABLE (never
 * for cap >= TMLC_CM_CONV_STACK_SCRATCH). The plan for cap = pl->scratch
 * of a plan with a larger cap is the same plan. */
static inline uint32_t tmlc_cm_conv_dsp_plan_cap(const tmlc_conv_s8_params *p,
                                                 int has_bias, int32_t cap,
                                                 tmlc_cm_conv_plan *pl) {
  int32_t depth, opg, ntaps;
  uint32_t bits = 0;
  int onesum;
  pl->mode = TMLC_CM_CONV_MODE_PORTABLE;
  pl->fast = pl->padw = pl->quad = 0;
  pl->kk = pl->kkp = pl->kc = pl->rowkp = 0;
  pl->nch = 1;
  pl->col_bytes = pl->scratch = pl->w_off = 0;
  if (!tmlc_cm_conv_args_ok(p, 0) || p->input_offset < -32640 ||
      p->input_offset > 32639)
    return TMLC_CM_CONV_P_PORTABLE;
  depth = p->in_c / p->groups;
  opg = p->out_c / p->groups;
  ntaps = p->k_h * p->k_w;
  pl->kk = ntaps * depth;
  pl->kkp = (pl->kk + 7) & ~7;
  onesum = (opg & 1) == 0 && tmlc_cm_onesum0(p->multiplier, p->shift,
                                             p->per_channel, p->out_c);
  /* Filter rows contiguous in the input (one group, dilation 1) of a
   * length not a multiple of 4 (3x3x3 first convs): the weights copied
   * with each row padded to rkp, kkr values in all. */
  const int32_t rowk = p->k_w * depth;
  const int32_t rkp = (rowk + 3) & ~3;
  const int32_t kkr = (p->k_h * rkp + 7) & ~7;
  const int rowpad = (pl->kk & 7) != 0 && onesum &&
                     pl->kk <= TMLC_CM_CONV_COL2_K && p->groups == 1 &&
                     p->dilation_w == 1 && (rowk & 3) != 0 && p->k_h > 1;
  const int32_t kq = rowpad ? kkr : pl->kk;      /* 4-pixel filter length */
  const int32_t wq = rowpad ? p->out_c * kkr : 0; /* copied weights */
  pl->w_off = 0;
  if (((pl->kk & 7) == 0 || rowpad) && onesum &&
      kq <= TMLC_CM_CONV_QUAD_KMAX && wq <= TMLC_CM_CONV_PADW_BYTES &&
      p->groups == 1 && p->per_channel && p->act_min == -128 &&
      p->act_max == 127 && p->out_h * p->out_w >= 4 &&
      8 * kq + wq + TMLC_CM_CONV_SUMS_BYTES <= cap) {
    /* Runs of 4 pixels over a 4-pixel column (one group, per-channel,
     * clamp [-128, 127]); the pixels left over in pairs over the same
     * scratch, the whole filter in one chunk; row-padded weights after
     * the column. */
    pl->mode = TMLC_CM_CONV_MODE_COL2;
    pl->quad = 1;
    pl->fast = !rowpad;
    pl->padw = rowpad;
    pl->kc = pl->kk;
    if (rowpad) {
      pl->rowkp = rkp;
      pl->kkp = kkr;
      pl->w_off = 8 * kkr;
      bits |= TMLC_CM_CONV_P_PADW | TMLC_CM_CONV_P_ROWPAD;
    } else {
      bits |= TMLC_CM_CONV_P_PAIRS;
    }
    pl->col_bytes = (8 * kq + wq + 3) & ~3;
    pl->scratch = pl->col_bytes + TMLC_CM_CONV_SUMS_BYTES;
    bits |= TMLC_CM_CONV_P_QUAD |
            (has_bias ? TMLC_CM_CONV_P_RQ_SATPC : TMLC_CM_CONV_P_RQ_SAT);
  } else if (pl->kk <= TMLC_CM_CONV_COL2_K || opg <= TMLC_CM_CONV_COL2_OPG) {
    pl->mode = TMLC_CM_CONV_MODE_COL2;
    pl->fast = (pl->kk & 7) == 0 && onesum;
    if (!pl->fast && onesum && pl->kk <= TMLC_CM_CONV_COL2_K) {
      if (rowpad && kkr * 4 + wq <= TMLC_CM_CONV_PADW_BYTES &&
          kkr * 4 + wq + TMLC_CM_CONV_SUMS_BYTES <= cap) {
        pl->padw = 1;
        pl->rowkp = rkp;
        pl->kkp = kkr;
      } else {
        pl->padw = pl->kkp * 4 + p->out_c * pl->kkp <=
                   TMLC_CM_CONV_COL2_BYTES;
      }
    }
    pl->kc = pl->kk <= TMLC_CM_CONV_COL2_K ? pl->kk : TMLC_CM_CONV_COL2_KC;
    pl->nch = (pl->kk + pl->kc - 1) / pl->kc;
    /* The column holds whole blocks of 4 values per pixel. */
    pl->w_off = pl->padw ? 4 * pl->kkp : 0;
    pl->col_bytes = pl->padw ? pl->kkp * 4 + p->out_c * pl->kkp
                             : 4 * ((pl->kc + 3) & ~3);
    pl->col_bytes = (pl->col_bytes + 3) & ~3;
    /* Chunk accumulators: 2 per channel, an odd last channel's pair
     * written whole. */
    pl->scratch = pl->col_bytes + (pl->nch > 1 ? 8 * ((opg + 1) & ~1)
                                   : pl->fast || pl->padw
                                       ? TMLC_CM_CONV_SUMS_BYTES
                                       : 0);
    if (pl->fast || pl->padw) {
      const int sat = p->act_min == -128 && p->act_max <= 127;
      bits |= pl->fast ? TMLC_CM_CONV_P_PAIRS : TMLC_CM_CONV_P_PADW;
      if (pl->rowkp > 0)
        bits |= TMLC_CM_CONV_P_ROWPAD;
      bits |= !sat ? TMLC_CM_CONV_P_RQ_GEN
              : p->per_channel && has_bias ? TMLC_CM_CONV_P_RQ_SATPC
                                           : TMLC_CM_CONV_P_RQ_SAT;
    } else {
      bits |= TMLC_CM_CONV_P_MAC2X2;
    }
    if (pl->nch > 1)
      bits |= TMLC_CM_CONV_P_CHUNKED;
  } else if (pl->kk <= TMLC_CM_CONV_COL1_K) {
    pl->mode = TMLC_CM_CONV_MODE_COL1;
    pl->col_bytes = pl->scratch = 2 * ((pl->kk + 3) & ~3);
    bits |= TMLC_CM_CONV_P_COL1;
  } else {
    const int direct = depth % 4 == 0 && ntaps <= TMLC_CM_CONV_MAX_TAPS &&
                       depth <= TMLC_CM_CONV_MAX_PAD;
    if (p->input_offset < -127 || p->input_offset > 128 ||
        (!direct && pl->kk > TMLC_CM_CONV_MAX_COL)) {
      pl->mode = TMLC_CM_CONV_MODE_PORTABLE;
      return TMLC_CM_CONV_P_PORTABLE;
    }
    /* Segment pointers of two pixels (32-bit targets) and a row of pad
     * bytes, or two int8 im2col rows. */
    pl->mode = TMLC_CM_CONV_MODE_DIRECT;
    pl->col_bytes = pl->scratch =
        direct ? 2 * 4 * ntaps + ((depth + 3) & ~3) : 2 * ((pl->kk + 3) & ~3);
    if (pl->scratch > cap) {
      pl->mode = TMLC_CM_CONV_MODE_PORTABLE;
      pl->scratch = pl->col_bytes = 0;
      return TMLC_CM_CONV_P_PORTABLE;
    }
    return TMLC_CM_CONV_P_DIRECT;
  }
  if (pl->scratch > cap) {
    pl->mode = TMLC_CM_CONV_MODE_PORTABLE;
    pl->scratch = pl->col_bytes = 0;
    return TMLC_CM_CONV_P_PORTABLE;
  }
  /* The column fill takes whole filter rows when one chunk holds the whole
   * filter of the only channel group and taps are adjacent (dilation 1). */
  if (pl->nch > 1 || p->dilation_w != 1 || depth != p->in_c)
    bits |= TMLC_CM_CONV_P_FILL_TAPS;
  return bits;
}

/** The path bits of a call with as much scratch as it needs
 * (tmlc_cm_conv_dsp_plan_cap with no limit); pl->scratch is then the
 * number of bytes to give tmlc_conv2d_s8_dsp_ws. */
static inline uint32_t tmlc_cm_conv_dsp_plan(const tmlc_conv_s8_params *p,
                                             int has_bias,
                                             tmlc_cm_conv_plan *pl) {
  return tmlc_cm_conv_dsp_plan_cap(p, has_bias, INT32_MAX, pl);
}

/** Bytes of scratch tmlc_conv2d_s8_dsp_ws needs for these params (0 when
 * the call takes a path without scratch). */
static inline int32_t tmlc_cm_conv_dsp_scratch_bytes(
    const tmlc_conv_s8_params *p, int has_bias) {
  tmlc_cm_conv_plan pl;
  (void)tmlc_cm_conv_dsp_plan(p, has_bias, &pl);
  return pl.scratch;
}

/*--- tmlc_depthwise_conv2d_s8_dsp -----------------------------------------*/

#define TMLC_CM_DW_MAX_TAPS 64

#define TMLC_CM_DW_P_PORTABLE 0x001u /**< whole call to tmlc_depthwise_conv2d_s8 */
#define TMLC_CM_DW_P_3X3 0x002u      /**< 3x3 groups of 4 channels, one-sum */
#define TMLC_CM_DW_P_RUN2 0x004u     /**< 3x3: interior pixels in pairs */
#define TMLC_CM_DW_P_RUN 0x008u      /**< 3x3: interior pixels one by one */
#define TMLC_CM_DW_P_ROWS 0x010u     /**< 3x3: top/bottom rows (rows inside) */
#define TMLC_CM_DW_P_PTRS 0x020u     /**< 3x3: edge pixels, 9 tap pointers */
#define TMLC_CM_DW_P_PX4 0x040u      /**< other groups of 4 channels */
#define TMLC_CM_DW_P_TAIL 0x080u     /**< a last group of 1..3 channels */
#define TMLC_CM_DW_P_SAT127 0x100u   /**< 3x3 requant: act_min -128, act_max 127 */
#define TMLC_CM_DW_P_SATHI 0x200u    /**< 3x3 requant: act_min -128, act_max < 127 */
#define TMLC_CM_DW_P_CLAMP 0x400u    /**< 3x3 requant: act_min > -128 */
#define TMLC_CM_DW_P_EDGE2 0x800u    /**< 3x3: edge pixels with 2 columns inside */

/** 1 when the group of 4 channels starting at c0 goes through the 3x3 path
 * (for a call tmlc_cm_dw_dsp_plan accepts). */
static inline int tmlc_cm_dw_group_3x3(const tmlc_conv_s8_params *p,
                                       int32_t c0) {
  return c0 + 4 <= p->in_c && p->k_h == 3 && p->k_w == 3 &&
         p->input_offset >= -127 && p->input_offset <= 128 &&
         p->act_max <= 127 &&
         tmlc_cm_onesum(p->multiplier, p->shift, p->per_channel, c0, 4);
}

/** The interior output columns [*ox_a, *ox_b) of a 3x3 depthwise: all three
 * taps of a filter row inside the input. */
static inline void tmlc_cm_dw3x3_cols(const tmlc_conv_s8_params *p,
                                      int32_t *ox_a, int32_t *ox_b) {
  const int32_t sw = p->stride_w, dw = p->dilation_w, pl = p->pad_left;
  int32_t a = (pl + sw - 1) / sw;
  int32_t b = p->in_w - 1 - 2 * dw + pl < 0
                  ? 0
                  : (p->in_w - 1 - 2 * dw + pl) / sw + 1;
  if (b > p->out_w)
    b = p->out_w;
  if (a > b)
    a = b;
  *ox_a = a;
  *ox_b = b;
}

/** The filter rows [*ky0, *ky1) of output row oy that lie inside the input
 * (*ky0 == 3, *ky1 == 0 when none does). */
static inline void tmlc_cm_dw3x3_rows(const tmlc_conv_s8_params *p,
                                      int32_t oy, int32_t *ky0,
                                      int32_t *ky1) {
  const int32_t iy0 = oy * p->stride_h - p->pad_top;
  int32_t j;
  *ky0 = 3;
  *ky1 = 0;
  for (j = 0; j < 3; ++j) {
    const int32_t iy = iy0 + j * p->dilation_h;
    if (iy >= 0 && iy < p->in_h) {
      if (*ky0 > j)
        *ky0 = j;
      *ky1 = j + 1;
    }
  }
}

/** The filter columns [*kx0, *kx1) of output column ox of a 3x3 depthwise
 * that lie inside the input. */
static inline void tmlc_cm_dw3x3_kx(const tmlc_conv_s8_params *p,
                                    int32_t ox, int32_t *kx0, int32_t *kx1) {
  const int32_t ix0 = ox * p->stride_w - p->pad_left;
  int32_t j;
  *kx0 = 3;
  *kx1 = 0;
  for (j = 0; j < 3; ++j) {
    const int32_t ix = ix0 + j * p->dilation_w;
    if (ix >= 0 && ix < p->in_w) {
      if (*kx0 > j)
        *kx0 = j;
      *kx1 = j + 1;
    }
  }
}

/** 1 when output column ox (outside the interior columns) goes through
 * tmlc_cm_dw3x3_edge2 in rows with filter rows inside: exactly two filter
 * columns inside, adjacent in the input. */
static inline int tmlc_cm_dw3x3_is_edge2(const tmlc_conv_s8_params *p,
                                         int32_t ox) {
  int32_t kx0, kx1;
  tmlc_cm_dw3x3_kx(p, ox, &kx0, &kx1);
  return kx1 - kx0 == 2;
}

/** Pixels of an interior run of n that go in pairs (tmlc_cm_dw3x3_run2). */
static inline int32_t tmlc_cm_dw3x3_npairs(const tmlc_conv_s8_params *p,
                                           int32_t n) {
  return p->stride_w == p->dilation_w && n >= 4 ? n & ~1 : 0;
}

/** The path bits of tmlc_depthwise_conv2d_s8_dsp(x, w, bias, y, p) for
 * non-NULL data pointers. */
static inline uint32_t tmlc_cm_dw_dsp_plan(const tmlc_conv_s8_params *p) {
  uint32_t bits = 0;
  int32_t c;
  int any3 = 0;
  if (!tmlc_cm_conv_args_ok(p, 1) || p->depth_multiplier != 1 ||
      p->input_offset < -32640 || p->input_offset > 32639 ||
      p->k_h * p->k_w > TMLC_CM_DW_MAX_TAPS)
    return TMLC_CM_DW_P_PORTABLE;
  if (p->batch == 0)
    return 0;
  for (c = 0; c < p->in_c; c += 4) {
    if (c + 4 > p->in_c)
      bits |= TMLC_CM_DW_P_TAIL;
    else if (tmlc_cm_dw_group_3x3(p, c))
      any3 = 1;
    else
      bits |= TMLC_CM_DW_P_PX4;
  }
  if (any3 && p->out_h > 0 && p->out_w > 0) {
    int32_t ox_a, ox_b, oy;
    bits |= TMLC_CM_DW_P_3X3;
    bits |= p->act_min != -128 ? TMLC_CM_DW_P_CLAMP
            : p->act_max == 127 ? TMLC_CM_DW_P_SAT127
                                : TMLC_CM_DW_P_SATHI;
    uint32_t edge = 0; /* paths of the columns outside the interior */
    tmlc_cm_dw3x3_cols(p, &ox_a, &ox_b);
    for (oy = 0; oy < p->out_w; ++oy)
      if (ox_b <= ox_a || oy < ox_a || oy >= ox_b)
        edge |= tmlc_cm_dw3x3_is_edge2(p, oy) ? TMLC_CM_DW_P_EDGE2
                                              : TMLC_CM_DW_P_PTRS;
    for (oy = 0; oy < p->out_h; ++oy) {
      int32_t ky0, ky1;
      tmlc_cm_dw3x3_rows(p, oy, &ky0, &ky1);
      if (ky1 > ky0 && ox_b > ox_a) {
        if (ky0 == 0 && ky1 == 3) {
          const int32_t n = ox_b - ox_a;
          const int32_t n2 = tmlc_cm_dw3x3_npairs(p, n);
          if (n2 > 0)
            bits |= TMLC_CM_DW_P_RUN2;
          if (n > n2)
            bits |= TMLC_CM_DW_P_RUN;
        } else {
          bits |= TMLC_CM_DW_P_ROWS;
        }
        bits |= edge; /* empty when ox_a == 0 and ox_b == out_w */
      } else if (ky1 > ky0) {
        bits |= edge;
      } else {
        bits |= TMLC_CM_DW_P_PTRS;
      }
    }
  }
  return bits;
}

/*--- tmlc_fully_connected_s8_dsp ------------------------------------------*/

#define TMLC_CM_FC_COL 448 /* int16 column of one input row: 896 bytes */
/* Scratch of tmlc_fully_connected_s8_dsp (no caller scratch), on its
 * stack: columns of rows of up to 256 features. */
#define TMLC_CM_FC_STACK_SCRATCH 512

#define TMLC_CM_FC_P_PORTABLE 0x1u /**< whole call to tmlc_fully_connected_s8 */
#define TMLC_CM_FC_P_COL1X4 0x2u   /**< a single row over an int16 column */
#define TMLC_CM_FC_P_DOT1X4 0x4u   /**< a single row, SXTAB16 on the fly */
#define TMLC_CM_FC_P_DOT2X2 0x8u   /**< row pairs, and channels left over */

/** Bytes of the int16 column of a single row of in_features values
 * (whole blocks of 4). */
static inline int32_t tmlc_cm_fc_col_bytes(const tmlc_fc_s8_params *p) {
  return 2 * (p->in_features & ~3);
}

/** The path bits of tmlc_fully_connected_s8_dsp_ws(x, w, bias, y, p,
 * scratch, cap) for non-NULL data pointers: a single row goes through an
 * int16 column (COL1X4) only when the column fits cap bytes. */
static inline uint32_t tmlc_cm_fc_dsp_plan_cap(const tmlc_fc_s8_params *p,
                                               int32_t cap) {
  uint32_t bits = 0;
  if (!tmlc_cm_fc_args_ok(p) || p->filter_offset != 0 ||
      p->input_offset < -32640 || p->input_offset > 32639)
    return TMLC_CM_FC_P_PORTABLE;
  if (p->batches >= 2)
    bits |= TMLC_CM_FC_P_DOT2X2;
  if (p->batches % 2 == 1) {
    if (p->out_features >= 4)
      bits |= p->in_features >= 4 && p->in_features <= TMLC_CM_FC_COL &&
                      tmlc_cm_fc_col_bytes(p) <= cap
                  ? TMLC_CM_FC_P_COL1X4
                  : TMLC_CM_FC_P_DOT1X4;
    if (p->out_features % 4 != 0)
      bits |= TMLC_CM_FC_P_DOT2X2;
  }
  return bits;
}

/** The path bits of a call with as much scratch as it needs. */
static inline uint32_t tmlc_cm_fc_dsp_plan(const tmlc_fc_s8_params *p) {
  return tmlc_cm_fc_dsp_plan_cap(p, INT32_MAX);
}

/** Bytes of scratch tmlc_fully_connected_s8_dsp_ws needs for these params
 * (0 when no single row goes through the column). */
static inline int32_t tmlc_cm_fc_dsp_scratch_bytes(const tmlc_fc_s8_params *p) {
  return (tmlc_cm_fc_dsp_plan(p) & TMLC_CM_FC_P_COL1X4)
             ? tmlc_cm_fc_col_bytes(p)
             : 0;
}

/* Helium (Cortex-M55) kernels: the scratch their _ws entry points take.
 * tmlc_conv2d_s8_mve keeps one union of its path buffers (the flat/small
 * table with the small filters' column and weight copy, or the direct
 * taps' pointers and pad row / the im2col column with the chunk's start
 * values); its size on a 32-bit target (the kernel checks it). */
#define TMLC_CM_MCONV_MAX_TAPS 32
#define TMLC_CM_MCONV_MAX_PAD 512
#define TMLC_CM_MCONV_MAX_COL 640
#define TMLC_CM_MCONV_SCRATCH_BYTES 976
#define TMLC_CM_MDW_MAX_TAPS 25
#define TMLC_CM_MDW_TAP_BYTES 24 /* per tap: 2 x 8 weights, 2 x int32 offset */

/** Bytes of scratch tmlc_conv2d_s8_mve_ws needs for these params (0 when
 * the call goes to the portable kernel). With fewer bytes the call goes to
 * the portable kernel. */
static inline int32_t tmlc_cm_conv_mve_scratch_bytes(
    const tmlc_conv_s8_params *p) {
  int32_t depth, ntaps;
  if (!tmlc_cm_conv_args_ok(p, 0) || p->input_offset < -127 ||
      p->input_offset > 128)
    return 0;
  depth = p->in_c / p->groups;
  ntaps = p->k_h * p->k_w;
  if ((ntaps == 1 || (int64_t)ntaps * depth > TMLC_CM_MCONV_MAX_COL) &&
      (ntaps > TMLC_CM_MCONV_MAX_TAPS || depth > TMLC_CM_MCONV_MAX_PAD))
    return 0;
  return TMLC_CM_MCONV_SCRATCH_BYTES;
}

/** Bytes of scratch tmlc_depthwise_conv2d_s8_mve_ws needs for these params:
 * the tap lists of its full-group path (groups of 8 channels, <= 25 taps),
 * 0 when no group takes it. With fewer bytes every group takes the
 * per-pixel path (same results). */
static inline int32_t tmlc_cm_dw_mve_scratch_bytes(
    const tmlc_conv_s8_params *p) {
  int32_t ntaps;
  if (!tmlc_cm_conv_args_ok(p, 1) || p->depth_multiplier != 1 ||
      p->input_offset < -32640 || p->input_offset > 32640 || p->in_c < 8)
    return 0;
  ntaps = p->k_h * p->k_w;
  if (ntaps > TMLC_CM_MDW_MAX_TAPS)
    return 0;
  return ntaps * TMLC_CM_MDW_TAP_BYTES;
}

#endif /* TMLC_CM_SELECT_H */
