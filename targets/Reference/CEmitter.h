//===- CEmitter.h - planned tml function to a folder of C99 ------*- C++ -*-===//
#ifndef TMLC_TARGETS_REFERENCE_CEMITTER_H
#define TMLC_TARGETS_REFERENCE_CEMITTER_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include <string>
#include <vector>

namespace tmlc::target {

struct EmitOptions {
  std::string name;                        ///< C identifier prefix
  std::vector<std::string> inputNames;     ///< model order
  std::vector<std::string> outputNames;    ///< model order
  std::string sourceName;                  ///< model file base name (comment)
  /// Kernel family of the target: "portable", "dsp" (Cortex-M DSP
  /// extension) or "mve" (Helium). Optimized int8 kernels are used where
  /// the runtime has a variant `<kernel>_<family>` with the same params.
  std::string kernels = "portable";
};

struct EmittedFile {
  std::string name;      ///< file name inside the output folder
  std::string contents;
};

/// Summary numbers of an emitted model.
struct EmitSummary {
  int64_t arenaBytes = 0;
  int64_t weightBytes = 0;
};

/// Emits `<name>.h`, `<name>.c` and the runtime files the model needs.
/// `func` must have gone through the memory planner. On an op the target
/// cannot emit, reports an error diagnostic on it and returns failure.
mlir::LogicalResult emitC(mlir::func::FuncOp func, const EmitOptions &options,
                          std::vector<EmittedFile> &files,
                          EmitSummary &summary);

/// True if `name` is usable as the C prefix (a C identifier, not reserved).
bool isValidModelName(const std::string &name);

} // namespace tmlc::target

#endif // TMLC_TARGETS_REFERENCE_CEMITTER_H
