/*===- tmlc_log_softmax.c - numerically stable LogSoftmax (float32) ------===*/
#include <math.h>

#include "tmlc_kernels.h"

/** @brief LogSoftmax along the middle dimension of x viewed as [outer,
 * axis, inner]: y = x - max - log(sum(exp(x - max))). y may equal x. */
tmlc_status tmlc_log_softmax_f32(const float *x, float *y, int32_t outer,
                                 int32_t axis, int32_t inner) {
  int32_t o, j, i;
  if (x == NULL || y == NULL || outer < 0 || axis < 0 || inner < 0)
    return TMLC_ERR_ARG;
  for (o = 0; o < outer; ++o) {
    const ptrdiff_t base = (ptrdiff_t)o * axis * inner;
    for (i = 0; i < inner; ++i) {
      const float *xs = x + base + i;
      float *ys = y + base + i;
      float mx = -INFINITY, sum = 0.0f, shift;
      for (j = 0; j < axis; ++j) {
        const float v = xs[(ptrdiff_t)j * inner];
        mx = (v > mx || v != v) ? v : mx;
      }
      for (j = 0; j < axis; ++j)
        sum += expf(xs[(ptrdiff_t)j * inner] - mx);
      shift = mx + logf(sum);
      for (j = 0; j < axis; ++j)
        ys[(ptrdiff_t)j * inner] = xs[(ptrdiff_t)j * inner] - shift;
    }
  }
  return TMLC_OK;
}
