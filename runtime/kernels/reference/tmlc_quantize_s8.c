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

/* One element: the rounding mode's quotient, + zero point, saturated. */
static int8_t tmlc_quantize_one(float x, float scale, int32_t zero_point,
                                int32_t rounding) {
  int32_t q;
  if (x != x) /* NaN */
    q = 0;
  else if (rounding == TMLC_QUANTIZE_TFLITE)
    q = tmlc_quantize_round_away((double)x / (double)scale);
  else
    q = tmlc_quantize_round_even(x / scale);
  return (int8_t)tmlc_clamp_i32(q + zero_point, INT8_MIN, INT8_MAX);
}

static int tmlc_quantize_rounding_ok(int32_t rounding) {
  return rounding == TMLC_QUANTIZE_TFLITE || rounding == TMLC_QUANTIZE_ONNX;
}

tmlc_status tmlc_quantize_s8(const float *x, int8_t *y, int32_t n,
                             const tmlc_quantize_s8_params *p) {
  int32_t i;
  if (x == NULL || y == NULL || p == NULL || n < 0 || !(p->scale > 0.0f) ||
      !tmlc_quantize_rounding_ok(p->rounding))
    return TMLC_ERR_ARG;
  for (i = 0; i < n; ++i)
    y[i] = tmlc_quantize_one(x[i], p->scale, p->zero_point, p->rounding);
  return TMLC_OK;
}

tmlc_status tmlc_quantize_axis_s8(const float *x, int8_t *y,
                                  const tmlc_quantize_axis_s8_params *p) {
  int32_t o, c, i;
  if (x == NULL || y == NULL || p == NULL || p->outer < 0 || p->channels < 1 ||
      p->inner < 0 || p->scales == NULL || p->zero_points == NULL ||
      !tmlc_quantize_rounding_ok(p->rounding))
    return TMLC_ERR_ARG;
  for (c = 0; c < p->channels; ++c)
    if (!(p->scales[c] > 0.0f))
      return TMLC_ERR_ARG;
  for (o = 0; o < p->outer; ++o)
    for (c = 0; c < p->channels; ++c)
      for (i = 0; i < p->inner; ++i, ++x, ++y)
        *y = tmlc_quantize_one(*x, p->scales[c], p->zero_points[c], p->rounding);
  return TMLC_OK;
}
