//===- tflite-to-tml.cpp - Import a .tflite file and print the tml module -===//
//
// tflite-to-tml [--subgraph=N] FILE: prints the imported MLIR on stdout, or
// one diagnostic on stderr and exit 1.
//
//===----------------------------------------------------------------------===//
#include "frontends/tflite/TFLiteImporter.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

static llvm::cl::opt<std::string> inputFile(llvm::cl::Positional,
                                            llvm::cl::desc("<model.tflite>"),
                                            llvm::cl::Required);
static llvm::cl::opt<unsigned>
    subgraphIndex("subgraph", llvm::cl::desc("Subgraph to import (default 0)"),
                  llvm::cl::init(0));

int main(int argc, char **argv) {
  llvm::cl::ParseCommandLineOptions(argc, argv, "TFLite to tml importer\n");
  mlir::MLIRContext context;
  tmlc::tflite::ImportOptions opts;
  opts.subgraph = subgraphIndex;
  tmlc::tflite::ImportedIO io;
  auto module = tmlc::tflite::importTFLiteFile(context, inputFile, opts, io);
  if (!module) {
    llvm::errs() << llvm::toString(module.takeError()) << '\n';
    return 1;
  }
  (*module)->print(llvm::outs());
  llvm::outs() << '\n';
  return 0;
}
