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

#include "mlir/Dialect/Quant/QuantTypes.h"
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
  LogicalResult emitConv(ConvOp op);
  LogicalResult emitPool(Operation *op, bool isMax);
  LogicalResult emitReduce(Operation *op, StringRef kernel,
                           ArrayRef<int64_t> axes);
  LogicalResult emitTranspose(TransposeOp op);
  LogicalResult emitConcat(ConcatOp op);
  LogicalResult emitSlice(SliceOp op);
  LogicalResult emitPad(PadOp op);
  LogicalResult emitGather(GatherOp op);

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
};

std::string Emitter::renamePrefix(const std::string &text) {
  static const std::regex lower("(^|[^A-Za-z0-9_])tmlc_");
  static const std::regex up("(^|[^A-Za-z0-9_])TMLC_");
  std::string s = std::regex_replace(text, lower, "$1" + prefix + "_");
  return std::regex_replace(s, up, "$1" + upper + "_");
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
  if (llvm::isa<FloatType>(xt.getElementType())) {
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

LogicalResult Emitter::emitOp(Operation *op) {
  if (llvm::isa<ConstantOp, ReshapeOp, func::ReturnOp>(op))
    return success();
  for (Value r : op->getResults())
    if (tensorOf(r).getNumElements() == 0)
      return success(); // nothing to compute
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
  int64_t arena = 0;
  if (auto a = func->getAttrOfType<IntegerAttr>("tmlc.arena_size"))
    arena = a.getInt();
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
    if (needed.count(base))
      files.push_back({renamePrefix(base), renamePrefix(f.contents)});
  }
  return success();
}

LogicalResult Emitter::run(std::vector<EmittedFile> &files,
                           EmitSummary &summary) {
  Block &block = func.getBody().front();
  // Constants first (only those something reads), in program order.
  std::set<Operation *> needed;
  for (Operation &op : block) {
    if (llvm::isa<ConstantOp, ReshapeOp>(op))
      continue;
    for (Value v : op.getOperands()) {
      Storage s = storage.get(v);
      if (s.kind == StorageKind::Constant && tensorOf(v).getNumElements() > 0)
        needed.insert(s.root.getDefiningOp());
    }
  }
  for (auto [pos, v] : storage.outputCopies()) {
    Storage s = storage.get(v);
    if (s.kind == StorageKind::Constant && tensorOf(v).getNumElements() > 0)
      needed.insert(s.root.getDefiningOp());
  }
  for (Operation &op : block)
    if (needed.count(&op) && failed(emitConstant(op.getResult(0))))
      return failure();
  for (Operation &op : block)
    if (failed(emitOp(&op)))
      return failure();
  for (auto [pos, v] : storage.outputCopies()) {
    int64_t bytes = StorageAnalysis::byteSize(v.getType());
    if (bytes == 0)
      continue;
    use("tmlc_copy.c");
    call("tmlc_copy", "outputs[" + std::to_string(pos) + "], " +
                          ptr(v, false) + ", " + std::to_string(bytes));
  }
  files.push_back({prefix + ".h", header()});
  files.push_back({prefix + ".c", source()});
  if (failed(runtime(files)))
    return failure();
  summary.weightBytes = weightBytes;
  if (auto a = func->getAttrOfType<IntegerAttr>("tmlc.arena_size"))
    summary.arenaBytes = a.getInt();
  return success();
}

} // namespace

LogicalResult emitC(func::FuncOp func, const EmitOptions &options,
                    std::vector<EmittedFile> &files, EmitSummary &summary) {
  Emitter emitter(func, options);
  return emitter.run(files, summary);
}

} // namespace tmlc::target
