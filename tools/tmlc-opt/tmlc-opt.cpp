//===- tmlc-opt.cpp - mlir-opt with every tmlc dialect and pass ---*- C++ -*-===//
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Transforms/Passes.h"
#include "dialects/TML/IR/TMLDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/QuantOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  tmlc::registerTmlcPasses();
  tmlc::registerTmlcPipelines();
  mlir::DialectRegistry registry;
  registry.insert<tmlc::tml::TMLDialect, mlir::func::FuncDialect,
                  mlir::quant::QuantizationDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "tmlc optimizer driver\n", registry));
}
