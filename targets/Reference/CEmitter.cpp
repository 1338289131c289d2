//===- CEmitter.cpp - planned tml function to a folder of C99 ----*- C++ -*-===//
//
// Prints one C function that calls the runtime's kernels in program order,
// with every parameter struct precomputed as a `static const` and every
// tensor addressed as an input, an output, a constant array or an offset in
// the planned arena. Copies exactly the runtime files the calls need,
// renaming the `tmlc_`/`TMLC_` prefixes to the model name so two models can
// share one firmware image. Output is a pure function of the IR and the
// options: no dates, no paths, deterministic order.
//
//===----------------------------------------------------------------------===//
#include "targets/Reference/CEmitter.h"
#include "compiler/Analysis/Storage.h"
#include "dialects/TML/IR/HostTensor.h"
#include "dialects/TML/IR/TMLOps.h"
#include "dialects/TML/IR/TMLShapes.h"
#include "targets/Reference/RuntimeSources.h"

#include "mlir/Dialect/Quant/QuantOps.h"
#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/IR/BuiltinOps.h"
#include "runtime/include/tmlc/tmlc_quant_math.h"
#include "runtime/kernels/cortexm/tmlc_cm_select.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <regex>
#include <set>

using namespace mlir;
using namespace tmlc::tml;

namespace tmlc::target {

bool isValidModelName(const std::string &name) {
  static const std::regex re("[A-Za-z_][A-Za-z0-9_]{0,47}");
  if (!std::regex_match(name, re))
    return false;
  // Would collide with the runtime's own prefix or reserved identifiers.
  std::string lower = llvm::StringRef(name).lower();
  return lower != "tmlc" && name[0] != '_';
}

namespace {

struct CType {
  const char *name;   ///< C type
  const char *suffix; ///< kernel suffix
  int dtype;          ///< tmlc_dtype value
};

std::optional<CType> cTypeOf(Type t) {
  // Quantized tensors are stored as their integer storage type.
  if (auto q = llvm::dyn_cast<quant::QuantizedType>(t)) {
    unsigned w = q.getStorageTypeIntegralWidth();
    t = IntegerType::get(t.getContext(), w,
                         q.isSigned() ? IntegerType::Signless
                                      : IntegerType::Unsigned);
  }
  if (t.isF32())
    return CType{"float", "f32", 1};
  if (t.isF64())
    return CType{"double", "f64", 11};
  if (auto it = llvm::dyn_cast<IntegerType>(t)) {
    bool u = it.isUnsigned();
    switch (it.getWidth()) {
    case 1:
      return CType{"uint8_t", "bool", 9};
    case 8:
      return u ? CType{"uint8_t", "u8", 2} : CType{"int8_t", "i8", 3};
    case 16:
      return u ? CType{"uint16_t", "u16", 4} : CType{"int16_t", "i16", 5};
    case 32:
      return u ? CType{"uint32_t", "u32", 12} : CType{"int32_t", "i32", 6};
    case 64:
      return u ? CType{"uint64_t", "u64", 13} : CType{"int64_t", "i64", 7};
    default:
      return std::nullopt;
    }
  }
  return std::nullopt;
}

RankedTensorType tensorOf(Value v) {
  return llvm::cast<RankedTensorType>(v.getType());
}

std::string joinInts(ArrayRef<int64_t> v) {
  std::string s;
  for (size_t k = 0; k < v.size(); ++k)
    s += (k ? ", " : "") + std::to_string(v[k]);
  return s;
}

/// A float as a C literal that reads back to exactly the same value.
std::string floatLiteral(double v, bool isF32) {
  if (std::isnan(v))
    return "NAN";
  if (std::isinf(v))
    return v > 0 ? "INFINITY" : "-INFINITY";
  char buf[64];
  if (isF32)
    std::snprintf(buf, sizeof buf, "%.9gf", double(float(v)));
  else
    std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string s = buf;
  // "1f" is not a valid literal; make sure there is a '.' or exponent.
  if (s.find_first_of(".eEn") == std::string::npos)
    s.insert(isF32 ? s.size() - 1 : s.size(), ".0");
  return s;
}

std::string intLiteral(int64_t v, Type t) {
  auto it = llvm::cast<IntegerType>(t);
  if (it.isUnsigned() && it.getWidth() == 64)
    return "UINT64_C(" + std::to_string(uint64_t(v)) + ")";
  if (it.getWidth() == 64) {
    if (v == INT64_MIN)
      return "(-INT64_C(9223372036854775807) - 1)";
    return "INT64_C(" + std::to_string(v) + ")";
  }
  if (it.getWidth() == 32 && !it.isUnsigned()) {
    if (v == INT32_MIN)
      return "(-2147483647 - 1)";
    return std::to_string(v);
  }
  if (it.getWidth() == 32)
    return std::to_string(uint64_t(v)) + "u";
  return std::to_string(v);
}

class Emitter {
public:
  Emitter(func::FuncOp func, const EmitOptions &options)
      : func(func), options(options), storage(func) {
    prefix = options.name;
    upper = llvm::StringRef(options.name).upper();
  }

  LogicalResult run(std::vector<EmittedFile> &files, EmitSummary &summary);

private:
  //--- tensor addressing ----------------------------------------------------
  std::string ptr(Value v, bool mut);
  std::string constSymbol(Value root);
  LogicalResult emitConstant(Value root);

  //--- per-op emission ------------------------------------------------------
  LogicalResult emitOp(Operation *op);
  LogicalResult emitBinary(Operation *op, StringRef kernel, bool allTypes);
  LogicalResult emitUnary(Operation *op, StringRef kernel,
                          const std::string &extra = "");
  LogicalResult emitClip(ClipOp op);
  LogicalResult emitCast(CastOp op);
  LogicalResult emitSoftmax(Operation *op, StringRef kernel, int64_t axis);
  LogicalResult emitMatMul(MatMulOp op);
  LogicalResult emitMatMulS8S32(MatMulOp op);
  LogicalResult emitConv(ConvOp op);
  LogicalResult emitPool(Operation *op, bool isMax);
  LogicalResult emitReduce(Operation *op, StringRef kernel,
                           ArrayRef<int64_t> axes);
  LogicalResult emitTranspose(TransposeOp op);
  LogicalResult emitConcat(ConcatOp op);
  LogicalResult emitSlice(SliceOp op);
  LogicalResult emitPad(PadOp op);
  LogicalResult emitGather(GatherOp op);

  //--- int8 (TFLite integer semantics, NHWC) ---------------------------------
  bool isQuantizedOp(Operation *op);
  LogicalResult emitS8(Operation *op);
  LogicalResult emitConvS8(ConvOp op);
  LogicalResult emitPoolS8(Operation *op, bool isMax);
  LogicalResult emitBinaryS8(Operation *op);
  LogicalResult emitMeanS8(ReduceMeanOp op);
  LogicalResult emitSoftmaxS8(SoftmaxOp op);
  LogicalResult emitTanhLogisticS8(Operation *op, bool isTanh);
  LogicalResult emitClampS8(Operation *op, double lo, double hi);
  LogicalResult emitHardSwishS8(HardSwishOp op);
  LogicalResult emitRequantizeS8(RequantizeOp op);
  LogicalResult emitConcatS8(ConcatOp op);
  /// quantize_s8 / dequantize_s8: `quantized` is the int8 side of in/out.
  LogicalResult emitQuantizeLike(Operation *op, Value in, Value out,
                                 Value quantized, StringRef kernel);
  LogicalResult emitQuantize(quant::QuantizeCastOp op);
  LogicalResult emitDequantize(quant::DequantizeCastOp op);
  /// The kernel function for `base` (e.g. "conv2d_s8"): the target family's
  /// variant `tmlc_<base>_<family>` when the runtime has one, else the
  /// portable `tmlc_<base>`. Records the kernel file either way.
  std::string kernelName(StringRef base);
  /// kernelName for a Cortex-M DSP kernel whose call takes the paths `bits`
  /// (tmlc_cm_select.h): the portable kernel when the DSP kernel would hand
  /// the whole call to it, else the variant, recording the paths in
  /// dspPaths[slot] for the folder's tmlc_cm_config.h.
  std::string dspKernelName(StringRef base, uint32_t bits,
                            uint32_t portableBit, int slot);
  /// Arena offset of `bytes` of kernel scratch live only during `op`: the
  /// lowest offset (a multiple of 16) that overlaps no planned tensor live
  /// at `op` (the lifetimes PlanMemory used); grows arenaBytes if needed.
  int64_t placeScratch(Operation *op, int64_t bytes);
  /// The `, scratch, bytes` arguments of a `_ws` kernel call: a region of
  /// `bytes` placed by placeScratch, or `, 0, 0` when none is needed.
  std::string scratchArgs(Operation *op, int64_t bytes);
  /// The planned arena size, grown by placeScratch.
  int64_t arenaSize();
  /// A file-scope `static const <ctype> <sym>[] = {...};`; returns sym.
  std::string constArray(const char *ctype, ArrayRef<int64_t> values,
                         bool countAsWeights);
  /// TFLite's activation range for the op's `tmlc.clamp` (real bounds).
  std::pair<int32_t, int32_t> activationRange(Operation *op, float scale,
                                              int32_t zp);

  LogicalResult unsupported(Operation *op, const Twine &why) {
    op->emitError() << "unsupported: " << why;
    return failure();
  }
  /// Emits `{ <decls> st = kernel(args); if (st != OK) return st; }`.
  void call(StringRef kernel, const std::string &args,
            const std::string &decls = "");
  void use(StringRef kernelFile) { kernelFiles.insert(kernelFile.str()); }

  std::string bcastInit(ArrayRef<int64_t> out, ArrayRef<int64_t> a,
                        ArrayRef<int64_t> b);
  std::string dims8(ArrayRef<int64_t> v, size_t n = 8);

  std::string header();
  std::string source();
  LogicalResult runtime(std::vector<EmittedFile> &files);
  std::string renamePrefix(const std::string &text);

  func::FuncOp func;
  const EmitOptions &options;
  StorageAnalysis storage;
  std::string prefix, upper;
  std::string body, weights;
  std::map<Value, std::string, std::function<bool(Value, Value)>> constNames{
      [](Value a, Value b) {
        return a.getAsOpaquePointer() < b.getAsOpaquePointer();
      }};
  std::set<std::string> kernelFiles;
  int64_t weightBytes = 0;
  int counter = 0;
  bool usesMath = false;
  bool usesCortexMKernels = false; ///< _dsp/_mve variants are called
  /// Paths of the DSP conv, depthwise and FC kernels the layers take.
  uint32_t dspPaths[3] = {0, 0, 0};
  /// Arena roots as PlanMemory placed them: offset, size, first and last
  /// op index (built on the first placeScratch).
  struct ArenaBuf {
    int64_t offset, size, begin, end;
  };
  std::vector<ArenaBuf> arenaBufs;
  llvm::DenseMap<Operation *, int64_t> opIndex;
  int64_t scratchEnd = 0; ///< end of the highest kernel scratch region
  bool usesS8 = false;
  bool constFailed = false;
  std::set<Value, std::function<bool(Value, Value)>> emittedConsts{
      [](Value a, Value b) {
        return a.getAsOpaquePointer() < b.getAsOpaquePointer();
      }};
};

std::string Emitter::renamePrefix(const std::string &text) {
  // `tmlc_` / `TMLC_` at the start of an identifier become the model's
  // prefix (a linear scan: std::regex took most of the compile time of
  // models with large weight tables).
  std::string out;
  out.reserve(text.size());
  auto identChar = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  };
  for (size_t k = 0; k < text.size();) {
    bool start = k == 0 || !identChar(text[k - 1]);
    if (start && text.compare(k, 5, "tmlc_") == 0) {
      out += prefix + "_";
      k += 5;
    } else if (start && text.compare(k, 5, "TMLC_") == 0) {
      out += upper + "_";
      k += 5;
    } else {
      out += text[k++];
    }
  }
  return out;
}

std::string Emitter::dims8(ArrayRef<int64_t> v, size_t n) {
  SmallVector<int64_t> padded(v.begin(), v.end());
  if (padded.empty())
    padded.push_back(0);
  (void)n;
  return "{" + joinInts(padded) + "}";
}

std::string Emitter::constSymbol(Value root) {
  auto it = constNames.find(root);
  if (it != constNames.end())
    return it->second;
  std::string name = prefix + "_w" + std::to_string(constNames.size());
  constNames[root] = name;
  return name;
}

LogicalResult Emitter::emitConstant(Value root) {
  auto cst = root.getDefiningOp<ConstantOp>();
  auto type = tensorOf(root);
  auto ct = cTypeOf(type.getElementType());
  if (!ct)
    return unsupported(cst, "constant of element type " +
                                llvm::formatv("{0}", type.getElementType()).str());
  auto host = HostTensor::fromAttr(cst.getValue());
  if (!host)
    return unsupported(cst, "constant that is not a dense tensor");
  std::string name = constSymbol(root);
  int64_t n = host->size();
  weightBytes += n * StorageAnalysis::elementBytes(type.getElementType());
  std::string s = "static const " + std::string(ct->name) + " " + name + "[" +
                  std::to_string(n) + "] = {";
  bool f32 = type.getElementType().isF32();
  for (int64_t k = 0; k < n; ++k) {
    if (k % 8 == 0)
      s += "\n  ";
    if (host->isFloat) {
      std::string lit = floatLiteral(host->f[k], f32);
      if (lit.find_first_of("NI") != std::string::npos)
        usesMath = true;
      s += lit;
    } else {
      s += intLiteral(host->i[k], type.getElementType());
    }
    s += ",";
  }
  s += "\n};\n";
  weights += s;
  return success();
}

std::string Emitter::ptr(Value v, bool mut) {
  auto type = tensorOf(v);
  auto ct = cTypeOf(type.getElementType());
  std::string t = ct ? ct->name : "uint8_t";
  Storage s = storage.get(v);
  std::string cast = mut ? "(" + t + " *)" : "(const " + t + " *)";
  if (type.getNumElements() == 0)
    return cast + "0";
  switch (s.kind) {
  case StorageKind::Input:
    return cast + "inputs[" + std::to_string(s.index) + "]";
  case StorageKind::Output:
    return cast + "outputs[" + std::to_string(s.index) + "]";
  case StorageKind::Constant:
    // Emitted on first use, so constants only a rewritten copy replaces
    // (depthwise weights, folded biases) never reach the output.
    if (emittedConsts.insert(s.root).second && failed(emitConstant(s.root)))
      constFailed = true;
    return constSymbol(s.root);
  case StorageKind::Arena: {
    Operation *def = s.root.getDefiningOp();
    auto off = def->getAttrOfType<IntegerAttr>("tmlc.arena_offset");
    return cast + "(arena + " + std::to_string(off ? off.getInt() : 0) + ")";
  }
  }
  return "0";
}

void Emitter::call(StringRef kernel, const std::string &args,
                   const std::string &decls) {
  std::string k = kernel.str();
  body += "  {\n";
  if (!decls.empty())
    body += decls;
  body += "    st = " + k + "(" + args + ");\n";
  body += "    if (st != TMLC_OK) return (int)st;\n  }\n";
}

std::string Emitter::bcastInit(ArrayRef<int64_t> out, ArrayRef<int64_t> a,
                               ArrayRef<int64_t> b) {
  size_t rank = out.size();
  auto strides = [&](ArrayRef<int64_t> s) {
    SmallVector<int64_t> st(rank, 0);
    auto own = stridesOf(s);
    for (size_t k = 0; k < s.size(); ++k)
      st[rank - s.size() + k] = s[k] == 1 ? 0 : own[k];
    return st;
  };
  SmallVector<int64_t> o(out.begin(), out.end()), sa = strides(a),
      sb = strides(b);
  if (rank == 0) {
    o = {1};
    sa = {0};
    sb = {0};
  }
  return "{" + std::to_string(o.size()) + ", " + dims8(o) + ", " + dims8(sa) +
         ", " + dims8(sb) + "}";
}

LogicalResult Emitter::emitBinary(Operation *op, StringRef kernel,
                                  bool allTypes) {
  Value a = op->getOperand(0), b = op->getOperand(1), y = op->getResult(0);
  auto et = tensorOf(y).getElementType();
  auto ct = cTypeOf(et);
  if (!ct || std::string(ct->suffix) == "bool" ||
      (!allTypes && !et.isF32()))
    return unsupported(op, llvm::formatv("'{0}' on element type {1}",
                                         op->getName().getStringRef(), et)
                               .str());
  if (tensorOf(y).getRank() > 8)
    return unsupported(op, "rank above 8");
  std::string fn = "tmlc_" + kernel.str() + "_" + ct->suffix;
  use("tmlc_" + kernel.str() + ".c");
  call(fn, ptr(a, false) + ", " + ptr(b, false) + ", " + ptr(y, true) + ", &p",
       "    static const tmlc_bcast p = " +
           bcastInit(tensorOf(y).getShape(), tensorOf(a).getShape(),
                     tensorOf(b).getShape()) +
           ";\n");
  return success();
}

LogicalResult Emitter::emitUnary(Operation *op, StringRef kernel,
                                 const std::string &extra) {
  Value x = op->getOperand(0), y = op->getResult(0);
  if (!tensorOf(y).getElementType().isF32())
    return unsupported(op, llvm::formatv("'{0}' on element type {1}",
                                         op->getName().getStringRef(),
                                         tensorOf(y).getElementType())
                               .str());
  use("tmlc_" + kernel.str() + ".c");
  call("tmlc_" + kernel.str() + "_f32",
       ptr(x, false) + ", " + ptr(y, true) + ", " +
           std::to_string(tensorOf(y).getNumElements()) + extra);
  return success();
}

LogicalResult Emitter::emitClip(ClipOp op) {
  auto et = tensorOf(op.getResult()).getElementType();
  auto ct = cTypeOf(et);
  std::string sfx = ct ? ct->suffix : "";
  double lo = op.getMin().convertToDouble(), hi = op.getMax().convertToDouble();
  std::string los, his;
  if (et.isF32()) {
    los = floatLiteral(lo, true);
    his = floatLiteral(hi, true);
    usesMath |= std::isinf(lo) || std::isinf(hi);
  } else if (sfx == "i8" || sfx == "u8" || sfx == "i32" || sfx == "i64") {
    auto clampTo = [&](double v) {
      auto it = llvm::cast<IntegerType>(et);
      double mn = it.isUnsigned() ? 0 : -std::ldexp(1.0, it.getWidth() - 1);
      double mx = it.isUnsigned() ? std::ldexp(1.0, it.getWidth()) - 1
                                  : std::ldexp(1.0, it.getWidth() - 1) - 1;
      v = std::max(mn, std::min(mx, std::floor(v)));
      if (v >= 9.2e18)
        return intLiteral(INT64_MAX, et);
      return intLiteral(int64_t(v), et);
    };
    los = clampTo(lo);
    his = clampTo(hi);
  } else {
    return unsupported(op, llvm::formatv("'tml.clip' on element type {0}", et).str());
  }
  use("tmlc_clip.c");
  call("tmlc_clip_" + sfx, ptr(op.getInput(), false) + ", " +
                               ptr(op.getResult(), true) + ", " +
                               std::to_string(tensorOf(op.getResult()).getNumElements()) +
                               ", " + los + ", " + his);
  return success();
}

LogicalResult Emitter::emitCast(CastOp op) {
  auto from = cTypeOf(tensorOf(op.getInput()).getElementType());
  auto to = cTypeOf(tensorOf(op.getResult()).getElementType());
  if (!from || !to)
    return unsupported(op, "cast between these element types");
  use("tmlc_cast.c");
  call("tmlc_cast", ptr(op.getInput(), false) + ", " + std::to_string(from->dtype) +
                        ", " + ptr(op.getResult(), true) + ", " +
                        std::to_string(to->dtype) + ", " +
                        std::to_string(tensorOf(op.getResult()).getNumElements()));
  return success();
}

LogicalResult Emitter::emitSoftmax(Operation *op, StringRef kernel,
                                   int64_t axis) {
  auto t = tensorOf(op->getResult(0));
  if (!t.getElementType().isF32())
    return unsupported(op, "softmax on a non-float tensor");
  int64_t outer = numElements(t.getShape().take_front(axis));
  int64_t inner = numElements(t.getShape().drop_front(axis + 1));
  use("tmlc_" + kernel.str() + ".c");
  call("tmlc_" + kernel.str() + "_f32",
       ptr(op->getOperand(0), false) + ", " + ptr(op->getResult(0), true) +
           ", " + std::to_string(outer) + ", " +
           std::to_string(t.getDimSize(axis)) + ", " + std::to_string(inner));
  return success();
}

LogicalResult Emitter::emitMatMul(MatMulOp op) {
  auto at = tensorOf(op.getLhs()), bt = tensorOf(op.getRhs());
  if (!at.getElementType().isF32())
    return unsupported(op, "matmul on a non-float tensor");
  SmallVector<int64_t> as(at.getShape().begin(), at.getShape().end()),
      bs(bt.getShape().begin(), bt.getShape().end());
  if (as.size() == 1)
    as.insert(as.begin(), 1);
  if (bs.size() == 1)
    bs.push_back(1);
  int64_t m = as[as.size() - 2], k = as.back(), n = bs.back();
  ArrayRef<int64_t> abatch = ArrayRef<int64_t>(as).drop_back(2),
                    bbatch = ArrayRef<int64_t>(bs).drop_back(2);
  std::string err;
  auto batch = broadcastShapes(abatch, bbatch, err);
  if (!batch || batch->size() > 8)
    return unsupported(op, "matmul batch shape");
  use("tmlc_matmul.c");
  call("tmlc_matmul_f32",
       ptr(op.getLhs(), false) + ", " + ptr(op.getRhs(), false) + ", " +
           ptr(op.getResult(), true) + ", &p",
       "    static const tmlc_matmul_params p = {" +
           bcastInit(*batch, abatch, bbatch) + ", " + std::to_string(m) + ", " +
           std::to_string(k) + ", " + std::to_string(n) + "};\n");
  return success();
}

/// ONNX MatMulInteger: int8 storage operands (zero points per tensor, per
/// row of a or per column of b), exact int32 result.
LogicalResult Emitter::emitMatMulS8S32(MatMulOp op) {
  auto at = tensorOf(op.getLhs()), bt = tensorOf(op.getRhs());
  if (at.getRank() < 2 || bt.getRank() < 2)
    return unsupported(op, "integer matmul of a 1-D operand");
  // -zero_point per entry, and whether there is one per row/column.
  auto offsets = [](Type et, int64_t axis, std::vector<int64_t> &out)
      -> std::optional<bool> {
    if (auto q = llvm::dyn_cast<quant::UniformQuantizedType>(et)) {
      out = {-q.getZeroPoint()};
      return false;
    }
    auto pa = llvm::dyn_cast<quant::UniformQuantizedPerAxisType>(et);
    if (!pa || pa.getQuantizedDimension() != axis)
      return std::nullopt;
    for (int64_t z : pa.getZeroPoints())
      out.push_back(-z);
    return true;
  };
  std::vector<int64_t> ao, bo;
  auto aRow = offsets(at.getElementType(), at.getRank() - 2, ao);
  auto bCol = offsets(bt.getElementType(), bt.getRank() - 1, bo);
  if (!aRow || !bCol)
    return unsupported(op, "integer matmul zero points other than per "
                           "tensor, per row of a or per column of b");
  int64_t m = at.getDimSize(at.getRank() - 2), k = at.getShape().back(),
          n = bt.getShape().back();
  if (k > TMLC_MATMUL_S8_S32_MAX_K)
    return unsupported(op, "integer matmul with k > 33025 (int32 overflow)");
  std::string err;
  auto batch = broadcastShapes(at.getShape().drop_back(2),
                               bt.getShape().drop_back(2), err);
  if (!batch || batch->size() > 8)
    return unsupported(op, "matmul batch shape");
  usesS8 = true;
  std::string aSym = constArray("int32_t", ao, false),
              bSym = constArray("int32_t", bo, false);
  call(kernelName("matmul_s8_s32"),
       ptr(op.getLhs(), false) + ", " + ptr(op.getRhs(), false) + ", " +
           ptr(op.getResult(), true) + ", &p",
       "    static const tmlc_matmul_s8_s32_params p = {{" +
           bcastInit(*batch, at.getShape().drop_back(2),
                     bt.getShape().drop_back(2)) +
           ", " + std::to_string(m) + ", " + std::to_string(k) + ", " +
           std::to_string(n) + "}, " + aSym + ", " + bSym + ", " +
           (*aRow ? "1" : "0") + ", " + (*bCol ? "1" : "0") + "};\n");
  return success();
}

LogicalResult Emitter::emitConv(ConvOp op) {
  auto xt = tensorOf(op.getInput()), wt = tensorOf(op.getWeight()),
       yt = tensorOf(op.getResult());
  if (!xt.getElementType().isF32())
    return unsupported(op, "convolution on a non-float tensor");
  size_t sr = xt.getRank() - 2;
  auto spatial = [&](ArrayRef<int64_t> v) {
    SmallVector<int64_t> s(v.begin(), v.end());
    while (s.size() < 3)
      s.push_back(s.size() < sr ? 0 : 1);
    return "{" + joinInts(s) + "}";
  };
  std::string p = llvm::formatv(
      "{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}", sr,
      xt.getDimSize(0), xt.getDimSize(1), wt.getDimSize(0), op.getGroup(),
      spatial(xt.getShape().drop_front(2)), spatial(yt.getShape().drop_front(2)),
      spatial(wt.getShape().drop_front(2)), spatial(op.getStrides()),
      spatial(op.getDilations()),
      spatial(op.getPads().take_front(sr)));
  use("tmlc_conv.c");
  std::string bias = op.getBias() ? ptr(op.getBias(), false) : "0";
  call("tmlc_conv_f32",
       ptr(op.getInput(), false) + ", " + ptr(op.getWeight(), false) + ", " +
           bias + ", " + ptr(op.getResult(), true) + ", &p",
       "    static const tmlc_conv_params p = {" + p + "};\n");
  return success();
}

LogicalResult Emitter::emitPool(Operation *op, bool isMax) {
  Value x = op->getOperand(0), y = op->getResult(0);
  auto xt = tensorOf(x), yt = tensorOf(y);
  if (!xt.getElementType().isF32())
    return unsupported(op, "pooling on a non-float tensor");
  ArrayRef<int64_t> kernel, strides, dilations, pads;
  bool includePad = false;
  if (auto mp = llvm::dyn_cast<MaxPoolOp>(op)) {
    kernel = mp.getKernel();
    strides = mp.getStrides();
    dilations = mp.getDilations();
    pads = mp.getPads();
  } else {
    auto ap = llvm::cast<AvgPoolOp>(op);
    kernel = ap.getKernel();
    strides = ap.getStrides();
    dilations = ap.getDilations();
    pads = ap.getPads();
    includePad = ap.getCountIncludePad();
  }
  size_t sr = xt.getRank() - 2;
  auto spatial = [&](ArrayRef<int64_t> v, int64_t fill) {
    SmallVector<int64_t> s(v.begin(), v.end());
    while (s.size() < 3)
      s.push_back(fill);
    return "{" + joinInts(s) + "}";
  };
  std::string p = llvm::formatv(
      "{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}", sr,
      xt.getDimSize(0), xt.getDimSize(1), spatial(xt.getShape().drop_front(2), 1),
      spatial(yt.getShape().drop_front(2), 1), spatial(kernel, 1),
      spatial(strides, 1), spatial(dilations, 1),
      spatial(pads.take_front(sr), 0), spatial(pads.drop_front(sr), 0),
      includePad ? 1 : 0);
  std::string decl = "    static const tmlc_pool_params p = {" + p + "};\n";
  if (isMax) {
    use("tmlc_maxpool.c");
    call("tmlc_maxpool_f32", ptr(x, false) + ", " + ptr(y, true) + ", 0, &p",
         decl);
  } else {
    use("tmlc_avgpool.c");
    call("tmlc_avgpool_f32", ptr(x, false) + ", " + ptr(y, true) + ", &p", decl);
  }
  return success();
}

LogicalResult Emitter::emitReduce(Operation *op, StringRef kernel,
                                  ArrayRef<int64_t> axes) {
  Value x = op->getOperand(0), y = op->getResult(0);
  auto xt = tensorOf(x);
  if (!xt.getElementType().isF32())
    return unsupported(op, "reduction on a non-float tensor");
  if (xt.getRank() > 8 || xt.getRank() == 0)
    return unsupported(op, "reduction rank");
  SmallVector<int64_t> flags(xt.getRank(), 0);
  for (int64_t a : axes)
    flags[a] = 1;
  use("tmlc_" + kernel.str() + ".c");
  call("tmlc_" + kernel.str() + "_f32",
       ptr(x, false) + ", " + ptr(y, true) + ", &p",
       "    static const tmlc_reduce_params p = {" +
           std::to_string(xt.getRank()) + ", " + dims8(xt.getShape()) + ", " +
           dims8(flags) + "};\n");
  return success();
}

LogicalResult Emitter::emitTranspose(TransposeOp op) {
  auto xt = tensorOf(op.getInput());
  if (xt.getRank() > 8)
    return unsupported(op, "transpose rank above 8");
  int64_t es = StorageAnalysis::elementBytes(xt.getElementType());
  use("tmlc_transpose.c");
  call("tmlc_transpose",
       ptr(op.getInput(), false) + ", " + ptr(op.getResult(), true) + ", " +
           std::to_string(es) + ", &p",
       "    static const tmlc_transpose_params p = {" +
           std::to_string(xt.getRank()) + ", " + dims8(xt.getShape()) + ", " +
           dims8(op.getPerm()) + "};\n");
  return success();
}

LogicalResult Emitter::emitConcat(ConcatOp op) {
  auto yt = tensorOf(op.getResult());
  int64_t axis = op.getAxis();
  int64_t es = StorageAnalysis::elementBytes(yt.getElementType());
  int64_t outer = numElements(yt.getShape().take_front(axis));
  int64_t inner = numElements(yt.getShape().drop_front(axis + 1));
  int64_t rowOut = yt.getDimSize(axis) * inner * es, offset = 0;
  use("tmlc_copy_2d.c");
  for (Value in : op.getInputs()) {
    int64_t len = tensorOf(in).getDimSize(axis) * inner * es;
    if (len > 0 && outer > 0)
      call("tmlc_copy_2d", "(uint8_t *)" + ptr(op.getResult(), true) + " + " +
                               std::to_string(offset) + ", " +
                               std::to_string(rowOut) + ", " + ptr(in, false) +
                               ", " + std::to_string(len) + ", " +
                               std::to_string(outer) + ", " + std::to_string(len));
    offset += len;
  }
  return success();
}

LogicalResult Emitter::emitSlice(SliceOp op) {
  auto xt = tensorOf(op.getInput()), yt = tensorOf(op.getResult());
  if (xt.getRank() > 8)
    return unsupported(op, "slice rank above 8");
  if (yt.getNumElements() == 0)
    return success();
  int64_t es = StorageAnalysis::elementBytes(xt.getElementType());
  use("tmlc_slice.c");
  call("tmlc_slice",
       ptr(op.getInput(), false) + ", " + ptr(op.getResult(), true) + ", " +
           std::to_string(es) + ", &p",
       "    static const tmlc_slice_params p = {" + std::to_string(xt.getRank()) +
           ", " + dims8(xt.getShape()) + ", " + dims8(yt.getShape()) + ", " +
           dims8(op.getStarts()) + ", " + dims8(op.getSteps()) + "};\n");
  return success();
}

LogicalResult Emitter::emitPad(PadOp op) {
  auto xt = tensorOf(op.getInput()), yt = tensorOf(op.getResult());
  if (xt.getRank() > 8)
    return unsupported(op, "pad rank above 8");
  if (yt.getNumElements() == 0)
    return success();
  auto ct = cTypeOf(xt.getElementType());
  if (!ct)
    return unsupported(op, "pad element type");
  int64_t es = StorageAnalysis::elementBytes(xt.getElementType());
  double value = op.getValue().convertToDouble();
  std::string v;
  if (auto q = llvm::dyn_cast<quant::UniformQuantizedType>(xt.getElementType())) {
    // Real `value` in the tensor's quantization (0.0 -> the zero point).
    double qv = double(q.getZeroPoint()) +
                std::round(value / double(float(q.getScale())));
    qv = std::max(double(q.getStorageTypeMin()),
                  std::min(double(q.getStorageTypeMax()), qv));
    v = std::to_string(int64_t(qv));
  } else if (llvm::isa<quant::QuantizedType>(xt.getElementType())) {
    return unsupported(op, "pad of a per-axis quantized tensor");
  } else if (llvm::isa<FloatType>(xt.getElementType())) {
    v = floatLiteral(value, xt.getElementType().isF32());
    usesMath |= !std::isfinite(value);
  } else {
    v = intLiteral(wrapToIntType(xt.getElementType(), int64_t(value)),
                   xt.getElementType());
  }
  int mode = op.getMode() == "constant" ? 0 : op.getMode() == "reflect" ? 1 : 2;
  int64_t rank = xt.getRank();
  use("tmlc_pad.c");
  call("tmlc_pad",
       ptr(op.getInput(), false) + ", " + ptr(op.getResult(), true) + ", " +
           std::to_string(es) + ", &v, &p",
       "    static const " + std::string(ct->name) + " v = " + v + ";\n" +
           "    static const tmlc_pad_params p = {" + std::to_string(rank) +
           ", " + dims8(xt.getShape()) + ", " +
           dims8(op.getPads().take_front(rank)) + ", " +
           dims8(op.getPads().drop_front(rank)) + ", " + std::to_string(mode) +
           "};\n");
  return success();
}

LogicalResult Emitter::emitGather(GatherOp op) {
  auto xt = tensorOf(op.getInput()), it = tensorOf(op.getIndices()),
       yt = tensorOf(op.getResult());
  if (yt.getNumElements() == 0)
    return success();
  int64_t axis = op.getAxis();
  int64_t es = StorageAnalysis::elementBytes(xt.getElementType());
  int64_t outer = numElements(xt.getShape().take_front(axis));
  int64_t inner = numElements(xt.getShape().drop_front(axis + 1));
  use("tmlc_gather.c");
  call("tmlc_gather",
       ptr(op.getInput(), false) + ", " + ptr(op.getIndices(), false) + ", " +
           (it.getElementType().isInteger(64) ? "1" : "0") + ", " +
           ptr(op.getResult(), true) + ", " + std::to_string(es) + ", " +
           std::to_string(outer) + ", " +
           std::to_string(xt.getDimSize(axis)) + ", " + std::to_string(inner) +
           ", " + std::to_string(it.getNumElements()));
  return success();
}

//===----------------------------------------------------------------------===//
// int8: TFLite's integer semantics on NHWC tensors. Every multiplier, shift
// and clamp is computed here with tmlc_quant_math.h, which reproduces
// TFLite's Prepare-time arithmetic; the kernels only do integer math.
//===----------------------------------------------------------------------===//

/// Scale (as the float TFLite stores) and zero point of a per-tensor type.
struct QParams {
  float scale;
  int32_t zp;
};

std::optional<QParams> perTensor(Value v) {
  auto q = llvm::dyn_cast<quant::UniformQuantizedType>(
      tensorOf(v).getElementType());
  if (!q)
    return std::nullopt;
  return QParams{float(q.getScale()), int32_t(q.getZeroPoint())};
}

/// True for a signed 8-bit quantized element type.
bool isS8Type(Type t) {
  auto q = llvm::dyn_cast<quant::QuantizedType>(t);
  return q && q.isSigned() && q.getStorageTypeIntegralWidth() == 8;
}

std::string Emitter::kernelName(StringRef base) {
  std::string portable = "tmlc_" + base.str();
  if (options.kernels != "portable" && !options.kernels.empty()) {
    std::string variant = portable + "_" + options.kernels;
    if (findRuntimeFile(variant + ".c")) {
      // Variants forward to the portable kernel for the cases they do not
      // specialize (and when the core lacks the feature), so both go along.
      use(variant + ".c");
      use(portable + ".c");
      usesCortexMKernels = true;
      return variant;
    }
  }
  use(portable + ".c");
  return portable;
}

std::string Emitter::dspKernelName(StringRef base, uint32_t bits,
                                   uint32_t portableBit, int slot) {
  if (options.kernels != "dsp")
    return kernelName(base);
  if (bits & portableBit) {
    use("tmlc_" + base.str() + ".c");
    return "tmlc_" + base.str();
  }
  dspPaths[slot] |= bits;
  return kernelName(base);
}

int64_t Emitter::placeScratch(Operation *op, int64_t bytes) {
  constexpr int64_t align = 16; // NAME_ARENA_ALIGN
  if (opIndex.empty())
    for (const ArenaLifetime &l : arenaLifetimes(func, storage, opIndex)) {
      auto off = l.value.getDefiningOp()->getAttrOfType<IntegerAttr>(
          "tmlc.arena_offset");
      arenaBufs.push_back({off ? off.getInt() : 0, l.size, l.begin, l.end});
    }
  const int64_t at = opIndex.lookup(op);
  std::vector<std::pair<int64_t, int64_t>> busy;
  for (const ArenaBuf &b : arenaBufs)
    if (b.begin <= at && at <= b.end && b.size > 0)
      busy.push_back({b.offset, b.offset + b.size});
  int64_t offset = lowestFreeOffset(std::move(busy), bytes, align);
  scratchEnd = std::max(scratchEnd, offset + bytes);
  return offset;
}

std::string Emitter::scratchArgs(Operation *op, int64_t bytes) {
  if (bytes <= 0)
    return ", 0, 0";
  return ", arena + " + std::to_string(placeScratch(op, bytes)) + ", " +
         std::to_string(bytes);
}

int64_t Emitter::arenaSize() {
  int64_t arena = 0;
  if (auto a = func->getAttrOfType<IntegerAttr>("tmlc.arena_size"))
    arena = a.getInt();
  return std::max(arena, scratchEnd);
}

std::string Emitter::constArray(const char *ctype, ArrayRef<int64_t> values,
                                bool countAsWeights) {
  // Weights and biases the compiler re-laid out or folded are `_wp<k>`;
  // other derived tables (multipliers, shifts, sizes, offsets) `_q<k>`.
  std::string name = prefix + (countAsWeights ? "_wp" : "_q") +
                     std::to_string(counter++);
  std::string s = "static const " + std::string(ctype) + " " + name + "[" +
                  std::to_string(std::max<size_t>(values.size(), 1)) + "] = {";
  for (size_t k = 0; k < values.size(); ++k) {
    if (k % 12 == 0)
      s += "\n  ";
    int64_t v = values[k];
    s += v == INT32_MIN ? std::string("(-2147483647 - 1)") : std::to_string(v);
    s += ",";
  }
  if (values.empty())
    s += "0";
  s += "\n};\n";
  weights += s;
  if (countAsWeights)
    weightBytes += int64_t(values.size()) *
                   (std::string(ctype) == "int8_t" ? 1 : 4);
  return name;
}

std::pair<int32_t, int32_t> Emitter::activationRange(Operation *op, float scale,
                                                     int32_t zp) {
  int32_t lo = -128, hi = 127;
  auto clamp = op->getAttrOfType<DenseF64ArrayAttr>("tmlc.clamp");
  if (!clamp || clamp.size() != 2)
    return {lo, hi};
  // TFLite CalculateActivationRangeQuantized: zp + round(f / scale) in float.
  auto quantize = [&](double f) {
    return int64_t(zp) + int64_t(std::round(float(f) / scale));
  };
  if (std::isfinite(clamp[0]))
    lo = int32_t(std::max<int64_t>(lo, std::min<int64_t>(127, quantize(clamp[0]))));
  if (std::isfinite(clamp[1]))
    hi = int32_t(std::min<int64_t>(hi, std::max<int64_t>(-128, quantize(clamp[1]))));
  return {lo, hi};
}

bool Emitter::isQuantizedOp(Operation *op) {
  auto quantized = [](Value v) {
    auto t = llvm::dyn_cast<RankedTensorType>(v.getType());
    return t && llvm::isa<quant::QuantizedType>(t.getElementType());
  };
  return llvm::any_of(op->getOperands(), quantized) ||
         llvm::any_of(op->getResults(), quantized);
}

LogicalResult Emitter::emitS8(Operation *op) {
  if (auto mm = llvm::dyn_cast<MatMulOp>(op))
    if (tensorOf(mm.getResult()).getElementType().isSignlessInteger(32))
      return emitMatMulS8S32(mm);
  // Data movement works on any element size.
  if (auto t = llvm::dyn_cast<TransposeOp>(op))
    return emitTranspose(t);
  if (auto p = llvm::dyn_cast<PadOp>(op))
    return emitPad(p);
  if (auto s = llvm::dyn_cast<SliceOp>(op))
    return emitSlice(s);
  if (auto q = llvm::dyn_cast<quant::QuantizeCastOp>(op))
    return emitQuantize(q);
  if (auto d = llvm::dyn_cast<quant::DequantizeCastOp>(op))
    return emitDequantize(d);
  for (Value v : op->getOperands())
    if (!isS8Type(tensorOf(v).getElementType()) &&
        !(llvm::isa<ConvOp>(op) && v == llvm::cast<ConvOp>(op).getBias()))
      return unsupported(op, llvm::formatv("'{0}' on element type {1} (only "
                                           "signed 8-bit quantized tensors)",
                                           op->getName().getStringRef(),
                                           tensorOf(v).getElementType())
                                 .str());
  usesS8 = true;
  if (auto c = llvm::dyn_cast<ConcatOp>(op))
    return emitConcatS8(c);
  if (auto c = llvm::dyn_cast<ConvOp>(op))
    return emitConvS8(c);
  if (llvm::isa<MaxPoolOp>(op))
    return emitPoolS8(op, true);
  if (llvm::isa<AvgPoolOp>(op))
    return emitPoolS8(op, false);
  if (llvm::isa<AddOp, SubOp, MulOp>(op))
    return emitBinaryS8(op);
  if (auto m = llvm::dyn_cast<ReduceMeanOp>(op))
    return emitMeanS8(m);
  if (auto s = llvm::dyn_cast<SoftmaxOp>(op))
    return emitSoftmaxS8(s);
  if (llvm::isa<SigmoidOp>(op))
    return emitTanhLogisticS8(op, false);
  if (llvm::isa<TanhOp>(op))
    return emitTanhLogisticS8(op, true);
  if (llvm::isa<ReluOp>(op))
    return emitClampS8(op, 0.0, INFINITY);
  if (auto c = llvm::dyn_cast<ClipOp>(op))
    return emitClampS8(op, c.getMin().convertToDouble(),
                       c.getMax().convertToDouble());
  if (auto h = llvm::dyn_cast<HardSwishOp>(op))
    return emitHardSwishS8(h);
  if (auto r = llvm::dyn_cast<RequantizeOp>(op))
    return emitRequantizeS8(r);
  return unsupported(op, "no int8 kernel for '" +
                             op->getName().getStringRef() + "'");
}

/// Bias values of a conv (empty if none); fails if not a constant.
static FailureOr<std::vector<int64_t>> constValues(const StorageAnalysis &st,
                                                   Value v) {
  Storage s = st.get(v);
  if (s.kind != StorageKind::Constant)
    return failure();
  auto cst = s.root.getDefiningOp<ConstantOp>();
  auto host = HostTensor::fromAttr(cst.getValue());
  if (!host || host->isFloat)
    return failure();
  return std::vector<int64_t>(host->i.begin(), host->i.end());
}

LogicalResult Emitter::emitConvS8(ConvOp op) {
  if (op.getLayout() != "NHWC")
    return unsupported(op, "int8 convolution in NCHW layout (the tmlc-layout "
                           "pass puts quantized convolutions in NHWC)");
  auto xt = tensorOf(op.getInput()), wt = tensorOf(op.getWeight()),
       yt = tensorOf(op.getResult());
  auto qin = perTensor(op.getInput()), qout = perTensor(op.getResult());
  if (!qin || !qout)
    return unsupported(op, "int8 convolution with per-axis quantized "
                           "activations");
  int64_t n = xt.getDimSize(0), h = xt.getDimSize(1), w = xt.getDimSize(2),
          c = xt.getDimSize(3);
  int64_t oh = yt.getDimSize(1), ow = yt.getDimSize(2), oc = yt.getDimSize(3);
  int64_t kh = wt.getDimSize(1), kw = wt.getDimSize(2), wi = wt.getDimSize(3);
  int64_t group = op.getGroup();
  // Filter scales and zero point.
  std::vector<float> wScales;
  int64_t wZp = 0;
  bool wPerChannel = false;
  Type wet = wt.getElementType();
  if (auto q = llvm::dyn_cast<quant::UniformQuantizedType>(wet)) {
    wScales.push_back(float(q.getScale()));
    wZp = q.getZeroPoint();
  } else if (auto q = llvm::dyn_cast<quant::UniformQuantizedPerAxisType>(wet)) {
    if (q.getQuantizedDimension() != 0 ||
        int64_t(q.getScales().size()) != oc)
      return unsupported(op, "per-axis filter quantization not along the "
                             "output channels");
    for (double sc : q.getScales())
      wScales.push_back(float(sc));
    for (int64_t z : q.getZeroPoints())
      if (z != 0)
        return unsupported(op, "per-channel filter with a non-zero zero point");
    wPerChannel = true;
  }
  bool fc = op.getFullyConnected() && kh == 1 && kw == 1 && h == 1 && w == 1;
  bool depthwise = !fc && group == c && wi == 1 && group > 1;
  if (!fc && wZp != 0)
    return unsupported(op, "int8 convolution filter with a non-zero zero point");
  // Requantization multipliers (TFLite Prepare arithmetic).
  std::vector<int64_t> mult, shift;
  if (fc && !wPerChannel) {
    int32_t m, sh;
    tmlc_fc_s8_multiplier(qin->scale, wScales[0], qout->scale, &m, &sh);
    mult.push_back(m);
    shift.push_back(sh);
  } else {
    for (float ws : wScales) {
      int32_t m, sh;
      tmlc_conv_s8_channel_multiplier(qin->scale, ws, qout->scale, &m, &sh);
      mult.push_back(m);
      shift.push_back(sh);
    }
  }
  auto [actMin, actMax] = activationRange(op, qout->scale, qout->zp);
  ArrayRef<int64_t> pads = op.getPads(), strides = op.getStrides(),
                    dil = op.getDilations();
  bool unpadded = llvm::all_of(pads, [](int64_t p) { return p == 0; });

  // Weights: OHWI as stored; depthwise kernels want 1HWO.
  std::string wSym;
  std::vector<int64_t> wVals;
  bool wConst = false;
  if (auto vals = constValues(storage, op.getWeight()); succeeded(vals)) {
    wVals = *vals;
    wConst = true;
  }
  if (depthwise) {
    if (!wConst)
      return unsupported(op, "depthwise convolution with non-constant weights");
    std::vector<int64_t> hwo(wVals.size());
    for (int64_t o = 0; o < oc; ++o)
      for (int64_t t = 0; t < kh * kw; ++t)
        hwo[t * oc + o] = wVals[o * kh * kw + t];
    wVals = hwo;
    wSym = constArray("int8_t", wVals, true);
  } else {
    wSym = ptr(op.getWeight(), false);
  }

  // Bias, with the input zero-point correction folded in where exact: every
  // tap of every output reads the input (no padding) and the filter is
  // symmetric, so sum((x - zp) * w) = sum(x * w) - zp * sum(w).
  int32_t inputOffset = -qin->zp;
  std::string biasSym = "0";
  std::vector<int64_t> bias;
  bool biasConst = true;
  if (op.getBias()) {
    auto b = constValues(storage, op.getBias());
    if (succeeded(b))
      bias = *b;
    else
      biasConst = false;
  } else {
    bias.assign(oc, 0);
  }
  bool folded = false;
  if (wConst && biasConst && unpadded && wZp == 0 && inputOffset != 0 &&
      int64_t(bias.size()) == oc) {
    std::vector<int64_t> nb(oc);
    bool fits = true;
    int64_t taps = kh * kw * (depthwise ? 1 : wi);
    for (int64_t o = 0; o < oc; ++o) {
      int64_t sum = 0;
      for (int64_t t = 0; t < taps; ++t)
        sum += depthwise ? wVals[t * oc + o] : wVals[o * taps + t];
      nb[o] = bias[o] + int64_t(inputOffset) * sum;
      fits &= nb[o] >= INT32_MIN && nb[o] <= INT32_MAX;
    }
    if (fits) {
      biasSym = constArray("int32_t", nb, true);
      inputOffset = 0;
      folded = true;
    }
  }
  if (!folded && op.getBias())
    biasSym = ptr(op.getBias(), false);

  std::string multSym = constArray("int32_t", mult, false);
  std::string shiftSym = constArray("int32_t", shift, false);
  int perChannel = mult.size() > 1 ? 1 : 0;
  // The params as the kernel sees them, for the DSP path predicates.
  std::vector<int32_t> mult32(mult.begin(), mult.end()),
      shift32(shift.begin(), shift.end());
  if (fc) {
    tmlc_fc_s8_params fp = {int32_t(n), int32_t(c), int32_t(oc),
                             inputOffset, int32_t(-wZp), qout->zp,
                             actMin, actMax, perChannel, mult32.data(),
                             shift32.data()};
    std::string p = llvm::formatv(
        "{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}", fp.batches,
        fp.in_features, fp.out_features, fp.input_offset, fp.filter_offset,
        fp.output_offset, fp.act_min, fp.act_max, fp.per_channel, multSym,
        shiftSym);
    std::string fn = dspKernelName("fully_connected_s8",
                                   tmlc_cm_fc_dsp_plan(&fp),
                                   TMLC_CM_FC_P_PORTABLE, 2);
    std::string args = ptr(op.getInput(), false) + ", " + wSym + ", " +
                       biasSym + ", " + ptr(op.getResult(), true) + ", &p";
    if (fn == "tmlc_fully_connected_s8_dsp") {
      // The single-row column in the arena, live only during this call.
      fn += "_ws";
      args += scratchArgs(op, tmlc_cm_fc_dsp_scratch_bytes(&fp));
    }
    call(fn, args,
         "    static const tmlc_fc_s8_params p = {" + p + "};\n");
    return success();
  }
  if (group < 1 || c % group || (!depthwise && wi * group != c))
    return unsupported(op, "int8 grouped convolution with these channels");
  tmlc_conv_s8_params cp = {
      int32_t(n), int32_t(h), int32_t(w), int32_t(c), int32_t(oh),
      int32_t(ow), int32_t(oc), int32_t(kh), int32_t(kw),
      int32_t(strides[0]), int32_t(strides[1]), int32_t(dil[0]),
      int32_t(dil[1]), int32_t(pads[0]), int32_t(pads[1]),
      int32_t(depthwise ? 1 : group), int32_t(depthwise ? oc / c : 1),
      inputOffset, qout->zp, actMin, actMax, perChannel, mult32.data(),
      shift32.data()};
  std::string p = llvm::formatv(
      "{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}, "
      "{13}, {14}, {15}, {16}, {17}, {18}, {19}, {20}, {21}, {22}, {23}",
      cp.batch, cp.in_h, cp.in_w, cp.in_c, cp.out_h, cp.out_w, cp.out_c,
      cp.k_h, cp.k_w, cp.stride_h, cp.stride_w, cp.dilation_h, cp.dilation_w,
      cp.pad_top, cp.pad_left, cp.groups, cp.depth_multiplier,
      cp.input_offset, cp.output_offset, cp.act_min, cp.act_max,
      cp.per_channel, multSym, shiftSym);
  tmlc_cm_conv_plan plan = {};
  std::string fn =
      depthwise
          ? dspKernelName("depthwise_conv2d_s8", tmlc_cm_dw_dsp_plan(&cp),
                          TMLC_CM_DW_P_PORTABLE, 1)
          : dspKernelName("conv2d_s8",
                          tmlc_cm_conv_dsp_plan(&cp, biasSym != "0", &plan),
                          TMLC_CM_CONV_P_PORTABLE, 0);
  std::string args = ptr(op.getInput(), false) + ", " + wSym + ", " +
                     biasSym + ", " + ptr(op.getResult(), true) + ", &p";
  if (!depthwise && fn == "tmlc_conv2d_s8_dsp") {
    // The DSP conv's column and sums: a region of the arena live only
    // during this call, sized by the same plan the kernel makes
    // (tmlc_cm_conv_dsp_plan_cap with these bytes takes the same paths).
    fn += "_ws";
    args += scratchArgs(op, plan.scratch);
  } else if (fn == "tmlc_conv2d_s8_mve" ||
             fn == "tmlc_depthwise_conv2d_s8_mve") {
    // The Helium kernels' scratch (the conv's path union, the depthwise
    // conv's tap lists) likewise, sized by tmlc_cm_select.h on these params.
    fn += "_ws";
    args += scratchArgs(op, depthwise ? tmlc_cm_dw_mve_scratch_bytes(&cp)
                                      : tmlc_cm_conv_mve_scratch_bytes(&cp));
  }
  call(fn, args,
       "    static const tmlc_conv_s8_params p = {" + p + "};\n");
  return success();
}

LogicalResult Emitter::emitPoolS8(Operation *op, bool isMax) {
  Value x = op->getOperand(0), y = op->getResult(0);
  ArrayRef<int64_t> kernel, strides, dilations, pads;
  StringRef layout;
  if (auto mp = llvm::dyn_cast<MaxPoolOp>(op)) {
    kernel = mp.getKernel(); strides = mp.getStrides();
    dilations = mp.getDilations(); pads = mp.getPads(); layout = mp.getLayout();
  } else {
    auto ap = llvm::cast<AvgPoolOp>(op);
    kernel = ap.getKernel(); strides = ap.getStrides();
    dilations = ap.getDilations(); pads = ap.getPads(); layout = ap.getLayout();
    if (ap.getCountIncludePad() &&
        llvm::any_of(pads, [](int64_t p) { return p != 0; }))
      return unsupported(op, "int8 average pooling that counts padding");
  }
  if (layout != "NHWC")
    return unsupported(op, "int8 pooling in NCHW layout");
  if (llvm::any_of(dilations, [](int64_t d) { return d != 1; }))
    return unsupported(op, "dilated int8 pooling");
  auto qin = perTensor(x), qout = perTensor(y);
  if (!qin || !qout || qin->scale != qout->scale || qin->zp != qout->zp)
    return unsupported(op, "int8 pooling whose input and output "
                           "quantization differ");
  auto xt = tensorOf(x), yt = tensorOf(y);
  auto [actMin, actMax] = activationRange(op, qout->scale, qout->zp);
  std::string p = llvm::formatv(
      "{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}, {13}",
      xt.getDimSize(0), xt.getDimSize(1), xt.getDimSize(2), xt.getDimSize(3),
      yt.getDimSize(1), yt.getDimSize(2), kernel[0], kernel[1], strides[0],
      strides[1], pads[0], pads[1], actMin, actMax);
  std::string fn = kernelName(isMax ? "maxpool_s8" : "avgpool_s8");
  call(fn, ptr(x, false) + ", " + ptr(y, true) + ", &p",
       "    static const tmlc_pool_s8_params p = {" + p + "};\n");
  return success();
}

LogicalResult Emitter::emitBinaryS8(Operation *op) {
  Value a = op->getOperand(0), b = op->getOperand(1), y = op->getResult(0);
  auto qa = perTensor(a), qb = perTensor(b), qy = perTensor(y);
  if (!qa || !qb || !qy)
    return unsupported(op, "int8 elementwise op on per-axis quantized tensors");
  if (tensorOf(y).getRank() > 8)
    return unsupported(op, "rank above 8");
  auto [actMin, actMax] = activationRange(op, qy->scale, qy->zp);
  std::string bc = "    static const tmlc_bcast bc = " +
                   bcastInit(tensorOf(y).getShape(), tensorOf(a).getShape(),
                             tensorOf(b).getShape()) +
                   ";\n";
  std::string args =
      ptr(a, false) + ", " + ptr(b, false) + ", " + ptr(y, true) + ", &bc, &p";
  if (llvm::isa<MulOp>(op)) {
    tmlc_mul_s8_params m;
    tmlc_mul_s8_prepare(qa->scale, qa->zp, qb->scale, qb->zp, qy->scale,
                        qy->zp, &m);
    std::string p = llvm::formatv("{0}, {1}, {2}, {3}, {4}, {5}, {6}",
                                  m.input1_offset, m.input2_offset,
                                  m.output_offset, m.output_multiplier,
                                  m.output_shift, actMin, actMax);
    call(kernelName("mul_s8"), args,
         bc + "    static const tmlc_mul_s8_params p = {" + p + "};\n");
    return success();
  }
  tmlc_add_s8_params m;
  tmlc_add_s8_prepare(qa->scale, qa->zp, qb->scale, qb->zp, qy->scale, qy->zp,
                      &m);
  std::string p = llvm::formatv(
      "{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}",
      m.left_shift, m.input1_offset, m.input1_multiplier, m.input1_shift,
      m.input2_offset, m.input2_multiplier, m.input2_shift, m.output_offset,
      m.output_multiplier, m.output_shift, actMin, actMax);
  call(kernelName(llvm::isa<AddOp>(op) ? "add_s8" : "sub_s8"), args,
       bc + "    static const tmlc_add_s8_params p = {" + p + "};\n");
  return success();
}

LogicalResult Emitter::emitMeanS8(ReduceMeanOp op) {
  auto xt = tensorOf(op.getInput());
  auto qin = perTensor(op.getInput()), qout = perTensor(op.getResult());
  if (!qin || !qout)
    return unsupported(op, "int8 mean on per-axis quantized tensors");
  ArrayRef<int64_t> axes = op.getAxes();
  if (axes.empty())
    return unsupported(op, "int8 mean over no axes");
  for (size_t k = 1; k < axes.size(); ++k)
    if (axes[k] != axes[k - 1] + 1)
      return unsupported(op, "int8 mean over non-adjacent axes");
  int64_t outer = numElements(xt.getShape().take_front(axes.front()));
  int64_t reduce = 1;
  for (int64_t a : axes)
    reduce *= xt.getDimSize(a);
  int64_t inner = numElements(xt.getShape().drop_front(axes.back() + 1));
  // TFLite Micro's int8 MEAN picks one of three algorithms.
  tmlc_mean_s8_params m{};
  int mode;
  if (xt.getRank() == 4 && axes.size() == 2 && axes[0] == 1 && axes[1] == 2 &&
      op.getKeepdims()) {
    mode = TMLC_MEAN_S8_SPATIAL;
    tmlc_mean_s8_prepare(qin->scale, qin->zp, qout->scale, qout->zp, &m);
  } else if (qin->scale == qout->scale && qin->zp == qout->zp) {
    mode = TMLC_MEAN_S8_SAME_SCALE;
  } else {
    mode = TMLC_MEAN_S8_RESCALE;
    tmlc_mean_s8_prepare(qin->scale, qin->zp, qout->scale, qout->zp, &m);
    tmlc_mean_s8_fold_count(reduce, &m.multiplier, &m.shift);
  }
  std::string p = llvm::formatv("{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}",
                                outer, reduce, inner, mode,
                                m.input_zero_point, m.output_zero_point,
                                m.multiplier, m.shift);
  call(kernelName("mean_s8"),
       ptr(op.getInput(), false) + ", " + ptr(op.getResult(), true) + ", &p",
       "    static const tmlc_mean_s8_params p = {" + p + "};\n");
  return success();
}

LogicalResult Emitter::emitSoftmaxS8(SoftmaxOp op) {
  auto t = tensorOf(op.getResult());
  auto qin = perTensor(op.getInput()), qout = perTensor(op.getResult());
  if (!qin || !qout || int64_t(op.getAxis()) != t.getRank() - 1)
    return unsupported(op, "int8 softmax not along the last axis");
  if (qout->scale != 1.0f / 256.0f || qout->zp != -128)
    return unsupported(op, "int8 softmax output must have scale 1/256 and "
                           "zero point -128 (TFLite's rule)");
  tmlc_softmax_s8_params m;
  tmlc_softmax_s8_prepare(1.0f, qin->scale, &m);
  int64_t depth = t.getDimSize(op.getAxis());
  std::string p = llvm::formatv("{0}, {1}, {2}, {3}, {4}",
                                t.getNumElements() / depth, depth,
                                m.input_multiplier, m.input_left_shift,
                                m.diff_min);
  call(kernelName("softmax_s8"),
       ptr(op.getInput(), false) + ", " + ptr(op.getResult(), true) + ", &p",
       "    static const tmlc_softmax_s8_params p = {" + p + "};\n");
  return success();
}

LogicalResult Emitter::emitTanhLogisticS8(Operation *op, bool isTanh) {
  auto qin = perTensor(op->getOperand(0)), qout = perTensor(op->getResult(0));
  if (!qin || !qout)
    return unsupported(op, "per-axis quantized tensors");
  float wantScale = isTanh ? 1.0f / 128.0f : 1.0f / 256.0f;
  int32_t wantZp = isTanh ? 0 : -128;
  if (qout->scale != wantScale || qout->zp != wantZp)
    return unsupported(op, llvm::formatv("int8 {0} output must have scale "
                                         "1/{1} and zero point {2} (TFLite's "
                                         "rule)",
                                         isTanh ? "tanh" : "logistic",
                                         isTanh ? 128 : 256, wantZp)
                               .str());
  tmlc_tanh_logistic_s8_params m;
  tmlc_tanh_logistic_s8_prepare(qin->scale, qin->zp, &m);
  std::string p = llvm::formatv("{0}, {1}, {2}, {3}", m.input_zero_point,
                                m.input_range_radius, m.input_multiplier,
                                m.input_left_shift);
  call(kernelName(isTanh ? "tanh_s8" : "logistic_s8"),
       ptr(op->getOperand(0), false) + ", " + ptr(op->getResult(0), true) +
           ", " + std::to_string(tensorOf(op->getResult(0)).getNumElements()) +
           ", &p",
       "    static const tmlc_tanh_logistic_s8_params p = {" + p + "};\n");
  return success();
}

static std::string requantInit(const tmlc_requant_s8_params &m) {
  return llvm::formatv("{0}, {1}, {2}, {3}, {4}, {5}", m.input_zero_point,
                       m.output_zero_point, m.multiplier, m.shift, m.act_min,
                       m.act_max)
      .str();
}

LogicalResult Emitter::emitClampS8(Operation *op, double lo, double hi) {
  auto qin = perTensor(op->getOperand(0)), qout = perTensor(op->getResult(0));
  if (!qin || !qout)
    return unsupported(op, "per-axis quantized tensors");
  // TFLite's RELU / RELU6 / RELU_N1_TO_1 on int8: requantize + clamp.
  tmlc_requant_s8_params m;
  int fused = lo == 0.0 && std::isinf(hi) ? 1
              : lo == -1.0 && hi == 1.0   ? 2
              : lo == 0.0 && hi == 6.0    ? 3
                                          : -1;
  if (fused > 0) {
    tmlc_relu_s8_prepare(fused, qin->scale, qin->zp, qout->scale, qout->zp, &m);
  } else {
    tmlc_requantize_s8_prepare(qin->scale, qin->zp, qout->scale, qout->zp, &m);
    auto quantize = [&](double f) {
      return int64_t(qout->zp) + int64_t(std::round(float(f) / qout->scale));
    };
    if (std::isfinite(lo))
      m.act_min = int32_t(std::max<int64_t>(-128, std::min<int64_t>(127, quantize(lo))));
    if (std::isfinite(hi))
      m.act_max = int32_t(std::min<int64_t>(127, std::max<int64_t>(-128, quantize(hi))));
  }
  call(kernelName("requantize_s8"),
       ptr(op->getOperand(0), false) + ", " + ptr(op->getResult(0), true) +
           ", " + std::to_string(tensorOf(op->getResult(0)).getNumElements()) +
           ", &p",
       "    static const tmlc_requant_s8_params p = {" + requantInit(m) + "};\n");
  return success();
}

LogicalResult Emitter::emitRequantizeS8(RequantizeOp op) {
  auto qin = perTensor(op.getInput()), qout = perTensor(op.getResult());
  tmlc_requant_s8_params m;
  tmlc_requantize_s8_prepare(qin->scale, qin->zp, qout->scale, qout->zp, &m);
  call(kernelName("requantize_s8"),
       ptr(op.getInput(), false) + ", " + ptr(op.getResult(), true) + ", " +
           std::to_string(tensorOf(op.getResult()).getNumElements()) + ", &p",
       "    static const tmlc_requant_s8_params p = {" + requantInit(m) + "};\n");
  return success();
}

LogicalResult Emitter::emitHardSwishS8(HardSwishOp op) {
  auto qin = perTensor(op.getInput()), qout = perTensor(op.getResult());
  if (!qin || !qout)
    return unsupported(op, "per-axis quantized tensors");
  tmlc_hard_swish_s8_params m;
  if (!tmlc_hard_swish_s8_prepare(qin->scale, qin->zp, qout->scale, qout->zp,
                                  &m))
    return unsupported(op, "int8 hard_swish whose output multiplier exceeds 1 "
                           "(TFLite rejects it too)");
  std::string p = llvm::formatv("{0}, {1}, {2}, {3}, {4}, {5}",
                                m.input_zero_point, m.output_zero_point,
                                m.reluish_multiplier_fixedpoint_int16,
                                m.reluish_multiplier_exponent,
                                m.output_multiplier_fixedpoint_int16,
                                m.output_multiplier_exponent);
  call(kernelName("hard_swish_s8"),
       ptr(op.getInput(), false) + ", " + ptr(op.getResult(), true) + ", " +
           std::to_string(tensorOf(op.getResult()).getNumElements()) + ", &p",
       "    static const tmlc_hard_swish_s8_params p = {" + p + "};\n");
  return success();
}

LogicalResult Emitter::emitConcatS8(ConcatOp op) {
  Type et = tensorOf(op.getResult()).getElementType();
  bool same = llvm::all_of(op.getInputs(), [&](Value v) {
    return tensorOf(v).getElementType() == et;
  });
  if (same)
    return emitConcat(op); // TFLite's int8 rule: a plain copy
  auto qout = perTensor(op.getResult());
  if (!qout)
    return unsupported(op, "per-axis quantized concat");
  auto yt = tensorOf(op.getResult());
  int64_t axis = op.getAxis();
  int64_t outer = numElements(yt.getShape().take_front(axis));
  int64_t inner = numElements(yt.getShape().drop_front(axis + 1));
  std::vector<int64_t> sizes;
  std::string requant, ins;
  for (Value v : op.getInputs()) {
    auto q = perTensor(v);
    if (!q)
      return unsupported(op, "per-axis quantized concat input");
    tmlc_requant_s8_params m;
    tmlc_requantize_s8_prepare(q->scale, q->zp, qout->scale, qout->zp, &m);
    requant += "{" + requantInit(m) + "}, ";
    ins += ptr(v, false) + ", ";
    sizes.push_back(tensorOf(v).getDimSize(axis) * inner);
  }
  std::string sizesSym = constArray("int32_t", sizes, false);
  size_t k = op.getInputs().size();
  call(kernelName("concat_s8"), "ins, " + ptr(op.getResult(), true) + ", &p",
       "    static const tmlc_requant_s8_params rq[" + std::to_string(k) +
           "] = {" + requant + "};\n    const int8_t *const ins[" +
           std::to_string(k) + "] = {" + ins + "};\n" +
           "    static const tmlc_concat_s8_params p = {" + std::to_string(k) +
           ", " + std::to_string(outer) + ", " + sizesSym + ", rq};\n");
  return success();
}

LogicalResult Emitter::emitQuantizeLike(Operation *op, Value in, Value out,
                                        Value quantized, StringRef kernel) {
  auto q = perTensor(quantized);
  auto axisType = llvm::dyn_cast<quant::UniformQuantizedPerAxisType>(
      tensorOf(quantized).getElementType());
  Value real = quantized == in ? out : in;
  if ((!q && !axisType) || !tensorOf(real).getElementType().isF32() ||
      !isS8Type(tensorOf(quantized).getElementType()))
    return unsupported(op, kernel == "quantize_s8"
                               ? "quantize other than float32 to int8"
                               : "dequantize other than int8 to float32");
  usesS8 = true;
  // The importer records the source format's rounding of float -> int8:
  // ONNX QuantizeLinear half to even, TFLite QUANTIZE half away from zero.
  auto module = op->getParentOfType<mlir::ModuleOp>();
  auto mode = module ? module->getAttrOfType<StringAttr>("tml.quantize_rounding")
                     : StringAttr();
  bool halfEven = mode && mode.getValue() == "half_to_even";
  const char *rounding =
      halfEven ? "TMLC_QUANTIZE_ONNX" : "TMLC_QUANTIZE_TFLITE";
  if (axisType) {
    // One scale and zero point per index along the quantized dimension:
    // the tensor as [outer, channels, inner].
    ArrayRef<int64_t> shape = tensorOf(quantized).getShape();
    int32_t axis = axisType.getQuantizedDimension();
    int64_t outer = numElements(shape.take_front(axis));
    int64_t inner = numElements(shape.drop_front(axis + 1));
    std::string scales = prefix + "_q" + std::to_string(counter++);
    weights += "static const float " + scales + "[" +
               std::to_string(axisType.getScales().size()) + "] = {";
    for (double sc : axisType.getScales())
      weights += floatLiteral(sc, true) + ", ";
    weights += "};\n";
    std::string zps =
        constArray("int32_t", axisType.getZeroPoints(), false);
    kernelName(kernel); // the axis kernels live in the per-tensor files
    call(kernel == "quantize_s8" ? "tmlc_quantize_axis_s8"
                                 : "tmlc_dequantize_axis_s8",
         ptr(in, false) + ", " + ptr(out, true) + ", &p",
         "    static const tmlc_quantize_axis_s8_params p = {" +
             std::to_string(outer) + ", " +
             std::to_string(shape[axis]) + ", " + std::to_string(inner) +
             ", " + scales + ", " + zps + ", " + rounding + "};\n");
    return success();
  }
  call(kernelName(kernel),
       ptr(in, false) + ", " + ptr(out, true) + ", " +
           std::to_string(tensorOf(out).getNumElements()) + ", &p",
       "    static const tmlc_quantize_s8_params p = {" +
           floatLiteral(q->scale, true) + ", " + std::to_string(q->zp) +
           ", " + rounding + "};\n");
  return success();
}

LogicalResult Emitter::emitQuantize(quant::QuantizeCastOp op) {
  return emitQuantizeLike(op, op.getArg(), op.getResult(), op.getResult(),
                          "quantize_s8");
}

LogicalResult Emitter::emitDequantize(quant::DequantizeCastOp op) {
  return emitQuantizeLike(op, op.getArg(), op.getResult(), op.getArg(),
                          "dequantize_s8");
}

LogicalResult Emitter::emitOp(Operation *op) {
  if (llvm::isa<ConstantOp, ReshapeOp, func::ReturnOp, quant::StorageCastOp>(op))
    return success();
  for (Value r : op->getResults())
    if (tensorOf(r).getNumElements() == 0)
      return success(); // nothing to compute
  if (isQuantizedOp(op))
    return emitS8(op);
  if (llvm::isa<AddOp>(op))
    return emitBinary(op, "add", true);
  if (llvm::isa<SubOp>(op))
    return emitBinary(op, "sub", true);
  if (llvm::isa<MulOp>(op))
    return emitBinary(op, "mul", true);
  if (llvm::isa<DivOp>(op))
    return emitBinary(op, "div", true);
  if (llvm::isa<MinOp>(op))
    return emitBinary(op, "min", true);
  if (llvm::isa<MaxOp>(op))
    return emitBinary(op, "max", true);
  if (llvm::isa<PowOp>(op))
    return emitBinary(op, "pow", false);
  if (llvm::isa<PReluOp>(op))
    return emitBinary(op, "prelu", false);
  if (llvm::isa<ReluOp>(op))
    return emitUnary(op, "relu");
  if (llvm::isa<SigmoidOp>(op))
    return emitUnary(op, "sigmoid");
  if (llvm::isa<TanhOp>(op))
    return emitUnary(op, "tanh");
  if (llvm::isa<ExpOp>(op))
    return emitUnary(op, "exp");
  if (llvm::isa<LogOp>(op))
    return emitUnary(op, "log");
  if (llvm::isa<SqrtOp>(op))
    return emitUnary(op, "sqrt");
  if (llvm::isa<NegOp>(op))
    return emitUnary(op, "neg");
  if (llvm::isa<AbsOp>(op))
    return emitUnary(op, "abs");
  if (llvm::isa<ReciprocalOp>(op))
    return emitUnary(op, "reciprocal");
  if (llvm::isa<HardSwishOp>(op))
    return emitUnary(op, "hard_swish");
  if (auto l = llvm::dyn_cast<LeakyReluOp>(op))
    return emitUnary(op, "leaky_relu",
                     ", " + floatLiteral(l.getAlpha().convertToFloat(), true));
  if (auto h = llvm::dyn_cast<HardSigmoidOp>(op))
    return emitUnary(op, "hard_sigmoid",
                     ", " + floatLiteral(h.getAlpha().convertToFloat(), true) +
                         ", " + floatLiteral(h.getBeta().convertToFloat(), true));
  if (auto c = llvm::dyn_cast<ClipOp>(op))
    return emitClip(c);
  if (auto c = llvm::dyn_cast<CastOp>(op))
    return emitCast(c);
  if (auto s = llvm::dyn_cast<SoftmaxOp>(op))
    return emitSoftmax(op, "softmax", s.getAxis());
  if (auto s = llvm::dyn_cast<LogSoftmaxOp>(op))
    return emitSoftmax(op, "log_softmax", s.getAxis());
  if (auto m = llvm::dyn_cast<MatMulOp>(op))
    return emitMatMul(m);
  if (auto c = llvm::dyn_cast<ConvOp>(op))
    return emitConv(c);
  if (llvm::isa<MaxPoolOp>(op))
    return emitPool(op, true);
  if (llvm::isa<AvgPoolOp>(op))
    return emitPool(op, false);
  if (auto r = llvm::dyn_cast<ReduceSumOp>(op))
    return emitReduce(op, "reduce_sum", r.getAxes());
  if (auto r = llvm::dyn_cast<ReduceMeanOp>(op))
    return emitReduce(op, "reduce_mean", r.getAxes());
  if (auto r = llvm::dyn_cast<ReduceMaxOp>(op))
    return emitReduce(op, "reduce_max", r.getAxes());
  if (auto r = llvm::dyn_cast<ReduceMinOp>(op))
    return emitReduce(op, "reduce_min", r.getAxes());
  if (auto t = llvm::dyn_cast<TransposeOp>(op))
    return emitTranspose(t);
  if (auto c = llvm::dyn_cast<ConcatOp>(op))
    return emitConcat(c);
  if (auto s = llvm::dyn_cast<SliceOp>(op))
    return emitSlice(s);
  if (auto p = llvm::dyn_cast<PadOp>(op))
    return emitPad(p);
  if (auto g = llvm::dyn_cast<GatherOp>(op))
    return emitGather(g);
  return unsupported(op, "no C kernel for '" + op->getName().getStringRef() + "'");
}

std::string sanitize(const std::string &s) {
  std::string out;
  for (char c : s)
    out += (std::isalnum((unsigned char)c) || c == '_') ? c : '_';
  if (out.empty() || std::isdigit((unsigned char)out[0]))
    out = "t_" + out;
  return out;
}

std::string cString(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", (unsigned char)c);
      out += buf;
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string Emitter::header() {
  std::string N = upper;
  std::string s;
  llvm::raw_string_ostream os(s);
  int64_t arena = arenaSize();
  os << "/* " << prefix << ".h - generated by tmlc from " << options.sourceName
     << ". Do not edit. */\n";
  os << "#ifndef " << N << "_H\n#define " << N << "_H\n\n";
  os << "#include <stdint.h>\n#include \"" << prefix << "_types.h\"\n\n";
  os << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  os << "/** Bytes of scratch memory " << prefix << "_run needs (exact). */\n";
  os << "#define " << N << "_ARENA_SIZE " << arena << "u\n";
  os << "/** Required alignment of the arena, in bytes. */\n";
  os << "#define " << N << "_ARENA_ALIGN 16u\n";
  os << "#define " << N << "_NUM_INPUTS " << func.getNumArguments() << "\n";
  os << "#define " << N << "_NUM_OUTPUTS " << func.getNumResults() << "\n\n";
  auto describe = [&](const char *kind, unsigned k, Type t,
                      const std::string &name) {
    auto tt = llvm::cast<RankedTensorType>(t);
    auto ct = cTypeOf(tt.getElementType());
    std::string p = N + "_" + kind + std::to_string(k);
    os << "#define " << p << "_NAME " << cString(name) << "\n";
    os << "#define " << p << "_DTYPE " << N << "_DTYPE_"
       << llvm::StringRef(ct ? ct->suffix : "u8").upper() << "\n";
    os << "#define " << p << "_RANK " << tt.getRank() << "\n";
    os << "#define " << p << "_SHAPE {" << joinInts(tt.getShape())
       << (tt.getRank() == 0 ? "1" : "") << "}\n";
    for (int64_t d = 0; d < tt.getRank(); ++d)
      os << "#define " << p << "_DIM" << d << " " << tt.getDimSize(d) << "\n";
    os << "#define " << p << "_COUNT " << tt.getNumElements() << "\n";
    os << "#define " << p << "_BYTES " << StorageAnalysis::byteSize(tt)
       << "u\n";
    if (auto q = llvm::dyn_cast<quant::UniformQuantizedType>(tt.getElementType())) {
      os << "#define " << p << "_SCALE " << floatLiteral(q.getScale(), true) << "\n";
      os << "#define " << p << "_ZERO_POINT " << q.getZeroPoint() << "\n";
    }
  };
  for (unsigned k = 0; k < func.getNumArguments(); ++k)
    describe("INPUT", k, func.getArgument(k).getType(),
             k < options.inputNames.size() ? options.inputNames[k] : "");
  for (unsigned k = 0; k < func.getNumResults(); ++k)
    describe("OUTPUT", k, func.getResultTypes()[k],
             k < options.outputNames.size() ? options.outputNames[k] : "");
  os << "\n/**\n * Runs the model. `arena` points to " << N
     << "_ARENA_SIZE bytes aligned to\n * " << N
     << "_ARENA_ALIGN; inputs[i] and outputs[i] point to the buffers of input\n"
        " * and output i (model order, sizes in the macros above). Returns 0 on\n"
        " * success, else a "
     << prefix << "_status code. Reentrant: no state is kept.\n */\n";
  os << "int " << prefix
     << "_run(void *arena, const void *const *inputs, void *const *outputs);\n\n";
  // Typed entry.
  os << "/** The same with one typed pointer per input and output. */\n";
  os << "int " << prefix << "_invoke(void *arena";
  std::set<std::string> used;
  auto argName = [&](const std::string &base, const char *kind, unsigned k) {
    std::string n = sanitize(base.empty() ? std::string(kind) + std::to_string(k)
                                          : base);
    if (used.count(n) || n == "arena")
      n += "_" + std::string(kind) + std::to_string(k);
    used.insert(n);
    return n;
  };
  for (unsigned k = 0; k < func.getNumArguments(); ++k) {
    auto ct = cTypeOf(llvm::cast<RankedTensorType>(func.getArgument(k).getType())
                          .getElementType());
    os << ", const " << (ct ? ct->name : "void") << " *"
       << argName(k < options.inputNames.size() ? options.inputNames[k] : "",
                  "in", k);
  }
  for (unsigned k = 0; k < func.getNumResults(); ++k) {
    auto ct = cTypeOf(
        llvm::cast<RankedTensorType>(func.getResultTypes()[k]).getElementType());
    os << ", " << (ct ? ct->name : "void") << " *"
       << argName(k < options.outputNames.size() ? options.outputNames[k] : "",
                  "out", k);
  }
  os << ");\n\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << N << "_H */\n";
  return s;
}

std::string Emitter::source() {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "/* " << prefix << ".c - generated by tmlc from " << options.sourceName
     << ". Do not edit. */\n";
  os << "#include \"" << prefix << ".h\"\n";
  os << "#include \"tmlc_kernels.h\"\n";
  if (usesCortexMKernels)
    os << "#include \"tmlc_kernels_s8_cm.h\"\n";
  if (usesS8)
    os << "#include \"tmlc_kernels_s8.h\"\n";
  if (usesMath)
    os << "#include <math.h>\n";
  os << "\n" << weights << "\n";
  os << "int " << prefix
     << "_run(void *arena_ptr, const void *const *inputs, void *const *outputs) {\n";
  os << "  uint8_t *arena = (uint8_t *)arena_ptr;\n  tmlc_status st;\n";
  os << "  if ((" << upper << "_ARENA_SIZE > 0u && arena == 0) || ("
     << upper << "_NUM_INPUTS > 0 && inputs == 0) || outputs == 0) return (int)TMLC_ERR_ARG;\n";
  os << "  (void)arena;\n  (void)inputs;\n  (void)st;\n";
  os << body;
  os << "  return (int)TMLC_OK;\n}\n\n";
  // Typed entry forwards to the generic one.
  os << "int " << prefix << "_invoke(void *arena";
  unsigned ni = func.getNumArguments(), no = func.getNumResults();
  for (unsigned k = 0; k < ni; ++k) {
    auto ct = cTypeOf(llvm::cast<RankedTensorType>(func.getArgument(k).getType())
                          .getElementType());
    os << ", const " << (ct ? ct->name : "void") << " *in" << k;
  }
  for (unsigned k = 0; k < no; ++k) {
    auto ct = cTypeOf(
        llvm::cast<RankedTensorType>(func.getResultTypes()[k]).getElementType());
    os << ", " << (ct ? ct->name : "void") << " *out" << k;
  }
  os << ") {\n";
  os << "  const void *ins[" << std::max(ni, 1u) << "];\n";
  os << "  void *outs[" << std::max(no, 1u) << "];\n";
  if (ni == 0)
    os << "  ins[0] = 0;\n";
  for (unsigned k = 0; k < ni; ++k)
    os << "  ins[" << k << "] = in" << k << ";\n";
  for (unsigned k = 0; k < no; ++k)
    os << "  outs[" << k << "] = out" << k << ";\n";
  os << "  return " << prefix << "_run(arena, ins, outs);\n}\n";
  return renamePrefix(s);
}

LogicalResult Emitter::runtime(std::vector<EmittedFile> &files) {
  // The kernels used, plus the headers they (and the model) include,
  // followed transitively through `#include "..."` lines.
  static const std::regex includeRe("#include \"([A-Za-z0-9_.]+)\"");
  std::set<std::string> needed(kernelFiles.begin(), kernelFiles.end());
  needed.insert("tmlc_types.h");
  needed.insert("tmlc_kernels.h");
  if (usesS8)
    needed.insert("tmlc_kernels_s8.h");
  std::vector<std::string> work(needed.begin(), needed.end());
  while (!work.empty()) {
    std::string name = work.back();
    work.pop_back();
    const RuntimeFile *f = findRuntimeFile(name);
    if (!f) {
      func.emitError() << "internal error: runtime file '" << name
                       << "' is not embedded in this tmlc";
      return failure();
    }
    for (auto it = std::sregex_iterator(f->contents.begin(), f->contents.end(),
                                        includeRe);
         it != std::sregex_iterator(); ++it) {
      std::string inc = (*it)[1];
      if (needed.insert(inc).second)
        work.push_back(inc);
    }
  }
  for (const RuntimeFile &f : runtimeFiles()) {
    std::string base = llvm::sys::path::filename(f.path).str();
    if (!needed.count(base))
      continue;
    if (base == "tmlc_cm_config.h") {
      // The DSP kernels compile in only the paths this model's layers take
      // (tmlc_cm_select.h); the runtime's own copy enables every path.
      std::string cfg = llvm::formatv(
          "/* Generated by tmlc: the paths of the Cortex-M DSP kernels this "
          "model's\n"
          " * layers take (bits of tmlc_cm_select.h); the others are "
          "compiled out. */\n"
          "#ifndef TMLC_CM_CONFIG_H\n#define TMLC_CM_CONFIG_H\n\n"
          "#define TMLC_CM_CONV_DSP_PATHS 0x{0:x-}u\n"
          "#define TMLC_CM_DW_DSP_PATHS 0x{1:x-}u\n"
          "#define TMLC_CM_FC_DSP_PATHS 0x{2:x-}u\n\n"
          "#endif /* TMLC_CM_CONFIG_H */\n",
          dspPaths[0], dspPaths[1], dspPaths[2]);
      files.push_back({renamePrefix(base), renamePrefix(cfg)});
      continue;
    }
    files.push_back({renamePrefix(base), renamePrefix(f.contents)});
  }
  return success();
}

LogicalResult Emitter::run(std::vector<EmittedFile> &files,
                           EmitSummary &summary) {
  Block &block = func.getBody().front();
  // Constants are emitted when an op first reads them (ptr()).
  for (Operation &op : block)
    if (failed(emitOp(&op)) || constFailed)
      return failure();
  for (auto [pos, v] : storage.outputCopies()) {
    int64_t bytes = StorageAnalysis::byteSize(v.getType());
    if (bytes == 0)
      continue;
    use("tmlc_copy.c");
    call("tmlc_copy", "outputs[" + std::to_string(pos) + "], " +
                          ptr(v, false) + ", " + std::to_string(bytes));
  }
  if (constFailed)
    return failure();
  files.push_back({prefix + ".h", header()});
  files.push_back({prefix + ".c", source()});
  if (failed(runtime(files)))
    return failure();
  summary.weightBytes = weightBytes;
  summary.arenaBytes = arenaSize();
  return success();
}

} // namespace

LogicalResult emitC(func::FuncOp func, const EmitOptions &options,
                    std::vector<EmittedFile> &files, EmitSummary &summary) {
  Emitter emitter(func, options);
  return emitter.run(files, summary);
}

} // namespace tmlc::target
