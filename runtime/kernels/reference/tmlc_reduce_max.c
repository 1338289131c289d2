/*===- tmlc_reduce_max.c - ReduceMax over flagged axes (float32) ---------===*/
#include <math.h>

#include "tmlc_reduce.h"

/* NaN wins: once acc is NaN no comparison replaces it. */
#define TMLC_RMAX_ACC(acc, v) ((acc) = ((v) > (acc) || (v) != (v)) ? (v) : (acc))
#define TMLC_RMAX_FINISH(v, count) (v)

/** @brief y = max of x over the axes flagged in p->reduce (NaN propagates). */
TMLC_REDUCE_KERNEL(tmlc_reduce_max_f32, -INFINITY, TMLC_RMAX_ACC, TMLC_RMAX_FINISH)
