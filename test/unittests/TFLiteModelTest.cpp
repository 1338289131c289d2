//===- TFLiteModelTest.cpp - Validation rules of the TFLite frontend ------===//
//
// Builds small models in memory with the FlatBufferBuilder API generated from
// frontends/tflite/schema/tflite.fbs, breaks one rule at a time and checks the
// exact diagnostic; plus robustness over every truncation and many byte flips
// of a valid model.
//
//===----------------------------------------------------------------------===//
#include "frontends/tflite/TFLiteModel.h"

#include "tflite_generated.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>

using namespace tmlc::tflite;

namespace {

/// Everything a test may want to change about the one-FC-op model:
///   t0 input  INT8 [1,4]            scale 0.5 zp -1
///   t1 weight INT8 [2,4] buffer 1   per-channel on dim 0 (2 scales)
///   t2 bias   INT32 [2]  buffer 2   per-channel
///   t3 output INT8 [1,2]            scale 0.25 zp 3
///   op #0 FULLY_CONNECTED(t0, t1, t2) -> t3, RELU
struct Spec {
  std::vector<int32_t> weightShape{2, 4};
  std::vector<uint8_t> weightData{1, 2, 3, 4, 5, 6, 7, 8};
  std::vector<float> weightScales{0.1f, 0.2f};
  std::vector<int64_t> weightZps{0, 0};
  int32_t weightQDim = 0;
  uint32_t weightBuffer = 1;
  std::vector<int32_t> inputShape{1, 4};
  float inputScale = 0.5f;
  int64_t inputZp = -1;
  uint32_t opcodeIndex = 0;
  int8_t deprecatedCode = fb::BuiltinOperator_FULLY_CONNECTED;
  int32_t builtinCode = fb::BuiltinOperator_FULLY_CONNECTED;
  std::vector<int32_t> opInputs{0, 1, 2};
  std::vector<int32_t> opOutputs{3};
  enum class Opts { FC, Conv, None, ConvZeroStride } options = Opts::FC;
  uint32_t version = 3;
  uint32_t signatureTensor = 0;
  bool secondSubgraphBroken = false; ///< add subgraph 1 with a bad opcode index
  std::string customCode;            ///< for CUSTOM ops
};

std::string build(const Spec &s) {
  flatbuffers::FlatBufferBuilder b;
  std::vector<uint8_t> bias(8, 0);
  std::vector<flatbuffers::Offset<fb::Buffer>> buffers{
      fb::CreateBuffer(b), fb::CreateBufferDirect(b, &s.weightData),
      fb::CreateBufferDirect(b, &bias)};

  auto quant = [&](std::vector<float> scales, std::vector<int64_t> zps,
                   int32_t qd) {
    return fb::CreateQuantizationParametersDirect(
        b, nullptr, nullptr, &scales, &zps, fb::QuantizationDetails_NONE, 0,
        qd);
  };
  std::vector<int32_t> biasShape{2}, outShape{1, 2};
  std::vector<flatbuffers::Offset<fb::Tensor>> tensors{
      fb::CreateTensorDirect(b, &s.inputShape, fb::TensorType_INT8, 0, "in",
                             quant({s.inputScale}, {s.inputZp}, 0)),
      fb::CreateTensorDirect(b, &s.weightShape, fb::TensorType_INT8,
                             s.weightBuffer, "w",
                             quant(s.weightScales, s.weightZps, s.weightQDim)),
      fb::CreateTensorDirect(b, &biasShape, fb::TensorType_INT32, 2, "b",
                             quant({0.05f, 0.1f}, {0, 0}, 0)),
      fb::CreateTensorDirect(b, &outShape, fb::TensorType_INT8, 0, "out",
                             quant({0.25f}, {3}, 0)),
  };

  flatbuffers::Offset<void> opts;
  fb::BuiltinOptions optsType = fb::BuiltinOptions_NONE;
  switch (s.options) {
  case Spec::Opts::FC:
    opts = fb::CreateFullyConnectedOptions(b, fb::ActivationFunctionType_RELU)
               .Union();
    optsType = fb::BuiltinOptions_FullyConnectedOptions;
    break;
  case Spec::Opts::Conv:
  case Spec::Opts::ConvZeroStride: {
    int32_t stride = s.options == Spec::Opts::Conv ? 1 : 0;
    opts = fb::CreateConv2DOptions(b, fb::Padding_VALID, stride, 1).Union();
    optsType = fb::BuiltinOptions_Conv2DOptions;
    break;
  }
  case Spec::Opts::None:
    break;
  }
  std::vector<flatbuffers::Offset<fb::Operator>> ops{fb::CreateOperatorDirect(
      b, s.opcodeIndex, &s.opInputs, &s.opOutputs, optsType, opts)};
  std::vector<int32_t> sgIn{0}, sgOut{3};
  std::vector<flatbuffers::Offset<fb::SubGraph>> subgraphs{
      fb::CreateSubGraphDirect(b, &tensors, &sgIn, &sgOut, &ops, "main")};
  if (s.secondSubgraphBroken) {
    std::vector<flatbuffers::Offset<fb::Tensor>> t2{fb::CreateTensorDirect(
        b, &outShape, fb::TensorType_FLOAT32, 0, "x")};
    std::vector<int32_t> io{0};
    std::vector<flatbuffers::Offset<fb::Operator>> ops2{
        fb::CreateOperatorDirect(b, 0, &io, &io),
        fb::CreateOperatorDirect(b, 9, &io, &io)};
    subgraphs.push_back(
        fb::CreateSubGraphDirect(b, &t2, &io, &io, &ops2, "second"));
  }
  std::vector<flatbuffers::Offset<fb::OperatorCode>> codes{
      fb::CreateOperatorCodeDirect(
          b, s.deprecatedCode,
          s.customCode.empty() ? nullptr : s.customCode.c_str(), 1,
          static_cast<fb::BuiltinOperator>(s.builtinCode))};
  std::vector<flatbuffers::Offset<fb::TensorMap>> sigIn{
      fb::CreateTensorMapDirect(b, "x", s.signatureTensor)};
  std::vector<flatbuffers::Offset<fb::TensorMap>> sigOut{
      fb::CreateTensorMapDirect(b, "y", 3)};
  std::vector<flatbuffers::Offset<fb::SignatureDef>> sigs{
      fb::CreateSignatureDefDirect(b, &sigIn, &sigOut, "serving_default", 0)};
  auto model = fb::CreateModelDirect(b, s.version, &codes, &subgraphs,
                                     "unit test", &buffers, nullptr, nullptr,
                                     &sigs);
  fb::FinishModelBuffer(b, model);
  return std::string(reinterpret_cast<const char *>(b.GetBufferPointer()),
                     b.GetSize());
}

/// Loads `bytes` and returns "" on success or the diagnostic line.
std::string diag(const std::string &bytes) {
  llvm::Expected<Model> m = Model::loadBuffer("t.tflite", bytes);
  if (m)
    return "";
  return llvm::toString(m.takeError());
}

std::string diag(const Spec &s) { return diag(build(s)); }

TEST(TFLiteModel, ValidModelDecodes) {
  Spec s;
  llvm::Expected<Model> m = Model::loadBuffer("dir/t.tflite", build(s));
  ASSERT_TRUE(static_cast<bool>(m)) << llvm::toString(m.takeError());
  EXPECT_EQ(m->fileName, "t.tflite");
  EXPECT_EQ(m->description, "unit test");
  ASSERT_EQ(m->subgraphs.size(), 1u);
  const Subgraph &sg = m->subgraphs[0];
  ASSERT_EQ(sg.tensors.size(), 4u);
  EXPECT_EQ(sg.inputs, std::vector<int32_t>{0});
  EXPECT_EQ(sg.outputs, std::vector<int32_t>{3});

  const Tensor &w = sg.tensors[1];
  EXPECT_EQ(w.name, "w");
  EXPECT_EQ(w.type, TensorType::Int8);
  EXPECT_EQ(w.shape, (std::vector<int64_t>{2, 4}));
  ASSERT_TRUE(w.hasData);
  EXPECT_EQ(std::vector<uint8_t>(w.data.begin(), w.data.end()), s.weightData);
  ASSERT_TRUE(w.quant.has_value());
  EXPECT_TRUE(w.quant->isPerChannel());
  EXPECT_EQ(w.quant->scales, s.weightScales);
  EXPECT_EQ(w.quant->quantizedDimension, 0);

  const Tensor &in = sg.tensors[0];
  EXPECT_FALSE(in.hasData);
  ASSERT_TRUE(in.quant.has_value());
  EXPECT_EQ(in.quant->zeroPoints, std::vector<int64_t>{-1});

  ASSERT_EQ(sg.operators.size(), 1u);
  const Operator &op = sg.operators[0];
  EXPECT_EQ(op.builtinCode, op::FULLY_CONNECTED);
  EXPECT_EQ(op.opName, "FULLY_CONNECTED");
  EXPECT_EQ(op.inputs, (std::vector<int32_t>{0, 1, 2}));
  const auto *fc = std::get_if<FullyConnectedOptions>(&op.options);
  ASSERT_NE(fc, nullptr);
  EXPECT_EQ(fc->activation, Activation::Relu);

  ASSERT_EQ(m->signatures.size(), 1u);
  EXPECT_EQ(m->signatures[0].key, "serving_default");
  ASSERT_EQ(m->signatures[0].outputs.size(), 1u);
  EXPECT_EQ(m->signatures[0].outputs[0].tensorIndex, 3u);
}

TEST(TFLiteModel, EffectiveBuiltinCodeIsMaxOfBothFields) {
  // Old writers: only the int8 field.
  Spec old;
  old.builtinCode = 0;
  llvm::Expected<Model> m1 = Model::loadBuffer("t.tflite", build(old));
  ASSERT_TRUE(static_cast<bool>(m1)) << llvm::toString(m1.takeError());
  EXPECT_EQ(m1->subgraphs[0].operators[0].opName, "FULLY_CONNECTED");
  // New writers, code > 127: int8 field holds the placeholder 127.
  Spec big;
  big.deprecatedCode = 127;
  big.builtinCode = 130; // BROADCAST_TO
  big.options = Spec::Opts::None;
  llvm::Expected<Model> m2 = Model::loadBuffer("t.tflite", build(big));
  ASSERT_TRUE(static_cast<bool>(m2)) << llvm::toString(m2.takeError());
  EXPECT_EQ(m2->subgraphs[0].operators[0].builtinCode, 130);
  EXPECT_EQ(m2->subgraphs[0].operators[0].opName, "BROADCAST_TO");
}

TEST(TFLiteModel, OptionalInputMinusOneAccepted) {
  Spec s;
  s.opInputs = {0, 1, -1};
  EXPECT_EQ(diag(s), "");
}

TEST(TFLiteModel, BufferIndexOutOfRange) {
  Spec s;
  s.weightBuffer = 7;
  EXPECT_EQ(diag(s), "t.tflite: tensor #1 'w': error: buffer index 7 is out of "
                     "range (the model has 3 buffers) (input 1 of op #0 "
                     "FULLY_CONNECTED)");
}

TEST(TFLiteModel, TensorByteSizeMismatch) {
  Spec s;
  s.weightData.pop_back();
  EXPECT_EQ(diag(s), "t.tflite: tensor #1 'w': error: buffer 1 holds 7 bytes "
                     "but shape [2, 4] of INT8 needs 8 bytes (input 1 of op "
                     "#0 FULLY_CONNECTED)");
}

TEST(TFLiteModel, NegativeDimension) {
  Spec s;
  s.inputShape = {1, -4};
  EXPECT_EQ(diag(s), "t.tflite: tensor #0 'in': error: dimension 1 is negative "
                     "(-4) (input 0 of op #0 FULLY_CONNECTED)");
}

TEST(TFLiteModel, BadScales) {
  Spec zero;
  zero.inputScale = 0.0f;
  EXPECT_EQ(diag(zero), "t.tflite: tensor #0 'in': error: quantization scale "
                        "#0 is zero (input 0 of op #0 FULLY_CONNECTED)");
  Spec neg;
  neg.weightScales = {0.1f, -2.0f};
  EXPECT_EQ(diag(neg), "t.tflite: tensor #1 'w': error: quantization scale #1 "
                       "is negative (-2) (input 1 of op #0 FULLY_CONNECTED)");
  for (float bad : {std::numeric_limits<float>::infinity(),
                    std::numeric_limits<float>::quiet_NaN()}) {
    Spec s;
    s.inputScale = bad;
    EXPECT_EQ(diag(s), "t.tflite: tensor #0 'in': error: quantization scale #0 "
                       "is not finite (input 0 of op #0 FULLY_CONNECTED)");
  }
}

TEST(TFLiteModel, PerChannelLengthMismatch) {
  Spec s;
  s.weightScales = {0.1f, 0.2f, 0.3f};
  s.weightZps = {0, 0, 0};
  EXPECT_EQ(diag(s), "t.tflite: tensor #1 'w': error: per-channel quantization "
                     "has 3 scales but dimension 0 has 2 channels (input 1 of "
                     "op #0 FULLY_CONNECTED)");
  // The channel count follows quantized_dimension.
  Spec axis1;
  axis1.weightQDim = 1;
  EXPECT_EQ(diag(axis1), "t.tflite: tensor #1 'w': error: per-channel "
                         "quantization has 2 scales but dimension 1 has 4 "
                         "channels (input 1 of op #0 FULLY_CONNECTED)");
  Spec ok;
  ok.weightQDim = 1;
  ok.weightScales = {0.1f, 0.2f, 0.3f, 0.4f};
  ok.weightZps = {0, 0, 0, 0};
  EXPECT_EQ(diag(ok), "");
}

TEST(TFLiteModel, ZeroPointCountAndRange) {
  Spec s;
  s.weightZps = {0};
  EXPECT_EQ(diag(s), "t.tflite: tensor #1 'w': error: quantization has 2 "
                     "scales but 1 zero points (input 1 of op #0 "
                     "FULLY_CONNECTED)");
  Spec r;
  r.inputZp = 128;
  EXPECT_EQ(diag(r), "t.tflite: tensor #0 'in': error: zero point #0 (128) is "
                     "out of range for INT8 (input 0 of op #0 "
                     "FULLY_CONNECTED)");
}

TEST(TFLiteModel, QuantizedDimensionOutOfRange) {
  for (int32_t qd : {-1, 2}) {
    Spec s;
    s.weightQDim = qd;
    EXPECT_EQ(diag(s), "t.tflite: tensor #1 'w': error: quantized_dimension " +
                           std::to_string(qd) +
                           " is out of range for a tensor of rank 2 (input 1 "
                           "of op #0 FULLY_CONNECTED)");
  }
}

TEST(TFLiteModel, OpcodeIndexOutOfRange) {
  Spec s;
  s.opcodeIndex = 5;
  EXPECT_EQ(diag(s), "t.tflite: op #0 (UNKNOWN): error: opcode index 5 is out "
                     "of range (the model has 1 operator codes)");
}

TEST(TFLiteModel, TensorIndexOutOfRange) {
  Spec in;
  in.opInputs = {0, 1, 4};
  EXPECT_EQ(diag(in), "t.tflite: op #0 (FULLY_CONNECTED): error: input #2 "
                      "refers to tensor 4 but the subgraph has 4 tensors");
  Spec out;
  out.opOutputs = {-1};
  EXPECT_EQ(diag(out), "t.tflite: op #0 (FULLY_CONNECTED): error: output #0 "
                       "refers to tensor -1 but the subgraph has 4 tensors");
  Spec sig;
  sig.signatureTensor = 10;
  EXPECT_EQ(diag(sig), "t.tflite: error: signature #0 ('serving_default') "
                       "input 'x' refers to tensor 10 but subgraph 0 has 4 "
                       "tensors");
}

TEST(TFLiteModel, OptionsMustMatchOp) {
  Spec s;
  s.options = Spec::Opts::Conv;
  EXPECT_EQ(diag(s), "t.tflite: op #0 (FULLY_CONNECTED): error: "
                     "builtin_options is Conv2DOptions but FULLY_CONNECTED "
                     "takes FullyConnectedOptions");
  // FULLY_CONNECTED has usable defaults; CONV_2D does not.
  Spec fcNone;
  fcNone.options = Spec::Opts::None;
  EXPECT_EQ(diag(fcNone), "");
  Spec convNone;
  convNone.deprecatedCode = convNone.builtinCode = fb::BuiltinOperator_CONV_2D;
  convNone.options = Spec::Opts::None;
  EXPECT_EQ(diag(convNone), "t.tflite: op #0 (CONV_2D): error: missing "
                            "builtin_options (Conv2DOptions)");
  Spec stride;
  stride.deprecatedCode = stride.builtinCode = fb::BuiltinOperator_CONV_2D;
  stride.options = Spec::Opts::ConvZeroStride;
  EXPECT_EQ(diag(stride), "t.tflite: op #0 (CONV_2D): error: stride_w must be "
                          "positive, got 0");
}

TEST(TFLiteModel, SchemaVersion) {
  Spec s;
  s.version = 2;
  EXPECT_EQ(diag(s), "t.tflite: error: unsupported TFLite schema version 2 "
                     "(expected 3)");
}

TEST(TFLiteModel, SubgraphIndexShownWhenNotZero) {
  Spec s;
  s.secondSubgraphBroken = true;
  EXPECT_EQ(diag(s), "t.tflite: subgraph 1 op #1 (UNKNOWN): error: opcode "
                     "index 9 is out of range (the model has 1 operator "
                     "codes)");
}

TEST(TFLiteModel, UnsupportedOps) {
  Spec s;
  llvm::Expected<Model> m = Model::loadBuffer("t.tflite", build(s));
  ASSERT_TRUE(static_cast<bool>(m));
  int32_t fcOnly[] = {op::FULLY_CONNECTED};
  EXPECT_TRUE(findUnsupportedOps(*m, fcOnly).empty());
  EXPECT_FALSE(static_cast<bool>(checkSupportedOps(*m, fcOnly)));
  int32_t addOnly[] = {op::ADD};
  std::vector<Diagnostic> d = findUnsupportedOps(*m, addOnly);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].str(), "t.tflite: op #0 (FULLY_CONNECTED): error: "
                        "unsupported op 'FULLY_CONNECTED'");
  llvm::Error e = checkSupportedOps(*m, addOnly);
  EXPECT_EQ(llvm::toString(std::move(e)), d[0].str());

  Spec c;
  c.deprecatedCode = c.builtinCode = fb::BuiltinOperator_CUSTOM;
  c.customCode = "SignalWindow";
  c.options = Spec::Opts::None;
  llvm::Expected<Model> mc = Model::loadBuffer("t.tflite", build(c));
  ASSERT_TRUE(static_cast<bool>(mc)) << llvm::toString(mc.takeError());
  std::vector<Diagnostic> dc = findUnsupportedOps(*mc, addOnly);
  ASSERT_EQ(dc.size(), 1u);
  EXPECT_EQ(dc[0].str(), "t.tflite: op #0 (CUSTOM): error: unsupported op "
                         "'SignalWindow'");
  llvm::StringRef known[] = {"SignalWindow"};
  EXPECT_TRUE(findUnsupportedOps(*mc, addOnly, known).empty());
}

TEST(TFLiteModel, FileErrors) {
  EXPECT_EQ(diag(std::string()),
            "t.tflite: error: file is too small to be a TFLite model (0 bytes)");
  EXPECT_EQ(diag(std::string("GARBAGE GARBAGE GARBAGE")),
            "t.tflite: error: not a TFLite model (file identifier is not "
            "'TFL3')");
  llvm::Expected<Model> m = Model::loadFile("/nonexistent/dir/x.tflite");
  ASSERT_FALSE(static_cast<bool>(m));
  EXPECT_EQ(llvm::toString(m.takeError()),
            "x.tflite: error: cannot open file: No such file or directory");
  LoadOptions small;
  small.maxFileBytes = 16;
  llvm::Expected<Model> big = Model::loadBuffer("t.tflite", build(Spec()), small);
  ASSERT_FALSE(static_cast<bool>(big));
  EXPECT_NE(llvm::toString(big.takeError()).find("error: file is too large"),
            std::string::npos);
}

/// Every proper prefix of a valid model is rejected with one diagnostic line
/// and no crash (the run under ASan/UBSan is what makes this meaningful).
TEST(TFLiteModel, EveryTruncationRejected) {
  std::string bytes = build(Spec());
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::string d = diag(bytes.substr(0, n));
    ASSERT_FALSE(d.empty()) << "prefix of " << n << " bytes was accepted";
    EXPECT_EQ(d.find('\n'), std::string::npos);
    EXPECT_EQ(d.rfind("t.tflite: ", 0), 0u) << d;
  }
}

/// Single-byte corruptions anywhere: either still a valid model or one
/// diagnostic line, never a crash.
TEST(TFLiteModel, ByteFlipsNeverCrash) {
  std::string bytes = build(Spec());
  unsigned rejected = 0;
  uint32_t rng = 12345;
  for (size_t pos = 0; pos < bytes.size(); ++pos) {
    for (int k = 0; k < 4; ++k) {
      rng = rng * 1664525u + 1013904223u;
      std::string b = bytes;
      b[pos] = static_cast<char>(rng >> 24);
      std::string d = diag(b);
      if (!d.empty()) {
        ++rejected;
        EXPECT_EQ(d.find('\n'), std::string::npos);
        EXPECT_EQ(d.rfind("t.tflite: ", 0), 0u) << d;
      }
    }
  }
  EXPECT_GT(rejected, 0u);
}

} // namespace
