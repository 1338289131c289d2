//===- TMLOps.td - the tml graph dialect --------------------*- tablegen -*-===//
//
// The graph-level dialect every frontend imports into. Tensors have static
// shapes; element types are builtin floats/integers or !quant.uniform types.
// Each op's semantics follow ONNX (opset 13 and later) unless it says so.
//
//===----------------------------------------------------------------------===//

#ifndef TMLC_DIALECTS_TML_IR_TMLOPS_TD
#define TMLC_DIALECTS_TML_IR_TMLOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

//===----------------------------------------------------------------------===//
// Dialect
//===----------------------------------------------------------------------===//

def TML_Dialect : Dialect {
  let name = "tml";
  let summary = "tmlc's graph-level tensor dialect";
  let description = [{
    Statically shaped tensor operations imported from ONNX and TFLite. The
    compiler folds, fuses and plans memory on this dialect, and the targets
    emit C from it. Quantized tensors use the upstream `quant` types.
  }];
  let cppNamespace = "::tmlc::tml";
  let dependentDialects = ["::mlir::quant::QuantizationDialect"];
  let hasConstantMaterializer = 1;
}

class TML_Op<string mnemonic, list<Trait> traits = []>
    : Op<TML_Dialect, mnemonic, traits>;

def TML_Tensor : RankedTensorOf<[AnyType]>;

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def TML_ConstantOp : TML_Op<"constant", [ConstantLike, Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "a constant tensor";
  let description = [{
    Holds weights and folded values.

    ```mlir
    %0 = tml.constant dense<[1.0, 2.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs TML_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops with numpy broadcasting
//===----------------------------------------------------------------------===//

class TML_BinaryOp<string mnemonic, string what, list<Trait> traits = []>
    : TML_Op<mnemonic, !listconcat(traits, [Pure])> {
  let summary = "elementwise " # what # " with numpy broadcasting";
  let description = [{
    Broadcasts both operands to the result shape (numpy rules) and applies
    the operation elementwise. Unquantized operands and result share one
    element type.

    ```mlir
    %r = tml.}] # mnemonic # [{ %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins TML_Tensor:$lhs, TML_Tensor:$rhs);
  let results = (outs TML_Tensor:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def TML_AddOp : TML_BinaryOp<"add", "addition", [Commutative]>;
def TML_SubOp : TML_BinaryOp<"sub", "subtraction">;
def TML_MulOp : TML_BinaryOp<"mul", "multiplication", [Commutative]>;
def TML_DivOp : TML_BinaryOp<"div", "division">;
def TML_PowOp : TML_BinaryOp<"pow", "power">;
def TML_MinOp : TML_BinaryOp<"min", "minimum", [Commutative]>;
def TML_MaxOp : TML_BinaryOp<"max", "maximum", [Commutative]>;
def TML_PReluOp : TML_BinaryOp<"prelu",
    "parametric relu (lhs >= 0 ? lhs : lhs * rhs)">;

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

class TML_UnaryOp<string mnemonic, string what, list<Trait> traits = []>
    : TML_Op<mnemonic, !listconcat(traits, [Pure])> {
  let summary = "elementwise " # what;
  let description = [{
    Applies the function to every element; the result has the operand's
    shape.

    ```mlir
    %r = tml.}] # mnemonic # [{ %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
  let results = (outs TML_Tensor:$result);
  let hasVerifier = 1;
  let hasFolder = 1;
}

class TML_SimpleUnaryOp<string mnemonic, string what>
    : TML_UnaryOp<mnemonic, what> {
  let arguments = (ins TML_Tensor:$input);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def TML_ReluOp : TML_SimpleUnaryOp<"relu", "max(x, 0)">;
def TML_SigmoidOp : TML_SimpleUnaryOp<"sigmoid", "logistic sigmoid">;
def TML_TanhOp : TML_SimpleUnaryOp<"tanh", "hyperbolic tangent">;
def TML_ExpOp : TML_SimpleUnaryOp<"exp", "natural exponential">;
def TML_LogOp : TML_SimpleUnaryOp<"log", "natural logarithm">;
def TML_SqrtOp : TML_SimpleUnaryOp<"sqrt", "square root">;
def TML_NegOp : TML_SimpleUnaryOp<"neg", "negation">;
def TML_AbsOp : TML_SimpleUnaryOp<"abs", "absolute value">;
def TML_ReciprocalOp : TML_SimpleUnaryOp<"reciprocal", "1 / x">;
def TML_HardSwishOp : TML_SimpleUnaryOp<"hard_swish",
    "x * max(0, min(1, x / 6 + 1/2))">;

def TML_LeakyReluOp : TML_UnaryOp<"leaky_relu", "x >= 0 ? x : alpha * x"> {
  let arguments = (ins TML_Tensor:$input, F32Attr:$alpha);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def TML_HardSigmoidOp : TML_UnaryOp<"hard_sigmoid",
    "max(0, min(1, alpha * x + beta))"> {
  let arguments = (ins TML_Tensor:$input, F32Attr:$alpha, F32Attr:$beta);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def TML_ClipOp : TML_UnaryOp<"clip", "min(max(x, min), max)"> {
  let arguments = (ins TML_Tensor:$input, F64Attr:$min, F64Attr:$max);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def TML_CastOp : TML_UnaryOp<"cast", "element type conversion"> {
  let description = [{
    Converts each element to the result's element type with C conversion
    rules (floats to integers truncate toward zero; to i1 gives x != 0).

    ```mlir
    %r = tml.cast %x : (tensor<4xf32>) -> tensor<4xi32>
    ```
  }];
  let arguments = (ins TML_Tensor:$input);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Normalizations along one axis
//===----------------------------------------------------------------------===//

class TML_SoftmaxLikeOp<string mnemonic, string what>
    : TML_Op<mnemonic, [Pure]> {
  let summary = what # " along one axis";
  let description = [{
    Normalizes along `axis` (ONNX opset 13 semantics; the importer reshapes
    older opsets' 2-D coercion into this form).

    ```mlir
    %r = tml.}] # mnemonic # [{ %x {axis = 1 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
    ```
  }];
  let arguments = (ins TML_Tensor:$input, I64Attr:$axis);
  let results = (outs TML_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def TML_SoftmaxOp : TML_SoftmaxLikeOp<"softmax", "softmax">;
def TML_LogSoftmaxOp : TML_SoftmaxLikeOp<"log_softmax", "log of softmax">;

//===----------------------------------------------------------------------===//
// Linear algebra, convolution, pooling
//===----------------------------------------------------------------------===//

def TML_MatMulOp : TML_Op<"matmul", [Pure]> {
  let summary = "batched matrix product with numpy semantics";
  let description = [{
    ONNX MatMul: 1-D operands are promoted and the added axis removed again;
    batch dimensions broadcast.

    ```mlir
    %r = tml.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins TML_Tensor:$lhs, TML_Tensor:$rhs);
  let results = (outs TML_Tensor:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def TML_ConvOp : TML_Op<"conv", [Pure]> {
  let summary = "N-d grouped convolution (NCHW/OIHW or NHWC/OHWI)";
  let description = [{
    `pads` lists the padding before every spatial axis, then after every
    spatial axis. `bias` is optional.

    `layout` is "NCHW" (the default: input NC..., weights OI..., any spatial
    rank) or "NHWC" (2-D only: input NHWC, weights OHWI, result NHWC), the
    layout of TFLite's integer kernels; the `tmlc-layout` pass chooses it.
    `fully_connected` marks a 1x1 convolution that came from a fully
    connected layer (TFLite FULLY_CONNECTED), whose integer requantization
    rule differs slightly from a convolution's.

    ```mlir
    %y = tml.conv %x, %w, %b {strides = [1, 1], dilations = [1, 1],
           pads = [1, 1, 1, 1], group = 1 : i64}
         : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins TML_Tensor:$input, TML_Tensor:$weight,
                   Optional<TML_Tensor>:$bias, DenseI64ArrayAttr:$strides,
                   DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$pads,
                   I64Attr:$group,
                   DefaultValuedStrAttr<StrAttr, "NCHW">:$layout,
                   UnitAttr:$fully_connected);
  let results = (outs TML_Tensor:$result);
  let builders = [
    // NCHW, not marked fully connected (what the frontends create).
    OpBuilder<(ins "::mlir::Type":$result, "::mlir::Value":$input,
      "::mlir::Value":$weight, "::mlir::Value":$bias,
      "::mlir::DenseI64ArrayAttr":$strides,
      "::mlir::DenseI64ArrayAttr":$dilations,
      "::mlir::DenseI64ArrayAttr":$pads, "::mlir::IntegerAttr":$group), [{
      build($_builder, $_state, result, input, weight, bias, strides,
            dilations, pads, group, $_builder.getStringAttr("NCHW"),
            ::mlir::UnitAttr());
    }]>
  ];
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

class TML_PoolOp<string mnemonic, string what> : TML_Op<mnemonic, [Pure]> {
  let summary = "N-d " # what # " pooling (NCHW or NHWC)";
  let description = [{
    Slides a window of `kernel` over the spatial axes. `pads` lists the
    padding before every spatial axis, then after every spatial axis; the
    result shape is part of the type (ceil_mode is resolved by the importer).
    `layout` is "NCHW" (default, any spatial rank) or "NHWC" (2-D only).

    ```mlir
    %y = tml.}] # mnemonic # [{ %x {kernel = [2, 2], strides = [2, 2], dilations = [1, 1],
           pads = [0, 0, 0, 0], count_include_pad = false}
         : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
    ```
  }];
  let arguments = (ins TML_Tensor:$input, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                   DenseI64ArrayAttr:$pads, BoolAttr:$count_include_pad,
                   DefaultValuedStrAttr<StrAttr, "NCHW">:$layout);
  let results = (outs TML_Tensor:$result);
  let builders = [
    OpBuilder<(ins "::mlir::Type":$result, "::mlir::Value":$input,
      "::mlir::DenseI64ArrayAttr":$kernel, "::mlir::DenseI64ArrayAttr":$strides,
      "::mlir::DenseI64ArrayAttr":$dilations, "::mlir::DenseI64ArrayAttr":$pads,
      "::mlir::BoolAttr":$count_include_pad), [{
      build($_builder, $_state, result, input, kernel, strides, dilations,
            pads, count_include_pad, $_builder.getStringAttr("NCHW"));
    }]>
  ];
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def TML_MaxPoolOp : TML_PoolOp<"max_pool", "maximum">;
def TML_AvgPoolOp : TML_PoolOp<"avg_pool", "average">;

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class TML_ReduceOp<string mnemonic, string what> : TML_Op<mnemonic, [Pure]> {
  let summary = what # " over a set of axes";
  let description = [{
    Reduces over `axes` (sorted, non-negative). `keepdims` keeps them as
    size-1 axes in the result type.

    ```mlir
    %r = tml.}] # mnemonic # [{ %x {axes = [1], keepdims = false}
         : (tensor<2x3xf32>) -> tensor<2xf32>
    ```
  }];
  let arguments = (ins TML_Tensor:$input, DenseI64ArrayAttr:$axes,
                   BoolAttr:$keepdims);
  let results = (outs TML_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def TML_ReduceSumOp : TML_ReduceOp<"reduce_sum", "sum">;
def TML_ReduceMeanOp : TML_ReduceOp<"reduce_mean", "mean">;
def TML_ReduceMaxOp : TML_ReduceOp<"reduce_max", "maximum">;
def TML_ReduceMinOp : TML_ReduceOp<"reduce_min", "minimum">;

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def TML_ReshapeOp : TML_Op<"reshape", [Pure]> {
  let summary = "reinterprets the shape, keeping element order";
  let description = [{
    Covers ONNX Reshape, Flatten, Squeeze and Unsqueeze: the result type is
    the new shape.

    ```mlir
    %r = tml.reshape %x : (tensor<2x3xf32>) -> tensor<6xf32>
    ```
  }];
  let arguments = (ins TML_Tensor:$input);
  let results = (outs TML_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def TML_RequantizeOp : TML_Op<"requantize", [Pure]> {
  let summary = "changes the quantization of a tensor";
  let description = [{
    Converts a quantized tensor to another quantization of the same shape
    (TFLite QUANTIZE int8 -> int8): real values are kept up to rounding.

    ```mlir
    %r = tml.requantize %x : (tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 0.25:3>>
    ```
  }];
  let arguments = (ins TML_Tensor:$input);
  let results = (outs TML_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def TML_TransposeOp : TML_Op<"transpose", [Pure]> {
  let summary = "permutes axes";
  let description = [{
    Result axis `i` is input axis `perm[i]`. Folds: the identity permutation
    is its input; a transpose of a transpose is one transpose with the
    composed permutation. Canonicalizes to a reshape when it only moves
    axes of size 1.

    ```mlir
    %r = tml.transpose %x {perm = [1, 0]} : (tensor<2x3xf32>) -> tensor<3x2xf32>
    ```
  }];
  let arguments = (ins TML_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs TML_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def TML_ConcatOp : TML_Op<"concat", [Pure]> {
  let summary = "joins tensors along an axis";
  let description = [{
    ```mlir
    %r = tml.concat %a, %b {axis = 0 : i64} : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<3x3xf32>
    ```
  }];
  let arguments = (ins Variadic<TML_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs TML_Tensor:$result);
  let assemblyFormat =
      "$inputs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def TML_SliceOp : TML_Op<"slice", [Pure]> {
  let summary = "strided slice with static starts and steps";
  let description = [{
    Result element `i` along each axis is input element `starts + i * steps`;
    the result type gives the count per axis. Steps may be negative.

    ```mlir
    %r = tml.slice %x {starts = [0, 1], steps = [1, 2]} : (tensor<2x5xf32>) -> tensor<2x2xf32>
    ```
  }];
  let arguments = (ins TML_Tensor:$input, DenseI64ArrayAttr:$starts,
                   DenseI64ArrayAttr:$steps);
  let results = (outs TML_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def TML_PadOp : TML_Op<"pad", [Pure]> {
  let summary = "pads (or crops, for negative pads) every axis";
  let description = [{
    `pads` lists the amount before every axis, then after every axis.
    `mode` is "constant", "reflect" or "edge".

    ```mlir
    %r = tml.pad %x {pads = [0, 1, 0, 1], mode = "constant", value = 0.0 : f64}
         : (tensor<2x3xf32>) -> tensor<2x5xf32>
    ```
  }];
  let arguments = (ins TML_Tensor:$input, DenseI64ArrayAttr:$pads,
                   StrAttr:$mode, F64Attr:$value);
  let results = (outs TML_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def TML_GatherOp : TML_Op<"gather", [Pure]> {
  let summary = "gathers slices along an axis by index";
  let description = [{
    ONNX Gather: negative indices count from the end; out-of-range indices
    are an error (at compile time when they are constant).

    ```mlir
    %r = tml.gather %x, %i {axis = 0 : i64} : (tensor<5x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins TML_Tensor:$input, TML_Tensor:$indices, I64Attr:$axis);
  let results = (outs TML_Tensor:$result);
  let assemblyFormat =
      "$input `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

#endif // TMLC_DIALECTS_TML_IR_TMLOPS_TD
