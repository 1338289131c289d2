/*===- tmlc_unary.h - shared loop of the elementwise float unary kernels -===*
 * Internal helper of the reference kernels. TMLC_UNARY_KERNEL defines
 * `tmlc_status FNAME(const float *x, float *y, int32_t n)`; EXPR(v) computes
 * the result from the float v. Each element is read before it is written, so
 * y == x (in place) is allowed.
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_UNARY_H
#define TMLC_UNARY_H

#include "tmlc_kernels.h"

#define TMLC_UNARY_KERNEL(FNAME, EXPR)                                         \
  tmlc_status FNAME(const float *x, float *y, int32_t n) {                     \
    int32_t i;                                                                 \
    if (x == NULL || y == NULL || n < 0)                                       \
      return TMLC_ERR_ARG;                                                     \
    for (i = 0; i < n; ++i) {                                                  \
      const float v = x[i];                                                    \
      y[i] = EXPR(v);                                                          \
    }                                                                          \
    return TMLC_OK;                                                            \
  }

#endif /* TMLC_UNARY_H */
