/*===- tmlc_kernels_s8.h - portable int8 kernels, TFLite integer semantics -===*
 *
 * The ABI between generated code and the int8 kernels. Every kernel computes
 * exactly what TFLite's reference kernels compute (the int8 paths that
 * TFLite Micro runs): int32 accumulation, int32 bias, requantization by a
 * fixed-point multiplier and shift (tmlc_mbqm in tmlc_requant.h, TFLite's
 * MultiplyByQuantizedMultiplier), saturating casts. The compiler computes
 * every multiplier, shift and offset ahead of time (tmlc/tmlc_quant_math.h
 * has the compile-time helpers that reproduce TFLite's Prepare steps), so
 * kernels do no float math except QUANTIZE and DEQUANTIZE.
 *
 * Conventions
 *  - Activations are NHWC; "offset" fields hold -zero_point for inputs and
 *    +zero_point for outputs, as in TFLite's op params.
 *  - A multiplier/shift pair means real = multiplier * 2^(shift - 31),
 *    multiplier in [2^30, 2^31) (or 0), shift in [-31, 30].
 *  - act_min/act_max are the fused activation's clamp in the output's
 *    quantized domain (-128/127 when there is none).
 *  - Per-channel parameters: when per_channel is 1, multiplier[] and
 *    shift[] have one entry per output channel; when 0 they have one entry.
 *  - Shapes are static and checked by the compiler; kernels reject NULL
 *    pointers and impossible sizes with TMLC_ERR_ARG and never read out of
 *    bounds for parameters they accept.
 *  - Specialized kernels (Cortex-M DSP, Helium) take the same params
 *    structs and must return bit-identical outputs.
 *
 * Data-movement ops need no int8 kernel: RESHAPE/SQUEEZE are copies,
 * TRANSPOSE is tmlc_transpose(elem_size 1), PAD is tmlc_pad with the
 * output zero point as the constant value (tmlc_kernels.h).
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_KERNELS_S8_H
#define TMLC_KERNELS_S8_H

#include "tmlc_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/*--- Parameter structs ----------------------------------------------------*/

/** CONV_2D and DEPTHWISE_CONV_2D. */
typedef struct tmlc_conv_s8_params {
  int32_t batch;            /**< N */
  int32_t in_h;             /**< input height */
  int32_t in_w;             /**< input width */
  int32_t in_c;             /**< input channels */
  int32_t out_h;            /**< output height */
  int32_t out_w;            /**< output width */
  int32_t out_c;            /**< output channels */
  int32_t k_h;              /**< filter height */
  int32_t k_w;              /**< filter width */
  int32_t stride_h;         /**< vertical stride, >= 1 */
  int32_t stride_w;         /**< horizontal stride, >= 1 */
  int32_t dilation_h;       /**< vertical dilation, >= 1 */
  int32_t dilation_w;       /**< horizontal dilation, >= 1 */
  int32_t pad_top;          /**< implicit rows of zero-point before the input (SAME padding), >= 0 */
  int32_t pad_left;         /**< implicit columns of zero-point before the input, >= 0 */
  int32_t groups;           /**< conv2d: in_c / filter input depth (1 for ordinary conv); ignored by depthwise */
  int32_t depth_multiplier; /**< depthwise: out_c = in_c * depth_multiplier; ignored by conv2d */
  int32_t input_offset;     /**< -input zero point */
  int32_t output_offset;    /**< output zero point */
  int32_t act_min;          /**< lower clamp of the output, quantized */
  int32_t act_max;          /**< upper clamp of the output, quantized */
  int32_t per_channel;      /**< 1: multiplier/shift have out_c entries; 0: one entry */
  const int32_t *multiplier; /**< requantization multipliers */
  const int32_t *shift;      /**< requantization shifts (TFLite sign: > 0 is a left shift) */
} tmlc_conv_s8_params;

/** FULLY_CONNECTED. */
typedef struct tmlc_fc_s8_params {
  int32_t batches;          /**< rows of the input */
  int32_t in_features;      /**< input depth (accumulation length) */
  int32_t out_features;     /**< output depth */
  int32_t input_offset;     /**< -input zero point */
  int32_t filter_offset;    /**< -filter zero point (0 for TFLite's symmetric int8 weights) */
  int32_t output_offset;    /**< output zero point */
  int32_t act_min;          /**< lower clamp of the output, quantized */
  int32_t act_max;          /**< upper clamp of the output, quantized */
  int32_t per_channel;      /**< 1: multiplier/shift have out_features entries; 0: one entry */
  const int32_t *multiplier; /**< requantization multipliers */
  const int32_t *shift;      /**< requantization shifts */
} tmlc_fc_s8_params;

/** The largest k for which tmlc_matmul_s8_s32 cannot overflow int32:
 * k * 255 * 255 <= INT32_MAX. */
#define TMLC_MATMUL_S8_S32_MAX_K 33025

/** ONNX MatMulInteger (int32 result, no requantization). */
typedef struct tmlc_matmul_s8_s32_params {
  tmlc_matmul_params mm;    /**< batch broadcast, m, k, n */
  const int32_t *a_offset;  /**< -zero_point of a: 1 entry, or m if a_per_row */
  const int32_t *b_offset;  /**< -zero_point of b: 1 entry, or n if b_per_col */
  int32_t a_per_row;        /**< 1: a_offset has one entry per row of a */
  int32_t b_per_col;        /**< 1: b_offset has one entry per column of b */
} tmlc_matmul_s8_s32_params;

/** ADD and SUB (TFLite's scheme: both inputs rescaled to a common scale
 * with 2^left_shift headroom, summed, then rescaled to the output). */
typedef struct tmlc_add_s8_params {
  int32_t left_shift;        /**< 20 for int8 */
  int32_t input1_offset;     /**< -input1 zero point */
  int32_t input1_multiplier; /**< input1 scale / (2 * max input scale) */
  int32_t input1_shift;      /**< shift of input1_multiplier (<= 0) */
  int32_t input2_offset;     /**< -input2 zero point */
  int32_t input2_multiplier; /**< input2 scale / (2 * max input scale) */
  int32_t input2_shift;      /**< shift of input2_multiplier (<= 0) */
  int32_t output_offset;     /**< output zero point */
  int32_t output_multiplier; /**< 2 * max input scale / (2^left_shift * output scale) */
  int32_t output_shift;      /**< shift of output_multiplier */
  int32_t act_min;           /**< lower clamp of the output, quantized */
  int32_t act_max;           /**< upper clamp of the output, quantized */
} tmlc_add_s8_params;

/** MUL. */
typedef struct tmlc_mul_s8_params {
  int32_t input1_offset;     /**< -input1 zero point */
  int32_t input2_offset;     /**< -input2 zero point */
  int32_t output_offset;     /**< output zero point */
  int32_t output_multiplier; /**< input1 scale * input2 scale / output scale */
  int32_t output_shift;      /**< shift of output_multiplier */
  int32_t act_min;           /**< lower clamp of the output, quantized */
  int32_t act_max;           /**< upper clamp of the output, quantized */
} tmlc_mul_s8_params;

/** AVERAGE_POOL_2D and MAX_POOL_2D (input and output share scale and zero
 * point, as TFLite requires; padded taps are skipped, not counted). */
typedef struct tmlc_pool_s8_params {
  int32_t batch;     /**< N */
  int32_t in_h;      /**< input height */
  int32_t in_w;      /**< input width */
  int32_t channels;  /**< C (input and output) */
  int32_t out_h;     /**< output height */
  int32_t out_w;     /**< output width */
  int32_t k_h;       /**< window height */
  int32_t k_w;       /**< window width */
  int32_t stride_h;  /**< vertical stride, >= 1 */
  int32_t stride_w;  /**< horizontal stride, >= 1 */
  int32_t pad_top;   /**< padding rows before the input, >= 0 */
  int32_t pad_left;  /**< padding columns before the input, >= 0 */
  int32_t act_min;   /**< lower clamp of the output, quantized */
  int32_t act_max;   /**< upper clamp of the output, quantized */
} tmlc_pool_s8_params;

/** The three int8 MEAN algorithms of TFLite (Micro)'s reduce kernel. */
typedef enum tmlc_mean_s8_mode {
  /** reference_integer_ops::Mean (4-D input, axes {1,2}, keep_dims):
   * acc = sum(x - input_zp); acc = mbqm(acc, multiplier, shift) with
   * multiplier/shift = in_scale / out_scale; acc = acc > 0 ?
   * (acc + n/2) / n : (acc - n/2) / n; + output_zp; clamp. */
  TMLC_MEAN_S8_SPATIAL = 0,
  /** reference_ops::Mean (same scale and zero point, any axes):
   * y = sum(x) / n, C division (truncates toward zero); no zero points. */
  TMLC_MEAN_S8_SAME_SCALE = 1,
  /** reference_ops::QuantizedMeanOrSum (integer version, TF >= 2.13):
   * y = mbqm(sum(x) - input_zp * n, multiplier, shift) + output_zp, clamp,
   * where multiplier/shift already fold 1/n
   * (tmlc_mean_s8_fold_count in tmlc_quant_math.h). */
  TMLC_MEAN_S8_RESCALE = 2
} tmlc_mean_s8_mode;

/** MEAN over the middle dimension of x viewed as [outer, reduce, inner]
 * (NHWC spatial mean: outer = N, reduce = H*W, inner = C). */
typedef struct tmlc_mean_s8_params {
  int32_t outer;              /**< product of the dims before the reduced ones */
  int32_t reduce;             /**< product of the reduced dims (n), >= 1 */
  int32_t inner;              /**< product of the dims after the reduced ones */
  int32_t mode;               /**< a tmlc_mean_s8_mode */
  int32_t input_zero_point;   /**< input zero point (modes SPATIAL, RESCALE) */
  int32_t output_zero_point;  /**< output zero point (modes SPATIAL, RESCALE) */
  int32_t multiplier;         /**< requantization multiplier (modes SPATIAL, RESCALE) */
  int32_t shift;              /**< requantization shift (modes SPATIAL, RESCALE) */
} tmlc_mean_s8_params;

/** SOFTMAX int8 -> int8 (output scale 1/256, zero point -128). */
typedef struct tmlc_softmax_s8_params {
  int32_t rows;              /**< number of independent softmax rows */
  int32_t depth;             /**< elements per row (the softmax axis, innermost) */
  int32_t input_multiplier;  /**< beta * input scale * 2^26, as a Q31 multiplier */
  int32_t input_left_shift;  /**< its left shift (>= 0) */
  int32_t diff_min;          /**< differences to the row max below this give exp = 0 */
} tmlc_softmax_s8_params;

/** LOGISTIC (output scale 1/256, zp -128) and TANH (output scale 1/128,
 * zp 0), computed with gemmlowp's fixed-point logistic/tanh on a Q4.27
 * input (TFLite reference_integer_ops::Logistic / Tanh). */
typedef struct tmlc_tanh_logistic_s8_params {
  int32_t input_zero_point;   /**< input zero point */
  int32_t input_range_radius; /**< |x - zp| >= radius saturates the output */
  int32_t input_multiplier;   /**< Q31 multiplier of input scale * 2^27 */
  int32_t input_left_shift;   /**< its shift (TFLite sign: > 0 is a left shift) */
} tmlc_tanh_logistic_s8_params;

/** HARD_SWISH int8 (TFLite reference_ops::HardSwish on HardSwishParams). */
typedef struct tmlc_hard_swish_s8_params {
  int32_t input_zero_point;                    /**< input zero point */
  int32_t output_zero_point;                   /**< output zero point */
  int32_t reluish_multiplier_fixedpoint_int16; /**< Q15 multiplier of (input scale / 128) / (3 / 32768) */
  int32_t reluish_multiplier_exponent;         /**< its exponent (either sign) */
  int32_t output_multiplier_fixedpoint_int16;  /**< Q15 multiplier of (input scale / 128) / output scale */
  int32_t output_multiplier_exponent;          /**< its exponent (<= 0) */
} tmlc_hard_swish_s8_params;

/** Requantization int8 -> int8 with a clamp: TFLite QUANTIZE int8->int8
 * (Requantize), RELU / RELU6 / RELU_N1_TO_1 on int8 (ReluQuantized), and
 * the per-input rescale of CONCATENATION. */
typedef struct tmlc_requant_s8_params {
  int32_t input_zero_point;  /**< input zero point */
  int32_t output_zero_point; /**< output zero point */
  int32_t multiplier;        /**< input scale / output scale, Q31 */
  int32_t shift;             /**< its shift */
  int32_t act_min;           /**< lower clamp, quantized (-128 for plain requantize) */
  int32_t act_max;           /**< upper clamp, quantized (127 for plain requantize) */
} tmlc_requant_s8_params;

/** CONCATENATION of n_inputs tensors along one axis; every tensor is viewed
 * as [outer, copy_size_i] and the output as [outer, sum of copy_size_i]. */
typedef struct tmlc_concat_s8_params {
  int32_t n_inputs;                       /**< number of inputs, >= 1 */
  int32_t outer;                          /**< product of the dims before the axis */
  const int32_t *copy_sizes;              /**< per input: axis dim * product of the dims after it */
  const tmlc_requant_s8_params *requant;  /**< per input rescale, or NULL if all inputs share the output's quantization (TFLite's int8 rule: plain copy) */
} tmlc_concat_s8_params;

/** Rounding of QUANTIZE float -> int8. */
typedef enum tmlc_quantize_rounding {
  /** TFLite AffineQuantize: round((double)x / (double)scale) half away from zero. */
  TMLC_QUANTIZE_TFLITE = 0,
  /** ONNX QuantizeLinear: round(x / scale) in float, half to even. */
  TMLC_QUANTIZE_ONNX = 1
} tmlc_quantize_rounding;

/** QUANTIZE float -> int8 and DEQUANTIZE int8 -> float. */
typedef struct tmlc_quantize_s8_params {
  float scale;         /**< tensor scale, > 0 */
  int32_t zero_point;  /**< tensor zero point */
  int32_t rounding;    /**< a tmlc_quantize_rounding (QUANTIZE only) */
} tmlc_quantize_s8_params;

/** QUANTIZE / DEQUANTIZE with one scale and zero point per index along an
 * axis (ONNX QuantizeLinear/DequantizeLinear with `axis`): the tensor is
 * viewed as [outer, channels, inner] and channel c uses scales[c] and
 * zero_points[c]. */
typedef struct tmlc_quantize_axis_s8_params {
  int32_t outer;              /**< product of the dims before the axis */
  int32_t channels;           /**< the axis dim, >= 1 */
  int32_t inner;              /**< product of the dims after the axis */
  const float *scales;        /**< [channels], each > 0 */
  const int32_t *zero_points; /**< [channels] */
  int32_t rounding;           /**< a tmlc_quantize_rounding (QUANTIZE only) */
} tmlc_quantize_axis_s8_params;

/*--- Kernels --------------------------------------------------------------*/

/** CONV_2D. x: [batch, in_h, in_w, in_c]; w: [out_c, k_h, k_w, in_c/groups]
 * (OHWI); bias: [out_c] int32 or NULL; y: [batch, out_h, out_w, out_c].
 * Output channel oc of group g = oc / (out_c/groups) reads input channels
 * g*(in_c/groups) ... Taps outside the input are skipped (zero padding in
 * the real domain). */
tmlc_status tmlc_conv2d_s8(const int8_t *x, const int8_t *w,
                           const int32_t *bias, int8_t *y,
                           const tmlc_conv_s8_params *p);

/** DEPTHWISE_CONV_2D. x: [batch, in_h, in_w, in_c]; w: [1, k_h, k_w, out_c];
 * out_c = in_c * depth_multiplier, output channel ic*depth_multiplier+m
 * reads input channel ic. bias: [out_c] or NULL. */
tmlc_status tmlc_depthwise_conv2d_s8(const int8_t *x, const int8_t *w,
                                     const int32_t *bias, int8_t *y,
                                     const tmlc_conv_s8_params *p);

/** FULLY_CONNECTED. x: [batches, in_features]; w: [out_features,
 * in_features]; bias: [out_features] or NULL; y: [batches, out_features]. */
tmlc_status tmlc_fully_connected_s8(const int8_t *x, const int8_t *w,
                                    const int32_t *bias, int8_t *y,
                                    const tmlc_fc_s8_params *p);

/** MatMulInteger: y (int32) = (a + a_offset) * (b + b_offset), batched
 * with numpy broadcasting (strides count whole matrices); exact. */
tmlc_status tmlc_matmul_s8_s32(const int8_t *a, const int8_t *b, int32_t *y,
                               const tmlc_matmul_s8_s32_params *p);

/** ADD with numpy broadcasting (bc strides in elements). */
tmlc_status tmlc_add_s8(const int8_t *a, const int8_t *b, int8_t *y,
                        const tmlc_bcast *bc, const tmlc_add_s8_params *p);

/** SUB (a - b) with broadcasting; same params as ADD. */
tmlc_status tmlc_sub_s8(const int8_t *a, const int8_t *b, int8_t *y,
                        const tmlc_bcast *bc, const tmlc_add_s8_params *p);

/** MUL with broadcasting. */
tmlc_status tmlc_mul_s8(const int8_t *a, const int8_t *b, int8_t *y,
                        const tmlc_bcast *bc, const tmlc_mul_s8_params *p);

/** AVERAGE_POOL_2D, NHWC. The average over the in-bounds taps (count c)
 * rounds half away from zero: s > 0 ? (s + c/2) / c : (s - c/2) / c.
 * A window with no in-bounds tap gives TMLC_ERR_ARG. */
tmlc_status tmlc_avgpool_s8(const int8_t *x, int8_t *y,
                            const tmlc_pool_s8_params *p);

/** MAX_POOL_2D, NHWC: max over in-bounds taps, then the clamp. */
tmlc_status tmlc_maxpool_s8(const int8_t *x, int8_t *y,
                            const tmlc_pool_s8_params *p);

/** MEAN over the middle dim of [outer, reduce, inner]; y: [outer, inner]. */
tmlc_status tmlc_mean_s8(const int8_t *x, int8_t *y,
                         const tmlc_mean_s8_params *p);

/** SOFTMAX over the last dim of [rows, depth] (TFLite reference_ops::Softmax,
 * gemmlowp fixed point: exp on Q5.26 differences, Q12.19 sum, reciprocal). */
tmlc_status tmlc_softmax_s8(const int8_t *x, int8_t *y,
                            const tmlc_softmax_s8_params *p);

/** LOGISTIC on n elements (in place allowed). */
tmlc_status tmlc_logistic_s8(const int8_t *x, int8_t *y, int32_t n,
                             const tmlc_tanh_logistic_s8_params *p);

/** TANH on n elements (in place allowed). */
tmlc_status tmlc_tanh_s8(const int8_t *x, int8_t *y, int32_t n,
                         const tmlc_tanh_logistic_s8_params *p);

/** HARD_SWISH on n elements (in place allowed). */
tmlc_status tmlc_hard_swish_s8(const int8_t *x, int8_t *y, int32_t n,
                               const tmlc_hard_swish_s8_params *p);

/** y = clamp(mbqm(x - in_zp, multiplier, shift) + out_zp, act_min, act_max)
 * on n elements (in place allowed): requantize, RELU, RELU6. */
tmlc_status tmlc_requantize_s8(const int8_t *x, int8_t *y, int32_t n,
                               const tmlc_requant_s8_params *p);

/** CONCATENATION: inputs[i] is [outer, copy_sizes[i]]. */
tmlc_status tmlc_concat_s8(const int8_t *const *inputs, int8_t *y,
                           const tmlc_concat_s8_params *p);

/** QUANTIZE float -> int8 on n elements: clamp(round(x / scale) + zp).
 * NaN maps to the zero point; +-inf saturate. */
tmlc_status tmlc_quantize_s8(const float *x, int8_t *y, int32_t n,
                             const tmlc_quantize_s8_params *p);

/** DEQUANTIZE int8 -> float on n elements: (float)(scale * (x - zp)). */
tmlc_status tmlc_dequantize_s8(const int8_t *x, float *y, int32_t n,
                               const tmlc_quantize_s8_params *p);

/** QUANTIZE float -> int8 per channel of an axis (see
 * tmlc_quantize_axis_s8_params); each element as tmlc_quantize_s8. */
tmlc_status tmlc_quantize_axis_s8(const float *x, int8_t *y,
                                  const tmlc_quantize_axis_s8_params *p);

/** DEQUANTIZE int8 -> float per channel of an axis; each element as
 * tmlc_dequantize_s8. */
tmlc_status tmlc_dequantize_axis_s8(const int8_t *x, float *y,
                                    const tmlc_quantize_axis_s8_params *p);

#ifdef __cplusplus
}
#endif

#endif /* TMLC_KERNELS_S8_H */
