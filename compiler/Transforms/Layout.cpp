//===- Layout.cpp - NHWC window ops for the integer kernels -------*- C++ -*-===//
//
// The float kernels are NCHW, TFLite's integer kernels (and ours) NHWC.
// Every quantized 2-D conv/pool in NCHW form becomes
//   transpose(op_nhwc(transpose(x, NCHW->NHWC)), NHWC->NCHW)
// with constant OIHW weights permuted to OHWI at compile time. Elementwise
// ops between two transposes are moved below them, so that the transpose
// folder (transpose(transpose(x)) with the composed perm) cancels the
// importer's NHWC<->NCHW pairs and a whole int8 network runs in NHWC.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/Passes.h"
#include "dialects/TML/IR/TMLOps.h"
#include "mlir/Dialect/Quant/QuantOps.h"
#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace tmlc {
#define GEN_PASS_DEF_LAYOUTPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace tmlc

using namespace mlir;
using namespace tmlc::tml;

namespace {

const int64_t kToNHWC[] = {0, 2, 3, 1};
const int64_t kToNCHW[] = {0, 3, 1, 2};

RankedTensorType rtt(Value v) {
  return llvm::cast<RankedTensorType>(v.getType());
}

bool isQuantized(Value v) {
  return llvm::isa<quant::QuantizedType>(rtt(v).getElementType());
}

bool isPerTensor(Value v) {
  return !llvm::isa<quant::UniformQuantizedPerAxisType>(rtt(v).getElementType());
}

/// The element type after permuting axes (a per-axis type follows its axis).
Type permutedElementType(Type et, ArrayRef<int64_t> perm) {
  auto pa = llvm::dyn_cast<quant::UniformQuantizedPerAxisType>(et);
  if (!pa)
    return et;
  int32_t qd = pa.getQuantizedDimension();
  for (size_t i = 0; i < perm.size(); ++i)
    if (perm[i] == qd)
      qd = static_cast<int32_t>(i), i = perm.size();
  return quant::UniformQuantizedPerAxisType::get(
      pa.getFlags(), pa.getStorageType(), pa.getExpressedType(),
      pa.getScales(), pa.getZeroPoints(), qd, pa.getStorageTypeMin(),
      pa.getStorageTypeMax());
}

RankedTensorType permutedType(RankedTensorType t, ArrayRef<int64_t> perm) {
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(t.getDimSize(p));
  return RankedTensorType::get(shape,
                               permutedElementType(t.getElementType(), perm));
}

/// transpose(v, perm); a quantized constant (storage constant + scast) is
/// permuted at compile time.
Value transposed(PatternRewriter &rewriter, Location loc, Value v,
                 ArrayRef<int64_t> perm) {
  auto type = permutedType(rtt(v), perm);
  if (auto scast = v.getDefiningOp<quant::StorageCastOp>()) {
    if (scast.getArg().getDefiningOp<ConstantOp>()) {
      Value storage = scast.getArg();
      auto st = permutedType(rtt(storage), perm);
      Value permuted = rewriter.createOrFold<TransposeOp>(
          loc, st, storage, rewriter.getDenseI64ArrayAttr(perm));
      return rewriter.create<quant::StorageCastOp>(loc, type, permuted);
    }
  }
  return rewriter.createOrFold<TransposeOp>(loc, type, v,
                                            rewriter.getDenseI64ArrayAttr(perm));
}

struct ConvToNHWC : OpRewritePattern<ConvOp> {
  using OpRewritePattern<ConvOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getLayout() != "NCHW" || rtt(op.getInput()).getRank() != 4 ||
        !isQuantized(op.getInput()))
      return failure();
    Location loc = op.getLoc();
    Value x = transposed(rewriter, loc, op.getInput(), kToNHWC);
    Value w = transposed(rewriter, loc, op.getWeight(), kToNHWC); // OIHW->OHWI
    auto type = permutedType(rtt(op.getResult()), kToNHWC);
    auto conv = rewriter.create<ConvOp>(
        loc, type, x, w, op.getBias(), op.getStridesAttr(),
        op.getDilationsAttr(), op.getPadsAttr(), op.getGroupAttr(),
        rewriter.getStringAttr("NHWC"), op.getFullyConnectedAttr());
    conv->setDiscardableAttrs(op->getDiscardableAttrDictionary());
    rewriter.replaceOp(op, transposed(rewriter, loc, conv, kToNCHW));
    return success();
  }
};

template <typename PoolT>
struct PoolToNHWC : OpRewritePattern<PoolT> {
  using OpRewritePattern<PoolT>::OpRewritePattern;
  LogicalResult matchAndRewrite(PoolT op,
                                PatternRewriter &rewriter) const override {
    if (op.getLayout() != "NCHW" || rtt(op.getInput()).getRank() != 4 ||
        !isQuantized(op.getInput()))
      return failure();
    Location loc = op.getLoc();
    Value x = transposed(rewriter, loc, op.getInput(), kToNHWC);
    auto type = permutedType(rtt(op.getResult()), kToNHWC);
    auto pool = rewriter.create<PoolT>(
        loc, type, x, op.getKernelAttr(), op.getStridesAttr(),
        op.getDilationsAttr(), op.getPadsAttr(), op.getCountIncludePadAttr(),
        rewriter.getStringAttr("NHWC"));
    pool->setDiscardableAttrs(op->getDiscardableAttrDictionary());
    rewriter.replaceOp(op, transposed(rewriter, loc, pool, kToNCHW));
    return success();
  }
};

/// unary(transpose(x)) -> transpose(unary(x)) for elementwise ops on
/// per-tensor (or unquantized) element types.
struct SinkTransposeThroughUnary : RewritePattern {
  SinkTransposeThroughUnary(MLIRContext *ctx)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}
  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!llvm::isa<ReluOp, ClipOp, SigmoidOp, TanhOp, HardSwishOp,
                   LeakyReluOp, RequantizeOp>(op))
      return failure();
    auto tr = op->getOperand(0).getDefiningOp<TransposeOp>();
    if (!tr || !tr->hasOneUse() || !isQuantized(op->getResult(0)) ||
        !isPerTensor(op->getResult(0)) ||
        !isPerTensor(tr.getInput()))
      return failure();
    auto inType = rtt(tr.getInput());
    auto newType = RankedTensorType::get(
        inType.getShape(), rtt(op->getResult(0)).getElementType());
    Operation *clone = rewriter.clone(*op);
    clone->setOperand(0, tr.getInput());
    clone->getResult(0).setType(newType);
    rewriter.replaceOpWithNewOp<TransposeOp>(op, op->getResult(0).getType(),
                                             clone->getResult(0),
                                             tr.getPermAttr());
    return success();
  }
};

/// binary(transpose(a, p), transpose(b, p)) -> transpose(binary(a, b), p)
/// when a and b have the same shape.
struct SinkTransposeThroughBinary : RewritePattern {
  SinkTransposeThroughBinary(MLIRContext *ctx)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}
  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!llvm::isa<AddOp, SubOp, MulOp>(op))
      return failure();
    auto ta = op->getOperand(0).getDefiningOp<TransposeOp>();
    auto tb = op->getOperand(1).getDefiningOp<TransposeOp>();
    if (!ta || !tb || ta.getPerm() != tb.getPerm() ||
        rtt(ta.getInput()).getShape() != rtt(tb.getInput()).getShape() ||
        !isPerTensor(ta.getInput()) || !isPerTensor(tb.getInput()) ||
        !isQuantized(op->getResult(0)) || !isPerTensor(op->getResult(0)) ||
        rtt(op->getResult(0)).getShape() != rtt(op->getOperand(0)).getShape())
      return failure();
    auto newType = RankedTensorType::get(
        rtt(ta.getInput()).getShape(), rtt(op->getResult(0)).getElementType());
    Operation *clone = rewriter.clone(*op);
    clone->setOperand(0, ta.getInput());
    clone->setOperand(1, tb.getInput());
    clone->getResult(0).setType(newType);
    rewriter.replaceOpWithNewOp<TransposeOp>(op, op->getResult(0).getType(),
                                             clone->getResult(0),
                                             ta.getPermAttr());
    return success();
  }
};

struct LayoutPass : public tmlc::impl::LayoutPassBase<LayoutPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<ConvToNHWC, PoolToNHWC<MaxPoolOp>, PoolToNHWC<AvgPoolOp>,
                 SinkTransposeThroughUnary, SinkTransposeThroughBinary>(ctx);
    TransposeOp::getCanonicalizationPatterns(patterns, ctx);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
