// One case per tml verifier error.
// RUN: tmlc-opt %s -split-input-file -verify-diagnostics

func.func @constant_type() {
  // expected-error @+2 {{'tml.constant' op failed to infer returned types}}
  // expected-error @+1 {{'tml.constant' op inferred type(s) 'tensor<1xf32>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  %0 = "tml.constant"() {value = dense<1.0> : tensor<1xf32>} : () -> tensor<2xf32>
  return
}

// -----

func.func @binary_no_broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'tml.add' op shapes [2,3] and [4] do not broadcast}}
  %0 = tml.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @binary_bad_result(%a: tensor<2x1xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'tml.mul' op expected result shape [2,3], got 'tensor<2x1xf32>'}}
  %0 = tml.mul %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x1xf32>
  return
}

// -----

func.func @binary_element_types(%a: tensor<3xf32>, %b: tensor<3xi32>) {
  // expected-error @+1 {{'tml.sub' op expected operands to have the same element type, got 'f32' and 'i32'}}
  %0 = tml.sub %a, %b : (tensor<3xf32>, tensor<3xi32>) -> tensor<3xf32>
  return
}

// -----

func.func @unary_shape(%a: tensor<3xf32>) {
  // expected-error @+1 {{'tml.relu' op expected result shape [3], got 'tensor<4xf32>'}}
  %0 = tml.relu %a : (tensor<3xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @unary_element_type(%a: tensor<3xf32>) {
  // expected-error @+1 {{'tml.sigmoid' op expected operand and result to have the same element type}}
  %0 = tml.sigmoid %a : (tensor<3xf32>) -> tensor<3xf16>
  return
}

// -----

func.func @clip_min_gt_max(%a: tensor<3xf32>) {
  // expected-error @+1 {{'tml.clip' op expected min <= max, got 6.000000e+00 > 1.000000e+00}}
  %0 = tml.clip %a {min = 6.0 : f64, max = 1.0 : f64} : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @cast_shape(%a: tensor<3xf32>) {
  // expected-error @+1 {{'tml.cast' op expected result shape [3], got 'tensor<2xi32>'}}
  %0 = tml.cast %a : (tensor<3xf32>) -> tensor<2xi32>
  return
}

// -----

func.func @softmax_axis(%a: tensor<2x5xf32>) {
  // expected-error @+1 {{'tml.softmax' op expected axis in [0, 2), got 2}}
  %0 = tml.softmax %a {axis = 2 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @matmul_inner(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'tml.matmul' op matmul inner dimensions differ: [2,3] x [4,5]}}
  %0 = tml.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @matmul_vector_result(%a: tensor<3xf32>, %b: tensor<3x5xf32>) {
  // 1-D lhs: the promoted axis is removed again, so the result is [5].
  // expected-error @+1 {{'tml.matmul' op expected result shape [5], got 'tensor<1x5xf32>'}}
  %0 = tml.matmul %a, %b : (tensor<3xf32>, tensor<3x5xf32>) -> tensor<1x5xf32>
  return
}

// -----

func.func @conv_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'tml.conv' op conv channels do not match: input has 3, weight expects 2 x group 1}}
  %0 = tml.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_group(%x: tensor<1x4x8x8xf32>, %w: tensor<3x2x3x3xf32>) {
  // 3 output channels cannot be split into 2 groups.
  // expected-error @+1 {{'tml.conv' op conv channels do not match: input has 4, weight expects 2 x group 2}}
  %0 = tml.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x6x6xf32>
  return
}

// -----

func.func @conv_rank(%x: tensor<4x8xf32>, %w: tensor<4x8xf32>) {
  // expected-error @+1 {{'tml.conv' op conv expects input and weight of equal rank 3..5, got [4,8] and [4,8]}}
  %0 = tml.conv %x, %w {strides = array<i64>, dilations = array<i64>, pads = array<i64>, group = 1 : i64} : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @conv_attr_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'tml.conv' op conv strides/dilations/pads do not match the spatial rank}}
  %0 = tml.conv %x, %w {strides = array<i64: 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'tml.conv' op expected bias of shape [4], got 'tensor<3xf32>'}}
  %0 = tml.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_result(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // (8 + 1 + 1 - 3) / 2 + 1 = 4
  // expected-error @+1 {{'tml.conv' op expected result shape [1,4,4,4], got 'tensor<1x4x3x3xf32>'}}
  %0 = tml.conv %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_window_too_big(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) {
  // A 3x3 kernel dilated by 2 spans 5 > 4.
  // expected-error @+1 {{'tml.conv' op window of 5 (dilated) does not fit input extent 4 with pads 0+0}}
  %0 = tml.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32>
  return
}

// -----

func.func @pool_window_too_big(%x: tensor<1x2x3x3xf32>) {
  // expected-error @+1 {{'tml.max_pool' op window of 4 (dilated) does not fit input extent 3 with pads 0+0}}
  %0 = tml.max_pool %x {kernel = array<i64: 4, 4>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, count_include_pad = false} : (tensor<1x2x3x3xf32>) -> tensor<1x2x1x1xf32>
  return
}

// -----

func.func @pool_negative_pad(%x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'tml.avg_pool' op kernel, stride and dilation must be >= 1 and pads >= 0}}
  %0 = tml.avg_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: -1, 0, 0, 0>, count_include_pad = false} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x3xf32>
  return
}

// -----

func.func @pool_attr_rank(%x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'tml.avg_pool' op pooling kernel/strides/dilations/pads do not match the spatial rank}}
  %0 = tml.avg_pool %x {kernel = array<i64: 2>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, count_include_pad = false} : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  return
}

// -----

func.func @pool_result(%x: tensor<1x2x5x5xf32>) {
  // floor: (5-2)/2+1 = 2, ceil: 3; 4 is neither.
  // expected-error @+1 {{'tml.max_pool' op expected result shape [1,2,2,2], got 'tensor<1x2x4x4xf32>'}}
  %0 = tml.max_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, count_include_pad = false} : (tensor<1x2x5x5xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @reduce_axes_unsorted(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'tml.reduce_sum' op reduction axes must be sorted, unique and within rank 3}}
  %0 = tml.reduce_sum %x {axes = array<i64: 2, 0>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @reduce_axes_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tml.reduce_max' op reduction axes must be sorted, unique and within rank 2}}
  %0 = tml.reduce_max %x {axes = array<i64: 2>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @reduce_keepdims(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tml.reduce_mean' op expected result shape [2,1], got 'tensor<2xf32>'}}
  %0 = tml.reduce_mean %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tml.reshape' op expected the same number of elements, got 6 and 8}}
  %0 = tml.reshape %x : (tensor<2x3xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @reshape_element_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tml.reshape' op expected operand and result to have the same element type}}
  %0 = tml.reshape %x : (tensor<2x3xf32>) -> tensor<6xi32>
  return
}

// -----

func.func @transpose_perm_length(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tml.transpose' op expected perm of length 2, got 3}}
  %0 = tml.transpose %x {perm = array<i64: 0, 1, 2>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @transpose_not_permutation(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tml.transpose' op expected perm to be a permutation of [0, 2)}}
  %0 = tml.transpose %x {perm = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @transpose_result(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tml.transpose' op expected result shape [3,2], got 'tensor<2x3xf32>'}}
  %0 = tml.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @concat_empty() {
  // expected-error @+1 {{'tml.concat' op expected at least one input}}
  %0 = tml.concat {axis = 0 : i64} : () -> tensor<2xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'tml.concat' op expected axis in [0, 2), got 2}}
  %0 = tml.concat %a, %a {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_rank(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'tml.concat' op expected inputs of rank 2, got 'tensor<3xf32>'}}
  %0 = tml.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @concat_shapes(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+1 {{'tml.concat' op input 'tensor<2x4xf32>' does not match 'tensor<2x3xf32>' outside axis 0}}
  %0 = tml.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @concat_result(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+1 {{'tml.concat' op expected result shape [2,7], got 'tensor<2x6xf32>'}}
  %0 = tml.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @slice_rank(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{'tml.slice' op expected starts, steps and result of rank 2}}
  %0 = tml.slice %x {starts = array<i64: 0>, steps = array<i64: 1>} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @slice_zero_step(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{'tml.slice' op expected non-zero steps}}
  %0 = tml.slice %x {starts = array<i64: 0, 0>, steps = array<i64: 1, 0>} : (tensor<2x5xf32>) -> tensor<2x1xf32>
  return
}

// -----

func.func @slice_out_of_bounds(%x: tensor<2x5xf32>) {
  // 1 + 2 * 2 = 5 is past the end of axis 1.
  // expected-error @+1 {{'tml.slice' op slice along axis 1 reads outside the input}}
  %0 = tml.slice %x {starts = array<i64: 0, 1>, steps = array<i64: 1, 2>} : (tensor<2x5xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @slice_negative_step_out_of_bounds(%x: tensor<2x5xf32>) {
  // 1 - 2 = -1 is before the start of axis 0.
  // expected-error @+1 {{'tml.slice' op slice along axis 0 reads outside the input}}
  %0 = tml.slice %x {starts = array<i64: 1, 0>, steps = array<i64: -2, 1>} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @pad_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tml.pad' op expected 4 pads, got 2}}
  %0 = tml.pad %x {pads = array<i64: 1, 1>, mode = "constant", value = 0.0 : f64} : (tensor<2x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @pad_mode(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tml.pad' op unknown mode 'wrap'}}
  %0 = tml.pad %x {pads = array<i64: 0, 1, 0, 1>, mode = "wrap", value = 0.0 : f64} : (tensor<2x3xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @pad_crop_too_much(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tml.pad' op pads remove more than axis 1 holds}}
  %0 = tml.pad %x {pads = array<i64: 0, -2, 0, -2>, mode = "constant", value = 0.0 : f64} : (tensor<2x3xf32>) -> tensor<2x0xf32>
  return
}

// -----

func.func @pad_reflect_too_big(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tml.pad' op reflect pads must be smaller than the axis}}
  %0 = tml.pad %x {pads = array<i64: 0, 3, 0, 0>, mode = "reflect", value = 0.0 : f64} : (tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @pad_edge_empty(%x: tensor<2x0xf32>) {
  // expected-error @+1 {{'tml.pad' op edge padding of an empty axis}}
  %0 = tml.pad %x {pads = array<i64: 0, 1, 0, 0>, mode = "edge", value = 0.0 : f64} : (tensor<2x0xf32>) -> tensor<2x1xf32>
  return
}

// -----

func.func @pad_result(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tml.pad' op expected result shape [3,5], got 'tensor<2x5xf32>'}}
  %0 = tml.pad %x {pads = array<i64: 1, 1, 0, 1>, mode = "edge", value = 0.0 : f64} : (tensor<2x3xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @gather_index_type(%x: tensor<5x3xf32>, %i: tensor<2xf32>) {
  // expected-error @+1 {{'tml.gather' op expected i32 or i64 indices, got 'tensor<2xf32>'}}
  %0 = tml.gather %x, %i {axis = 0 : i64} : (tensor<5x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gather_axis(%x: tensor<5x3xf32>, %i: tensor<2xi64>) {
  // expected-error @+1 {{'tml.gather' op expected axis in [0, 2)}}
  %0 = tml.gather %x, %i {axis = 2 : i64} : (tensor<5x3xf32>, tensor<2xi64>) -> tensor<5x3xf32>
  return
}

// -----

func.func @gather_result(%x: tensor<5x3xf32>, %i: tensor<2x2xi32>) {
  // expected-error @+1 {{'tml.gather' op expected result shape [5,2,2], got 'tensor<2x2x3xf32>'}}
  %0 = tml.gather %x, %i {axis = 1 : i64} : (tensor<5x3xf32>, tensor<2x2xi32>) -> tensor<2x2x3xf32>
  return
}
