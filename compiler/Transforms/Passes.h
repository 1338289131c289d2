//===- Passes.h - tmlc middle-end passes ------------------------*- C++ -*-===//
#ifndef TMLC_COMPILER_TRANSFORMS_PASSES_H
#define TMLC_COMPILER_TRANSFORMS_PASSES_H

#include "dialects/TML/IR/TMLDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/QuantOps.h"
#include "mlir/Pass/Pass.h"

namespace tmlc {

#define GEN_PASS_DECL
#include "compiler/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Transforms/Passes.h.inc"

} // namespace tmlc

#endif // TMLC_COMPILER_TRANSFORMS_PASSES_H
