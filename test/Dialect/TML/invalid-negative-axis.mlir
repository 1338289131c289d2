// A negative axis must be reported as the negative number it is.
// RUN: tmlc-opt %s -split-input-file -verify-diagnostics

func.func @log_softmax_negative_axis(%a: tensor<2x5xf32>) {
  // expected-error @+1 {{'tml.log_softmax' op expected axis in [0, 2), got -1}}
  %0 = tml.log_softmax %a {axis = -1 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @concat_negative_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'tml.concat' op expected axis in [0, 2), got -1}}
  %0 = tml.concat %a, %a {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}
