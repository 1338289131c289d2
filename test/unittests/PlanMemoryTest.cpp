//===- PlanMemoryTest.cpp - properties of the arena planner -------*- C++ -*-===//
//
// Builds random single-block graphs of tml ops, runs the planner, and checks
// the properties that make a plan correct: buffers that are live at the
// same time never share bytes, every buffer is aligned, and the arena size
// is exactly the end of the highest buffer.
//
//===----------------------------------------------------------------------===//
#include "compiler/Analysis/Storage.h"
#include "compiler/Transforms/Passes.h"
#include "dialects/TML/IR/TMLOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "gtest/gtest.h"
#include <random>

using namespace mlir;

namespace {

struct Interval {
  int64_t begin, end, offset, size;
};

class PlanMemoryTest : public ::testing::TestWithParam<int> {
protected:
  PlanMemoryTest() {
    registry.insert<tmlc::tml::TMLDialect, func::FuncDialect>();
    ctx = std::make_unique<MLIRContext>(registry);
    ctx->loadAllAvailableDialects();
  }
  DialectRegistry registry;
  std::unique_ptr<MLIRContext> ctx;
};

TEST_P(PlanMemoryTest, LiveBuffersNeverOverlap) {
  std::mt19937 rng(GetParam());
  OpBuilder b(ctx.get());
  Location loc = b.getUnknownLoc();
  auto module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module.getBody());
  auto argType = RankedTensorType::get({int64_t(1 + rng() % 64)}, b.getF32Type());
  auto func = b.create<func::FuncOp>(loc, "main",
                                     b.getFunctionType({argType}, {}));
  Block *block = func.addEntryBlock();
  b.setInsertionPointToStart(block);
  // A random DAG: each new value is relu(v) or add(v, w) of earlier values
  // of the same size; sizes change through reshape-free "resize" via
  // slices of a bigger tensor.
  std::vector<Value> values = {block->getArgument(0)};
  int n = 10 + rng() % 40;
  for (int k = 0; k < n; ++k) {
    Value a = values[rng() % values.size()];
    auto t = llvm::cast<RankedTensorType>(a.getType());
    Value r;
    switch (rng() % 3) {
    case 0:
      r = b.create<tmlc::tml::ReluOp>(loc, t, a);
      break;
    case 1: {
      // Another value of the same shape, if any.
      Value other = a;
      for (int tries = 0; tries < 8; ++tries) {
        Value c = values[rng() % values.size()];
        if (c.getType() == t) {
          other = c;
          break;
        }
      }
      r = b.create<tmlc::tml::AddOp>(loc, t, a, other);
      break;
    }
    default: {
      int64_t len = t.getDimSize(0);
      int64_t twice = len * 2;
      auto big = RankedTensorType::get({twice}, b.getF32Type());
      Value cat = b.create<tmlc::tml::ConcatOp>(loc, big, ValueRange{a, a},
                                                b.getI64IntegerAttr(0));
      values.push_back(cat);
      int64_t keep = 1 + rng() % twice;
      auto small = RankedTensorType::get({keep}, b.getF32Type());
      r = b.create<tmlc::tml::SliceOp>(loc, small, cat,
                                       b.getDenseI64ArrayAttr({0}),
                                       b.getDenseI64ArrayAttr({1}));
      break;
    }
    }
    values.push_back(r);
  }
  Value last = values.back();
  b.create<func::ReturnOp>(loc, last);
  func.setType(b.getFunctionType({argType}, {last.getType()}));
  ASSERT_TRUE(succeeded(verify(module)));

  PassManager pm(ctx.get());
  tmlc::PlanMemoryPassOptions options;
  options.alignment = 16;
  pm.addNestedPass<func::FuncOp>(tmlc::createPlanMemoryPass(options));
  ASSERT_TRUE(succeeded(pm.run(module)));

  // Recompute lifetimes independently of the pass: from definition to the
  // last op that reads the value.
  std::map<Operation *, int64_t> order;
  int64_t idx = 0;
  for (Operation &op : *block)
    order[&op] = idx++;
  std::vector<Interval> intervals;
  int64_t maxEnd = 0;
  for (Operation &op : *block) {
    auto off = op.getAttrOfType<IntegerAttr>("tmlc.arena_offset");
    if (!off)
      continue;
    Value v = op.getResult(0);
    Interval in{order[&op], order[&op], off.getInt(),
                tmlc::StorageAnalysis::byteSize(v.getType())};
    for (Operation *user : v.getUsers())
      in.end = std::max(in.end, order[user]);
    EXPECT_EQ(in.offset % 16, 0) << "unaligned buffer";
    maxEnd = std::max(maxEnd, in.offset + in.size);
    intervals.push_back(in);
  }
  for (size_t i = 0; i < intervals.size(); ++i)
    for (size_t j = i + 1; j < intervals.size(); ++j) {
      const Interval &x = intervals[i], &y = intervals[j];
      bool liveTogether = x.begin <= y.end && y.begin <= x.end;
      bool bytesOverlap = x.offset < y.offset + y.size &&
                          y.offset < x.offset + x.size;
      EXPECT_FALSE(liveTogether && bytesOverlap && x.size && y.size)
          << "buffers " << i << " and " << j << " overlap while both live";
    }
  auto size = func->getAttrOfType<IntegerAttr>("tmlc.arena_size");
  ASSERT_TRUE(size);
  EXPECT_EQ(size.getInt(), maxEnd);
  // The graph output lives in the caller's buffer, not in the arena.
  EXPECT_FALSE(last.getDefiningOp()->hasAttr("tmlc.arena_offset"));
  module.erase();
}

INSTANTIATE_TEST_SUITE_P(RandomGraphs, PlanMemoryTest, ::testing::Range(1, 41));

} // namespace
