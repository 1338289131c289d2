// Transpose folding: composition, cancellation, unit-axis transposes as
// reshapes (views).
// RUN: tmlc-opt %s -split-input-file -canonicalize | FileCheck %s

// NCHW -> NHWC -> NCHW cancels.
// CHECK-LABEL: func.func @cancel(
// CHECK-SAME: %[[X:.*]]: tensor<1x3x4x5xf32>
// CHECK-NOT: tml.transpose
// CHECK: return %[[X]]
func.func @cancel(%x: tensor<1x3x4x5xf32>) -> tensor<1x3x4x5xf32> {
  %0 = tml.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x5xf32>) -> tensor<1x4x5x3xf32>
  %1 = tml.transpose %0 {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x5x3xf32>) -> tensor<1x3x4x5xf32>
  return %1 : tensor<1x3x4x5xf32>
}

// -----

// Two transposes compose: result axis i is x axis p[q[i]]:
// p = [1, 2, 0], q = [1, 2, 0] -> [2, 0, 1].
// CHECK-LABEL: func.func @compose(
// CHECK: %[[T:.*]] = tml.transpose %arg0 {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
// CHECK-NOT: tml.transpose
// CHECK: return %[[T]]
func.func @compose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = tml.transpose %x {perm = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %1 = tml.transpose %0 {perm = array<i64: 1, 2, 0>} : (tensor<3x4x2xf32>) -> tensor<4x2x3xf32>
  return %1 : tensor<4x2x3xf32>
}

// -----

// Only size-1 axes move: a reshape.
// CHECK-LABEL: func.func @unit_axes(
// CHECK-NOT: tml.transpose
// CHECK: tml.reshape %arg0 : (tensor<2x7x1x1xf32>) -> tensor<2x1x1x7xf32>
func.func @unit_axes(%x: tensor<2x7x1x1xf32>) -> tensor<2x1x1x7xf32> {
  %0 = tml.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<2x7x1x1xf32>) -> tensor<2x1x1x7xf32>
  return %0 : tensor<2x1x1x7xf32>
}

// -----

// Real data movement stays.
// CHECK-LABEL: func.func @real(
// CHECK: tml.transpose %arg0 {perm = array<i64: 0, 2, 3, 1>}
func.func @real(%x: tensor<1x3x4x1xf32>) -> tensor<1x4x1x3xf32> {
  %0 = tml.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x1xf32>) -> tensor<1x4x1x3xf32>
  return %0 : tensor<1x4x1x3xf32>
}
