/*===- tmlc_s8_bcast.h - row-wise walk of a tmlc_bcast (internal) ---------===*
 * Walks the output of a broadcast binary op one innermost row at a time:
 * a row has `inner` elements, operand offsets advance by sa / sb inside it.
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_S8_BCAST_H
#define TMLC_S8_BCAST_H

#include "tmlc_types.h"

typedef struct tmlc_s8_bcast_iter {
  int32_t idx[TMLC_MAX_RANK]; /* index of the current row, outer dims */
  int32_t oa;                 /* element offset of operand a at the row start */
  int32_t ob;                 /* element offset of operand b at the row start */
  int32_t rows;               /* number of rows */
  int32_t inner;              /* elements per row */
  int32_t sa;                 /* stride of a along the row */
  int32_t sb;                 /* stride of b along the row */
} tmlc_s8_bcast_iter;

/* Returns 0 if bc is malformed (rank out of range, negative dims). */
static inline int tmlc_s8_bcast_init(tmlc_s8_bcast_iter *it,
                                     const tmlc_bcast *bc) {
  int32_t d;
  if (bc->rank < 0 || bc->rank > TMLC_MAX_RANK)
    return 0;
  it->oa = 0;
  it->ob = 0;
  it->rows = 1;
  for (d = 0; d < TMLC_MAX_RANK; ++d)
    it->idx[d] = 0;
  for (d = 0; d < bc->rank; ++d)
    if (bc->dims[d] < 0)
      return 0;
  if (bc->rank == 0) {
    it->inner = 1;
    it->sa = 0;
    it->sb = 0;
    return 1;
  }
  it->inner = bc->dims[bc->rank - 1];
  it->sa = bc->a_strides[bc->rank - 1];
  it->sb = bc->b_strides[bc->rank - 1];
  for (d = 0; d + 1 < bc->rank; ++d)
    it->rows *= bc->dims[d];
  return 1;
}

static inline void tmlc_s8_bcast_next_row(tmlc_s8_bcast_iter *it,
                                          const tmlc_bcast *bc) {
  int32_t d;
  for (d = bc->rank - 2; d >= 0; --d) {
    ++it->idx[d];
    it->oa += bc->a_strides[d];
    it->ob += bc->b_strides[d];
    if (it->idx[d] < bc->dims[d])
      return;
    it->oa -= bc->a_strides[d] * bc->dims[d];
    it->ob -= bc->b_strides[d] * bc->dims[d];
    it->idx[d] = 0;
  }
}

#endif /* TMLC_S8_BCAST_H */
