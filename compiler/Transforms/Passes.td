//===- Passes.td - tmlc middle-end passes ------------------*- tablegen -*-===//
#ifndef TMLC_COMPILER_TRANSFORMS_PASSES_TD
#define TMLC_COMPILER_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Graph rewrites
//===----------------------------------------------------------------------===//

def FuseOpsPass : Pass<"tmlc-fuse-ops", "::mlir::func::FuncOp"> {
  let summary = "folds per-channel scale/shift ops into convolution weights";
  let description = [{
    Rewrites `mul(conv(x, w, b), s)` and `add(conv(x, w, b), c)` where `s`
    and `c` are constants broadcasting along the output channels only (as
    BatchNormalization lowers to) into a single convolution with scaled
    weights and bias. Constant folding then precomputes the new weights.
  }];
  let dependentDialects = ["::tmlc::tml::TMLDialect"];
}

def LayoutPass : Pass<"tmlc-layout", "::mlir::func::FuncOp"> {
  let summary = "puts quantized window ops in NHWC (the integer kernels' layout)";
  let description = [{
    Rewrites every quantized rank-4 `tml.conv`, `tml.max_pool` and
    `tml.avg_pool` in NCHW form into its `layout = "NHWC"` form between two
    transposes (constant weights are permuted OIHW -> OHWI at compile time),
    moves transposes below quantized elementwise ops (and below add/sub/mul
    whose operands are transposed alike), and folds transpose pairs, so the
    NHWC <-> NCHW transposes the TFLite importer wraps around window ops
    cancel. Float ops keep the NCHW layout of the float kernels.
  }];
  let dependentDialects = ["::tmlc::tml::TMLDialect",
                           "::mlir::quant::QuantizationDialect"];
}

def FuseActivationsPass : Pass<"tmlc-fuse-activations", "::mlir::func::FuncOp"> {
  let summary = "fuses quantized clamps into their producer; cancels qcast/dcast pairs";
  let description = [{
    A `tml.relu` or `tml.clip` whose operand and result have the same
    per-tensor quantized type and that directly follows a quantized conv,
    pool, add, sub or mul (its only use) becomes the producer's
    `tmlc.clamp = array<f64: lo, hi>` attribute (real-valued bounds; the
    emitter turns them into TFLite's quantized activation range), as TFLite
    fuses activations. `quant.qcast(quant.dcast(x))` becomes `x` when the
    types are equal and `tml.requantize x` otherwise.
  }];
  let dependentDialects = ["::tmlc::tml::TMLDialect",
                           "::mlir::quant::QuantizationDialect"];
}

def FuseQDQPass : Pass<"tmlc-fuse-qdq", "::mlir::func::FuncOp"> {
  let summary = "turns ONNX QDQ islands (dcast -> float op -> qcast) into quantized ops";
  let description = [{
    `quant.qcast(op(quant.dcast ...))` becomes `op` on quantized types when
    the int8 kernels run it: tml.conv (an optional tml.relu/tml.clip before
    the qcast is kept on the quantized type for tmlc-fuse-activations),
    Gemm/Linear as `add(matmul(x, transpose(w)), b)` (a fully connected 1x1
    tml.conv), and tml.max_pool/tml.reshape whose input and output share
    one quantization. Biases become int32 at scale s_in * s_w (round half
    to even). Unmatched islands stay float.
  }];
  let dependentDialects = ["::tmlc::tml::TMLDialect",
                           "::mlir::quant::QuantizationDialect"];
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

def PlanMemoryPass : Pass<"tmlc-plan-memory", "::mlir::func::FuncOp"> {
  let summary = "assigns arena offsets from tensor liveness";
  let description = [{
    Every intermediate tensor that is not a graph input, a graph output, a
    constant or a view (reshape) of another tensor gets an offset in one
    scratch arena. Tensors whose lifetimes overlap never share bytes;
    placement is greedy by size (largest first, lowest fitting offset).
    Sets `tmlc.arena_offset` on each op whose result lives in the arena and
    `tmlc.arena_size` (bytes) on the function.
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"16",
           "byte alignment of every arena buffer">,
  ];
}

#endif // TMLC_COMPILER_TRANSFORMS_PASSES_TD
