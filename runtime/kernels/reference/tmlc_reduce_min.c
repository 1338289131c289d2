/*===- tmlc_reduce_min.c - ReduceMin over flagged axes (float32) ---------===*/
#include <math.h>

#include "tmlc_reduce.h"

/* NaN wins: once acc is NaN no comparison replaces it. */
#define TMLC_RMIN_ACC(acc, v) ((acc) = ((v) < (acc) || (v) != (v)) ? (v) : (acc))
#define TMLC_RMIN_FINISH(v, count) (v)

/** @brief y = min of x over the axes flagged in p->reduce (NaN propagates). */
TMLC_REDUCE_KERNEL(tmlc_reduce_min_f32, INFINITY, TMLC_RMIN_ACC, TMLC_RMIN_FINISH)
