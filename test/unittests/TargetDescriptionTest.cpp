//===- TargetDescriptionTest.cpp - tests of targets/Common ----------------===//
//
// Valid targets: every file of targets/data loads from disk and from the
// embedded copy, and the two agree. Invalid targets: each broken file (made
// by mutating a real file) is rejected with a message naming the problem.
//
// TMLC_TARGET_DATA_DIR (a compile definition) is the source tree's
// targets/data folder.
//
//===----------------------------------------------------------------------===//

#include "targets/Common/TargetDescription.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <functional>
#include <string>

using namespace tmlc::target;

#ifndef TMLC_TARGET_DATA_DIR
#error "define TMLC_TARGET_DATA_DIR to the targets/data folder"
#endif

namespace {

const char *const kDataDir = TMLC_TARGET_DATA_DIR;

std::string embeddedText(llvm::StringRef name) {
  for (const EmbeddedTargetFile &f : embeddedTargetFiles())
    if (name == f.name)
      return f.json;
  ADD_FAILURE() << "no embedded target " << name.str();
  return "{}";
}

/// A set of target files in memory: the embedded ones, with overrides.
struct Files {
  llvm::StringMap<std::string> text;
  Files() {
    for (const EmbeddedTargetFile &f : embeddedTargetFiles())
      text[f.name] = f.json;
  }
  TargetTextLookup lookup() const {
    return [this](llvm::StringRef n) -> std::optional<std::string> {
      auto it = text.find(n);
      if (it == text.end())
        return std::nullopt;
      return it->second;
    };
  }
  llvm::Expected<TargetDescription> load(llvm::StringRef name) const {
    auto it = text.find(name);
    std::string t = it == text.end() ? std::string("{}") : it->second;
    return loadTargetFromJSON(name, t, lookup());
  }
};

/// Returns the JSON text of target `name` after `edit` changed it.
std::string mutated(llvm::StringRef name,
                    const std::function<void(llvm::json::Object &)> &edit) {
  llvm::Expected<llvm::json::Value> v = llvm::json::parse(embeddedText(name));
  if (!v) {
    ADD_FAILURE() << llvm::toString(v.takeError());
    return "{}";
  }
  edit(*v->getAsObject());
  std::string s;
  llvm::raw_string_ostream os(s);
  os << *v;
  return os.str();
}

/// Expects loading to fail with a message that contains `needle`.
void expectError(llvm::Expected<TargetDescription> t,
                 const std::string &needle) {
  ASSERT_FALSE(static_cast<bool>(t)) << "expected an error containing '"
                                     << needle << "'";
  std::string msg = llvm::toString(t.takeError());
  EXPECT_NE(msg.find(needle), std::string::npos)
      << "message: " << msg << "\nexpected to contain: " << needle;
}

void expectErrorFor(llvm::StringRef name, const std::string &text,
                    const std::string &needle) {
  Files files;
  files.text[name] = text;
  expectError(files.load(name), needle);
}

} // namespace

TEST(TargetDescription, RequiredTargetsExist) {
  std::vector<std::string> names = listEmbeddedTargets();
  for (const char *n :
       {"cortex-m0plus", "cortex-m3", "cortex-m4", "cortex-m7", "cortex-m33",
        "cortex-m55", "rv32imc", "host", "stm32l4r5", "stm32h7a3", "stm32u575",
        "nrf52840", "rp2040", "esp32c3", "corstone300"})
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
}

TEST(TargetDescription, EmbeddedCopyMatchesDirectory) {
  auto names = listTargets(kDataDir);
  ASSERT_TRUE(static_cast<bool>(names)) << llvm::toString(names.takeError());
  EXPECT_EQ(*names, listEmbeddedTargets());
}

TEST(TargetDescription, EveryTargetLoadsFromDiskAndEmbedded) {
  auto names = listTargets(kDataDir);
  ASSERT_TRUE(static_cast<bool>(names));
  for (const std::string &n : *names) {
    auto disk = loadTarget(n, kDataDir);
    ASSERT_TRUE(static_cast<bool>(disk))
        << n << ": " << llvm::toString(disk.takeError());
    auto emb = loadEmbeddedTarget(n);
    ASSERT_TRUE(static_cast<bool>(emb))
        << n << ": " << llvm::toString(emb.takeError());
    EXPECT_EQ(disk->name, n);
    EXPECT_EQ(emb->coreName, disk->coreName);
    EXPECT_EQ(emb->gccFlags, disk->gccFlags);
    EXPECT_EQ(emb->ramBytes, disk->ramBytes);
    EXPECT_FALSE(disk->description.empty());
    if (disk->kind == TargetKind::Board) {
      // Boards carry datasheet figures and their source.
      EXPECT_TRUE(disk->flashBytes && disk->ramBytes && disk->clockHz) << n;
      EXPECT_FALSE(disk->source.empty()) << n;
      EXPECT_NE(disk->coreName, n);
      EXPECT_FALSE(disk->coreDescription.empty());
    }
    if (!disk->isHost()) {
      EXPECT_FALSE(disk->toolchain.empty()) << n;
      EXPECT_TRUE(disk->qemu.has_value()) << n;
    }
  }
}

TEST(TargetDescription, CortexM4) {
  auto t = loadTarget("cortex-m4", kDataDir);
  ASSERT_TRUE(static_cast<bool>(t)) << llvm::toString(t.takeError());
  EXPECT_EQ(t->kind, TargetKind::Core);
  EXPECT_TRUE(t->isArm());
  EXPECT_TRUE(t->dsp);
  EXPECT_EQ(t->fpu, FpuKind::Single);
  EXPECT_EQ(t->mve, MveKind::None);
  EXPECT_EQ(t->kernels, KernelVariant::Dsp);
  EXPECT_EQ(t->toolchain, "arm-none-eabi");
  EXPECT_NE(std::find(t->gccFlags.begin(), t->gccFlags.end(),
                      "-mfpu=fpv4-sp-d16"),
            t->gccFlags.end());
  ASSERT_TRUE(t->qemu.has_value());
  EXPECT_EQ(t->qemu->machine, "mps2-an386");
  EXPECT_FALSE(t->ramBytes.has_value());
}

TEST(TargetDescription, BoardResolvesItsCore) {
  auto t = loadTarget("stm32l4r5", kDataDir);
  ASSERT_TRUE(static_cast<bool>(t)) << llvm::toString(t.takeError());
  EXPECT_EQ(t->kind, TargetKind::Board);
  EXPECT_EQ(t->name, "stm32l4r5");
  EXPECT_EQ(t->coreName, "cortex-m4");
  EXPECT_EQ(t->kernels, KernelVariant::Dsp);
  EXPECT_EQ(t->fpu, FpuKind::Single);
  EXPECT_EQ(*t->ramBytes, 640u * 1024u);
  EXPECT_EQ(*t->flashBytes, 2u * 1024u * 1024u);
  EXPECT_EQ(*t->clockHz, 120000000u);

  auto c3 = loadTarget("esp32c3", kDataDir);
  ASSERT_TRUE(static_cast<bool>(c3)) << llvm::toString(c3.takeError());
  EXPECT_TRUE(c3->isRiscV());
  EXPECT_EQ(c3->rvExtensions, "imc");
  EXPECT_EQ(c3->kernels, KernelVariant::Portable);
}

TEST(TargetDescription, HeliumCore) {
  auto t = loadTarget("corstone300", kDataDir);
  ASSERT_TRUE(static_cast<bool>(t)) << llvm::toString(t.takeError());
  EXPECT_EQ(t->coreName, "cortex-m55");
  EXPECT_EQ(t->mve, MveKind::Float);
  EXPECT_EQ(t->kernels, KernelVariant::Mve);
  EXPECT_EQ(t->arch, "armv8.1-m.main");
}

TEST(TargetDescription, HostTarget) {
  auto t = loadEmbeddedTarget("host");
  ASSERT_TRUE(static_cast<bool>(t)) << llvm::toString(t.takeError());
  EXPECT_TRUE(t->isHost());
  EXPECT_TRUE(t->gccFlags.empty());
  EXPECT_EQ(t->kernels, KernelVariant::Portable);
}

TEST(TargetDescription, UnknownTargetNames) {
  expectError(loadTarget("cortex-m99", kDataDir),
              "unknown target 'cortex-m99'; known targets: ");
  expectError(loadTarget("../data/cortex-m4", kDataDir),
              "unknown target '../data/cortex-m4'");
  expectError(loadEmbeddedTarget("nope"), "unknown target 'nope'");
  expectError(loadTarget("cortex-m4", "/nonexistent/tmlc/targets"),
              "unknown target 'cortex-m4' (no target files in");
}

TEST(TargetDescription, MalformedFiles) {
  expectErrorFor("cortex-m4", "{ \"name\": ", "invalid JSON");
  expectErrorFor("cortex-m4", "[1, 2]", "must hold one JSON object");
  expectErrorFor("cortex-m4",
                 mutated("cortex-m4",
                         [](llvm::json::Object &o) { o["name"] = "cortex-m5"; }),
                 "field 'name' is 'cortex-m5' but the file is named "
                 "'cortex-m4'");
  expectErrorFor("cortex-m4",
                 mutated("cortex-m4",
                         [](llvm::json::Object &o) { o["kind"] = "chip"; }),
                 "field 'kind' is 'chip'; expected one of 'core', 'board'");
}

TEST(TargetDescription, MissingFields) {
  expectErrorFor(
      "cortex-m4",
      mutated("cortex-m4", [](llvm::json::Object &o) { o.erase("gcc_flags"); }),
      "target 'cortex-m4': missing field 'gcc_flags'");
  expectErrorFor(
      "cortex-m4",
      mutated("cortex-m4", [](llvm::json::Object &o) { o.erase("toolchain"); }),
      "missing field 'toolchain'");
  expectErrorFor("cortex-m4",
                 mutated("cortex-m4",
                         [](llvm::json::Object &o) {
                           o.getObject("isa")->erase("arch");
                         }),
                 "missing field 'isa.arch'");
  expectErrorFor(
      "stm32l4r5",
      mutated("stm32l4r5", [](llvm::json::Object &o) { o.erase("ram_bytes"); }),
      "target 'stm32l4r5': missing field 'ram_bytes'");
  expectErrorFor(
      "stm32l4r5",
      mutated("stm32l4r5", [](llvm::json::Object &o) { o.erase("source"); }),
      "missing field 'source'");
}

TEST(TargetDescription, WrongFieldTypes) {
  expectErrorFor("stm32l4r5",
                 mutated("stm32l4r5",
                         [](llvm::json::Object &o) { o["flash_bytes"] = "2M"; }),
                 "field 'flash_bytes' must be a positive integer, not a string");
  expectErrorFor("stm32l4r5",
                 mutated("stm32l4r5",
                         [](llvm::json::Object &o) { o["ram_bytes"] = -1; }),
                 "field 'ram_bytes' must be a positive integer, not the number "
                 "-1");
  expectErrorFor("stm32l4r5",
                 mutated("stm32l4r5",
                         [](llvm::json::Object &o) { o["clock_hz"] = 1234.5; }),
                 "field 'clock_hz' must be a positive integer");
  expectErrorFor("cortex-m4",
                 mutated("cortex-m4",
                         [](llvm::json::Object &o) {
                           (*o.getObject("isa"))["dsp"] = "yes";
                         }),
                 "field 'isa.dsp' must be true or false, not a string");
  expectErrorFor("cortex-m4",
                 mutated("cortex-m4",
                         [](llvm::json::Object &o) {
                           o["gcc_flags"] = "-mcpu=cortex-m4";
                         }),
                 "field 'gcc_flags' must be an array of strings, not a string");
  expectErrorFor("cortex-m4",
                 mutated("cortex-m4",
                         [](llvm::json::Object &o) {
                           (*o.getObject("isa"))["fpu"] = "half";
                         }),
                 "field 'isa.fpu' is 'half'; expected one of 'none', 'sp', "
                 "'dp'");
  expectErrorFor("cortex-m4",
                 mutated("cortex-m4",
                         [](llvm::json::Object &o) {
                           (*o.getObject("cycle_model"))["cpi"] = 0;
                         }),
                 "'cycle_model.cpi' must be greater than 0");
}

TEST(TargetDescription, UnknownFields) {
  expectErrorFor("stm32l4r5",
                 mutated("stm32l4r5",
                         [](llvm::json::Object &o) { o["flahs_bytes"] = 1; }),
                 "unknown field 'flahs_bytes'");
  expectErrorFor("cortex-m4",
                 mutated("cortex-m4",
                         [](llvm::json::Object &o) {
                           (*o.getObject("isa"))["neon"] = true;
                         }),
                 "unknown field 'isa.neon'");
  // ISA fields belong to the core, not the board.
  expectErrorFor("stm32l4r5",
                 mutated("stm32l4r5",
                         [](llvm::json::Object &o) {
                           o["isa"] = llvm::json::Object{{"dsp", false}};
                         }),
                 "unknown field 'isa' in a board");
}

TEST(TargetDescription, ContradictoryFields) {
  // Helium on a core that is not ARMv8.1-M.
  expectErrorFor("cortex-m4",
                 mutated("cortex-m4",
                         [](llvm::json::Object &o) {
                           (*o.getObject("isa"))["mve"] = "int";
                         }),
                 "Helium (MVE) exists only on ARMv8.1-M cores");
  // Double precision on a Cortex-M4.
  expectErrorFor("cortex-m4",
                 mutated("cortex-m4",
                         [](llvm::json::Object &o) {
                           (*o.getObject("isa"))["fpu"] = "dp";
                         }),
                 "'isa.fpu' is 'dp' but cortex-m4 has at most a "
                 "single-precision FPU");
  // DSP on a Cortex-M3.
  expectErrorFor("cortex-m3",
                 mutated("cortex-m3",
                         [](llvm::json::Object &o) {
                           (*o.getObject("isa"))["dsp"] = true;
                         }),
                 "'isa.dsp' is true but arch 'armv7-m' has no DSP extension");
  // DSP kernels on a core without DSP.
  expectErrorFor("cortex-m0plus",
                 mutated("cortex-m0plus",
                         [](llvm::json::Object &o) { o["kernels"] = "dsp"; }),
                 "'kernels' is 'dsp' but the core has no DSP extension");
  // MVE kernels without Helium.
  expectErrorFor("cortex-m7",
                 mutated("cortex-m7",
                         [](llvm::json::Object &o) { o["kernels"] = "mve"; }),
                 "'kernels' is 'mve' but the core has no Helium");
  // An FPU that the float ABI would leave unused.
  expectErrorFor("cortex-m4",
                 mutated("cortex-m4",
                         [](llvm::json::Object &o) {
                           o["gcc_flags"] = llvm::json::Array{
                               "-mcpu=cortex-m4", "-mthumb",
                               "-mfloat-abi=soft"};
                         }),
                 "'isa.fpu' is 'sp' but gcc_flags do not select "
                 "-mfloat-abi=hard");
  // -mfpu disagrees with isa.fpu.
  expectErrorFor("cortex-m33",
                 mutated("cortex-m33",
                         [](llvm::json::Object &o) {
                           o["gcc_flags"] = llvm::json::Array{
                               "-mcpu=cortex-m33", "-mthumb",
                               "-mfloat-abi=hard", "-mfpu=fpv5-d16"};
                         }),
                 "'isa.fpu' is 'sp' but -mfpu=fpv5-d16 is double precision");
  // -mcpu disagrees with isa.arch.
  expectErrorFor("cortex-m4",
                 mutated("cortex-m4",
                         [](llvm::json::Object &o) {
                           o["gcc_flags"] = llvm::json::Array{
                               "-mcpu=cortex-m33", "-mthumb",
                               "-mfloat-abi=hard", "-mfpu=fpv5-sp-d16"};
                         }),
                 "'isa.arch' is 'armv7e-m' but -mcpu=cortex-m33 is "
                 "armv8-m.main");
  // RISC-V: F extension missing but an FPU claimed.
  expectErrorFor("rv32imc",
                 mutated("rv32imc",
                         [](llvm::json::Object &o) {
                           (*o.getObject("isa"))["fpu"] = "sp";
                         }),
                 "'isa.fpu' is 'sp' but extensions 'imc' imply 'none'");
  // RISC-V core on the Arm emulator.
  expectErrorFor("rv32imc",
                 mutated("rv32imc",
                         [](llvm::json::Object &o) {
                           (*o.getObject("qemu"))["system"] = "arm";
                         }),
                 "an RV32 core runs on qemu-system-riscv32");
}

TEST(TargetDescription, BoardCoreProblems) {
  expectErrorFor("stm32l4r5",
                 mutated("stm32l4r5",
                         [](llvm::json::Object &o) { o["core"] = "cortex-m99"; }),
                 "target 'stm32l4r5': board names unknown core 'cortex-m99'");
  expectErrorFor("stm32l4r5",
                 mutated("stm32l4r5",
                         [](llvm::json::Object &o) { o["core"] = "nrf52840"; }),
                 "board names 'nrf52840' as its core, but 'nrf52840' is a "
                 "board, not a core");
  expectErrorFor("stm32l4r5",
                 mutated("stm32l4r5",
                         [](llvm::json::Object &o) { o["core"] = "host"; }),
                 "a board cannot be built on the 'host' core");
  // A board whose core file is broken reports both.
  Files files;
  files.text["cortex-m4"] = mutated("cortex-m4", [](llvm::json::Object &o) {
    (*o.getObject("isa"))["fpu"] = "dp";
  });
  expectError(files.load("stm32l4r5"),
              "target 'stm32l4r5': its core is invalid: target 'cortex-m4': "
              "'isa.fpu' is 'dp'");
  // Without a lookup, a board cannot be resolved.
  expectError(loadTargetFromJSON("stm32l4r5", embeddedText("stm32l4r5")),
              "board names unknown core 'cortex-m4'");
}

TEST(TargetDescription, Names) {
  EXPECT_EQ(toString(FpuKind::Double), "dp");
  EXPECT_EQ(toString(MveKind::Integer), "int");
  EXPECT_EQ(toString(KernelVariant::Mve), "mve");
  EXPECT_EQ(toString(TargetKind::Board), "board");
}
