//===- PlanMemory.cpp - liveness-based arena planning -------------*- C++ -*-===//
#include "compiler/Analysis/Storage.h"
#include "compiler/Transforms/Passes.h"
#include "dialects/TML/IR/TMLOps.h"
#include "mlir/IR/Builders.h"
#include <algorithm>

namespace tmlc {
#define GEN_PASS_DEF_PLANMEMORYPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace tmlc

using namespace mlir;

namespace {

struct Buffer {
  Value value;
  int64_t size = 0, begin = 0, end = 0, offset = -1;
};

struct PlanMemoryPass
    : public tmlc::impl::PlanMemoryPassBase<PlanMemoryPass> {
  using PlanMemoryPassBase::PlanMemoryPassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (!func.getBody().hasOneBlock()) {
      func.emitOpError() << "expected a single-block model function";
      return signalPassFailure();
    }
    if (alignment < 1) {
      func.emitOpError() << "alignment must be positive";
      return signalPassFailure();
    }
    tmlc::StorageAnalysis storage(func);
    llvm::DenseMap<Operation *, int64_t> order;
    std::vector<Buffer> buffers;
    for (const tmlc::ArenaLifetime &l :
         tmlc::arenaLifetimes(func, storage, order))
      buffers.push_back({l.value, l.size, l.begin, l.end});

    // Greedy by size: place each buffer at the lowest aligned offset that
    // does not overlap a placed buffer whose lifetime intersects it.
    std::vector<size_t> byRank(buffers.size());
    for (size_t k = 0; k < buffers.size(); ++k)
      byRank[k] = k;
    std::stable_sort(byRank.begin(), byRank.end(), [&](size_t a, size_t b) {
      if (buffers[a].size != buffers[b].size)
        return buffers[a].size > buffers[b].size;
      return buffers[a].begin < buffers[b].begin;
    });
    std::vector<size_t> placed;
    int64_t arenaSize = 0;
    for (size_t k : byRank) {
      Buffer &b = buffers[k];
      std::vector<std::pair<int64_t, int64_t>> busy;
      for (size_t p : placed) {
        const Buffer &o = buffers[p];
        if (o.begin <= b.end && b.begin <= o.end)
          busy.push_back({o.offset, o.offset + o.size});
      }
      int64_t offset = tmlc::lowestFreeOffset(std::move(busy), b.size,
                                               alignment);
      b.offset = offset;
      placed.push_back(k);
      arenaSize = std::max(arenaSize, offset + b.size);
    }

    Builder builder(func.getContext());
    for (const Buffer &b : buffers)
      b.value.getDefiningOp()->setAttr("tmlc.arena_offset",
                                       builder.getI64IntegerAttr(b.offset));
    func->setAttr("tmlc.arena_size", builder.getI64IntegerAttr(arenaSize));
  }
};

} // namespace
