/*===- tmlc_kernels.h - portable float32 and data-movement kernels -------===*
 *
 * The ABI between code that tmlc generates and the runtime. Shapes are
 * static: the compiler precomputes every parameter struct and checks every
 * shape, so kernels only check what comes from data (indices, divisors).
 * All pointers to inputs are const; outputs never alias inputs unless a
 * kernel says so. No kernel allocates, prints or keeps state.
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_KERNELS_H
#define TMLC_KERNELS_H

#include "tmlc_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/*--- Elementwise binary ops with numpy broadcasting ---------------------*/
/* y[i] = a[...] OP b[...] walking bc. Integer div by zero: TMLC_ERR_MATH.
 * Integer div truncates toward zero (C semantics). */
#define TMLC_DECLARE_BINARY(op, sfx, T)                                        \
  tmlc_status tmlc_##op##_##sfx(const T *a, const T *b, T *y,                 \
                                const tmlc_bcast *bc);
#define TMLC_DECLARE_BINARY_ALL_TYPES(op)                                      \
  TMLC_DECLARE_BINARY(op, f32, float)                                          \
  TMLC_DECLARE_BINARY(op, f64, double)                                         \
  TMLC_DECLARE_BINARY(op, i8, int8_t)                                          \
  TMLC_DECLARE_BINARY(op, u8, uint8_t)                                         \
  TMLC_DECLARE_BINARY(op, i16, int16_t)                                        \
  TMLC_DECLARE_BINARY(op, u16, uint16_t)                                       \
  TMLC_DECLARE_BINARY(op, i32, int32_t)                                        \
  TMLC_DECLARE_BINARY(op, u32, uint32_t)                                       \
  TMLC_DECLARE_BINARY(op, i64, int64_t)                                        \
  TMLC_DECLARE_BINARY(op, u64, uint64_t)
TMLC_DECLARE_BINARY_ALL_TYPES(add)
TMLC_DECLARE_BINARY_ALL_TYPES(sub)
TMLC_DECLARE_BINARY_ALL_TYPES(mul)
TMLC_DECLARE_BINARY_ALL_TYPES(div)
TMLC_DECLARE_BINARY_ALL_TYPES(min)
TMLC_DECLARE_BINARY_ALL_TYPES(max)
/** y = pow(a, b) (powf). */
TMLC_DECLARE_BINARY(pow, f32, float)
/** y = a >= 0 ? a : a * b (ONNX PRelu, b is the broadcast slope). */
TMLC_DECLARE_BINARY(prelu, f32, float)

/*--- Elementwise unary ops (y may equal x: in place is allowed) ----------*/
tmlc_status tmlc_relu_f32(const float *x, float *y, int32_t n);
tmlc_status tmlc_sigmoid_f32(const float *x, float *y, int32_t n);
tmlc_status tmlc_tanh_f32(const float *x, float *y, int32_t n);
tmlc_status tmlc_exp_f32(const float *x, float *y, int32_t n);
tmlc_status tmlc_log_f32(const float *x, float *y, int32_t n);
tmlc_status tmlc_sqrt_f32(const float *x, float *y, int32_t n);
tmlc_status tmlc_neg_f32(const float *x, float *y, int32_t n);
tmlc_status tmlc_abs_f32(const float *x, float *y, int32_t n);
tmlc_status tmlc_reciprocal_f32(const float *x, float *y, int32_t n);
/** y = x * max(0, min(1, x / 6 + 1/2)) */
tmlc_status tmlc_hard_swish_f32(const float *x, float *y, int32_t n);
/** y = x >= 0 ? x : alpha * x */
tmlc_status tmlc_leaky_relu_f32(const float *x, float *y, int32_t n, float alpha);
/** y = max(0, min(1, alpha * x + beta)) */
tmlc_status tmlc_hard_sigmoid_f32(const float *x, float *y, int32_t n,
                                  float alpha, float beta);
/** y = min(max(x, lo), hi) */
tmlc_status tmlc_clip_f32(const float *x, float *y, int32_t n, float lo, float hi);
tmlc_status tmlc_clip_i8(const int8_t *x, int8_t *y, int32_t n, int8_t lo, int8_t hi);
tmlc_status tmlc_clip_u8(const uint8_t *x, uint8_t *y, int32_t n, uint8_t lo, uint8_t hi);
tmlc_status tmlc_clip_i32(const int32_t *x, int32_t *y, int32_t n, int32_t lo, int32_t hi);
tmlc_status tmlc_clip_i64(const int64_t *x, int64_t *y, int32_t n, int64_t lo, int64_t hi);

/*--- Softmax family: softmax along the middle dim of [outer, axis, inner] --*/
tmlc_status tmlc_softmax_f32(const float *x, float *y, int32_t outer,
                             int32_t axis, int32_t inner);
tmlc_status tmlc_log_softmax_f32(const float *x, float *y, int32_t outer,
                                 int32_t axis, int32_t inner);

/*--- Linear algebra, convolution, pooling --------------------------------*/
tmlc_status tmlc_matmul_f32(const float *a, const float *b, float *y,
                            const tmlc_matmul_params *p);
/** bias may be NULL. Weights are M x (C/group) x kernel..., row-major. */
tmlc_status tmlc_conv_f32(const float *x, const float *w, const float *bias,
                          float *y, const tmlc_conv_params *p);
/** indices may be NULL; else receives the flat NCHW input index (ONNX
 * MaxPool's Indices output with storage_order 0). Pads act as -inf. */
tmlc_status tmlc_maxpool_f32(const float *x, float *y, int64_t *indices,
                             const tmlc_pool_params *p);
/** count_include_pad selects the ONNX divisor rule. */
tmlc_status tmlc_avgpool_f32(const float *x, float *y,
                             const tmlc_pool_params *p);

/*--- Reductions ----------------------------------------------------------*/
tmlc_status tmlc_reduce_sum_f32(const float *x, float *y, const tmlc_reduce_params *p);
tmlc_status tmlc_reduce_mean_f32(const float *x, float *y, const tmlc_reduce_params *p);
tmlc_status tmlc_reduce_max_f32(const float *x, float *y, const tmlc_reduce_params *p);
tmlc_status tmlc_reduce_min_f32(const float *x, float *y, const tmlc_reduce_params *p);

/*--- Data movement: any element type, elem_size in bytes ----------------*/
/** memcpy of bytes; x and y must not overlap unless equal (then a no-op). */
tmlc_status tmlc_copy(void *y, const void *x, int32_t bytes);
/** rows copies of row_bytes each, with byte strides (concat/split). */
tmlc_status tmlc_copy_2d(void *dst, int32_t dst_stride, const void *src,
                         int32_t src_stride, int32_t rows, int32_t row_bytes);
tmlc_status tmlc_transpose(const void *x, void *y, int32_t elem_size,
                           const tmlc_transpose_params *p);
tmlc_status tmlc_slice(const void *x, void *y, int32_t elem_size,
                       const tmlc_slice_params *p);
/** value points to one element used by TMLC_PAD_CONSTANT. */
tmlc_status tmlc_pad(const void *x, void *y, int32_t elem_size,
                     const void *value, const tmlc_pad_params *p);
/** x viewed as [outer, axis_dim, inner]; y as [outer, n_indices, inner].
 * indices are int64 if index_is_64 else int32; negative ones count from
 * the end; out of range gives TMLC_ERR_INDEX. */
tmlc_status tmlc_gather(const void *x, const void *indices, int32_t index_is_64,
                        void *y, int32_t elem_size, int32_t outer,
                        int32_t axis_dim, int32_t inner, int32_t n_indices);
/** Element conversion between tmlc_dtype values (C conversion rules; to
 * BOOL gives x != 0; float to integer truncates toward zero). */
tmlc_status tmlc_cast(const void *x, int32_t from, void *y, int32_t to,
                      int32_t n);

#ifdef __cplusplus
}
#endif

#endif /* TMLC_KERNELS_H */
