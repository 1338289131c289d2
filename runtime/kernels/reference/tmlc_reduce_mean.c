/*===- tmlc_reduce_mean.c - ReduceMean over flagged axes (float32) -------===*/
#include "tmlc_reduce.h"

#define TMLC_RMEAN_ACC(acc, v) ((acc) += (v))
#define TMLC_RMEAN_FINISH(v, count) ((v) / (float)(count))

/** @brief y = mean of x over the axes flagged in p->reduce (sum / count). */
TMLC_REDUCE_KERNEL(tmlc_reduce_mean_f32, 0.0f, TMLC_RMEAN_ACC, TMLC_RMEAN_FINISH)
