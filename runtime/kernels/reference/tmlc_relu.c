/*===- tmlc_relu.c - elementwise relu (float32) ----------------------------===*/
#include "tmlc_unary.h"

#define TMLC_RELU_EXPR(v) ((v) > 0.0f ? (v) : ((v) != (v) ? (v) : 0.0f))

/** @brief y = max(x, 0); NaN stays NaN (y may equal x). */
TMLC_UNARY_KERNEL(tmlc_relu_f32, TMLC_RELU_EXPR)
