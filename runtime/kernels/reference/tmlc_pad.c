/*===- tmlc_pad.c - constant/reflect/edge padding for any element size ---===*/
#include <string.h>

#include "tmlc_kernels.h"

/* Input coordinate for the out-of-range coordinate c of an axis of extent n,
 * or -1 for "use the constant". n >= 1 for reflect and edge. */
static inline int32_t tmlc_pad_source(int32_t c, int32_t n, int32_t mode) {
  if (c >= 0 && c < n)
    return c;
  if (mode == TMLC_PAD_EDGE)
    return c < 0 ? 0 : n - 1;
  if (mode == TMLC_PAD_REFLECT) {
    const int32_t period = 2 * (n - 1);
    if (period == 0)
      return 0;
    c %= period;
    if (c < 0)
      c += period;
    return c < n ? c : period - c;
  }
  return -1;
}

/** @brief y = x padded by pads_begin/pads_end per axis (negative pads crop):
 * TMLC_PAD_CONSTANT fills with *value (one element of elem_size bytes),
 * TMLC_PAD_REFLECT mirrors without repeating the edge (repeatedly for pads
 * wider than the axis), TMLC_PAD_EDGE repeats the edge element. y must not
 * overlap x. value may be NULL unless the mode is constant. */
tmlc_status tmlc_pad(const void *x, void *y, int32_t elem_size,
                     const void *value, const tmlc_pad_params *p) {
  const unsigned char *xb = (const unsigned char *)x;
  const unsigned char *vb = (const unsigned char *)value;
  unsigned char *yb = (unsigned char *)y;
  int32_t od[TMLC_MAX_RANK], idx[TMLC_MAX_RANK];
  ptrdiff_t istr[TMLC_MAX_RANK], s = 1;
  int32_t r, i, o, nin, pb, mlo, mhi;
  const size_t es = (size_t)elem_size;
  if (x == NULL || y == NULL || p == NULL || elem_size < 1 || p->rank < 1 ||
      p->rank > TMLC_MAX_RANK ||
      (p->mode != TMLC_PAD_CONSTANT && p->mode != TMLC_PAD_REFLECT &&
       p->mode != TMLC_PAD_EDGE) ||
      (p->mode == TMLC_PAD_CONSTANT && value == NULL))
    return TMLC_ERR_ARG;
  r = p->rank;
  for (i = r - 1; i >= 0; --i) {
    const int64_t n = (int64_t)p->in_dims[i] + p->pads_begin[i] + p->pads_end[i];
    if (p->in_dims[i] < 0 || n < 0 || n > INT32_MAX)
      return TMLC_ERR_ARG;
    od[i] = (int32_t)n;
    if (n > 0 && p->in_dims[i] == 0 && p->mode != TMLC_PAD_CONSTANT)
      return TMLC_ERR_ARG; /* nothing to reflect or repeat */
    istr[i] = s;
    s *= p->in_dims[i];
    idx[i] = 0;
  }
  for (i = 0; i < r; ++i)
    if (od[i] == 0)
      return TMLC_OK;
  nin = p->in_dims[r - 1];
  pb = p->pads_begin[r - 1];
  /* outputs of the last axis that read x directly: [mlo, mhi) */
  mlo = pb > 0 ? pb : 0;
  mhi = (int64_t)pb + nin < od[r - 1] ? pb + nin : od[r - 1];
  if (mhi < mlo)
    mhi = mlo;
  for (;;) {
    /* source row of the outer coordinates, or -1 for a constant row */
    ptrdiff_t row = 0;
    for (i = 0; i < r - 1 && row >= 0; ++i) {
      const int32_t c = tmlc_pad_source(idx[i] - p->pads_begin[i], p->in_dims[i], p->mode);
      row = c < 0 ? -1 : row + c * istr[i];
    }
    for (o = 0; o < od[r - 1]; ++o) {
      if (row >= 0 && o == mlo && mhi > mlo) {
        memcpy(yb, xb + (row + (mlo - pb)) * (ptrdiff_t)es, (size_t)(mhi - mlo) * es);
        yb += (ptrdiff_t)(mhi - mlo) * (ptrdiff_t)es;
        o = mhi - 1;
        continue;
      }
      {
        const int32_t c = row < 0 ? -1 : tmlc_pad_source(o - pb, nin, p->mode);
        memcpy(yb, c < 0 ? vb : xb + (row + c) * (ptrdiff_t)es, es);
        yb += es;
      }
    }
    for (i = r - 2; i >= 0; --i) {
      if (++idx[i] < od[i])
        break;
      idx[i] = 0;
    }
    if (i < 0)
      break;
  }
  return TMLC_OK;
}
