/*===- tmlc_log.c - elementwise log (float32) ----------------------------===*/
#include <math.h>

#include "tmlc_unary.h"

#define TMLC_LOG_EXPR(v) (logf(v))

/** @brief y = log(x) (NaN for x < 0, -inf for 0) (y may equal x). */
TMLC_UNARY_KERNEL(tmlc_log_f32, TMLC_LOG_EXPR)
