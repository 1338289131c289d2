//===- FuseActivations.cpp - quantized clamps into their producer -*- C++ -*-===//
//
// TFLite fuses RELU/RELU6/RELU_N1_TO_1 into the op before them: the op's
// output is clamped to the activation range in the output's quantized
// domain. The importer splits them into tml.relu/tml.clip; this pass puts
// them back as a `tmlc.clamp` attribute (real bounds) on the producer, which
// is exactly what TFLite computes when the activation's input and output
// share one quantization. It also cancels quant.qcast(quant.dcast(x)).
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/Passes.h"
#include "dialects/TML/IR/TMLOps.h"
#include "mlir/Dialect/Quant/QuantOps.h"
#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace tmlc {
#define GEN_PASS_DEF_FUSEACTIVATIONSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace tmlc

using namespace mlir;
using namespace tmlc::tml;

namespace {

bool isPerTensorQuant(Value v) {
  return llvm::isa<quant::UniformQuantizedType>(
      llvm::cast<RankedTensorType>(v.getType()).getElementType());
}

struct FuseClamp : RewritePattern {
  FuseClamp(MLIRContext *ctx)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}
  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    double lo, hi;
    if (llvm::isa<ReluOp>(op)) {
      lo = 0.0;
      hi = std::numeric_limits<double>::infinity();
    } else if (auto clip = llvm::dyn_cast<ClipOp>(op)) {
      lo = clip.getMin().convertToDouble();
      hi = clip.getMax().convertToDouble();
    } else {
      return failure();
    }
    Value x = op->getOperand(0);
    Operation *producer = x.getDefiningOp();
    if (!producer || !x.hasOneUse() || x.getType() != op->getResult(0).getType() ||
        !isPerTensorQuant(x) ||
        !llvm::isa<ConvOp, MaxPoolOp, AvgPoolOp, AddOp, SubOp, MulOp>(producer))
      return failure();
    if (auto old = producer->getAttrOfType<DenseF64ArrayAttr>("tmlc.clamp")) {
      lo = std::max(lo, old[0]);
      hi = std::min(hi, old[1]);
    }
    rewriter.modifyOpInPlace(producer, [&] {
      producer->setAttr("tmlc.clamp", rewriter.getDenseF64ArrayAttr({lo, hi}));
    });
    rewriter.replaceOp(op, x);
    return success();
  }
};

/// qcast(dcast(x)): x with the same type, else a requantization.
struct CancelQuantPair : OpRewritePattern<quant::QuantizeCastOp> {
  using OpRewritePattern<quant::QuantizeCastOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(quant::QuantizeCastOp op,
                                PatternRewriter &rewriter) const override {
    auto d = op.getArg().getDefiningOp<quant::DequantizeCastOp>();
    if (!d)
      return failure();
    Value x = d.getArg();
    if (x.getType() == op.getType()) {
      rewriter.replaceOp(op, x);
      return success();
    }
    if (!isPerTensorQuant(x) || !isPerTensorQuant(op.getResult()))
      return failure();
    rewriter.replaceOpWithNewOp<RequantizeOp>(op, op.getType(), x);
    return success();
  }
};

struct FuseActivationsPass
    : public tmlc::impl::FuseActivationsPassBase<FuseActivationsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseClamp, CancelQuantPair>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
