/*===- tmlc_abs.c - elementwise abs (float32) ----------------------------===*/
#include <math.h>

#include "tmlc_unary.h"

#define TMLC_ABS_EXPR(v) (fabsf(v))

/** @brief y = |x| (y may equal x). */
TMLC_UNARY_KERNEL(tmlc_abs_f32, TMLC_ABS_EXPR)
