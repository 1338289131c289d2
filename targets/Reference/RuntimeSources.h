//===- RuntimeSources.h - the runtime sources embedded in tmlc ---*- C++ -*-===//
#ifndef TMLC_TARGETS_REFERENCE_RUNTIMESOURCES_H
#define TMLC_TARGETS_REFERENCE_RUNTIMESOURCES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace tmlc::target {

struct RuntimeFile {
  const char *path;      ///< relative to runtime/, e.g. kernels/reference/tmlc_add.c
  std::string contents;
};

/// Every embedded runtime header and kernel source, sorted by path.
llvm::ArrayRef<RuntimeFile> runtimeFiles();

/// The file whose base name is `name` (e.g. "tmlc_add.c"), or null.
const RuntimeFile *findRuntimeFile(llvm::StringRef name);

} // namespace tmlc::target

#endif // TMLC_TARGETS_REFERENCE_RUNTIMESOURCES_H
