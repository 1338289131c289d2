// RUN: tmlc-opt %s -split-input-file -tmlc-fuse-activations | FileCheck %s

// A relu / relu6 directly after a quantized conv or add, with the same
// type, becomes the producer's real-valued clamp; a relu with another
// output quantization, or on float, stays.
// CHECK-LABEL: func.func @fuse(
// CHECK: %[[C:.*]] = tml.conv {{.*}}tmlc.clamp = array<f64: 0.000000e+00, 0x7FF0000000000000>
// CHECK: %[[A:.*]] = tml.add %[[C]], %[[C]] {tmlc.clamp = array<f64: 0.000000e+00, 6.000000e+00>}
// CHECK: %[[R:.*]] = tml.relu %[[A]] : {{.*}} -> tensor<1x2x2x2x!quant.uniform<i8:f32, 2.500000e-01:-3>>
// CHECK: %[[F:.*]] = tml.relu %arg2
// CHECK: return %[[R]], %[[F]]
!q = !quant.uniform<i8:f32, 0.5:-3>
!q2 = !quant.uniform<i8:f32, 0.25:-3>
func.func @fuse(%x: tensor<1x2x2x2x!q>, %w: tensor<2x1x1x2x!q>, %f: tensor<4xf32>) -> (tensor<1x2x2x2x!q2>, tensor<4xf32>) {
  %c = tml.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64, layout = "NHWC"} : (tensor<1x2x2x2x!q>, tensor<2x1x1x2x!q>) -> tensor<1x2x2x2x!q>
  %r = tml.relu %c : (tensor<1x2x2x2x!q>) -> tensor<1x2x2x2x!q>
  %a = tml.add %r, %r : (tensor<1x2x2x2x!q>, tensor<1x2x2x2x!q>) -> tensor<1x2x2x2x!q>
  %r6 = tml.clip %a {min = 0.0 : f64, max = 6.0 : f64} : (tensor<1x2x2x2x!q>) -> tensor<1x2x2x2x!q>
  %other = tml.relu %r6 : (tensor<1x2x2x2x!q>) -> tensor<1x2x2x2x!q2>
  %fr = tml.relu %f : (tensor<4xf32>) -> tensor<4xf32>
  return %other, %fr : tensor<1x2x2x2x!q2>, tensor<4xf32>
}

// -----

// Two users of the conv: the clamp cannot move into it.
// CHECK-LABEL: func.func @two_uses(
// CHECK: tml.conv
// CHECK-NOT: tmlc.clamp
// CHECK: tml.relu
!q = !quant.uniform<i8:f32, 0.5:-3>
func.func @two_uses(%x: tensor<1x2x2x2x!q>, %w: tensor<2x1x1x2x!q>) -> (tensor<1x2x2x2x!q>, tensor<1x2x2x2x!q>) {
  %c = tml.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64, layout = "NHWC"} : (tensor<1x2x2x2x!q>, tensor<2x1x1x2x!q>) -> tensor<1x2x2x2x!q>
  %r = tml.relu %c : (tensor<1x2x2x2x!q>) -> tensor<1x2x2x2x!q>
  return %c, %r : tensor<1x2x2x2x!q>, tensor<1x2x2x2x!q>
}

// -----

// qcast(dcast(x)) is x with the same type and a requantization otherwise;
// dcast(qcast(f)) rounds and stays.
// CHECK-LABEL: func.func @quant_pairs(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x!quant.uniform<i8:f32, 5.000000e-01:-3>>
// CHECK: %[[RQ:.*]] = tml.requantize %[[X]] : {{.*}} -> tensor<4x!quant.uniform<i8:f32, 2.500000e-01:1>>
// CHECK: "quant.qcast"
// CHECK: "quant.dcast"
// CHECK: return %[[X]], %[[RQ]]
!q = !quant.uniform<i8:f32, 0.5:-3>
!q2 = !quant.uniform<i8:f32, 0.25:1>
func.func @quant_pairs(%x: tensor<4x!q>, %f: tensor<4xf32>) -> (tensor<4x!q>, tensor<4x!q2>, tensor<4xf32>) {
  %d = "quant.dcast"(%x) : (tensor<4x!q>) -> tensor<4xf32>
  %same = "quant.qcast"(%d) : (tensor<4xf32>) -> tensor<4x!q>
  %other = "quant.qcast"(%d) : (tensor<4xf32>) -> tensor<4x!q2>
  %q = "quant.qcast"(%f) : (tensor<4xf32>) -> tensor<4x!q>
  %back = "quant.dcast"(%q) : (tensor<4x!q>) -> tensor<4xf32>
  return %same, %other, %back : tensor<4x!q>, tensor<4x!q2>, tensor<4xf32>
}
