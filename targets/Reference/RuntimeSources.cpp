//===- RuntimeSources.cpp - the runtime sources embedded in tmlc -*- C++ -*-===//
#include "targets/Reference/RuntimeSources.h"
#include "llvm/Support/Path.h"
#include <vector>

namespace tmlc::target {

llvm::ArrayRef<RuntimeFile> runtimeFiles() {
  static const std::vector<RuntimeFile> files = {
#include "targets/Reference/RuntimeSources.inc"
  };
  return files;
}

const RuntimeFile *findRuntimeFile(llvm::StringRef name) {
  for (const RuntimeFile &f : runtimeFiles())
    if (llvm::sys::path::filename(f.path) == name)
      return &f;
  return nullptr;
}

} // namespace tmlc::target
