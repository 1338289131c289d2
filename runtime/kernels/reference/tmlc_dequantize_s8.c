/*===- tmlc_dequantize_s8.c - DEQUANTIZE int8 -> float --------------------===*
 * TFLite Dequantize: (float)((double)scale * (x - zero_point)). The double
 * product of a float and a 9-bit integer is exact, so this equals the
 * correctly rounded float product that ONNX DequantizeLinear specifies.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"

tmlc_status tmlc_dequantize_s8(const int8_t *x, float *y, int32_t n,
                               const tmlc_quantize_s8_params *p) {
  int32_t i;
  if (x == NULL || y == NULL || p == NULL || n < 0)
    return TMLC_ERR_ARG;
  for (i = 0; i < n; ++i)
    y[i] = (float)((double)p->scale * (double)((int32_t)x[i] - p->zero_point));
  return TMLC_OK;
}

tmlc_status tmlc_dequantize_axis_s8(const int8_t *x, float *y,
                                    const tmlc_quantize_axis_s8_params *p) {
  int32_t o, c;
  if (x == NULL || y == NULL || p == NULL || p->outer < 0 || p->channels < 1 ||
      p->inner < 0 || p->scales == NULL || p->zero_points == NULL)
    return TMLC_ERR_ARG;
  /* each [inner] slice is a per-tensor DEQUANTIZE with its channel's params */
  for (o = 0; o < p->outer; ++o)
    for (c = 0; c < p->channels; ++c, x += p->inner, y += p->inner) {
      tmlc_quantize_s8_params one;
      one.scale = p->scales[c];
      one.zero_point = p->zero_points[c];
      one.rounding = TMLC_QUANTIZE_TFLITE; /* unused by DEQUANTIZE */
      tmlc_dequantize_s8(x, y, p->inner, &one);
    }
  return TMLC_OK;
}
