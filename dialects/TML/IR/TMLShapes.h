//===- TMLShapes.h - shape rules shared by verifiers and importers -*- C++ -*-===//
//
// Each function computes a result shape from operand shapes and attributes,
// or explains in `error` why the combination is inconsistent. Importers use
// them to build result types; op verifiers use them to check the types.
//
//===----------------------------------------------------------------------===//
#ifndef TMLC_DIALECTS_TML_IR_TMLSHAPES_H
#define TMLC_DIALECTS_TML_IR_TMLSHAPES_H

#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace tmlc::tml {

using Shape = llvm::SmallVector<int64_t>;

/// numpy broadcasting of two shapes.
std::optional<Shape> broadcastShapes(llvm::ArrayRef<int64_t> a,
                                     llvm::ArrayRef<int64_t> b,
                                     std::string &error);

/// ONNX MatMul (numpy matmul) result shape.
std::optional<Shape> matmulShape(llvm::ArrayRef<int64_t> a,
                                 llvm::ArrayRef<int64_t> b, std::string &error);

/// One spatial output extent of a window op.
/// Returns std::nullopt (and fills error) when the window does not fit.
std::optional<int64_t> windowOutputDim(int64_t in, int64_t kernel,
                                       int64_t stride, int64_t dilation,
                                       int64_t padBegin, int64_t padEnd,
                                       bool ceilMode, std::string &error);

/// Conv result shape (NCHW input, OIHW weights).
std::optional<Shape> convShape(llvm::ArrayRef<int64_t> input,
                               llvm::ArrayRef<int64_t> weight,
                               llvm::ArrayRef<int64_t> strides,
                               llvm::ArrayRef<int64_t> dilations,
                               llvm::ArrayRef<int64_t> pads, int64_t group,
                               std::string &error);

/// Pool result shape (NCHW input); ceilMode is ONNX's.
std::optional<Shape> poolShape(llvm::ArrayRef<int64_t> input,
                               llvm::ArrayRef<int64_t> kernel,
                               llvm::ArrayRef<int64_t> strides,
                               llvm::ArrayRef<int64_t> dilations,
                               llvm::ArrayRef<int64_t> pads, bool ceilMode,
                               std::string &error);

/// Reduction result shape; axes must be sorted, unique and in range.
std::optional<Shape> reduceShape(llvm::ArrayRef<int64_t> input,
                                 llvm::ArrayRef<int64_t> axes, bool keepdims,
                                 std::string &error);

int64_t numElements(llvm::ArrayRef<int64_t> shape);

} // namespace tmlc::tml

#endif // TMLC_DIALECTS_TML_IR_TMLSHAPES_H
