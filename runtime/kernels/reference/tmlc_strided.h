/*===- tmlc_strided.h - strided element copies for data movement ---------===*
 * Internal helper of the reference kernels. tmlc_strided_gather copies a
 * strided view of x (any element size) into a contiguous y: it drops
 * extent-1 axes, merges axes that are contiguous in the view, copies whole
 * rows with memcpy when the innermost view stride is 1 and otherwise copies
 * element by element with a constant-size memcpy (which compilers turn into
 * one load and one store, without type punning).
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_STRIDED_H
#define TMLC_STRIDED_H

#include <string.h>

#include "tmlc_kernels.h"

/* dst[i] = src[i * stride] for n elements of es bytes (stride in elements) */
static inline void tmlc_copy_elems(unsigned char *dst, const unsigned char *src,
                                   ptrdiff_t stride, int32_t n, int32_t es) {
  int32_t i;
  const ptrdiff_t sb = stride * es;
  switch (es) {
  case 1:
    for (i = 0; i < n; ++i)
      dst[i] = src[(ptrdiff_t)i * sb];
    break;
  case 2:
    for (i = 0; i < n; ++i)
      memcpy(dst + (ptrdiff_t)i * 2, src + (ptrdiff_t)i * sb, 2);
    break;
  case 4:
    for (i = 0; i < n; ++i)
      memcpy(dst + (ptrdiff_t)i * 4, src + (ptrdiff_t)i * sb, 4);
    break;
  case 8:
    for (i = 0; i < n; ++i)
      memcpy(dst + (ptrdiff_t)i * 8, src + (ptrdiff_t)i * sb, 8);
    break;
  default:
    for (i = 0; i < n; ++i)
      memcpy(dst + (ptrdiff_t)i * es, src + (ptrdiff_t)i * sb, (size_t)es);
    break;
  }
}

/* y (contiguous, dims) = x viewed with element strides `stride` from x.
 * All dims are >= 1 and rank is 1..TMLC_MAX_RANK (checked by the caller). */
static inline void tmlc_strided_gather(const unsigned char *x, unsigned char *y,
                                       int32_t es, int32_t rank,
                                       const int32_t *dims,
                                       const ptrdiff_t *stride) {
  int32_t d[TMLC_MAX_RANK], idx[TMLC_MAX_RANK];
  ptrdiff_t s[TMLC_MAX_RANK], off = 0;
  int32_t i, r = 0, n;
  for (i = 0; i < rank; ++i) {
    if (dims[i] == 1)
      continue;
    if (r > 0 && s[r - 1] == stride[i] * dims[i]) {
      d[r - 1] *= dims[i];
      s[r - 1] = stride[i];
      continue;
    }
    d[r] = dims[i];
    s[r] = stride[i];
    idx[r] = 0;
    ++r;
  }
  if (r == 0) {
    d[0] = 1;
    s[0] = 1;
    idx[0] = 0;
    r = 1;
  }
  n = d[r - 1];
  for (;;) {
    if (s[r - 1] == 1)
      memcpy(y, x + off * es, (size_t)n * (size_t)es);
    else
      tmlc_copy_elems(y, x + off * es, s[r - 1], n, es);
    y += (ptrdiff_t)n * es;
    for (i = r - 2; i >= 0; --i) {
      off += s[i];
      if (++idx[i] < d[i])
        break;
      off -= s[i] * d[i];
      idx[i] = 0;
    }
    if (i < 0)
      break;
  }
}

#endif /* TMLC_STRIDED_H */
