//===- FuseQDQ.cpp - QDQ float islands into quantized ops ---------*- C++ -*-===//
//
// ONNX QDQ models (QuantizeLinear/DequantizeLinear around float ops) import
// as quant.dcast -> float op -> quant.qcast. When every float operand of the
// op is a dcast and its result only feeds one qcast, the island is the
// integer op TFLite would run: this pass rewrites it into the op on
// quantized types, which the int8 kernels compile.
//
//   qcast(conv(dcast x, dcast w, dcast b)) [relu/clip before the qcast]
//   qcast(add(matmul(dcast x, transpose(dcast w)), dcast b)) [relu/clip]
//       (Gemm transB=1 / Linear: a fully connected 1x1 tml.conv)
//   qcast(max_pool(dcast x)), qcast(reshape(dcast x)) with equal params
//
// Biases are requantized to int32 at scale s_in * s_w (per output channel),
// rounding half to even, as TFLite converters store them. Anything else
// stays float between its dcast and qcast.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/Passes.h"
#include "dialects/TML/IR/HostTensor.h"
#include "dialects/TML/IR/TMLOps.h"
#include "mlir/Dialect/Quant/QuantOps.h"
#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>
#include <limits>

namespace tmlc {
#define GEN_PASS_DEF_FUSEQDQPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace tmlc

using namespace mlir;
using namespace tmlc::tml;

namespace {

RankedTensorType rtt(Value v) {
  return llvm::cast<RankedTensorType>(v.getType());
}

/// The quantized value a dcast reads, or null.
Value dequantized(Value v) {
  if (!v)
    return {};
  if (auto d = v.getDefiningOp<quant::DequantizeCastOp>())
    return d.getArg();
  return {};
}

quant::UniformQuantizedType perTensorI8(Value v) {
  auto q = llvm::dyn_cast<quant::UniformQuantizedType>(rtt(v).getElementType());
  if (!q || !q.getStorageType().isInteger(8) || !q.isSigned())
    return {};
  return q;
}

/// Per-output-channel weight scales (axis 0), or failure.
FailureOr<SmallVector<double>> weightScales(Value w) {
  auto t = rtt(w);
  Type et = t.getElementType();
  int64_t out = t.getDimSize(0);
  if (auto q = llvm::dyn_cast<quant::UniformQuantizedType>(et)) {
    if (!q.getStorageType().isInteger(8) || q.getZeroPoint() != 0)
      return failure();
    return SmallVector<double>(out, q.getScale());
  }
  if (auto pa = llvm::dyn_cast<quant::UniformQuantizedPerAxisType>(et)) {
    if (!pa.getStorageType().isInteger(8) || pa.getQuantizedDimension() != 0 ||
        int64_t(pa.getScales().size()) != out)
      return failure();
    for (int64_t z : pa.getZeroPoints())
      if (z != 0)
        return failure();
    return SmallVector<double>(pa.getScales().begin(), pa.getScales().end());
  }
  return failure();
}

/// The storage constant and element type of a quantized constant.
std::optional<std::pair<DenseElementsAttr, Type>> quantConstant(Value q) {
  auto sc = q.getDefiningOp<quant::StorageCastOp>();
  if (!sc)
    return std::nullopt;
  auto cst = sc.getArg().getDefiningOp<ConstantOp>();
  if (!cst)
    return std::nullopt;
  auto attr = llvm::dyn_cast<DenseElementsAttr>(cst.getValue());
  if (!attr)
    return std::nullopt;
  return std::make_pair(attr, rtt(q).getElementType());
}

/// The real values of a bias operand (a dcast of a quantized constant or a
/// float constant).
std::optional<std::vector<double>> biasValues(Value bias, int64_t out) {
  if (rtt(bias).getRank() != 1 || rtt(bias).getDimSize(0) != out)
    return std::nullopt;
  if (auto cst = bias.getDefiningOp<ConstantOp>()) {
    auto h = HostTensor::fromAttr(cst.getValue());
    if (!h || !h->isFloat)
      return std::nullopt;
    return h->f;
  }
  Value q = dequantized(bias);
  if (!q)
    return std::nullopt;
  auto qc = quantConstant(q);
  if (!qc)
    return std::nullopt;
  auto h = HostTensor::fromAttr(qc->first);
  if (!h || h->isFloat)
    return std::nullopt;
  std::vector<double> r(out);
  Type et = qc->second;
  for (int64_t c = 0; c < out; ++c) {
    double s;
    int64_t zp;
    if (auto u = llvm::dyn_cast<quant::UniformQuantizedType>(et)) {
      s = u.getScale(), zp = u.getZeroPoint();
    } else if (auto pa =
                   llvm::dyn_cast<quant::UniformQuantizedPerAxisType>(et)) {
      s = pa.getScales()[c], zp = pa.getZeroPoints()[c];
    } else {
      return std::nullopt;
    }
    r[c] = s * double(h->i[c] - zp);
  }
  return r;
}

/// An int32 bias constant at scale s_in * s_w[c], or null if out of range.
Value quantizedBias(PatternRewriter &rewriter, Location loc,
                    ArrayRef<double> real, double sIn,
                    ArrayRef<double> sW) {
  int64_t out = int64_t(real.size());
  std::vector<int32_t> q(out);
  SmallVector<double> scales;
  SmallVector<int64_t> zps(out, 0);
  for (int64_t c = 0; c < out; ++c) {
    double s = sIn * sW[c];
    double v = std::nearbyint(real[c] / s); // default mode: half to even
    if (!(std::fabs(v) <= double(std::numeric_limits<int32_t>::max())))
      return {};
    q[c] = int32_t(v);
    scales.push_back(s);
  }
  auto i32 = rewriter.getIntegerType(32);
  auto st = RankedTensorType::get({out}, i32);
  auto attr = DenseElementsAttr::get(st, ArrayRef<int32_t>(q));
  Value c = rewriter.create<ConstantOp>(loc, st, attr);
  auto et = quant::UniformQuantizedPerAxisType::get(
      quant::QuantizationFlags::Signed, i32, rewriter.getF32Type(), scales, zps,
      0, std::numeric_limits<int32_t>::min(),
      std::numeric_limits<int32_t>::max());
  return rewriter.create<quant::StorageCastOp>(
      loc, RankedTensorType::get({out}, et), c);
}

/// The activation between the op and the qcast (relu or clip), if any.
Operation *activationOf(Value y, Value &producer) {
  Operation *def = y.getDefiningOp();
  if (def && (isa<ReluOp>(def) || isa<ClipOp>(def)) && def->hasOneUse()) {
    producer = def->getOperand(0);
    return def;
  }
  producer = y;
  return nullptr;
}

/// Replaces the qcast with `y` (quantized, qcast's type) followed by the
/// activation re-created on the quantized type.
void finish(PatternRewriter &rewriter, quant::QuantizeCastOp qc, Value y,
            Operation *act) {
  if (act) {
    OperationState st(act->getLoc(), act->getName());
    st.addOperands(y);
    st.addTypes(y.getType());
    st.addAttributes(act->getAttrs());
    y = rewriter.create(st)->getResult(0);
  }
  rewriter.replaceOp(qc, y);
}

struct FuseConv : OpRewritePattern<quant::QuantizeCastOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(quant::QuantizeCastOp qc,
                                PatternRewriter &rewriter) const override {
    auto outQ = perTensorI8(qc.getResult());
    if (!outQ)
      return failure();
    Value pre;
    Operation *act = activationOf(qc.getArg(), pre);
    auto conv = pre.getDefiningOp<ConvOp>();
    if (!conv || !pre.hasOneUse() || conv.getLayout() != "NCHW")
      return failure();
    Value x = dequantized(conv.getInput()), w = dequantized(conv.getWeight());
    if (!x || !w || !perTensorI8(x) || !quantConstant(w))
      return failure();
    auto sW = weightScales(w);
    if (failed(sW))
      return failure();
    Value bias;
    if (conv.getBias()) {
      auto real = biasValues(conv.getBias(), rtt(w).getDimSize(0));
      if (!real)
        return failure();
      bias = quantizedBias(rewriter, conv.getLoc(), *real,
                           perTensorI8(x).getScale(), *sW);
      if (!bias)
        return failure();
    }
    auto type = RankedTensorType::get(rtt(pre).getShape(), outQ);
    SmallVector<Value> operands{x, w};
    if (bias)
      operands.push_back(bias);
    Value y = rewriter.create<ConvOp>(conv.getLoc(), TypeRange{type}, operands,
                                      conv->getAttrs());
    finish(rewriter, qc, y, act);
    return success();
  }
};

/// Gemm/Linear as imported: add(matmul(x, transpose(w)), b).
struct FuseFullyConnected : OpRewritePattern<quant::QuantizeCastOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(quant::QuantizeCastOp qc,
                                PatternRewriter &rewriter) const override {
    auto outQ = perTensorI8(qc.getResult());
    if (!outQ)
      return failure();
    Value pre;
    Operation *act = activationOf(qc.getArg(), pre);
    if (!pre.hasOneUse())
      return failure();
    Value mmOut = pre, biasIn;
    if (auto add = pre.getDefiningOp<AddOp>()) {
      for (int k = 0; k < 2 && !biasIn; ++k) {
        Value m = add->getOperand(k);
        if (m.getDefiningOp<MatMulOp>() && m.hasOneUse()) {
          mmOut = m;
          biasIn = add->getOperand(1 - k);
        }
      }
      if (!biasIn || rtt(mmOut) != rtt(pre))
        return failure();
    }
    auto mm = mmOut.getDefiningOp<MatMulOp>();
    if (!mm || rtt(mmOut).getRank() != 2)
      return failure();
    auto tr = mm->getOperand(1).getDefiningOp<TransposeOp>();
    if (!tr || tr.getPerm() != ArrayRef<int64_t>{1, 0})
      return failure();
    Value x = dequantized(mm->getOperand(0)), w = dequantized(tr.getInput());
    if (!x || !w || !perTensorI8(x))
      return failure();
    auto wc = quantConstant(w);
    auto sW = weightScales(w);
    if (!wc || failed(sW))
      return failure();
    int64_t n = rtt(x).getDimSize(0), k = rtt(x).getDimSize(1),
            out = rtt(w).getDimSize(0);
    Location loc = mm.getLoc();
    Value bias;
    if (biasIn) {
      auto real = biasValues(biasIn, out);
      if (!real)
        return failure();
      bias = quantizedBias(rewriter, loc, *real, perTensorI8(x).getScale(),
                           *sW);
      if (!bias)
        return failure();
    }
    auto x4 = rewriter.create<ReshapeOp>(
        loc, RankedTensorType::get({n, k, 1, 1}, rtt(x).getElementType()), x);
    auto w4t = RankedTensorType::get({out, k, 1, 1}, wc->first.getElementType());
    Value w4 = rewriter.create<ConstantOp>(loc, w4t, wc->first.reshape(w4t));
    w4 = rewriter.create<quant::StorageCastOp>(
        loc, RankedTensorType::get({out, k, 1, 1}, wc->second), w4);
    Value y = rewriter.create<ConvOp>(
        loc, RankedTensorType::get({n, out, 1, 1}, outQ), x4, w4, bias,
        rewriter.getDenseI64ArrayAttr({1, 1}),
        rewriter.getDenseI64ArrayAttr({1, 1}),
        rewriter.getDenseI64ArrayAttr({0, 0, 0, 0}),
        rewriter.getI64IntegerAttr(1), rewriter.getStringAttr("NCHW"),
        rewriter.getUnitAttr());
    y = rewriter.create<ReshapeOp>(loc, RankedTensorType::get({n, out}, outQ),
                                   y);
    finish(rewriter, qc, y, act);
    return success();
  }
};

/// Ops that move int8 values unchanged: quantized when input and output
/// share one quantization.
struct FuseDataMovement : OpRewritePattern<quant::QuantizeCastOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(quant::QuantizeCastOp qc,
                                PatternRewriter &rewriter) const override {
    auto outQ = perTensorI8(qc.getResult());
    Operation *op = qc.getArg().getDefiningOp();
    if (!outQ || !op || !qc.getArg().hasOneUse() || op->getNumOperands() != 1 ||
        !(isa<MaxPoolOp>(op) || isa<ReshapeOp>(op)))
      return failure();
    Value x = dequantized(op->getOperand(0));
    if (!x || perTensorI8(x) != outQ)
      return failure();
    OperationState st(op->getLoc(), op->getName());
    st.addOperands(x);
    st.addTypes(qc.getResult().getType());
    st.addAttributes(op->getAttrs());
    rewriter.replaceOp(qc, rewriter.create(st)->getResult(0));
    return success();
  }
};

struct FuseQDQPass : tmlc::impl::FuseQDQPassBase<FuseQDQPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseConv, FuseFullyConnected, FuseDataMovement>(
        &getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
