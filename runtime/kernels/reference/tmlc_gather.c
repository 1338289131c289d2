/*===- tmlc_gather.c - Gather along one axis for any element size --------===*/
#include <string.h>

#include "tmlc_kernels.h"

/** @brief x viewed as [outer, axis_dim, inner], y as [outer, n_indices,
 * inner]: y[o, t, :] = x[o, indices[t], :]. indices are int64 when
 * index_is_64, else int32; a negative index counts from the end. All
 * indices are checked before anything is written: one out of
 * [-axis_dim, axis_dim) gives TMLC_ERR_INDEX and leaves y untouched. */
tmlc_status tmlc_gather(const void *x, const void *indices, int32_t index_is_64,
                        void *y, int32_t elem_size, int32_t outer,
                        int32_t axis_dim, int32_t inner, int32_t n_indices) {
  const unsigned char *xb = (const unsigned char *)x;
  unsigned char *yb = (unsigned char *)y;
  const int64_t *i64 = (const int64_t *)indices;
  const int32_t *i32 = (const int32_t *)indices;
  const size_t row = (size_t)inner * (size_t)elem_size;
  int32_t o, t;
  if (x == NULL || y == NULL || (indices == NULL && n_indices > 0) ||
      elem_size < 1 || outer < 0 || axis_dim < 0 || inner < 0 || n_indices < 0)
    return TMLC_ERR_ARG;
  for (t = 0; t < n_indices; ++t) {
    const int64_t v = index_is_64 ? i64[t] : (int64_t)i32[t];
    if (v < -(int64_t)axis_dim || v >= (int64_t)axis_dim)
      return TMLC_ERR_INDEX;
  }
  for (o = 0; o < outer; ++o) {
    const unsigned char *xo = xb + (ptrdiff_t)o * axis_dim * (ptrdiff_t)row;
    for (t = 0; t < n_indices; ++t) {
      int64_t v = index_is_64 ? i64[t] : (int64_t)i32[t];
      if (v < 0)
        v += axis_dim;
      memcpy(yb, xo + (ptrdiff_t)v * (ptrdiff_t)row, row);
      yb += row;
    }
  }
  return TMLC_OK;
}
