//===- OnnxImporter.h - ONNX graph to the tml dialect -------------*- C++ -*-===//
#ifndef TMLC_FRONTENDS_ONNX_ONNXIMPORTER_H
#define TMLC_FRONTENDS_ONNX_ONNXIMPORTER_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include <map>
#include <string>
#include <vector>

namespace tmlc {

/// A frontend's error: the message, and the node it is about if any.
struct ImportError {
  std::string message;
  std::string nodeName;  ///< empty for model-level errors
  std::string nodeOp;
  bool unsupported = false;  ///< an op/type/attribute we do not handle
  bool usage = false;  ///< the caller's input shapes contradict the model
};

/// Facts a caller may know about the inputs.
struct ImportOptions {
  /// Concrete shapes for inputs (overrides dynamic dimensions).
  std::map<std::string, std::vector<int64_t>> inputShapes;
  /// Values of inputs; an input whose value is known and that feeds an
  /// operand that must be constant (a shape, axes, pads, ...) is frozen:
  /// compiled as that constant and removed from the model's inputs.
  std::map<std::string, mlir::DenseElementsAttr> inputValues;
};

/// I/O description of an imported model, in model order.
struct ModelIO {
  std::vector<std::string> inputNames, outputNames;
  std::vector<std::string> frozenInputs;
};

/// Imports `model.onnx` into a module with one function `@main`.
/// On failure returns null and fills `error`.
mlir::OwningOpRef<mlir::ModuleOp> importOnnx(mlir::MLIRContext &context,
                                             const std::string &path,
                                             const ImportOptions &options,
                                             ModelIO &io, ImportError &error);

} // namespace tmlc

#endif // TMLC_FRONTENDS_ONNX_ONNXIMPORTER_H
