/*===- tmlc_fully_connected_s8_dsp.c - FULLY_CONNECTED int8, Cortex-M DSP -===*
 *
 * Same results as tmlc_fully_connected_s8, bit for bit. Two input rows by
 * two output features per inner loop (tmlc_cm_dsp_dot_2x2); a single row
 * takes four output features per pass: over an int16 column of the row
 * (offset added; tmlc_cm_mac_1x4) when it has 4 to 448 features, else
 * tmlc_cm_dsp_dot_1x4. The column's scratch (2 bytes per feature):
 * tmlc_fully_connected_s8_dsp_ws takes it from the caller (the arena
 * region tmlc plans, tmlc_cm_fc_dsp_scratch_bytes); without it the column
 * path is taken only when it fits TMLC_CM_FC_STACK_SCRATCH (512) bytes of
 * stack, else tmlc_cm_dsp_dot_1x4.
 * Handed to the portable kernel: invalid arguments, a non-zero
 * filter_offset (TFLite's int8 weights are symmetric), input offsets with
 * x + offset outside int16, shifts outside [-31, 31], multiplier INT32_MIN
 * (tmlc_cm_fc_dsp_plan in tmlc_cm_select.h). Paths outside
 * TMLC_CM_FC_DSP_PATHS (tmlc_cm_config.h) are compiled out.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_kernels_s8_cm.h"
#include "tmlc_cm_common.h"
#include "tmlc_cm_config.h"

#if defined(__ARM_FEATURE_DSP) && defined(__OPTIMIZE__) /* the asm needs the optimizer's register allocation */
#include "tmlc_cm_dsp.h"

#define TMLC_CM_FC_HAS(bit) ((TMLC_CM_FC_DSP_PATHS & (bit)) != 0)
#endif

tmlc_status tmlc_fully_connected_s8_dsp(const int8_t *x, const int8_t *w,
                                        const int32_t *bias, int8_t *y,
                                        const tmlc_fc_s8_params *p) {
#if !(defined(__ARM_FEATURE_DSP) && defined(__OPTIMIZE__))
  return tmlc_fully_connected_s8(x, w, bias, y, p);
#else
  int32_t s[TMLC_CM_FC_STACK_SCRATCH / 4];
  return tmlc_fully_connected_s8_dsp_ws(x, w, bias, y, p, s,
                                        (int32_t)sizeof s);
#endif
}

tmlc_status tmlc_fully_connected_s8_dsp_ws(const int8_t *x, const int8_t *w,
                                           const int32_t *bias, int8_t *y,
                                           const tmlc_fc_s8_params *p,
                                           void *scratch,
                                           int32_t scratch_bytes) {
  /* The column is written as words. */
  if (scratch_bytes < 0 || (scratch == NULL && scratch_bytes > 0) ||
      ((uintptr_t)scratch & 3u) != 0)
    return TMLC_ERR_ARG;
#if !(defined(__ARM_FEATURE_DSP) && defined(__OPTIMIZE__))
  return tmlc_fully_connected_s8(x, w, bias, y, p);
#else
  int32_t b, o, k, nout;
  int32_t offpair;
  const uint32_t bits =
      x != NULL && w != NULL && y != NULL
          ? tmlc_cm_fc_dsp_plan_cap(p, scratch_bytes)
          : TMLC_CM_FC_P_PORTABLE;
  if ((bits & TMLC_CM_FC_P_PORTABLE) || (bits & ~TMLC_CM_FC_DSP_PATHS)) {
    if (TMLC_CM_FC_HAS(TMLC_CM_FC_P_PORTABLE))
      return tmlc_fully_connected_s8(x, w, bias, y, p);
    return TMLC_ERR_ARG;
  }
  k = p->in_features;
  nout = p->out_features;
  offpair = tmlc_cm_offpair(p->input_offset);
  for (b = 0; b < p->batches; b += 2) {
    const int two = b + 1 < p->batches;
    const int8_t *xa = x + (size_t)b * k;
    const int8_t *xb = two ? xa + k : xa;
    int8_t *ya = y + (size_t)b * nout;
    int8_t *yb = ya + nout;
    o = 0;
    if (TMLC_CM_FC_HAS(TMLC_CM_FC_P_COL1X4) && (bits & TMLC_CM_FC_P_COL1X4) &&
        !two) {
      /* A single row: the input once into an int16 column (offset
       * added), then four output features per pass over it
       * (tmlc_cm_mac_1x4, 21 instructions per 16 MACs). */
      int16_t *col = (int16_t *)scratch;
      const int32_t nblk = k >> 2;
      tmlc_cm_col_put(col, 1, 0, 0, xa, nblk * 4, p->input_offset, offpair);
      for (; o + 4 <= nout; o += 4) {
        const int8_t *w0 = w + (size_t)o * k;
        int32_t acc[4];
        int32_t j, i;
        for (j = 0; j < 4; ++j)
          acc[j] = bias != NULL ? bias[o + j] : 0;
        tmlc_cm_mac_1x4(col, w0, k, nblk, acc);
        for (j = 0; j < 4; ++j) {
          const int32_t q = p->per_channel ? o + j : 0;
          const int8_t *wr = w0 + (size_t)j * k;
          for (i = nblk * 4; i < k; ++i)
            acc[j] += (int32_t)wr[i] * ((int32_t)xa[i] + p->input_offset);
          ya[o + j] = tmlc_cm_rq_out(
              acc[j], tmlc_cm_rq_make(p->multiplier[q], p->shift[q]),
              p->output_offset, p->act_min, p->act_max);
        }
      }
    } else if (TMLC_CM_FC_HAS(TMLC_CM_FC_P_DOT1X4) && !two) {
      /* A single row: four output features per pass. */
      for (; o + 4 <= nout; o += 4) {
        int32_t acc[4];
        int32_t j;
        for (j = 0; j < 4; ++j)
          acc[j] = bias != NULL ? bias[o + j] : 0;
        tmlc_cm_dsp_dot_1x4(xa, w + (size_t)o * k, k, k, offpair,
                            p->input_offset, acc);
        for (j = 0; j < 4; ++j) {
          const int32_t q = p->per_channel ? o + j : 0;
          ya[o + j] = tmlc_cm_out(acc[j],
                                  tmlc_cm_q_make(p->multiplier[q],
                                                 p->shift[q]),
                                  p->output_offset, p->act_min, p->act_max);
        }
      }
    }
    for (; TMLC_CM_FC_HAS(TMLC_CM_FC_P_DOT2X2) && o < nout; o += 2) {
      const int two_o = o + 1 < nout;
      const int32_t o1 = two_o ? o + 1 : o;
      const int32_t q0 = p->per_channel ? o : 0;
      const int32_t q1 = p->per_channel ? o1 : 0;
      const tmlc_cm_q r0 = tmlc_cm_q_make(p->multiplier[q0], p->shift[q0]);
      const tmlc_cm_q r1 = tmlc_cm_q_make(p->multiplier[q1], p->shift[q1]);
      int32_t acc[4];
      acc[0] = acc[1] = bias != NULL ? bias[o] : 0;
      acc[2] = acc[3] = bias != NULL ? bias[o1] : 0;
      tmlc_cm_dsp_dot_2x2(xa, xb, w + (size_t)o * k, w + (size_t)o1 * k, k,
                          offpair, p->input_offset, acc);
      ya[o] = tmlc_cm_out(acc[0], r0, p->output_offset, p->act_min,
                          p->act_max);
      if (two)
        yb[o] = tmlc_cm_out(acc[1], r0, p->output_offset, p->act_min,
                            p->act_max);
      if (two_o) {
        ya[o1] = tmlc_cm_out(acc[2], r1, p->output_offset, p->act_min,
                             p->act_max);
        if (two)
          yb[o1] = tmlc_cm_out(acc[3], r1, p->output_offset, p->act_min,
                               p->act_max);
      }
    }
  }
  return TMLC_OK;
#endif
}
