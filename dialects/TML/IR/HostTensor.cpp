//===- HostTensor.cpp - constant tensors evaluated on the host ---*- C++ -*-===//
#include "dialects/TML/IR/HostTensor.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/APInt.h"

using namespace mlir;

namespace tmlc::tml {

bool HostTensor::supportsElementType(Type type) {
  if (type.isF32() || type.isF64())
    return true;
  if (auto it = llvm::dyn_cast<IntegerType>(type))
    return it.getWidth() <= 64;
  return false;
}

int64_t HostTensor::size() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t k = int64_t(shape.size()) - 2; k >= 0; --k)
    strides[k] = strides[k + 1] * shape[k + 1];
  return strides;
}

double roundToFloatType(Type type, double v) {
  if (type.isF32())
    return double(float(v));
  return v;
}

int64_t wrapToIntType(Type type, int64_t v) {
  auto it = llvm::cast<IntegerType>(type);
  unsigned w = it.getWidth();
  if (w >= 64)
    return v;
  if (w == 1)
    return v != 0;
  uint64_t mask = (uint64_t(1) << w) - 1;
  uint64_t u = uint64_t(v) & mask;
  if (it.isUnsigned())
    return int64_t(u);
  // Signless and signed integers are two's complement.
  if (u >> (w - 1))
    return int64_t(u | ~mask);
  return int64_t(u);
}

std::optional<HostTensor> HostTensor::zeros(RankedTensorType type) {
  if (!supportsElementType(type.getElementType()) || !type.hasStaticShape())
    return std::nullopt;
  HostTensor t;
  t.shape.assign(type.getShape().begin(), type.getShape().end());
  t.elementType = type.getElementType();
  t.isFloat = llvm::isa<FloatType>(t.elementType);
  if (t.size() > kMaxFoldElements)
    return std::nullopt;
  if (t.isFloat)
    t.f.assign(t.size(), 0.0);
  else
    t.i.assign(t.size(), 0);
  return t;
}

std::optional<HostTensor> HostTensor::fromAttr(Attribute attr) {
  auto dense = llvm::dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  auto type = llvm::cast<RankedTensorType>(dense.getType());
  std::optional<HostTensor> t = zeros(type);
  if (!t)
    return std::nullopt;
  int64_t n = t->size();
  Type et = type.getElementType();
  if (et.isF32()) {
    int64_t k = 0;
    for (float v : dense.getValues<float>())
      t->f[k++] = v;
  } else if (et.isF64()) {
    int64_t k = 0;
    for (double v : dense.getValues<double>())
      t->f[k++] = v;
  } else {
    bool isUnsigned = llvm::cast<IntegerType>(et).isUnsigned() ||
                      et.isInteger(1);
    int64_t k = 0;
    for (const APInt &v : dense.getValues<APInt>())
      t->i[k++] = isUnsigned ? int64_t(v.getZExtValue()) : v.getSExtValue();
  }
  (void)n;
  return t;
}

DenseElementsAttr HostTensor::toAttr(RankedTensorType type) const {
  Type et = type.getElementType();
  if (et.isF32()) {
    std::vector<float> v(size());
    for (int64_t k = 0; k < size(); ++k)
      v[k] = float(getF(k));
    return DenseElementsAttr::get(type, llvm::ArrayRef<float>(v));
  }
  if (et.isF64()) {
    std::vector<double> v(size());
    for (int64_t k = 0; k < size(); ++k)
      v[k] = getF(k);
    return DenseElementsAttr::get(type, llvm::ArrayRef<double>(v));
  }
  unsigned w = llvm::cast<IntegerType>(et).getWidth();
  std::vector<APInt> v;
  v.reserve(size());
  for (int64_t k = 0; k < size(); ++k) {
    int64_t x = isFloat ? int64_t(f[k]) : i[k];
    uint64_t bits = uint64_t(wrapToIntType(et, x));
    if (w < 64)
      bits &= (uint64_t(1) << w) - 1;
    v.push_back(APInt(w, bits));
  }
  return DenseElementsAttr::get(type, llvm::ArrayRef<APInt>(v));
}

} // namespace tmlc::tml
