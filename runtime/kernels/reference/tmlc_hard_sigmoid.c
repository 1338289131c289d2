/*===- tmlc_hard_sigmoid.c - HardSigmoid (float32) -----------------------===*/
#include "tmlc_kernels.h"

/** @brief y = max(0, min(1, alpha * x + beta)) (y may equal x; NaN stays NaN). */
tmlc_status tmlc_hard_sigmoid_f32(const float *x, float *y, int32_t n,
                                  float alpha, float beta) {
  int32_t i;
  if (x == NULL || y == NULL || n < 0)
    return TMLC_ERR_ARG;
  for (i = 0; i < n; ++i) {
    float t = alpha * x[i] + beta;
    t = t < 0.0f ? 0.0f : t;
    y[i] = t > 1.0f ? 1.0f : t;
  }
  return TMLC_OK;
}
