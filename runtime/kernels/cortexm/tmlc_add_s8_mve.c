/*===- tmlc_add_s8_mve.c - ADD int8 for Helium (Cortex-M55) ---------------===*
 *
 * Same results as tmlc_add_s8, bit for bit (TFLite reference_integer_ops
 * ADD). Four elements per int32 vector:
 *   input:  VLDRB.S32, VMLAS (x * 2^left_shift + offset * 2^left_shift,
 *           wrapping like tmlc_shl_wrap), VQRDMULH by the input multiplier
 *           (= SaturatingRoundingDoublingHighMul), and when the input shift
 *           is negative RoundingDivideByPOT as VQADD of the sign (x - 1 for
 *           x < 0) then VRSHL (round half up), i.e. half away from zero;
 *   output: VADD, VQRDMULH, the same rounding shift, VADD of the output
 *           offset, VMAX/VMIN, VSTRB.S32 (narrowing store = the int8 cast).
 * Operands whose strides make the whole tensor one dense run go in one
 * pass; otherwise the rows of the broadcast walk, when both operands are
 * contiguous along the innermost dimension. No scratch.
 * Handed to the portable kernel: invalid arguments, an operand repeated
 * along the innermost dimension (stride 0), input shifts outside
 * [-31, 0], output shifts outside [-31, -1] (TFLite's ADD has input shifts
 * <= 0 and, with left_shift 20, output shifts < 0).
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_kernels_s8_cm.h"

#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>

#include "tmlc_s8_bcast.h"

/* Loop-invariant values of one call. */
typedef struct tmlc_cm_madd_k {
  int32_t ls;       /* left_shift */
  int32_t off1;     /* input1_offset << left_shift (wrapping) */
  int32_t off2;     /* input2_offset << left_shift (wrapping) */
  int32_t m1, m2;   /* input multipliers */
  int32_t nr1, nr2; /* input shifts (<= 0): VRSHL amounts */
  int32_t mo;       /* output multiplier */
  int32_t nro;      /* output shift (< 0) */
  int32_t oo;       /* output offset */
  int32_t lo, hi;   /* activation clamp */
} tmlc_cm_madd_k;

/* One input's four lanes rescaled to the common scale. has_r: the input
 * shift is negative (else RoundingDivideByPOT is the identity). */
static inline __attribute__((always_inline)) int32x4_t
tmlc_cm_madd_in(int32x4_t x, int32x4_t pow, int32_t offs, int32_t m,
                int32_t nr, const int has_r) {
  int32x4_t t = vmlasq_n_s32(x, pow, offs);
  t = vqrdmulhq_n_s32(t, m);
  if (has_r) {
    t = vqaddq_s32(t, vshrq_n_s32(t, 31));
    t = vrshlq_n_s32(t, nr);
  }
  return t;
}

/* Sum of the two rescaled inputs requantized to the output, clamped. */
static inline __attribute__((always_inline)) int32x4_t
tmlc_cm_madd_out(int32x4_t s1, int32x4_t s2, int32_t mo, int32_t nro,
                 int32_t oo, int32x4_t lo, int32x4_t hi) {
  int32x4_t t = vqrdmulhq_n_s32(vaddq_s32(s1, s2), mo);
  t = vqaddq_s32(t, vshrq_n_s32(t, 31));
  t = vrshlq_n_s32(t, nro);
  t = vaddq_n_s32(t, oo);
  return vminq_s32(vmaxq_s32(t, lo), hi);
}

/* y[i] = a[i] + b[i] for i < n, both operands contiguous. The constants
 * are copied to locals: the int8 stores could alias *k. */
static inline __attribute__((always_inline)) void
tmlc_cm_madd_run(const int8_t *a, const int8_t *b, int8_t *y, int32_t n,
                 const tmlc_cm_madd_k *k, const int r1, const int r2) {
  const int32x4_t pow = vdupq_n_s32((int32_t)((uint32_t)1 << k->ls));
  const int32x4_t lo = vdupq_n_s32(k->lo);
  const int32x4_t hi = vdupq_n_s32(k->hi);
  const int32_t off1 = k->off1, off2 = k->off2, m1 = k->m1, m2 = k->m2;
  const int32_t nr1 = k->nr1, nr2 = k->nr2, mo = k->mo, nro = k->nro;
  const int32_t oo = k->oo;
  for (; n >= 8; n -= 8) {
    const int32x4_t s10 =
        tmlc_cm_madd_in(vldrbq_s32(a), pow, off1, m1, nr1, r1);
    const int32x4_t s20 =
        tmlc_cm_madd_in(vldrbq_s32(b), pow, off2, m2, nr2, r2);
    const int32x4_t s11 =
        tmlc_cm_madd_in(vldrbq_s32(a + 4), pow, off1, m1, nr1, r1);
    const int32x4_t s21 =
        tmlc_cm_madd_in(vldrbq_s32(b + 4), pow, off2, m2, nr2, r2);
    vstrbq_s32(y, tmlc_cm_madd_out(s10, s20, mo, nro, oo, lo, hi));
    vstrbq_s32(y + 4, tmlc_cm_madd_out(s11, s21, mo, nro, oo, lo, hi));
    a += 8;
    b += 8;
    y += 8;
  }
  for (; n > 0; n -= 4) {
    /* Inactive lanes load as zero and are not stored. */
    const mve_pred16_t p = vctp32q((uint32_t)n);
    const int32x4_t s1 =
        tmlc_cm_madd_in(vldrbq_z_s32(a, p), pow, off1, m1, nr1, r1);
    const int32x4_t s2 =
        tmlc_cm_madd_in(vldrbq_z_s32(b, p), pow, off2, m2, nr2, r2);
    vstrbq_p_s32(y, tmlc_cm_madd_out(s1, s2, mo, nro, oo, lo, hi), p);
    a += 4;
    b += 4;
    y += 4;
  }
}

/* The run specialized on whether each input shift is negative. */
static void tmlc_cm_madd_dense(const int8_t *a, const int8_t *b, int8_t *y,
                               int32_t n, const tmlc_cm_madd_k *k) {
  if (k->nr1 < 0) {
    if (k->nr2 < 0)
      tmlc_cm_madd_run(a, b, y, n, k, 1, 1);
    else
      tmlc_cm_madd_run(a, b, y, n, k, 1, 0);
  } else {
    if (k->nr2 < 0)
      tmlc_cm_madd_run(a, b, y, n, k, 0, 1);
    else
      tmlc_cm_madd_run(a, b, y, n, k, 0, 0);
  }
}

/* True when the operand's strides are those of a dense row-major tensor
 * of the output's shape (dimensions of size 1 ignored). */
static int tmlc_cm_madd_is_dense(const tmlc_bcast *bc, const int32_t *strides) {
  int32_t d, expect = 1;
  for (d = bc->rank - 1; d >= 0; --d) {
    if (bc->dims[d] == 1)
      continue;
    if (strides[d] != expect)
      return 0;
    expect *= bc->dims[d];
  }
  return 1;
}
#endif

tmlc_status tmlc_add_s8_mve(const int8_t *a, const int8_t *b, int8_t *y,
                            const tmlc_bcast *bc, const tmlc_add_s8_params *p) {
#if !defined(__ARM_FEATURE_MVE)
  return tmlc_add_s8(a, b, y, bc, p);
#else
  tmlc_s8_bcast_iter it;
  tmlc_cm_madd_k k;
  int32_t r, d, n;
  if (a == NULL || b == NULL || y == NULL || bc == NULL || p == NULL ||
      p->left_shift < 0 || p->left_shift > 30 || p->act_min > p->act_max ||
      p->input1_shift > 0 || p->input1_shift < -31 || p->input2_shift > 0 ||
      p->input2_shift < -31 || p->output_shift > -1 ||
      p->output_shift < -31 || !tmlc_s8_bcast_init(&it, bc))
    return tmlc_add_s8(a, b, y, bc, p);
  k.ls = p->left_shift;
  k.off1 = (int32_t)((uint32_t)p->input1_offset << k.ls);
  k.off2 = (int32_t)((uint32_t)p->input2_offset << k.ls);
  k.m1 = p->input1_multiplier;
  k.m2 = p->input2_multiplier;
  k.nr1 = p->input1_shift;
  k.nr2 = p->input2_shift;
  k.mo = p->output_multiplier;
  k.nro = p->output_shift;
  k.oo = p->output_offset;
  k.lo = p->act_min;
  k.hi = p->act_max;
  if (tmlc_cm_madd_is_dense(bc, bc->a_strides) &&
      tmlc_cm_madd_is_dense(bc, bc->b_strides)) {
    n = 1;
    for (d = 0; d < bc->rank; ++d)
      n *= bc->dims[d];
    tmlc_cm_madd_dense(a, b, y, n, &k);
    return TMLC_OK;
  }
  if (it.sa != 1 || it.sb != 1) /* an operand repeats along the row */
    return tmlc_add_s8(a, b, y, bc, p);
  for (r = 0; r < it.rows; ++r) {
    tmlc_cm_madd_dense(a + it.oa, b + it.ob, y, it.inner, &k);
    y += it.inner;
    tmlc_s8_bcast_next_row(&it, bc);
  }
  return TMLC_OK;
#endif
}
