//===- Storage.h - where each tensor of a model lives -------------*- C++ -*-===//
//
// Classifies every tensor value of a model function: a caller-provided input
// or output buffer, a constant, a view of another tensor (reshape), or a
// buffer in the planned arena. The memory planner and the C emitter share
// this so they always agree. Views are reshapes and quant.scast (quantized
// constants are a storage-type tml.constant + quant.scast). Never mutates IR.
//
//===----------------------------------------------------------------------===//
#ifndef TMLC_COMPILER_ANALYSIS_STORAGE_H
#define TMLC_COMPILER_ANALYSIS_STORAGE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

namespace tmlc {

enum class StorageKind { Input, Output, Constant, Arena };

/// The root storage of a value (views resolved).
struct Storage {
  StorageKind kind = StorageKind::Arena;
  unsigned index = 0;  ///< input or output position
  mlir::Value root;    ///< the value that owns the bytes
};

class StorageAnalysis {
public:
  explicit StorageAnalysis(mlir::func::FuncOp func);

  /// Storage of `v`, following reshape views to their root.
  Storage get(mlir::Value v) const;
  /// True if v is a view of another value (a reshape or quant.scast result).
  static bool isView(mlir::Value v);

  /// Return positions whose value does not live in that output buffer and
  /// must be copied there at the end, with the value to copy.
  llvm::ArrayRef<std::pair<unsigned, mlir::Value>> outputCopies() const {
    return copies;
  }

  /// Bytes of a statically shaped tensor type (i1 takes a byte).
  static int64_t byteSize(mlir::Type type);
  /// Bytes of one element (quantized types: their storage type).
  static int64_t elementBytes(mlir::Type elementType);

private:
  llvm::DenseMap<mlir::Value, unsigned> directOutputs;
  llvm::SmallVector<std::pair<unsigned, mlir::Value>> copies;
};

} // namespace tmlc

#endif // TMLC_COMPILER_ANALYSIS_STORAGE_H
