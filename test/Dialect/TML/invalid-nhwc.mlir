// Verifier errors of the NHWC window ops and tml.requantize.
// RUN: tmlc-opt %s -split-input-file -verify-diagnostics

func.func @bad_layout(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'tml.conv' op expected layout "NCHW" or "NHWC", got "NWHC"}}
  %0 = tml.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64, layout = "NWHC"} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @nhwc_rank3(%x: tensor<1x8x3xf32>, %w: tensor<4x3x3xf32>) {
  // expected-error @+1 {{'tml.conv' op layout NHWC needs a rank-4 input, got rank 3}}
  %0 = tml.conv %x, %w {strides = array<i64: 1>, dilations = array<i64: 1>, pads = array<i64: 0, 0>, group = 1 : i64, layout = "NHWC"} : (tensor<1x8x3xf32>, tensor<4x3x3xf32>) -> tensor<1x6x4xf32>
  return
}

// -----

// NHWC weights are OHWI: [4, 3, 3, 3] with 3 input channels, so a 2-channel
// input does not match.
func.func @nhwc_channels(%x: tensor<1x8x8x2xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'tml.conv' op conv channels do not match: input has 2, weight expects 3 x group 1}}
  %0 = tml.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64, layout = "NHWC"} : (tensor<1x8x8x2xf32>, tensor<4x3x3x3xf32>) -> tensor<1x6x6x4xf32>
  return
}

// -----

// The NCHW result shape is rejected for an NHWC conv.
func.func @nhwc_result(%x: tensor<1x8x8x3xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'tml.conv' op expected result shape [1,6,6,4], got 'tensor<1x4x6x6xf32>'}}
  %0 = tml.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64, layout = "NHWC"} : (tensor<1x8x8x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @pool_nhwc_result(%x: tensor<1x8x8x3xf32>) {
  // expected-error @+1 {{'tml.max_pool' op expected result shape [1,4,4,3], got 'tensor<1x3x4x4xf32>'}}
  %0 = tml.max_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, count_include_pad = false, layout = "NHWC"} : (tensor<1x8x8x3xf32>) -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @requantize_float(%x: tensor<4xf32>) {
  // expected-error @+1 {{'tml.requantize' op expected per-tensor quantized operand and result}}
  %0 = tml.requantize %x : (tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.25:7>>
  return
}
