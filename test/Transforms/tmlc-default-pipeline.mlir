// What `tmlc compile` runs: canonicalize (constant folding), fuse the
// BatchNormalization-style affine ops into the conv, canonicalize, CSE and
// plan the arena.
// RUN: tmlc-opt %s --tmlc-default-pipeline | FileCheck %s
// RUN: tmlc-opt %s --tmlc-default-pipeline | %python %S/Inputs/check_plan.py 16 | FileCheck %s --check-prefix=PLAN

// The weight preprocessing chain (reshape + transpose of a constant) folds,
// the scale s = 2 (computed as 1 + 1) and shift 0.5 fold into the conv
// (w' = 2w, b' = 2 * 1 + 0.5 = 2.5), and the duplicated sigmoid is merged by
// CSE. Left: conv, sigmoid, add -- two 16-byte arena buffers.
// PLAN: PLAN-OK model buffers=2 arena=32
// CHECK-LABEL: func.func @model(
// CHECK-SAME: tmlc.arena_size = 32
// CHECK-DAG: %[[W:.*]] = tml.constant dense<{{\[}}{{\[}}{{\[}}[2.000000e+00, 6.000000e+00], [4.000000e+00, 8.000000e+00]]]]> : tensor<1x1x2x2xf32>
// CHECK-DAG: %[[B:.*]] = tml.constant dense<2.500000e+00> : tensor<1xf32>
// CHECK: %[[C:.*]] = tml.conv %{{.*}}, %[[W]], %[[B]] {{{.*}}tmlc.arena_offset = 0 : i64} : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT: %[[S:.*]] = tml.sigmoid %[[C]] {tmlc.arena_offset = 16 : i64}
// CHECK-NEXT: %[[R:.*]] = tml.add %[[S]], %[[S]] :
// CHECK-NEXT: return %[[R]]
func.func @model(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32> {
  %raw = tml.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %r = tml.reshape %raw : (tensor<4xf32>) -> tensor<2x2xf32>
  %t = tml.transpose %r {perm = array<i64: 1, 0>} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %w = tml.reshape %t : (tensor<2x2xf32>) -> tensor<1x1x2x2xf32>
  %b = tml.constant dense<1.0> : tensor<1xf32>
  %one = tml.constant dense<1.0> : tensor<1x1x1x1xf32>
  %s = tml.add %one, %one : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %shift = tml.constant dense<0.5> : tensor<1x1x1x1xf32>
  %0 = tml.conv %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64} : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %1 = tml.mul %0, %s : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %2 = tml.add %1, %shift : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %3 = tml.sigmoid %2 : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %4 = tml.sigmoid %2 : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %5 = tml.add %3, %4 : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  return %5 : tensor<1x1x2x2xf32>
}
