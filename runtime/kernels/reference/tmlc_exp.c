/*===- tmlc_exp.c - elementwise exp (float32) ----------------------------===*/
#include <math.h>

#include "tmlc_unary.h"

#define TMLC_EXP_EXPR(v) (expf(v))

/** @brief y = exp(x) (y may equal x). */
TMLC_UNARY_KERNEL(tmlc_exp_f32, TMLC_EXP_EXPR)
