//===- TFLiteModel.h - Verified, validated view of a .tflite file -*- C++ -*-===//
//
// Loads a TensorFlow Lite flatbuffer, runs the FlatBuffers verifier over the
// whole buffer before reading any field, validates it semantically and turns
// it into a plain C++ graph description (no MLIR here; the importer builds
// `tml` ops from it).
//
// Every failure is an llvm::Error carrying one Diagnostic, rendered as one
// gcc-style line:
//   kws.tflite: error: <message>                       (file level)
//   kws.tflite: tensor #12 'conv/w': error: <message>  (tensor level)
//   kws.tflite: op #7 (DEPTHWISE_CONV_2D): error: <message>
//   kws.tflite: subgraph 1 op #3 (ADD): error: <message>  (subgraph != 0)
// Nothing here aborts or throws, whatever the input bytes are.
//
//===----------------------------------------------------------------------===//
#ifndef TMLC_FRONTENDS_TFLITE_TFLITEMODEL_H
#define TMLC_FRONTENDS_TFLITE_TFLITEMODEL_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tmlc::tflite {

//===----------------------------------------------------------------------===//
// Diagnostics
//===----------------------------------------------------------------------===//

struct Diagnostic {
  std::string file;        ///< basename of the model file
  unsigned subgraph = 0;   ///< printed only when not 0
  int opIndex = -1;        ///< >= 0 for operator-level diagnostics
  std::string opName;      ///< e.g. "CONV_2D"
  int tensorIndex = -1;    ///< >= 0 for tensor-level diagnostics
  std::string tensorName;
  std::string message;

  /// The one-line rendering described at the top of this file.
  std::string str() const;
};

/// llvm::Error payload holding a Diagnostic. `llvm::toString(err)` yields the
/// diagnostic line.
class DiagnosticError : public llvm::ErrorInfo<DiagnosticError> {
public:
  static char ID;
  explicit DiagnosticError(Diagnostic d) : diag(std::move(d)) {}
  void log(llvm::raw_ostream &os) const override;
  std::error_code convertToErrorCode() const override;
  const Diagnostic &getDiagnostic() const { return diag; }

private:
  Diagnostic diag;
};

//===----------------------------------------------------------------------===//
// Graph description
//===----------------------------------------------------------------------===//

/// Element types; the numeric values are the format's TensorType values.
enum class TensorType : int8_t {
  Float32 = 0, Float16 = 1, Int32 = 2, UInt8 = 3, Int64 = 4, String = 5,
  Bool = 6, Int16 = 7, Complex64 = 8, Int8 = 9, Float64 = 10,
  Complex128 = 11, UInt64 = 12, Resource = 13, Variant = 14, UInt32 = 15,
  UInt16 = 16, Int4 = 17,
};

/// "FLOAT32", "INT8", ... ("UNKNOWN" for values outside the enum).
llvm::StringRef tensorTypeName(TensorType t);
/// Bytes per element; 0 for types without a fixed size (STRING, RESOURCE,
/// VARIANT) and for INT4, which is packed two per byte.
unsigned tensorTypeSize(TensorType t);

/// Builtin operator codes used by name in tmlc (values are the format's).
namespace op {
enum : int32_t {
  ADD = 0, AVERAGE_POOL_2D = 1, CONCATENATION = 2, CONV_2D = 3,
  DEPTHWISE_CONV_2D = 4, DEQUANTIZE = 6, FULLY_CONNECTED = 9, LOGISTIC = 14,
  LSTM = 16, MAX_POOL_2D = 17, MUL = 18, RELU = 19, RELU_N1_TO_1 = 20,
  RELU6 = 21, RESHAPE = 22, SOFTMAX = 25, SVDF = 27, TANH = 28, CUSTOM = 32,
  PAD = 34, TRANSPOSE = 39, MEAN = 40, SUB = 41, DIV = 42, SQUEEZE = 43,
  UNIDIRECTIONAL_SEQUENCE_LSTM = 44, LEAKY_RELU = 98, QUANTIZE = 114,
  HARD_SWISH = 117,
};
} // namespace op

/// "CONV_2D", ...; "BUILTIN_<n>" for codes this schema does not name.
std::string builtinOperatorName(int32_t code);

struct Quantization {
  std::vector<float> scales;
  std::vector<int64_t> zeroPoints;
  int32_t quantizedDimension = 0;
  std::vector<float> min, max; ///< informational only
  bool isPerChannel() const { return scales.size() > 1; }
};

struct Tensor {
  unsigned index = 0;
  std::string name;
  TensorType type = TensorType::Float32;
  std::vector<int64_t> shape;
  std::vector<int32_t> shapeSignature; ///< empty if the file has none
  uint32_t bufferIndex = 0;
  bool hasData = false;                ///< constant tensor
  llvm::ArrayRef<uint8_t> data;        ///< points into the Model's storage
  std::optional<Quantization> quant;   ///< set iff the file gives scales
  bool isVariable = false;
  bool isSparse = false;
  bool hasCustomQuantization = false;

  int64_t numElements() const;
};

enum class Padding : uint8_t { Same = 0, Valid = 1 };
enum class Activation : uint8_t {
  None = 0, Relu = 1, ReluN1To1 = 2, Relu6 = 3, Tanh = 4, SignBit = 5,
};
llvm::StringRef paddingName(Padding p);
llvm::StringRef activationName(Activation a);

struct Conv2DOptions {
  Padding padding = Padding::Same;
  int32_t strideW = 1, strideH = 1;
  int32_t dilationW = 1, dilationH = 1;
  Activation activation = Activation::None;
};
struct DepthwiseConv2DOptions {
  Padding padding = Padding::Same;
  int32_t strideW = 1, strideH = 1;
  int32_t depthMultiplier = 1;
  int32_t dilationW = 1, dilationH = 1;
  Activation activation = Activation::None;
};
struct Pool2DOptions {
  Padding padding = Padding::Same;
  int32_t strideW = 1, strideH = 1;
  int32_t filterW = 1, filterH = 1;
  Activation activation = Activation::None;
};
struct FullyConnectedOptions {
  Activation activation = Activation::None;
  uint8_t weightsFormat = 0; ///< 0 = DEFAULT, 1 = SHUFFLED4x16INT8
  bool keepNumDims = false;
  bool asymmetricQuantizeInputs = false;
};
struct SoftmaxOptions { float beta = 1.0f; };
struct ConcatenationOptions {
  int32_t axis = 0;
  Activation activation = Activation::None;
};
/// ADD, SUB, MUL, DIV.
struct ElementwiseOptions {
  Activation activation = Activation::None;
  bool potScaleInt16 = true;
};
struct ReshapeOptions {
  bool hasNewShape = false;
  std::vector<int32_t> newShape;
};
struct SqueezeOptions { std::vector<int32_t> squeezeDims; };
struct ReducerOptions { bool keepDims = false; };
struct LeakyReluOptions { float alpha = 0.0f; };

/// Decoded builtin options; std::monostate for ops whose options carry
/// nothing (PAD, QUANTIZE, ...) or are not decoded. Use std::get_if.
using OperatorOptions =
    std::variant<std::monostate, Conv2DOptions, DepthwiseConv2DOptions,
                 Pool2DOptions, FullyConnectedOptions, SoftmaxOptions,
                 ConcatenationOptions, ElementwiseOptions, ReshapeOptions,
                 SqueezeOptions, ReducerOptions, LeakyReluOptions>;

struct Operator {
  unsigned index = 0;
  int32_t builtinCode = 0;
  std::string opName;     ///< builtinOperatorName(builtinCode)
  std::string customCode; ///< only for CUSTOM
  int32_t version = 1;
  std::vector<int32_t> inputs;  ///< -1 for an omitted optional input
  std::vector<int32_t> outputs;
  std::vector<int32_t> intermediates;
  uint8_t builtinOptionsType = 0; ///< the union tag found in the file
  OperatorOptions options;
  llvm::ArrayRef<uint8_t> customOptions;
};

struct Subgraph {
  unsigned index = 0;
  std::string name;
  std::vector<Tensor> tensors;
  std::vector<Operator> operators;
  std::vector<int32_t> inputs, outputs;
};

struct TensorMapEntry {
  std::string name;
  uint32_t tensorIndex = 0;
};
struct SignatureDef {
  std::string key;
  uint32_t subgraphIndex = 0;
  std::vector<TensorMapEntry> inputs, outputs;
};
struct MetadataEntry {
  std::string name;
  uint32_t bufferIndex = 0;
};

struct LoadOptions {
  /// Largest accepted file; the format's 32-bit offsets cap it below 2 GiB.
  uint64_t maxFileBytes = (uint64_t(1) << 31) - 1;
};

class Model {
public:
  /// Reads, verifies and validates a file.
  static llvm::Expected<Model> loadFile(llvm::StringRef path,
                                        const LoadOptions &opts = {});
  /// Same for bytes in memory (copied); `fileName` is used in diagnostics.
  static llvm::Expected<Model> loadBuffer(llvm::StringRef fileName,
                                          llvm::StringRef bytes,
                                          const LoadOptions &opts = {});

  std::string fileName; ///< basename, as printed in diagnostics
  uint32_t schemaVersion = 0;
  std::string description;
  std::vector<Subgraph> subgraphs; ///< subgraphs[0] is the main graph
  std::vector<SignatureDef> signatures;
  std::vector<MetadataEntry> metadata;
  size_t numBuffers = 0;

  /// Helpers building a diagnostic with this model's file name.
  llvm::Error fileError(const llvm::Twine &msg) const;
  llvm::Error opError(const Subgraph &sg, const Operator &op,
                      const llvm::Twine &msg) const;
  llvm::Error tensorError(const Subgraph &sg, const Tensor &t,
                          const llvm::Twine &msg) const;

private:
  std::unique_ptr<llvm::MemoryBuffer> storage; ///< backs Tensor::data
  friend class ModelReader;
};

//===----------------------------------------------------------------------===//
// Op support checks
//===----------------------------------------------------------------------===//

/// One diagnostic per operator of `subgraph` whose builtin code is not in
/// `supportedBuiltins` (or, for CUSTOM, whose custom_code is not in
/// `supportedCustom`): "op #<i> (<NAME>): error: unsupported op '<NAME>'",
/// where the quoted name is the custom_code for CUSTOM ops.
std::vector<Diagnostic>
findUnsupportedOps(const Model &model, llvm::ArrayRef<int32_t> supportedBuiltins,
                   llvm::ArrayRef<llvm::StringRef> supportedCustom = {},
                   unsigned subgraph = 0);

/// The first of findUnsupportedOps() as an error, or success.
llvm::Error checkSupportedOps(const Model &model,
                              llvm::ArrayRef<int32_t> supportedBuiltins,
                              llvm::ArrayRef<llvm::StringRef> supportedCustom = {},
                              unsigned subgraph = 0);

/// The builtin ops the TFLite path of tmlc is to support (issue 3 list).
llvm::ArrayRef<int32_t> plannedSupportedBuiltins();

} // namespace tmlc::tflite

#endif // TMLC_FRONTENDS_TFLITE_TFLITEMODEL_H
