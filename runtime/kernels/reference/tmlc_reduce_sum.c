/*===- tmlc_reduce_sum.c - ReduceSum over flagged axes (float32) ---------===*/
#include "tmlc_reduce.h"

#define TMLC_RSUM_ACC(acc, v) ((acc) += (v))
#define TMLC_RSUM_FINISH(v, count) (v)

/** @brief y = sum of x over the axes flagged in p->reduce (output keeps the
 * order of the other axes; keepdims does not change the layout). */
TMLC_REDUCE_KERNEL(tmlc_reduce_sum_f32, 0.0f, TMLC_RSUM_ACC, TMLC_RSUM_FINISH)
