//===- TFLiteImporter.cpp - TFLite graph to the tml dialect -------*- C++ -*-===//
//
// Walks the operators of one subgraph in order (TFLite stores them in
// execution order) and emits tml ops. Result types come from the model's
// output tensors; shapes are recomputed with the shared shape rules and a
// disagreement is an error naming the op. See TFLiteImporter.h for the
// layout and type conventions.
//
//===----------------------------------------------------------------------===//
#include "frontends/tflite/TFLiteImporter.h"

#include "dialects/TML/IR/TMLOps.h"
#include "dialects/TML/IR/TMLShapes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/QuantOps.h"
#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <numeric>
#include <set>

using namespace mlir;
using namespace tmlc::tml;
namespace tfl = tmlc::tflite;
using tfl::Activation;
using TT = tfl::TensorType;

namespace {

std::string shapeStr(ArrayRef<int64_t> s) {
  std::string r = "[";
  for (size_t i = 0; i < s.size(); ++i)
    r += (i ? ", " : "") + std::to_string(s[i]);
  return r + "]";
}

/// Permutes a row-major array of `elemSize`-byte elements: result axis i is
/// input axis perm[i].
std::vector<char> permuteBytes(ArrayRef<uint8_t> data, ArrayRef<int64_t> shape,
                               ArrayRef<int64_t> perm, size_t elemSize) {
  size_t rank = shape.size();
  std::vector<int64_t> inStride(rank, 1), outShape(rank);
  for (size_t i = rank; i-- > 1;)
    inStride[i - 1] = inStride[i] * shape[i];
  for (size_t i = 0; i < rank; ++i)
    outShape[i] = shape[perm[i]];
  int64_t n = tmlc::tml::numElements(shape);
  std::vector<char> out(static_cast<size_t>(n) * elemSize);
  std::vector<int64_t> idx(rank, 0);
  for (int64_t o = 0; o < n; ++o) {
    int64_t src = 0;
    for (size_t i = 0; i < rank; ++i)
      src += idx[i] * inStride[perm[i]];
    std::memcpy(&out[static_cast<size_t>(o) * elemSize],
                data.data() + static_cast<size_t>(src) * elemSize, elemSize);
    for (size_t i = rank; i-- > 0;) {
      if (++idx[i] < outShape[i])
        break;
      idx[i] = 0;
    }
  }
  return out;
}

class Importer {
public:
  Importer(MLIRContext &ctx, const tfl::Model &model, const tfl::Subgraph &sg)
      : ctx(ctx), b(&ctx), model(model), sg(sg) {}
  ~Importer() { llvm::consumeError(std::move(err)); }

  llvm::Expected<OwningOpRef<ModuleOp>> run(tfl::ImportedIO &io);

private:
  //--- diagnostics ---------------------------------------------------------
  LogicalResult fail(const Twine &msg) {
    if (!err) {
      if (cur)
        err = model.opError(sg, *cur, msg);
      else
        err = model.fileError(msg);
    }
    return failure();
  }

  //--- types -----------------------------------------------------------------
  FailureOr<Type> elementType(const tfl::Tensor &t);
  FailureOr<RankedTensorType> tensorType(const tfl::Tensor &t) {
    auto et = elementType(t);
    if (failed(et))
      return failure();
    return RankedTensorType::get(t.shape, *et);
  }
  static RankedTensorType typeOf(Value v) {
    return llvm::cast<RankedTensorType>(v.getType());
  }
  /// The element type after permuting a tensor's axes (per-axis quantized
  /// types follow their axis).
  static Type permuteElementType(Type et, ArrayRef<int64_t> perm);

  //--- values ----------------------------------------------------------------
  /// Value of tensor `idx`, creating constants on first use. With `perm`,
  /// returns the tensor with its axes permuted (constants permuted at import
  /// time, others through tml.transpose).
  FailureOr<Value> tensorValue(int32_t idx, ArrayRef<int64_t> perm = {});
  FailureOr<Value> constant(const tfl::Tensor &t, ArrayRef<int64_t> perm,
                            bool dequantize);
  FailureOr<Value> input(unsigned k, ArrayRef<int64_t> perm = {});
  bool hasInput(unsigned k) const {
    return k < cur->inputs.size() && cur->inputs[k] >= 0;
  }
  const tfl::Tensor &inTensor(unsigned k) const {
    return sg.tensors[cur->inputs[k]];
  }
  FailureOr<std::vector<int64_t>> constInts(unsigned k, const char *what);
  LogicalResult setOutput(unsigned k, Value v);
  FailureOr<RankedTensorType> outputType(unsigned k);

  //--- builders --------------------------------------------------------------
  Value transpose(Value v, ArrayRef<int64_t> perm);
  FailureOr<Value> activation(Value v, Activation a);
  FailureOr<SmallVector<int64_t>> windowPads(int64_t inH, int64_t inW,
                                             int64_t kH, int64_t kW,
                                             int64_t sH, int64_t sW,
                                             int64_t dH, int64_t dW,
                                             tfl::Padding p);
  LogicalResult requireRank(Value v, int64_t rank, const char *what);

  //--- ops -------------------------------------------------------------------
  LogicalResult convertOp();
  LogicalResult convertConv(bool depthwise);
  LogicalResult convertFullyConnected();
  LogicalResult convertPool(bool isMax);
  LogicalResult convertBinary();
  LogicalResult convertUnary();
  LogicalResult convertSoftmax();
  LogicalResult convertMean();
  LogicalResult convertReshape();
  LogicalResult convertPad();
  LogicalResult convertConcat();
  LogicalResult convertTranspose();
  LogicalResult convertQuantize();
  LogicalResult convertDequantize();

  MLIRContext &ctx;
  OpBuilder b;
  Location loc = UnknownLoc::get(&ctx);
  const tfl::Model &model;
  const tfl::Subgraph &sg;
  const tfl::Operator *cur = nullptr;
  std::vector<Value> values;
  llvm::Error err = llvm::Error::success();
};

FailureOr<Type> Importer::elementType(const tfl::Tensor &t) {
  Type f32 = b.getF32Type();
  Type storage;
  bool isSigned = true;
  switch (t.type) {
  case TT::Float32:
    return f32;
  case TT::Float16:
    return Type(b.getF16Type());
  case TT::Int64:
    return Type(b.getI64Type());
  case TT::Bool:
    return Type(b.getI1Type());
  case TT::Int8:
    storage = b.getIntegerType(8);
    break;
  case TT::UInt8:
    storage = b.getIntegerType(8);
    isSigned = false;
    break;
  case TT::Int16:
    storage = b.getIntegerType(16);
    break;
  case TT::Int32:
    storage = b.getIntegerType(32);
    break;
  default:
    return fail("tensor #" + Twine(t.index) + " '" + t.name +
                "' has unsupported element type " +
                tfl::tensorTypeName(t.type));
  }
  if (!t.quant) {
    if (!isSigned)
      return Type(IntegerType::get(&ctx, 8, IntegerType::Unsigned));
    return storage;
  }
  unsigned width = storage.getIntOrFloatBitWidth();
  int64_t qmin = isSigned ? -(int64_t(1) << (width - 1)) : 0;
  int64_t qmax = isSigned ? (int64_t(1) << (width - 1)) - 1
                          : (int64_t(1) << width) - 1;
  unsigned flags = isSigned ? quant::QuantizationFlags::Signed : 0;
  const tfl::Quantization &q = *t.quant;
  if (!q.isPerChannel())
    return Type(quant::UniformQuantizedType::get(flags, storage, f32,
                                                 q.scales[0], q.zeroPoints[0],
                                                 qmin, qmax));
  SmallVector<double> scales(q.scales.begin(), q.scales.end());
  SmallVector<int64_t> zps(q.zeroPoints.begin(), q.zeroPoints.end());
  return Type(quant::UniformQuantizedPerAxisType::get(
      flags, storage, f32, scales, zps, q.quantizedDimension, qmin, qmax));
}

Type Importer::permuteElementType(Type et, ArrayRef<int64_t> perm) {
  auto pa = llvm::dyn_cast<quant::UniformQuantizedPerAxisType>(et);
  if (!pa || perm.empty())
    return et;
  int32_t qd = pa.getQuantizedDimension();
  int32_t newQd = qd;
  for (size_t i = 0; i < perm.size(); ++i)
    if (perm[i] == qd)
      newQd = static_cast<int32_t>(i);
  return quant::UniformQuantizedPerAxisType::get(
      pa.getFlags(), pa.getStorageType(), pa.getExpressedType(),
      pa.getScales(), pa.getZeroPoints(), newQd, pa.getStorageTypeMin(),
      pa.getStorageTypeMax());
}

Value Importer::transpose(Value v, ArrayRef<int64_t> perm) {
  auto t = typeOf(v);
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(t.getDimSize(p));
  auto type =
      RankedTensorType::get(shape, permuteElementType(t.getElementType(), perm));
  return b.createOrFold<TransposeOp>(loc, type, v,
                                     b.getDenseI64ArrayAttr(perm));
}

FailureOr<Value> Importer::constant(const tfl::Tensor &t,
                                    ArrayRef<int64_t> perm, bool dequantize) {
  SmallVector<int64_t> identity(t.shape.size());
  std::iota(identity.begin(), identity.end(), 0);
  ArrayRef<int64_t> p = perm.empty() ? ArrayRef<int64_t>(identity) : perm;
  SmallVector<int64_t> shape;
  for (int64_t a : p)
    shape.push_back(t.shape[a]);

  if (t.type == TT::Bool) {
    std::vector<char> bytes = permuteBytes(t.data, t.shape, p, 1);
    SmallVector<bool> bits;
    for (char c : bytes)
      bits.push_back(c != 0);
    auto type = RankedTensorType::get(shape, b.getI1Type());
    auto attr = DenseElementsAttr::get(type, ArrayRef<bool>(bits));
    return b.create<ConstantOp>(loc, attr.getType(), attr).getResult();
  }
  unsigned es = tfl::tensorTypeSize(t.type);
  if (es == 0)
    return fail("constant tensor #" + Twine(t.index) + " '" + t.name +
                "' has unsupported element type " +
                tfl::tensorTypeName(t.type));
  std::vector<char> bytes = permuteBytes(t.data, t.shape, p, es);

  if (dequantize) {
    // Hybrid model: float op with quantized constant weights.
    const tfl::Quantization &q = *t.quant;
    int32_t qd = 0;
    for (size_t i = 0; i < p.size(); ++i)
      if (p[i] == q.quantizedDimension)
        qd = static_cast<int32_t>(i);
    int64_t n = tmlc::tml::numElements(shape);
    int64_t inner = 1;
    for (size_t i = qd + 1; i < shape.size(); ++i)
      inner *= shape[i];
    std::vector<float> f(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      size_t c = q.isPerChannel() ? static_cast<size_t>((i / inner) % shape[qd])
                                  : 0;
      int64_t v;
      switch (t.type) {
      case TT::Int8: v = static_cast<int8_t>(bytes[i]); break;
      case TT::UInt8: v = static_cast<uint8_t>(bytes[i]); break;
      case TT::Int16: {
        int16_t x;
        std::memcpy(&x, &bytes[i * 2], 2);
        v = x;
        break;
      }
      default:
        return fail("cannot dequantize constant tensor #" + Twine(t.index) +
                    " of type " + tfl::tensorTypeName(t.type));
      }
      f[i] = static_cast<float>(q.scales[c] *
                                static_cast<double>(v - q.zeroPoints[c]));
    }
    auto type = RankedTensorType::get(shape, b.getF32Type());
    auto attr = DenseElementsAttr::get(type, ArrayRef<float>(f));
    return b.create<ConstantOp>(loc, attr.getType(), attr).getResult();
  }

  auto et = elementType(t);
  if (failed(et))
    return failure();
  Type storage = *et;
  auto qt = llvm::dyn_cast<quant::QuantizedType>(*et);
  if (qt)
    storage = qt.getStorageType();
  auto storageType = RankedTensorType::get(shape, storage);
  bool detectedSplat = false;
  if (!DenseElementsAttr::isValidRawBuffer(storageType, bytes, detectedSplat))
    return fail("constant tensor #" + Twine(t.index) + " '" + t.name +
                "' has a data buffer of the wrong size");
  auto attr = DenseElementsAttr::getFromRawBuffer(storageType, bytes);
  Value v = b.create<ConstantOp>(loc, attr.getType(), attr).getResult();
  if (!qt)
    return v;
  auto type = RankedTensorType::get(shape, permuteElementType(*et, p));
  return b.create<quant::StorageCastOp>(loc, type, v).getResult();
}

FailureOr<Value> Importer::tensorValue(int32_t idx, ArrayRef<int64_t> perm) {
  const tfl::Tensor &t = sg.tensors[idx];
  if (values[idx]) {
    if (perm.empty())
      return values[idx];
    // transpose(transpose(x, p), q) with p then q the identity: reuse x
    // (NHWC<->NCHW pairs between consecutive window ops).
    if (auto tr = values[idx].getDefiningOp<TransposeOp>()) {
      ArrayRef<int64_t> p = tr.getPerm();
      bool identity = p.size() == perm.size();
      for (size_t i = 0; identity && i < perm.size(); ++i)
        identity = p[perm[i]] == static_cast<int64_t>(i);
      if (identity)
        return tr.getInput();
    }
    if (static_cast<size_t>(typeOf(values[idx]).getRank()) != perm.size())
      return fail("tensor #" + Twine(idx) + " '" + t.name + "' has rank " +
                  Twine(typeOf(values[idx]).getRank()) + ", expected " +
                  Twine(perm.size()));
    return transpose(values[idx], perm);
  }
  if (!t.hasData)
    return fail("tensor #" + Twine(idx) + " '" + t.name +
                "' is used before any op produces it");
  if (!perm.empty() && t.shape.size() != perm.size())
    return fail("tensor #" + Twine(idx) + " '" + t.name + "' has rank " +
                Twine(t.shape.size()) + ", expected " + Twine(perm.size()));
  if (t.isSparse)
    return fail("sparse tensor #" + Twine(idx) + " '" + t.name +
                "' is not supported");
  if (!perm.empty())
    return constant(t, perm, false);
  auto v = constant(t, {}, false);
  if (succeeded(v))
    values[idx] = *v;
  return v;
}

FailureOr<Value> Importer::input(unsigned k, ArrayRef<int64_t> perm) {
  if (!hasInput(k))
    return fail("missing input #" + Twine(k));
  const tfl::Tensor &t = inTensor(k);
  // Float op reading quantized constant weights: dequantize them now.
  if (k > 0 && t.hasData && t.quant && hasInput(0) &&
      inTensor(0).type == TT::Float32 &&
      t.type != TT::Float32 && t.type != TT::Int32) {
    if (!perm.empty() && t.shape.size() != perm.size())
      return fail("input #" + Twine(k) + " has rank " + Twine(t.shape.size()) +
                  ", expected " + Twine(perm.size()));
    return constant(t, perm, true);
  }
  return tensorValue(cur->inputs[k], perm);
}

FailureOr<std::vector<int64_t>> Importer::constInts(unsigned k,
                                                    const char *what) {
  if (!hasInput(k))
    return fail(Twine("missing ") + what + " input");
  const tfl::Tensor &t = inTensor(k);
  if (!t.hasData)
    return fail(Twine(what) + " must be a constant tensor");
  std::vector<int64_t> out;
  int64_t n = t.numElements();
  if (t.type == TT::Int32) {
    for (int64_t i = 0; i < n; ++i) {
      int32_t v;
      std::memcpy(&v, t.data.data() + i * 4, 4);
      out.push_back(v);
    }
  } else if (t.type == TT::Int64) {
    for (int64_t i = 0; i < n; ++i) {
      int64_t v;
      std::memcpy(&v, t.data.data() + i * 8, 8);
      out.push_back(v);
    }
  } else {
    return fail(Twine(what) + " must be INT32 or INT64, got " +
                tfl::tensorTypeName(t.type));
  }
  return out;
}

FailureOr<RankedTensorType> Importer::outputType(unsigned k) {
  if (k >= cur->outputs.size())
    return fail("missing output #" + Twine(k));
  return tensorType(sg.tensors[cur->outputs[k]]);
}

LogicalResult Importer::setOutput(unsigned k, Value v) {
  const tfl::Tensor &t = sg.tensors[cur->outputs[k]];
  auto want = tensorType(t);
  if (failed(want))
    return failure();
  if (typeOf(v).getShape() != want->getShape())
    return fail("computed output shape " + shapeStr(typeOf(v).getShape()) +
                " does not match output tensor #" + Twine(t.index) + " '" +
                t.name + "' of shape " + shapeStr(want->getShape()));
  if (typeOf(v) != *want)
    return fail("computed output type does not match output tensor #" +
                Twine(t.index) + " '" + t.name + "'");
  values[cur->outputs[k]] = v;
  return success();
}

LogicalResult Importer::requireRank(Value v, int64_t rank, const char *what) {
  if (typeOf(v).getRank() != rank)
    return fail(Twine(what) + " must have rank " + Twine(rank) + ", got " +
                shapeStr(typeOf(v).getShape()));
  return success();
}

FailureOr<Value> Importer::activation(Value v, Activation a) {
  Type t = v.getType();
  switch (a) {
  case Activation::None:
    return v;
  case Activation::Relu:
    return b.create<ReluOp>(loc, t, v).getResult();
  case Activation::Relu6:
    return b.create<ClipOp>(loc, t, v, b.getF64FloatAttr(0.0),
                            b.getF64FloatAttr(6.0))
        .getResult();
  case Activation::ReluN1To1:
    return b.create<ClipOp>(loc, t, v, b.getF64FloatAttr(-1.0),
                            b.getF64FloatAttr(1.0))
        .getResult();
  case Activation::Tanh:
    return b.create<TanhOp>(loc, t, v).getResult();
  case Activation::SignBit:
    break;
  }
  return fail("unsupported fused activation " + tfl::activationName(a));
}

FailureOr<SmallVector<int64_t>>
Importer::windowPads(int64_t inH, int64_t inW, int64_t kH, int64_t kW,
                     int64_t sH, int64_t sW, int64_t dH, int64_t dW,
                     tfl::Padding p) {
  // pads = [top, left, bottom, right] (before every spatial axis, then after).
  SmallVector<int64_t> pads(4, 0);
  if (p == tfl::Padding::Valid)
    return pads;
  auto one = [](int64_t in, int64_t k, int64_t s, int64_t d, int64_t &before,
                int64_t &after) {
    int64_t out = (in + s - 1) / s;
    int64_t effK = (k - 1) * d + 1;
    int64_t total = std::max<int64_t>((out - 1) * s + effK - in, 0);
    before = total / 2;
    after = total - before;
  };
  one(inH, kH, sH, dH, pads[0], pads[2]);
  one(inW, kW, sW, dW, pads[1], pads[3]);
  return pads;
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

static const int64_t kToNCHW[] = {0, 3, 1, 2};
static const int64_t kToNHWC[] = {0, 2, 3, 1};

LogicalResult Importer::convertConv(bool depthwise) {
  tfl::Padding padding;
  int64_t sH, sW, dH, dW;
  Activation act;
  if (depthwise) {
    const auto *o = std::get_if<tfl::DepthwiseConv2DOptions>(&cur->options);
    if (!o)
      return fail("missing DepthwiseConv2DOptions");
    padding = o->padding; sH = o->strideH; sW = o->strideW;
    dH = o->dilationH; dW = o->dilationW; act = o->activation;
  } else {
    const auto *o = std::get_if<tfl::Conv2DOptions>(&cur->options);
    if (!o)
      return fail("missing Conv2DOptions");
    padding = o->padding; sH = o->strideH; sW = o->strideW;
    dH = o->dilationH; dW = o->dilationW; act = o->activation;
  }
  auto x = input(0, kToNCHW);
  if (failed(x))
    return failure();
  // OHWI -> OIHW; depthwise 1HW(C*M) -> (C*M)1HW.
  static const int64_t dwPerm[] = {3, 0, 1, 2};
  auto w = input(1, depthwise ? ArrayRef<int64_t>(dwPerm)
                              : ArrayRef<int64_t>(kToNCHW));
  if (failed(w))
    return failure();
  auto xt = typeOf(*x), wt = typeOf(*w);
  int64_t c = xt.getDimSize(1);
  int64_t group = 1;
  if (depthwise) {
    group = c;
    if (wt.getDimSize(0) % c != 0)
      return fail("depthwise filter has " + Twine(wt.getDimSize(0)) +
                  " channels, not a multiple of the " + Twine(c) +
                  " input channels");
  } else {
    int64_t wi = wt.getDimSize(1);
    if (wi <= 0 || c % wi != 0)
      return fail("filter has " + Twine(wi) + " input channels but the input "
                  "has " + Twine(c));
    group = c / wi;
  }
  Value bias;
  if (hasInput(2)) {
    auto bv = input(2);
    if (failed(bv))
      return failure();
    bias = *bv;
    if (typeOf(bias).getRank() != 1 ||
        typeOf(bias).getDimSize(0) != wt.getDimSize(0))
      return fail("bias does not have one value per output channel");
  }
  auto pads = windowPads(xt.getDimSize(2), xt.getDimSize(3), wt.getDimSize(2),
                         wt.getDimSize(3), sH, sW, dH, dW, padding);
  if (failed(pads))
    return failure();
  SmallVector<int64_t> strides{sH, sW}, dilations{dH, dW};
  std::string msg;
  auto shape = convShape(xt.getShape(), wt.getShape(), strides, dilations,
                         *pads, group, msg);
  if (!shape)
    return fail("inconsistent shapes: " + msg);
  auto ot = outputType(0);
  if (failed(ot))
    return failure();
  auto type = RankedTensorType::get(*shape, ot->getElementType());
  Value y = b.create<ConvOp>(loc, type, *x, *w, bias,
                             b.getDenseI64ArrayAttr(strides),
                             b.getDenseI64ArrayAttr(dilations),
                             b.getDenseI64ArrayAttr(*pads),
                             b.getI64IntegerAttr(group));
  auto a = activation(y, act);
  if (failed(a))
    return failure();
  return setOutput(0, transpose(*a, kToNHWC));
}

LogicalResult Importer::convertFullyConnected() {
  tfl::FullyConnectedOptions o;
  if (const auto *p = std::get_if<tfl::FullyConnectedOptions>(&cur->options))
    o = *p;
  if (o.weightsFormat != 0)
    return fail("shuffled FULLY_CONNECTED weights are not supported");
  auto x = input(0);
  auto w = input(1);
  if (failed(x) || failed(w))
    return failure();
  if (failed(requireRank(*w, 2, "weights")))
    return failure();
  auto xt = typeOf(*x), wt = typeOf(*w);
  int64_t outC = wt.getDimSize(0), k = wt.getDimSize(1);
  if (k <= 0 || xt.getNumElements() % k != 0)
    return fail("input " + shapeStr(xt.getShape()) + " cannot be viewed as "
                "rows of " + Twine(k) + " features");
  int64_t rows = xt.getNumElements() / k;
  // x [rows, k, 1, 1] * w [out, k, 1, 1] as a 1x1 convolution.
  auto x4 = b.createOrFold<ReshapeOp>(
      loc, RankedTensorType::get({rows, k, 1, 1}, xt.getElementType()), *x);
  auto w4 = b.createOrFold<ReshapeOp>(
      loc, RankedTensorType::get({outC, k, 1, 1}, wt.getElementType()), *w);
  Value bias;
  if (hasInput(2)) {
    auto bv = input(2);
    if (failed(bv))
      return failure();
    bias = *bv;
    if (typeOf(bias).getRank() != 1 || typeOf(bias).getDimSize(0) != outC)
      return fail("bias does not have one value per output unit");
  }
  auto ot = outputType(0);
  if (failed(ot))
    return failure();
  Value y = b.create<ConvOp>(
      loc, RankedTensorType::get({rows, outC, 1, 1}, ot->getElementType()),
      x4, w4, bias, b.getDenseI64ArrayAttr({1, 1}),
      b.getDenseI64ArrayAttr({1, 1}), b.getDenseI64ArrayAttr({0, 0, 0, 0}),
      b.getI64IntegerAttr(1), b.getStringAttr("NCHW"), b.getUnitAttr());
  auto a = activation(y, o.activation);
  if (failed(a))
    return failure();
  SmallVector<int64_t> shape{rows, outC};
  if (o.keepNumDims) {
    shape.assign(xt.getShape().begin(), xt.getShape().end());
    shape.back() = outC;
  }
  return setOutput(0, b.createOrFold<ReshapeOp>(
                          loc, RankedTensorType::get(shape, ot->getElementType()),
                          *a));
}

LogicalResult Importer::convertPool(bool isMax) {
  const auto *o = std::get_if<tfl::Pool2DOptions>(&cur->options);
  if (!o)
    return fail("missing Pool2DOptions");
  auto x = input(0, kToNCHW);
  if (failed(x))
    return failure();
  auto xt = typeOf(*x);
  auto pads = windowPads(xt.getDimSize(2), xt.getDimSize(3), o->filterH,
                         o->filterW, o->strideH, o->strideW, 1, 1, o->padding);
  if (failed(pads))
    return failure();
  SmallVector<int64_t> kernel{o->filterH, o->filterW},
      strides{o->strideH, o->strideW}, dilations{1, 1};
  std::string msg;
  auto shape = poolShape(xt.getShape(), kernel, strides, dilations, *pads,
                         /*ceilMode=*/false, msg);
  if (!shape)
    return fail("inconsistent shapes: " + msg);
  auto ot = outputType(0);
  if (failed(ot))
    return failure();
  auto type = RankedTensorType::get(*shape, ot->getElementType());
  Value y;
  if (isMax)
    y = b.create<MaxPoolOp>(loc, type, *x, b.getDenseI64ArrayAttr(kernel),
                            b.getDenseI64ArrayAttr(strides),
                            b.getDenseI64ArrayAttr(dilations),
                            b.getDenseI64ArrayAttr(*pads), b.getBoolAttr(false));
  else // TFLite averages over the valid (unpadded) elements only.
    y = b.create<AvgPoolOp>(loc, type, *x, b.getDenseI64ArrayAttr(kernel),
                            b.getDenseI64ArrayAttr(strides),
                            b.getDenseI64ArrayAttr(dilations),
                            b.getDenseI64ArrayAttr(*pads), b.getBoolAttr(false));
  auto a = activation(y, o->activation);
  if (failed(a))
    return failure();
  return setOutput(0, transpose(*a, kToNHWC));
}

LogicalResult Importer::convertBinary() {
  auto l = input(0), r = input(1);
  if (failed(l) || failed(r))
    return failure();
  std::string msg;
  auto shape = broadcastShapes(typeOf(*l).getShape(), typeOf(*r).getShape(), msg);
  if (!shape)
    return fail("operands do not broadcast: " + msg);
  auto ot = outputType(0);
  if (failed(ot))
    return failure();
  auto type = RankedTensorType::get(*shape, ot->getElementType());
  Value y;
  switch (cur->builtinCode) {
  case tfl::op::ADD: y = b.create<AddOp>(loc, type, *l, *r); break;
  case tfl::op::SUB: y = b.create<SubOp>(loc, type, *l, *r); break;
  case tfl::op::MUL: y = b.create<MulOp>(loc, type, *l, *r); break;
  default: y = b.create<DivOp>(loc, type, *l, *r); break;
  }
  Activation act = Activation::None;
  if (const auto *o = std::get_if<tfl::ElementwiseOptions>(&cur->options))
    act = o->activation;
  auto a = activation(y, act);
  if (failed(a))
    return failure();
  return setOutput(0, *a);
}

LogicalResult Importer::convertUnary() {
  auto x = input(0);
  auto ot = outputType(0);
  if (failed(x) || failed(ot))
    return failure();
  auto type = RankedTensorType::get(typeOf(*x).getShape(), ot->getElementType());
  Value y;
  switch (cur->builtinCode) {
  case tfl::op::LOGISTIC: y = b.create<SigmoidOp>(loc, type, *x); break;
  case tfl::op::TANH: y = b.create<TanhOp>(loc, type, *x); break;
  case tfl::op::RELU: y = b.create<ReluOp>(loc, type, *x); break;
  case tfl::op::HARD_SWISH: y = b.create<HardSwishOp>(loc, type, *x); break;
  case tfl::op::RELU6:
    y = b.create<ClipOp>(loc, type, *x, b.getF64FloatAttr(0.0),
                         b.getF64FloatAttr(6.0));
    break;
  case tfl::op::RELU_N1_TO_1:
    y = b.create<ClipOp>(loc, type, *x, b.getF64FloatAttr(-1.0),
                         b.getF64FloatAttr(1.0));
    break;
  case tfl::op::LEAKY_RELU: {
    float alpha = 0.2f;
    if (const auto *o = std::get_if<tfl::LeakyReluOptions>(&cur->options))
      alpha = o->alpha;
    y = b.create<LeakyReluOp>(loc, type, *x, b.getF32FloatAttr(alpha));
    break;
  }
  default:
    return fail("internal error: not a unary op");
  }
  return setOutput(0, y);
}

LogicalResult Importer::convertSoftmax() {
  float beta = 1.0f;
  if (const auto *o = std::get_if<tfl::SoftmaxOptions>(&cur->options))
    beta = o->beta;
  auto x = input(0);
  auto ot = outputType(0);
  if (failed(x) || failed(ot))
    return failure();
  Value in = *x;
  if (beta != 1.0f) {
    if (!typeOf(in).getElementType().isF32())
      return fail("SOFTMAX with beta " + Twine(std::to_string(beta)) +
                  " on a quantized tensor is not supported");
    auto bt = RankedTensorType::get({}, b.getF32Type());
    Value bc = b.create<ConstantOp>(
        loc, bt, DenseElementsAttr::get(bt, ArrayRef<float>(beta)));
    in = b.create<MulOp>(loc, typeOf(in), in, bc);
  }
  int64_t rank = typeOf(in).getRank();
  if (rank < 1)
    return fail("SOFTMAX needs rank >= 1");
  auto type = RankedTensorType::get(typeOf(in).getShape(), ot->getElementType());
  return setOutput(0, b.create<SoftmaxOp>(loc, type, in,
                                          b.getI64IntegerAttr(rank - 1)));
}

LogicalResult Importer::convertMean() {
  auto x = input(0);
  auto axes = constInts(1, "axis");
  auto ot = outputType(0);
  if (failed(x) || failed(axes) || failed(ot))
    return failure();
  int64_t rank = typeOf(*x).getRank();
  std::set<int64_t> norm;
  for (int64_t a : *axes) {
    if (a < -rank || a >= rank)
      return fail("axis " + Twine(a) + " is out of range for rank " +
                  Twine(rank));
    norm.insert(a < 0 ? a + rank : a);
  }
  SmallVector<int64_t> sorted(norm.begin(), norm.end());
  bool keep = false;
  if (const auto *o = std::get_if<tfl::ReducerOptions>(&cur->options))
    keep = o->keepDims;
  std::string msg;
  auto shape = reduceShape(typeOf(*x).getShape(), sorted, keep, msg);
  if (!shape)
    return fail(msg);
  auto type = RankedTensorType::get(*shape, ot->getElementType());
  return setOutput(0, b.create<ReduceMeanOp>(loc, type, *x,
                                             b.getDenseI64ArrayAttr(sorted),
                                             b.getBoolAttr(keep)));
}

LogicalResult Importer::convertReshape() {
  // RESHAPE and SQUEEZE: the output tensor's (static) shape is the result.
  auto x = input(0);
  auto ot = outputType(0);
  if (failed(x) || failed(ot))
    return failure();
  if (typeOf(*x).getNumElements() != ot->getNumElements())
    return fail("cannot reshape " + shapeStr(typeOf(*x).getShape()) + " to " +
                shapeStr(ot->getShape()));
  if (typeOf(*x).getElementType() != ot->getElementType())
    return fail("RESHAPE input and output quantization differ");
  return setOutput(0, b.createOrFold<ReshapeOp>(loc, *ot, *x));
}

LogicalResult Importer::convertPad() {
  auto x = input(0);
  auto p = constInts(1, "paddings");
  auto ot = outputType(0);
  if (failed(x) || failed(p) || failed(ot))
    return failure();
  if (hasInput(2))
    return fail("PAD with an explicit constant value input is not supported");
  auto xt = typeOf(*x);
  int64_t rank = xt.getRank();
  if (static_cast<int64_t>(p->size()) != 2 * rank)
    return fail("paddings must have shape [" + Twine(rank) + ", 2]");
  SmallVector<int64_t> pads(2 * rank), shape;
  for (int64_t i = 0; i < rank; ++i) {
    pads[i] = (*p)[2 * i];
    pads[rank + i] = (*p)[2 * i + 1];
    if (pads[i] < 0 || pads[rank + i] < 0)
      return fail("negative paddings are not allowed");
    shape.push_back(xt.getDimSize(i) + pads[i] + pads[rank + i]);
  }
  auto type = RankedTensorType::get(shape, ot->getElementType());
  // Padding with real 0.0 (for quantized tensors: the zero point).
  return setOutput(0, b.create<PadOp>(loc, type, *x,
                                      b.getDenseI64ArrayAttr(pads),
                                      b.getStringAttr("constant"),
                                      b.getF64FloatAttr(0.0)));
}

LogicalResult Importer::convertConcat() {
  const auto *o = std::get_if<tfl::ConcatenationOptions>(&cur->options);
  int64_t axis = o ? o->axis : 0;
  SmallVector<Value> ins;
  for (unsigned k = 0; k < cur->inputs.size(); ++k) {
    auto v = input(k);
    if (failed(v))
      return failure();
    ins.push_back(*v);
  }
  if (ins.empty())
    return fail("CONCATENATION without inputs");
  auto ot = outputType(0);
  if (failed(ot))
    return failure();
  int64_t rank = typeOf(ins[0]).getRank();
  if (axis < -rank || axis >= rank)
    return fail("axis " + Twine(axis) + " is out of range for rank " +
                Twine(rank));
  if (axis < 0)
    axis += rank;
  SmallVector<int64_t> shape(typeOf(ins[0]).getShape());
  shape[axis] = 0;
  for (Value v : ins) {
    if (typeOf(v).getRank() != rank)
      return fail("inputs of different rank");
    shape[axis] += typeOf(v).getDimSize(axis);
  }
  auto type = RankedTensorType::get(shape, ot->getElementType());
  Value y = b.create<ConcatOp>(loc, type, ins, b.getI64IntegerAttr(axis));
  auto a = activation(y, o ? o->activation : Activation::None);
  if (failed(a))
    return failure();
  return setOutput(0, *a);
}

LogicalResult Importer::convertTranspose() {
  auto x = input(0);
  auto perm = constInts(1, "perm");
  if (failed(x) || failed(perm))
    return failure();
  int64_t rank = typeOf(*x).getRank();
  std::vector<int64_t> sorted = *perm;
  std::sort(sorted.begin(), sorted.end());
  for (int64_t i = 0; i < static_cast<int64_t>(sorted.size()); ++i)
    if (sorted[i] != i || static_cast<int64_t>(sorted.size()) != rank)
      return fail("perm is not a permutation of the " + Twine(rank) + " axes");
  return setOutput(0, transpose(*x, *perm));
}

LogicalResult Importer::convertQuantize() {
  auto x = input(0);
  auto ot = outputType(0);
  if (failed(x) || failed(ot))
    return failure();
  if (!llvm::isa<quant::QuantizedType>(ot->getElementType()))
    return fail("QUANTIZE output is not quantized");
  Value in = *x;
  if (auto qt = llvm::dyn_cast<quant::QuantizedType>(typeOf(in).getElementType())) {
    // Requantization: through the expressed (float) type.
    auto ft = RankedTensorType::get(typeOf(in).getShape(), qt.getExpressedType());
    in = b.create<quant::DequantizeCastOp>(loc, ft, in);
  } else if (!typeOf(in).getElementType().isF32()) {
    return fail("QUANTIZE input must be FLOAT32 or quantized");
  }
  return setOutput(0, b.create<quant::QuantizeCastOp>(loc, *ot, in));
}

LogicalResult Importer::convertDequantize() {
  auto x = input(0);
  auto ot = outputType(0);
  if (failed(x) || failed(ot))
    return failure();
  if (!llvm::isa<quant::QuantizedType>(typeOf(*x).getElementType()))
    return fail("DEQUANTIZE input is not quantized");
  if (!ot->getElementType().isF32())
    return fail("DEQUANTIZE output must be FLOAT32");
  return setOutput(0, b.create<quant::DequantizeCastOp>(loc, *ot, *x));
}

LogicalResult Importer::convertOp() {
  for (int32_t o : cur->outputs)
    if (o < 0)
      return fail("missing output tensor");
  if (cur->outputs.empty())
    return fail("op has no outputs");
  switch (cur->builtinCode) {
  case tfl::op::CONV_2D: return convertConv(false);
  case tfl::op::DEPTHWISE_CONV_2D: return convertConv(true);
  case tfl::op::FULLY_CONNECTED: return convertFullyConnected();
  case tfl::op::AVERAGE_POOL_2D: return convertPool(false);
  case tfl::op::MAX_POOL_2D: return convertPool(true);
  case tfl::op::ADD:
  case tfl::op::SUB:
  case tfl::op::MUL:
  case tfl::op::DIV:
    return convertBinary();
  case tfl::op::LOGISTIC:
  case tfl::op::TANH:
  case tfl::op::RELU:
  case tfl::op::RELU6:
  case tfl::op::RELU_N1_TO_1:
  case tfl::op::HARD_SWISH:
  case tfl::op::LEAKY_RELU:
    return convertUnary();
  case tfl::op::SOFTMAX: return convertSoftmax();
  case tfl::op::MEAN: return convertMean();
  case tfl::op::RESHAPE:
  case tfl::op::SQUEEZE:
    return convertReshape();
  case tfl::op::PAD: return convertPad();
  case tfl::op::CONCATENATION: return convertConcat();
  case tfl::op::TRANSPOSE: return convertTranspose();
  case tfl::op::QUANTIZE: return convertQuantize();
  case tfl::op::DEQUANTIZE: return convertDequantize();
  default:
    return fail("unsupported op '" + cur->opName + "'");
  }
}

llvm::Expected<OwningOpRef<ModuleOp>> Importer::run(tfl::ImportedIO &io) {
  OwningOpRef<ModuleOp> module = ModuleOp::create(UnknownLoc::get(&ctx));
  b.setInsertionPointToEnd(module->getBody());
  values.assign(sg.tensors.size(), Value());

  SmallVector<Type> argTypes;
  for (int32_t idx : sg.inputs) {
    const tfl::Tensor &t = sg.tensors[idx];
    if (t.hasData)
      continue; // a constant listed as input: treat as constant
    auto type = tensorType(t);
    if (failed(type))
      return std::move(err);
    argTypes.push_back(*type);
  }
  auto func = b.create<func::FuncOp>(UnknownLoc::get(&ctx), "main",
                                     b.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);
  unsigned arg = 0;
  for (int32_t idx : sg.inputs) {
    if (sg.tensors[idx].hasData)
      continue;
    values[idx] = entry->getArgument(arg++);
    io.inputNames.push_back(sg.tensors[idx].name);
  }

  for (const tfl::Operator &op : sg.operators) {
    cur = &op;
    loc = NameLoc::get(b.getStringAttr("op #" + std::to_string(op.index) +
                                       " (" + op.opName + ")"));
    if (failed(convertOp()))
      return std::move(err);
  }
  cur = nullptr;
  loc = UnknownLoc::get(&ctx);

  SmallVector<Value> results;
  SmallVector<Type> resultTypes;
  for (int32_t idx : sg.outputs) {
    auto v = tensorValue(idx);
    if (failed(v))
      return std::move(err);
    results.push_back(*v);
    resultTypes.push_back(v->getType());
    io.outputNames.push_back(sg.tensors[idx].name);
  }
  b.create<func::ReturnOp>(loc, results);
  func.setType(b.getFunctionType(argTypes, resultTypes));

  // Verify; the first MLIR diagnostic becomes ours (its location names the
  // op it came from).
  std::string first;
  {
    ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
      if (first.empty()) {
        llvm::raw_string_ostream os(first);
        os << d.getLocation() << ": " << d.str();
      }
      return success();
    });
    if (failed(mlir::verify(module->getOperation())))
      return model.fileError("imported module does not verify: " + first);
  }
  return std::move(module);
}

} // namespace

llvm::ArrayRef<int32_t> tmlc::tflite::importerSupportedBuiltins() {
  static const int32_t ops[] = {
      op::CONV_2D,   op::DEPTHWISE_CONV_2D, op::FULLY_CONNECTED,
      op::AVERAGE_POOL_2D, op::MAX_POOL_2D, op::ADD,
      op::SUB,       op::MUL,           op::DIV,
      op::LOGISTIC,  op::TANH,          op::RELU,
      op::RELU6,     op::RELU_N1_TO_1,  op::HARD_SWISH,
      op::LEAKY_RELU, op::SOFTMAX,      op::MEAN,
      op::RESHAPE,   op::SQUEEZE,       op::PAD,
      op::CONCATENATION, op::TRANSPOSE, op::QUANTIZE,
      op::DEQUANTIZE,
  };
  return ops;
}

llvm::Expected<OwningOpRef<ModuleOp>>
tmlc::tflite::importTFLite(MLIRContext &context, const Model &model,
                           const ImportOptions &options, ImportedIO &io) {
  if (options.subgraph >= model.subgraphs.size())
    return model.fileError("subgraph " + Twine(options.subgraph) +
                           " does not exist (the model has " +
                           Twine(model.subgraphs.size()) + " subgraphs)");
  if (llvm::Error e = checkSupportedOps(model, importerSupportedBuiltins(), {},
                                        options.subgraph))
    return std::move(e);
  context.loadDialect<TMLDialect, func::FuncDialect,
                      quant::QuantizationDialect>();
  Importer importer(context, model, model.subgraphs[options.subgraph]);
  return importer.run(io);
}

llvm::Expected<OwningOpRef<ModuleOp>>
tmlc::tflite::importTFLiteFile(MLIRContext &context, llvm::StringRef path,
                               const ImportOptions &options, ImportedIO &io) {
  llvm::Expected<Model> model = Model::loadFile(path);
  if (!model)
    return model.takeError();
  return importTFLite(context, *model, options, io);
}
