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


/// A float convolution whose input and kernel are 1x1 in every spatial axis
/// is a fully connected layer: y = x W^T + b. Rewrites it into reshape +
/// matmul (+ add) so it runs on the matrix kernel, with W^T folded into a
/// constant when W is one (TFLite imports FULLY_CONNECTED in this form).
struct FloatPointConvToMatMul : OpRewritePattern<ConvOp> {
  using OpRewritePattern<ConvOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvOp conv,
                                PatternRewriter &rewriter) const override {
    auto xt = llvm::cast<RankedTensorType>(conv.getInput().getType());
    auto wt = llvm::cast<RankedTensorType>(conv.getWeight().getType());
    auto yt = llvm::cast<RankedTensorType>(conv.getResult().getType());
    if (!xt.getElementType().isF32() || !wt.getElementType().isF32() ||
        conv.getLayout() != "NCHW" || conv.getGroup() != 1 ||
        !conv.getWeight().getDefiningOp<ConstantOp>())
      return failure();
    for (int64_t d = 2; d < xt.getRank(); ++d)
      if (xt.getDimSize(d) != 1 || wt.getDimSize(d) != 1)
        return failure();
    for (int64_t p : conv.getPads())
      if (p != 0)
        return failure();
    Location loc = conv.getLoc();
    Type f32 = xt.getElementType();
    int64_t n = xt.getDimSize(0), c = xt.getDimSize(1), m = wt.getDimSize(0);
    Value x2 = rewriter.createOrFold<ReshapeOp>(
        loc, RankedTensorType::get({n, c}, f32), conv.getInput());
    Value w2 = rewriter.createOrFold<ReshapeOp>(
        loc, RankedTensorType::get({m, c}, f32), conv.getWeight());
    Value wT = rewriter.createOrFold<TransposeOp>(
        loc, RankedTensorType::get({c, m}, f32), w2,
        rewriter.getDenseI64ArrayAttr({1, 0}));
    auto yType = RankedTensorType::get({n, m}, f32);
    Value y = rewriter.create<MatMulOp>(loc, yType, x2, wT);
    if (conv.getBias())
      y = rewriter.create<AddOp>(loc, yType, y, conv.getBias());
    rewriter.replaceOpWithNewOp<ReshapeOp>(conv, yt, y);
    return success();
  }
};

struct FuseOpsPass : public tmlc::impl::FuseOpsPassBase<FuseOpsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldAffineIntoConv<MulOp>, FoldAffineIntoConv<AddOp>,
                 FloatPointConvToMatMul>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
