/*===- tmlc_clip.c - Clip for float32 and integer tensors ----------------===*/
#include "tmlc_kernels.h"

/* y = min(max(x, lo), hi); comparisons are false for NaN, so NaN stays NaN
 * (ONNX Clip). When lo > hi every element becomes hi, like ONNX. */
#define TMLC_CLIP_KERNEL(sfx, T)                                               \
  tmlc_status tmlc_clip_##sfx(const T *x, T *y, int32_t n, T lo, T hi) {       \
    int32_t i;                                                                 \
    if (x == NULL || y == NULL || n < 0)                                       \
      return TMLC_ERR_ARG;                                                     \
    for (i = 0; i < n; ++i) {                                                  \
      T v = x[i];                                                              \
      v = v < lo ? lo : v;                                                     \
      y[i] = v > hi ? hi : v;                                                  \
    }                                                                          \
    return TMLC_OK;                                                            \
  }

/** @brief y = min(max(x, lo), hi) (y may equal x). */
TMLC_CLIP_KERNEL(f32, float)
/** @brief y = min(max(x, lo), hi) (y may equal x). */
TMLC_CLIP_KERNEL(i8, int8_t)
/** @brief y = min(max(x, lo), hi) (y may equal x). */
TMLC_CLIP_KERNEL(u8, uint8_t)
/** @brief y = min(max(x, lo), hi) (y may equal x). */
TMLC_CLIP_KERNEL(i32, int32_t)
/** @brief y = min(max(x, lo), hi) (y may equal x). */
TMLC_CLIP_KERNEL(i64, int64_t)
