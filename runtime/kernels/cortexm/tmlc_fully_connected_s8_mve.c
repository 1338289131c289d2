/*===- tmlc_fully_connected_s8_mve.c - FULLY_CONNECTED int8, Helium -------===*
 *
 * Same results as tmlc_fully_connected_s8, bit for bit. One input row by
 * four output features per pass, 16 MACs per VMLADAVA; offsets applied
 * from the weight and input sums:
 *   sum (w + fo)(x + io) = sum wx + io sum w + fo sum x + K fo io (mod 2^32).
 * With an input offset, two rows per asm loop take their weight sums in
 * the same pass (VADDVA). Requantization four features at a time
 * (tmlc_cm_mve_requant4). No scratch beyond 48 bytes.
 * Handed to the portable kernel: invalid arguments, shifts outside
 * [-31, 31], multiplier INT32_MIN.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_kernels_s8_cm.h"
#include "tmlc_cm_common.h"

#if defined(__ARM_FEATURE_MVE)
#include "tmlc_cm_mve.h"
#endif

tmlc_status tmlc_fully_connected_s8_mve(const int8_t *x, const int8_t *w,
                                        const int32_t *bias, int8_t *y,
                                        const tmlc_fc_s8_params *p) {
#if !defined(__ARM_FEATURE_MVE)
  return tmlc_fully_connected_s8(x, w, bias, y, p);
#else
  int32_t b, o, j, k, nout, io, fo;
  if (!tmlc_cm_fc_params_ok(x, w, y, p))
    return tmlc_fully_connected_s8(x, w, bias, y, p);
  k = p->in_features;
  nout = p->out_features;
  io = p->input_offset;
  fo = p->filter_offset;
  for (b = 0; b < p->batches; ++b) {
    const int8_t *xb = x + (size_t)b * k;
    int8_t *yb = y + (size_t)b * nout;
    const uint32_t xsum_term =
        fo != 0 ? (uint32_t)fo * (uint32_t)tmlc_cm_mve_sum(xb, k) +
                      (uint32_t)k * (uint32_t)fo * (uint32_t)io
                : 0u;
#if defined(TMLC_CM_MVE_DOT4_ASM)
    if (io != 0) {
      /* Four features per pass as two row pairs, the weight sums taken in
       * the same loop (VADDVA). */
      for (o = 0; o + 4 <= nout; o += 4) {
        int32_t acc[4] = {0, 0, 0, 0};
        int32_t wsum[4] = {0, 0, 0, 0};
        int32x4_t v;
        tmlc_cm_mve_dot2ws(xb, w + (size_t)o * k, k, k, acc, wsum);
        tmlc_cm_mve_dot2ws(xb, w + (size_t)(o + 2) * k, k, k, acc + 2,
                           wsum + 2);
        v = vaddq_s32(vldrwq_s32(acc),
                      vmulq_n_s32(vldrwq_s32(wsum), io));
        v = vaddq_n_s32(v, (int32_t)xsum_term);
        if (bias != NULL)
          v = vaddq_s32(v, vldrwq_s32(bias + o));
        v = tmlc_cm_mve_requant4(v, p->multiplier, p->shift, p->per_channel,
                                 o, 0xffff, p->output_offset, p->act_min,
                                 p->act_max);
        vstrbq_s32(yb + o, v);
      }
    } else {
      o = 0;
    }
#else
    o = 0;
#endif
    for (; o < nout; o += 4) {
      const int32_t m = nout - o < 4 ? nout - o : 4;
      const mve_pred16_t lanes = vctp32q((uint32_t)m);
      /* Rows past the end repeat the last row; their lanes are dropped. */
      const int32_t stride = m == 4 ? k : 0;
      int32_t acc[4] = {0, 0, 0, 0};
      int32_t wsum[4] = {0, 0, 0, 0};
      int32x4_t v;
      tmlc_cm_mve_dot_1x4(xb, w + (size_t)o * k, stride, k, acc);
      for (j = 1; j < m && m < 4; ++j) {
        int32_t a1[4] = {0, 0, 0, 0};
        tmlc_cm_mve_dot_1x4(xb, w + (size_t)(o + j) * k, 0, k, a1);
        acc[j] = a1[0];
      }
      if (io != 0)
        for (j = 0; j < m; ++j)
          wsum[j] = tmlc_cm_mve_sum(w + (size_t)(o + j) * k, k);
      for (j = 0; j < 4; ++j)
        acc[j] = (int32_t)((uint32_t)acc[j] + (uint32_t)io * (uint32_t)wsum[j] +
                           xsum_term +
                           (uint32_t)((bias != NULL && j < m) ? bias[o + j] : 0));
      v = tmlc_cm_mve_requant4(vldrwq_s32(acc), p->multiplier, p->shift,
                               p->per_channel, o, lanes, p->output_offset,
                               p->act_min, p->act_max);
      vstrbq_p_s32(yb + o, v, lanes);
    }
  }
  return TMLC_OK;
#endif
}
