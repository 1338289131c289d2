//===- Pipelines.cpp - tmlc pass pipelines ------------------------*- C++ -*-===//
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

namespace tmlc {

void buildDefaultPipeline(mlir::OpPassManager &pm,
                          const DefaultPipelineOptions &options) {
  mlir::OpPassManager &fpm = pm.nest<mlir::func::FuncOp>();
  // ONNX QDQ islands into quantized ops before anything moves them apart.
  fpm.addPass(createFuseQDQPass());
  fpm.addPass(mlir::createCanonicalizerPass());
  // Integer ops go NHWC (TFLite's kernels); the importer's transposes cancel.
  fpm.addPass(createLayoutPass());
  fpm.addPass(mlir::createCanonicalizerPass());
  fpm.addPass(createFuseActivationsPass());
  fpm.addPass(createFuseOpsPass());
  fpm.addPass(mlir::createCanonicalizerPass());
  fpm.addPass(mlir::createCSEPass());
  PlanMemoryPassOptions plan;
  plan.alignment = options.alignment;
  fpm.addPass(createPlanMemoryPass(plan));
}

void registerTmlcPipelines() {
  mlir::PassPipelineRegistration<DefaultPipelineOptions>(
      "tmlc-default-pipeline",
      "graph optimizations and memory planning (what tmlc compile runs)",
      buildDefaultPipeline);
}

} // namespace tmlc
