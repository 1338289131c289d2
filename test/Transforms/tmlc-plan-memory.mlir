// RUN: tmlc-opt %s -split-input-file -tmlc-plan-memory | FileCheck %s
// RUN: tmlc-opt %s -split-input-file -tmlc-plan-memory='alignment=64' | FileCheck %s --check-prefix=A64
// The plan's invariants, checked by an independent liveness computation:
// RUN: tmlc-opt %s -tmlc-plan-memory | %python %S/Inputs/check_plan.py 16 | FileCheck %s --check-prefixes=PLAN,PLAN16
// RUN: tmlc-opt %s -tmlc-plan-memory='alignment=64' | %python %S/Inputs/check_plan.py 64 | FileCheck %s --check-prefixes=PLAN,PLAN64
// RUN: not tmlc-opt %s -tmlc-plan-memory='alignment=0' 2>&1 | FileCheck %s --check-prefix=BADALIGN
// BADALIGN: error: 'func.func' op alignment must be positive

// A chain of 64-byte tensors: each buffer dies when the next op has read it,
// so the third reuses the first one's bytes; the returned value is written
// straight into the caller's output buffer and takes no arena space.
// PLAN: PLAN-OK chain buffers=3 arena=128
// CHECK-LABEL: func.func @chain(
// CHECK-SAME: tmlc.arena_size = 128
// CHECK: tml.relu %{{.*}} {tmlc.arena_offset = 0 : i64}
// CHECK: tml.sigmoid %{{.*}} {tmlc.arena_offset = 64 : i64}
// CHECK: tml.tanh %{{.*}} {tmlc.arena_offset = 0 : i64}
// CHECK: %[[OUT:.*]] = tml.exp %{{.*}} : (
// CHECK: return %[[OUT]]
func.func @chain(%x: tensor<1x16xf32>) -> tensor<1x16xf32> {
  %0 = tml.relu %x : (tensor<1x16xf32>) -> tensor<1x16xf32>
  %1 = tml.sigmoid %0 : (tensor<1x16xf32>) -> tensor<1x16xf32>
  %2 = tml.tanh %1 : (tensor<1x16xf32>) -> tensor<1x16xf32>
  %3 = tml.exp %2 : (tensor<1x16xf32>) -> tensor<1x16xf32>
  return %3 : tensor<1x16xf32>
}

// -----

// %0 is read again by the last op, so it overlaps the lifetimes of %1 and
// %2: three disjoint buffers.
// PLAN: PLAN-OK long_lived buffers=3 arena=192
// CHECK-LABEL: func.func @long_lived(
// CHECK-SAME: tmlc.arena_size = 192
// CHECK: tml.relu %{{.*}} {tmlc.arena_offset = 0 : i64}
// CHECK: tml.sigmoid %{{.*}} {tmlc.arena_offset = 64 : i64}
// CHECK: tml.tanh %{{.*}} {tmlc.arena_offset = 128 : i64}
func.func @long_lived(%x: tensor<1x16xf32>) -> tensor<1x16xf32> {
  %0 = tml.relu %x : (tensor<1x16xf32>) -> tensor<1x16xf32>
  %1 = tml.sigmoid %0 : (tensor<1x16xf32>) -> tensor<1x16xf32>
  %2 = tml.tanh %1 : (tensor<1x16xf32>) -> tensor<1x16xf32>
  %3 = tml.add %0, %2 : (tensor<1x16xf32>, tensor<1x16xf32>) -> tensor<1x16xf32>
  return %3 : tensor<1x16xf32>
}

// -----

// 12-byte buffers are placed at aligned offsets; the arena ends exactly at
// the last buffer's last byte (16 + 12 = 28, or 64 + 12 = 76).
// PLAN16: PLAN-OK aligned buffers=2 arena=28
// PLAN64: PLAN-OK aligned buffers=2 arena=76
// CHECK-LABEL: func.func @aligned(
// CHECK-SAME: tmlc.arena_size = 28
// CHECK: tml.relu %{{.*}} {tmlc.arena_offset = 0 : i64}
// CHECK: tml.sigmoid %{{.*}} {tmlc.arena_offset = 16 : i64}
// A64-LABEL: func.func @aligned(
// A64-SAME: tmlc.arena_size = 76
// A64: tml.relu %{{.*}} {tmlc.arena_offset = 0 : i64}
// A64: tml.sigmoid %{{.*}} {tmlc.arena_offset = 64 : i64}
func.func @aligned(%x: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %0 = tml.relu %x : (tensor<1x3xf32>) -> tensor<1x3xf32>
  %1 = tml.sigmoid %0 : (tensor<1x3xf32>) -> tensor<1x3xf32>
  %2 = tml.tanh %1 : (tensor<1x3xf32>) -> tensor<1x3xf32>
  return %2 : tensor<1x3xf32>
}

// -----

// A reshape is a view of its operand: it gets no buffer, and returning the
// view keeps the viewed buffer (%0) alive to the end, so %2 cannot reuse it.
// Constants and inputs are never in the arena.
// PLAN16: PLAN-OK views buffers=2 arena=56
// PLAN64: PLAN-OK views buffers=2 arena=88
// CHECK-LABEL: func.func @views(
// CHECK-SAME: tmlc.arena_size = 56
// CHECK: tml.relu %{{.*}} {tmlc.arena_offset = 0 : i64}
// CHECK: tml.reshape %{{.*}} : (
// CHECK: tml.sigmoid %{{.*}} {tmlc.arena_offset = 32 : i64}
// CHECK: tml.constant dense
// CHECK-NOT: arena_offset
// CHECK: return
func.func @views(%x: tensor<2x3xf32>) -> (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) {
  %0 = tml.relu %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = tml.reshape %0 : (tensor<2x3xf32>) -> tensor<6xf32>
  %2 = tml.sigmoid %1 : (tensor<6xf32>) -> tensor<6xf32>
  %c = tml.constant dense<1.0> : tensor<6xf32>
  %3 = tml.add %2, %c : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
  return %1, %3, %c : tensor<6xf32>, tensor<6xf32>, tensor<6xf32>
}

// -----

// Largest buffer first: the 64-byte concat goes to offset 0 and the 4-byte
// sum, live at the same time, after it.
// PLAN: PLAN-OK largest_first buffers=2 arena=68
// CHECK-LABEL: func.func @largest_first(
// CHECK-SAME: tmlc.arena_size = 68
// CHECK: tml.concat %{{.*}} {axis = 1 : i64, tmlc.arena_offset = 0 : i64}
// CHECK: tml.reduce_sum %{{.*}} tmlc.arena_offset = 64 : i64
func.func @largest_first(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = tml.concat %x, %x, %x, %x {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x16xf32>
  %1 = tml.reduce_sum %0 {axes = array<i64: 1>, keepdims = true} : (tensor<1x16xf32>) -> tensor<1x1xf32>
  %2 = tml.mul %1, %x : (tensor<1x1xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// Nothing to plan: the arena is empty.
// PLAN: PLAN-OK empty buffers=0 arena=0
// CHECK-LABEL: func.func @empty(
// CHECK-SAME: tmlc.arena_size = 0
func.func @empty(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tml.relu %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
