/*===- tmlc_tanh.c - elementwise tanh (float32) ----------------------------===*/
#include <math.h>

#include "tmlc_unary.h"

#define TMLC_TANH_EXPR(v) (tanhf(v))

/** @brief y = tanh(x) (y may equal x). */
TMLC_UNARY_KERNEL(tmlc_tanh_f32, TMLC_TANH_EXPR)
