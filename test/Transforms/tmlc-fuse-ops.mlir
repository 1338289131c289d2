// RUN: tmlc-opt %s -split-input-file -tmlc-fuse-ops | FileCheck %s
// RUN: tmlc-opt %s -split-input-file -tmlc-fuse-ops -canonicalize | FileCheck %s --check-prefix=FOLD

// mul(conv(x, w, b), s) -> conv(x, w * s, b * s); add -> bias + c.
// w = [[1, 2]], [[3, 4]] (2 output channels, 1x1x2 kernels), b = [1, -1],
// s = [2, 10] per channel, c = [0.5, 0.25]:
//   w * s = [[2, 4]], [[30, 40]]; b * s + c = [2.5, -9.75].
// CHECK-LABEL: func.func @mul_add_into_conv(
// CHECK-NOT: tml.add %{{.*}} : (tensor<1x2x1x3xf32>
// CHECK: %[[CONV:.*]] = tml.conv
// CHECK-NOT: tml.conv
// CHECK: return %[[CONV]]
// FOLD-LABEL: func.func @mul_add_into_conv(
// FOLD-DAG: %[[W:.*]] = tml.constant dense<{{\[}}{{\[}}{{\[}}[2.000000e+00, 4.000000e+00]]], {{\[}}{{\[}}[3.000000e+01, 4.000000e+01]]]]> : tensor<2x1x1x2xf32>
// FOLD-DAG: %[[B:.*]] = tml.constant dense<[2.500000e+00, -9.750000e+00]> : tensor<2xf32>
// FOLD: %[[C:.*]] = tml.conv %{{.*}}, %[[W]], %[[B]]
// FOLD-NOT: tml.mul
// FOLD-NOT: tml.add
// FOLD: return %[[C]]
func.func @mul_add_into_conv(%x: tensor<1x1x1x4xf32>) -> tensor<1x2x1x3xf32> {
  %w = tml.constant dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32>
  %b = tml.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %s = tml.constant dense<[[[2.0]], [[10.0]]]> : tensor<2x1x1xf32>
  %c = tml.constant dense<[[[[0.5]], [[0.25]]]]> : tensor<1x2x1x1xf32>
  %0 = tml.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x1x1x4xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x1x3xf32>
  %1 = tml.mul %0, %s : (tensor<1x2x1x3xf32>, tensor<2x1x1xf32>) -> tensor<1x2x1x3xf32>
  %2 = tml.add %c, %1 : (tensor<1x2x1x1xf32>, tensor<1x2x1x3xf32>) -> tensor<1x2x1x3xf32>
  return %2 : tensor<1x2x1x3xf32>
}

// -----

// A scalar scale broadcasts to every channel; a conv without bias gets one.
// w * 3 = [[3, 6]], [[9, 12]]; bias = 0 + 7 = [7, 7].
// FOLD-LABEL: func.func @scalar_no_bias(
// FOLD-DAG: %[[W:.*]] = tml.constant dense<{{\[}}{{\[}}{{\[}}[3.000000e+00, 6.000000e+00]]], {{\[}}{{\[}}[9.000000e+00, 1.200000e+01]]]]> : tensor<2x1x1x2xf32>
// FOLD-DAG: %[[B:.*]] = tml.constant dense<7.000000e+00> : tensor<2xf32>
// FOLD: tml.conv %{{.*}}, %[[W]], %[[B]]
// FOLD-NOT: tml.mul
// FOLD-NOT: tml.add
func.func @scalar_no_bias(%x: tensor<1x1x1x4xf32>) -> tensor<1x2x1x3xf32> {
  %w = tml.constant dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32>
  %s = tml.constant dense<3.0> : tensor<f32>
  %c = tml.constant dense<7.0> : tensor<1xf32>
  %0 = tml.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x1x1x4xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x1x3xf32>
  %1 = tml.mul %0, %s : (tensor<1x2x1x3xf32>, tensor<f32>) -> tensor<1x2x1x3xf32>
  %2 = tml.add %1, %c : (tensor<1x2x1x3xf32>, tensor<1xf32>) -> tensor<1x2x1x3xf32>
  return %2 : tensor<1x2x1x3xf32>
}

// -----

// Not fused: the scale varies along the width, not the channels.
// CHECK-LABEL: func.func @not_per_channel(
// FOLD-LABEL: func.func @not_per_channel(
// CHECK: tml.conv
// CHECK: tml.mul
func.func @not_per_channel(%x: tensor<1x1x1x4xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x2x1x3xf32> {
  %s = tml.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = tml.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x1x1x4xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x1x3xf32>
  %1 = tml.mul %0, %s : (tensor<1x2x1x3xf32>, tensor<3xf32>) -> tensor<1x2x1x3xf32>
  return %1 : tensor<1x2x1x3xf32>
}

// -----

// Not fused: the conv result has a second user that needs the unscaled value.
// CHECK-LABEL: func.func @conv_has_two_uses(
// CHECK: %[[C:.*]] = tml.conv
// CHECK: %[[M:.*]] = tml.mul %[[C]]
// CHECK: return %[[M]], %[[C]]
func.func @conv_has_two_uses(%x: tensor<1x1x1x4xf32>, %w: tensor<2x1x1x2xf32>) -> (tensor<1x2x1x3xf32>, tensor<1x2x1x3xf32>) {
  %s = tml.constant dense<[[[2.0]], [[10.0]]]> : tensor<2x1x1xf32>
  %0 = tml.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x1x1x4xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x1x3xf32>
  %1 = tml.mul %0, %s : (tensor<1x2x1x3xf32>, tensor<2x1x1xf32>) -> tensor<1x2x1x3xf32>
  return %1, %0 : tensor<1x2x1x3xf32>, tensor<1x2x1x3xf32>
}

// -----

// Not fused: the other operand is not a constant.
// CHECK-LABEL: func.func @not_constant(
// CHECK: tml.conv
// CHECK: tml.add
func.func @not_constant(%x: tensor<1x1x1x4xf32>, %w: tensor<2x1x1x2xf32>, %c: tensor<1x2x1x1xf32>) -> tensor<1x2x1x3xf32> {
  %0 = tml.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x1x1x4xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x1x3xf32>
  %1 = tml.add %0, %c : (tensor<1x2x1x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x1x3xf32>
  return %1 : tensor<1x2x1x3xf32>
}

// -----

// A float 1x1 convolution over a 1x1 input is a fully connected layer: it
// becomes reshape + matmul with the transposed weights + add of the bias.
// W = [[1,2,3],[4,5,6]] (2 outputs, 3 inputs) so W^T = [[1,4],[2,5],[3,6]].
// CHECK-LABEL: func.func @point_conv_to_matmul(
// CHECK-NOT: tml.conv
// CHECK: tml.matmul
// CHECK-SAME: (tensor<1x3xf32>, tensor<3x2xf32>) -> tensor<1x2xf32>
// CHECK: tml.add
// CHECK: tml.reshape
// CHECK-SAME: -> tensor<1x2x1x1xf32>
// FOLD-LABEL: func.func @point_conv_to_matmul(
// FOLD: tml.constant dense<{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
func.func @point_conv_to_matmul(%x: tensor<1x3x1x1xf32>) -> tensor<1x2x1x1xf32> {
  %w = tml.constant dense<[[[[1.0]], [[2.0]], [[3.0]]], [[[4.0]], [[5.0]], [[6.0]]]]> : tensor<2x3x1x1xf32>
  %b = tml.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %0 = tml.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x3x1x1xf32>, tensor<2x3x1x1xf32>, tensor<2xf32>) -> tensor<1x2x1x1xf32>
  return %0 : tensor<1x2x1x1xf32>
}
