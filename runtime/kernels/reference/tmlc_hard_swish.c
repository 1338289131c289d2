/*===- tmlc_hard_swish.c - HardSwish (float32) ---------------------------===*/
#include "tmlc_unary.h"

static inline float tmlc_hard_swish_one(float v) {
  float t = v * (1.0f / 6.0f) + 0.5f;
  t = t < 0.0f ? 0.0f : t;
  t = t > 1.0f ? 1.0f : t;
  return v * t;
}

/** @brief y = x * max(0, min(1, x / 6 + 1/2)) (ONNX HardSwish; y may equal x). */
TMLC_UNARY_KERNEL(tmlc_hard_swish_f32, tmlc_hard_swish_one)
