//===- Pipelines.h - tmlc pass pipelines ------------------------*- C++ -*-===//
#ifndef TMLC_COMPILER_PIPELINES_PIPELINES_H
#define TMLC_COMPILER_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace tmlc {

/// Options of the default pipeline.
struct DefaultPipelineOptions
    : public mlir::PassPipelineOptions<DefaultPipelineOptions> {
  Option<int64_t> alignment{*this, "alignment",
                            llvm::cl::desc("arena buffer alignment in bytes"),
                            llvm::cl::init(16)};
};

/// Graph optimizations then memory planning; what `tmlc compile` runs
/// between the frontend and the C emitter.
void buildDefaultPipeline(mlir::OpPassManager &pm,
                          const DefaultPipelineOptions &options);

/// Registers `--tmlc-default-pipeline` for tmlc-opt.
void registerTmlcPipelines();

} // namespace tmlc

#endif // TMLC_COMPILER_PIPELINES_PIPELINES_H
