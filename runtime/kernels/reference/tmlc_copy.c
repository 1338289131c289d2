/*===- tmlc_copy.c - byte copy (Identity, Reshape, Flatten, ...) ---------===*/
#include <string.h>

#include "tmlc_kernels.h"

/** @brief Copies `bytes` bytes from x to y. x == y is a no-op; other
 * overlaps are not allowed (memmove is used anyway, so they are safe). */
tmlc_status tmlc_copy(void *y, const void *x, int32_t bytes) {
  if (y == NULL || x == NULL || bytes < 0)
    return TMLC_ERR_ARG;
  if (y != x && bytes > 0)
    memmove(y, x, (size_t)bytes);
  return TMLC_OK;
}
