/*===- tmlc_copy_2d.c - strided row copy (Concat, Split) -----------------===*/
#include <string.h>

#include "tmlc_kernels.h"

/** @brief Copies `rows` rows of `row_bytes` bytes each; row r goes from
 * src + r * src_stride to dst + r * dst_stride (strides in bytes). */
tmlc_status tmlc_copy_2d(void *dst, int32_t dst_stride, const void *src,
                         int32_t src_stride, int32_t rows, int32_t row_bytes) {
  unsigned char *d = (unsigned char *)dst;
  const unsigned char *s = (const unsigned char *)src;
  int32_t r;
  if (dst == NULL || src == NULL || rows < 0 || row_bytes < 0)
    return TMLC_ERR_ARG;
  if (row_bytes == 0 || rows == 0)
    return TMLC_OK;
  if (dst_stride == row_bytes && src_stride == row_bytes) {
    memcpy(d, s, (size_t)rows * (size_t)row_bytes);
    return TMLC_OK;
  }
  for (r = 0; r < rows; ++r)
    memcpy(d + (ptrdiff_t)r * dst_stride, s + (ptrdiff_t)r * src_stride,
           (size_t)row_bytes);
  return TMLC_OK;
}
