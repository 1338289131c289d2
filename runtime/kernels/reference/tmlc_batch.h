/*===- tmlc_batch.h - walk the batch of a broadcast matrix product -------===*
 * Internal helper of the reference MatMul kernels (float and int8 -> int32):
 * the batch dims of a tmlc_bcast whose strides count whole matrices, walked
 * in row-major order of the output.
 *
 *   int32_t idx[TMLC_MAX_RANK]; ptrdiff_t oa = 0, ob = 0;
 *   int st = tmlc_batch_begin(bc, idx);   // -1 bad dims, 0 empty, 1 go
 *   if (st == 1) do { ...matrix (oa, ob)... } while (tmlc_batch_next(bc, idx, &oa, &ob));
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_BATCH_H
#define TMLC_BATCH_H

#include "tmlc_kernels.h"

/* Checks the batch dims and zeroes idx: -1 if a dim is negative or the rank
 * is out of range, 0 if the batch is empty, 1 otherwise. */
static inline int tmlc_batch_begin(const tmlc_bcast *bc, int32_t *idx) {
  int32_t d;
  int empty = 0;
  if (bc->rank < 0 || bc->rank > TMLC_MAX_RANK)
    return -1;
  for (d = 0; d < bc->rank; ++d) {
    if (bc->dims[d] < 0)
      return -1;
    empty |= bc->dims[d] == 0;
    idx[d] = 0;
  }
  return empty ? 0 : 1;
}

/* Advances idx and the matrix offsets oa/ob to the next batch entry; 0 when
 * the walk is done. */
static inline int tmlc_batch_next(const tmlc_bcast *bc, int32_t *idx,
                                  ptrdiff_t *oa, ptrdiff_t *ob) {
  int32_t d;
  for (d = bc->rank - 1; d >= 0; --d) {
    *oa += bc->a_strides[d];
    *ob += bc->b_strides[d];
    if (++idx[d] < bc->dims[d])
      return 1;
    *oa -= (ptrdiff_t)bc->a_strides[d] * bc->dims[d];
    *ob -= (ptrdiff_t)bc->b_strides[d] * bc->dims[d];
    idx[d] = 0;
  }
  return 0;
}

#endif /* TMLC_BATCH_H */
