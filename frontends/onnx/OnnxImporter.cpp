//===- OnnxImporter.cpp - ONNX graph to the tml dialect -----------*- C++ -*-===//
//
// Walks the (topologically sorted) ONNX graph and emits tml ops. Every op is
// created with createOrFold, so shape arithmetic on constants (Shape, Gather,
// Cast, Concat, ...) becomes constants as it is imported, and operands that
// must be compile-time constants (Reshape's shape, Slice's starts, ...) are
// available as such. Result types are computed here with the shared shape
// rules, so inconsistent models are rejected with the node's name.
//
//===----------------------------------------------------------------------===//
#include "frontends/onnx/OnnxImporter.h"
#include "dialects/TML/IR/HostTensor.h"
#include "dialects/TML/IR/TMLOps.h"
#include "dialects/TML/IR/TMLShapes.h"
#include "frontends/onnx/OnnxLoader.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/QuantOps.h"
#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "onnx/onnx_pb.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
#include <set>

using namespace mlir;
using namespace tmlc::tml;

namespace tmlc {
namespace {

/// Thrown-free error propagation: every conversion returns failure after
/// filling `error` once.
class Importer {
public:
  Importer(MLIRContext &ctx, const ImportOptions &options, ImportError &error)
      : ctx(ctx), b(&ctx), options(options), error(error) {}

  OwningOpRef<ModuleOp> run(const onnx::ModelProto &model,
                            const std::string &file, ModelIO &io);

private:
  //--- diagnostics ---------------------------------------------------------
  LogicalResult fail(const std::string &msg, bool unsupported = false) {
    if (error.message.empty()) {
      error.message = msg;
      error.unsupported = unsupported;
      if (node) {
        error.nodeName = nodeLabel;
        error.nodeOp = node->op_type();
      }
    }
    return failure();
  }
  LogicalResult unsupported(const std::string &msg) { return fail(msg, true); }

  //--- types and constants -------------------------------------------------
  std::optional<Type> elementType(int onnxType);
  RankedTensorType tensorType(ArrayRef<int64_t> shape, Type et) {
    return RankedTensorType::get(shape, et);
  }
  FailureOr<DenseElementsAttr> tensorAttr(const onnx::TensorProto &t);
  Value constant(DenseElementsAttr attr) {
    return b.create<ConstantOp>(loc, attr.getType(), attr);
  }
  Value i64Constant(ArrayRef<int64_t> values) {
    auto type = tensorType({int64_t(values.size())}, b.getI64Type());
    return constant(DenseElementsAttr::get(type, values));
  }

  //--- values --------------------------------------------------------------
  static RankedTensorType typeOf(Value v) {
    return llvm::cast<RankedTensorType>(v.getType());
  }
  int inputCount() const { return node->input_size(); }
  bool hasInput(int k) const {
    return k < node->input_size() && !node->input(k).empty();
  }
  FailureOr<Value> input(int k);
  /// The constant value of input k (freezing a graph input if allowed).
  FailureOr<HostTensor> constInput(int k, const char *what);
  FailureOr<std::vector<int64_t>> constInts(int k, const char *what);
  LogicalResult setOutput(int k, Value v);

  //--- attributes ----------------------------------------------------------
  const onnx::AttributeProto *attr(const std::string &name) const {
    for (const auto &a : node->attribute())
      if (a.name() == name)
        return &a;
    return nullptr;
  }
  int64_t attrInt(const std::string &name, int64_t dflt) const {
    const auto *a = attr(name);
    return a ? a->i() : dflt;
  }
  float attrFloat(const std::string &name, float dflt) const {
    const auto *a = attr(name);
    return a ? a->f() : dflt;
  }
  std::string attrString(const std::string &name, const std::string &d) const {
    const auto *a = attr(name);
    return a ? a->s() : d;
  }
  std::optional<std::vector<int64_t>> attrInts(const std::string &name) const {
    const auto *a = attr(name);
    if (!a)
      return std::nullopt;
    return std::vector<int64_t>(a->ints().begin(), a->ints().end());
  }
  FailureOr<int64_t> normAxis(int64_t axis, int64_t rank) {
    if (axis < -rank || axis >= rank)
      return fail(llvm::formatv("axis {0} is out of range for rank {1}", axis,
                                rank)
                      .str());
    return axis < 0 ? axis + rank : axis;
  }

  //--- op builders ---------------------------------------------------------
  template <typename OpT, typename... Args>
  Value create(Type type, Args &&...args) {
    return b.createOrFold<OpT>(loc, type, std::forward<Args>(args)...);
  }
  FailureOr<Value> binary(StringRef op, Value lhs, Value rhs);
  FailureOr<Value> reshape(Value v, ArrayRef<int64_t> shape) {
    auto t = typeOf(v);
    if (numElements(shape) != t.getNumElements())
      return fail("cannot reshape " + std::to_string(t.getNumElements()) +
                  " elements to the requested shape");
    return create<ReshapeOp>(tensorType(shape, t.getElementType()), v);
  }
  FailureOr<Value> transpose(Value v, ArrayRef<int64_t> perm) {
    auto t = typeOf(v);
    SmallVector<int64_t> shape;
    for (int64_t p : perm)
      shape.push_back(t.getDimSize(p));
    return create<TransposeOp>(tensorType(shape, t.getElementType()), v,
                               b.getDenseI64ArrayAttr(perm));
  }
  LogicalResult requireFloat(Value v) {
    if (!typeOf(v).getElementType().isF32())
      return unsupported("unsupported element type " +
                         typeName(typeOf(v).getElementType()) +
                         " (this op supports float32)");
    return success();
  }
  static std::string typeName(Type t) {
    std::string s;
    llvm::raw_string_ostream os(s);
    os << t;
    return s;
  }

  LogicalResult convertNode();
  LogicalResult convertElementwise(const std::string &op);
  LogicalResult convertUnary(const std::string &op);
  LogicalResult convertClip();
  LogicalResult convertSoftmax(bool log);
  LogicalResult convertGemm();
  LogicalResult convertMatMul();
  LogicalResult convertConv();
  LogicalResult convertPool(bool isMax);
  LogicalResult convertGlobalPool(bool isMax);
  LogicalResult convertBatchNorm();
  LogicalResult convertReshape();
  LogicalResult convertFlatten();
  LogicalResult convertSqueeze(bool unsqueeze);
  LogicalResult convertTranspose();
  LogicalResult convertConcat();
  LogicalResult convertPad();
  LogicalResult convertSlice();
  LogicalResult convertSplit();
  LogicalResult convertReduce(const std::string &op);
  LogicalResult convertConstant();
  LogicalResult convertConstantOfShape();
  LogicalResult convertShape();
  LogicalResult convertCast();
  LogicalResult convertQuantizeLinear(bool quantize);
  FailureOr<Type> qdqElementType(int64_t rank, bool &fromU8, Type &storage);
  /// Quantized values whose ONNX type is uint8 (held as int8, zero point - 128).
  llvm::DenseSet<Value> fromUInt8;
  //--- integer ops (QLinearConv, QLinearMatMul, MatMulInteger) -------------
  /// Scales and zero points of a quantized operand (inputs scaleIdx and
  /// zpIdx; scaleIdx < 0: scale 1). Zero points are moved to int8 storage.
  struct QParams {
    SmallVector<double> scales;
    SmallVector<int64_t> zps;
  };
  FailureOr<QParams> qparams(int scaleIdx, int zpIdx, bool u8,
                             const char *what);
  /// The element type of int8 storage with these parameters (per-tensor
  /// when there is one scale and one zero point, else per-axis on `axis`).
  Type quantI8(const QParams &q, int32_t axis);
  /// True if the ONNX value is uint8 (raw, or held as int8 by tmlc).
  bool isOnnxU8(Value v) {
    Type et = typeOf(v).getElementType();
    return et.isUnsignedInteger(8) ||
           (llvm::isa<quant::QuantizedType>(et) && fromUInt8.count(v));
  }
  /// An int8/uint8 ONNX value as int8 storage of element type `qet`.
  FailureOr<Value> asQuantized(Value v, Type qet, const char *what);
  /// Int8 storage `v` of an ONNX uint8 value as a raw uint8 tensor.
  Value toRawU8(Value v);
  /// y = saturate(rint(acc * m[c]) + y_zero_point) for a float tensor of
  /// exact integer sums; m per tensor or per index c of `axis`.
  FailureOr<Value> requantizeFloat(Value acc, ArrayRef<float> m, int64_t axis,
                                   const QParams &yq);
  /// ONNX's float multiplier x_scale * w_scale[c] / y_scale, in float32.
  static SmallVector<float> onnxMultipliers(const QParams &xq,
                                            const QParams &wq,
                                            const QParams &yq) {
    SmallVector<float> m;
    for (double sw : wq.scales)
      m.push_back(float(xq.scales[0]) * float(sw) / float(yq.scales[0]));
    return m;
  }
  LogicalResult convertQLinearConv();
  LogicalResult convertQLinearMatMul();
  LogicalResult convertMatMulInteger();
  LogicalResult convertGather();
  LogicalResult convertVariadic(const std::string &op);
  LogicalResult convertDropout();

  FailureOr<std::vector<int64_t>> resolvePads(ArrayRef<int64_t> inShape,
                                              ArrayRef<int64_t> kernel,
                                              ArrayRef<int64_t> strides,
                                              ArrayRef<int64_t> dilations,
                                              bool ceilMode);

  /// Conv / QLinearConv attributes checked against the input and weight
  /// shapes (kernel_shape, strides, dilations, pads/auto_pad, group).
  struct ConvGeometry {
    std::vector<int64_t> strides, dilations, pads;
    int64_t group = 1;
    tmlc::tml::Shape shape;
  };
  FailureOr<ConvGeometry> convGeometry(RankedTensorType xt,
                                       RankedTensorType wt);

  MLIRContext &ctx;
  OpBuilder b;
  const ImportOptions &options;
  ImportError &error;
  Location loc = UnknownLoc::get(&ctx);
  std::string fileName;
  const onnx::NodeProto *node = nullptr;
  std::string nodeLabel; ///< 'name', or #index for unnamed nodes
  int64_t opset = 0;
  std::map<std::string, Value> values;
  std::map<std::string, int> graphInputIndex;
  std::set<std::string> frozen;
  func::FuncOp func;
};

std::optional<Type> Importer::elementType(int onnxType) {
  switch (onnxType) {
  case onnx::TensorProto::FLOAT:
    return b.getF32Type();
  case onnx::TensorProto::DOUBLE:
    return b.getF64Type();
  case onnx::TensorProto::INT8:
    return b.getIntegerType(8);
  case onnx::TensorProto::INT16:
    return b.getIntegerType(16);
  case onnx::TensorProto::INT32:
    return b.getIntegerType(32);
  case onnx::TensorProto::INT64:
    return b.getIntegerType(64);
  case onnx::TensorProto::UINT8:
    return b.getIntegerType(8, false);
  case onnx::TensorProto::UINT16:
    return b.getIntegerType(16, false);
  case onnx::TensorProto::UINT32:
    return b.getIntegerType(32, false);
  case onnx::TensorProto::UINT64:
    return b.getIntegerType(64, false);
  case onnx::TensorProto::BOOL:
    return b.getI1Type();
  default:
    return std::nullopt;
  }
}

static const char *onnxTypeName(int t) {
  switch (t) {
  case onnx::TensorProto::STRING:
    return "string";
  case onnx::TensorProto::FLOAT16:
    return "float16";
  case onnx::TensorProto::BFLOAT16:
    return "bfloat16";
  case onnx::TensorProto::COMPLEX64:
    return "complex64";
  case onnx::TensorProto::COMPLEX128:
    return "complex128";
  default:
    return "undefined";
  }
}

FailureOr<DenseElementsAttr> Importer::tensorAttr(const onnx::TensorProto &t) {
  auto et = elementType(t.data_type());
  if (!et)
    return unsupported(std::string("unsupported tensor element type ") +
                       onnxTypeName(t.data_type()));
  if (t.data_location() == onnx::TensorProto::EXTERNAL)
    return unsupported("tensor '" + t.name() + "' uses external data");
  SmallVector<int64_t> shape(t.dims().begin(), t.dims().end());
  for (int64_t d : shape)
    if (d < 0)
      return fail("tensor '" + t.name() + "' has a negative dimension");
  int64_t n = numElements(shape);
  auto type = tensorType(shape, *et);
  int64_t bytes = tmlc::tml::HostTensor::supportsElementType(*et)
                      ? ((llvm::isa<FloatType>(*et)
                              ? llvm::cast<FloatType>(*et).getWidth()
                              : llvm::cast<IntegerType>(*et).getWidth()) +
                         7) / 8
                      : 0;
  if (t.has_raw_data()) {
    const std::string &raw = t.raw_data();
    if (int64_t(raw.size()) != n * bytes)
      return fail(llvm::formatv("tensor '{0}' holds {1} bytes of raw data, its "
                                "shape needs {2}",
                                t.name(), raw.size(), n * bytes)
                      .str());
    // ONNX raw data is little endian, as are all hosts we build on.
    if ((*et).isInteger(1)) {
      std::vector<APInt> v;
      for (char c : raw)
        v.push_back(APInt(1, c != 0));
      return DenseElementsAttr::get(type, v);
    }
    bool detectedSplat = false;
    if (!DenseElementsAttr::isValidRawBuffer(type, ArrayRef<char>(raw.data(), raw.size()),
                                             detectedSplat))
      return fail("tensor '" + t.name() + "' has malformed raw data");
    return DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(raw.data(), raw.size()));
  }
  auto check = [&](int64_t have) -> LogicalResult {
    if (have != n)
      return fail(llvm::formatv("tensor '{0}' holds {1} values, its shape "
                                "needs {2}",
                                t.name(), have, n)
                      .str());
    return success();
  };
  switch (t.data_type()) {
  case onnx::TensorProto::FLOAT: {
    if (failed(check(t.float_data_size())))
      return failure();
    std::vector<float> v(t.float_data().begin(), t.float_data().end());
    return DenseElementsAttr::get(type, ArrayRef<float>(v));
  }
  case onnx::TensorProto::DOUBLE: {
    if (failed(check(t.double_data_size())))
      return failure();
    std::vector<double> v(t.double_data().begin(), t.double_data().end());
    return DenseElementsAttr::get(type, ArrayRef<double>(v));
  }
  case onnx::TensorProto::INT64: {
    if (failed(check(t.int64_data_size())))
      return failure();
    std::vector<int64_t> v(t.int64_data().begin(), t.int64_data().end());
    return DenseElementsAttr::get(type, ArrayRef<int64_t>(v));
  }
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::UINT64: {
    if (failed(check(t.uint64_data_size())))
      return failure();
    unsigned w = llvm::cast<IntegerType>(*et).getWidth();
    std::vector<APInt> v;
    for (uint64_t x : t.uint64_data())
      v.push_back(APInt(w, w == 64 ? x : (x & 0xffffffffu)));
    return DenseElementsAttr::get(type, v);
  }
  default: {
    // int32_data carries INT32, INT16, INT8, UINT16, UINT8 and BOOL.
    if (failed(check(t.int32_data_size())))
      return failure();
    unsigned w = llvm::cast<IntegerType>(*et).getWidth();
    std::vector<APInt> v;
    for (int32_t x : t.int32_data())
      v.push_back(APInt(w, uint64_t(uint32_t(x)) & (w >= 32 ? 0xffffffffu : ((1u << w) - 1))));
    return DenseElementsAttr::get(type, v);
  }
  }
}

FailureOr<Value> Importer::input(int k) {
  if (!hasInput(k))
    return fail(llvm::formatv("missing required input #{0}", k).str());
  auto it = values.find(node->input(k));
  if (it == values.end())
    return fail("input '" + node->input(k) + "' is not defined before use");
  return it->second;
}

FailureOr<HostTensor> Importer::constInput(int k, const char *what) {
  auto v = input(k);
  if (failed(v))
    return failure();
  Value value = *v;
  if (auto arg = llvm::dyn_cast<BlockArgument>(value)) {
    // A graph input: freeze it if the caller knows its value.
    const std::string &name = node->input(k);
    auto it = options.inputValues.find(name);
    if (it == options.inputValues.end() || it->second.getType() != arg.getType())
      return unsupported(std::string(what) + " must be a constant, but comes "
                         "from graph input '" + name + "'");
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&func.getBody().front());
    Value c = b.create<ConstantOp>(loc, it->second.getType(), it->second);
    arg.replaceAllUsesWith(c);
    for (auto &entry : values)
      if (entry.second == value)
        entry.second = c;
    frozen.insert(name);
    value = c;
  }
  auto cst = value.getDefiningOp<ConstantOp>();
  if (!cst)
    return unsupported(std::string(what) +
                       " must be a compile-time constant, but is computed "
                       "at run time");
  auto host = HostTensor::fromAttr(cst.getValue());
  if (!host)
    return unsupported(std::string(what) + " has an unsupported element type");
  return *host;
}

FailureOr<std::vector<int64_t>> Importer::constInts(int k, const char *what) {
  auto t = constInput(k, what);
  if (failed(t))
    return failure();
  std::vector<int64_t> out;
  for (int64_t j = 0; j < t->size(); ++j)
    out.push_back(t->getI(j));
  return out;
}

LogicalResult Importer::setOutput(int k, Value v) {
  if (k < node->output_size() && !node->output(k).empty())
    values[node->output(k)] = v;
  return success();
}

//===----------------------------------------------------------------------===//
// Model and node dispatch
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> Importer::run(const onnx::ModelProto &model,
                                    const std::string &file, ModelIO &io) {
  fileName = file;
  for (const auto &imp : model.opset_import())
    if (imp.domain().empty() || imp.domain() == "ai.onnx")
      opset = imp.version();
  if (opset == 0)
    opset = 1;
  const onnx::GraphProto &graph = model.graph();
  OwningOpRef<ModuleOp> module = ModuleOp::create(UnknownLoc::get(&ctx));
  // ONNX QuantizeLinear rounds half to even (TFLite's QUANTIZE half away
  // from zero); the emitter reads this to pick the quantize kernel's mode.
  (*module)->setAttr("tml.quantize_rounding", b.getStringAttr("half_to_even"));
  b.setInsertionPointToEnd(module->getBody());

  // Initializers are constants; graph inputs that are not initializers are
  // the model's inputs.
  std::set<std::string> initNames;
  for (const auto &t : graph.initializer())
    initNames.insert(t.name());
  SmallVector<Type> argTypes;
  std::vector<std::string> argNames;
  for (const auto &in : graph.input()) {
    if (initNames.count(in.name()))
      continue;
    if (!in.type().has_tensor_type())
      return unsupported("graph input '" + in.name() + "' is not a tensor"),
             nullptr;
    const auto &tt = in.type().tensor_type();
    auto et = elementType(tt.elem_type());
    if (!et)
      return unsupported("graph input '" + in.name() +
                         "' has unsupported element type " +
                         onnxTypeName(tt.elem_type())),
             nullptr;
    SmallVector<int64_t> shape;
    auto given = options.inputShapes.find(in.name());
    if (given != options.inputShapes.end()) {
      shape.assign(given->second.begin(), given->second.end());
      // A given shape may only fill in dynamic dimensions.
      bool clash = tt.has_shape() && tt.shape().dim_size() != int(shape.size());
      for (int d = 0; !clash && tt.has_shape() && d < tt.shape().dim_size(); ++d)
        clash = tt.shape().dim(d).has_dim_value() &&
                tt.shape().dim(d).dim_value() != shape[d];
      if (clash) {
        std::string want, got;
        for (const auto &d : tt.shape().dim())
          want += (want.empty() ? "" : "x") +
                  (d.has_dim_value() ? std::to_string(d.dim_value()) : "?");
        for (int64_t d : shape)
          got += (got.empty() ? "" : "x") + std::to_string(d);
        error.usage = true;
        return fail("input '" + in.name() + "' was given shape " +
                    (got.empty() ? "scalar" : got) + ", the model expects " +
                    (want.empty() ? "scalar" : want)),
               nullptr;
      }
    } else {
      if (!tt.has_shape())
        return fail("graph input '" + in.name() +
                    "' has no shape; give one with --input-shape"),
               nullptr;
      for (const auto &d : tt.shape().dim()) {
        if (!d.has_dim_value() || d.dim_value() < 0)
          return fail("graph input '" + in.name() + "' has a dynamic dimension" +
                      (d.has_dim_param() ? " '" + d.dim_param() + "'" : "") +
                      "; give a shape with --input-shape"),
                 nullptr;
        shape.push_back(d.dim_value());
      }
    }
    argTypes.push_back(tensorType(shape, *et));
    argNames.push_back(in.name());
  }
  func = b.create<func::FuncOp>(UnknownLoc::get(&ctx), "main",
                                b.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);
  for (size_t k = 0; k < argNames.size(); ++k) {
    values[argNames[k]] = entry->getArgument(k);
    graphInputIndex[argNames[k]] = k;
  }
  for (const auto &t : graph.initializer()) {
    loc = NameLoc::get(b.getStringAttr("initializer '" + t.name() + "'"));
    auto attr = tensorAttr(t);
    if (failed(attr))
      return nullptr;
    values[t.name()] = constant(*attr);
  }

  int nodeIndex = 0;
  for (const auto &n : graph.node()) {
    node = &n;
    nodeLabel = n.name().empty() ? "#" + std::to_string(nodeIndex)
                                 : "'" + n.name() + "'";
    ++nodeIndex;
    loc = NameLoc::get(
        b.getStringAttr("node " + nodeLabel + " (" + n.op_type() + ")"));
    if (failed(convertNode()))
      return nullptr;
  }
  node = nullptr;

  SmallVector<Value> results;
  for (const auto &out : graph.output()) {
    auto it = values.find(out.name());
    if (it == values.end())
      return fail("graph output '" + out.name() + "' is never computed"),
             nullptr;
    Value v = it->second;
    if (fromUInt8.count(v) &&
        llvm::isa<quant::QuantizedType>(typeOf(v).getElementType()))
      v = toRawU8(v); // the model's uint8, not tmlc's int8 storage
    results.push_back(v);
    io.outputNames.push_back(out.name());
  }
  loc = UnknownLoc::get(&ctx);
  b.setInsertionPointToEnd(entry);
  b.create<func::ReturnOp>(loc, results);

  // Drop frozen inputs from the signature (their uses became constants).
  llvm::BitVector erase(entry->getNumArguments());
  for (size_t k = 0; k < argNames.size(); ++k) {
    if (frozen.count(argNames[k])) {
      erase.set(k);
      io.frozenInputs.push_back(argNames[k]);
    } else {
      io.inputNames.push_back(argNames[k]);
    }
  }
  func.eraseArguments(erase);
  SmallVector<Type> resultTypes;
  for (Value v : results)
    resultTypes.push_back(v.getType());
  func.setType(b.getFunctionType(func.getArgumentTypes(), resultTypes));
  return module;
}

LogicalResult Importer::convertNode() {
  const std::string &op = node->op_type();
  if (!node->domain().empty() && node->domain() != "ai.onnx")
    return unsupported("unsupported op '" + op + "' from domain '" +
                       node->domain() + "'");
  static const std::set<std::string> elementwise = {"Add", "Sub", "Mul", "Div",
                                                    "Pow", "PRelu"};
  static const std::set<std::string> unary = {
      "Relu", "Sigmoid", "Tanh",       "Exp",       "Log",        "Sqrt",
      "Neg",  "Abs",     "Reciprocal", "HardSwish", "LeakyRelu", "HardSigmoid"};
  if (elementwise.count(op))
    return convertElementwise(op);
  if (unary.count(op))
    return convertUnary(op);
  if (op == "Min" || op == "Max")
    return convertVariadic(op);
  if (op == "Clip")
    return convertClip();
  if (op == "Softmax" || op == "LogSoftmax")
    return convertSoftmax(op == "LogSoftmax");
  if (op == "Gemm")
    return convertGemm();
  if (op == "MatMul")
    return convertMatMul();
  if (op == "Conv")
    return convertConv();
  if (op == "MaxPool" || op == "AveragePool")
    return convertPool(op == "MaxPool");
  if (op == "GlobalAveragePool" || op == "GlobalMaxPool")
    return convertGlobalPool(op == "GlobalMaxPool");
  if (op == "BatchNormalization")
    return convertBatchNorm();
  if (op == "Reshape")
    return convertReshape();
  if (op == "Flatten")
    return convertFlatten();
  if (op == "Squeeze" || op == "Unsqueeze")
    return convertSqueeze(op == "Unsqueeze");
  if (op == "Transpose")
    return convertTranspose();
  if (op == "Concat")
    return convertConcat();
  if (op == "Pad")
    return convertPad();
  if (op == "Slice")
    return convertSlice();
  if (op == "Split")
    return convertSplit();
  if (op == "ReduceMean" || op == "ReduceSum" || op == "ReduceMax" ||
      op == "ReduceMin")
    return convertReduce(op);
  if (op == "Constant")
    return convertConstant();
  if (op == "ConstantOfShape")
    return convertConstantOfShape();
  if (op == "Shape")
    return convertShape();
  if (op == "Cast")
    return convertCast();
  if (op == "QuantizeLinear" || op == "DequantizeLinear")
    return convertQuantizeLinear(op == "QuantizeLinear");
  if (op == "QLinearConv")
    return convertQLinearConv();
  if (op == "QLinearMatMul")
    return convertQLinearMatMul();
  if (op == "MatMulInteger")
    return convertMatMulInteger();
  if (op == "Gather")
    return convertGather();
  if (op == "Identity") {
    auto x = input(0);
    return failed(x) ? failure() : setOutput(0, *x);
  }
  if (op == "Dropout")
    return convertDropout();
  return unsupported("unsupported op '" + op + "'");
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

FailureOr<Value> Importer::binary(StringRef op, Value lhs, Value rhs) {
  auto lt = typeOf(lhs), rt = typeOf(rhs);
  if (lt.getElementType() != rt.getElementType())
    return fail("operands have different element types " +
                typeName(lt.getElementType()) + " and " +
                typeName(rt.getElementType()));
  std::string msg;
  auto shape = broadcastShapes(lt.getShape(), rt.getShape(), msg);
  if (!shape)
    return fail("inconsistent shapes: " + msg);
  auto type = tensorType(*shape, lt.getElementType());
  if (op == "Add")
    return create<AddOp>(type, lhs, rhs);
  if (op == "Sub")
    return create<SubOp>(type, lhs, rhs);
  if (op == "Mul")
    return create<MulOp>(type, lhs, rhs);
  if (op == "Div")
    return create<DivOp>(type, lhs, rhs);
  if (op == "Pow")
    return create<PowOp>(type, lhs, rhs);
  if (op == "Min")
    return create<MinOp>(type, lhs, rhs);
  if (op == "Max")
    return create<MaxOp>(type, lhs, rhs);
  return create<PReluOp>(type, lhs, rhs);
}

LogicalResult Importer::convertElementwise(const std::string &op) {
  auto lhs = input(0), rhs = input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  if (opset < 7 && attrInt("broadcast", 0) && attr("axis"))
    return unsupported("legacy broadcast with 'axis' is not supported");
  Value l = *lhs, r = *rhs;
  if (op == "Pow" && typeOf(l).getElementType() != typeOf(r).getElementType()) {
    // ONNX Pow's result has the base's type; convert the exponent.
    r = create<CastOp>(tensorType(typeOf(r).getShape(),
                                  typeOf(l).getElementType()),
                       r);
  }
  if (op == "PRelu") {
    // The slope broadcasts to X (unidirectionally).
    std::string msg;
    auto shape = broadcastShapes(typeOf(l).getShape(), typeOf(r).getShape(), msg);
    if (!shape || ArrayRef<int64_t>(*shape) != typeOf(l).getShape())
      return fail("slope shape does not broadcast to the input shape");
  }
  auto v = binary(op, l, r);
  if (failed(v))
    return failure();
  return setOutput(0, *v);
}

LogicalResult Importer::convertVariadic(const std::string &op) {
  if (inputCount() < 1)
    return fail("expected at least one input");
  auto acc = input(0);
  if (failed(acc))
    return failure();
  Value v = *acc;
  for (int k = 1; k < inputCount(); ++k) {
    auto next = input(k);
    if (failed(next))
      return failure();
    auto r = binary(op, v, *next);
    if (failed(r))
      return failure();
    v = *r;
  }
  return setOutput(0, v);
}

LogicalResult Importer::convertUnary(const std::string &op) {
  auto x = input(0);
  if (failed(x))
    return failure();
  Value v = *x;
  auto t = typeOf(v);
  bool intOk = op == "Relu" || op == "Neg" || op == "Abs";
  if (!intOk && failed(requireFloat(v)))
    return failure();
  Value r;
  if (op == "Relu")
    r = create<ReluOp>(t, v);
  else if (op == "Sigmoid")
    r = create<SigmoidOp>(t, v);
  else if (op == "Tanh")
    r = create<TanhOp>(t, v);
  else if (op == "Exp")
    r = create<ExpOp>(t, v);
  else if (op == "Log")
    r = create<LogOp>(t, v);
  else if (op == "Sqrt")
    r = create<SqrtOp>(t, v);
  else if (op == "Neg")
    r = create<NegOp>(t, v);
  else if (op == "Abs")
    r = create<AbsOp>(t, v);
  else if (op == "Reciprocal")
    r = create<ReciprocalOp>(t, v);
  else if (op == "HardSwish")
    r = create<HardSwishOp>(t, v);
  else if (op == "LeakyRelu")
    r = create<LeakyReluOp>(t, v, b.getF32FloatAttr(attrFloat("alpha", 0.01f)));
  else
    r = create<HardSigmoidOp>(t, v, b.getF32FloatAttr(attrFloat("alpha", 0.2f)),
                              b.getF32FloatAttr(attrFloat("beta", 0.5f)));
  return setOutput(0, r);
}

LogicalResult Importer::convertClip() {
  auto x = input(0);
  if (failed(x))
    return failure();
  Type et = typeOf(*x).getElementType();
  double lo = -INFINITY, hi = INFINITY;
  if (auto it = llvm::dyn_cast<IntegerType>(et)) {
    unsigned w = it.getWidth();
    if (it.isUnsigned()) {
      lo = 0;
      hi = std::ldexp(1.0, w) - 1;
    } else {
      lo = -std::ldexp(1.0, w - 1);
      hi = std::ldexp(1.0, w - 1) - 1;
    }
  } else if (!et.isF32()) {
    return unsupported("unsupported element type " + typeName(et) + " for Clip");
  }
  if (opset < 11) {
    lo = attrFloat("min", -3.402823e+38f);
    hi = attrFloat("max", 3.402823e+38f);
  } else {
    if (hasInput(1)) {
      auto t = constInput(1, "Clip's min");
      if (failed(t))
        return failure();
      lo = t->getF(0);
    }
    if (hasInput(2)) {
      auto t = constInput(2, "Clip's max");
      if (failed(t))
        return failure();
      hi = t->getF(0);
    }
  }
  if (llvm::isa<IntegerType>(et) || !(lo <= hi)) {
    // ONNX: when min > max every element becomes max.
  }
  if (lo > hi)
    lo = hi;
  return setOutput(0, create<ClipOp>(typeOf(*x), *x, b.getF64FloatAttr(lo),
                                     b.getF64FloatAttr(hi)));
}

LogicalResult Importer::convertSoftmax(bool log) {
  auto x = input(0);
  if (failed(x) || failed(requireFloat(*x)))
    return failure();
  auto t = typeOf(*x);
  int64_t rank = t.getRank();
  if (rank == 0)
    return fail("softmax of a scalar");
  auto axis = normAxis(attrInt("axis", opset < 13 ? 1 : -1), rank);
  if (failed(axis))
    return failure();
  auto build = [&](Value v, int64_t ax) -> Value {
    if (log)
      return create<LogSoftmaxOp>(v.getType(), v, b.getI64IntegerAttr(ax));
    return create<SoftmaxOp>(v.getType(), v, b.getI64IntegerAttr(ax));
  };
  if (opset >= 13)
    return setOutput(0, build(*x, *axis));
  // Before opset 13 the input is coerced to 2-D at `axis`.
  int64_t outer = numElements(t.getShape().take_front(*axis));
  int64_t inner = numElements(t.getShape().drop_front(*axis));
  auto flat = reshape(*x, {outer, inner});
  if (failed(flat))
    return failure();
  auto back = reshape(build(*flat, 1), t.getShape());
  if (failed(back))
    return failure();
  return setOutput(0, *back);
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

LogicalResult Importer::convertMatMul() {
  auto a = input(0), bb = input(1);
  if (failed(a) || failed(bb))
    return failure();
  if (failed(requireFloat(*a)) || failed(requireFloat(*bb)))
    return failure();
  std::string msg;
  auto shape = matmulShape(typeOf(*a).getShape(), typeOf(*bb).getShape(), msg);
  if (!shape)
    return fail("inconsistent shapes: " + msg);
  return setOutput(0, create<MatMulOp>(
                          tensorType(*shape, typeOf(*a).getElementType()), *a,
                          *bb));
}

LogicalResult Importer::convertGemm() {
  auto a = input(0), bm = input(1);
  if (failed(a) || failed(bm))
    return failure();
  if (failed(requireFloat(*a)) || failed(requireFloat(*bm)))
    return failure();
  if (typeOf(*a).getRank() != 2 || typeOf(*bm).getRank() != 2)
    return fail("Gemm expects 2-D A and B");
  Value av = *a, bv = *bm;
  if (attrInt("transA", 0)) {
    auto t = transpose(av, {1, 0});
    if (failed(t))
      return failure();
    av = *t;
  }
  if (attrInt("transB", 0)) {
    auto t = transpose(bv, {1, 0});
    if (failed(t))
      return failure();
    bv = *t;
  }
  std::string msg;
  auto shape = matmulShape(typeOf(av).getShape(), typeOf(bv).getShape(), msg);
  if (!shape)
    return fail("inconsistent shapes: " + msg);
  auto f32 = b.getF32Type();
  Value y = create<MatMulOp>(tensorType(*shape, f32), av, bv);
  float alpha = attrFloat("alpha", 1.0f), beta = attrFloat("beta", 1.0f);
  auto scalar = [&](float v) {
    auto type = tensorType({}, f32);
    return constant(DenseElementsAttr::get(type, ArrayRef<float>(v)));
  };
  if (alpha != 1.0f) {
    auto r = binary("Mul", y, scalar(alpha));
    if (failed(r))
      return failure();
    y = *r;
  }
  if (hasInput(2)) {
    auto c = input(2);
    if (failed(c))
      return failure();
    Value cv = *c;
    if (beta != 1.0f) {
      auto r = binary("Mul", cv, scalar(beta));
      if (failed(r))
        return failure();
      cv = *r;
    }
    auto r = binary("Add", y, cv);
    if (failed(r))
      return failure();
    if (typeOf(*r).getShape() != typeOf(y).getShape())
      return fail("Gemm's C does not broadcast to the result shape");
    y = *r;
  }
  return setOutput(0, y);
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

FailureOr<std::vector<int64_t>>
Importer::resolvePads(ArrayRef<int64_t> inShape, ArrayRef<int64_t> kernel,
                      ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                      bool ceilMode) {
  size_t sr = kernel.size();
  std::string autoPad = attrString("auto_pad", "NOTSET");
  std::vector<int64_t> pads(2 * sr, 0);
  if (autoPad == "NOTSET") {
    if (auto p = attrInts("pads")) {
      if (p->size() != 2 * sr)
        return fail(llvm::formatv("expected {0} pads, got {1}", 2 * sr,
                                  p->size())
                        .str());
      pads = *p;
    }
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (size_t k = 0; k < sr; ++k) {
      int64_t in = inShape[2 + k];
      int64_t out = (in + strides[k] - 1) / strides[k];
      int64_t span = (kernel[k] - 1) * dilations[k] + 1;
      int64_t total = std::max<int64_t>(0, (out - 1) * strides[k] + span - in);
      int64_t small = total / 2, big = total - small;
      pads[k] = autoPad == "SAME_UPPER" ? small : big;
      pads[sr + k] = autoPad == "SAME_UPPER" ? big : small;
    }
  } else if (autoPad != "VALID") {
    return unsupported("unsupported auto_pad value '" + autoPad + "'");
  }
  for (int64_t p : pads)
    if (p < 0)
      return fail("negative pads are not allowed");
  (void)ceilMode;
  return pads;
}

LogicalResult Importer::convertConv() {
  auto x = input(0), w = input(1);
  if (failed(x) || failed(w))
    return failure();
  if (failed(requireFloat(*x)) || failed(requireFloat(*w)))
    return failure();
  auto xt = typeOf(*x), wt = typeOf(*w);
  if (xt.getRank() < 3 || xt.getRank() > 5 || wt.getRank() != xt.getRank())
    return unsupported("unsupported Conv rank: input " + typeName(xt) +
                       ", weight " + typeName(wt));
  auto geo = convGeometry(xt, wt);
  if (failed(geo))
    return failure();
  Value bias;
  if (hasInput(2)) {
    auto bv = input(2);
    if (failed(bv))
      return failure();
    bias = *bv;
    if (typeOf(bias).getRank() != 1 || typeOf(bias).getDimSize(0) != wt.getDimSize(0))
      return fail("bias does not have one value per output channel");
  }
  auto type = tensorType(geo->shape, xt.getElementType());
  Value y = b.create<ConvOp>(loc, type, *x, *w, bias,
                             b.getDenseI64ArrayAttr(geo->strides),
                             b.getDenseI64ArrayAttr(geo->dilations),
                             b.getDenseI64ArrayAttr(geo->pads),
                             b.getI64IntegerAttr(geo->group));
  return setOutput(0, y);
}

FailureOr<Importer::ConvGeometry>
Importer::convGeometry(RankedTensorType xt, RankedTensorType wt) {
  ConvGeometry g;
  size_t sr = xt.getRank() - 2;
  std::vector<int64_t> kernel(wt.getShape().begin() + 2, wt.getShape().end());
  if (auto ks = attrInts("kernel_shape"); ks && *ks != kernel)
    return fail("kernel_shape does not match the weight shape");
  g.strides = attrInts("strides").value_or(std::vector<int64_t>(sr, 1));
  g.dilations = attrInts("dilations").value_or(std::vector<int64_t>(sr, 1));
  if (g.strides.size() != sr || g.dilations.size() != sr)
    return fail("strides/dilations do not match the spatial rank");
  auto pads = resolvePads(xt.getShape(), kernel, g.strides, g.dilations, false);
  if (failed(pads))
    return failure();
  g.pads = *pads;
  g.group = attrInt("group", 1);
  std::string msg;
  auto shape = convShape(xt.getShape(), wt.getShape(), g.strides, g.dilations,
                         g.pads, g.group, msg);
  if (!shape)
    return fail("inconsistent shapes: " + msg);
  g.shape = *shape;
  return g;
}

LogicalResult Importer::convertPool(bool isMax) {
  auto x = input(0);
  if (failed(x) || failed(requireFloat(*x)))
    return failure();
  auto xt = typeOf(*x);
  if (xt.getRank() < 3 || xt.getRank() > 5)
    return unsupported("unsupported pooling rank for input " + typeName(xt));
  if (isMax && node->output_size() > 1 && !node->output(1).empty())
    return unsupported("unsupported: MaxPool's Indices output");
  if (isMax && attrInt("storage_order", 0) != 0)
    return unsupported("unsupported: MaxPool storage_order 1");
  size_t sr = xt.getRank() - 2;
  auto kernel = attrInts("kernel_shape");
  if (!kernel || kernel->size() != sr)
    return fail("kernel_shape must list one size per spatial axis");
  std::vector<int64_t> strides = attrInts("strides").value_or(std::vector<int64_t>(sr, 1));
  std::vector<int64_t> dilations =
      attrInts("dilations").value_or(std::vector<int64_t>(sr, 1));
  if (strides.size() != sr || dilations.size() != sr)
    return fail("strides/dilations do not match the spatial rank");
  bool ceilMode = attrInt("ceil_mode", 0) != 0;
  auto pads = resolvePads(xt.getShape(), *kernel, strides, dilations, ceilMode);
  if (failed(pads))
    return failure();
  std::string msg;
  auto shape = poolShape(xt.getShape(), *kernel, strides, dilations, *pads,
                         ceilMode, msg);
  if (!shape)
    return fail("inconsistent shapes: " + msg);
  auto type = tensorType(*shape, xt.getElementType());
  bool includePad = attrInt("count_include_pad", 0) != 0;
  Value y;
  if (isMax)
    y = b.create<MaxPoolOp>(loc, type, *x, b.getDenseI64ArrayAttr(*kernel),
                            b.getDenseI64ArrayAttr(strides),
                            b.getDenseI64ArrayAttr(dilations),
                            b.getDenseI64ArrayAttr(*pads), b.getBoolAttr(false));
  else
    y = b.create<AvgPoolOp>(loc, type, *x, b.getDenseI64ArrayAttr(*kernel),
                            b.getDenseI64ArrayAttr(strides),
                            b.getDenseI64ArrayAttr(dilations),
                            b.getDenseI64ArrayAttr(*pads),
                            b.getBoolAttr(includePad));
  return setOutput(0, y);
}

LogicalResult Importer::convertGlobalPool(bool isMax) {
  auto x = input(0);
  if (failed(x) || failed(requireFloat(*x)))
    return failure();
  auto xt = typeOf(*x);
  if (xt.getRank() < 3)
    return fail("global pooling expects rank >= 3");
  SmallVector<int64_t> axes, shape(xt.getShape().begin(), xt.getShape().end());
  for (int64_t d = 2; d < xt.getRank(); ++d) {
    axes.push_back(d);
    shape[d] = 1;
  }
  auto type = tensorType(shape, xt.getElementType());
  Value y = isMax ? create<ReduceMaxOp>(type, *x, b.getDenseI64ArrayAttr(axes),
                                        b.getBoolAttr(true))
                  : create<ReduceMeanOp>(type, *x, b.getDenseI64ArrayAttr(axes),
                                         b.getBoolAttr(true));
  return setOutput(0, y);
}

LogicalResult Importer::convertBatchNorm() {
  bool training = attrInt("training_mode", 0) != 0;
  if (!training)
    for (int k = 1; k < node->output_size(); ++k)
      if (!node->output(k).empty())
        return unsupported("unsupported: BatchNormalization's training outputs "
                           "without training_mode");
  auto x = input(0);
  if (failed(x) || failed(requireFloat(*x)))
    return failure();
  auto xt = typeOf(*x);
  if (xt.getRank() < 2)
    return fail("BatchNormalization expects rank >= 2");
  int64_t c = xt.getDimSize(1);
  SmallVector<Value> params;
  for (int k = 1; k <= 4; ++k) {
    auto p = input(k);
    if (failed(p) || failed(requireFloat(*p)))
      return failure();
    if (typeOf(*p).getRank() != 1 || typeOf(*p).getDimSize(0) != c)
      return fail(llvm::formatv("BatchNormalization parameter #{0} must have "
                                "shape [{1}]",
                                k, c)
                      .str());
    // Align to [C, 1, ..., 1] so it broadcasts over N and spatial axes.
    SmallVector<int64_t> shape(xt.getRank() - 1, 1);
    shape[0] = c;
    auto r = reshape(*p, shape);
    if (failed(r))
      return failure();
    params.push_back(*r);
  }
  if (training) {
    // Batch statistics over every axis but the channel axis (population
    // variance), and the running averages ONNX defines with `momentum`.
    SmallVector<int64_t> axes;
    for (int64_t d = 0; d < xt.getRank(); ++d)
      if (d != 1)
        axes.push_back(d);
    SmallVector<int64_t> keptShape(xt.getShape().begin(), xt.getShape().end());
    for (int64_t a : axes)
      keptShape[a] = 1;
    auto kept = tensorType(keptShape, xt.getElementType());
    auto axesAttr = b.getDenseI64ArrayAttr(axes);
    Value mean = create<ReduceMeanOp>(kept, *x, axesAttr, b.getBoolAttr(true));
    auto centered = binary("Sub", *x, mean);
    if (failed(centered))
      return failure();
    auto sq = binary("Mul", *centered, *centered);
    if (failed(sq))
      return failure();
    Value var = create<ReduceMeanOp>(kept, *sq, axesAttr, b.getBoolAttr(true));
    SmallVector<int64_t> cShape(xt.getRank() - 1, 1);
    cShape[0] = c;
    auto meanC = reshape(mean, cShape), varC = reshape(var, cShape);
    if (failed(meanC) || failed(varC))
      return failure();
    float momentum = attrFloat("momentum", 0.9f);
    auto scalarType = tensorType({}, b.getF32Type());
    Value mom = constant(DenseElementsAttr::get(scalarType, ArrayRef<float>(momentum)));
    Value rest = constant(
        DenseElementsAttr::get(scalarType, ArrayRef<float>(1.0f - momentum)));
    auto running = [&](Value old, Value cur) -> FailureOr<Value> {
      auto a = binary("Mul", old, mom);
      auto bb = binary("Mul", cur, rest);
      if (failed(a) || failed(bb))
        return failure();
      auto sum = binary("Add", *a, *bb);
      if (failed(sum))
        return failure();
      return reshape(*sum, {c});
    };
    if (node->output_size() > 1 && !node->output(1).empty()) {
      auto r = running(params[2], *meanC);
      if (failed(r))
        return failure();
      setOutput(1, *r);
    }
    if (node->output_size() > 2 && !node->output(2).empty()) {
      auto r = running(params[3], *varC);
      if (failed(r))
        return failure();
      setOutput(2, *r);
    }
    params[2] = *meanC;
    params[3] = *varC;
  }
  float eps = attrFloat("epsilon", 1e-5f);
  auto epsType = tensorType({}, b.getF32Type());
  Value epsV = constant(DenseElementsAttr::get(epsType, ArrayRef<float>(eps)));
  // y = x * a + (bias - mean * a) with a = scale / sqrt(var + eps).
  auto varEps = binary("Add", params[3], epsV);
  if (failed(varEps))
    return failure();
  Value sq = create<SqrtOp>(typeOf(*varEps), *varEps);
  auto a = binary("Div", params[0], sq);
  if (failed(a))
    return failure();
  auto ma = binary("Mul", params[2], *a);
  if (failed(ma))
    return failure();
  auto shift = binary("Sub", params[1], *ma);
  if (failed(shift))
    return failure();
  auto xa = binary("Mul", *x, *a);
  if (failed(xa))
    return failure();
  auto y = binary("Add", *xa, *shift);
  if (failed(y))
    return failure();
  return setOutput(0, *y);
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

LogicalResult Importer::convertReshape() {
  auto x = input(0);
  if (failed(x))
    return failure();
  std::vector<int64_t> target;
  if (opset < 5) {
    auto s = attrInts("shape");
    if (!s)
      return fail("Reshape without a shape");
    target = *s;
  } else {
    auto s = constInts(1, "Reshape's shape");
    if (failed(s))
      return failure();
    target = *s;
  }
  auto xt = typeOf(*x);
  bool allowZero = attrInt("allowzero", 0) != 0;
  int64_t known = 1, inferAt = -1;
  for (size_t k = 0; k < target.size(); ++k) {
    if (target[k] == 0 && !allowZero) {
      if (int64_t(k) >= xt.getRank())
        return fail("Reshape copies a dimension the input does not have");
      target[k] = xt.getDimSize(k);
    }
    if (target[k] == -1) {
      if (inferAt >= 0)
        return fail("Reshape's shape has more than one -1");
      inferAt = k;
      continue;
    }
    if (target[k] < 0)
      return fail("Reshape's shape has a negative dimension");
    known *= target[k];
  }
  if (inferAt >= 0) {
    if (known == 0 || xt.getNumElements() % known)
      return fail("Reshape cannot infer the -1 dimension");
    target[inferAt] = xt.getNumElements() / known;
  }
  auto r = reshape(*x, target);
  return failed(r) ? failure() : setOutput(0, *r);
}

LogicalResult Importer::convertFlatten() {
  auto x = input(0);
  if (failed(x))
    return failure();
  auto xt = typeOf(*x);
  int64_t axis = attrInt("axis", 1);
  if (axis < 0)
    axis += xt.getRank();
  if (axis < 0 || axis > xt.getRank())
    return fail("Flatten axis out of range");
  auto r = reshape(*x, {numElements(xt.getShape().take_front(axis)),
                        numElements(xt.getShape().drop_front(axis))});
  return failed(r) ? failure() : setOutput(0, *r);
}

LogicalResult Importer::convertSqueeze(bool unsqueeze) {
  auto x = input(0);
  if (failed(x))
    return failure();
  auto xt = typeOf(*x);
  std::optional<std::vector<int64_t>> axes;
  if (opset < 13) {
    axes = attrInts("axes");
  } else if (hasInput(1)) {
    auto a = constInts(1, unsqueeze ? "Unsqueeze's axes" : "Squeeze's axes");
    if (failed(a))
      return failure();
    axes = *a;
  }
  SmallVector<int64_t> shape;
  if (unsqueeze) {
    if (!axes)
      return fail("Unsqueeze needs axes");
    int64_t outRank = xt.getRank() + int64_t(axes->size());
    std::vector<bool> inserted(outRank, false);
    for (int64_t a : *axes) {
      auto n = normAxis(a, outRank);
      if (failed(n))
        return failure();
      if (inserted[*n])
        return fail("Unsqueeze axes repeat");
      inserted[*n] = true;
    }
    int64_t src = 0;
    for (int64_t d = 0; d < outRank; ++d)
      shape.push_back(inserted[d] ? 1 : xt.getDimSize(src++));
  } else {
    std::vector<bool> drop(xt.getRank(), false);
    if (axes) {
      for (int64_t a : *axes) {
        auto n = normAxis(a, xt.getRank());
        if (failed(n))
          return failure();
        if (xt.getDimSize(*n) != 1)
          return fail(llvm::formatv("cannot squeeze axis {0} of size {1}", *n,
                                    xt.getDimSize(*n))
                          .str());
        drop[*n] = true;
      }
    } else {
      for (int64_t d = 0; d < xt.getRank(); ++d)
        drop[d] = xt.getDimSize(d) == 1;
    }
    for (int64_t d = 0; d < xt.getRank(); ++d)
      if (!drop[d])
        shape.push_back(xt.getDimSize(d));
  }
  auto r = reshape(*x, shape);
  return failed(r) ? failure() : setOutput(0, *r);
}

LogicalResult Importer::convertTranspose() {
  auto x = input(0);
  if (failed(x))
    return failure();
  int64_t rank = typeOf(*x).getRank();
  std::vector<int64_t> perm(rank);
  for (int64_t k = 0; k < rank; ++k)
    perm[k] = rank - 1 - k;
  if (auto p = attrInts("perm"))
    perm = *p;
  std::vector<bool> seen(rank, false);
  if (int64_t(perm.size()) != rank)
    return fail("perm does not match the input rank");
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen[p])
      return fail("perm is not a permutation");
    seen[p] = true;
  }
  auto r = transpose(*x, perm);
  return failed(r) ? failure() : setOutput(0, *r);
}

LogicalResult Importer::convertConcat() {
  SmallVector<Value> inputs;
  for (int k = 0; k < inputCount(); ++k) {
    auto v = input(k);
    if (failed(v))
      return failure();
    inputs.push_back(*v);
  }
  if (inputs.empty())
    return fail("Concat without inputs");
  auto first = typeOf(inputs[0]);
  auto axis = normAxis(attrInt("axis", 0), first.getRank());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(first.getShape().begin(), first.getShape().end());
  shape[*axis] = 0;
  for (Value v : inputs) {
    auto t = typeOf(v);
    if (t.getRank() != first.getRank() ||
        t.getElementType() != first.getElementType())
      return fail("Concat inputs differ in rank or element type");
    for (int64_t d = 0; d < t.getRank(); ++d)
      if (d != *axis && t.getDimSize(d) != first.getDimSize(d))
        return fail("inconsistent shapes: Concat inputs differ outside the axis");
    shape[*axis] += t.getDimSize(*axis);
  }
  return setOutput(0, create<ConcatOp>(tensorType(shape, first.getElementType()),
                                       inputs, b.getI64IntegerAttr(*axis)));
}

LogicalResult Importer::convertPad() {
  auto x = input(0);
  if (failed(x))
    return failure();
  auto xt = typeOf(*x);
  std::string mode = attrString("mode", "constant");
  if (mode != "constant" && mode != "reflect" && mode != "edge")
    return unsupported("unsupported Pad mode '" + mode + "'");
  std::vector<int64_t> pads;
  double value = 0.0;
  if (opset < 11) {
    auto p = attrInts("pads");
    if (!p)
      return fail("Pad without pads");
    pads = *p;
    value = attrFloat("value", 0.0f);
  } else {
    auto p = constInts(1, "Pad's pads");
    if (failed(p))
      return failure();
    pads = *p;
    if (hasInput(2)) {
      auto v = constInput(2, "Pad's constant_value");
      if (failed(v))
        return failure();
      if (v->size() != 1)
        return fail("Pad's constant_value must be a scalar");
      value = v->getF(0);
    }
    if (hasInput(3))
      return unsupported("Pad's axes input is not supported");
  }
  if (int64_t(pads.size()) != 2 * xt.getRank())
    return fail(llvm::formatv("expected {0} pads, got {1}", 2 * xt.getRank(),
                              pads.size())
                    .str());
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < xt.getRank(); ++d) {
    int64_t n = xt.getDimSize(d) + pads[d] + pads[xt.getRank() + d];
    if (n < 0)
      return fail("pads remove more elements than the input has");
    if (mode == "reflect" && (pads[d] >= xt.getDimSize(d) ||
                              pads[xt.getRank() + d] >= xt.getDimSize(d)))
      return unsupported("reflect pads as large as the axis are not supported");
    shape.push_back(n);
  }
  return setOutput(0, b.create<PadOp>(loc, tensorType(shape, xt.getElementType()),
                                      *x, b.getDenseI64ArrayAttr(pads),
                                      b.getStringAttr(mode),
                                      b.getF64FloatAttr(value)));
}

LogicalResult Importer::convertSlice() {
  auto x = input(0);
  if (failed(x))
    return failure();
  auto xt = typeOf(*x);
  int64_t rank = xt.getRank();
  std::vector<int64_t> starts, ends, axes, steps;
  if (opset < 10) {
    auto s = attrInts("starts"), e = attrInts("ends");
    if (!s || !e)
      return fail("Slice needs starts and ends");
    starts = *s;
    ends = *e;
    if (auto a = attrInts("axes"))
      axes = *a;
  } else {
    auto s = constInts(1, "Slice's starts"), e = constInts(2, "Slice's ends");
    if (failed(s) || failed(e))
      return failure();
    starts = *s;
    ends = *e;
    if (hasInput(3)) {
      auto a = constInts(3, "Slice's axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
    if (hasInput(4)) {
      auto st = constInts(4, "Slice's steps");
      if (failed(st))
        return failure();
      steps = *st;
    }
  }
  if (axes.empty())
    for (size_t k = 0; k < starts.size(); ++k)
      axes.push_back(k);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return fail("Slice's starts, ends, axes and steps differ in length");
  SmallVector<int64_t> outStart(rank, 0), outStep(rank, 1),
      shape(xt.getShape().begin(), xt.getShape().end());
  std::vector<bool> seen(rank, false);
  for (size_t k = 0; k < starts.size(); ++k) {
    auto ax = normAxis(axes[k], rank);
    if (failed(ax))
      return failure();
    if (seen[*ax])
      return fail("Slice axes repeat");
    seen[*ax] = true;
    int64_t dim = xt.getDimSize(*ax), step = steps[k];
    if (step == 0)
      return fail("Slice step is zero");
    int64_t s = starts[k], e = ends[k];
    if (s < 0)
      s += dim;
    if (e < 0)
      e += dim;
    int64_t count;
    if (step > 0) {
      s = std::clamp<int64_t>(s, 0, dim);
      e = std::clamp<int64_t>(e, 0, dim);
      count = e > s ? (e - s + step - 1) / step : 0;
    } else {
      s = std::clamp<int64_t>(s, -1, dim - 1);
      e = std::clamp<int64_t>(e, -1, dim - 1);
      count = s > e ? (s - e + (-step) - 1) / (-step) : 0;
    }
    outStart[*ax] = count ? s : 0;
    outStep[*ax] = step;
    shape[*ax] = count;
  }
  return setOutput(0, create<SliceOp>(tensorType(shape, xt.getElementType()),
                                      *x, b.getDenseI64ArrayAttr(outStart),
                                      b.getDenseI64ArrayAttr(outStep)));
}

LogicalResult Importer::convertSplit() {
  auto x = input(0);
  if (failed(x))
    return failure();
  auto xt = typeOf(*x);
  auto axis = normAxis(attrInt("axis", 0), xt.getRank());
  if (failed(axis))
    return failure();
  int64_t dim = xt.getDimSize(*axis);
  int n = node->output_size();
  std::vector<int64_t> sizes;
  if (opset < 13) {
    if (auto s = attrInts("split"))
      sizes = *s;
  } else if (hasInput(1)) {
    auto s = constInts(1, "Split's split");
    if (failed(s))
      return failure();
    sizes = *s;
  }
  if (sizes.empty()) {
    if (n < 1 || dim % n)
      return fail(llvm::formatv("cannot split an axis of {0} into {1} equal "
                                "parts",
                                dim, n)
                      .str());
    sizes.assign(n, dim / n);
  }
  if (int64_t(sizes.size()) != n ||
      std::accumulate(sizes.begin(), sizes.end(), int64_t(0)) != dim)
    return fail("Split sizes do not add up to the axis length");
  int64_t offset = 0;
  for (int k = 0; k < n; ++k) {
    SmallVector<int64_t> start(xt.getRank(), 0), step(xt.getRank(), 1),
        shape(xt.getShape().begin(), xt.getShape().end());
    start[*axis] = sizes[k] ? offset : 0;
    shape[*axis] = sizes[k];
    if (sizes[k] < 0)
      return fail("negative split size");
    setOutput(k, create<SliceOp>(tensorType(shape, xt.getElementType()), *x,
                                 b.getDenseI64ArrayAttr(start),
                                 b.getDenseI64ArrayAttr(step)));
    offset += sizes[k];
  }
  return success();
}

LogicalResult Importer::convertReduce(const std::string &op) {
  auto x = input(0);
  if (failed(x) || failed(requireFloat(*x)))
    return failure();
  auto xt = typeOf(*x);
  std::optional<std::vector<int64_t>> axes = attrInts("axes");
  if (op == "ReduceSum" && opset >= 13) {
    axes.reset();
    if (hasInput(1)) {
      auto a = constInts(1, "ReduceSum's axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
  }
  bool keep = attrInt("keepdims", 1) != 0;
  if (!axes || axes->empty()) {
    if (attrInt("noop_with_empty_axes", 0))
      return setOutput(0, *x);
    axes = std::vector<int64_t>();
    for (int64_t d = 0; d < xt.getRank(); ++d)
      axes->push_back(d);
  }
  std::vector<int64_t> norm;
  for (int64_t a : *axes) {
    auto n = normAxis(a, xt.getRank());
    if (failed(n))
      return failure();
    norm.push_back(*n);
  }
  std::sort(norm.begin(), norm.end());
  norm.erase(std::unique(norm.begin(), norm.end()), norm.end());
  for (int64_t a : norm)
    if (xt.getDimSize(a) == 0)
      return unsupported("reduction over an empty axis is not supported");
  std::string msg;
  auto shape = reduceShape(xt.getShape(), norm, keep, msg);
  if (!shape)
    return fail(msg);
  auto type = tensorType(*shape, xt.getElementType());
  auto axesAttr = b.getDenseI64ArrayAttr(norm);
  Value y;
  if (op == "ReduceMean")
    y = create<ReduceMeanOp>(type, *x, axesAttr, b.getBoolAttr(keep));
  else if (op == "ReduceSum")
    y = create<ReduceSumOp>(type, *x, axesAttr, b.getBoolAttr(keep));
  else if (op == "ReduceMax")
    y = create<ReduceMaxOp>(type, *x, axesAttr, b.getBoolAttr(keep));
  else
    y = create<ReduceMinOp>(type, *x, axesAttr, b.getBoolAttr(keep));
  return setOutput(0, y);
}

//===----------------------------------------------------------------------===//
// Constants, shapes, types
//===----------------------------------------------------------------------===//

LogicalResult Importer::convertConstant() {
  if (const auto *a = attr("value")) {
    auto t = tensorAttr(a->t());
    if (failed(t))
      return failure();
    return setOutput(0, constant(*t));
  }
  if (const auto *a = attr("value_float")) {
    auto type = tensorType({}, b.getF32Type());
    return setOutput(0, constant(DenseElementsAttr::get(type, ArrayRef<float>(a->f()))));
  }
  if (const auto *a = attr("value_floats")) {
    std::vector<float> v(a->floats().begin(), a->floats().end());
    auto type = tensorType({int64_t(v.size())}, b.getF32Type());
    return setOutput(0, constant(DenseElementsAttr::get(type, ArrayRef<float>(v))));
  }
  if (const auto *a = attr("value_int")) {
    auto type = tensorType({}, b.getI64Type());
    return setOutput(0, constant(DenseElementsAttr::get(type, ArrayRef<int64_t>(a->i()))));
  }
  if (const auto *a = attr("value_ints")) {
    std::vector<int64_t> v(a->ints().begin(), a->ints().end());
    return setOutput(0, i64Constant(v));
  }
  return unsupported("unsupported Constant form (sparse or string value)");
}

LogicalResult Importer::convertConstantOfShape() {
  auto shape = constInts(0, "ConstantOfShape's shape");
  if (failed(shape))
    return failure();
  for (int64_t d : *shape)
    if (d < 0)
      return fail("ConstantOfShape with a negative dimension");
  Type et = b.getF32Type();
  Attribute fill = b.getF32FloatAttr(0.0f);
  if (const auto *a = attr("value")) {
    auto t = tensorAttr(a->t());
    if (failed(t))
      return failure();
    if (t->getNumElements() != 1)
      return fail("ConstantOfShape's value must have one element");
    et = t->getElementType();
    fill = t->getSplatValue<Attribute>();
    if (!t->isSplat())
      fill = *t->getValues<Attribute>().begin();
  }
  auto type = tensorType(*shape, et);
  if (type.getNumElements() > kMaxFoldElements)
    return unsupported("ConstantOfShape result is too large");
  return setOutput(0, constant(DenseElementsAttr::get(type, fill)));
}

LogicalResult Importer::convertShape() {
  auto x = input(0);
  if (failed(x))
    return failure();
  auto xt = typeOf(*x);
  int64_t rank = xt.getRank();
  int64_t start = attrInt("start", 0), end = attrInt("end", rank);
  if (start < 0)
    start += rank;
  if (end < 0)
    end += rank;
  start = std::clamp<int64_t>(start, 0, rank);
  end = std::clamp<int64_t>(end, 0, rank);
  std::vector<int64_t> dims;
  for (int64_t d = start; d < end; ++d)
    dims.push_back(xt.getDimSize(d));
  return setOutput(0, i64Constant(dims));
}

LogicalResult Importer::convertCast() {
  auto x = input(0);
  if (failed(x))
    return failure();
  auto et = elementType(int(attrInt("to", 0)));
  if (!et)
    return unsupported(std::string("unsupported Cast target type ") +
                       onnxTypeName(int(attrInt("to", 0))));
  auto xt = typeOf(*x);
  if (llvm::isa<quant::QuantizedType>(xt.getElementType())) {
    // QDQ graphs cast a QuantizeLinear result to its own integer type
    // (torch's exporter): the identity on the quantized value.
    bool u8 = fromUInt8.count(*x) != 0;
    int to = int(attrInt("to", 0));
    if ((u8 && to == onnx::TensorProto::UINT8) ||
        (!u8 && to == onnx::TensorProto::INT8))
      return setOutput(0, *x);
    return unsupported("Cast of a quantized value to another type");
  }
  return setOutput(0, create<CastOp>(tensorType(xt.getShape(), *et), *x));
}

/// The quantized element type given by inputs 1 (scale) and 2 (zero point)
/// of a QuantizeLinear/DequantizeLinear node. uint8 is held as int8 with the
/// zero point moved by -128 (q_i8 = q_u8 - 128, the same real values).
FailureOr<Type> Importer::qdqElementType(int64_t rank, bool &fromU8,
                                         Type &storage) {
  auto scale = constInput(1, "the quantization scale");
  if (failed(scale))
    return failure();
  Type zpType = IntegerType::get(&ctx, 8, IntegerType::Unsigned);
  std::optional<HostTensor> zp;
  if (hasInput(2)) {
    auto z = constInput(2, "the quantization zero point");
    if (failed(z))
      return failure();
    zp = *z;
    zpType = z->elementType;
  }
  if (!scale->isFloat || !scale->elementType.isF32())
    return unsupported("the quantization scale must be float32");
  int64_t n = scale->size();
  if (zp && zp->size() != n)
    return fail("scale and zero point have different sizes");
  if (scale->shape.size() > 1)
    return fail("the quantization scale must be a scalar or 1-D");
  int64_t qmin, qmax;
  fromU8 = false;
  if (zpType.isUnsignedInteger(8)) {
    fromU8 = true;
    storage = b.getIntegerType(8);
    qmin = -128, qmax = 127;
  } else if (zpType.isSignlessInteger(8)) {
    storage = b.getIntegerType(8);
    qmin = -128, qmax = 127;
  } else if (zpType.isSignlessInteger(32)) {
    storage = b.getIntegerType(32);
    qmin = std::numeric_limits<int32_t>::min();
    qmax = std::numeric_limits<int32_t>::max();
  } else {
    return unsupported("unsupported zero point type " + typeName(zpType) +
                       " (int8, uint8 and int32 are supported)");
  }
  SmallVector<double> scales;
  SmallVector<int64_t> zps;
  for (int64_t k = 0; k < n; ++k) {
    double s = scale->getF(k);
    if (!(s > 0) || !std::isfinite(s))
      return fail("quantization scales must be positive and finite");
    scales.push_back(s);
    zps.push_back((zp ? zp->getI(k) : 0) - (fromU8 ? 128 : 0));
  }
  Type f32 = b.getF32Type();
  unsigned flags = quant::QuantizationFlags::Signed;
  if (n == 1)
    return Type(quant::UniformQuantizedType::get(flags, storage, f32,
                                                 scales[0], zps[0], qmin, qmax));
  auto axis = normAxis(attrInt("axis", 1), rank);
  if (failed(axis))
    return failure();
  return Type(quant::UniformQuantizedPerAxisType::get(
      flags, storage, f32, scales, zps, int32_t(*axis), qmin, qmax));
}

LogicalResult Importer::convertQuantizeLinear(bool quantize) {
  auto x = input(0);
  if (failed(x))
    return failure();
  auto xt = typeOf(*x);
  bool u8 = false;
  Type storage;
  auto qt = qdqElementType(xt.getRank(), u8, storage);
  if (failed(qt))
    return failure();
  if (auto pa = llvm::dyn_cast<quant::UniformQuantizedPerAxisType>(*qt))
    if (pa.getQuantizedDimension() >= xt.getRank() ||
        xt.getDimSize(pa.getQuantizedDimension()) !=
            int64_t(pa.getScales().size()))
      return fail("per-axis scales do not match the size of the axis");
  auto type = tensorType(xt.getShape(), *qt);
  if (quantize) {
    if (!xt.getElementType().isF32())
      return unsupported("QuantizeLinear of a non-float32 input");
    if (!storage.isInteger(8))
      return unsupported("QuantizeLinear to int32");
    Value q = b.create<quant::QuantizeCastOp>(loc, type, *x);
    if (u8)
      fromUInt8.insert(q);
    return setOutput(0, q);
  }
  Type et = xt.getElementType();
  Value q;
  if (llvm::isa<quant::QuantizedType>(et)) {
    // The output of a QuantizeLinear: must be read back with its parameters.
    if (et != *qt || fromUInt8.count(*x) != u8)
      return unsupported("DequantizeLinear with parameters other than its "
                         "input's QuantizeLinear");
    q = *x;
  } else if (auto cst = (*x).getDefiningOp<ConstantOp>()) {
    // A quantized constant: storage constant + storage cast.
    bool ok = (u8 && et.isUnsignedInteger(8)) ||
              (!u8 && et.isSignlessInteger(storage.getIntOrFloatBitWidth()));
    if (!ok)
      return fail("the zero point's type " + std::string(u8 ? "uint8" : "") +
                  " does not match the input's type " + typeName(et));
    auto host = HostTensor::fromAttr(cst.getValue());
    if (!host)
      return unsupported("unsupported constant");
    if (u8)
      for (auto &v : host->i)
        v -= 128;
    auto st = tensorType(xt.getShape(), storage);
    host->elementType = storage;
    Value c = b.create<ConstantOp>(loc, st, host->toAttr(st));
    q = b.create<quant::StorageCastOp>(loc, type, c);
  } else if (et.isInteger(8) && !et.isSignedInteger() &&
             et.isUnsignedInteger(8) == u8) {
    // A run-time int8/uint8 tensor (e.g. a graph input or an integer op's
    // output read as raw bytes).
    auto r = asQuantized(*x, *qt, "DequantizeLinear's input");
    if (failed(r))
      return failure();
    q = *r;
  } else {
    return unsupported("DequantizeLinear input must be a QuantizeLinear "
                       "output, a constant or an int8/uint8 tensor matching "
                       "its zero point");
  }
  return setOutput(0, b.create<quant::DequantizeCastOp>(
                          loc, tensorType(xt.getShape(), b.getF32Type()), q));
}

//===----------------------------------------------------------------------===//
// Integer ops: QLinearConv, QLinearMatMul, MatMulInteger
//
// They import straight into the quantized ops that tmlc-fuse-qdq produces for
// QDQ islands: a quantized tml.conv (QLinearConv; QLinearMatMul as a fully
// connected 1x1 conv) and a tml.matmul on int8 storage with an int32 result
// (MatMulInteger). uint8 values are held as int8 with the zero point moved by
// -128, so (q - zp) is unchanged. Weights must be constants whose values
// minus their zero points fit in int8 (the int8 kernels take symmetric
// weights); everything else is refused naming the node.
//===----------------------------------------------------------------------===//

FailureOr<Importer::QParams> Importer::qparams(int scaleIdx, int zpIdx,
                                               bool u8, const char *what) {
  QParams q;
  std::string w(what);
  if (scaleIdx >= 0) {
    std::string desc = w + "'s scale";
    auto s = constInput(scaleIdx, desc.c_str());
    if (failed(s))
      return failure();
    if (!s->isFloat || !s->elementType.isF32())
      return unsupported(w + "'s scale must be float32");
    if (s->shape.size() > 1)
      return fail(w + "'s scale must be a scalar or 1-D");
    for (int64_t k = 0; k < s->size(); ++k) {
      double v = s->getF(k);
      if (!(v > 0) || !std::isfinite(v))
        return fail(w + "'s scale must be positive and finite");
      q.scales.push_back(v);
    }
  } else {
    q.scales.push_back(1.0);
  }
  if (zpIdx >= 0 && hasInput(zpIdx)) {
    std::string desc = w + "'s zero point";
    auto z = constInput(zpIdx, desc.c_str());
    if (failed(z))
      return failure();
    Type zt = z->elementType;
    if (!(u8 ? zt.isUnsignedInteger(8) : zt.isSignlessInteger(8)))
      return fail(w + "'s zero point is " + typeName(zt) + " but " + w +
                  " is " + (u8 ? "uint8" : "int8"));
    if (z->shape.size() > 1)
      return fail(w + "'s zero point must be a scalar or 1-D");
    for (int64_t k = 0; k < z->size(); ++k)
      q.zps.push_back(z->getI(k) - (u8 ? 128 : 0));
  } else {
    q.zps.push_back(u8 ? -128 : 0);
  }
  size_t n = std::max(q.scales.size(), q.zps.size());
  if ((q.scales.size() != 1 && q.scales.size() != n) ||
      (q.zps.size() != 1 && q.zps.size() != n) || n == 0)
    return fail(w + "'s scale and zero point have different sizes");
  q.scales.resize(n, q.scales[0]);
  q.zps.resize(n, q.zps[0]);
  return q;
}

Type Importer::quantI8(const QParams &q, int32_t axis) {
  Type i8 = b.getIntegerType(8), f32 = b.getF32Type();
  unsigned flags = quant::QuantizationFlags::Signed;
  if (q.scales.size() == 1)
    return quant::UniformQuantizedType::get(flags, i8, f32, q.scales[0],
                                            q.zps[0], -128, 127);
  return quant::UniformQuantizedPerAxisType::get(flags, i8, f32, q.scales,
                                                 q.zps, axis, -128, 127);
}

FailureOr<Value> Importer::asQuantized(Value v, Type qet, const char *what) {
  auto t = typeOf(v);
  auto like = [&](Type et) { return tensorType(t.getShape(), et); };
  Type et = t.getElementType(), i8 = b.getIntegerType(8);
  if (auto qt = llvm::dyn_cast<quant::QuantizedType>(et)) {
    if (!qt.getStorageType().isInteger(8))
      return unsupported(std::string(what) + " is not an 8-bit tensor");
    if (et == qet)
      return v;
    // ONNX reads the stored integers with this op's own parameters.
    Value raw = b.create<quant::StorageCastOp>(loc, like(i8), v);
    return Value(b.create<quant::StorageCastOp>(loc, like(qet), raw));
  }
  if (!et.isInteger(8) || et.isSignedInteger())
    return unsupported(std::string(what) + " must be int8 or uint8, not " +
                       typeName(et));
  bool u8 = et.isUnsignedInteger(8);
  if (auto cst = v.getDefiningOp<ConstantOp>()) {
    auto host = HostTensor::fromAttr(cst.getValue());
    if (!host)
      return unsupported(std::string(what) + " is an unsupported constant");
    if (u8)
      for (auto &x : host->i)
        x -= 128;
    host->elementType = i8;
    Value c = b.create<ConstantOp>(loc, like(i8), host->toAttr(like(i8)));
    return Value(b.create<quant::StorageCastOp>(loc, like(qet), c));
  }
  Value raw = v;
  if (u8) {
    // u - 128 at run time, exactly: to float, then quantize with scale 1 and
    // zero point -128.
    Value f = create<CastOp>(like(b.getF32Type()), v);
    auto shift = quant::UniformQuantizedType::get(
        quant::QuantizationFlags::Signed, i8, b.getF32Type(), 1.0, -128, -128,
        127);
    Value q = b.create<quant::QuantizeCastOp>(loc, like(shift), f);
    raw = b.create<quant::StorageCastOp>(loc, like(i8), q);
  }
  return Value(b.create<quant::StorageCastOp>(loc, like(qet), raw));
}

Value Importer::toRawU8(Value v) {
  auto t = typeOf(v);
  auto like = [&](Type et) { return tensorType(t.getShape(), et); };
  Type i8 = b.getIntegerType(8);
  auto shift = quant::UniformQuantizedType::get(
      quant::QuantizationFlags::Signed, i8, b.getF32Type(), 1.0, -128, -128,
      127);
  Value raw = b.create<quant::StorageCastOp>(loc, like(i8), v);
  Value q = b.create<quant::StorageCastOp>(loc, like(shift), raw);
  Value f = b.create<quant::DequantizeCastOp>(loc, like(b.getF32Type()), q);
  return create<CastOp>(like(b.getIntegerType(8, false)), f);
}

/// The ONNX type of an int8-like operand is uint8 when its zero point (or,
/// without one, the value) is uint8.
static bool zeroPointIsU8(Type zpType) { return zpType.isUnsignedInteger(8); }

FailureOr<Value> Importer::requantizeFloat(Value acc, ArrayRef<float> m,
                                            int64_t axis, const QParams &yq) {
  auto at = typeOf(acc);
  SmallVector<int64_t> mshape(m.size() == 1 ? 1 : at.getRank(), 1);
  if (m.size() != 1)
    mshape[axis] = int64_t(m.size());
  auto mt = tensorType(mshape, b.getF32Type());
  auto scaled = binary("Mul", acc,
                       constant(DenseElementsAttr::get(mt, ArrayRef<float>(m))));
  if (failed(scaled))
    return failure();
  // round(v / 1) + y_zero_point, saturated to int8 storage.
  QParams y1{{1.0}, yq.zps};
  auto like = [&](Type et) { return tensorType(at.getShape(), et); };
  Value q = b.create<quant::QuantizeCastOp>(loc, like(quantI8(y1, 0)), *scaled);
  Value raw = b.create<quant::StorageCastOp>(loc, like(b.getIntegerType(8)), q);
  return Value(b.create<quant::StorageCastOp>(loc, like(quantI8(yq, 0)), raw));
}

LogicalResult Importer::convertQLinearConv() {
  auto x = input(0), wv = input(3), yzp = input(7);
  if (failed(x) || failed(wv) || failed(yzp))
    return failure();
  auto xt = typeOf(*x), wt = typeOf(*wv);
  if (xt.getRank() != 4 || wt.getRank() != 4)
    return unsupported("unsupported QLinearConv rank: input " + typeName(xt) +
                       ", weight " + typeName(wt) +
                       " (2-D convolutions only)");
  bool yU8 = zeroPointIsU8(typeOf(*yzp).getElementType());
  auto wh = constInput(3, "QLinearConv's weight");
  if (failed(wh))
    return failure();
  if (!wh->elementType.isInteger(8) || wh->elementType.isSignedInteger())
    return unsupported("QLinearConv's weight must be int8 or uint8");
  bool wU8 = wh->elementType.isUnsignedInteger(8);
  auto xq = qparams(1, 2, isOnnxU8(*x), "x");
  if (failed(xq))
    return failure();
  auto wq = qparams(4, 5, wU8, "w");
  if (failed(wq))
    return failure();
  auto yq = qparams(6, 7, yU8, "y");
  if (failed(yq))
    return failure();
  if (xq->scales.size() != 1 || yq->scales.size() != 1)
    return unsupported("QLinearConv with per-axis x or y quantization (only "
                       "w may be per output channel)");
  int64_t out = wt.getDimSize(0);
  if (wq->scales.size() != 1 && int64_t(wq->scales.size()) != out)
    return fail(llvm::formatv("w's scale has {0} values for {1} output "
                              "channels",
                              wq->scales.size(), out)
                    .str());

  // w - w_zero_point; the int8 kernels need it to fit int8 (symmetric).
  int64_t perChannel = wt.getNumElements() / std::max<int64_t>(out, 1);
  std::vector<int64_t> wsym(wh->i.size());
  bool symmetric = true;
  for (size_t k = 0; k < wh->i.size(); ++k) {
    int64_t c = int64_t(k) / std::max<int64_t>(perChannel, 1);
    int64_t zp = wq->zps[wq->zps.size() == 1 ? 0 : c];
    wsym[k] = wh->i[k] - (wU8 ? 128 : 0) - zp;
    symmetric &= wsym[k] >= -128 && wsym[k] <= 127;
  }
  auto geo = convGeometry(xt, wt);
  if (failed(geo))
    return failure();

  std::optional<HostTensor> bh;
  if (hasInput(8)) {
    auto bt = constInput(8, "QLinearConv's bias");
    if (failed(bt))
      return failure();
    bh = *bt;
    if (!bh->elementType.isSignlessInteger(32))
      return fail("QLinearConv's bias must be int32");
    if (bh->shape.size() != 1 || bh->size() != out)
      return fail("bias does not have one value per output channel");
  }
  if (!symmetric) {
    // Float path: exact integer sums (x - x_zero_point, w - w_zero_point and
    // the bias as float; exact while |sum| < 2^24), then ONNX's float
    // requantization.
    QParams x1{{1.0}, xq->zps};
    auto xi = asQuantized(*x, quantI8(x1, 0), "QLinearConv's x");
    if (failed(xi))
      return failure();
    Value xf = b.create<quant::DequantizeCastOp>(
        loc, tensorType(xt.getShape(), b.getF32Type()), *xi);
    auto wft = tensorType(wt.getShape(), b.getF32Type());
    HostTensor wf;
    wf.shape.assign(wt.getShape().begin(), wt.getShape().end());
    wf.elementType = b.getF32Type();
    wf.isFloat = true;
    wf.f.assign(wsym.begin(), wsym.end());
    Value wv2 = constant(wf.toAttr(wft));
    Value biasF;
    if (bh) {
      auto bft = tensorType({out}, b.getF32Type());
      HostTensor bf;
      bf.shape = {out};
      bf.elementType = b.getF32Type();
      bf.isFloat = true;
      bf.f.assign(bh->i.begin(), bh->i.end());
      biasF = constant(bf.toAttr(bft));
    }
    Value acc = b.create<ConvOp>(
        loc, tensorType(geo->shape, b.getF32Type()), xf, wv2, biasF,
        b.getDenseI64ArrayAttr(geo->strides), b.getDenseI64ArrayAttr(geo->dilations),
        b.getDenseI64ArrayAttr(geo->pads), b.getI64IntegerAttr(geo->group));
    auto y = requantizeFloat(acc, onnxMultipliers(*xq, *wq, *yq), 1, *yq);
    if (failed(y))
      return failure();
    if (yU8)
      fromUInt8.insert(*y);
    return setOutput(0, *y);
  }

  QParams wsq{wq->scales, SmallVector<int64_t>(wq->scales.size(), 0)};
  Type wqet = quantI8(wsq, 0);
  auto wst = tensorType(wt.getShape(), b.getIntegerType(8));
  HostTensor wHost;
  wHost.shape.assign(wt.getShape().begin(), wt.getShape().end());
  wHost.elementType = b.getIntegerType(8);
  wHost.i = wsym;
  Value wc = b.create<ConstantOp>(loc, wst, wHost.toAttr(wst));
  Value w = b.create<quant::StorageCastOp>(
      loc, tensorType(wt.getShape(), wqet), wc);
  auto xin = asQuantized(*x, quantI8(*xq, 0), "QLinearConv's x");
  if (failed(xin))
    return failure();
  Value bias;
  if (bh) {
    SmallVector<double> bs;
    for (int64_t c = 0; c < out; ++c)
      bs.push_back(xq->scales[0] * wq->scales[wq->scales.size() == 1 ? 0 : c]);
    Type i32 = b.getIntegerType(32);
    auto bst = tensorType({out}, i32);
    Value bc = b.create<ConstantOp>(loc, bst, bh->toAttr(bst));
    auto bet = quant::UniformQuantizedPerAxisType::get(
        quant::QuantizationFlags::Signed, i32, b.getF32Type(), bs,
        SmallVector<int64_t>(out, 0), 0, std::numeric_limits<int32_t>::min(),
        std::numeric_limits<int32_t>::max());
    bias = b.create<quant::StorageCastOp>(loc, tensorType({out}, bet), bc);
  }
  auto type = tensorType(geo->shape, quantI8(*yq, 0));
  Value y = b.create<ConvOp>(loc, type, *xin, w, bias,
                             b.getDenseI64ArrayAttr(geo->strides),
                             b.getDenseI64ArrayAttr(geo->dilations),
                             b.getDenseI64ArrayAttr(geo->pads),
                             b.getI64IntegerAttr(geo->group));
  if (yU8)
    fromUInt8.insert(y);
  return setOutput(0, y);
}

LogicalResult Importer::convertQLinearMatMul() {
  auto a = input(0), bv = input(3), yzp = input(7);
  if (failed(a) || failed(bv) || failed(yzp))
    return failure();
  auto at = typeOf(*a), bt = typeOf(*bv);
  bool yU8 = zeroPointIsU8(typeOf(*yzp).getElementType());
  if (at.getRank() < 1 || bt.getRank() < 2)
    return unsupported("unsupported QLinearMatMul shapes " + typeName(at) +
                       " x " + typeName(bt) + " (B must be at least 2-D)");
  std::string msg;
  auto shape = matmulShape(at.getShape(), bt.getShape(), msg);
  if (!shape)
    return fail("inconsistent shapes: " + msg);
  Type bet = bt.getElementType();
  if (!llvm::isa<quant::QuantizedType>(bet) &&
      (!bet.isInteger(8) || bet.isSignedInteger()))
    return unsupported("QLinearMatMul's B must be int8 or uint8");
  bool bU8 = isOnnxU8(*bv);
  auto aq = qparams(1, 2, isOnnxU8(*a), "a");
  if (failed(aq))
    return failure();
  auto bq = qparams(4, 5, bU8, "b");
  if (failed(bq))
    return failure();
  auto yq = qparams(6, 7, yU8, "y");
  if (failed(yq))
    return failure();
  if (aq->scales.size() != 1 || yq->scales.size() != 1)
    return unsupported("QLinearMatMul with per-row a or y quantization");
  int64_t k = bt.getDimSize(bt.getRank() - 2), n = bt.getDimSize(bt.getRank() - 1);
  if (bq->scales.size() != 1 && int64_t(bq->scales.size()) != n)
    return fail(llvm::formatv("b's scale has {0} values for {1} columns",
                              bq->scales.size(), n)
                    .str());
  // The int8 fully connected kernel: a constant B with b - b_zero_point in
  // int8, all batch matrices equal, and A with the result's batch shape.
  std::optional<HostTensor> bh;
  if (auto cst = (*bv).getDefiningOp<ConstantOp>())
    bh = HostTensor::fromAttr(cst.getValue());
  bool fused = bh.has_value() && at.getRank() >= 2 &&
               ArrayRef<int64_t>(*shape).drop_back(2) ==
                   at.getShape().drop_back(2);
  int64_t mats = bt.getNumElements() / std::max<int64_t>(k * n, 1);
  for (int64_t j = 1; fused && j < mats; ++j)
    for (int64_t e = 0; fused && e < k * n; ++e)
      fused = bh->i[j * k * n + e] == bh->i[e];
  std::vector<int64_t> wsym(n * k); // transposed: [n, k]
  for (int64_t r = 0; fused && r < k; ++r)
    for (int64_t c = 0; fused && c < n; ++c) {
      int64_t zp = bq->zps[bq->zps.size() == 1 ? 0 : c];
      int64_t v = bh->i[r * n + c] - (bU8 ? 128 : 0) - zp;
      fused = v >= -128 && v <= 127;
      wsym[c * k + r] = v;
    }
  if (!fused) {
    // MatMulInteger's exact int32 product, then ONNX's float requantization.
    if (k > 33025)
      return unsupported("QLinearMatMul with an inner dimension above 33025");
    QParams a1{{1.0}, aq->zps}, b1{SmallVector<double>(bq->zps.size(), 1.0),
                                   bq->zps};
    auto ai = asQuantized(*a, quantI8(a1, 0), "QLinearMatMul's a");
    if (failed(ai))
      return failure();
    auto bi = asQuantized(*bv, quantI8(b1, int32_t(bt.getRank() - 1)),
                          "QLinearMatMul's b");
    if (failed(bi))
      return failure();
    Value acc = create<MatMulOp>(tensorType(*shape, b.getIntegerType(32)),
                                 *ai, *bi);
    acc = create<CastOp>(tensorType(*shape, b.getF32Type()), acc);
    auto y = requantizeFloat(acc, onnxMultipliers(*aq, *bq, *yq),
                             int64_t(shape->size()) - 1, *yq);
    if (failed(y))
      return failure();
    if (yU8)
      fromUInt8.insert(*y);
    return setOutput(0, *y);
  }
  QParams wsq{bq->scales, SmallVector<int64_t>(bq->scales.size(), 0)};
  Type wqet = quantI8(wsq, 0);
  auto wst = tensorType({n, k, 1, 1}, b.getIntegerType(8));
  HostTensor wHost;
  wHost.shape = {n, k, 1, 1};
  wHost.elementType = b.getIntegerType(8);
  wHost.i = wsym;
  Value wc = b.create<ConstantOp>(loc, wst, wHost.toAttr(wst));
  Value w =
      b.create<quant::StorageCastOp>(loc, tensorType({n, k, 1, 1}, wqet), wc);

  auto ain = asQuantized(*a, quantI8(*aq, 0), "QLinearMatMul's a");
  if (failed(ain))
    return failure();
  int64_t rows = at.getNumElements() / std::max<int64_t>(k, 1);
  Type aqet = typeOf(*ain).getElementType(), yqet = quantI8(*yq, 0);
  Value x4 = create<ReshapeOp>(tensorType({rows, k, 1, 1}, aqet), *ain);
  Value y = b.create<ConvOp>(
      loc, tensorType({rows, n, 1, 1}, yqet), x4, w, Value(),
      b.getDenseI64ArrayAttr({1, 1}), b.getDenseI64ArrayAttr({1, 1}),
      b.getDenseI64ArrayAttr({0, 0, 0, 0}), b.getI64IntegerAttr(1),
      b.getStringAttr("NCHW"), b.getUnitAttr());
  y = create<ReshapeOp>(tensorType(*shape, yqet), y);
  if (yU8)
    fromUInt8.insert(y);
  return setOutput(0, y);
}

LogicalResult Importer::convertMatMulInteger() {
  auto a = input(0), bv = input(1);
  if (failed(a) || failed(bv))
    return failure();
  auto at = typeOf(*a), bt = typeOf(*bv);
  std::string msg;
  auto shape = matmulShape(at.getShape(), bt.getShape(), msg);
  if (!shape)
    return fail("inconsistent shapes: " + msg);
  for (Value v : {*a, *bv}) {
    Type et = typeOf(v).getElementType();
    if (!llvm::isa<quant::QuantizedType>(et) &&
        !(et.isInteger(8) && !et.isSignedInteger()))
      return unsupported("MatMulInteger on " + typeName(et) +
                         " (int8 and uint8 are supported)");
  }
  auto aq = qparams(-1, 2, isOnnxU8(*a), "a");
  if (failed(aq))
    return failure();
  auto bq = qparams(-1, 3, isOnnxU8(*bv), "b");
  if (failed(bq))
    return failure();
  int64_t ar = at.getRank(), br = bt.getRank();
  if (aq->zps.size() != 1 &&
      (ar < 2 || int64_t(aq->zps.size()) != at.getDimSize(ar - 2)))
    return fail("a's zero point must be a scalar or have one value per row");
  if (bq->zps.size() != 1 &&
      (br < 2 || int64_t(bq->zps.size()) != bt.getDimSize(br - 1)))
    return fail("b's zero point must be a scalar or have one value per "
                "column");
  if (at.getDimSize(ar - 1) > 33025)
    return unsupported(llvm::formatv("MatMulInteger with an inner dimension of "
                                     "{0} (at most 33025 keeps every int32 sum "
                                     "exact)",
                                     at.getDimSize(ar - 1))
                           .str());
  auto ain = asQuantized(*a, quantI8(*aq, int32_t(ar - 2)), "MatMulInteger's A");
  if (failed(ain))
    return failure();
  auto bin = asQuantized(*bv, quantI8(*bq, int32_t(br - 1)), "MatMulInteger's B");
  if (failed(bin))
    return failure();
  return setOutput(0, create<MatMulOp>(tensorType(*shape, b.getIntegerType(32)),
                                       *ain, *bin));
}

LogicalResult Importer::convertGather() {
  auto x = input(0), idx = input(1);
  if (failed(x) || failed(idx))
    return failure();
  auto xt = typeOf(*x), it = typeOf(*idx);
  if (!it.getElementType().isInteger(64) && !it.getElementType().isInteger(32))
    return unsupported("Gather indices must be int32 or int64");
  auto axis = normAxis(attrInt("axis", 0), xt.getRank());
  if (failed(axis))
    return failure();
  if (auto cst = (*idx).getDefiningOp<ConstantOp>()) {
    auto host = HostTensor::fromAttr(cst.getValue());
    for (int64_t k = 0; host && k < host->size(); ++k) {
      int64_t i = host->i[k];
      if (i < -xt.getDimSize(*axis) || i >= xt.getDimSize(*axis))
        return fail(llvm::formatv("Gather index {0} is out of range for an "
                                  "axis of {1}",
                                  i, xt.getDimSize(*axis))
                        .str());
    }
  }
  SmallVector<int64_t> shape(xt.getShape().begin(),
                             xt.getShape().begin() + *axis);
  shape.append(it.getShape().begin(), it.getShape().end());
  shape.append(xt.getShape().begin() + *axis + 1, xt.getShape().end());
  return setOutput(0, create<GatherOp>(tensorType(shape, xt.getElementType()),
                                       *x, *idx, b.getI64IntegerAttr(*axis)));
}

LogicalResult Importer::convertDropout() {
  auto x = input(0);
  if (failed(x))
    return failure();
  if (opset >= 12 && hasInput(2)) {
    auto t = constInput(2, "Dropout's training_mode");
    if (failed(t))
      return failure();
    if (t->size() && t->getI(0) != 0)
      return unsupported("unsupported: Dropout in training mode");
  }
  if (opset < 7 && attrInt("is_test", 0) == 0)
    return unsupported("unsupported: Dropout in training mode");
  setOutput(0, *x);
  if (node->output_size() > 1 && !node->output(1).empty()) {
    auto type = tensorType(typeOf(*x).getShape(), b.getI1Type());
    setOutput(1, constant(DenseElementsAttr::get(type, true)));
  }
  return success();
}

} // namespace

OwningOpRef<ModuleOp> importOnnx(MLIRContext &context, const std::string &path,
                                 const ImportOptions &options, ModelIO &io,
                                 ImportError &error) {
  onnx_frontend::LoadResult loaded = onnx_frontend::loadOnnxModel(path);
  if (!loaded.model) {
    error.message = loaded.error;
    if (!loaded.nodeName.empty() || !loaded.nodeOp.empty())
      error.nodeName = "'" + loaded.nodeName + "'";
    error.nodeOp = loaded.nodeOp;
    return nullptr;
  }
  context.loadDialect<tml::TMLDialect, func::FuncDialect,
                      quant::QuantizationDialect>();
  Importer importer(context, options, error);
  return importer.run(*loaded.model, path, io);
}

} // namespace tmlc
