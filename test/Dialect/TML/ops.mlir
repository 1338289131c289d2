// Round trip of every tml op: parse, print, re-parse, print again.
// RUN: tmlc-opt %s | tmlc-opt | FileCheck %s
// Generic form must round-trip too.
// RUN: tmlc-opt %s --mlir-print-op-generic | tmlc-opt | FileCheck %s

// CHECK-LABEL: func.func @quant(
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.reshape %{{[a-z0-9]+}} : (tensor<2x3x!quant.uniform<i8:f32, 5.000000e-01:3>>) -> tensor<6x!quant.uniform<i8:f32, 5.000000e-01:3>>
// CHECK-LABEL: func.func @all(
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.add %{{[a-z0-9]+}}, %{{[a-z0-9]+}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.sub %{{[a-z0-9]+}}, %{{[a-z0-9]+}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.mul %{{[a-z0-9]+}}, %{{[a-z0-9]+}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.div %{{[a-z0-9]+}}, %{{[a-z0-9]+}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.pow %{{[a-z0-9]+}}, %{{[a-z0-9]+}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.min %{{[a-z0-9]+}}, %{{[a-z0-9]+}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.max %{{[a-z0-9]+}}, %{{[a-z0-9]+}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.prelu %{{[a-z0-9]+}}, %{{[a-z0-9]+}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.relu %{{[a-z0-9]+}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.sigmoid %{{[a-z0-9]+}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.tanh %{{[a-z0-9]+}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.exp %{{[a-z0-9]+}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.log %{{[a-z0-9]+}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.sqrt %{{[a-z0-9]+}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.neg %{{[a-z0-9]+}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.abs %{{[a-z0-9]+}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.reciprocal %{{[a-z0-9]+}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.hard_swish %{{[a-z0-9]+}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.leaky_relu %{{[a-z0-9]+}} {alpha = 1.000000e-01 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.hard_sigmoid %{{[a-z0-9]+}} {alpha = 2.000000e-01 : f32, beta = 5.000000e-01 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.clip %{{[a-z0-9]+}} {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.cast %{{[a-z0-9]+}} : (tensor<2x3xf32>) -> tensor<2x3xi32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.softmax %{{[a-z0-9]+}} {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.log_softmax %{{[a-z0-9]+}} {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.matmul %{{[a-z0-9]+}}, %{{[a-z0-9]+}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.conv %{{[a-z0-9]+}}, %{{[a-z0-9]+}}, %{{[a-z0-9]+}} {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x4x4xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.conv %{{[a-z0-9]+}}, %{{[a-z0-9]+}} {dilations = array<i64: 2, 2>, group = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x4x4xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.max_pool %{{[a-z0-9]+}} {count_include_pad = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x6x4x4xf32>) -> tensor<1x6x2x2xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.avg_pool %{{[a-z0-9]+}} {count_include_pad = true, dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x6x4x4xf32>) -> tensor<1x6x2x2xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.reduce_sum %{{[a-z0-9]+}} {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.reduce_mean %{{[a-z0-9]+}} {axes = array<i64: 0, 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<1x1xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.reduce_max %{{[a-z0-9]+}} {axes = array<i64: 0>, keepdims = false} : (tensor<2x3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.reduce_min %{{[a-z0-9]+}} {axes = array<i64: 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x1xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.reshape %{{[a-z0-9]+}} : (tensor<2x3xf32>) -> tensor<6xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.transpose %{{[a-z0-9]+}} {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.concat %{{[a-z0-9]+}}, %{{[a-z0-9]+}} {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.slice %{{[a-z0-9]+}} {starts = array<i64: 3, 0>, steps = array<i64: -1, 2>} : (tensor<4x3xf32>) -> tensor<2x2xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.pad %{{[a-z0-9]+}} {mode = "reflect", pads = array<i64: 1, 0, 1, 2>, value = 0.000000e+00 : f64} : (tensor<2x3xf32>) -> tensor<4x5xf32>
// CHECK-NEXT: %{{[a-z0-9]+}} = tml.gather %{{[a-z0-9]+}}, %{{[a-z0-9]+}} {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x2xf32>

func.func @quant(%q: tensor<2x3x!quant.uniform<i8:f32, 5.000000e-01:3>>) -> tensor<6x!quant.uniform<i8:f32, 5.000000e-01:3>> {
  %0 = tml.reshape %q : (tensor<2x3x!quant.uniform<i8:f32, 5.000000e-01:3>>) -> tensor<6x!quant.uniform<i8:f32, 5.000000e-01:3>>
  return %0 : tensor<6x!quant.uniform<i8:f32, 5.000000e-01:3>>
}

func.func @all(%x: tensor<2x3xf32>, %v: tensor<3xf32>, %img: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>, %i: tensor<2xi64>) -> tensor<2x3xf32> {
  %c = tml.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = tml.add %x, %v : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = tml.sub %0, %c : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = tml.mul %1, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = tml.div %2, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = tml.pow %3, %v : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %5 = tml.min %4, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %6 = tml.max %5, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = tml.prelu %6, %v : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %8 = tml.relu %7 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %9 = tml.sigmoid %8 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %10 = tml.tanh %9 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %11 = tml.exp %10 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %12 = tml.log %11 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %13 = tml.sqrt %12 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %14 = tml.neg %13 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %15 = tml.abs %14 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %16 = tml.reciprocal %15 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %17 = tml.hard_swish %16 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %18 = tml.leaky_relu %17 {alpha = 1.000000e-01 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %19 = tml.hard_sigmoid %18 {alpha = 2.000000e-01 : f32, beta = 5.000000e-01 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %20 = tml.clip %19 {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %21 = tml.cast %20 : (tensor<2x3xf32>) -> tensor<2x3xi32>
  %22 = tml.softmax %20 {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %23 = tml.log_softmax %22 {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %24 = tml.matmul %23, %c : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2xf32>
  %25 = tml.conv %img, %w, %b {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x4x4xf32>
  %26 = tml.conv %img, %w {dilations = array<i64: 2, 2>, group = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x4x4xf32>
  %27 = tml.max_pool %25 {count_include_pad = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x6x4x4xf32>) -> tensor<1x6x2x2xf32>
  %28 = tml.avg_pool %26 {count_include_pad = true, dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x6x4x4xf32>) -> tensor<1x6x2x2xf32>
  %29 = tml.reduce_sum %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  %30 = tml.reduce_mean %x {axes = array<i64: 0, 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<1x1xf32>
  %31 = tml.reduce_max %x {axes = array<i64: 0>, keepdims = false} : (tensor<2x3xf32>) -> tensor<3xf32>
  %32 = tml.reduce_min %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %33 = tml.reshape %x : (tensor<2x3xf32>) -> tensor<6xf32>
  %34 = tml.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %35 = tml.concat %x, %x {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %36 = tml.slice %35 {starts = array<i64: 3, 0>, steps = array<i64: -1, 2>} : (tensor<4x3xf32>) -> tensor<2x2xf32>
  %37 = tml.pad %x {mode = "reflect", pads = array<i64: 1, 0, 1, 2>, value = 0.000000e+00 : f64} : (tensor<2x3xf32>) -> tensor<4x5xf32>
  %38 = tml.gather %x, %i {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x2xf32>
  return %20 : tensor<2x3xf32>
}
