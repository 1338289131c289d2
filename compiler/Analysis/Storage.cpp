//===- Storage.cpp - where each tensor of a model lives -----------*- C++ -*-===//
#include "compiler/Analysis/Storage.h"
#include "dialects/TML/IR/TMLOps.h"
#include "mlir/Dialect/Quant/QuantOps.h"
#include "mlir/Dialect/Quant/QuantTypes.h"

using namespace mlir;

#include <algorithm>
namespace tmlc {

bool StorageAnalysis::isView(Value v) {
  // A reshape keeps the bytes; a storage cast (quantized <-> its storage
  // integer type, e.g. of a quantized constant) reinterprets them.
  return v.getDefiningOp<tml::ReshapeOp>() != nullptr ||
         v.getDefiningOp<quant::StorageCastOp>() != nullptr;
}

static Value rootOf(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (auto r = llvm::dyn_cast<tml::ReshapeOp>(def))
      v = r.getInput();
    else if (auto c = llvm::dyn_cast<quant::StorageCastOp>(def))
      v = c.getArg();
    else
      break;
  }
  return v;
}

StorageAnalysis::StorageAnalysis(func::FuncOp func) {
  auto ret = llvm::cast<func::ReturnOp>(func.getBody().front().getTerminator());
  for (auto [j, v] : llvm::enumerate(ret.getOperands())) {
    bool computed = !llvm::isa<BlockArgument>(v) && !isView(v) &&
                    !v.getDefiningOp<tml::ConstantOp>();
    if (computed && !directOutputs.count(v))
      directOutputs[v] = j;
    else
      copies.push_back({unsigned(j), v});
  }
}

Storage StorageAnalysis::get(Value v) const {
  Storage s;
  s.root = rootOf(v);
  if (auto arg = llvm::dyn_cast<BlockArgument>(s.root)) {
    s.kind = StorageKind::Input;
    s.index = arg.getArgNumber();
  } else if (s.root.getDefiningOp<tml::ConstantOp>()) {
    s.kind = StorageKind::Constant;
  } else if (auto it = directOutputs.find(s.root); it != directOutputs.end()) {
    s.kind = StorageKind::Output;
    s.index = it->second;
  } else {
    s.kind = StorageKind::Arena;
  }
  return s;
}

int64_t StorageAnalysis::elementBytes(Type t) {
  if (auto q = llvm::dyn_cast<quant::QuantizedType>(t))
    t = q.getStorageType();
  if (auto it = llvm::dyn_cast<IntegerType>(t))
    return (it.getWidth() + 7) / 8;
  if (auto ft = llvm::dyn_cast<FloatType>(t))
    return ft.getWidth() / 8;
  return 0;
}

int64_t StorageAnalysis::byteSize(Type type) {
  auto t = llvm::cast<RankedTensorType>(type);
  return t.getNumElements() * elementBytes(t.getElementType());
}

std::vector<ArenaLifetime>
arenaLifetimes(func::FuncOp func, const StorageAnalysis &storage,
               llvm::DenseMap<Operation *, int64_t> &order) {
  Block &body = func.getBody().front();
  int64_t n = 0;
  for (Operation &op : body)
    order[&op] = n++;
  llvm::DenseMap<Value, size_t> index;
  std::vector<ArenaLifetime> roots;
  for (Operation &op : body)
    for (Value v : op.getResults()) {
      if (StorageAnalysis::isView(v) ||
          storage.get(v).kind != StorageKind::Arena)
        continue;
      index[v] = roots.size();
      roots.push_back({v, StorageAnalysis::byteSize(v.getType()), order[&op],
                       order[&op]});
    }
  for (Operation &op : body)
    for (Value operand : op.getOperands()) {
      auto it = index.find(storage.get(operand).root);
      if (it != index.end())
        roots[it->second].end = std::max(roots[it->second].end, order[&op]);
    }
  for (auto [pos, v] : storage.outputCopies()) {
    auto it = index.find(storage.get(v).root);
    if (it != index.end())
      roots[it->second].end = n;
  }
  return roots;
}

int64_t lowestFreeOffset(std::vector<std::pair<int64_t, int64_t>> busy,
                         int64_t bytes, int64_t align) {
  std::sort(busy.begin(), busy.end());
  int64_t offset = 0;
  for (auto [lo, hi] : busy) {
    if (offset + bytes <= lo)
      break;
    offset = std::max(offset, (hi + align - 1) / align * align);
  }
  return offset;
}

} // namespace tmlc
