/*===- tmlc_quant_math.h - compile-time quantization parameters -----------===*
 *
 * Header-only, C99 and C++ compatible. The tmlc compiler includes this file
 * (as "runtime/include/tmlc/tmlc_quant_math.h") to compute, ahead of time,
 * the multipliers, shifts, offsets and clamps that TFLite computes in its
 * kernels' Prepare functions, so that the int8 kernels (tmlc_kernels_s8.h)
 * reproduce TFLite's results bit for bit. It also pulls in the run-time
 * integer helpers (tmlc_requant.h: tmlc_mbqm, tmlc_srdhm, ...), so compiler
 * folding and the device kernels share one definition.
 *
 * Not needed by generated device code (uses <math.h>: frexp, round, floor).
 * Where TFLite computes a scale ratio in float rather than double, the
 * helper below does the same and says so.
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_QUANT_MATH_H
#define TMLC_QUANT_MATH_H

#include <math.h>
#include <stdint.h>

#include "tmlc_kernels_s8.h"
#include "../../kernels/reference/tmlc_requant.h"

#ifdef __cplusplus
extern "C" {
#endif

/** TFLite QuantizeMultiplier: real = m * 2^(shift - 31), m in [2^30, 2^31).
 * frexp, round half away from zero of q * 2^31; q rounding up to 2^31 is
 * halved with ++shift; shift < -31 flushes to m = 0, shift = 0; 0 gives 0,0.
 * (TFLITE_SINGLE_ROUNDING's extra shift > 30 clamp is not applied: TFLite
 * and TFLite Micro build without it by default.) */
static inline void tmlc_quantize_multiplier(double real, int32_t *multiplier,
                                            int32_t *shift) {
  int e = 0;
  double q;
  int64_t q_fixed;
  if (real == 0.0) {
    *multiplier = 0;
    *shift = 0;
    return;
  }
  q = frexp(real, &e);
  q_fixed = (int64_t)round(q * (double)((int64_t)1 << 31));
  if (q_fixed == ((int64_t)1 << 31)) {
    q_fixed /= 2;
    ++e;
  }
  if (e < -31) {
    e = 0;
    q_fixed = 0;
  }
  *multiplier = (int32_t)q_fixed;
  *shift = (int32_t)e;
}

/** The frexp-and-round step TFLite's int8 LOGISTIC/TANH Prepare uses
 * directly (no 2^31 fix-up, no flush; for float scales q*2^31 never rounds
 * to 2^31 because a float mantissa has 24 bits). */
static inline void tmlc_quantize_multiplier_raw(double real, int32_t *multiplier,
                                                int32_t *shift) {
  int e = 0;
  const double q = frexp(real, &e);
  *multiplier = (int32_t)(int64_t)round(q * (double)((int64_t)1 << 31));
  *shift = (int32_t)e;
}

/** TFLite CalculateInputRadius. */
static inline int32_t tmlc_calculate_input_radius(int input_integer_bits,
                                                  int input_left_shift,
                                                  int total_signed_bits) {
  const double max_input_rescaled =
      1.0 * (double)((1 << input_integer_bits) - 1) *
      (double)((int64_t)1 << (total_signed_bits - input_integer_bits)) /
      (double)((int64_t)1 << input_left_shift);
  return (int32_t)floor(max_input_rescaled);
}

/** Per-channel CONV_2D / DEPTHWISE_CONV_2D multiplier (TFLite
 * PopulateConvolutionQuantizationParams: product in double). */
static inline void tmlc_conv_s8_channel_multiplier(float input_scale,
                                                   float filter_scale,
                                                   float output_scale,
                                                   int32_t *multiplier,
                                                   int32_t *shift) {
  tmlc_quantize_multiplier((double)input_scale * (double)filter_scale /
                               (double)output_scale,
                           multiplier, shift);
}

/** Per-tensor FULLY_CONNECTED multiplier (TFLite GetQuantizedConvolution-
 * Multipler: input * filter scale multiplied in FLOAT, then / output in
 * double). Per-channel FC uses tmlc_conv_s8_channel_multiplier. */
static inline void tmlc_fc_s8_multiplier(float input_scale, float filter_scale,
                                         float output_scale, int32_t *multiplier,
                                         int32_t *shift) {
  const float product = input_scale * filter_scale;
  tmlc_quantize_multiplier((double)product / (double)output_scale, multiplier,
                           shift);
}

/** TFLite CalculateActivationRangeQuantized for int8. fused: 0 none,
 * 1 RELU, 2 RELU_N1_TO_1, 3 RELU6 (TFLite's ActivationFunctionType ids).
 * quantize(f) = zp + (int32)round(f / scale) in float. Returns 0 for an
 * unknown activation. */
static inline int tmlc_activation_range_s8(int fused, float scale,
                                           int32_t zero_point, int32_t *act_min,
                                           int32_t *act_max) {
  int32_t lo = -128;
  int32_t hi = 127;
#define TMLC_QM_QUANTIZE(f) (zero_point + (int32_t)roundf((float)(f) / scale))
  if (fused == 1) {
    const int32_t z = TMLC_QM_QUANTIZE(0.0f);
    lo = z > lo ? z : lo;
  } else if (fused == 3) {
    const int32_t z = TMLC_QM_QUANTIZE(0.0f);
    const int32_t six = TMLC_QM_QUANTIZE(6.0f);
    lo = z > lo ? z : lo;
    hi = six < hi ? six : hi;
  } else if (fused == 2) {
    const int32_t m1 = TMLC_QM_QUANTIZE(-1.0f);
    const int32_t p1 = TMLC_QM_QUANTIZE(1.0f);
    lo = m1 > lo ? m1 : lo;
    hi = p1 < hi ? p1 : hi;
  } else if (fused != 0) {
    return 0;
  }
#undef TMLC_QM_QUANTIZE
  *act_min = lo;
  *act_max = hi;
  return 1;
}

/** ADD / SUB int8 parameters (TFLite add.cc / sub.cc Prepare, left_shift
 * 20, ratios in double). act_min/act_max are left at -128/127. */
static inline void tmlc_add_s8_prepare(float input1_scale, int32_t input1_zp,
                                       float input2_scale, int32_t input2_zp,
                                       float output_scale, int32_t output_zp,
                                       tmlc_add_s8_params *p) {
  const double max_in = input1_scale > input2_scale ? (double)input1_scale
                                                    : (double)input2_scale;
  const double twice_max_input_scale = 2.0 * max_in;
  p->left_shift = 20;
  p->input1_offset = -input1_zp;
  p->input2_offset = -input2_zp;
  p->output_offset = output_zp;
  tmlc_quantize_multiplier((double)input1_scale / twice_max_input_scale,
                           &p->input1_multiplier, &p->input1_shift);
  tmlc_quantize_multiplier((double)input2_scale / twice_max_input_scale,
                           &p->input2_multiplier, &p->input2_shift);
  tmlc_quantize_multiplier(twice_max_input_scale /
                               ((double)(1 << 20) * (double)output_scale),
                           &p->output_multiplier, &p->output_shift);
  p->act_min = -128;
  p->act_max = 127;
}

/** MUL int8 parameters (product of the input scales / output, in double). */
static inline void tmlc_mul_s8_prepare(float input1_scale, int32_t input1_zp,
                                       float input2_scale, int32_t input2_zp,
                                       float output_scale, int32_t output_zp,
                                       tmlc_mul_s8_params *p) {
  p->input1_offset = -input1_zp;
  p->input2_offset = -input2_zp;
  p->output_offset = output_zp;
  tmlc_quantize_multiplier((double)input1_scale * (double)input2_scale /
                               (double)output_scale,
                           &p->output_multiplier, &p->output_shift);
  p->act_min = -128;
  p->act_max = 127;
}

/** Requantize int8 -> int8 (TFLite QUANTIZE: ratio in double). */
static inline void tmlc_requantize_s8_prepare(float input_scale, int32_t input_zp,
                                              float output_scale,
                                              int32_t output_zp,
                                              tmlc_requant_s8_params *p) {
  p->input_zero_point = input_zp;
  p->output_zero_point = output_zp;
  tmlc_quantize_multiplier((double)input_scale / (double)output_scale,
                           &p->multiplier, &p->shift);
  p->act_min = -128;
  p->act_max = 127;
}

/** RELU (fused 1), RELU_N1_TO_1 (2), RELU6 (3) on int8 (TFLite Micro's
 * CalculateReluOpData; current versions divide the scales in double, older
 * ones in float, which can differ in the last multiplier bit). When input
 * and output share a scale this is exactly TFLM's Relu6Quantized clamp.
 * Returns 0 for another id. */
static inline int tmlc_relu_s8_prepare(int fused, float input_scale,
                                       int32_t input_zp, float output_scale,
                                       int32_t output_zp,
                                       tmlc_requant_s8_params *p) {
  p->input_zero_point = input_zp;
  p->output_zero_point = output_zp;
  tmlc_quantize_multiplier((double)input_scale / (double)output_scale,
                           &p->multiplier, &p->shift);
  return tmlc_activation_range_s8(fused, output_scale, output_zp, &p->act_min,
                                  &p->act_max);
}

/** MEAN in mode TMLC_MEAN_S8_SPATIAL / TMLC_MEAN_S8_RESCALE: multiplier of
 * in_scale / out_scale (double), as TFLite's PrepareMeanOrSum. */
static inline void tmlc_mean_s8_prepare(float input_scale, int32_t input_zp,
                                        float output_scale, int32_t output_zp,
                                        tmlc_mean_s8_params *p) {
  p->input_zero_point = input_zp;
  p->output_zero_point = output_zp;
  tmlc_quantize_multiplier((double)input_scale / (double)output_scale,
                           &p->multiplier, &p->shift);
}

/** Folds 1/count into a MEAN multiplier for TMLC_MEAN_S8_RESCALE, exactly
 * as TFLite's integer QuantizedMeanOrSum does at run time. */
static inline void tmlc_mean_s8_fold_count(int64_t count, int32_t *multiplier,
                                           int32_t *shift) {
  int s = 63;
  uint64_t c = (uint64_t)count;
  if (count <= 0)
    return;
  while ((c & ((uint64_t)1 << 63)) == 0) { /* s = 63 - clz64(count) */
    c <<= 1;
    --s;
  }
  if (s > 32)
    s = 32;
  if (s > 31 + *shift)
    s = 31 + *shift;
  *multiplier = (int32_t)((((int64_t)*multiplier) * ((int64_t)1 << s)) / count);
  *shift = *shift - s;
}

/** SOFTMAX int8 (TFLite PreprocessSoftmaxScaling with 5 integer bits and
 * diff_min = -CalculateInputRadius(5, left_shift)). */
static inline void tmlc_softmax_s8_prepare(float beta, float input_scale,
                                           tmlc_softmax_s8_params *p) {
  double real = (double)beta * (double)input_scale * (double)(1 << (31 - 5));
  const double cap = (double)(((int64_t)1 << 31) - 1);
  if (real > cap)
    real = cap;
  tmlc_quantize_multiplier(real, &p->input_multiplier, &p->input_left_shift);
  p->diff_min = (int32_t)(-1.0 * (double)tmlc_calculate_input_radius(
                                     5, (int)p->input_left_shift, 31));
}

/** LOGISTIC / TANH int8 (TFLite Micro's Prepare: input scale * 2^27,
 * frexp, 4 integer bits). */
static inline void tmlc_tanh_logistic_s8_prepare(float input_scale,
                                                 int32_t input_zp,
                                                 tmlc_tanh_logistic_s8_params *p) {
  p->input_zero_point = input_zp;
  tmlc_quantize_multiplier_raw((double)input_scale * (double)(1 << (31 - 4)),
                               &p->input_multiplier, &p->input_left_shift);
  p->input_range_radius =
      tmlc_calculate_input_radius(4, (int)p->input_left_shift, 31);
}

/** TFLite DownScaleInt32ToInt16Multiplier. */
static inline int32_t tmlc_downscale_multiplier_to_int16(int32_t m) {
  const int32_t rounding = 1 << 15;
  if (m >= INT32_MAX - rounding)
    return INT16_MAX;
  return (m + rounding) >> 16;
}

/** HARD_SWISH int8 (TFLite HardSwishPrepare; the scale ratios are computed
 * in FLOAT as TFLite does). Returns 0 if TFLite would reject the model
 * (output multiplier exponent > 0). */
static inline int tmlc_hard_swish_s8_prepare(float input_scale, int32_t input_zp,
                                             float output_scale, int32_t output_zp,
                                             tmlc_hard_swish_s8_params *p) {
  const float hires_input_scale = (1.0f / 128.0f) * input_scale;
  const float reluish_scale = 3.0f / 32768.0f;
  const float output_multiplier = hires_input_scale / output_scale;
  const float reluish_multiplier = hires_input_scale / reluish_scale;
  int32_t m32;
  int32_t e;
  p->input_zero_point = input_zp;
  p->output_zero_point = output_zp;
  tmlc_quantize_multiplier((double)output_multiplier, &m32, &e);
  p->output_multiplier_fixedpoint_int16 = tmlc_downscale_multiplier_to_int16(m32);
  p->output_multiplier_exponent = e;
  tmlc_quantize_multiplier((double)reluish_multiplier, &m32, &e);
  p->reluish_multiplier_fixedpoint_int16 = tmlc_downscale_multiplier_to_int16(m32);
  p->reluish_multiplier_exponent = e;
  return p->output_multiplier_exponent <= 0;
}

#ifdef __cplusplus
}
#endif

#endif /* TMLC_QUANT_MATH_H */
