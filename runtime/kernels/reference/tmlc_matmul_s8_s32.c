/*===- tmlc_matmul_s8_s32.c - integer matrix product, int32 result -------===*
 * ONNX MatMulInteger: y = (a - a_zero_point) * (b - b_zero_point), summed
 * exactly in int32. Operands are int8 storage (uint8 models are stored as
 * int8 with the zero point moved by -128, which leaves a - zp unchanged),
 * so every factor lies in [-255, 255] and k <= TMLC_MATMUL_S8_S32_MAX_K
 * keeps every sum inside int32.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_batch.h"

/* One m x k by k x n product; the inner loop runs over a row of b and y. */
static void tmlc_matmul_s8_s32_one(const int8_t *a, const int8_t *b,
                                   int32_t *y,
                                   const tmlc_matmul_s8_s32_params *p) {
  const int32_t m = p->mm.m, k = p->mm.k, n = p->mm.n;
  int32_t i, q, j;
  for (i = 0; i < m; ++i) {
    int32_t *yr = y + (ptrdiff_t)i * n;
    const int8_t *ar = a + (ptrdiff_t)i * k;
    const int32_t aoff = p->a_offset[p->a_per_row ? i : 0];
    for (j = 0; j < n; ++j)
      yr[j] = 0;
    for (q = 0; q < k; ++q) {
      const int32_t av = (int32_t)ar[q] + aoff;
      const int8_t *br = b + (ptrdiff_t)q * n;
      if (av == 0)
        continue;
      if (p->b_per_col) {
        for (j = 0; j < n; ++j)
          yr[j] += av * ((int32_t)br[j] + p->b_offset[j]);
      } else {
        const int32_t boff = p->b_offset[0];
        for (j = 0; j < n; ++j)
          yr[j] += av * ((int32_t)br[j] + boff);
      }
    }
  }
}

/** @brief y[batch] (int32) = (a[batch] + a_offset) * (b[batch] + b_offset)
 * with numpy batch broadcasting. Offsets are -zero_point of int8 storage, in [-127, 128],
 * one entry or one per row of a (a_per_row) / column of b (b_per_col).
 * y must not alias a or b. TMLC_ERR_ARG for NULL pointers, negative sizes,
 * offsets out of range or k > TMLC_MATMUL_S8_S32_MAX_K. */
tmlc_status tmlc_matmul_s8_s32(const int8_t *a, const int8_t *b, int32_t *y,
                               const tmlc_matmul_s8_s32_params *p) {
  const tmlc_bcast *bc;
  int32_t idx[TMLC_MAX_RANK];
  ptrdiff_t amat, bmat, ymat, oa = 0, ob = 0;
  int32_t j, na, nb;
  int st;
  if (a == NULL || b == NULL || y == NULL || p == NULL ||
      p->a_offset == NULL || p->b_offset == NULL)
    return TMLC_ERR_ARG;
  bc = &p->mm.batch;
  if (p->mm.m < 0 || p->mm.k < 0 ||
      p->mm.n < 0 || p->mm.k > TMLC_MATMUL_S8_S32_MAX_K)
    return TMLC_ERR_ARG;
  na = p->a_per_row ? p->mm.m : 1;
  nb = p->b_per_col ? p->mm.n : 1;
  for (j = 0; j < na; ++j)
    if (p->a_offset[j] < -127 || p->a_offset[j] > 128)
      return TMLC_ERR_ARG;
  for (j = 0; j < nb; ++j)
    if (p->b_offset[j] < -127 || p->b_offset[j] > 128)
      return TMLC_ERR_ARG;
  st = tmlc_batch_begin(bc, idx);
  if (st < 0)
    return TMLC_ERR_ARG;
  if (st == 0)
    return TMLC_OK;
  amat = (ptrdiff_t)p->mm.m * p->mm.k;
  bmat = (ptrdiff_t)p->mm.k * p->mm.n;
  ymat = (ptrdiff_t)p->mm.m * p->mm.n;
  do {
    tmlc_matmul_s8_s32_one(a + oa * amat, b + ob * bmat, y, p);
    y += ymat;
  } while (tmlc_batch_next(bc, idx, &oa, &ob));
  return TMLC_OK;
}
