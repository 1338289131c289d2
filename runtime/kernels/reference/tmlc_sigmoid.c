/*===- tmlc_sigmoid.c - logistic sigmoid (float32) -----------------------===*/
#include <math.h>

#include "tmlc_unary.h"

/* Never exponentiates a positive number, so it cannot overflow. */
static inline float tmlc_sigmoid_one(float v) {
  if (v >= 0.0f)
    return 1.0f / (1.0f + expf(-v));
  else {
    const float e = expf(v);
    return e / (1.0f + e);
  }
}

/** @brief y = 1 / (1 + exp(-x)), computed stably for large |x| (y may equal x). */
TMLC_UNARY_KERNEL(tmlc_sigmoid_f32, tmlc_sigmoid_one)
