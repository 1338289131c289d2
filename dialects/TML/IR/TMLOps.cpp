//===- TMLOps.cpp - tml op verifiers and interfaces ---------------*- C++ -*-===//
#include "dialects/TML/IR/TMLOps.h"
#include "dialects/TML/IR/TMLShapes.h"
#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace tmlc::tml;

static RankedTensorType rtt(Value v) {
  return llvm::cast<RankedTensorType>(v.getType());
}

/// Storage-independent element type: quantized types compare by their
/// expressed type, everything else as is.
static bool isQuant(Type t) { return llvm::isa<quant::QuantizedType>(t); }

static LogicalResult checkSameElementType(Operation *op, Type a, Type b,
                                          StringRef what) {
  if (isQuant(a) || isQuant(b) || a == b)
    return success();
  return op->emitOpError() << "expected " << what
                           << " to have the same element type, got " << a
                           << " and " << b;
}

static LogicalResult checkShape(Operation *op, ArrayRef<int64_t> expected,
                                RankedTensorType actual) {
  if (actual.getShape() == expected)
    return success();
  auto diag = op->emitOpError() << "expected result shape [";
  llvm::interleave(expected, diag, ",");
  diag << "], got " << actual;
  return diag;
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(
    MLIRContext *, std::optional<Location>, ValueRange, DictionaryAttr attrs,
    OpaqueProperties properties, RegionRange,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  auto *props = properties.as<Properties *>();
  Attribute value = props ? props->value : attrs.get("value");
  auto elements = llvm::dyn_cast_or_null<ElementsAttr>(value);
  if (!elements)
    return failure();
  inferredReturnTypes.push_back(elements.getType());
  return success();
}

LogicalResult ConstantOp::verify() {
  if (!llvm::isa<RankedTensorType>(getValue().getType()) ||
      !llvm::cast<RankedTensorType>(getValue().getType()).hasStaticShape())
    return emitOpError() << "expected a statically shaped tensor value";
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

template <typename OpT>
static LogicalResult verifyBinary(OpT op) {
  std::string error;
  auto shape = broadcastShapes(rtt(op.getLhs()).getShape(),
                               rtt(op.getRhs()).getShape(), error);
  if (!shape)
    return op.emitOpError() << error;
  if (failed(checkSameElementType(op, rtt(op.getLhs()).getElementType(),
                                  rtt(op.getRhs()).getElementType(),
                                  "operands")))
    return failure();
  if (failed(checkSameElementType(op, rtt(op.getLhs()).getElementType(),
                                  rtt(op.getResult()).getElementType(),
                                  "operands and result")))
    return failure();
  return checkShape(op, *shape, rtt(op.getResult()));
}

#define TML_BINARY_VERIFY(Op)                                                  \
  LogicalResult Op::verify() { return verifyBinary(*this); }
TML_BINARY_VERIFY(AddOp)
TML_BINARY_VERIFY(SubOp)
TML_BINARY_VERIFY(MulOp)
TML_BINARY_VERIFY(DivOp)
TML_BINARY_VERIFY(PowOp)
TML_BINARY_VERIFY(MinOp)
TML_BINARY_VERIFY(MaxOp)
TML_BINARY_VERIFY(PReluOp)
#undef TML_BINARY_VERIFY

template <typename OpT>
static LogicalResult verifyUnary(OpT op, bool sameElementType = true) {
  auto in = rtt(op.getInput()), out = rtt(op.getResult());
  if (failed(checkShape(op, in.getShape(), out)))
    return failure();
  if (sameElementType)
    return checkSameElementType(op, in.getElementType(), out.getElementType(),
                                "operand and result");
  return success();
}

#define TML_UNARY_VERIFY(Op)                                                   \
  LogicalResult Op::verify() { return verifyUnary(*this); }
TML_UNARY_VERIFY(ReluOp)
TML_UNARY_VERIFY(SigmoidOp)
TML_UNARY_VERIFY(TanhOp)
TML_UNARY_VERIFY(ExpOp)
TML_UNARY_VERIFY(LogOp)
TML_UNARY_VERIFY(SqrtOp)
TML_UNARY_VERIFY(NegOp)
TML_UNARY_VERIFY(AbsOp)
TML_UNARY_VERIFY(ReciprocalOp)
TML_UNARY_VERIFY(HardSwishOp)
TML_UNARY_VERIFY(LeakyReluOp)
TML_UNARY_VERIFY(HardSigmoidOp)
#undef TML_UNARY_VERIFY

LogicalResult ClipOp::verify() {
  if (getMin().convertToDouble() > getMax().convertToDouble())
    return emitOpError() << "expected min <= max, got "
                         << getMin().convertToDouble() << " > "
                         << getMax().convertToDouble();
  return verifyUnary(*this);
}

LogicalResult CastOp::verify() { return verifyUnary(*this, false); }

template <typename OpT>
static LogicalResult verifySoftmax(OpT op) {
  int64_t rank = rtt(op.getInput()).getRank();
  int64_t axis = static_cast<int64_t>(op.getAxis());
  if (axis < 0 || axis >= rank)
    return op.emitOpError() << "expected axis in [0, " << rank << "), got "
                            << axis;
  return checkShape(op, rtt(op.getInput()).getShape(), rtt(op.getResult()));
}
LogicalResult SoftmaxOp::verify() { return verifySoftmax(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifySoftmax(*this); }

//===----------------------------------------------------------------------===//
// Linear algebra, convolution, pooling
//===----------------------------------------------------------------------===//

LogicalResult MatMulOp::verify() {
  std::string error;
  auto shape = matmulShape(rtt(getLhs()).getShape(), rtt(getRhs()).getShape(),
                           error);
  if (!shape)
    return emitOpError() << error;
  return checkShape(*this, *shape, rtt(getResult()));
}

/// NHWC <-> NCHW on a rank-4 shape.
static Shape toNCHW(ArrayRef<int64_t> s) { return {s[0], s[3], s[1], s[2]}; }
static Shape toNHWC(ArrayRef<int64_t> s) { return {s[0], s[2], s[3], s[1]}; }

/// Checks `layout` and returns true for NHWC.
static FailureOr<bool> checkLayout(Operation *op, StringRef layout,
                                   int64_t inputRank) {
  if (layout == "NCHW")
    return false;
  if (layout != "NHWC")
    return op->emitOpError() << "expected layout \"NCHW\" or \"NHWC\", got \""
                             << layout << "\"";
  if (inputRank != 4)
    return op->emitOpError() << "layout NHWC needs a rank-4 input, got rank "
                             << inputRank;
  return true;
}

LogicalResult ConvOp::verify() {
  std::string error;
  auto nhwc = checkLayout(*this, getLayout(), rtt(getInput()).getRank());
  if (failed(nhwc))
    return failure();
  Shape in(rtt(getInput()).getShape()), w(rtt(getWeight()).getShape());
  if (*nhwc) {
    if (w.size() != 4)
      return emitOpError() << "expected OHWI weights of rank 4, got "
                           << rtt(getWeight());
    in = toNCHW(in);
    w = toNCHW(w); // OHWI -> OIHW
  }
  auto shape = convShape(in, w, getStrides(), getDilations(), getPads(),
                         getGroup(), error);
  if (!shape)
    return emitOpError() << error;
  if (getBias()) {
    auto b = rtt(getBias());
    if (b.getRank() != 1 || b.getDimSize(0) != rtt(getWeight()).getDimSize(0))
      return emitOpError() << "expected bias of shape ["
                           << rtt(getWeight()).getDimSize(0) << "], got " << b;
  }
  if (*nhwc)
    *shape = toNHWC(*shape);
  return checkShape(*this, *shape, rtt(getResult()));
}

template <typename OpT>
static LogicalResult verifyPool(OpT op) {
  auto in = rtt(op.getInput()), out = rtt(op.getResult());
  auto nhwc = checkLayout(op, op.getLayout(), in.getRank());
  if (failed(nhwc))
    return failure();
  Shape inShape(in.getShape()), outShape(out.getShape());
  if (*nhwc) {
    inShape = toNCHW(inShape);
    outShape = toNCHW(outShape);
  }
  std::string error;
  // The importer resolves ceil_mode into the result type: accept either.
  auto floorShape = poolShape(inShape, op.getKernel(), op.getStrides(),
                              op.getDilations(), op.getPads(), false, error);
  if (!floorShape)
    return op.emitOpError() << error;
  auto ceilShape = poolShape(inShape, op.getKernel(), op.getStrides(),
                             op.getDilations(), op.getPads(), true, error);
  if (ceilShape && outShape == *ceilShape)
    return success();
  return checkShape(op, *nhwc ? toNHWC(*floorShape) : *floorShape, out);
}
LogicalResult MaxPoolOp::verify() { return verifyPool(*this); }
LogicalResult AvgPoolOp::verify() { return verifyPool(*this); }

template <typename OpT>
static LogicalResult verifyReduce(OpT op) {
  std::string error;
  auto shape = reduceShape(rtt(op.getInput()).getShape(), op.getAxes(),
                           op.getKeepdims(), error);
  if (!shape)
    return op.emitOpError() << error;
  return checkShape(op, *shape, rtt(op.getResult()));
}
LogicalResult ReduceSumOp::verify() { return verifyReduce(*this); }
LogicalResult ReduceMeanOp::verify() { return verifyReduce(*this); }
LogicalResult ReduceMaxOp::verify() { return verifyReduce(*this); }
LogicalResult ReduceMinOp::verify() { return verifyReduce(*this); }

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto in = rtt(getInput()), out = rtt(getResult());
  if (in.getNumElements() != out.getNumElements())
    return emitOpError() << "expected the same number of elements, got "
                         << in.getNumElements() << " and "
                         << out.getNumElements();
  return checkSameElementType(*this, in.getElementType(), out.getElementType(),
                              "operand and result");
}

LogicalResult RequantizeOp::verify() {
  auto in = rtt(getInput()), out = rtt(getResult());
  if (!llvm::isa<quant::UniformQuantizedType>(in.getElementType()) ||
      !llvm::isa<quant::UniformQuantizedType>(out.getElementType()))
    return emitOpError() << "expected per-tensor quantized operand and result";
  return checkShape(*this, in.getShape(), out);
}

LogicalResult TransposeOp::verify() {
  auto in = rtt(getInput());
  ArrayRef<int64_t> perm = getPerm();
  if (int64_t(perm.size()) != in.getRank())
    return emitOpError() << "expected perm of length " << in.getRank()
                         << ", got " << perm.size();
  llvm::SmallVector<bool> seen(perm.size(), false);
  Shape expected;
  for (int64_t p : perm) {
    if (p < 0 || p >= in.getRank() || seen[p])
      return emitOpError() << "expected perm to be a permutation of [0, "
                           << in.getRank() << ")";
    seen[p] = true;
    expected.push_back(in.getDimSize(p));
  }
  return checkShape(*this, expected, rtt(getResult()));
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError() << "expected at least one input";
  auto first = rtt(getInputs().front());
  int64_t rank = first.getRank();
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < 0 || axis >= rank)
    return emitOpError() << "expected axis in [0, " << rank << "), got "
                         << axis;
  Shape expected(first.getShape().begin(), first.getShape().end());
  expected[getAxis()] = 0;
  for (Value v : getInputs()) {
    auto t = rtt(v);
    if (t.getRank() != rank)
      return emitOpError() << "expected inputs of rank " << rank << ", got "
                           << t;
    for (int64_t d = 0; d < rank; ++d)
      if (d != getAxis() && t.getDimSize(d) != first.getDimSize(d))
        return emitOpError() << "input " << t << " does not match " << first
                             << " outside axis " << getAxis();
    expected[getAxis()] += t.getDimSize(getAxis());
  }
  return checkShape(*this, expected, rtt(getResult()));
}

LogicalResult SliceOp::verify() {
  auto in = rtt(getInput()), out = rtt(getResult());
  auto starts = getStarts(), steps = getSteps();
  if (int64_t(starts.size()) != in.getRank() ||
      int64_t(steps.size()) != in.getRank() || out.getRank() != in.getRank())
    return emitOpError() << "expected starts, steps and result of rank "
                         << in.getRank();
  for (int64_t d = 0; d < in.getRank(); ++d) {
    int64_t n = out.getDimSize(d);
    if (steps[d] == 0)
      return emitOpError() << "expected non-zero steps";
    if (n == 0)
      continue;
    int64_t last = starts[d] + (n - 1) * steps[d];
    if (starts[d] < 0 || starts[d] >= in.getDimSize(d) || last < 0 ||
        last >= in.getDimSize(d))
      return emitOpError() << "slice along axis " << d
                           << " reads outside the input";
  }
  return success();
}

LogicalResult PadOp::verify() {
  auto in = rtt(getInput());
  auto pads = getPads();
  if (int64_t(pads.size()) != 2 * in.getRank())
    return emitOpError() << "expected " << 2 * in.getRank() << " pads, got "
                         << pads.size();
  if (getMode() != "constant" && getMode() != "reflect" && getMode() != "edge")
    return emitOpError() << "unknown mode '" << getMode() << "'";
  Shape expected;
  for (int64_t d = 0; d < in.getRank(); ++d) {
    int64_t n = in.getDimSize(d) + pads[d] + pads[in.getRank() + d];
    if (n < 0)
      return emitOpError() << "pads remove more than axis " << d << " holds";
    if (getMode() == "reflect" && n > 0 &&
        (pads[d] >= in.getDimSize(d) || pads[in.getRank() + d] >= in.getDimSize(d)))
      return emitOpError() << "reflect pads must be smaller than the axis";
    if (getMode() == "edge" && in.getDimSize(d) == 0 && n > 0)
      return emitOpError() << "edge padding of an empty axis";
    expected.push_back(n);
  }
  return checkShape(*this, expected, rtt(getResult()));
}

LogicalResult GatherOp::verify() {
  auto in = rtt(getInput()), idx = rtt(getIndices());
  if (!idx.getElementType().isInteger(64) && !idx.getElementType().isInteger(32))
    return emitOpError() << "expected i32 or i64 indices, got " << idx;
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < 0 || axis >= in.getRank())
    return emitOpError() << "expected axis in [0, " << in.getRank()
                         << "), got " << axis;
  Shape expected(in.getShape().begin(), in.getShape().begin() + getAxis());
  expected.append(idx.getShape().begin(), idx.getShape().end());
  expected.append(in.getShape().begin() + getAxis() + 1, in.getShape().end());
  return checkShape(*this, expected, rtt(getResult()));
}

#define GET_OP_CLASSES
#include "dialects/TML/IR/TMLOps.cpp.inc"
