/*===- tmlc_neg.c - elementwise neg (float32) ----------------------------===*/
#include "tmlc_unary.h"

#define TMLC_NEG_EXPR(v) (-(v))

/** @brief y = -x (y may equal x). */
TMLC_UNARY_KERNEL(tmlc_neg_f32, TMLC_NEG_EXPR)
