//===- TargetDescription.h - microcontroller targets as data ----*- C++ -*-===//
//
// A target is a JSON file in targets/data/: either a core (ISA features,
// compiler flags, kernel variant, QEMU board, cycle model) or a board/MCU
// that names a core and adds flash, SRAM and clock from its datasheet.
// Adding an MCU needs a JSON file, no C++. The tmlc binary embeds every file
// of targets/data/ at build time (TargetData.inc), so an installed tmlc
// needs no source tree; loadTarget() reads a directory instead (for tests
// and for users' own target files).
//
// Schema (every field is checked; unknown fields are errors):
//   core:  name, kind="core", description, isa{arch, thumb?, dsp?, mve?,
//          fpu?, rv_extensions?}, gcc_flags[], kernels, toolchain (not for
//          arch "host"), qemu?{system, machine, board}, cycle_model?{cpi,
//          load_extra_cycles, note?}, flash_bytes?, ram_bytes?, clock_hz?,
//          source?
//   board: name, kind="board", description, core, flash_bytes, ram_bytes,
//          clock_hz, source
//
//===----------------------------------------------------------------------===//

#ifndef TMLC_TARGETS_COMMON_TARGETDESCRIPTION_H
#define TMLC_TARGETS_COMMON_TARGETDESCRIPTION_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tmlc::target {

enum class TargetKind { Core, Board };
/// Hardware floating point: none, single precision, double precision.
enum class FpuKind { None, Single, Double };
/// Arm Helium (M-profile Vector Extension): none, integer only, int + float.
enum class MveKind { None, Integer, Float };
/// Which kernel family the emitter selects for the core.
enum class KernelVariant { Portable, Dsp, Mve };

struct QemuInfo {
  std::string system;  ///< "arm" or "riscv32": qemu-system-<system>.
  std::string machine; ///< -M value, e.g. "mps2-an386".
  std::string board;   ///< test/qemu board name (linker script), e.g. "virt-rv32".
};

/// Instructions-to-cycles estimate used by bench/:
/// cycles ~= cpi * instructions + loadExtraCycles * loads.
struct CycleModel {
  double cpi = 1.0;
  double loadExtraCycles = 0.0;
  std::string note;
};

struct TargetDescription {
  std::string name; ///< The name that was asked for (board or core).
  TargetKind kind = TargetKind::Core;
  std::string description;
  /// The core's name; equals `name` for a core target.
  std::string coreName;
  /// For a board, the core's description; empty for a core.
  std::string coreDescription;

  // ISA, from the core.
  std::string arch; ///< "armv6-m", "armv7e-m", "armv8.1-m.main", "rv32imc", "host".
  bool thumb = false;
  bool dsp = false;
  MveKind mve = MveKind::None;
  FpuKind fpu = FpuKind::None;
  std::string rvExtensions; ///< e.g. "imc"; empty unless RISC-V.

  std::vector<std::string> gccFlags; ///< e.g. -mcpu=cortex-m4 -mthumb ...
  std::string toolchain;             ///< e.g. "arm-none-eabi"; empty for host.
  KernelVariant kernels = KernelVariant::Portable;
  std::optional<QemuInfo> qemu;
  std::optional<CycleModel> cycleModel;

  // Memory and clock: from the board, or from the core file if it gives
  // them (cores usually do not).
  std::optional<uint64_t> flashBytes;
  std::optional<uint64_t> ramBytes;
  std::optional<uint64_t> clockHz;
  std::string source; ///< Where the figures come from (datasheet).

  bool isHost() const { return arch == "host"; }
  bool isArm() const { return llvm::StringRef(arch).starts_with("armv"); }
  bool isRiscV() const { return llvm::StringRef(arch).starts_with("rv"); }
};

llvm::StringRef toString(TargetKind k);
llvm::StringRef toString(FpuKind f);
llvm::StringRef toString(MveKind m);
llvm::StringRef toString(KernelVariant v);

/// Gives the JSON text of target `name`, or std::nullopt if there is no such
/// target. Used to resolve the core a board names.
using TargetTextLookup =
    std::function<std::optional<std::string>(llvm::StringRef name)>;

/// Parses and validates one target file. `name` is the target's expected
/// name (the file stem); `lookup` resolves a board's core (if empty, a board
/// cannot be resolved and is an error). Errors name the target and the
/// field.
llvm::Expected<TargetDescription>
loadTargetFromJSON(llvm::StringRef name, llvm::StringRef jsonText,
                   const TargetTextLookup &lookup = {});

/// Loads `<dataDir>/<name>.json` and, for a board, its core from the same
/// directory.
llvm::Expected<TargetDescription> loadTarget(llvm::StringRef name,
                                             llvm::StringRef dataDir);

/// Sorted names of the targets (*.json stems) in `dataDir`.
llvm::Expected<std::vector<std::string>> listTargets(llvm::StringRef dataDir);

/// One target file compiled into the binary.
struct EmbeddedTargetFile {
  const char *name;
  const char *json;
};

/// Every file of targets/data/ as it was at build time, sorted by name.
std::vector<EmbeddedTargetFile> embeddedTargetFiles();

/// Sorted names of the embedded targets.
std::vector<std::string> listEmbeddedTargets();

/// Loads an embedded target (and its core).
llvm::Expected<TargetDescription> loadEmbeddedTarget(llvm::StringRef name);

} // namespace tmlc::target

#endif // TMLC_TARGETS_COMMON_TARGETDESCRIPTION_H
