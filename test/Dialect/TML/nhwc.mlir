// The NHWC forms of the window ops (layout attribute), tml.requantize, and
// their verifiers.
// RUN: tmlc-opt %s -split-input-file | tmlc-opt | FileCheck %s

!q = !quant.uniform<i8:f32, 0.5:-3>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.25, 0.5}>

// CHECK-LABEL: func.func @conv_nhwc(
// CHECK: tml.conv %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, group = 1 : i64, layout = "NHWC", pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x8x8x3x!quant.uniform<i8:f32, 5.000000e-01:-3>>, tensor<2x3x3x3x!quant.uniform<i8<-127:127>:f32:0, {2.500000e-01,5.000000e-01}>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 5.000000e-01:-3>>
func.func @conv_nhwc(%x: tensor<1x8x8x3x!q>, %w: tensor<2x3x3x3x!w>) -> tensor<1x4x4x2x!q> {
  %0 = tml.conv %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64, layout = "NHWC"} : (tensor<1x8x8x3x!q>, tensor<2x3x3x3x!w>) -> tensor<1x4x4x2x!q>
  return %0 : tensor<1x4x4x2x!q>
}

// -----

// The default layout is NCHW and is not printed.
// CHECK-LABEL: func.func @conv_default(
// CHECK: tml.conv %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, fully_connected, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
func.func @conv_default(%x: tensor<2x3x1x1xf32>, %w: tensor<4x3x1x1xf32>) -> tensor<2x4x1x1xf32> {
  %0 = tml.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 1 : i64, fully_connected} : (tensor<2x3x1x1xf32>, tensor<4x3x1x1xf32>) -> tensor<2x4x1x1xf32>
  return %0 : tensor<2x4x1x1xf32>
}

// -----

!q = !quant.uniform<i8:f32, 0.5:-3>
// Depthwise in NHWC: group = C, weights OHWI with I = 1.
// CHECK-LABEL: func.func @depthwise_and_pool_nhwc(
// CHECK: tml.conv {{.*}}group = 4 : i64, layout = "NHWC"
// CHECK: tml.avg_pool {{.*}}layout = "NHWC"
// CHECK: tml.max_pool {{.*}}layout = "NHWC"
func.func @depthwise_and_pool_nhwc(%x: tensor<1x6x6x4x!q>, %w: tensor<4x3x3x1x!q>) -> tensor<1x2x2x4x!q> {
  %0 = tml.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 4 : i64, layout = "NHWC"} : (tensor<1x6x6x4x!q>, tensor<4x3x3x1x!q>) -> tensor<1x4x4x4x!q>
  %1 = tml.avg_pool %0 {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, count_include_pad = false, layout = "NHWC"} : (tensor<1x4x4x4x!q>) -> tensor<1x3x3x4x!q>
  %2 = tml.max_pool %1 {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, count_include_pad = false, layout = "NHWC"} : (tensor<1x3x3x4x!q>) -> tensor<1x2x2x4x!q>
  return %2 : tensor<1x2x2x4x!q>
}

// -----

// CHECK-LABEL: func.func @requantize(
// CHECK: tml.requantize %{{.*}} : (tensor<4x!quant.uniform<i8:f32, 5.000000e-01:-3>>) -> tensor<4x!quant.uniform<i8:f32, 2.500000e-01:7>>
func.func @requantize(%x: tensor<4x!quant.uniform<i8:f32, 0.5:-3>>) -> tensor<4x!quant.uniform<i8:f32, 0.25:7>> {
  %0 = tml.requantize %x : (tensor<4x!quant.uniform<i8:f32, 0.5:-3>>) -> tensor<4x!quant.uniform<i8:f32, 0.25:7>>
  return %0 : tensor<4x!quant.uniform<i8:f32, 0.25:7>>
}
