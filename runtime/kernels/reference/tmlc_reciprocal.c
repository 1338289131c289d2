/*===- tmlc_reciprocal.c - elementwise reciprocal (float32) ----------------------------===*/
#include "tmlc_unary.h"

#define TMLC_RECIPROCAL_EXPR(v) (1.0f / (v))

/** @brief y = 1 / x (y may equal x). */
TMLC_UNARY_KERNEL(tmlc_reciprocal_f32, TMLC_RECIPROCAL_EXPR)
