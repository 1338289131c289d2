//===- TMLFolders.cpp - constant folding of tml ops ---------------*- C++ -*-===//
//
// Folds ops whose operands are constants by computing on the host
// (HostTensor). This is what turns ONNX shape arithmetic (Shape, Gather,
// Cast, Concat, ...) and weight preprocessing into plain constants.
//
//===----------------------------------------------------------------------===//
#include "dialects/TML/IR/HostTensor.h"
#include "dialects/TML/IR/TMLOps.h"
#include "dialects/TML/IR/TMLShapes.h"
#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/STLExtras.h"
#include <cmath>
#include <functional>

using namespace mlir;
using namespace tmlc::tml;

namespace {

/// Steps a row-major multi-index over `shape` (an odometer).
void advanceIndex(MutableArrayRef<int64_t> idx, ArrayRef<int64_t> shape) {
  for (int64_t k = int64_t(idx.size()) - 1; k >= 0; --k) {
    if (++idx[k] < shape[k])
      return;
    idx[k] = 0;
  }
}

/// out[dst] = in[src] for tensors of one element type.
void copyElement(const HostTensor &in, int64_t src, HostTensor &out,
                 int64_t dst) {
  if (out.isFloat)
    out.f[dst] = in.f[src];
  else
    out.i[dst] = in.i[src];
}

/// Fills `out` in row-major order from the input element `srcOf(index)`.
void gatherByIndex(const HostTensor &in, HostTensor &out,
                   llvm::function_ref<int64_t(ArrayRef<int64_t>)> srcOf) {
  SmallVector<int64_t> idx(out.shape.size(), 0);
  for (int64_t n = 0; n < out.size(); ++n) {
    copyElement(in, srcOf(idx), out, n);
    advanceIndex(idx, out.shape);
  }
}


RankedTensorType resultType(Operation *op) {
  return llvm::dyn_cast<RankedTensorType>(op->getResult(0).getType());
}

/// Applies f elementwise with broadcasting; float and integer variants.
Attribute foldBinary(Operation *op, Attribute lhs, Attribute rhs,
                     std::function<double(double, double)> ff,
                     std::function<std::optional<int64_t>(int64_t, int64_t)> fi) {
  auto type = resultType(op);
  if (!type || !HostTensor::supportsElementType(type.getElementType()))
    return {};
  auto a = HostTensor::fromAttr(lhs), b = HostTensor::fromAttr(rhs);
  auto out = type ? HostTensor::zeros(type) : std::nullopt;
  if (!a || !b || !out)
    return {};
  size_t rank = out->shape.size();
  auto sa = stridesOf(a->shape), sb = stridesOf(b->shape);
  // Broadcast strides aligned to the output rank.
  SmallVector<int64_t> ba(rank, 0), bb(rank, 0);
  for (size_t k = 0; k < a->shape.size(); ++k)
    ba[rank - a->shape.size() + k] = a->shape[k] == 1 ? 0 : sa[k];
  for (size_t k = 0; k < b->shape.size(); ++k)
    bb[rank - b->shape.size() + k] = b->shape[k] == 1 ? 0 : sb[k];
  SmallVector<int64_t> idx(rank, 0);
  for (int64_t n = 0; n < out->size(); ++n) {
    int64_t ia = 0, ib = 0;
    for (size_t k = 0; k < rank; ++k) {
      ia += idx[k] * ba[k];
      ib += idx[k] * bb[k];
    }
    if (out->isFloat) {
      out->f[n] = roundToFloatType(out->elementType, ff(a->getF(ia), b->getF(ib)));
    } else {
      auto v = fi(a->getI(ia), b->getI(ib));
      if (!v)
        return {};
      out->i[n] = wrapToIntType(out->elementType, *v);
    }
    advanceIndex(idx, out->shape);
  }
  return out->toAttr(type);
}

Attribute foldUnary(Operation *op, Attribute input,
                    std::function<double(double)> ff,
                    std::function<int64_t(int64_t)> fi = nullptr) {
  auto type = resultType(op);
  if (!type || !HostTensor::supportsElementType(type.getElementType()))
    return {};
  auto in = HostTensor::fromAttr(input);
  if (!in || in->elementType != type.getElementType())
    return {};
  HostTensor out = *in;
  if (out.isFloat) {
    for (double &v : out.f)
      v = roundToFloatType(out.elementType, ff(v));
  } else {
    if (!fi)
      return {};
    for (int64_t &v : out.i)
      v = wrapToIntType(out.elementType, fi(v));
  }
  return out.toAttr(type);
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

} // namespace

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// Binary
//===----------------------------------------------------------------------===//

OpFoldResult AddOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(),
                    [](double x, double y) { return x + y; },
                    [](int64_t x, int64_t y) -> std::optional<int64_t> {
                      return int64_t(uint64_t(x) + uint64_t(y));
                    });
}
OpFoldResult SubOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(),
                    [](double x, double y) { return x - y; },
                    [](int64_t x, int64_t y) -> std::optional<int64_t> {
                      return int64_t(uint64_t(x) - uint64_t(y));
                    });
}
OpFoldResult MulOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(),
                    [](double x, double y) { return x * y; },
                    [](int64_t x, int64_t y) -> std::optional<int64_t> {
                      return int64_t(uint64_t(x) * uint64_t(y));
                    });
}
OpFoldResult DivOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(),
                    [](double x, double y) { return x / y; },
                    [](int64_t x, int64_t y) -> std::optional<int64_t> {
                      if (y == 0 || (x == INT64_MIN && y == -1))
                        return std::nullopt; // left for the run-time check
                      return x / y;
                    });
}
OpFoldResult PowOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(),
                    [](double x, double y) { return std::pow(x, y); },
                    [](int64_t, int64_t) -> std::optional<int64_t> {
                      return std::nullopt;
                    });
}
OpFoldResult MinOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(),
                    [](double x, double y) {
                      return std::isnan(x) || std::isnan(y) ? NAN
                                                            : std::min(x, y);
                    },
                    [](int64_t x, int64_t y) -> std::optional<int64_t> {
                      return std::min(x, y);
                    });
}
OpFoldResult MaxOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(),
                    [](double x, double y) {
                      return std::isnan(x) || std::isnan(y) ? NAN
                                                            : std::max(x, y);
                    },
                    [](int64_t x, int64_t y) -> std::optional<int64_t> {
                      return std::max(x, y);
                    });
}
OpFoldResult PReluOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(),
                    [](double x, double s) { return x >= 0 ? x : x * s; },
                    [](int64_t x, int64_t s) -> std::optional<int64_t> {
                      return x >= 0 ? x : x * s;
                    });
}

//===----------------------------------------------------------------------===//
// Unary
//===----------------------------------------------------------------------===//

OpFoldResult ReluOp::fold(FoldAdaptor a) {
  return foldUnary(*this, a.getInput(),
                   [](double x) { return x > 0 ? x : (std::isnan(x) ? x : 0.0); },
                   [](int64_t x) { return x > 0 ? x : 0; });
}
OpFoldResult SigmoidOp::fold(FoldAdaptor a) {
  return foldUnary(*this, a.getInput(), sigmoid);
}
OpFoldResult TanhOp::fold(FoldAdaptor a) {
  return foldUnary(*this, a.getInput(), [](double x) { return std::tanh(x); });
}
OpFoldResult ExpOp::fold(FoldAdaptor a) {
  return foldUnary(*this, a.getInput(), [](double x) { return std::exp(x); });
}
OpFoldResult LogOp::fold(FoldAdaptor a) {
  return foldUnary(*this, a.getInput(), [](double x) { return std::log(x); });
}
OpFoldResult SqrtOp::fold(FoldAdaptor a) {
  return foldUnary(*this, a.getInput(), [](double x) { return std::sqrt(x); });
}
OpFoldResult NegOp::fold(FoldAdaptor a) {
  return foldUnary(*this, a.getInput(), [](double x) { return -x; },
                   [](int64_t x) { return int64_t(0 - uint64_t(x)); });
}
OpFoldResult AbsOp::fold(FoldAdaptor a) {
  return foldUnary(*this, a.getInput(), [](double x) { return std::fabs(x); },
                   [](int64_t x) { return x < 0 ? int64_t(0 - uint64_t(x)) : x; });
}
OpFoldResult ReciprocalOp::fold(FoldAdaptor a) {
  return foldUnary(*this, a.getInput(), [](double x) { return 1.0 / x; });
}
OpFoldResult HardSwishOp::fold(FoldAdaptor a) {
  return foldUnary(*this, a.getInput(), [](double x) {
    return x * std::max(0.0, std::min(1.0, x / 6.0 + 0.5));
  });
}
OpFoldResult LeakyReluOp::fold(FoldAdaptor a) {
  double alpha = getAlpha().convertToFloat();
  return foldUnary(*this, a.getInput(),
                   [alpha](double x) { return x >= 0 ? x : alpha * x; });
}
OpFoldResult HardSigmoidOp::fold(FoldAdaptor a) {
  double alpha = getAlpha().convertToFloat(), beta = getBeta().convertToFloat();
  return foldUnary(*this, a.getInput(), [alpha, beta](double x) {
    return std::max(0.0, std::min(1.0, alpha * x + beta));
  });
}
OpFoldResult ClipOp::fold(FoldAdaptor a) {
  double lo = getMin().convertToDouble(), hi = getMax().convertToDouble();
  return foldUnary(
      *this, a.getInput(),
      [lo, hi](double x) { return std::isnan(x) ? x : std::min(std::max(x, lo), hi); },
      [lo, hi](int64_t x) {
        return std::min<int64_t>(std::max<int64_t>(x, int64_t(lo)), int64_t(hi));
      });
}

OpFoldResult CastOp::fold(FoldAdaptor a) {
  auto type = resultType(*this);
  if (getInput().getType() == getResult().getType())
    return getInput();
  if (!type || !HostTensor::supportsElementType(type.getElementType()))
    return {};
  auto in = HostTensor::fromAttr(a.getInput());
  auto out = HostTensor::zeros(type);
  if (!in || !out)
    return {};
  bool toBool = type.getElementType().isInteger(1);
  for (int64_t k = 0; k < in->size(); ++k) {
    if (out->isFloat) {
      out->f[k] = roundToFloatType(out->elementType, in->getF(k));
    } else if (toBool) {
      out->i[k] = in->isFloat ? in->f[k] != 0.0 : in->i[k] != 0;
    } else if (in->isFloat) {
      double v = std::trunc(in->f[k]);
      if (!(v > -9.3e18 && v < 9.3e18))
        return {}; // undefined in C; leave it to the target
      out->i[k] = wrapToIntType(out->elementType, int64_t(v));
    } else {
      out->i[k] = wrapToIntType(out->elementType, in->i[k]);
    }
  }
  return out->toAttr(type);
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

template <typename OpT>
static Attribute foldReduce(OpT op, Attribute input, double init,
                            std::function<double(double, double)> combine,
                            bool mean) {
  auto type = resultType(op);
  auto in = HostTensor::fromAttr(input);
  if (!type || !in || !in->isFloat)
    return {};
  auto out = HostTensor::zeros(type);
  if (!out)
    return {};
  std::vector<double> acc(out->size(), init);
  auto axes = op.getAxes();
  auto strides = stridesOf(in->shape);
  int64_t count = 1;
  for (int64_t ax : axes)
    count *= in->shape[ax];
  for (int64_t n = 0; n < in->size(); ++n) {
    int64_t o = 0, rem = n;
    for (size_t d = 0; d < in->shape.size(); ++d) {
      int64_t c = rem / strides[d];
      rem %= strides[d];
      if (!llvm::is_contained(axes, int64_t(d)))
        o = o * in->shape[d] + c;
    }
    acc[o] = combine(acc[o], in->f[n]);
  }
  for (int64_t k = 0; k < out->size(); ++k)
    out->f[k] = roundToFloatType(out->elementType,
                                 mean ? acc[k] / double(count) : acc[k]);
  return out->toAttr(type);
}

OpFoldResult ReduceSumOp::fold(FoldAdaptor a) {
  return foldReduce(*this, a.getInput(), 0.0,
                    [](double x, double y) { return x + y; }, false);
}
OpFoldResult ReduceMeanOp::fold(FoldAdaptor a) {
  return foldReduce(*this, a.getInput(), 0.0,
                    [](double x, double y) { return x + y; }, true);
}
OpFoldResult ReduceMaxOp::fold(FoldAdaptor a) {
  return foldReduce(*this, a.getInput(), -INFINITY,
                    [](double x, double y) { return std::max(x, y); }, false);
}
OpFoldResult ReduceMinOp::fold(FoldAdaptor a) {
  return foldReduce(*this, a.getInput(), INFINITY,
                    [](double x, double y) { return std::min(x, y); }, false);
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

OpFoldResult ReshapeOp::fold(FoldAdaptor a) {
  if (getInput().getType() == getResult().getType())
    return getInput();
  if (auto dense = llvm::dyn_cast_or_null<DenseElementsAttr>(a.getInput()))
    return dense.reshape(llvm::cast<ShapedType>(getResult().getType()));
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

OpFoldResult RequantizeOp::fold(FoldAdaptor) {
  if (getInput().getType() == getResult().getType())
    return getInput();
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor a) {
  // transpose(transpose(x, p), q) = transpose(x, p[q[i]]).
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    ArrayRef<int64_t> p = inner.getPerm(), q = getPerm();
    SmallVector<int64_t> composed;
    bool identity = true;
    for (size_t k = 0; k < q.size(); ++k) {
      composed.push_back(p[q[k]]);
      identity &= composed.back() == int64_t(k);
    }
    if (identity && inner.getInput().getType() == getResult().getType())
      return inner.getInput();
    if (!identity) {
      getInputMutable().assign(inner.getInput());
      setPerm(composed);
      return getResult();
    }
  }
  ArrayRef<int64_t> perm = getPerm();
  bool identity = true;
  for (size_t k = 0; k < perm.size(); ++k)
    identity &= perm[k] == int64_t(k);
  if (identity && getInput().getType() == getResult().getType())
    return getInput();
  auto type = resultType(*this);
  auto in = HostTensor::fromAttr(a.getInput());
  if (!in)
    return {};
  auto out = HostTensor::zeros(type);
  if (!out)
    return {};
  auto inStrides = stridesOf(in->shape);
  gatherByIndex(*in, *out, [&](ArrayRef<int64_t> idx) {
    int64_t src = 0;
    for (size_t k = 0; k < idx.size(); ++k)
      src += idx[k] * inStrides[perm[k]];
    return src;
  });
  return out->toAttr(type);
}

OpFoldResult ConcatOp::fold(FoldAdaptor a) {
  if (getInputs().size() == 1 &&
      getInputs()[0].getType() == getResult().getType())
    return getInputs()[0];
  auto type = resultType(*this);
  auto out = type ? HostTensor::zeros(type) : std::nullopt;
  if (!out)
    return {};
  int64_t axis = getAxis();
  int64_t outer = numElements(ArrayRef<int64_t>(out->shape).take_front(axis));
  int64_t inner = numElements(ArrayRef<int64_t>(out->shape).drop_front(axis + 1));
  int64_t outAxis = out->shape[axis], offset = 0;
  for (Attribute attr : a.getInputs()) {
    auto in = HostTensor::fromAttr(attr);
    if (!in)
      return {};
    int64_t len = in->shape[axis];
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t j = 0; j < len * inner; ++j) {
        copyElement(*in, o * len * inner + j, *out,
                    (o * outAxis + offset) * inner + j);
      }
    offset += len;
  }
  return out->toAttr(type);
}

OpFoldResult SliceOp::fold(FoldAdaptor a) {
  auto type = resultType(*this);
  bool identity = getInput().getType() == getResult().getType();
  for (size_t k = 0; k < getStarts().size(); ++k)
    identity &= getStarts()[k] == 0 && getSteps()[k] == 1;
  if (identity)
    return getInput();
  auto in = HostTensor::fromAttr(a.getInput());
  auto out = type ? HostTensor::zeros(type) : std::nullopt;
  if (!in || !out)
    return {};
  auto inStrides = stridesOf(in->shape);
  ArrayRef<int64_t> starts = getStarts(), steps = getSteps();
  gatherByIndex(*in, *out, [&](ArrayRef<int64_t> idx) {
    int64_t src = 0;
    for (size_t k = 0; k < idx.size(); ++k)
      src += (starts[k] + idx[k] * steps[k]) * inStrides[k];
    return src;
  });
  return out->toAttr(type);
}

OpFoldResult GatherOp::fold(FoldAdaptor a) {
  auto type = resultType(*this);
  auto in = HostTensor::fromAttr(a.getInput());
  auto idx = HostTensor::fromAttr(a.getIndices());
  auto out = type ? HostTensor::zeros(type) : std::nullopt;
  if (!in || !idx || !out)
    return {};
  int64_t axis = getAxis();
  int64_t outer = numElements(ArrayRef<int64_t>(in->shape).take_front(axis));
  int64_t inner = numElements(ArrayRef<int64_t>(in->shape).drop_front(axis + 1));
  int64_t dim = in->shape[axis], n = idx->size();
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j = 0; j < n; ++j) {
      int64_t i = idx->i[j];
      if (i < 0)
        i += dim;
      if (i < 0 || i >= dim)
        return {}; // the importer reports constant out-of-range indices
      for (int64_t k = 0; k < inner; ++k) {
        copyElement(*in, (o * dim + i) * inner + k, *out,
                    (o * n + j) * inner + k);
      }
    }
  return out->toAttr(type);
}

namespace {
/// A transpose that keeps the order of the axes larger than 1 moves no
/// bytes: it is a reshape (a view).
struct TransposeOfUnitAxesToReshape : OpRewritePattern<TransposeOp> {
  using OpRewritePattern<TransposeOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto in = llvm::cast<RankedTensorType>(op.getInput().getType());
    auto out = llvm::cast<RankedTensorType>(op.getResult().getType());
    if (llvm::isa<quant::UniformQuantizedPerAxisType>(in.getElementType()) ||
        in.getElementType() != out.getElementType())
      return failure();
    int64_t last = -1;
    for (int64_t p : op.getPerm()) {
      if (in.getDimSize(p) == 1)
        continue;
      if (p < last)
        return failure();
      last = p;
    }
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, out, op.getInput());
    return success();
  }
};
} // namespace

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  results.add<TransposeOfUnitAxesToReshape>(context);
}
