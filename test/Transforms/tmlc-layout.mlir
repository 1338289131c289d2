// RUN: tmlc-opt %s -split-input-file -tmlc-layout | FileCheck %s

// What the TFLite importer makes of an int8 CONV_2D + RELU (NCHW conv
// between NHWC<->NCHW transposes) becomes one NHWC conv: the transposes
// cancel, the relu moves below the output transpose, and the constant
// OIHW filter is permuted to OHWI at compile time:
//   w[o][i][0][k] = 4o + 2i + k + 1 -> OHWI [1, 3, 2, 4, 5, 7, 6, 8].
// CHECK-LABEL: func.func @conv_relu(
// CHECK-SAME: %[[X:.*]]: tensor<1x4x4x2x!quant.uniform<i8:f32, 5.000000e-01:-3>>
// CHECK-NOT: tml.transpose
// CHECK: %[[WC:.*]] = tml.constant dense<{{\[}}{{\[}}{{\[}}[1, 3], [2, 4]]], {{\[}}{{\[}}[5, 7], [6, 8]]]]> : tensor<2x1x2x2xi8>
// CHECK: %[[W:.*]] = "quant.scast"(%[[WC]]) : (tensor<2x1x2x2xi8>) -> tensor<2x1x2x2x!quant.uniform<i8<-127:127>:f32:0, {2.500000e-01,5.000000e-01}>>
// CHECK: %[[C:.*]] = tml.conv %[[X]], %[[W]] {{{.*}}layout = "NHWC"{{.*}}} : {{.*}} -> tensor<1x4x4x2x!quant.uniform<i8:f32, 5.000000e-01:-3>>
// CHECK: %[[R:.*]] = tml.relu %[[C]] : (tensor<1x4x4x2x{{.*}}>) -> tensor<1x4x4x2x
// CHECK-NOT: tml.transpose
// CHECK: return %[[R]]
!q = !quant.uniform<i8:f32, 0.5:-3>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.25, 0.5}>
func.func @conv_relu(%x: tensor<1x4x4x2x!q>) -> tensor<1x4x4x2x!q> {
  %wc = tml.constant dense<[[[[1, 2]], [[3, 4]]], [[[5, 6]], [[7, 8]]]]> : tensor<2x2x1x2xi8>
  %w = "quant.scast"(%wc) : (tensor<2x2x1x2xi8>) -> tensor<2x2x1x2x!w>
  %t0 = tml.transpose %x {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x2x!q>) -> tensor<1x2x4x4x!q>
  %c = tml.conv %t0, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 1>, group = 1 : i64} : (tensor<1x2x4x4x!q>, tensor<2x2x1x2x!w>) -> tensor<1x2x4x4x!q>
  %r = tml.relu %c : (tensor<1x2x4x4x!q>) -> tensor<1x2x4x4x!q>
  %t1 = tml.transpose %r {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x2x4x4x!q>) -> tensor<1x4x4x2x!q>
  return %t1 : tensor<1x4x4x2x!q>
}

// -----

// A pool followed by an add of two transposed operands: the add moves
// below the transposes and no transpose is left.
// CHECK-LABEL: func.func @pool_add(
// CHECK-NOT: tml.transpose
// CHECK: %[[P:.*]] = tml.max_pool %arg0 {{{.*}}layout = "NHWC"{{.*}}} : (tensor<1x4x4x3x{{.*}}>) -> tensor<1x2x2x3x
// CHECK: %[[A:.*]] = tml.add %[[P]], %arg1 : (tensor<1x2x2x3x{{.*}}>, tensor<1x2x2x3x{{.*}}>) -> tensor<1x2x2x3x
// CHECK-NOT: tml.transpose
// CHECK: return %[[A]]
!q = !quant.uniform<i8:f32, 0.5:-3>
func.func @pool_add(%x: tensor<1x4x4x3x!q>, %y: tensor<1x2x2x3x!q>) -> tensor<1x2x2x3x!q> {
  %t0 = tml.transpose %x {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x3x!q>) -> tensor<1x3x4x4x!q>
  %p = tml.max_pool %t0 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, count_include_pad = false} : (tensor<1x3x4x4x!q>) -> tensor<1x3x2x2x!q>
  %ty = tml.transpose %y {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x2x2x3x!q>) -> tensor<1x3x2x2x!q>
  %a = tml.add %p, %ty : (tensor<1x3x2x2x!q>, tensor<1x3x2x2x!q>) -> tensor<1x3x2x2x!q>
  %t1 = tml.transpose %a {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x2x2x!q>) -> tensor<1x2x2x3x!q>
  return %t1 : tensor<1x2x2x3x!q>
}

// -----

// Float convolutions keep the NCHW layout of the float kernels.
// CHECK-LABEL: func.func @float_conv(
// CHECK: tml.transpose
// CHECK: tml.conv
// CHECK-NOT: layout = "NHWC"
func.func @float_conv(%x: tensor<1x4x4x2xf32>, %w: tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> {
  %t0 = tml.transpose %x {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x4x4xf32>
  %c = tml.conv %t0, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  return %c : tensor<1x3x4x4xf32>
}
