//===- tmlc.cpp - the tmlc driver ---------------------------------*- C++ -*-===//
//
// tmlc compile MODEL -o DIR [--name N] [--target T] ...
// tmlc run MODEL --input NAME=FILE.npy ... -o DIR
//
// Thin: options -> frontend -> default pipeline -> C emitter. Exit status:
// 0 success, 1 model rejected, 2 usage error, 3 I/O error, 70 internal error.
//
//===----------------------------------------------------------------------===//
#include "compiler/Pipelines/Pipelines.h"
#include "dialects/TML/IR/TMLDialect.h"
#include "frontends/onnx/OnnxImporter.h"
#include "frontends/tflite/TFLiteImporter.h"
#include "targets/Common/TargetDescription.h"
#include "targets/Reference/CEmitter.h"
#include "tools/tmlc/Npy.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "compiler/Analysis/Storage.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

#ifndef TMLC_VERSION
#define TMLC_VERSION "0.0.0"
#endif

using namespace mlir;

namespace {

enum ExitCode { kOk = 0, kRejected = 1, kUsage = 2, kIO = 3, kInternal = 70 };

const char *kHelp = R"(tmlc - ahead-of-time compiler from ONNX and TFLite models to portable C99

Usage:
  tmlc compile MODEL -o OUTDIR [options]
  tmlc run MODEL [--input NAME=FILE.npy]... -o OUTDIR [options]
  tmlc targets [--json]
  tmlc --help | --version

compile writes OUTDIR/NAME.h, OUTDIR/NAME.c and the runtime sources the
model needs (no heap, no stdio, every symbol prefixed by NAME).
run compiles the model, builds it with the host C compiler, runs it on the
given inputs and writes each output as OUTDIR/<output name>.npy.

Options:
  -o, --output DIR          output folder (created if missing)
  --name NAME               C prefix of every symbol (default: the model's
                            file name)
  --target TARGET           core or board to compile for (default: host);
                            'tmlc targets' lists them
  --features LIST           adjust the core's features: -dsp, -mve, -fpu
                            (a '+' feature must be one the core has)
  --max-ram SIZE            RAM budget (bytes, or with K/M suffix); default:
                            the board's SRAM
  --max-flash SIZE          flash budget; default: the board's flash
  --no-fit-check            write the code even if the model does not fit
  --input-shape NAME=DxDx.. fix a dynamic input shape (compile)
  --input NAME=FILE.npy     an input value (run); FILE.npy alone takes the
                            next input in model order
  --cc CC                   host C compiler for run (default: $CC or cc)
  --keep-build DIR          run: keep the generated build folder in DIR
  --dump-ir                 print the final tml IR to stdout
  --subgraph N              TFLite: compile subgraph N (default: 0)
  --signature KEY           TFLite: compile the subgraph of signature KEY
  --help, --version

Exit status: 0 success, 1 model rejected, 2 usage error, 3 I/O error,
70 internal error. Diagnostics go to stderr as
  model.onnx: node 'conv3' (Conv): error: ...
)";

struct Options {
  std::string command, model, outDir, name, target = "host", cc, keepBuild;
  std::string features;
  std::optional<uint64_t> maxRam, maxFlash;
  std::optional<unsigned> subgraph; // TFLite --subgraph
  std::string signature;            // TFLite --signature
  bool dumpIR = false, fitCheck = true, json = false;
  tmlc::target::TargetDescription targetDesc;
  std::map<std::string, std::vector<int64_t>> inputShapes;
  std::vector<std::pair<std::string, std::string>> inputs; // name (may be ""), file
};

int usage(const std::string &msg) {
  llvm::errs() << "tmlc: error: " << msg << "\n"
               << "Try 'tmlc --help' for more information.\n";
  return kUsage;
}

std::string baseName(const std::string &path) {
  return llvm::sys::path::filename(path).str();
}

/// Prints one diagnostic in the form `file: node 'x' (Op): error: msg`.
void printError(const std::string &file, const std::string &where,
                const std::string &msg) {
  llvm::errs() << file << ": ";
  if (!where.empty())
    llvm::errs() << where << ": ";
  llvm::errs() << "error: " << msg << "\n";
}

/// "640K", "2M", "1024" -> bytes.
std::optional<uint64_t> parseSize(llvm::StringRef text) {
  uint64_t mult = 1;
  if (text.ends_with_insensitive("k") || text.ends_with_insensitive("kib")) {
    mult = 1024;
    text = text.rtrim("kKiIbB");
  } else if (text.ends_with_insensitive("m") || text.ends_with_insensitive("mib")) {
    mult = 1024 * 1024;
    text = text.rtrim("mMiIbB");
  }
  uint64_t v;
  if (text.empty() || text.getAsInteger(10, v))
    return std::nullopt;
  return v * mult;
}

/// Applies --features to a loaded target; returns an error message.
std::string applyFeatures(tmlc::target::TargetDescription &t,
                          llvm::StringRef list) {
  using tmlc::target::KernelVariant;
  llvm::SmallVector<llvm::StringRef> items;
  list.split(items, ',', -1, false);
  for (llvm::StringRef item : items) {
    item = item.trim();
    if (item.size() < 2 || (item[0] != '+' && item[0] != '-'))
      return "feature '" + item.str() + "' must start with '+' or '-'";
    bool add = item[0] == '+';
    llvm::StringRef f = item.drop_front();
    bool has;
    if (f == "dsp")
      has = t.dsp;
    else if (f == "mve")
      has = t.mve != tmlc::target::MveKind::None;
    else if (f == "fpu")
      has = t.fpu != tmlc::target::FpuKind::None;
    else
      return "unknown feature '" + f.str() + "' (known: dsp, mve, fpu)";
    if (add && !has)
      return "target '" + t.name + "' (" + t.coreName + ") cannot have '" +
             f.str() + "'";
    if (add)
      continue;
    if (f == "dsp") {
      t.dsp = false;
      if (t.kernels == KernelVariant::Dsp)
        t.kernels = KernelVariant::Portable;
    } else if (f == "mve") {
      t.mve = tmlc::target::MveKind::None;
      if (t.kernels == KernelVariant::Mve)
        t.kernels = t.dsp ? KernelVariant::Dsp : KernelVariant::Portable;
    } else {
      t.fpu = tmlc::target::FpuKind::None;
    }
  }
  return "";
}

int listTargetsCommand(bool json) {
  using namespace tmlc::target;
  std::vector<std::string> names = listEmbeddedTargets();
  if (json)
    llvm::outs() << "[\n";
  bool first = true;
  for (const std::string &name : names) {
    auto t = loadEmbeddedTarget(name);
    if (!t) {
      llvm::errs() << "tmlc: internal error: target '" << name
                   << "': " << llvm::toString(t.takeError()) << "\n";
      return kInternal;
    }
    auto kib = [](std::optional<uint64_t> v) {
      return v ? std::to_string(*v / 1024) + " KiB" : std::string("-");
    };
    if (json) {
      llvm::outs() << (first ? "" : ",\n") << "  {\"name\": \"" << t->name
                   << "\", \"kind\": \"" << toString(t->kind)
                   << "\", \"core\": \"" << t->coreName << "\", \"kernels\": \""
                   << toString(t->kernels) << "\", \"flash_bytes\": "
                   << (t->flashBytes ? std::to_string(*t->flashBytes) : "null")
                   << ", \"ram_bytes\": "
                   << (t->ramBytes ? std::to_string(*t->ramBytes) : "null")
                   << ", \"clock_hz\": "
                   << (t->clockHz ? std::to_string(*t->clockHz) : "null") << "}";
    } else {
      llvm::outs() << llvm::left_justify(t->name, 14) << " "
                   << llvm::left_justify(toString(t->kind), 5) << " core "
                   << llvm::left_justify(t->coreName, 13) << " kernels "
                   << llvm::left_justify(toString(t->kernels), 8) << " flash "
                   << llvm::left_justify(kib(t->flashBytes), 10) << " RAM "
                   << llvm::left_justify(kib(t->ramBytes), 10) << " "
                   << (t->clockHz ? std::to_string(*t->clockHz / 1000000) + " MHz"
                                  : std::string(""))
                   << "\n    " << t->description << "\n";
    }
    first = false;
  }
  if (json)
    llvm::outs() << "\n]\n";
  return kOk;
}

std::optional<int> parseArgs(int argc, char **argv, Options &o) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty())
    return usage("no command given (expected 'compile' or 'run')");
  for (const std::string &a : args) {
    if (a == "--help" || a == "-h") {
      llvm::outs() << kHelp;
      return kOk;
    }
    if (a == "--version") {
      llvm::outs() << "tmlc " << TMLC_VERSION << " (LLVM/MLIR "
                   << LLVM_VERSION_STRING << ")\n";
      return kOk;
    }
  }
  o.command = args[0];
  if (o.command == "targets") {
    for (size_t k = 1; k < args.size(); ++k) {
      if (args[k] == "--json")
        o.json = true;
      else
        return usage("unexpected argument '" + args[k] + "' for 'targets'");
    }
    return listTargetsCommand(o.json);
  }
  if (o.command != "compile" && o.command != "run")
    return usage("unknown command '" + o.command +
                 "' (expected 'compile', 'run' or 'targets')");
  for (size_t k = 1; k < args.size(); ++k) {
    std::string a = args[k];
    std::string value;
    bool hasInline = false;
    if (a.rfind("--", 0) == 0 && a.find('=') != std::string::npos) {
      value = a.substr(a.find('=') + 1);
      a = a.substr(0, a.find('='));
      hasInline = true;
    }
    auto next = [&](std::string &dst) -> bool {
      if (hasInline) {
        dst = value;
        return true;
      }
      if (k + 1 >= args.size())
        return false;
      dst = args[++k];
      return true;
    };
    if (a == "-o" || a == "--output") {
      if (!next(o.outDir))
        return usage("option '" + a + "' needs a folder");
    } else if (a == "--name") {
      if (!next(o.name))
        return usage("option '--name' needs a value");
    } else if (a == "--target") {
      if (!next(o.target))
        return usage("option '--target' needs a value");
    } else if (a == "--cc") {
      if (!next(o.cc))
        return usage("option '--cc' needs a value");
    } else if (a == "--keep-build") {
      if (!next(o.keepBuild))
        return usage("option '--keep-build' needs a folder");
    } else if (a == "--dump-ir") {
      o.dumpIR = true;
    } else if (a == "--no-fit-check") {
      o.fitCheck = false;
    } else if (a == "--features") {
      if (!next(o.features))
        return usage("option '--features' needs a list such as -dsp");
    } else if (a == "--max-ram" || a == "--max-flash") {
      std::string v;
      if (!next(v))
        return usage("option '" + a + "' needs a size");
      auto size = parseSize(v);
      if (!size)
        return usage("bad size '" + v + "' for " + a +
                     " (bytes, or a number with K or M)");
      (a == "--max-ram" ? o.maxRam : o.maxFlash) = *size;
    } else if (a == "--input-shape") {
      std::string spec;
      if (!next(spec) || spec.find('=') == std::string::npos)
        return usage("option '--input-shape' needs NAME=DxDx...");
      std::string name = spec.substr(0, spec.rfind('='));
      std::vector<int64_t> dims;
      llvm::SmallVector<llvm::StringRef> parts;
      llvm::StringRef(spec).substr(spec.rfind('=') + 1).split(parts, 'x');
      for (llvm::StringRef p : parts) {
        int64_t d;
        if (p.getAsInteger(10, d) || d < 0)
          return usage("bad dimension '" + p.str() + "' in --input-shape");
        dims.push_back(d);
      }
      o.inputShapes[name] = dims;
    } else if (a == "--subgraph") {
      std::string v;
      unsigned n;
      if (!next(v) || llvm::StringRef(v).getAsInteger(10, n))
        return usage("option '--subgraph' needs a subgraph index (0, 1, ...)");
      o.subgraph = n;
    } else if (a == "--signature") {
      if (!next(o.signature) || o.signature.empty())
        return usage("option '--signature' needs a signature key");
    } else if (a == "--input" || a == "-i") {
      std::string spec;
      if (!next(spec))
        return usage("option '--input' needs NAME=FILE.npy");
      size_t eq = spec.rfind('=');
      if (eq == std::string::npos)
        o.inputs.push_back({"", spec});
      else
        o.inputs.push_back({spec.substr(0, eq), spec.substr(eq + 1)});
    } else if (!a.empty() && a[0] == '-') {
      return usage("unknown option '" + a + "'");
    } else if (o.model.empty()) {
      o.model = a;
    } else {
      return usage("unexpected argument '" + a + "' (one model at a time)");
    }
  }
  if (o.model.empty())
    return usage("no model file given");
  if ((o.subgraph || !o.signature.empty()) &&
      !llvm::StringRef(o.model).ends_with_insensitive(".tflite"))
    return usage("--subgraph and --signature select part of a TFLite model; '" +
                 o.model + "' is not a .tflite file");
  if (o.subgraph && !o.signature.empty())
    return usage("give --subgraph or --signature, not both");
  if (o.outDir.empty())
    return usage("no output folder given (use -o DIR)");
  {
    auto t = tmlc::target::loadEmbeddedTarget(o.target);
    if (!t) {
      std::string known;
      for (const std::string &n : tmlc::target::listEmbeddedTargets())
        known += (known.empty() ? "" : ", ") + n;
      llvm::consumeError(t.takeError());
      return usage("unknown target '" + o.target + "' (known: " + known + ")");
    }
    o.targetDesc = *t;
    std::string err = applyFeatures(o.targetDesc, o.features);
    if (!err.empty())
      return usage(err);
  }
  if (o.command == "compile" && !o.inputs.empty())
    return usage("--input is for 'tmlc run'");
  if (o.name.empty()) {
    std::string stem = llvm::sys::path::stem(o.model).str();
    std::string n;
    for (char c : stem)
      n += std::isalnum((unsigned char)c) ? char(std::tolower((unsigned char)c)) : '_';
    if (n.empty() || std::isdigit((unsigned char)n[0]))
      n = "m_" + n;
    if (!tmlc::target::isValidModelName(n))
      n = "model";
    o.name = n;
  }
  if (!tmlc::target::isValidModelName(o.name))
    return usage("--name '" + o.name +
                 "' is not a valid C identifier prefix (letters, digits, '_'; "
                 "not starting with a digit or '_'; not 'tmlc')");
  if (!llvm::sys::fs::exists(o.model))
    return usage("model file '" + o.model + "' does not exist");
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Compilation
//===----------------------------------------------------------------------===//

struct Compiled {
  int64_t arenaBytes = 0, weightBytes = 0, ioBytes = 0;
  std::vector<tmlc::target::EmittedFile> files;
  tmlc::ModelIO io;
  std::vector<RankedTensorType> inputTypes, outputTypes;
};

mlir::Type elementTypeOf(MLIRContext &ctx, const std::string &descr) {
  Builder b(&ctx);
  if (descr == "<f4")
    return b.getF32Type();
  if (descr == "<f8")
    return b.getF64Type();
  if (descr == "|i1")
    return b.getIntegerType(8);
  if (descr == "|u1")
    return b.getIntegerType(8, false);
  if (descr == "<i2")
    return b.getIntegerType(16);
  if (descr == "<u2")
    return b.getIntegerType(16, false);
  if (descr == "<i4")
    return b.getIntegerType(32);
  if (descr == "<u4")
    return b.getIntegerType(32, false);
  if (descr == "<i8")
    return b.getIntegerType(64);
  if (descr == "<u8")
    return b.getIntegerType(64, false);
  if (descr == "|b1")
    return b.getI1Type();
  return {};
}

/// Quantized element types travel as their integer storage type (int8
/// models take and give NPY int8).
Type storageTypeOf(Type t) {
  if (auto q = llvm::dyn_cast<mlir::quant::QuantizedType>(t))
    return IntegerType::get(t.getContext(), q.getStorageTypeIntegralWidth(),
                            q.isSigned() ? IntegerType::Signless
                                         : IntegerType::Unsigned);
  return t;
}

std::string descrOf(Type t) {
  t = storageTypeOf(t);
  if (t.isF32())
    return "<f4";
  if (t.isF64())
    return "<f8";
  auto it = llvm::cast<IntegerType>(t);
  if (it.getWidth() == 1)
    return "|b1";
  std::string kind = it.isUnsigned() ? "u" : "i";
  if (it.getWidth() == 8)
    return "|" + kind + "1";
  return "<" + kind + std::to_string(it.getWidth() / 8);
}

/// 'a', 'b', 'c'
std::string quotedList(llvm::ArrayRef<std::string> names) {
  return llvm::join(
      llvm::map_range(names, [](const std::string &n) { return "'" + n + "'"; }),
      ", ");
}

bool isTFLite(const std::string &path) {
  return llvm::StringRef(path).ends_with_insensitive(".tflite");
}

/// Imports an ONNX or TFLite file; on failure prints the one diagnostic and
/// returns null.
OwningOpRef<ModuleOp> importModel(const Options &o, MLIRContext &ctx,
                                  const tmlc::ImportOptions &importOptions,
                                  tmlc::ModelIO &io, int &exitCode) {
  exitCode = kRejected;
  if (isTFLite(o.model)) {
    tmlc::tflite::ImportOptions topts;
    tmlc::tflite::ImportedIO tio;
    llvm::Expected<tmlc::tflite::Model> model =
        tmlc::tflite::Model::loadFile(o.model);
    if (!model) {
      llvm::errs() << llvm::toString(model.takeError()) << "\n";
      return nullptr;
    }
    // Which subgraph: --signature KEY, --subgraph N, or 0. Naming one the
    // file does not have is a usage error (exit 2), not a bad model.
    if (!o.signature.empty()) {
      const tmlc::tflite::SignatureDef *sig = nullptr;
      std::vector<std::string> keys;
      for (const auto &s : model->signatures) {
        keys.push_back(s.key);
        if (s.key == o.signature)
          sig = &s;
      }
      if (!sig) {
        printError(o.model, "",
                   "no signature '" + o.signature + "' in the model (" +
                       (keys.empty() ? std::string("it has none")
                                     : "it has " + quotedList(keys)) +
                       ")");
        exitCode = kUsage;
        return nullptr;
      }
      topts.subgraph = sig->subgraphIndex;
    } else if (o.subgraph) {
      topts.subgraph = *o.subgraph;
    }
    if (topts.subgraph >= model->subgraphs.size()) {
      printError(o.model, "",
                 "subgraph " + std::to_string(topts.subgraph) +
                     " does not exist (the model has " +
                     std::to_string(model->subgraphs.size()) + ")");
      exitCode = kUsage;
      return nullptr;
    }
    auto m = tmlc::tflite::importTFLite(ctx, *model, topts, tio);
    if (!m) {
      llvm::errs() << llvm::toString(m.takeError()) << "\n";
      return nullptr;
    }
    io.inputNames = tio.inputNames;
    io.outputNames = tio.outputNames;
    return std::move(*m);
  }
  tmlc::ImportError err;
  OwningOpRef<ModuleOp> module =
      tmlc::importOnnx(ctx, o.model, importOptions, io, err);
  if (!module) {
    std::string where;
    if (!err.nodeName.empty() || !err.nodeOp.empty())
      where = "node " + err.nodeName + " (" + err.nodeOp + ")";
    if (err.usage)
      exitCode = kUsage;
    std::string msg = err.message;
    if (err.unsupported && msg.find("unsupported") == std::string::npos)
      msg = "unsupported: " + msg;
    printError(o.model, where, msg);
  }
  return module;
}

int compileModel(const Options &o, MLIRContext &ctx,
                 const tmlc::ImportOptions &importOptions, Compiled &out) {
  std::string file = o.model;
  int importExit;
  OwningOpRef<ModuleOp> module =
      importModel(o, ctx, importOptions, out.io, importExit);
  if (!module)
    return importExit;
  // Every --input-shape must name an input of the model; a TFLite input's
  // shape is fixed in the file, so there it may only restate it.
  for (const auto &[name, dims] : o.inputShapes) {
    auto it = llvm::find(out.io.inputNames, name);
    if (it == out.io.inputNames.end()) {
      printError(file, "",
                 "--input-shape names '" + name +
                     "', which is not an input of the model (inputs: " +
                     quotedList(out.io.inputNames) + ")");
      return kUsage;
    }
    if (isTFLite(o.model)) {
      auto fn = *module->getOps<func::FuncOp>().begin();
      auto t = llvm::dyn_cast<RankedTensorType>(
          fn.getArgumentTypes()[it - out.io.inputNames.begin()]);
      if (t && t.getShape() != llvm::ArrayRef<int64_t>(dims)) {
        std::string want = llvm::join(
            llvm::map_range(t.getShape(),
                            [](int64_t d) { return std::to_string(d); }),
            "x");
        printError(file, "",
                   "input '" + name + "' has the fixed shape " +
                       (want.empty() ? "scalar" : want) +
                       " in the TFLite file; --input-shape cannot change it");
        return kUsage;
      }
    }
  }

  // From here on problems are MLIR diagnostics located at a node.
  bool reported = false;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &diag) {
    if (diag.getSeverity() != DiagnosticSeverity::Error || reported)
      return success();
    reported = true;
    std::string where;
    if (auto name = llvm::dyn_cast<NameLoc>(diag.getLocation()))
      where = name.getName().str();
    printError(file, where, diag.str());
    return success();
  });
  if (failed(verify(*module))) {
    if (!reported)
      printError(file, "", "the imported model does not verify");
    return kRejected;
  }
  PassManager pm(&ctx);
  tmlc::DefaultPipelineOptions pipelineOptions;
  tmlc::buildDefaultPipeline(pm, pipelineOptions);
  if (failed(pm.run(*module))) {
    if (!reported)
      printError(file, "", "compilation failed");
    return kRejected;
  }
  auto func = *module->getOps<func::FuncOp>().begin();
  if (o.dumpIR)
    module->print(llvm::outs());
  tmlc::target::EmitOptions emitOptions;
  emitOptions.name = o.name;
  emitOptions.inputNames = out.io.inputNames;
  emitOptions.outputNames = out.io.outputNames;
  emitOptions.sourceName = baseName(o.model);
  emitOptions.kernels = toString(o.targetDesc.kernels).str();
  tmlc::target::EmitSummary summary;
  if (failed(tmlc::target::emitC(func, emitOptions, out.files, summary))) {
    if (!reported)
      printError(file, "", "C emission failed");
    return kRejected;
  }
  // Does it fit? RAM: the arena plus the caller's input and output
  // buffers; flash: the weights (code comes on top and depends on the
  // toolchain, so it is not counted here).
  int64_t ioBytes = 0;
  for (Type t : func.getArgumentTypes())
    ioBytes += tmlc::StorageAnalysis::byteSize(t);
  for (Type t : func.getResultTypes())
    ioBytes += tmlc::StorageAnalysis::byteSize(t);
  out.arenaBytes = summary.arenaBytes;
  out.weightBytes = summary.weightBytes;
  out.ioBytes = ioBytes;
  std::optional<uint64_t> ram = o.maxRam ? o.maxRam : o.targetDesc.ramBytes;
  std::optional<uint64_t> flash =
      o.maxFlash ? o.maxFlash : o.targetDesc.flashBytes;
  auto kib = [](uint64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, v % 1024 ? "%.1f KiB" : "%.0f KiB",
                  double(v) / 1024.0);
    return std::string(buf);
  };
  if (o.fitCheck && ram && uint64_t(summary.arenaBytes + ioBytes) > *ram) {
    printError(file, "",
               "does not fit: needs " + kib(summary.arenaBytes + ioBytes) +
                   " RAM (arena " + kib(summary.arenaBytes) + " + inputs/outputs " +
                   kib(ioBytes) + "), " + (o.maxRam ? std::string("--max-ram is")
                                                     : o.targetDesc.name + " has") +
                   " " + kib(*ram) + " (use --no-fit-check to emit anyway)");
    return kRejected;
  }
  if (o.fitCheck && flash && uint64_t(summary.weightBytes) > *flash) {
    printError(file, "",
               "does not fit: needs " + kib(summary.weightBytes) +
                   " flash for the weights, " +
                   (o.maxFlash ? std::string("--max-flash is")
                               : o.targetDesc.name + " has") +
                   " " + kib(*flash) + " (use --no-fit-check to emit anyway)");
    return kRejected;
  }
  for (Type t : func.getArgumentTypes())
    out.inputTypes.push_back(llvm::cast<RankedTensorType>(t));
  for (Type t : func.getResultTypes())
    out.outputTypes.push_back(llvm::cast<RankedTensorType>(t));
  return kOk;
}

/// Writes files into dir; on failure removes what it wrote.
int writeFiles(const std::string &dir,
               const std::vector<std::pair<std::string, std::string>> &files) {
  if (std::error_code ec = llvm::sys::fs::create_directories(dir)) {
    llvm::errs() << "tmlc: error: cannot create folder '" << dir
                 << "': " << ec.message() << "\n";
    return kIO;
  }
  std::vector<std::string> written;
  for (const auto &[name, contents] : files) {
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, name);
    std::error_code ec;
    {
      llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
      if (!ec) {
        os << contents;
        os.close();
        if (os.has_error()) {
          ec = os.error();
          os.clear_error();
        }
      }
    }
    if (ec) {
      llvm::errs() << "tmlc: error: cannot write '" << path
                   << "': " << ec.message() << "\n";
      for (const std::string &w : written)
        llvm::sys::fs::remove(w);
      llvm::sys::fs::remove(path);
      return kIO;
    }
    written.push_back(path.str().str());
  }
  return kOk;
}

std::vector<std::pair<std::string, std::string>>
asPairs(const std::vector<tmlc::target::EmittedFile> &files) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto &f : files)
    out.push_back({f.name, f.contents});
  return out;
}

//===----------------------------------------------------------------------===//
// tmlc run
//===----------------------------------------------------------------------===//

std::string sanitizeFileName(const std::string &s) {
  std::string out;
  for (char c : s)
    out += (std::isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-')
               ? c
               : '_';
  if (out.empty() || out == "." || out == "..")
    out = "_" + out;
  return out;
}

std::string harnessMain(const std::string &name, const Compiled &c) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "/* Host harness written by tmlc run. */\n"
        "#include <stdio.h>\n#include <stdlib.h>\n#include <stdint.h>\n"
        "#include \""
     << name << ".h\"\n\n";
  os << "static int load(const char *path, void *dst, size_t n) {\n"
        "  FILE *f = fopen(path, \"rb\");\n"
        "  size_t got;\n"
        "  if (!f) return 1;\n"
        "  got = n ? fread(dst, 1, n, f) : 0;\n"
        "  fclose(f);\n"
        "  return got != n;\n}\n\n";
  os << "static int store(const char *path, const void *src, size_t n) {\n"
        "  FILE *f = fopen(path, \"wb\");\n"
        "  size_t put;\n"
        "  if (!f) return 1;\n"
        "  put = n ? fwrite(src, 1, n, f) : 0;\n"
        "  return (fclose(f) != 0) || put != n;\n}\n\n";
  size_t ni = c.inputTypes.size(), no = c.outputTypes.size();
  os << "int main(int argc, char **argv) {\n";
  os << "  static const size_t in_bytes[] = {0";
  for (auto t : c.inputTypes)
    os << ", " << tmlc::StorageAnalysis::byteSize(t);
  os << "};\n  static const size_t out_bytes[] = {0";
  for (auto t : c.outputTypes)
    os << ", " << tmlc::StorageAnalysis::byteSize(t);
  os << "};\n";
  os << "  const void *ins[" << ni + 1 << "];\n  void *outs[" << no + 1
     << "];\n  void *raw[" << ni + no + 1 << "];\n";
  os << "  unsigned char *arena_raw, *arena;\n  int k, st;\n";
  os << "  if (argc != " << ni + no + 1 << ") return 90;\n";
  os << "  arena_raw = (unsigned char *)malloc(" << llvm::StringRef(name).upper()
     << "_ARENA_SIZE + 16u);\n  if (!arena_raw) return 91;\n"
        "  arena = arena_raw + ((16u - ((uintptr_t)arena_raw & 15u)) & 15u);\n";
  os << "  for (k = 0; k < " << ni << "; ++k) {\n"
        "    raw[k] = malloc(in_bytes[k + 1] + 1);\n"
        "    if (!raw[k] || load(argv[1 + k], raw[k], in_bytes[k + 1])) return 92;\n"
        "    ins[k] = raw[k];\n  }\n";
  os << "  for (k = 0; k < " << no << "; ++k) {\n"
        "    outs[k] = malloc(out_bytes[k + 1] + 1);\n"
        "    if (!outs[k]) return 93;\n  }\n";
  os << "  st = " << name << "_run(arena, ins, outs);\n";
  os << "  if (st != 0) { fprintf(stderr, \"model returned status %d\\n\", st); "
        "return 100 + st; }\n";
  os << "  for (k = 0; k < " << no << "; ++k)\n"
        "    if (store(argv[1 + "
     << ni << " + k], outs[k], out_bytes[k + 1])) return 94;\n";
  os << "  return 0;\n}\n";
  return s;
}

int runModel(const Options &o, MLIRContext &ctx) {
  // Read every input file first: a bad file is a usage error.
  tmlc::ImportOptions importOptions;
  importOptions.inputShapes = o.inputShapes;
  std::vector<std::pair<std::string, tmlc::npy::Array>> arrays;
  for (const auto &[name, path] : o.inputs) {
    tmlc::npy::Array a;
    std::string err;
    if (!tmlc::npy::read(path, a, err))
      return usage("input file '" + path + "': " + err);
    arrays.push_back({name, std::move(a)});
  }
  // Name positional inputs after the model's input order: import once
  // without values to learn the names.
  bool positional = llvm::any_of(arrays, [](auto &p) { return p.first.empty(); });
  if (positional) {
    tmlc::ModelIO io;
    int importExit;
    auto m = importModel(o, ctx, importOptions, io, importExit);
    if (!m)
      return importExit;
    size_t next = 0;
    for (auto &[name, a] : arrays)
      if (name.empty()) {
        if (next >= io.inputNames.size())
          return usage("more positional --input files than model inputs");
        name = io.inputNames[next++];
      }
  }
  std::map<std::string, const tmlc::npy::Array *> byName;
  for (auto &[name, a] : arrays) {
    if (byName.count(name))
      return usage("input '" + name + "' given twice");
    byName[name] = &a;
    Type et = elementTypeOf(ctx, a.descr);
    if (!et)
      continue; // reported below if the compiled model needs this input
    auto type = RankedTensorType::get(a.shape, et);
    importOptions.inputShapes[name] = a.shape;
    if (et.isInteger(1)) {
      llvm::SmallVector<bool> v;
      for (char c : a.data)
        v.push_back(c != 0);
      importOptions.inputValues[name] = DenseElementsAttr::get(type, llvm::ArrayRef<bool>(v));
    } else {
      importOptions.inputValues[name] = DenseElementsAttr::getFromRawBuffer(
          type, llvm::ArrayRef<char>(a.data.data(), a.data.size()));
    }
  }

  Compiled c;
  if (int rc = compileModel(o, ctx, importOptions, c))
    return rc;
  for (size_t k = 0; k < c.io.inputNames.size(); ++k) {
    const std::string &name = c.io.inputNames[k];
    auto it = byName.find(name);
    if (it == byName.end())
      return usage("missing --input for model input '" + name + "'");
    Type et = elementTypeOf(ctx, it->second->descr);
    if (!et)
      return usage("input '" + name + "': unsupported dtype '" +
                   it->second->descr + "'");
    if (et != storageTypeOf(c.inputTypes[k].getElementType()) ||
        llvm::ArrayRef<int64_t>(it->second->shape) != c.inputTypes[k].getShape()) {
      std::string want;
      llvm::raw_string_ostream os(want);
      os << c.inputTypes[k];
      return usage("input '" + name + "' has dtype " + it->second->descr +
                   " and shape (" + llvm::join(llvm::map_range(it->second->shape, [](int64_t d) { return std::to_string(d); }), ", ") +
                   "), the model expects " + want);
    }
  }
  for (const auto &[name, a] : byName) {
    bool known = llvm::is_contained(c.io.inputNames, name) ||
                 llvm::is_contained(c.io.frozenInputs, name);
    if (!known)
      return usage("the model has no input named '" + name + "'");
  }

  // Build in a private folder.
  llvm::SmallString<256> build;
  if (!o.keepBuild.empty()) {
    build = o.keepBuild;
  } else if (std::error_code ec =
                 llvm::sys::fs::createUniqueDirectory("tmlc-run", build)) {
    llvm::errs() << "tmlc: error: cannot create a build folder: " << ec.message()
                 << "\n";
    return kIO;
  }
  auto cleanup = llvm::make_scope_exit([&] {
    if (o.keepBuild.empty())
      llvm::sys::fs::remove_directories(build);
  });
  auto files = asPairs(c.files);
  files.push_back({"tmlc_run_main.c", harnessMain(o.name, c)});
  std::vector<std::string> inFiles, outFiles;
  for (size_t k = 0; k < c.io.inputNames.size(); ++k) {
    const auto *a = byName[c.io.inputNames[k]];
    std::string f = "in" + std::to_string(k) + ".bin";
    files.push_back({f, std::string(a->data.begin(), a->data.end())});
    inFiles.push_back((build + "/" + f).str());
  }
  for (size_t k = 0; k < c.outputTypes.size(); ++k)
    outFiles.push_back((build + "/out" + std::to_string(k) + ".bin").str());
  if (int rc = writeFiles(build.str().str(), files))
    return rc;

  std::string cc = o.cc;
  if (cc.empty()) {
    const char *env = std::getenv("CC");
    cc = env && *env ? env : "cc";
  }
  auto ccPath = llvm::sys::findProgramByName(cc);
  if (!ccPath) {
    llvm::errs() << "tmlc: error: host C compiler '" << cc << "' not found\n";
    return kIO;
  }
  std::vector<std::string> ccArgs = {*ccPath, "-std=c99", "-O1",
                                     "-ffp-contract=off", "-o",
                                     (build + "/model").str()};
  for (const auto &[name, contents] : files)
    if (llvm::StringRef(name).ends_with(".c"))
      ccArgs.push_back((build + "/" + name).str());
  ccArgs.push_back("-lm");
  std::vector<llvm::StringRef> argv(ccArgs.begin(), ccArgs.end());
  std::string errMsg;
  int rc = llvm::sys::ExecuteAndWait(*ccPath, argv, std::nullopt, {}, 0, 0,
                                     &errMsg);
  if (rc != 0) {
    llvm::errs() << "tmlc: internal error: the generated C did not compile ("
                 << cc << " exit " << rc << ")\n";
    return kInternal;
  }
  std::vector<std::string> runArgs = {(build + "/model").str()};
  runArgs.insert(runArgs.end(), inFiles.begin(), inFiles.end());
  runArgs.insert(runArgs.end(), outFiles.begin(), outFiles.end());
  std::vector<llvm::StringRef> rargv(runArgs.begin(), runArgs.end());
  rc = llvm::sys::ExecuteAndWait(runArgs[0], rargv, std::nullopt, {}, 0, 0,
                                 &errMsg);
  if (rc >= 100 && rc < 200) {
    printError(o.model, "", "the model failed at run time with status " +
                                std::to_string(rc - 100));
    return kRejected;
  }
  if (rc != 0) {
    llvm::errs() << "tmlc: internal error: the compiled model exited with "
                 << rc << (errMsg.empty() ? "" : " (" + errMsg + ")") << "\n";
    return kInternal;
  }
  std::vector<std::pair<std::string, std::string>> outputs;
  for (size_t k = 0; k < c.outputTypes.size(); ++k) {
    auto buf = llvm::MemoryBuffer::getFile(outFiles[k]);
    if (!buf) {
      llvm::errs() << "tmlc: internal error: output " << k << " missing\n";
      return kInternal;
    }
    tmlc::npy::Array a;
    a.descr = descrOf(c.outputTypes[k].getElementType());
    a.shape.assign(c.outputTypes[k].getShape().begin(),
                   c.outputTypes[k].getShape().end());
    a.data.assign((*buf)->getBufferStart(), (*buf)->getBufferEnd());
    outputs.push_back({sanitizeFileName(c.io.outputNames[k]) + ".npy",
                       tmlc::npy::encode(a)});
  }
  if (int wrc = writeFiles(o.outDir, outputs))
    return wrc;
  for (const auto &[name, contents] : outputs)
    llvm::outs() << "wrote " << o.outDir << "/" << name << "\n";
  return kOk;
}

} // namespace

int main(int argc, char **argv) {
  Options o;
  if (auto rc = parseArgs(argc, argv, o))
    return *rc;
  DialectRegistry registry;
  registry.insert<tmlc::tml::TMLDialect, func::FuncDialect,
                  quant::QuantizationDialect>();
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  if (o.command == "run")
    return runModel(o, ctx);
  Compiled c;
  tmlc::ImportOptions importOptions;
  importOptions.inputShapes = o.inputShapes;
  if (int rc = compileModel(o, ctx, importOptions, c))
    return rc;
  if (int rc = writeFiles(o.outDir, asPairs(c.files)))
    return rc;
  return kOk;
}
