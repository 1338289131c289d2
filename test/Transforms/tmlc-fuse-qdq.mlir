// RUN: tmlc-opt %s -split-input-file -tmlc-fuse-qdq | FileCheck %s

// dcast -> conv -> relu -> qcast: a quantized conv (bias requantized to int32
// at s_in * s_w: 0.5 / (0.5 * 0.25) = 4, -0.25 / (0.5 * 0.5) = -1) followed by
// a relu on the output type.
// CHECK-LABEL: func.func @conv(
// CHECK: %[[B:.*]] = tml.constant dense<[4, -1]> : tensor<2xi32>
// CHECK: %[[BQ:.*]] = "quant.scast"(%[[B]]) {{.*}} -> tensor<2x!quant.uniform<i32:f32:0, {1.250000e-01,2.500000e-01}>>
// CHECK: %[[C:.*]] = tml.conv %arg0, %{{.*}}, %[[BQ]] {{.*}} -> tensor<1x2x3x3x!quant.uniform<i8:f32, 1.000000e-01:-128>>
// CHECK: %[[R:.*]] = tml.relu %[[C]] : {{.*}} -> tensor<1x2x3x3x!quant.uniform<i8:f32, 1.000000e-01:-128>>
// CHECK: return %[[R]]
!qa = !quant.uniform<i8:f32, 0.5:3>
!qw = !quant.uniform<i8:f32:0, {0.25, 0.5}>
!qo = !quant.uniform<i8:f32, 0.1:-128>
func.func @conv(%x: tensor<1x1x3x3x!qa>) -> tensor<1x2x3x3x!qo> {
  %wi = tml.constant dense<1> : tensor<2x1x1x1xi8>
  %wq = "quant.scast"(%wi) : (tensor<2x1x1x1xi8>) -> tensor<2x1x1x1x!qw>
  %w = "quant.dcast"(%wq) : (tensor<2x1x1x1x!qw>) -> tensor<2x1x1x1xf32>
  %b = tml.constant dense<[0.5, -0.25]> : tensor<2xf32>
  %xf = "quant.dcast"(%x) : (tensor<1x1x3x3x!qa>) -> tensor<1x1x3x3xf32>
  %c = tml.conv %xf, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %r = tml.relu %c : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %q = "quant.qcast"(%r) : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3x!qo>
  return %q : tensor<1x2x3x3x!qo>
}

// -----

// Gemm (transB) as imported: add(matmul(x, transpose(w)), b) -> fully
// connected 1x1 conv between reshapes; int32 bias re-scaled from 0.01 to
// s_in * s_w = 0.02: 6 * 0.01 / 0.02 = 3.
// CHECK-LABEL: func.func @fc(
// CHECK-DAG: tml.constant dense<3> : tensor<3xi32>
// CHECK-DAG: %[[X:.*]] = tml.reshape %arg0 {{.*}} -> tensor<2x4x1x1x!quant.uniform<i8:f32, 2.000000e-01:1>>
// CHECK: %[[C:.*]] = tml.conv %[[X]], {{.*}}fully_connected{{.*}} -> tensor<2x3x1x1x!quant.uniform<i8:f32, 5.000000e-02:2>>
// CHECK: %[[Y:.*]] = tml.reshape %[[C]] {{.*}} -> tensor<2x3x!quant.uniform<i8:f32, 5.000000e-02:2>>
// CHECK: return %[[Y]]
!qx = !quant.uniform<i8:f32, 0.2:1>
!qw2 = !quant.uniform<i8:f32, 0.1>
!qb = !quant.uniform<i32:f32, 0.01>
!qy = !quant.uniform<i8:f32, 0.05:2>
func.func @fc(%x: tensor<2x4x!qx>) -> tensor<2x3x!qy> {
  %wi = tml.constant dense<2> : tensor<3x4xi8>
  %wq = "quant.scast"(%wi) : (tensor<3x4xi8>) -> tensor<3x4x!qw2>
  %w = "quant.dcast"(%wq) : (tensor<3x4x!qw2>) -> tensor<3x4xf32>
  %bi = tml.constant dense<6> : tensor<3xi32>
  %bq = "quant.scast"(%bi) : (tensor<3xi32>) -> tensor<3x!qb>
  %b = "quant.dcast"(%bq) : (tensor<3x!qb>) -> tensor<3xf32>
  %xf = "quant.dcast"(%x) : (tensor<2x4x!qx>) -> tensor<2x4xf32>
  %wt = tml.transpose %w {perm = array<i64: 1, 0>} : (tensor<3x4xf32>) -> tensor<4x3xf32>
  %m = tml.matmul %xf, %wt : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  %a = tml.add %m, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %q = "quant.qcast"(%a) : (tensor<2x3xf32>) -> tensor<2x3x!qy>
  return %q : tensor<2x3x!qy>
}

// -----

// max_pool with equal input/output params is quantized; a sigmoid island,
// and a max_pool whose qcast has other params, stay float.
// CHECK-LABEL: func.func @rest(
// CHECK: %[[F:.*]] = "quant.dcast"(%arg0)
// CHECK: %[[P:.*]] = tml.max_pool %arg0 {{.*}} -> tensor<1x1x1x1x!quant.uniform<i8:f32, 5.000000e-01:3>>
// CHECK: tml.sigmoid %[[F]]
// CHECK: tml.max_pool %[[F]] {{.*}} -> tensor<1x1x1x1xf32>
!qp = !quant.uniform<i8:f32, 0.5:3>
!qp2 = !quant.uniform<i8:f32, 0.25:3>
func.func @rest(%x: tensor<1x1x2x2x!qp>) -> (tensor<1x1x1x1x!qp>, tensor<1x1x2x2x!qp>, tensor<1x1x1x1x!qp2>) {
  %xf = "quant.dcast"(%x) : (tensor<1x1x2x2x!qp>) -> tensor<1x1x2x2xf32>
  %p = tml.max_pool %xf {count_include_pad = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32>
  %pq = "quant.qcast"(%p) : (tensor<1x1x1x1xf32>) -> tensor<1x1x1x1x!qp>
  %s = tml.sigmoid %xf : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %sq = "quant.qcast"(%s) : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2x!qp>
  %p2 = tml.max_pool %xf {count_include_pad = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32>
  %p2q = "quant.qcast"(%p2) : (tensor<1x1x1x1xf32>) -> tensor<1x1x1x1x!qp2>
  return %pq, %sq, %p2q : tensor<1x1x1x1x!qp>, tensor<1x1x2x2x!qp>, tensor<1x1x1x1x!qp2>
}
