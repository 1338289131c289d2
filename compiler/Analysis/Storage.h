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

#include <utility>
#include <vector>

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

/// An arena root and the ops it is live across: from its defining op to the
/// last use of it or of any view of it (to the end, `numOps`, when it is
/// copied to an output). Ops are numbered in program order.
struct ArenaLifetime {
  mlir::Value value;
  int64_t size = 0, begin = 0, end = 0;
};

/// The arena roots of `func`'s single block, in program order, with their
/// lifetimes; `order` receives each op's number. The memory planner places
/// these; the emitter uses the same lifetimes to place kernel scratch.
std::vector<ArenaLifetime>
arenaLifetimes(mlir::func::FuncOp func, const StorageAnalysis &storage,
               llvm::DenseMap<mlir::Operation *, int64_t> &order);

/// The lowest multiple of `align` at which `bytes` bytes overlap none of the
/// half-open [lo, hi) ranges in `busy`.
int64_t lowestFreeOffset(std::vector<std::pair<int64_t, int64_t>> busy,
                         int64_t bytes, int64_t align);

} // namespace tmlc

#endif // TMLC_COMPILER_ANALYSIS_STORAGE_H
