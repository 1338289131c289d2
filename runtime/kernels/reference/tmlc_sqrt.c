/*===- tmlc_sqrt.c - elementwise sqrt (float32) ----------------------------===*/
#include <math.h>

#include "tmlc_unary.h"

#define TMLC_SQRT_EXPR(v) (sqrtf(v))

/** @brief y = sqrt(x) (NaN for x < 0) (y may equal x). */
TMLC_UNARY_KERNEL(tmlc_sqrt_f32, TMLC_SQRT_EXPR)
