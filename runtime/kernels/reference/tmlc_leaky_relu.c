/*===- tmlc_leaky_relu.c - LeakyRelu (float32) ---------------------------===*/
#include "tmlc_kernels.h"

/** @brief y = x >= 0 ? x : alpha * x (y may equal x). */
tmlc_status tmlc_leaky_relu_f32(const float *x, float *y, int32_t n, float alpha) {
  int32_t i;
  if (x == NULL || y == NULL || n < 0)
    return TMLC_ERR_ARG;
  for (i = 0; i < n; ++i) {
    const float v = x[i];
    y[i] = v >= 0.0f ? v : alpha * v;
  }
  return TMLC_OK;
}
