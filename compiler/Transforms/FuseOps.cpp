//===- FuseOps.cpp - fold per-channel affine ops into convolutions -*- C++ -*-===//
#include "compiler/Transforms/Passes.h"
#include "dialects/TML/IR/TMLOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace tmlc {
#define GEN_PASS_DEF_FUSEOPSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace tmlc

using namespace mlir;
using namespace tmlc::tml;

namespace {

/// If `c` is a float constant that varies only along axis 1 of a rank-`rank`
/// NC... result with `channels` channels, returns it reshaped to
/// [channels] (broadcasting a scalar); otherwise a null value.
Value perChannelConstant(PatternRewriter &rewriter, Location loc, Value c,
                         int64_t rank, int64_t channels) {
  auto cst = c.getDefiningOp<ConstantOp>();
  if (!cst)
    return {};
  auto type = llvm::cast<RankedTensorType>(c.getType());
  if (!type.getElementType().isF32() || type.getRank() > rank)
    return {};
  int64_t offset = rank - type.getRank();
  for (int64_t d = 0; d < type.getRank(); ++d) {
    int64_t axis = d + offset;
    int64_t size = type.getDimSize(d);
    if (size != 1 && !(axis == 1 && size == channels))
      return {};
  }
  auto flatType = RankedTensorType::get({type.getNumElements()},
                                        type.getElementType());
  Value flat = rewriter.createOrFold<ReshapeOp>(loc, flatType, c);
  if (type.getNumElements() == channels)
    return flat;
  // A scalar: broadcast it to every channel by adding a zero vector.
  auto chType = RankedTensorType::get({channels}, type.getElementType());
  Value zeros = rewriter.create<ConstantOp>(
      loc, chType, DenseElementsAttr::get(chType, rewriter.getF32FloatAttr(0)));
  return rewriter.createOrFold<AddOp>(loc, chType, zeros, flat);
}

/// mul(conv(x, w, b), s) -> conv(x, w * s, b * s)
/// add(conv(x, w, b), c) -> conv(x, w, b + c)
template <typename BinOp>
struct FoldAffineIntoConv : OpRewritePattern<BinOp> {
  using OpRewritePattern<BinOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(BinOp op,
                                PatternRewriter &rewriter) const override {
    Value lhs = op.getLhs(), rhs = op.getRhs();
    auto conv = lhs.getDefiningOp<ConvOp>();
    Value other = rhs;
    if (!conv) {
      conv = rhs.getDefiningOp<ConvOp>();
      other = lhs;
    }
    if (!conv || !conv->hasOneUse() ||
        op.getResult().getType() != conv.getResult().getType())
      return failure();
    auto convType = llvm::cast<RankedTensorType>(conv.getResult().getType());
    if (!convType.getElementType().isF32())
      return failure();
    int64_t channels = convType.getDimSize(1);
    Location loc = op.getLoc();
    Value c = perChannelConstant(rewriter, loc, other, convType.getRank(),
                                 channels);
    if (!c)
      return failure();
    auto biasType = RankedTensorType::get({channels}, convType.getElementType());
    Value weight = conv.getWeight(), bias = conv.getBias();
    if (std::is_same<BinOp, MulOp>::value) {
      auto wType = llvm::cast<RankedTensorType>(weight.getType());
      SmallVector<int64_t> shape(wType.getRank(), 1);
      shape[0] = channels;
      Value cw = rewriter.createOrFold<ReshapeOp>(
          loc, RankedTensorType::get(shape, wType.getElementType()), c);
      weight = rewriter.createOrFold<MulOp>(loc, wType, weight, cw);
      if (bias)
        bias = rewriter.createOrFold<MulOp>(loc, biasType, bias, c);
    } else {
      bias = bias ? rewriter.createOrFold<AddOp>(loc, biasType, bias, c) : c;
    }
    rewriter.replaceOpWithNewOp<ConvOp>(
        op, convType, conv.getInput(), weight, bias, conv.getStridesAttr(),
        conv.getDilationsAttr(), conv.getPadsAttr(), conv.getGroupAttr());
    return success();
  }
};

struct FuseOpsPass : public tmlc::impl::FuseOpsPassBase<FuseOpsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldAffineIntoConv<MulOp>, FoldAffineIntoConv<AddOp>>(
        &getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
