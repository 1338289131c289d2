//===- TargetDescription.cpp - microcontroller targets as data ------------===//

#include "targets/Common/TargetDescription.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>

using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
namespace json = llvm::json;

namespace tmlc::target {

StringRef toString(TargetKind k) {
  return k == TargetKind::Core ? "core" : "board";
}
StringRef toString(FpuKind f) {
  switch (f) {
  case FpuKind::None:
    return "none";
  case FpuKind::Single:
    return "sp";
  case FpuKind::Double:
    return "dp";
  }
  return "none";
}
StringRef toString(MveKind m) {
  switch (m) {
  case MveKind::None:
    return "none";
  case MveKind::Integer:
    return "int";
  case MveKind::Float:
    return "float";
  }
  return "none";
}
StringRef toString(KernelVariant v) {
  switch (v) {
  case KernelVariant::Portable:
    return "portable";
  case KernelVariant::Dsp:
    return "dsp";
  case KernelVariant::Mve:
    return "mve";
  }
  return "portable";
}

namespace {

/// Facts about the Cortex-M cores gcc's -mcpu names, used to reject target
/// files whose ISA fields contradict their compiler flags.
struct CpuFacts {
  StringRef cpu;
  StringRef arch;
  FpuKind maxFpu;
  bool dsp;
  MveKind maxMve;
  StringRef fpuName; ///< For messages.
};

const CpuFacts kCpus[] = {
    {"cortex-m0", "armv6-m", FpuKind::None, false, MveKind::None, "no FPU"},
    {"cortex-m0plus", "armv6-m", FpuKind::None, false, MveKind::None,
     "no FPU"},
    {"cortex-m1", "armv6-m", FpuKind::None, false, MveKind::None, "no FPU"},
    {"cortex-m3", "armv7-m", FpuKind::None, false, MveKind::None, "no FPU"},
    {"cortex-m4", "armv7e-m", FpuKind::Single, true, MveKind::None,
     "at most a single-precision FPU (FPv4-SP)"},
    {"cortex-m7", "armv7e-m", FpuKind::Double, true, MveKind::None,
     "at most a double-precision FPU (FPv5)"},
    {"cortex-m23", "armv8-m.base", FpuKind::None, false, MveKind::None,
     "no FPU"},
    {"cortex-m33", "armv8-m.main", FpuKind::Single, true, MveKind::None,
     "at most a single-precision FPU (FPv5-SP)"},
    {"cortex-m35p", "armv8-m.main", FpuKind::Single, true, MveKind::None,
     "at most a single-precision FPU (FPv5-SP)"},
    {"cortex-m55", "armv8.1-m.main", FpuKind::Double, true, MveKind::Float,
     "at most a double-precision FPU"},
    {"cortex-m85", "armv8.1-m.main", FpuKind::Double, true, MveKind::Float,
     "at most a double-precision FPU"},
};

const CpuFacts *findCpu(StringRef cpu) {
  for (const CpuFacts &c : kCpus)
    if (c.cpu == cpu)
      return &c;
  return nullptr;
}

bool archHasDsp(StringRef arch) {
  return arch == "armv7e-m" || arch == "armv8-m.main" ||
         arch == "armv8.1-m.main";
}

const StringRef kArmArchs[] = {"armv6-m", "armv7-m", "armv7e-m",
                               "armv8-m.base", "armv8-m.main",
                               "armv8.1-m.main"};

/// Reads one target file, remembering where it came from for messages.
class Reader {
public:
  Reader(StringRef name, const json::Object &obj) : name(name), obj(obj) {}

  Error error(const llvm::Twine &msg) const {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "target '" + name + "': " + msg);
  }

  Error checkKnownFields(llvm::ArrayRef<StringRef> allowed, StringRef where,
                         StringRef hint = "") const {
    return checkKnownFieldsOf(obj, allowed, where, hint);
  }

  Error checkKnownFieldsOf(const json::Object &o,
                           llvm::ArrayRef<StringRef> allowed, StringRef where,
                           StringRef hint) const {
    // Report the alphabetically first unknown key so that messages do not
    // depend on hash order.
    std::vector<std::string> unknown;
    for (const auto &kv : o)
      if (!llvm::is_contained(allowed, StringRef(kv.first)))
        unknown.push_back(kv.first.str());
    if (unknown.empty())
      return Error::success();
    llvm::sort(unknown);
    std::string allowedList;
    for (StringRef a : allowed)
      allowedList += (allowedList.empty() ? "" : ", ") + a.str();
    return error(llvm::formatv("unknown field '{0}{1}'{2} (allowed: {3})",
                               where, unknown.front(), hint, allowedList)
                     .str());
  }

  static StringRef typeName(const json::Value &v) {
    switch (v.kind()) {
    case json::Value::Null:
      return "null";
    case json::Value::Boolean:
      return "a boolean";
    case json::Value::Number:
      return "a number";
    case json::Value::String:
      return "a string";
    case json::Value::Array:
      return "an array";
    case json::Value::Object:
      return "an object";
    }
    return "a value";
  }

  Expected<std::string> str(const json::Object &o, StringRef key,
                            StringRef where, bool required,
                            std::string dflt = "") const {
    const json::Value *v = o.get(key);
    if (!v) {
      if (required)
        return error("missing field '" + where + key + "'");
      return dflt;
    }
    std::optional<StringRef> s = v->getAsString();
    if (!s)
      return error("field '" + where + key + "' must be a string, not " +
                   typeName(*v));
    if (required && s->empty())
      return error("field '" + where + key + "' must not be empty");
    return s->str();
  }

  Expected<bool> boolean(const json::Object &o, StringRef key,
                         StringRef where, bool dflt) const {
    const json::Value *v = o.get(key);
    if (!v)
      return dflt;
    std::optional<bool> b = v->getAsBoolean();
    if (!b)
      return error("field '" + where + key + "' must be true or false, not " +
                   typeName(*v));
    return *b;
  }

  Expected<std::optional<uint64_t>> count(const json::Object &o,
                                          StringRef key, bool required) const {
    const json::Value *v = o.get(key);
    if (!v) {
      if (required)
        return error("missing field '" + key + "'");
      return std::optional<uint64_t>();
    }
    std::optional<uint64_t> n = v->getAsUINT64();
    if (!n || *n == 0)
      return error("field '" + key +
                   "' must be a positive integer, not " +
                   (v->kind() == json::Value::Number
                        ? std::string("the number ") +
                              llvm::formatv("{0}", *v).str()
                        : typeName(*v).str()));
    return std::optional<uint64_t>(*n);
  }

  Expected<double> number(const json::Object &o, StringRef key,
                          StringRef where, bool required, double dflt) const {
    const json::Value *v = o.get(key);
    if (!v) {
      if (required)
        return error("missing field '" + where + key + "'");
      return dflt;
    }
    std::optional<double> d = v->getAsNumber();
    if (!d)
      return error("field '" + where + key + "' must be a number, not " +
                   typeName(*v));
    return *d;
  }

  /// A string field restricted to `choices`.
  Expected<std::string> oneOf(const json::Object &o, StringRef key,
                              StringRef where, bool required,
                              llvm::ArrayRef<StringRef> choices,
                              StringRef dflt) const {
    Expected<std::string> s = str(o, key, where, required, dflt.str());
    if (!s)
      return s.takeError();
    if (!llvm::is_contained(choices, StringRef(*s))) {
      std::string list;
      for (StringRef c : choices)
        list += (list.empty() ? "'" : ", '") + c.str() + "'";
      return error("field '" + where + key + "' is '" + *s +
                   "'; expected one of " + list);
    }
    return s;
  }

  std::string name;
  const json::Object &obj;
};

Expected<json::Object> parseObject(StringRef name, StringRef text) {
  Expected<json::Value> v = json::parse(text);
  if (!v)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "target '" + name + "': invalid JSON: " + llvm::toString(v.takeError()));
  json::Object *o = v->getAsObject();
  if (!o)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "target '" + name + "': the file must hold one JSON object");
  return std::move(*o);
}

std::optional<StringRef> flagValue(const std::vector<std::string> &flags,
                                   StringRef prefix) {
  std::optional<StringRef> found;
  for (const std::string &f : flags)
    if (StringRef(f).starts_with(prefix))
      found = StringRef(f).drop_front(prefix.size());
  return found;
}

bool hasFlag(const std::vector<std::string> &flags, StringRef flag) {
  return llvm::is_contained(flags, flag.str());
}

/// Checks that the ISA fields agree with each other and with gcc_flags.
Error checkCoreConsistency(const Reader &r, const TargetDescription &t) {
  bool arm = llvm::is_contained(kArmArchs, StringRef(t.arch));
  bool rv = StringRef(t.arch).starts_with("rv32");
  bool host = t.arch == "host";
  if (!arm && !rv && !host)
    return r.error("field 'isa.arch' is '" + t.arch +
                   "'; expected an M-profile Arm architecture (armv6-m, "
                   "armv7-m, armv7e-m, armv8-m.base, armv8-m.main, "
                   "armv8.1-m.main), rv32<extensions>, or host");

  if (t.mve != MveKind::None && t.arch != "armv8.1-m.main")
    return r.error("'isa.mve' is '" + toString(t.mve).str() +
                   "' but Helium (MVE) exists only on ARMv8.1-M cores "
                   "(Cortex-M55/M85); this core's arch is '" +
                   t.arch + "'");
  if (t.dsp && !archHasDsp(t.arch))
    return r.error("'isa.dsp' is true but arch '" + t.arch +
                   "' has no DSP extension");
  if (t.kernels == KernelVariant::Dsp && !t.dsp)
    return r.error(
        "'kernels' is 'dsp' but the core has no DSP extension ('isa.dsp')");
  if (t.kernels == KernelVariant::Mve && t.mve == MveKind::None)
    return r.error("'kernels' is 'mve' but the core has no Helium ('isa.mve')");

  if (host) {
    if (!t.toolchain.empty())
      return r.error("the host target takes no 'toolchain' (it uses the "
                     "host C compiler)");
    if (t.qemu)
      return r.error("the host target runs natively; it takes no 'qemu'");
    return Error::success();
  }
  if (t.toolchain.empty())
    return r.error("missing field 'toolchain' (the cross compiler prefix, "
                   "e.g. arm-none-eabi)");

  if (arm) {
    if (!t.thumb)
      return r.error(
          "'isa.thumb' is false but Cortex-M cores execute only Thumb code");
    if (!hasFlag(t.gccFlags, "-mthumb"))
      return r.error("'gcc_flags' must contain -mthumb for a Cortex-M core");
    std::optional<StringRef> cpu = flagValue(t.gccFlags, "-mcpu=");
    if (!cpu)
      return r.error("'gcc_flags' must contain -mcpu=<core> for an Arm core");
    const CpuFacts *facts = findCpu(*cpu);
    if (!facts)
      return r.error("'gcc_flags' names -mcpu=" + *cpu +
                     ", which is not a Cortex-M core tmlc knows");
    if (facts->arch != t.arch)
      return r.error("'isa.arch' is '" + t.arch + "' but -mcpu=" + *cpu +
                     " is " + facts->arch);
    if (t.fpu > facts->maxFpu)
      return r.error("'isa.fpu' is '" + toString(t.fpu).str() + "' but " +
                     *cpu + " has " + facts->fpuName);
    if (t.dsp && !facts->dsp)
      return r.error("'isa.dsp' is true but " + *cpu +
                     " has no DSP extension");
    if (t.mve > facts->maxMve)
      return r.error("'isa.mve' is '" + toString(t.mve).str() + "' but " +
                     *cpu + " has no Helium (MVE)");
    std::optional<StringRef> abi = flagValue(t.gccFlags, "-mfloat-abi=");
    bool hwFloat = abi && (*abi == "hard" || *abi == "softfp");
    if (t.fpu == FpuKind::None && abi && *abi != "soft")
      return r.error("'isa.fpu' is 'none' but gcc_flags select -mfloat-abi=" +
                     *abi);
    if (t.fpu != FpuKind::None && !hwFloat)
      return r.error("'isa.fpu' is '" + toString(t.fpu).str() +
                     "' but gcc_flags do not select -mfloat-abi=hard or "
                     "softfp, so the FPU would go unused");
    if (std::optional<StringRef> fpu = flagValue(t.gccFlags, "-mfpu=")) {
      if (t.fpu == FpuKind::None && *fpu != "none")
        return r.error("'isa.fpu' is 'none' but gcc_flags select -mfpu=" +
                       *fpu);
      if (*fpu != "auto" && *fpu != "none") {
        FpuKind fk =
            fpu->contains("-sp-") ? FpuKind::Single : FpuKind::Double;
        if (fk != t.fpu)
          return r.error("'isa.fpu' is '" + toString(t.fpu).str() +
                         "' but -mfpu=" + *fpu + " is " +
                         (fk == FpuKind::Single ? "single" : "double") +
                         " precision");
      }
    }
    if (!t.rvExtensions.empty())
      return r.error("'isa.rv_extensions' applies only to RISC-V cores");
    if (t.qemu && t.qemu->system != "arm")
      return r.error("'qemu.system' is '" + t.qemu->system +
                     "' but an Arm core runs on qemu-system-arm ('arm')");
    return Error::success();
  }

  // RISC-V.
  if (t.thumb)
    return r.error("'isa.thumb' is true but Thumb is an Arm instruction set");
  if (t.rvExtensions.empty())
    return r.error("missing field 'isa.rv_extensions' for a RISC-V core");
  if ("rv32" + t.rvExtensions != t.arch)
    return r.error("'isa.arch' is '" + t.arch +
                   "' but 'isa.rv_extensions' is '" + t.rvExtensions +
                   "' (expected arch 'rv32" + t.rvExtensions + "')");
  StringRef ext(t.rvExtensions);
  if (ext.empty() || ext.front() != 'i')
    return r.error("'isa.rv_extensions' must start with the base 'i'");
  FpuKind fromExt = ext.contains('d')   ? FpuKind::Double
                    : ext.contains('f') ? FpuKind::Single
                                        : FpuKind::None;
  if (fromExt != t.fpu)
    return r.error("'isa.fpu' is '" + toString(t.fpu).str() +
                   "' but extensions '" + t.rvExtensions + "' imply '" +
                   toString(fromExt).str() + "'");
  std::optional<StringRef> march = flagValue(t.gccFlags, "-march=");
  if (!march)
    return r.error("'gcc_flags' must contain -march=" + t.arch);
  if (!march->starts_with(t.arch))
    return r.error("'gcc_flags' select -march=" + *march +
                   " but 'isa.arch' is '" + t.arch + "'");
  if (!flagValue(t.gccFlags, "-mabi="))
    return r.error("'gcc_flags' must contain -mabi=<abi> for a RISC-V core");
  if (t.qemu && t.qemu->system != "riscv32")
    return r.error("'qemu.system' is '" + t.qemu->system +
                   "' but an RV32 core runs on qemu-system-riscv32 "
                   "('riscv32')");
  return Error::success();
}

Expected<TargetDescription> parseCore(const Reader &r) {
  static const StringRef kFields[] = {
      "name",      "kind",      "description", "isa",         "gcc_flags",
      "kernels",   "toolchain", "qemu",        "cycle_model", "flash_bytes",
      "ram_bytes", "clock_hz",  "source"};
  if (Error e = r.checkKnownFields(kFields, ""))
    return std::move(e);
  TargetDescription t;
  t.name = r.name;
  t.coreName = r.name;
  t.kind = TargetKind::Core;
  const json::Object &o = r.obj;

  auto desc = r.str(o, "description", "", true);
  if (!desc)
    return desc.takeError();
  t.description = *desc;

  const json::Value *isaV = o.get("isa");
  if (!isaV)
    return r.error("missing field 'isa'");
  const json::Object *isa = isaV->getAsObject();
  if (!isa)
    return r.error("field 'isa' must be an object, not " +
                   Reader::typeName(*isaV));
  static const StringRef kIsaFields[] = {"arch", "thumb", "dsp",
                                         "mve",  "fpu",   "rv_extensions"};
  if (Error e = r.checkKnownFieldsOf(*isa, kIsaFields, "isa.", ""))
    return std::move(e);
  auto arch = r.str(*isa, "arch", "isa.", true);
  if (!arch)
    return arch.takeError();
  t.arch = *arch;
  auto thumb = r.boolean(*isa, "thumb", "isa.", false);
  if (!thumb)
    return thumb.takeError();
  t.thumb = *thumb;
  auto dsp = r.boolean(*isa, "dsp", "isa.", false);
  if (!dsp)
    return dsp.takeError();
  t.dsp = *dsp;
  auto mve = r.oneOf(*isa, "mve", "isa.", false, {"none", "int", "float"},
                     "none");
  if (!mve)
    return mve.takeError();
  t.mve = *mve == "none"  ? MveKind::None
          : *mve == "int" ? MveKind::Integer
                          : MveKind::Float;
  auto fpu = r.oneOf(*isa, "fpu", "isa.", false, {"none", "sp", "dp"}, "none");
  if (!fpu)
    return fpu.takeError();
  t.fpu = *fpu == "none" ? FpuKind::None
          : *fpu == "sp" ? FpuKind::Single
                         : FpuKind::Double;
  auto ext = r.str(*isa, "rv_extensions", "isa.", false);
  if (!ext)
    return ext.takeError();
  t.rvExtensions = *ext;

  const json::Value *flagsV = o.get("gcc_flags");
  if (!flagsV)
    return r.error("missing field 'gcc_flags'");
  const json::Array *flags = flagsV->getAsArray();
  if (!flags)
    return r.error("field 'gcc_flags' must be an array of strings, not " +
                   Reader::typeName(*flagsV));
  for (size_t i = 0; i < flags->size(); ++i) {
    std::optional<StringRef> f = (*flags)[i].getAsString();
    if (!f || f->empty() || !f->starts_with("-"))
      return r.error(llvm::formatv("'gcc_flags[{0}]' must be a compiler flag "
                                   "string starting with '-'",
                                   i)
                         .str());
    t.gccFlags.push_back(f->str());
  }

  auto kernels =
      r.oneOf(o, "kernels", "", true, {"portable", "dsp", "mve"}, "");
  if (!kernels)
    return kernels.takeError();
  t.kernels = *kernels == "portable" ? KernelVariant::Portable
              : *kernels == "dsp"    ? KernelVariant::Dsp
                                     : KernelVariant::Mve;

  auto toolchain = r.str(o, "toolchain", "", false);
  if (!toolchain)
    return toolchain.takeError();
  t.toolchain = *toolchain;

  if (const json::Value *qv = o.get("qemu")) {
    const json::Object *q = qv->getAsObject();
    if (!q)
      return r.error("field 'qemu' must be an object, not " +
                     Reader::typeName(*qv));
    static const StringRef kQemuFields[] = {"system", "machine", "board"};
    if (Error e = r.checkKnownFieldsOf(*q, kQemuFields, "qemu.", ""))
      return std::move(e);
    QemuInfo qi;
    auto sys = r.oneOf(*q, "system", "qemu.", true, {"arm", "riscv32"}, "");
    if (!sys)
      return sys.takeError();
    qi.system = *sys;
    auto machine = r.str(*q, "machine", "qemu.", true);
    if (!machine)
      return machine.takeError();
    qi.machine = *machine;
    auto board = r.str(*q, "board", "qemu.", true);
    if (!board)
      return board.takeError();
    qi.board = *board;
    t.qemu = qi;
  }

  if (const json::Value *cv = o.get("cycle_model")) {
    const json::Object *c = cv->getAsObject();
    if (!c)
      return r.error("field 'cycle_model' must be an object, not " +
                     Reader::typeName(*cv));
    static const StringRef kCycleFields[] = {"cpi", "load_extra_cycles",
                                             "note"};
    if (Error e = r.checkKnownFieldsOf(*c, kCycleFields, "cycle_model.", ""))
      return std::move(e);
    CycleModel cm;
    auto cpi = r.number(*c, "cpi", "cycle_model.", true, 1.0);
    if (!cpi)
      return cpi.takeError();
    if (!(*cpi > 0.0))
      return r.error("'cycle_model.cpi' must be greater than 0");
    cm.cpi = *cpi;
    auto le = r.number(*c, "load_extra_cycles", "cycle_model.", false, 0.0);
    if (!le)
      return le.takeError();
    if (!(*le >= 0.0))
      return r.error("'cycle_model.load_extra_cycles' must not be negative");
    cm.loadExtraCycles = *le;
    auto note = r.str(*c, "note", "cycle_model.", false);
    if (!note)
      return note.takeError();
    cm.note = *note;
    t.cycleModel = cm;
  }

  for (auto [key, dst] :
       {std::pair<StringRef, std::optional<uint64_t> *>{"flash_bytes",
                                                        &t.flashBytes},
        {"ram_bytes", &t.ramBytes},
        {"clock_hz", &t.clockHz}}) {
    auto n = r.count(o, key, false);
    if (!n)
      return n.takeError();
    *dst = *n;
  }
  auto source = r.str(o, "source", "", false);
  if (!source)
    return source.takeError();
  t.source = *source;

  if (Error e = checkCoreConsistency(r, t))
    return std::move(e);
  return t;
}

Expected<TargetDescription> parseBoard(const Reader &r,
                                       const TargetTextLookup &lookup) {
  static const StringRef kFields[] = {"name",        "kind",      "description",
                                      "core",        "flash_bytes", "ram_bytes",
                                      "clock_hz",    "source"};
  if (Error e = r.checkKnownFields(
          kFields, "", " in a board (ISA, flags and kernels come from its core)"))
    return std::move(e);
  const json::Object &o = r.obj;
  auto desc = r.str(o, "description", "", true);
  if (!desc)
    return desc.takeError();
  auto coreName = r.str(o, "core", "", true);
  if (!coreName)
    return coreName.takeError();
  uint64_t sizes[3];
  const StringRef keys[3] = {"flash_bytes", "ram_bytes", "clock_hz"};
  for (int i = 0; i < 3; ++i) {
    auto n = r.count(o, keys[i], true);
    if (!n)
      return n.takeError();
    sizes[i] = **n;
  }
  auto source = r.str(o, "source", "", true);
  if (!source)
    return source.takeError();

  if (*coreName == r.name)
    return r.error("board names itself as its core");
  std::optional<std::string> coreText;
  if (lookup)
    coreText = lookup(*coreName);
  if (!coreText)
    return r.error("board names unknown core '" + *coreName + "'");
  auto coreObj = parseObject(*coreName, *coreText);
  if (!coreObj)
    return coreObj.takeError();
  Reader cr(*coreName, *coreObj);
  auto kind = cr.str(*coreObj, "kind", "", true);
  if (!kind)
    return kind.takeError();
  if (*kind != "core")
    return r.error("board names '" + *coreName + "' as its core, but '" +
                   *coreName + "' is a " + *kind + ", not a core");
  if (Error e = [&]() -> Error {
        auto name = cr.str(*coreObj, "name", "", true);
        if (!name)
          return name.takeError();
        if (*name != *coreName)
          return cr.error("field 'name' is '" + *name +
                          "' but the file is named '" + *coreName + "'");
        return Error::success();
      }())
    return std::move(e);
  auto core = parseCore(cr);
  if (!core)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "target '" + r.name + "': its core is invalid: " +
            llvm::toString(core.takeError()));
  if (core->isHost())
    return r.error("a board cannot be built on the 'host' core");

  TargetDescription t = std::move(*core);
  t.name = r.name;
  t.kind = TargetKind::Board;
  t.coreDescription = t.description;
  t.description = *desc;
  t.flashBytes = sizes[0];
  t.ramBytes = sizes[1];
  t.clockHz = sizes[2];
  t.source = *source;
  return t;
}

bool validTargetName(StringRef name) {
  if (name.empty() || name.size() > 64)
    return false;
  for (char c : name)
    if (!(llvm::isAlnum(c) || c == '-' || c == '_' || c == '.'))
      return false;
  return name.front() != '.';
}

std::string joinNames(const std::vector<std::string> &names) {
  std::string s;
  for (const std::string &n : names)
    s += (s.empty() ? "" : ", ") + n;
  return s;
}

} // namespace

Expected<TargetDescription> loadTargetFromJSON(StringRef name,
                                               StringRef jsonText,
                                               const TargetTextLookup &lookup) {
  auto obj = parseObject(name, jsonText);
  if (!obj)
    return obj.takeError();
  Reader r(name, *obj);
  auto fileName = r.str(*obj, "name", "", true);
  if (!fileName)
    return fileName.takeError();
  if (*fileName != name)
    return r.error("field 'name' is '" + *fileName +
                   "' but the file is named '" + name + "'");
  auto kind = r.oneOf(*obj, "kind", "", true, {"core", "board"}, "");
  if (!kind)
    return kind.takeError();
  if (*kind == "core")
    return parseCore(r);
  return parseBoard(r, lookup);
}

Expected<std::vector<std::string>> listTargets(StringRef dataDir) {
  std::error_code ec;
  std::vector<std::string> names;
  for (llvm::sys::fs::directory_iterator it(dataDir, ec), end;
       !ec && it != end; it.increment(ec)) {
    StringRef path = it->path();
    if (llvm::sys::path::extension(path) == ".json")
      names.push_back(llvm::sys::path::stem(path).str());
  }
  if (ec)
    return llvm::createStringError(ec, "cannot list target directory '" +
                                           dataDir + "': " + ec.message());
  llvm::sort(names);
  return names;
}

Expected<TargetDescription> loadTarget(StringRef name, StringRef dataDir) {
  auto readText = [&](StringRef n) -> std::optional<std::string> {
    if (!validTargetName(n))
      return std::nullopt;
    llvm::SmallString<256> path(dataDir);
    llvm::sys::path::append(path, n + ".json");
    auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
    if (!buf)
      return std::nullopt;
    return (*buf)->getBuffer().str();
  };
  std::optional<std::string> text = readText(name);
  if (!text) {
    std::string known;
    if (auto names = listTargets(dataDir))
      known = joinNames(*names);
    else
      llvm::consumeError(names.takeError());
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "unknown target '" + name + "'" +
            (known.empty() ? std::string(" (no target files in '") +
                                 dataDir.str() + "')"
                           : "; known targets: " + known));
  }
  return loadTargetFromJSON(name, *text, readText);
}

namespace {
#include "TargetData.inc"
} // namespace

std::vector<EmbeddedTargetFile> embeddedTargetFiles() {
  std::vector<EmbeddedTargetFile> files;
  // The generated table ends with a {nullptr, nullptr} sentinel.
  for (const EmbeddedTargetFile *f = kEmbeddedTargetFiles; f->name; ++f)
    files.push_back(*f);
  llvm::sort(files, [](const EmbeddedTargetFile &a,
                       const EmbeddedTargetFile &b) {
    return StringRef(a.name) < StringRef(b.name);
  });
  return files;
}

std::vector<std::string> listEmbeddedTargets() {
  std::vector<std::string> names;
  for (const EmbeddedTargetFile &f : embeddedTargetFiles())
    names.push_back(f.name);
  return names;
}

Expected<TargetDescription> loadEmbeddedTarget(StringRef name) {
  auto find = [](StringRef n) -> std::optional<std::string> {
    for (const EmbeddedTargetFile *f = kEmbeddedTargetFiles; f->name; ++f)
      if (n == f->name)
        return std::string(f->json);
    return std::nullopt;
  };
  std::optional<std::string> text = find(name);
  if (!text)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "unknown target '" + name +
                                       "'; known targets: " +
                                       joinNames(listEmbeddedTargets()));
  return loadTargetFromJSON(name, *text, find);
}

} // namespace tmlc::target
