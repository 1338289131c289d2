/*===- tmlc_slice.c - strided slice for any element size -----------------===*/
#include "tmlc_strided.h"

/** @brief y[i...] = x[starts + i * steps] per axis (steps non-zero, may be
 * negative). The compiler clamps starts into range; every element read is
 * checked here once per axis, so bad parameters give TMLC_ERR_ARG rather
 * than a read outside x. */
tmlc_status tmlc_slice(const void *x, void *y, int32_t elem_size,
                       const tmlc_slice_params *p) {
  ptrdiff_t istr[TMLC_MAX_RANK], ss[TMLC_MAX_RANK], s = 1, base = 0;
  int32_t i, empty = 0;
  if (x == NULL || y == NULL || p == NULL || elem_size < 1 || p->rank < 1 ||
      p->rank > TMLC_MAX_RANK)
    return TMLC_ERR_ARG;
  for (i = p->rank - 1; i >= 0; --i) {
    const int32_t n = p->out_dims[i], st = p->starts[i], step = p->steps[i];
    if (p->in_dims[i] < 0 || n < 0 || step == 0)
      return TMLC_ERR_ARG;
    if (n == 0) {
      empty = 1;
    } else {
      /* first and last index read on this axis must be inside the input */
      const int64_t last = (int64_t)st + (int64_t)(n - 1) * step;
      if (st < 0 || st >= p->in_dims[i] || last < 0 || last >= p->in_dims[i])
        return TMLC_ERR_ARG;
    }
    istr[i] = s;
    s *= p->in_dims[i];
    ss[i] = istr[i] * step;
    base += istr[i] * st;
  }
  if (empty)
    return TMLC_OK;
  tmlc_strided_gather((const unsigned char *)x + base * elem_size,
                      (unsigned char *)y, elem_size, p->rank, p->out_dims, ss);
  return TMLC_OK;
}
