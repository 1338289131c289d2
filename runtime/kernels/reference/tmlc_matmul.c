/*===- tmlc_matmul.c - batched row-major matrix product (float32) --------===*/
#include "tmlc_kernels.h"
#include "tmlc_batch.h"

/* y (m x n) = a (m x k) * b (k x n); the inner loop runs over a contiguous
 * row of b and of y (i-p-j order), four rows of b at a time. */
static void tmlc_matmul_one(const float *a, const float *b, float *y,
                            int32_t m, int32_t k, int32_t n) {
  int32_t i, p, j;
  for (i = 0; i < m; ++i) {
    float *yr = y + (ptrdiff_t)i * n;
    const float *ar = a + (ptrdiff_t)i * k;
    for (j = 0; j < n; ++j)
      yr[j] = 0.0f;
    /* four rows of b per pass: one load and store of y per four MACs */
    for (p = 0; p + 4 <= k; p += 4) {
      const float a0 = ar[p], a1 = ar[p + 1], a2 = ar[p + 2], a3 = ar[p + 3];
      const float *b0 = b + (ptrdiff_t)p * n;
      const float *b1 = b0 + n, *b2 = b1 + n, *b3 = b2 + n;
      for (j = 0; j < n; ++j)
        yr[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
    }
    for (; p < k; ++p) {
      const float av = ar[p];
      const float *br = b + (ptrdiff_t)p * n;
      for (j = 0; j < n; ++j)
        yr[j] += av * br[j];
    }
  }
}

/** @brief y[batch] = a[batch] * b[batch] with numpy batch broadcasting
 * (p->batch strides count whole matrices). y must not alias a or b. */
tmlc_status tmlc_matmul_f32(const float *a, const float *b, float *y,
                            const tmlc_matmul_params *p) {
  const tmlc_bcast *bc;
  int32_t idx[TMLC_MAX_RANK];
  ptrdiff_t amat, bmat, ymat, oa = 0, ob = 0;
  int st;
  if (a == NULL || b == NULL || y == NULL || p == NULL)
    return TMLC_ERR_ARG;
  bc = &p->batch;
  if (p->m < 0 || p->k < 0 || p->n < 0)
    return TMLC_ERR_ARG;
  st = tmlc_batch_begin(bc, idx);
  if (st < 0)
    return TMLC_ERR_ARG;
  if (st == 0)
    return TMLC_OK;
  amat = (ptrdiff_t)p->m * p->k;
  bmat = (ptrdiff_t)p->k * p->n;
  ymat = (ptrdiff_t)p->m * p->n;
  do {
    tmlc_matmul_one(a + oa * amat, b + ob * bmat, y, p->m, p->k, p->n);
    y += ymat;
  } while (tmlc_batch_next(bc, idx, &oa, &ob));
  return TMLC_OK;
}
