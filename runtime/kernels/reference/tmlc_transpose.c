/*===- tmlc_transpose.c - axis permutation for any element size ----------===*/
#include "tmlc_strided.h"

/** @brief y = x with axes permuted: y.dims[i] = x.dims[perm[i]]. elem_size is
 * in bytes; y must not overlap x. Axes that stay adjacent are merged, so a
 * permutation that keeps the last axis copies whole rows. */
tmlc_status tmlc_transpose(const void *x, void *y, int32_t elem_size,
                           const tmlc_transpose_params *p) {
  int32_t od[TMLC_MAX_RANK], seen[TMLC_MAX_RANK];
  ptrdiff_t istr[TMLC_MAX_RANK], ss[TMLC_MAX_RANK], s = 1;
  int32_t i;
  if (x == NULL || y == NULL || p == NULL || elem_size < 1 || p->rank < 1 ||
      p->rank > TMLC_MAX_RANK)
    return TMLC_ERR_ARG;
  for (i = 0; i < p->rank; ++i)
    seen[i] = 0;
  for (i = p->rank - 1; i >= 0; --i) {
    const int32_t a = p->perm[i];
    if (p->dims[i] < 0 || a < 0 || a >= p->rank || seen[a]++)
      return TMLC_ERR_ARG;
    istr[i] = s;
    s *= p->dims[i];
  }
  if (s == 0)
    return TMLC_OK;
  for (i = 0; i < p->rank; ++i) {
    od[i] = p->dims[p->perm[i]];
    ss[i] = istr[p->perm[i]];
  }
  tmlc_strided_gather((const unsigned char *)x, (unsigned char *)y, elem_size,
                      p->rank, od, ss);
  return TMLC_OK;
}
