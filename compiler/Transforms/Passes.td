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
