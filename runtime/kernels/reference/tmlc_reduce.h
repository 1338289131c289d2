/*===- tmlc_reduce.h - shared walk of the float reductions ---------------===*
 * Internal helper of the reference kernels. Adjacent axes that are both
 * reduced or both kept are merged (the input is contiguous and the kept axes
 * keep their order in the output, so a merged run stays contiguous); then an
 * odometer walks the input once, in memory order, and the innermost merged
 * axis is a plain loop: into one accumulator when it is reduced, over a
 * contiguous output row when it is kept.
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_REDUCE_H
#define TMLC_REDUCE_H

#include "tmlc_kernels.h"

typedef struct tmlc_rwalk {
  int32_t rank;
  int32_t dims[TMLC_MAX_RANK];
  int32_t red[TMLC_MAX_RANK];
  ptrdiff_t ystride[TMLC_MAX_RANK]; /* output stride, 0 on reduced axes */
  ptrdiff_t nout;                   /* output elements */
  ptrdiff_t count;                  /* input elements per output element */
} tmlc_rwalk;

/* Returns 1 if there is work, 0 when the input is empty (then w->nout
 * outputs, possibly none, each reduce zero elements), -1 for a bad p. */
static inline int tmlc_rwalk_init(const tmlc_reduce_params *p, tmlc_rwalk *w) {
  int32_t i, r = 0;
  ptrdiff_t s = 1;
  if (p->rank < 1 || p->rank > TMLC_MAX_RANK)
    return -1;
  w->nout = 1;
  w->count = 1;
  for (i = 0; i < p->rank; ++i) {
    const int32_t d = p->dims[i];
    const int32_t red = p->reduce[i] != 0;
    if (d < 0)
      return -1;
    if (red)
      w->count *= d;
    else
      w->nout *= d;
    if (d == 1)
      continue;
    if (r > 0 && w->red[r - 1] == red) {
      w->dims[r - 1] *= d;
      continue;
    }
    w->dims[r] = d;
    w->red[r] = red;
    ++r;
  }
  if (w->nout == 0 || w->count == 0)
    return 0;
  if (r == 0) {
    w->dims[0] = 1;
    w->red[0] = 1;
    r = 1;
  }
  w->rank = r;
  for (i = r - 1; i >= 0; --i) {
    w->ystride[i] = w->red[i] ? 0 : s;
    if (!w->red[i])
      s *= w->dims[i];
  }
  return 1;
}

/* Defines `tmlc_status FNAME(const float *x, float *y, const tmlc_reduce_params *p)`.
 * INIT is the accumulator start value, ACC(acc, v) folds v into the lvalue
 * acc, FINISH(v, count) maps the accumulated value to the output. */
#define TMLC_REDUCE_KERNEL(FNAME, INIT, ACC, FINISH)                           \
  tmlc_status FNAME(const float *x, float *y, const tmlc_reduce_params *p) {   \
    tmlc_rwalk w;                                                              \
    int32_t idx[TMLC_MAX_RANK];                                                \
    int32_t d, i, n;                                                           \
    ptrdiff_t yo = 0, k;                                                       \
    int st;                                                                    \
    if (x == NULL || y == NULL || p == NULL)                                   \
      return TMLC_ERR_ARG;                                                     \
    st = tmlc_rwalk_init(p, &w);                                               \
    if (st < 0)                                                                \
      return TMLC_ERR_ARG;                                                     \
    if (st == 0) { /* empty reductions give the identity (mean: 0/0) */       \
      for (k = 0; k < w.nout; ++k)                                             \
        y[k] = FINISH((float)(INIT), 0);                                       \
      return TMLC_OK;                                                          \
    }                                                                          \
    for (k = 0; k < w.nout; ++k)                                               \
      y[k] = (INIT);                                                           \
    for (d = 0; d < w.rank; ++d)                                               \
      idx[d] = 0;                                                              \
    n = w.dims[w.rank - 1];                                                    \
    for (;;) {                                                                 \
      if (w.red[w.rank - 1]) {                                                 \
        float acc = y[yo];                                                     \
        for (i = 0; i < n; ++i)                                                \
          ACC(acc, x[i]);                                                      \
        y[yo] = acc;                                                           \
      } else {                                                                 \
        float *yr = y + yo;                                                    \
        for (i = 0; i < n; ++i)                                                \
          ACC(yr[i], x[i]);                                                    \
      }                                                                        \
      x += n;                                                                  \
      for (d = w.rank - 2; d >= 0; --d) {                                      \
        yo += w.ystride[d];                                                    \
        if (++idx[d] < w.dims[d])                                              \
          break;                                                               \
        yo -= w.ystride[d] * w.dims[d];                                        \
        idx[d] = 0;                                                            \
      }                                                                        \
      if (d < 0)                                                               \
        break;                                                                 \
    }                                                                          \
    for (k = 0; k < w.nout; ++k)                                               \
      y[k] = FINISH(y[k], w.count);                                            \
    return TMLC_OK;                                                            \
  }

#endif /* TMLC_REDUCE_H */
