//===- TFLiteImporter.h - TFLite graph to the tml dialect ---------*- C++ -*-===//
//
// Turns a verified, validated tmlc::tflite::Model (TFLiteModel.h) into a
// module with one function `@main`, like the ONNX importer.
//
//  - Layout: TFLite tensors are NHWC (weights OHWI, depthwise 1HW(C*M)); the
//    tml window ops are NCHW/OIHW, so each conv/pool is wrapped in
//    tml.transpose ops on activations, and constant weights are permuted at
//    import time. FULLY_CONNECTED becomes a 1x1 tml.conv marked
//    `fully_connected` (it keeps the int32 bias inside the op, as the
//    integer kernels need). The tmlc-layout pass later puts quantized
//    window ops in NHWC and the transpose pairs cancel.
//  - Types: int8/uint8/int16 tensors with quantization become
//    !quant.uniform (per-tensor) or per-axis types; int32 biases too.
//    Quantized constants are a tml.constant of the storage type followed by
//    quant.scast. QUANTIZE/DEQUANTIZE become quant.qcast/quant.dcast (an
//    int8->int8 QUANTIZE, i.e. a requantization, is dcast+qcast).
//  - Weights of float ops stored as int8 ("hybrid" models) are dequantized
//    to float32 constants at import time.
//  - Fused activations become separate ops after the op (relu, clip, tanh).
//
// Errors (unsupported ops, inconsistent shapes) come back as a
// tmlc::tflite::DiagnosticError: `llvm::toString(err)` gives the line
// `kws.tflite: op #7 (DEPTHWISE_CONV_2D): error: ...`.
//
//===----------------------------------------------------------------------===//
#ifndef TMLC_FRONTENDS_TFLITE_TFLITEIMPORTER_H
#define TMLC_FRONTENDS_TFLITE_TFLITEIMPORTER_H

#include "frontends/tflite/TFLiteModel.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>
#include <vector>

namespace tmlc::tflite {

struct ImportOptions {
  unsigned subgraph = 0; ///< which subgraph becomes @main
};

/// I/O of the imported function, in model order (tensor names).
struct ImportedIO {
  std::vector<std::string> inputNames, outputNames;
};

/// The builtin ops importTFLite converts (for checkSupportedOps).
llvm::ArrayRef<int32_t> importerSupportedBuiltins();

/// Imports a loaded model. Checks op support first (one diagnostic naming
/// the first unsupported op), then converts, then verifies the module.
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
importTFLite(mlir::MLIRContext &context, const Model &model,
             const ImportOptions &options, ImportedIO &io);

/// Loads (verifier + validation) and imports a file.
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
importTFLiteFile(mlir::MLIRContext &context, llvm::StringRef path,
                 const ImportOptions &options, ImportedIO &io);

} // namespace tmlc::tflite

#endif // TMLC_FRONTENDS_TFLITE_TFLITEIMPORTER_H
