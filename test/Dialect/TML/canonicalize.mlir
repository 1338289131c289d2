// Constant folding of every foldable tml op. Expected values were computed
// with numpy by Inputs/gen_canonicalize.py, independently of the folders.
// RUN: tmlc-opt %s -canonicalize | FileCheck %s

// CHECK-LABEL: func.func @add_broadcast_row()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}{{\[}}1.500000e+00, 1.000000e+00, 5.000000e+00], {{\[}}4.500000e+00, 4.000000e+00, 8.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @add_broadcast_row() -> tensor<2x3xf32> {
  %c0 = tml.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %c1 = tml.constant dense<[0.5, -1.0, 2.0]> : tensor<3xf32>
  %r = tml.add %c0, %c1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @sub_broadcast_col()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}{{\[}}-9.000000e+00, -8.000000e+00, -7.000000e+00], {{\[}}7.000000e+00, 8.000000e+00, 9.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @sub_broadcast_col() -> tensor<2x3xf32> {
  %c0 = tml.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %c1 = tml.constant dense<[[10.0], [-3.0]]> : tensor<2x1xf32>
  %r = tml.sub %c0, %c1 : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @mul_broadcast_both()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}{{\[}}5.000000e+00, -1.000000e+01, 2.000000e+01], {{\[}}-1.500000e+00, 3.000000e+00, -6.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @mul_broadcast_both() -> tensor<2x3xf32> {
  %c0 = tml.constant dense<[[10.0], [-3.0]]> : tensor<2x1xf32>
  %c1 = tml.constant dense<[0.5, -1.0, 2.0]> : tensor<3xf32>
  %r = tml.mul %c0, %c1 : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @div()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}{{\[}}5.000000e-01, 1.000000e+00, 1.500000e+00], {{\[}}1.000000e+00, 1.250000e+00, 1.500000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @div() -> tensor<2x3xf32> {
  %c0 = tml.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %c1 = tml.constant dense<[[2.0], [4.0]]> : tensor<2x1xf32>
  %r = tml.div %c0, %c1 : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @pow()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}8.000000e+00, 9.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK-NEXT: return %[[R]]
func.func @pow() -> tensor<3xf32> {
  %c0 = tml.constant dense<[2.0, 3.0, 9.0]> : tensor<3xf32>
  %c1 = tml.constant dense<[3.0, 2.0, 0.5]> : tensor<3xf32>
  %r = tml.pow %c0, %c1 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// CHECK-LABEL: func.func @min()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}{{\[}}1.000000e+00, 2.000000e+00, 2.500000e+00], {{\[}}2.500000e+00, 2.500000e+00, 2.500000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @min() -> tensor<2x3xf32> {
  %c0 = tml.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %c1 = tml.constant dense<[2.5]> : tensor<1xf32>
  %r = tml.min %c0, %c1 : (tensor<2x3xf32>, tensor<1xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @max()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}{{\[}}3.500000e+00, 2.000000e+00, 7.000000e+00], {{\[}}4.000000e+00, 5.000000e+00, 7.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @max() -> tensor<2x3xf32> {
  %c0 = tml.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %c1 = tml.constant dense<[[3.5, 0.0, 7.0]]> : tensor<1x3xf32>
  %r = tml.max %c0, %c1 : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @prelu()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}{{\[}}-1.000000e+00, 3.000000e+00, -8.000000e+00], {{\[}}1.000000e+00, -2.500000e-01, 0.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @prelu() -> tensor<2x3xf32> {
  %c0 = tml.constant dense<[[-2.0, 3.0, -4.0], [1.0, -1.0, 0.0]]> : tensor<2x3xf32>
  %c1 = tml.constant dense<[0.5, 0.25, 2.0]> : tensor<3xf32>
  %r = tml.prelu %c0, %c1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @add_i64()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}{{\[}}101, -5], {{\[}}103, -3]]> : tensor<2x2xi64>
// CHECK-NEXT: return %[[R]]
func.func @add_i64() -> tensor<2x2xi64> {
  %c0 = tml.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  %c1 = tml.constant dense<[100, -7]> : tensor<2xi64>
  %r = tml.add %c0, %c1 : (tensor<2x2xi64>, tensor<2xi64>) -> tensor<2x2xi64>
  return %r : tensor<2x2xi64>
}

// CHECK-LABEL: func.func @mul_i32_wraps()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}0, -15]> : tensor<2xi32>
// CHECK-NEXT: return %[[R]]
func.func @mul_i32_wraps() -> tensor<2xi32> {
  %c0 = tml.constant dense<[65536, 3]> : tensor<2xi32>
  %c1 = tml.constant dense<[65536, -5]> : tensor<2xi32>
  %r = tml.mul %c0, %c1 : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %r : tensor<2xi32>
}

// CHECK-LABEL: func.func @div_i64_truncates()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}3, -3, -2]> : tensor<3xi64>
// CHECK-NEXT: return %[[R]]
func.func @div_i64_truncates() -> tensor<3xi64> {
  %c0 = tml.constant dense<[7, -7, 9]> : tensor<3xi64>
  %c1 = tml.constant dense<[2, 2, -4]> : tensor<3xi64>
  %r = tml.div %c0, %c1 : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  return %r : tensor<3xi64>
}

// CHECK-LABEL: func.func @relu()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}0.000000e+00, 2.500000e-01, 2.000000e+00, 4.000000e+00]> : tensor<4xf32>
// CHECK-NEXT: return %[[R]]
func.func @relu() -> tensor<4xf32> {
  %c0 = tml.constant dense<[-1.5, 0.25, 2.0, 4.0]> : tensor<4xf32>
  %r = tml.relu %c0 : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// CHECK-LABEL: func.func @neg()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}1.500000e+00, -2.500000e-01, -2.000000e+00, -4.000000e+00]> : tensor<4xf32>
// CHECK-NEXT: return %[[R]]
func.func @neg() -> tensor<4xf32> {
  %c0 = tml.constant dense<[-1.5, 0.25, 2.0, 4.0]> : tensor<4xf32>
  %r = tml.neg %c0 : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// CHECK-LABEL: func.func @abs()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}1.500000e+00, 2.500000e-01, 2.000000e+00, 4.000000e+00]> : tensor<4xf32>
// CHECK-NEXT: return %[[R]]
func.func @abs() -> tensor<4xf32> {
  %c0 = tml.constant dense<[-1.5, 0.25, 2.0, 4.0]> : tensor<4xf32>
  %r = tml.abs %c0 : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// CHECK-LABEL: func.func @sqrt()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}5.000000e-01, 1.000000e+00, 1.41421{{[0-9]*}}, 2.000000e+00]> : tensor<4xf32>
// CHECK-NEXT: return %[[R]]
func.func @sqrt() -> tensor<4xf32> {
  %c0 = tml.constant dense<[0.25, 1.0, 2.0, 4.0]> : tensor<4xf32>
  %r = tml.sqrt %c0 : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// CHECK-LABEL: func.func @reciprocal()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}4.000000e+00, 1.000000e+00, 5.000000e-01, 2.500000e-01]> : tensor<4xf32>
// CHECK-NEXT: return %[[R]]
func.func @reciprocal() -> tensor<4xf32> {
  %c0 = tml.constant dense<[0.25, 1.0, 2.0, 4.0]> : tensor<4xf32>
  %r = tml.reciprocal %c0 : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// CHECK-LABEL: func.func @exp()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}1.000000e+00, 2.71828{{[0-9]*}}, 7.38905{{[0-9]*}}]> : tensor<3xf32>
// CHECK-NEXT: return %[[R]]
func.func @exp() -> tensor<3xf32> {
  %c0 = tml.constant dense<[0.0, 1.0, 2.0]> : tensor<3xf32>
  %r = tml.exp %c0 : (tensor<3xf32>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// CHECK-LABEL: func.func @log()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}0.40546{{[0-9]*}}, 1.09861{{[0-9]*}}, 2.19722{{[0-9]*}}]> : tensor<3xf32>
// CHECK-NEXT: return %[[R]]
func.func @log() -> tensor<3xf32> {
  %c0 = tml.constant dense<[1.5, 3.0, 9.0]> : tensor<3xf32>
  %r = tml.log %c0 : (tensor<3xf32>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// CHECK-LABEL: func.func @tanh()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}0.46211{{[0-9]*}}, 0.76159{{[0-9]*}}, 0.96402{{[0-9]*}}]> : tensor<3xf32>
// CHECK-NEXT: return %[[R]]
func.func @tanh() -> tensor<3xf32> {
  %c0 = tml.constant dense<[0.5, 1.0, 2.0]> : tensor<3xf32>
  %r = tml.tanh %c0 : (tensor<3xf32>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// CHECK-LABEL: func.func @sigmoid()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}5.000000e-01, 0.73105{{[0-9]*}}, 0.95257{{[0-9]*}}]> : tensor<3xf32>
// CHECK-NEXT: return %[[R]]
func.func @sigmoid() -> tensor<3xf32> {
  %c0 = tml.constant dense<[0.0, 1.0, 3.0]> : tensor<3xf32>
  %r = tml.sigmoid %c0 : (tensor<3xf32>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// CHECK-LABEL: func.func @hard_swish()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}-0.000000e+00, -3.750000e-01, 0.000000e+00, 1.125000e+00, 4.000000e+00]> : tensor<5xf32>
// CHECK-NEXT: return %[[R]]
func.func @hard_swish() -> tensor<5xf32> {
  %c0 = tml.constant dense<[-4.0, -1.5, 0.0, 1.5, 4.0]> : tensor<5xf32>
  %r = tml.hard_swish %c0 : (tensor<5xf32>) -> tensor<5xf32>
  return %r : tensor<5xf32>
}

// CHECK-LABEL: func.func @leaky_relu()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}-7.500000e-01, 2.500000e-01, 2.000000e+00, 4.000000e+00]> : tensor<4xf32>
// CHECK-NEXT: return %[[R]]
func.func @leaky_relu() -> tensor<4xf32> {
  %c0 = tml.constant dense<[-1.5, 0.25, 2.0, 4.0]> : tensor<4xf32>
  %r = tml.leaky_relu %c0 {alpha = 5.000000e-01 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// CHECK-LABEL: func.func @hard_sigmoid()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}0.000000e+00, 2.500000e-01, 5.000000e-01, 7.500000e-01, 1.000000e+00]> : tensor<5xf32>
// CHECK-NEXT: return %[[R]]
func.func @hard_sigmoid() -> tensor<5xf32> {
  %c0 = tml.constant dense<[-5.0, -1.0, 0.0, 1.0, 5.0]> : tensor<5xf32>
  %r = tml.hard_sigmoid %c0 {alpha = 2.500000e-01 : f32, beta = 5.000000e-01 : f32} : (tensor<5xf32>) -> tensor<5xf32>
  return %r : tensor<5xf32>
}

// CHECK-LABEL: func.func @clip()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}-1.000000e+00, 2.500000e-01, 2.000000e+00, 2.500000e+00]> : tensor<4xf32>
// CHECK-NEXT: return %[[R]]
func.func @clip() -> tensor<4xf32> {
  %c0 = tml.constant dense<[-1.5, 0.25, 2.0, 4.0]> : tensor<4xf32>
  %r = tml.clip %c0 {max = 2.500000e+00 : f64, min = -1.000000e+00 : f64} : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// CHECK-LABEL: func.func @relu_i64()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}0, 0, 5]> : tensor<3xi64>
// CHECK-NEXT: return %[[R]]
func.func @relu_i64() -> tensor<3xi64> {
  %c0 = tml.constant dense<[-3, 0, 5]> : tensor<3xi64>
  %r = tml.relu %c0 : (tensor<3xi64>) -> tensor<3xi64>
  return %r : tensor<3xi64>
}

// CHECK-LABEL: func.func @neg_i32()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}3, 0, -5]> : tensor<3xi32>
// CHECK-NEXT: return %[[R]]
func.func @neg_i32() -> tensor<3xi32> {
  %c0 = tml.constant dense<[-3, 0, 5]> : tensor<3xi32>
  %r = tml.neg %c0 : (tensor<3xi32>) -> tensor<3xi32>
  return %r : tensor<3xi32>
}

// CHECK-LABEL: func.func @cast_f32_to_i32()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}-1, 0, 0, 2, 7]> : tensor<5xi32>
// CHECK-NEXT: return %[[R]]
func.func @cast_f32_to_i32() -> tensor<5xi32> {
  %c0 = tml.constant dense<[-1.75, -0.5, 0.0, 2.9000000953674316, 7.0]> : tensor<5xf32>
  %r = tml.cast %c0 : (tensor<5xf32>) -> tensor<5xi32>
  return %r : tensor<5xi32>
}

// CHECK-LABEL: func.func @cast_f32_to_i1()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}true, true, false, true, true]> : tensor<5xi1>
// CHECK-NEXT: return %[[R]]
func.func @cast_f32_to_i1() -> tensor<5xi1> {
  %c0 = tml.constant dense<[-1.75, -0.5, 0.0, 2.9000000953674316, 7.0]> : tensor<5xf32>
  %r = tml.cast %c0 : (tensor<5xf32>) -> tensor<5xi1>
  return %r : tensor<5xi1>
}

// CHECK-LABEL: func.func @cast_i64_to_f32()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}-3.000000e+00, 0.000000e+00, 4.096000e+03, 5.000000e+00]> : tensor<4xf32>
// CHECK-NEXT: return %[[R]]
func.func @cast_i64_to_f32() -> tensor<4xf32> {
  %c0 = tml.constant dense<[-3, 0, 4096, 5]> : tensor<4xi64>
  %r = tml.cast %c0 : (tensor<4xi64>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// CHECK-LABEL: func.func @cast_i64_to_i32_wraps()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}5, -1, -2147483648]> : tensor<3xi32>
// CHECK-NEXT: return %[[R]]
func.func @cast_i64_to_i32_wraps() -> tensor<3xi32> {
  %c0 = tml.constant dense<[4294967301, -1, 2147483648]> : tensor<3xi64>
  %r = tml.cast %c0 : (tensor<3xi64>) -> tensor<3xi32>
  return %r : tensor<3xi32>
}

// CHECK-LABEL: func.func @reshape()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}{{\[}}1.000000e+00, 2.000000e+00], {{\[}}3.000000e+00, 4.000000e+00], {{\[}}5.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape() -> tensor<3x2xf32> {
  %c0 = tml.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %r = tml.reshape %c0 : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %r : tensor<3x2xf32>
}

// CHECK-LABEL: func.func @transpose()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}{{\[}}{{\[}}0.000000e+00, 4.000000e+00, 8.000000e+00], {{\[}}1.200000e+01, 1.600000e+01, 2.000000e+01]], {{\[}}{{\[}}1.000000e+00, 5.000000e+00, 9.000000e+00], {{\[}}1.300000e+01, 1.700000e+01, 2.100000e+01]], {{\[}}{{\[}}2.000000e+00, 6.000000e+00, 1.000000e+01], {{\[}}1.400000e+01, 1.800000e+01, 2.200000e+01]], {{\[}}{{\[}}3.000000e+00, 7.000000e+00, 1.100000e+01], {{\[}}1.500000e+01, 1.900000e+01, 2.300000e+01]]]> : tensor<4x2x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @transpose() -> tensor<4x2x3xf32> {
  %c0 = tml.constant dense<[[[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0], [8.0, 9.0, 10.0, 11.0]], [[12.0, 13.0, 14.0, 15.0], [16.0, 17.0, 18.0, 19.0], [20.0, 21.0, 22.0, 23.0]]]> : tensor<2x3x4xf32>
  %r = tml.transpose %c0 {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %r : tensor<4x2x3xf32>
}

// CHECK-LABEL: func.func @concat_axis1()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}{{\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 7.000000e+00], {{\[}}4.000000e+00, 5.000000e+00, 6.000000e+00, 8.000000e+00]]> : tensor<2x4xf32>
// CHECK-NEXT: return %[[R]]
func.func @concat_axis1() -> tensor<2x4xf32> {
  %c0 = tml.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %c1 = tml.constant dense<[[7.0], [8.0]]> : tensor<2x1xf32>
  %r = tml.concat %c0, %c1 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @concat_i64()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}1, 2, 3, 4, 5]> : tensor<5xi64>
// CHECK-NEXT: return %[[R]]
func.func @concat_i64() -> tensor<5xi64> {
  %c0 = tml.constant dense<[1, 2]> : tensor<2xi64>
  %c1 = tml.constant dense<[3]> : tensor<1xi64>
  %c2 = tml.constant dense<[4, 5]> : tensor<2xi64>
  %r = tml.concat %c0, %c1, %c2 {axis = 0 : i64} : (tensor<2xi64>, tensor<1xi64>, tensor<2xi64>) -> tensor<5xi64>
  return %r : tensor<5xi64>
}

// CHECK-LABEL: func.func @slice_negative_steps()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}{{\[}}{{\[}}1.500000e+01, 1.300000e+01], {{\[}}2.300000e+01, 2.100000e+01]], {{\[}}{{\[}}3.000000e+00, 1.000000e+00], {{\[}}1.100000e+01, 9.000000e+00]]]> : tensor<2x2x2xf32>
// CHECK-NEXT: return %[[R]]
func.func @slice_negative_steps() -> tensor<2x2x2xf32> {
  %c0 = tml.constant dense<[[[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0], [8.0, 9.0, 10.0, 11.0]], [[12.0, 13.0, 14.0, 15.0], [16.0, 17.0, 18.0, 19.0], [20.0, 21.0, 22.0, 23.0]]]> : tensor<2x3x4xf32>
  %r = tml.slice %c0 {starts = array<i64: 1, 0, 3>, steps = array<i64: -1, 2, -2>} : (tensor<2x3x4xf32>) -> tensor<2x2x2xf32>
  return %r : tensor<2x2x2xf32>
}

// CHECK-LABEL: func.func @gather_axis1_negative_index()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}{{\[}}3.000000e+00, 1.000000e+00, 2.000000e+00], {{\[}}6.000000e+00, 4.000000e+00, 5.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @gather_axis1_negative_index() -> tensor<2x3xf32> {
  %c0 = tml.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %c1 = tml.constant dense<[2, -3, 1]> : tensor<3xi64>
  %r = tml.gather %c0, %c1 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xi64>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @gather_2d_indices()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}{{\[}}{{\[}}{{\[}}1.200000e+01, 1.300000e+01, 1.400000e+01, 1.500000e+01], {{\[}}1.600000e+01, 1.700000e+01, 1.800000e+01, 1.900000e+01], {{\[}}2.000000e+01, 2.100000e+01, 2.200000e+01, 2.300000e+01]], {{\[}}{{\[}}0.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00], {{\[}}4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00], {{\[}}8.000000e+00, 9.000000e+00, 1.000000e+01, 1.100000e+01]]], {{\[}}{{\[}}{{\[}}1.200000e+01, 1.300000e+01, 1.400000e+01, 1.500000e+01], {{\[}}1.600000e+01, 1.700000e+01, 1.800000e+01, 1.900000e+01], {{\[}}2.000000e+01, 2.100000e+01, 2.200000e+01, 2.300000e+01]], {{\[}}{{\[}}1.200000e+01, 1.300000e+01, 1.400000e+01, 1.500000e+01], {{\[}}1.600000e+01, 1.700000e+01, 1.800000e+01, 1.900000e+01], {{\[}}2.000000e+01, 2.100000e+01, 2.200000e+01, 2.300000e+01]]]]> : tensor<2x2x3x4xf32>
// CHECK-NEXT: return %[[R]]
func.func @gather_2d_indices() -> tensor<2x2x3x4xf32> {
  %c0 = tml.constant dense<[[[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0], [8.0, 9.0, 10.0, 11.0]], [[12.0, 13.0, 14.0, 15.0], [16.0, 17.0, 18.0, 19.0], [20.0, 21.0, 22.0, 23.0]]]> : tensor<2x3x4xf32>
  %c1 = tml.constant dense<[[1, 0], [1, 1]]> : tensor<2x2xi32>
  %r = tml.gather %c0, %c1 {axis = 0 : i64} : (tensor<2x3x4xf32>, tensor<2x2xi32>) -> tensor<2x2x3x4xf32>
  return %r : tensor<2x2x3x4xf32>
}

// CHECK-LABEL: func.func @reduce_sum()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}{{\[}}4.500000e+00, 8.000000e+00], {{\[}}9.000000e+00, -7.500000e-01]]> : tensor<2x2xf32>
// CHECK-NEXT: return %[[R]]
func.func @reduce_sum() -> tensor<2x2xf32> {
  %c0 = tml.constant dense<[[[1.0, -2.0], [3.0, 4.0], [0.5, 6.0]], [[-1.0, 2.0], [8.0, 0.25], [2.0, -3.0]]]> : tensor<2x3x2xf32>
  %r = tml.reduce_sum %c0 {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x2xf32>) -> tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}

// CHECK-LABEL: func.func @reduce_mean_keepdims()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}{{\[}}{{\[}}0.000000e+00], {{\[}}3.812500e+00], {{\[}}1.375000e+00]]]> : tensor<1x3x1xf32>
// CHECK-NEXT: return %[[R]]
func.func @reduce_mean_keepdims() -> tensor<1x3x1xf32> {
  %c0 = tml.constant dense<[[[1.0, -2.0], [3.0, 4.0], [0.5, 6.0]], [[-1.0, 2.0], [8.0, 0.25], [2.0, -3.0]]]> : tensor<2x3x2xf32>
  %r = tml.reduce_mean %c0 {axes = array<i64: 0, 2>, keepdims = true} : (tensor<2x3x2xf32>) -> tensor<1x3x1xf32>
  return %r : tensor<1x3x1xf32>
}

// CHECK-LABEL: func.func @reduce_max()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<{{\[}}{{\[}}1.000000e+00, 4.000000e+00, 6.000000e+00], {{\[}}2.000000e+00, 8.000000e+00, 2.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @reduce_max() -> tensor<2x3xf32> {
  %c0 = tml.constant dense<[[[1.0, -2.0], [3.0, 4.0], [0.5, 6.0]], [[-1.0, 2.0], [8.0, 0.25], [2.0, -3.0]]]> : tensor<2x3x2xf32>
  %r = tml.reduce_max %c0 {axes = array<i64: 2>, keepdims = false} : (tensor<2x3x2xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @reduce_min_all()
// CHECK-NEXT: %[[R:.*]] = tml.constant dense<-3.000000e+00> : tensor<1x1x1xf32>
// CHECK-NEXT: return %[[R]]
func.func @reduce_min_all() -> tensor<1x1x1xf32> {
  %c0 = tml.constant dense<[[[1.0, -2.0], [3.0, 4.0], [0.5, 6.0]], [[-1.0, 2.0], [8.0, 0.25], [2.0, -3.0]]]> : tensor<2x3x2xf32>
  %r = tml.reduce_min %c0 {axes = array<i64: 0, 1, 2>, keepdims = true} : (tensor<2x3x2xf32>) -> tensor<1x1x1xf32>
  return %r : tensor<1x1x1xf32>
}

// CHECK-LABEL: func.func @not_constant(
// CHECK: tml.add
// CHECK: tml.sigmoid
func.func @not_constant(%x: tensor<3xf32>) -> tensor<3xf32> {
  %c = tml.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = tml.add %x, %c : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = tml.sigmoid %0 : (tensor<3xf32>) -> tensor<3xf32>
  return %1 : tensor<3xf32>
}

// CHECK-LABEL: func.func @identities(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<2x3xf32>
// CHECK-NEXT: return %[[X]]
func.func @identities(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tml.cast %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = tml.transpose %0 {perm = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = tml.slice %1 {starts = array<i64: 0, 0>, steps = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = tml.reshape %2 : (tensor<2x3xf32>) -> tensor<6xf32>
  %4 = tml.reshape %3 : (tensor<6xf32>) -> tensor<2x3xf32>
  %5 = tml.concat %4 {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %5 : tensor<2x3xf32>
}

// Integer division by zero is left for the run-time check.
// CHECK-LABEL: func.func @div_by_zero_not_folded(
// CHECK: tml.div
func.func @div_by_zero_not_folded() -> tensor<2xi64> {
  %a = tml.constant dense<[4, 5]> : tensor<2xi64>
  %b = tml.constant dense<[2, 0]> : tensor<2xi64>
  %0 = tml.div %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}
