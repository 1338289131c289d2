//===- HostTensor.h - constant tensors evaluated on the host -----*- C++ -*-===//
//
// A small value type the folders use to compute on constants: elements live
// in doubles (float element types) or int64 (integer and bool types).
//
//===----------------------------------------------------------------------===//
#ifndef TMLC_DIALECTS_TML_IR_HOSTTENSOR_H
#define TMLC_DIALECTS_TML_IR_HOSTTENSOR_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>
#include <vector>

namespace tmlc::tml {

/// Largest constant the folders will compute, in elements.
constexpr int64_t kMaxFoldElements = int64_t(1) << 22;

/// A dense constant tensor held on the host.
struct HostTensor {
  llvm::SmallVector<int64_t> shape;
  mlir::Type elementType;
  bool isFloat = false;
  std::vector<double> f;   ///< elements when isFloat
  std::vector<int64_t> i;  ///< elements otherwise

  /// Reads a dense attribute of a builtin float/integer type.
  static std::optional<HostTensor> fromAttr(mlir::Attribute attr);
  /// An uninitialized tensor of the given type (zero filled).
  static std::optional<HostTensor> zeros(mlir::RankedTensorType type);
  /// True if fromAttr/zeros can represent elements of this type.
  static bool supportsElementType(mlir::Type type);

  int64_t size() const;
  double getF(int64_t k) const { return isFloat ? f[k] : double(i[k]); }
  int64_t getI(int64_t k) const { return isFloat ? int64_t(f[k]) : i[k]; }
  /// Converts back, rounding to the element type (wrapping integers).
  mlir::DenseElementsAttr toAttr(mlir::RankedTensorType type) const;
};

/// Rounds/wraps a value the way storing it in `type` does.
double roundToFloatType(mlir::Type type, double v);
int64_t wrapToIntType(mlir::Type type, int64_t v);

/// Row-major strides of a shape, in elements.
llvm::SmallVector<int64_t> stridesOf(llvm::ArrayRef<int64_t> shape);

} // namespace tmlc::tml

#endif // TMLC_DIALECTS_TML_IR_HOSTTENSOR_H
