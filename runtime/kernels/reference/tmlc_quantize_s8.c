/*===- tmlc_quantize_s8.c - QUANTIZE float -> int8 ------------------------===*
 * TMLC_QUANTIZE_TFLITE: TFLite AffineQuantize, round((double)x / scale)
 * half away from zero (TfLiteRound), + zero point, clamp.
 * TMLC_QUANTIZE_ONNX: ONNX QuantizeLinear, float x / scale rounded half to
 * even, + zero point, saturate.
 * Rounding is done without <math.h>: truncate, then look at the exact
 * fractional part.
 *===----------------------------------------------------------------------===*/
#include "tmlc_types.h"
#include "tmlc_kernels_s8.h"
#include "tmlc_requant.h"

/* Values beyond this magnitude saturate whatever the zero point. */
#define TMLC_QUANTIZE_BIG 1.0e9

static int32_t tmlc_quantize_round_away(double d) {
  int32_t t;
  double frac;
  if (d >= TMLC_QUANTIZE_BIG)
    return (int32_t)TMLC_QUANTIZE_BIG;
  if (d <= -TMLC_QUANTIZE_BIG)
    return -(int32_t)TMLC_QUANTIZE_BIG;
  t = (int32_t)d; /* truncates toward zero */
  frac = d - (double)t;
  if (frac >= 0.5)
    ++t;
  else if (frac <= -0.5)
    --t;
  return t;
}

static int32_t tmlc_quantize_round_even(float f) {
  int32_t t;
  float frac;
  if (f >= (float)TMLC_QUANTIZE_BIG)
    return (int32_t)TMLC_QUANTIZE_BIG;
  if (f <= -(float)TMLC_QUANTIZE_BIG)
    return -(int32_t)TMLC_QUANTIZE_BIG;
  t = (int32_t)f;
  frac = f - (float)t;
  if (frac > 0.5f || (frac == 0.5f && (t & 1) != 0))
    ++t;
  else if (frac < -0.5f || (frac == -0.5f && (t & 1) != 0))
    --t;
  return t;
}

tmlc_status tmlc_quantize_s8(const float *x, int8_t *y, int32_t n,
                             const tmlc_quantize_s8_params *p) {
  int32_t i;
  if (x == NULL || y == NULL || p == NULL || n < 0 || !(p->scale > 0.0f) ||
      (p->rounding != TMLC_QUANTIZE_TFLITE && p->rounding != TMLC_QUANTIZE_ONNX))
    return TMLC_ERR_ARG;
  for (i = 0; i < n; ++i) {
    int32_t q;
    if (x[i] != x[i]) { /* NaN */
      q = 0;
    } else if (p->rounding == TMLC_QUANTIZE_TFLITE) {
      q = tmlc_quantize_round_away((double)x[i] / (double)p->scale);
    } else {
      const float f = x[i] / p->scale;
      q = tmlc_quantize_round_even(f);
    }
    y[i] = (int8_t)tmlc_clamp_i32(q + p->zero_point, INT8_MIN, INT8_MAX);
  }
  return TMLC_OK;
}
