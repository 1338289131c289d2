/*===- tmlc_softmax.c - numerically stable Softmax (float32) -------------===*/
#include <math.h>

#include "tmlc_kernels.h"

/** @brief Softmax along the middle dimension of x viewed as [outer, axis,
 * inner]: y = exp(x - max) / sum(exp(x - max)). y may equal x. A NaN or +inf
 * in a row makes the whole row NaN, as in the ONNX reference. */
tmlc_status tmlc_softmax_f32(const float *x, float *y, int32_t outer,
                             int32_t axis, int32_t inner) {
  int32_t o, j, i;
  if (x == NULL || y == NULL || outer < 0 || axis < 0 || inner < 0)
    return TMLC_ERR_ARG;
  for (o = 0; o < outer; ++o) {
    const ptrdiff_t base = (ptrdiff_t)o * axis * inner;
    for (i = 0; i < inner; ++i) {
      const float *xs = x + base + i;
      float *ys = y + base + i;
      float mx = -INFINITY, sum = 0.0f, inv;
      for (j = 0; j < axis; ++j) {
        const float v = xs[(ptrdiff_t)j * inner];
        mx = (v > mx || v != v) ? v : mx;
      }
      for (j = 0; j < axis; ++j) {
        const float e = expf(xs[(ptrdiff_t)j * inner] - mx);
        ys[(ptrdiff_t)j * inner] = e;
        sum += e;
      }
      inv = 1.0f / sum;
      for (j = 0; j < axis; ++j)
        ys[(ptrdiff_t)j * inner] *= inv;
    }
  }
  return TMLC_OK;
}
