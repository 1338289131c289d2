/*===- tmlc_types.h - status codes, element types, kernel parameter structs -===*
 *
 * Part of the tmlc runtime: C99, no heap, no stdio. Generated code and every
 * kernel include this header. When tmlc copies the runtime into a generated
 * folder it rewrites the "tmlc_"/"TMLC_" prefixes to the model name, so two
 * models can be linked into one firmware.
 *===----------------------------------------------------------------------===*/
#ifndef TMLC_TYPES_H
#define TMLC_TYPES_H

#include <stddef.h>
#include <stdint.h>

/** Status returned by every kernel and by the generated entry points. */
typedef enum tmlc_status {
  TMLC_OK = 0,          /**< success */
  TMLC_ERR_ARG = 1,     /**< a NULL pointer or an impossible parameter */
  TMLC_ERR_INDEX = 2,   /**< an index read from data is out of range */
  TMLC_ERR_MATH = 3     /**< integer division by zero */
} tmlc_status;

/** Element types, used by tmlc_cast and in the generated headers. */
typedef enum tmlc_dtype {
  TMLC_DTYPE_F32 = 1,   /**< float */
  TMLC_DTYPE_U8 = 2,    /**< uint8_t */
  TMLC_DTYPE_I8 = 3,    /**< int8_t */
  TMLC_DTYPE_U16 = 4,   /**< uint16_t */
  TMLC_DTYPE_I16 = 5,   /**< int16_t */
  TMLC_DTYPE_I32 = 6,   /**< int32_t */
  TMLC_DTYPE_I64 = 7,   /**< int64_t */
  TMLC_DTYPE_BOOL = 9,  /**< uint8_t holding 0 or 1 */
  TMLC_DTYPE_F64 = 11,  /**< double */
  TMLC_DTYPE_U32 = 12,  /**< uint32_t */
  TMLC_DTYPE_U64 = 13   /**< uint64_t */
} tmlc_dtype;           /* values equal ONNX TensorProto.DataType */

/** Largest tensor rank a kernel accepts. */
#define TMLC_MAX_RANK 8

/** Largest number of spatial dimensions of conv and pooling kernels. */
#define TMLC_MAX_SPATIAL 3

/**
 * Broadcast walk over two operands (numpy rules), precomputed by the compiler.
 * Strides are in elements; a broadcast dimension has stride 0.
 */
typedef struct tmlc_bcast {
  int32_t rank;                       /**< rank of the output, 0..TMLC_MAX_RANK */
  int32_t dims[TMLC_MAX_RANK];        /**< output dimensions */
  int32_t a_strides[TMLC_MAX_RANK];   /**< element strides of operand a per output dim */
  int32_t b_strides[TMLC_MAX_RANK];   /**< element strides of operand b per output dim */
} tmlc_bcast;

/** Batched matrix product y[b] = a[b] (m x k) * b[b] (k x n), row-major. */
typedef struct tmlc_matmul_params {
  tmlc_bcast batch;  /**< broadcast over batch dims; strides count whole matrices */
  int32_t m;         /**< rows of a and y */
  int32_t k;         /**< columns of a, rows of b */
  int32_t n;         /**< columns of b and y */
} tmlc_matmul_params;

/** N-d convolution, NC(D)HW layout, weights M x C/group x k... */
typedef struct tmlc_conv_params {
  int32_t spatial_rank;                    /**< 1..TMLC_MAX_SPATIAL */
  int32_t batch;                           /**< N */
  int32_t in_channels;                     /**< C */
  int32_t out_channels;                    /**< M */
  int32_t group;                           /**< groups; C and M are multiples of it */
  int32_t in_dims[TMLC_MAX_SPATIAL];       /**< input spatial dims */
  int32_t out_dims[TMLC_MAX_SPATIAL];      /**< output spatial dims */
  int32_t kernel[TMLC_MAX_SPATIAL];        /**< kernel spatial dims */
  int32_t strides[TMLC_MAX_SPATIAL];       /**< strides, >= 1 */
  int32_t dilations[TMLC_MAX_SPATIAL];     /**< dilations, >= 1 */
  int32_t pads_begin[TMLC_MAX_SPATIAL];    /**< zero padding before each spatial dim */
} tmlc_conv_params;

/** N-d pooling window, NC(D)HW layout. */
typedef struct tmlc_pool_params {
  int32_t spatial_rank;                    /**< 1..TMLC_MAX_SPATIAL */
  int32_t batch;                           /**< N */
  int32_t channels;                        /**< C */
  int32_t in_dims[TMLC_MAX_SPATIAL];       /**< input spatial dims */
  int32_t out_dims[TMLC_MAX_SPATIAL];      /**< output spatial dims */
  int32_t kernel[TMLC_MAX_SPATIAL];        /**< window dims */
  int32_t strides[TMLC_MAX_SPATIAL];       /**< strides, >= 1 */
  int32_t dilations[TMLC_MAX_SPATIAL];     /**< dilations, >= 1 */
  int32_t pads_begin[TMLC_MAX_SPATIAL];    /**< padding before each spatial dim */
  int32_t pads_end[TMLC_MAX_SPATIAL];      /**< padding after each spatial dim */
  int32_t count_include_pad;               /**< avg pool: 1 divides by the window clipped to the padded input */
} tmlc_pool_params;

/** Reduction over a set of axes; the output keeps the order of the others. */
typedef struct tmlc_reduce_params {
  int32_t rank;                      /**< input rank, 1..TMLC_MAX_RANK */
  int32_t dims[TMLC_MAX_RANK];       /**< input dimensions */
  int32_t reduce[TMLC_MAX_RANK];     /**< 1 where the axis is reduced */
} tmlc_reduce_params;

/** Permutation of axes: y.dims[i] = x.dims[perm[i]]. */
typedef struct tmlc_transpose_params {
  int32_t rank;                      /**< 1..TMLC_MAX_RANK */
  int32_t dims[TMLC_MAX_RANK];       /**< input dimensions */
  int32_t perm[TMLC_MAX_RANK];       /**< output axis i reads input axis perm[i] */
} tmlc_transpose_params;

/** Strided slice: y[i...] = x[starts + i * steps] (steps may be negative). */
typedef struct tmlc_slice_params {
  int32_t rank;                      /**< 1..TMLC_MAX_RANK */
  int32_t in_dims[TMLC_MAX_RANK];    /**< input dimensions */
  int32_t out_dims[TMLC_MAX_RANK];   /**< output dimensions */
  int32_t starts[TMLC_MAX_RANK];     /**< first input index per axis, in range */
  int32_t steps[TMLC_MAX_RANK];      /**< step per axis, non-zero */
} tmlc_slice_params;

/** Padding modes of tmlc_pad. */
typedef enum tmlc_pad_mode {
  TMLC_PAD_CONSTANT = 0,  /**< fill with the given value */
  TMLC_PAD_REFLECT = 1,   /**< mirror without repeating the edge */
  TMLC_PAD_EDGE = 2       /**< repeat the edge element */
} tmlc_pad_mode;

/** N-d padding; negative pads crop. */
typedef struct tmlc_pad_params {
  int32_t rank;                      /**< 1..TMLC_MAX_RANK */
  int32_t in_dims[TMLC_MAX_RANK];    /**< input dimensions */
  int32_t pads_begin[TMLC_MAX_RANK]; /**< elements added (or removed if < 0) before */
  int32_t pads_end[TMLC_MAX_RANK];   /**< elements added (or removed if < 0) after */
  int32_t mode;                      /**< a tmlc_pad_mode */
} tmlc_pad_params;

#endif /* TMLC_TYPES_H */
