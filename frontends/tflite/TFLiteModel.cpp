//===- TFLiteModel.cpp - Verified, validated view of a .tflite file -------===//
//
// Order of work for every input:
//   1. size checks (the verifier itself asserts on buffers >= 2 GiB),
//   2. file identifier and flatbuffers::Verifier over the whole buffer,
//   3. semantic validation while copying into the plain description.
// No field of the flatbuffer is read before step 2 succeeded.
//
//===----------------------------------------------------------------------===//
#include "frontends/tflite/TFLiteModel.h"

#include "tflite_generated.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

using namespace tmlc::tflite;
using llvm::Twine;

//===----------------------------------------------------------------------===//
// Diagnostics
//===----------------------------------------------------------------------===//

char DiagnosticError::ID = 0;

std::string Diagnostic::str() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << file << ": ";
  bool located = false;
  if (opIndex >= 0 || tensorIndex >= 0) {
    if (subgraph != 0)
      os << "subgraph " << subgraph << ' ';
    if (opIndex >= 0)
      os << "op #" << opIndex << " (" << opName << ')';
    else
      os << "tensor #" << tensorIndex << " '" << tensorName << '\'';
    located = true;
  } else if (subgraph != 0) {
    os << "subgraph " << subgraph;
    located = true;
  }
  if (located)
    os << ": ";
  os << "error: " << message;
  return os.str();
}

void DiagnosticError::log(llvm::raw_ostream &os) const { os << diag.str(); }

std::error_code DiagnosticError::convertToErrorCode() const {
  return llvm::inconvertibleErrorCode();
}

static llvm::Error makeError(Diagnostic d) {
  return llvm::make_error<DiagnosticError>(std::move(d));
}

llvm::Error Model::fileError(const Twine &msg) const {
  Diagnostic d;
  d.file = fileName;
  d.message = msg.str();
  return makeError(std::move(d));
}

llvm::Error Model::opError(const Subgraph &sg, const Operator &op,
                           const Twine &msg) const {
  Diagnostic d;
  d.file = fileName;
  d.subgraph = sg.index;
  d.opIndex = static_cast<int>(op.index);
  d.opName = op.opName;
  d.message = msg.str();
  return makeError(std::move(d));
}

llvm::Error Model::tensorError(const Subgraph &sg, const Tensor &t,
                               const Twine &msg) const {
  Diagnostic d;
  d.file = fileName;
  d.subgraph = sg.index;
  d.tensorIndex = static_cast<int>(t.index);
  d.tensorName = t.name;
  d.message = msg.str();
  return makeError(std::move(d));
}

//===----------------------------------------------------------------------===//
// Names and sizes
//===----------------------------------------------------------------------===//

llvm::StringRef tmlc::tflite::tensorTypeName(TensorType t) {
  auto v = static_cast<int8_t>(t);
  if (v < fb::TensorType_MIN || v > fb::TensorType_MAX)
    return "UNKNOWN";
  return fb::EnumNameTensorType(static_cast<fb::TensorType>(v));
}

unsigned tmlc::tflite::tensorTypeSize(TensorType t) {
  switch (t) {
  case TensorType::Bool:
  case TensorType::Int8:
  case TensorType::UInt8:
    return 1;
  case TensorType::Float16:
  case TensorType::Int16:
  case TensorType::UInt16:
    return 2;
  case TensorType::Float32:
  case TensorType::Int32:
  case TensorType::UInt32:
    return 4;
  case TensorType::Int64:
  case TensorType::UInt64:
  case TensorType::Float64:
  case TensorType::Complex64:
    return 8;
  case TensorType::Complex128:
    return 16;
  case TensorType::String:
  case TensorType::Resource:
  case TensorType::Variant:
  case TensorType::Int4:
    return 0;
  }
  return 0;
}

std::string tmlc::tflite::builtinOperatorName(int32_t code) {
  if (code >= fb::BuiltinOperator_MIN && code <= fb::BuiltinOperator_MAX) {
    const char *n = fb::EnumNameBuiltinOperator(
        static_cast<fb::BuiltinOperator>(code));
    if (n && *n)
      return n;
  }
  return "BUILTIN_" + std::to_string(code);
}

llvm::StringRef tmlc::tflite::paddingName(Padding p) {
  return p == Padding::Same ? "SAME" : "VALID";
}

llvm::StringRef tmlc::tflite::activationName(Activation a) {
  switch (a) {
  case Activation::None: return "NONE";
  case Activation::Relu: return "RELU";
  case Activation::ReluN1To1: return "RELU_N1_TO_1";
  case Activation::Relu6: return "RELU6";
  case Activation::Tanh: return "TANH";
  case Activation::SignBit: return "SIGN_BIT";
  }
  return "UNKNOWN";
}

int64_t Tensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d; // validated: no overflow, no negatives
  return n;
}

//===----------------------------------------------------------------------===//
// Reader
//===----------------------------------------------------------------------===//

namespace tmlc::tflite {

/// Upper bound on the element count of one tensor; far above any model that
/// fits a microcontroller, low enough that byte sizes never overflow.
static constexpr int64_t kMaxElements = int64_t(1) << 40;

class ModelReader {
public:
  ModelReader(Model &m) : model(m) {}
  llvm::Error run();

private:
  llvm::Error readBuffers();
  llvm::Error readSubgraph(const fb::SubGraph *fsg, unsigned index);
  llvm::Error readTensor(Subgraph &sg, const fb::Tensor *ft, unsigned index);
  llvm::Error readQuantization(Subgraph &sg, Tensor &t,
                               const fb::QuantizationParameters *q);
  llvm::Error readOperator(Subgraph &sg, const fb::Operator *fop,
                           unsigned index);
  llvm::Error decodeOptions(Subgraph &sg, Operator &op,
                            const fb::Operator *fop);
  llvm::Error checkTensorIndex(Subgraph &sg, Operator &op, llvm::StringRef what,
                               unsigned pos, int32_t idx, bool optional);
  /// Tensor diagnostic, naming the first operator that uses the tensor.
  llvm::Error tensorErr(Subgraph &sg, Tensor &t, const Twine &msg);
  void findFirstUses(const fb::SubGraph *fsg);

  Model &model;
  const fb::Model *fm = nullptr;
  /// Per buffer: the bytes (inline data or external range), if any.
  std::vector<llvm::ArrayRef<uint8_t>> bufferBytes;
  std::vector<int32_t> opcodeCodes;
  std::vector<std::string> opcodeCustom;
  std::vector<int32_t> opcodeVersions;
  /// For the subgraph being read: " (input 1 of op #7 CONV_2D)" per tensor.
  std::vector<std::string> firstUse;
};

} // namespace tmlc::tflite

/// Shortest round-trip-ish rendering: "-0.5", "1e-08".
static std::string formatFloat(float f) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(f));
  return buf;
}

static bool validActivation(int8_t a) { return a >= 0 && a <= 5; }
static bool validPadding(int8_t p) { return p == 0 || p == 1; }

llvm::Error ModelReader::run() {
  const llvm::MemoryBuffer &mb = *model.storage;
  const auto *bytes = reinterpret_cast<const uint8_t *>(mb.getBufferStart());
  size_t size = mb.getBufferSize();

  if (size < 8)
    return model.fileError("file is too small to be a TFLite model (" +
                           Twine(size) + " bytes)");
  if (!fb::ModelBufferHasIdentifier(bytes))
    return model.fileError(
        "not a TFLite model (file identifier is not 'TFL3')");
  {
    flatbuffers::Verifier verifier(bytes, size, /*max_depth=*/64,
                                   /*max_tables=*/4000000);
    if (!fb::VerifyModelBuffer(verifier))
      return model.fileError("file is corrupt or truncated (FlatBuffers "
                             "verification failed)");
  }
  fm = fb::GetModel(bytes);

  model.schemaVersion = fm->version();
  if (model.schemaVersion != 3)
    return model.fileError("unsupported TFLite schema version " +
                           Twine(model.schemaVersion) + " (expected 3)");
  if (fm->description())
    model.description = fm->description()->str();

  if (llvm::Error e = readBuffers())
    return e;

  // Operator codes.
  if (const auto *codes = fm->operator_codes()) {
    for (unsigned i = 0; i < codes->size(); ++i) {
      const fb::OperatorCode *oc = codes->Get(i);
      int32_t code = std::max<int32_t>(oc->deprecated_builtin_code(),
                                       oc->builtin_code());
      if (code < 0)
        return model.fileError("operator code #" + Twine(i) +
                               " has a negative builtin code " + Twine(code));
      opcodeCodes.push_back(code);
      opcodeCustom.push_back(oc->custom_code() ? oc->custom_code()->str()
                                               : std::string());
      opcodeVersions.push_back(oc->version());
      if (code == op::CUSTOM && opcodeCustom.back().empty())
        return model.fileError("operator code #" + Twine(i) +
                               " is CUSTOM but has no custom_code");
    }
  }

  const auto *subgraphs = fm->subgraphs();
  if (!subgraphs || subgraphs->size() == 0)
    return model.fileError("model has no subgraphs");
  for (unsigned i = 0; i < subgraphs->size(); ++i)
    if (llvm::Error e = readSubgraph(subgraphs->Get(i), i))
      return e;

  if (const auto *md = fm->metadata()) {
    for (unsigned i = 0; i < md->size(); ++i) {
      const fb::Metadata *m = md->Get(i);
      if (m->buffer() >= model.numBuffers)
        return model.fileError("metadata #" + Twine(i) + " refers to buffer " +
                               Twine(m->buffer()) + " but the model has " +
                               Twine(model.numBuffers) + " buffers");
      model.metadata.push_back(
          {m->name() ? m->name()->str() : std::string(), m->buffer()});
    }
  }
  if (const auto *mdb = fm->metadata_buffer()) {
    for (unsigned i = 0; i < mdb->size(); ++i) {
      int32_t b = mdb->Get(i);
      if (b < 0 || static_cast<size_t>(b) >= model.numBuffers)
        return model.fileError("metadata_buffer #" + Twine(i) +
                               " refers to buffer " + Twine(b) +
                               " but the model has " + Twine(model.numBuffers) +
                               " buffers");
    }
  }

  if (const auto *sigs = fm->signature_defs()) {
    for (unsigned i = 0; i < sigs->size(); ++i) {
      const fb::SignatureDef *fs = sigs->Get(i);
      SignatureDef sd;
      sd.key = fs->signature_key() ? fs->signature_key()->str() : "";
      sd.subgraphIndex = fs->subgraph_index();
      if (sd.subgraphIndex >= model.subgraphs.size())
        return model.fileError("signature #" + Twine(i) + " ('" + sd.key +
                               "') refers to subgraph " +
                               Twine(sd.subgraphIndex) + " but the model has " +
                               Twine(model.subgraphs.size()) + " subgraphs");
      size_t numTensors = model.subgraphs[sd.subgraphIndex].tensors.size();
      for (int dir = 0; dir < 2; ++dir) {
        const auto *maps = dir == 0 ? fs->inputs() : fs->outputs();
        if (!maps)
          continue;
        for (unsigned j = 0; j < maps->size(); ++j) {
          const fb::TensorMap *tm = maps->Get(j);
          TensorMapEntry e{tm->name() ? tm->name()->str() : std::string(),
                           tm->tensor_index()};
          if (e.tensorIndex >= numTensors)
            return model.fileError(
                "signature #" + Twine(i) + " ('" + sd.key + "') " +
                (dir == 0 ? "input" : "output") + " '" + e.name +
                "' refers to tensor " + Twine(e.tensorIndex) +
                " but subgraph " + Twine(sd.subgraphIndex) + " has " +
                Twine(numTensors) + " tensors");
          (dir == 0 ? sd.inputs : sd.outputs).push_back(std::move(e));
        }
      }
      model.signatures.push_back(std::move(sd));
    }
  }
  return llvm::Error::success();
}

llvm::Error ModelReader::readBuffers() {
  const llvm::MemoryBuffer &mb = *model.storage;
  const auto *fileStart = reinterpret_cast<const uint8_t *>(mb.getBufferStart());
  uint64_t fileSize = mb.getBufferSize();
  const auto *buffers = fm->buffers();
  if (!buffers)
    return llvm::Error::success();
  model.numBuffers = buffers->size();
  bufferBytes.resize(buffers->size());
  for (unsigned i = 0; i < buffers->size(); ++i) {
    const fb::Buffer *b = buffers->Get(i);
    if (b->offset() > 1) {
      // Data stored after the flatbuffer (models above 2 GiB).
      uint64_t off = b->offset(), sz = b->size();
      if (off > fileSize || sz > fileSize - off)
        return model.fileError("buffer #" + Twine(i) + " refers to bytes [" +
                               Twine(off) + ", " + Twine(off + sz) +
                               ") outside the " + Twine(fileSize) +
                               "-byte file");
      if (b->data() && b->data()->size() != 0)
        return model.fileError("buffer #" + Twine(i) +
                               " has both inline data and an external offset");
      bufferBytes[i] = llvm::ArrayRef<uint8_t>(fileStart + off, sz);
    } else if (const auto *d = b->data()) {
      bufferBytes[i] = llvm::ArrayRef<uint8_t>(d->data(), d->size());
    }
  }
  return llvm::Error::success();
}

llvm::Error ModelReader::readSubgraph(const fb::SubGraph *fsg, unsigned index) {
  model.subgraphs.emplace_back();
  Subgraph &sg = model.subgraphs.back();
  sg.index = index;
  if (fsg->name())
    sg.name = fsg->name()->str();

  auto subgraphError = [&](const Twine &msg) {
    Diagnostic d;
    d.file = model.fileName;
    d.subgraph = index;
    d.message = msg.str();
    // File-level rendering for subgraph 0 (no "subgraph 0" prefix).
    return makeError(std::move(d));
  };

  findFirstUses(fsg);
  if (const auto *tensors = fsg->tensors()) {
    sg.tensors.reserve(tensors->size());
    for (unsigned i = 0; i < tensors->size(); ++i)
      if (llvm::Error e = readTensor(sg, tensors->Get(i), i))
        return e;
  }
  size_t numTensors = sg.tensors.size();

  for (int dir = 0; dir < 2; ++dir) {
    const auto *v = dir == 0 ? fsg->inputs() : fsg->outputs();
    if (!v)
      continue;
    for (unsigned i = 0; i < v->size(); ++i) {
      int32_t t = v->Get(i);
      if (t < 0 || static_cast<size_t>(t) >= numTensors)
        return subgraphError(Twine("subgraph ") +
                             (dir == 0 ? "input" : "output") + " #" + Twine(i) +
                             " refers to tensor " + Twine(t) +
                             " but the subgraph has " + Twine(numTensors) +
                             " tensors");
      (dir == 0 ? sg.inputs : sg.outputs).push_back(t);
    }
  }

  if (const auto *ops = fsg->operators()) {
    sg.operators.reserve(ops->size());
    for (unsigned i = 0; i < ops->size(); ++i)
      if (llvm::Error e = readOperator(sg, ops->Get(i), i))
        return e;
  }
  return llvm::Error::success();
}

llvm::Error ModelReader::tensorErr(Subgraph &sg, Tensor &t, const Twine &msg) {
  if (t.index < firstUse.size() && !firstUse[t.index].empty())
    return model.tensorError(sg, t, msg + firstUse[t.index]);
  return model.tensorError(sg, t, msg);
}

void ModelReader::findFirstUses(const fb::SubGraph *fsg) {
  firstUse.clear();
  const auto *tensors = fsg->tensors();
  const auto *ops = fsg->operators();
  if (!tensors || !ops)
    return;
  firstUse.resize(tensors->size());
  for (unsigned i = 0; i < ops->size(); ++i) {
    const fb::Operator *o = ops->Get(i);
    std::string name = o->opcode_index() < opcodeCodes.size()
                           ? builtinOperatorName(opcodeCodes[o->opcode_index()])
                           : std::string("UNKNOWN");
    for (int dir = 0; dir < 2; ++dir) {
      const auto *v = dir == 0 ? o->inputs() : o->outputs();
      if (!v)
        continue;
      for (unsigned j = 0; j < v->size(); ++j) {
        int32_t t = v->Get(j);
        if (t < 0 || static_cast<size_t>(t) >= firstUse.size() ||
            !firstUse[t].empty())
          continue;
        firstUse[t] = (" (" + Twine(dir == 0 ? "input " : "output ") +
                       Twine(j) + " of op #" + Twine(i) + " " + name + ")")
                          .str();
      }
    }
  }
}

llvm::Error ModelReader::readTensor(Subgraph &sg, const fb::Tensor *ft,
                                    unsigned index) {
  sg.tensors.emplace_back();
  Tensor &t = sg.tensors.back();
  t.index = index;
  if (ft->name())
    t.name = ft->name()->str();
  int8_t rawType = ft->type();
  t.type = static_cast<TensorType>(rawType);
  t.isVariable = ft->is_variable();
  t.isSparse = ft->sparsity() != nullptr;
  t.bufferIndex = ft->buffer();

  if (rawType < fb::TensorType_MIN || rawType > fb::TensorType_MAX)
    return tensorErr(sg, t,
                             "unknown tensor type " + Twine(int(rawType)));

  int64_t elements = 1;
  if (const auto *shape = ft->shape()) {
    for (unsigned d = 0; d < shape->size(); ++d) {
      int32_t dim = shape->Get(d);
      if (dim < 0)
        return tensorErr(sg, t,
                                 "dimension " + Twine(d) + " is negative (" +
                                     Twine(dim) + ")");
      t.shape.push_back(dim);
      if (dim != 0 && elements > kMaxElements / dim)
        return tensorErr(sg, t, "tensor has more than 2^40 elements");
      elements *= dim;
    }
  }
  if (const auto *sig = ft->shape_signature()) {
    if (sig->size() != t.shape.size())
      return tensorErr(sg, t,
                               "shape_signature has rank " +
                                   Twine(sig->size()) + " but shape has rank " +
                                   Twine(t.shape.size()));
    t.shapeSignature.assign(sig->begin(), sig->end());
  }

  if (t.bufferIndex >= model.numBuffers) {
    // Index 0 is the "no data" sentinel even when the buffer table is absent.
    if (!(t.bufferIndex == 0 && model.numBuffers == 0))
      return tensorErr(sg, t,
                               "buffer index " + Twine(t.bufferIndex) +
                                   " is out of range (the model has " +
                                   Twine(model.numBuffers) + " buffers)");
  } else if (!bufferBytes[t.bufferIndex].empty()) {
    t.hasData = true;
    t.data = bufferBytes[t.bufferIndex];
    if (!t.isSparse) {
      uint64_t expected = 0;
      bool known = true;
      if (t.type == TensorType::Int4)
        expected = (static_cast<uint64_t>(elements) + 1) / 2;
      else if (unsigned es = tensorTypeSize(t.type))
        expected = static_cast<uint64_t>(elements) * es;
      else
        known = false; // STRING etc.: variable-length encoding
      if (known && expected != t.data.size()) {
        std::string shapeStr;
        llvm::raw_string_ostream os(shapeStr);
        os << '[';
        llvm::interleave(t.shape, os, ", ");
        os << ']';
        return tensorErr(
            sg, t,
            "buffer " + Twine(t.bufferIndex) + " holds " +
                Twine(t.data.size()) + " bytes but shape " + os.str() + " of " +
                tensorTypeName(t.type) + " needs " + Twine(expected) +
                " bytes");
      }
    }
  }

  if (ft->quantization())
    if (llvm::Error e = readQuantization(sg, t, ft->quantization()))
      return e;
  return llvm::Error::success();
}

llvm::Error
ModelReader::readQuantization(Subgraph &sg, Tensor &t,
                              const fb::QuantizationParameters *q) {
  if (q->details_type() != fb::QuantizationDetails_NONE)
    t.hasCustomQuantization = true;
  const auto *scales = q->scale();
  const auto *zps = q->zero_point();
  if (!scales || scales->size() == 0) {
    if (zps && zps->size() != 0)
      return tensorErr(sg, t,
                               "quantization has " + Twine(zps->size()) +
                                   " zero points but no scales");
    return llvm::Error::success(); // min/max only: not quantized
  }
  Quantization qp;
  qp.quantizedDimension = q->quantized_dimension();
  size_t n = scales->size();
  for (unsigned i = 0; i < n; ++i) {
    float s = scales->Get(i);
    if (!std::isfinite(s))
      return tensorErr(sg, t,
                               "quantization scale #" + Twine(i) +
                                   " is not finite");
    if (s == 0.0f)
      return tensorErr(sg, t,
                               "quantization scale #" + Twine(i) + " is zero");
    if (s < 0.0f)
      return tensorErr(sg, t,
                               "quantization scale #" + Twine(i) +
                                   " is negative (" + formatFloat(s) + ")");
    qp.scales.push_back(s);
  }
  if (!zps || zps->size() != n)
    return tensorErr(sg, t,
                             "quantization has " + Twine(n) + " scales but " +
                                 Twine(zps ? zps->size() : 0) +
                                 " zero points");
  int64_t zpMin = std::numeric_limits<int64_t>::min();
  int64_t zpMax = std::numeric_limits<int64_t>::max();
  switch (t.type) {
  case TensorType::Int8: zpMin = -128; zpMax = 127; break;
  case TensorType::UInt8: zpMin = 0; zpMax = 255; break;
  case TensorType::Int16: zpMin = -32768; zpMax = 32767; break;
  case TensorType::Int4: zpMin = -8; zpMax = 7; break;
  default: break;
  }
  for (unsigned i = 0; i < n; ++i) {
    int64_t zp = zps->Get(i);
    if (zp < zpMin || zp > zpMax)
      return tensorErr(sg, t,
                               "zero point #" + Twine(i) + " (" + Twine(zp) +
                                   ") is out of range for " +
                                   tensorTypeName(t.type));
    qp.zeroPoints.push_back(zp);
  }
  int32_t qd = qp.quantizedDimension;
  size_t rank = t.shape.size();
  if (qd < 0 || (rank > 0 && static_cast<size_t>(qd) >= rank) ||
      (rank == 0 && qd != 0))
    return tensorErr(sg, t,
                             "quantized_dimension " + Twine(qd) +
                                 " is out of range for a tensor of rank " +
                                 Twine(rank));
  if (n > 1) {
    if (rank == 0)
      return tensorErr(sg, t,
                               "per-channel quantization (" + Twine(n) +
                                   " scales) on a scalar tensor");
    int64_t channels = t.shape[qd];
    if (static_cast<int64_t>(n) != channels)
      return tensorErr(sg, t,
                               "per-channel quantization has " + Twine(n) +
                                   " scales but dimension " + Twine(qd) +
                                   " has " + Twine(channels) + " channels");
  }
  if (const auto *mn = q->min())
    qp.min.assign(mn->begin(), mn->end());
  if (const auto *mx = q->max())
    qp.max.assign(mx->begin(), mx->end());
  t.quant = std::move(qp);
  return llvm::Error::success();
}

llvm::Error ModelReader::checkTensorIndex(Subgraph &sg, Operator &op,
                                          llvm::StringRef what, unsigned pos,
                                          int32_t idx, bool optional) {
  if (idx == -1 && optional)
    return llvm::Error::success();
  if (idx < 0 || static_cast<size_t>(idx) >= sg.tensors.size())
    return model.opError(sg, op,
                         what + " #" + Twine(pos) + " refers to tensor " +
                             Twine(idx) + " but the subgraph has " +
                             Twine(sg.tensors.size()) + " tensors");
  return llvm::Error::success();
}

llvm::Error ModelReader::readOperator(Subgraph &sg, const fb::Operator *fop,
                                      unsigned index) {
  sg.operators.emplace_back();
  Operator &op = sg.operators.back();
  op.index = index;
  uint32_t oc = fop->opcode_index();
  if (oc >= opcodeCodes.size()) {
    op.opName = "UNKNOWN";
    return model.opError(sg, op,
                         "opcode index " + Twine(oc) +
                             " is out of range (the model has " +
                             Twine(opcodeCodes.size()) + " operator codes)");
  }
  op.builtinCode = opcodeCodes[oc];
  op.opName = builtinOperatorName(op.builtinCode);
  op.customCode = opcodeCustom[oc];
  op.version = opcodeVersions[oc];

  if (const auto *v = fop->inputs())
    op.inputs.assign(v->begin(), v->end());
  if (const auto *v = fop->outputs())
    op.outputs.assign(v->begin(), v->end());
  if (const auto *v = fop->intermediates())
    op.intermediates.assign(v->begin(), v->end());
  for (unsigned i = 0; i < op.inputs.size(); ++i)
    if (llvm::Error e = checkTensorIndex(sg, op, "input", i, op.inputs[i],
                                         /*optional=*/true))
      return e;
  for (unsigned i = 0; i < op.outputs.size(); ++i)
    if (llvm::Error e = checkTensorIndex(sg, op, "output", i, op.outputs[i],
                                         /*optional=*/false))
      return e;
  for (unsigned i = 0; i < op.intermediates.size(); ++i)
    if (llvm::Error e = checkTensorIndex(sg, op, "intermediate", i,
                                         op.intermediates[i],
                                         /*optional=*/false))
      return e;
  if (const auto *co = fop->custom_options())
    op.customOptions = llvm::ArrayRef<uint8_t>(co->data(), co->size());
  return decodeOptions(sg, op, fop);
}

/// The BuiltinOptions member each op carries (NONE for ops without an options
/// table); std::nullopt for ops this frontend does not know the rule for.
static std::optional<fb::BuiltinOptions> expectedOptions(int32_t code) {
  switch (code) {
  case op::CONV_2D: return fb::BuiltinOptions_Conv2DOptions;
  case op::DEPTHWISE_CONV_2D: return fb::BuiltinOptions_DepthwiseConv2DOptions;
  case op::AVERAGE_POOL_2D:
  case op::MAX_POOL_2D:
  case fb::BuiltinOperator_L2_POOL_2D:
    return fb::BuiltinOptions_Pool2DOptions;
  case op::SVDF: return fb::BuiltinOptions_SVDFOptions;
  case fb::BuiltinOperator_RNN: return fb::BuiltinOptions_RNNOptions;
  case op::FULLY_CONNECTED: return fb::BuiltinOptions_FullyConnectedOptions;
  case op::SOFTMAX: return fb::BuiltinOptions_SoftmaxOptions;
  case op::CONCATENATION: return fb::BuiltinOptions_ConcatenationOptions;
  case op::ADD: return fb::BuiltinOptions_AddOptions;
  case op::LSTM: return fb::BuiltinOptions_LSTMOptions;
  case op::RESHAPE: return fb::BuiltinOptions_ReshapeOptions;
  case op::MUL: return fb::BuiltinOptions_MulOptions;
  case op::PAD: return fb::BuiltinOptions_PadOptions;
  case fb::BuiltinOperator_PADV2: return fb::BuiltinOptions_PadV2Options;
  case op::TRANSPOSE: return fb::BuiltinOptions_TransposeOptions;
  case op::MEAN:
  case fb::BuiltinOperator_SUM:
  case fb::BuiltinOperator_REDUCE_MAX:
  case fb::BuiltinOperator_REDUCE_MIN:
  case fb::BuiltinOperator_REDUCE_PROD:
  case fb::BuiltinOperator_REDUCE_ANY:
    return fb::BuiltinOptions_ReducerOptions;
  case op::SUB: return fb::BuiltinOptions_SubOptions;
  case op::DIV: return fb::BuiltinOptions_DivOptions;
  case op::SQUEEZE: return fb::BuiltinOptions_SqueezeOptions;
  case op::UNIDIRECTIONAL_SEQUENCE_LSTM:
    return fb::BuiltinOptions_UnidirectionalSequenceLSTMOptions;
  case op::DEQUANTIZE: return fb::BuiltinOptions_DequantizeOptions;
  case op::QUANTIZE: return fb::BuiltinOptions_QuantizeOptions;
  case op::HARD_SWISH: return fb::BuiltinOptions_HardSwishOptions;
  case op::LEAKY_RELU: return fb::BuiltinOptions_LeakyReluOptions;
  case op::LOGISTIC:
  case op::RELU:
  case op::RELU6:
  case op::RELU_N1_TO_1:
  case op::TANH:
  case fb::BuiltinOperator_FLOOR:
    return fb::BuiltinOptions_NONE;
  default:
    return std::nullopt;
  }
}

/// Ops whose options have no usable defaults: the table must be present.
static bool optionsRequired(int32_t code) {
  return code == op::CONV_2D || code == op::DEPTHWISE_CONV_2D ||
         code == op::AVERAGE_POOL_2D || code == op::MAX_POOL_2D;
}

llvm::Error ModelReader::decodeOptions(Subgraph &sg, Operator &op,
                                       const fb::Operator *fop) {
  fb::BuiltinOptions tag = fop->builtin_options_type();
  op.builtinOptionsType = tag;
  std::optional<fb::BuiltinOptions> expected = expectedOptions(op.builtinCode);
  auto tagName = [](fb::BuiltinOptions t) -> std::string {
    if (t <= fb::BuiltinOptions_MAX)
      return fb::EnumNameBuiltinOptions(t);
    return "options type " + std::to_string(int(t));
  };
  if (expected && tag != fb::BuiltinOptions_NONE && tag != *expected)
    return model.opError(sg, op,
                         "builtin_options is " + tagName(tag) + " but " +
                             op.opName + " takes " +
                             (*expected == fb::BuiltinOptions_NONE
                                  ? std::string("no options")
                                  : tagName(*expected)));
  if (tag == fb::BuiltinOptions_NONE && optionsRequired(op.builtinCode))
    return model.opError(sg, op,
                         "missing builtin_options (" + tagName(*expected) +
                             ")");
  if (!expected || tag == fb::BuiltinOptions_NONE)
    return llvm::Error::success();

  auto checkAct = [&](int8_t a, Activation &out) -> llvm::Error {
    if (!validActivation(a))
      return model.opError(sg, op,
                           "invalid fused activation " + Twine(int(a)));
    out = static_cast<Activation>(a);
    return llvm::Error::success();
  };
  auto checkPad = [&](int8_t p, Padding &out) -> llvm::Error {
    if (!validPadding(p))
      return model.opError(sg, op, "invalid padding " + Twine(int(p)));
    out = static_cast<Padding>(p);
    return llvm::Error::success();
  };
  auto checkPositive = [&](int32_t v, const char *name) -> llvm::Error {
    if (v < 1)
      return model.opError(sg, op,
                           Twine(name) + " must be positive, got " + Twine(v));
    return llvm::Error::success();
  };

  switch (tag) {
  case fb::BuiltinOptions_Conv2DOptions: {
    const auto *o = fop->builtin_options_as_Conv2DOptions();
    Conv2DOptions c;
    if (auto e = checkPad(o->padding(), c.padding)) return e;
    if (auto e = checkAct(o->fused_activation_function(), c.activation)) return e;
    c.strideW = o->stride_w(); c.strideH = o->stride_h();
    c.dilationW = o->dilation_w_factor(); c.dilationH = o->dilation_h_factor();
    if (auto e = checkPositive(c.strideW, "stride_w")) return e;
    if (auto e = checkPositive(c.strideH, "stride_h")) return e;
    if (auto e = checkPositive(c.dilationW, "dilation_w_factor")) return e;
    if (auto e = checkPositive(c.dilationH, "dilation_h_factor")) return e;
    op.options = c;
    break;
  }
  case fb::BuiltinOptions_DepthwiseConv2DOptions: {
    const auto *o = fop->builtin_options_as_DepthwiseConv2DOptions();
    DepthwiseConv2DOptions c;
    if (auto e = checkPad(o->padding(), c.padding)) return e;
    if (auto e = checkAct(o->fused_activation_function(), c.activation)) return e;
    c.strideW = o->stride_w(); c.strideH = o->stride_h();
    c.depthMultiplier = o->depth_multiplier();
    c.dilationW = o->dilation_w_factor(); c.dilationH = o->dilation_h_factor();
    if (auto e = checkPositive(c.strideW, "stride_w")) return e;
    if (auto e = checkPositive(c.strideH, "stride_h")) return e;
    if (auto e = checkPositive(c.dilationW, "dilation_w_factor")) return e;
    if (auto e = checkPositive(c.dilationH, "dilation_h_factor")) return e;
    op.options = c;
    break;
  }
  case fb::BuiltinOptions_Pool2DOptions: {
    const auto *o = fop->builtin_options_as_Pool2DOptions();
    Pool2DOptions p;
    if (auto e = checkPad(o->padding(), p.padding)) return e;
    if (auto e = checkAct(o->fused_activation_function(), p.activation)) return e;
    p.strideW = o->stride_w(); p.strideH = o->stride_h();
    p.filterW = o->filter_width(); p.filterH = o->filter_height();
    if (auto e = checkPositive(p.strideW, "stride_w")) return e;
    if (auto e = checkPositive(p.strideH, "stride_h")) return e;
    if (auto e = checkPositive(p.filterW, "filter_width")) return e;
    if (auto e = checkPositive(p.filterH, "filter_height")) return e;
    op.options = p;
    break;
  }
  case fb::BuiltinOptions_FullyConnectedOptions: {
    const auto *o = fop->builtin_options_as_FullyConnectedOptions();
    FullyConnectedOptions f;
    if (auto e = checkAct(o->fused_activation_function(), f.activation)) return e;
    int8_t wf = o->weights_format();
    if (wf != 0 && wf != 1)
      return model.opError(sg, op, "invalid weights_format " + Twine(int(wf)));
    f.weightsFormat = static_cast<uint8_t>(wf);
    f.keepNumDims = o->keep_num_dims();
    f.asymmetricQuantizeInputs = o->asymmetric_quantize_inputs();
    op.options = f;
    break;
  }
  case fb::BuiltinOptions_SoftmaxOptions: {
    SoftmaxOptions s;
    s.beta = fop->builtin_options_as_SoftmaxOptions()->beta();
    if (!std::isfinite(s.beta))
      return model.opError(sg, op, "softmax beta is not finite");
    op.options = s;
    break;
  }
  case fb::BuiltinOptions_ConcatenationOptions: {
    const auto *o = fop->builtin_options_as_ConcatenationOptions();
    ConcatenationOptions c;
    c.axis = o->axis();
    if (auto e = checkAct(o->fused_activation_function(), c.activation)) return e;
    op.options = c;
    break;
  }
  case fb::BuiltinOptions_AddOptions: {
    const auto *o = fop->builtin_options_as_AddOptions();
    ElementwiseOptions x;
    if (auto e = checkAct(o->fused_activation_function(), x.activation)) return e;
    x.potScaleInt16 = o->pot_scale_int16();
    op.options = x;
    break;
  }
  case fb::BuiltinOptions_SubOptions: {
    const auto *o = fop->builtin_options_as_SubOptions();
    ElementwiseOptions x;
    if (auto e = checkAct(o->fused_activation_function(), x.activation)) return e;
    x.potScaleInt16 = o->pot_scale_int16();
    op.options = x;
    break;
  }
  case fb::BuiltinOptions_MulOptions: {
    ElementwiseOptions x;
    if (auto e = checkAct(
            fop->builtin_options_as_MulOptions()->fused_activation_function(),
            x.activation))
      return e;
    op.options = x;
    break;
  }
  case fb::BuiltinOptions_DivOptions: {
    ElementwiseOptions x;
    if (auto e = checkAct(
            fop->builtin_options_as_DivOptions()->fused_activation_function(),
            x.activation))
      return e;
    op.options = x;
    break;
  }
  case fb::BuiltinOptions_ReshapeOptions: {
    ReshapeOptions r;
    if (const auto *ns = fop->builtin_options_as_ReshapeOptions()->new_shape()) {
      r.hasNewShape = true;
      r.newShape.assign(ns->begin(), ns->end());
    }
    op.options = r;
    break;
  }
  case fb::BuiltinOptions_SqueezeOptions: {
    SqueezeOptions s;
    if (const auto *d = fop->builtin_options_as_SqueezeOptions()->squeeze_dims())
      s.squeezeDims.assign(d->begin(), d->end());
    op.options = s;
    break;
  }
  case fb::BuiltinOptions_ReducerOptions:
    op.options =
        ReducerOptions{fop->builtin_options_as_ReducerOptions()->keep_dims()};
    break;
  case fb::BuiltinOptions_LeakyReluOptions: {
    LeakyReluOptions l;
    l.alpha = fop->builtin_options_as_LeakyReluOptions()->alpha();
    if (!std::isfinite(l.alpha))
      return model.opError(sg, op, "leaky relu alpha is not finite");
    op.options = l;
    break;
  }
  default:
    break; // option tables without content, or not decoded
  }
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

static llvm::Expected<Model> finish(Model m) {
  ModelReader reader(m);
  if (llvm::Error e = reader.run())
    return std::move(e);
  return std::move(m);
}

llvm::Expected<Model> Model::loadFile(llvm::StringRef path,
                                      const LoadOptions &opts) {
  Model m;
  m.fileName = llvm::sys::path::filename(path).str();
  if (m.fileName.empty())
    m.fileName = path.str();

  llvm::sys::fs::file_status st;
  if (std::error_code ec = llvm::sys::fs::status(path, st))
    return m.fileError("cannot open file: " + ec.message());
  if (st.type() == llvm::sys::fs::file_type::directory_file)
    return m.fileError("cannot read file: is a directory");
  if (st.type() == llvm::sys::fs::file_type::regular_file &&
      st.getSize() > opts.maxFileBytes)
    return m.fileError("file is too large (" + Twine(st.getSize()) +
                       " bytes, limit " + Twine(opts.maxFileBytes) + ")");

  auto mbOrErr = llvm::MemoryBuffer::getFile(
      path, /*IsText=*/false, /*RequiresNullTerminator=*/false,
      /*IsVolatile=*/false, llvm::Align(16));
  if (!mbOrErr)
    return m.fileError("cannot read file: " + mbOrErr.getError().message());
  m.storage = std::move(*mbOrErr);
  if (m.storage->getBufferSize() > opts.maxFileBytes ||
      m.storage->getBufferSize() >= FLATBUFFERS_MAX_BUFFER_SIZE)
    return m.fileError("file is too large (" +
                       Twine(m.storage->getBufferSize()) + " bytes, limit " +
                       Twine(opts.maxFileBytes) + ")");
  return finish(std::move(m));
}

llvm::Expected<Model> Model::loadBuffer(llvm::StringRef fileName,
                                        llvm::StringRef bytes,
                                        const LoadOptions &opts) {
  Model m;
  m.fileName = llvm::sys::path::filename(fileName).str();
  if (bytes.size() > opts.maxFileBytes ||
      bytes.size() >= FLATBUFFERS_MAX_BUFFER_SIZE)
    return m.fileError("file is too large (" + Twine(bytes.size()) +
                       " bytes, limit " + Twine(opts.maxFileBytes) + ")");
  auto wb = llvm::WritableMemoryBuffer::getNewUninitMemBuffer(
      bytes.size(), fileName, llvm::Align(16));
  if (!wb)
    return m.fileError("out of memory");
  if (!bytes.empty())
    std::memcpy(wb->getBufferStart(), bytes.data(), bytes.size());
  m.storage = std::move(wb);
  return finish(std::move(m));
}

//===----------------------------------------------------------------------===//
// Op support
//===----------------------------------------------------------------------===//

std::vector<Diagnostic>
tmlc::tflite::findUnsupportedOps(const Model &model,
                                 llvm::ArrayRef<int32_t> supportedBuiltins,
                                 llvm::ArrayRef<llvm::StringRef> supportedCustom,
                                 unsigned subgraph) {
  std::vector<Diagnostic> out;
  if (subgraph >= model.subgraphs.size())
    return out;
  const Subgraph &sg = model.subgraphs[subgraph];
  for (const Operator &o : sg.operators) {
    bool ok;
    std::string quoted;
    if (o.builtinCode == op::CUSTOM) {
      ok = llvm::is_contained(supportedCustom, llvm::StringRef(o.customCode));
      quoted = o.customCode;
    } else {
      ok = llvm::is_contained(supportedBuiltins, o.builtinCode);
      quoted = o.opName;
    }
    if (ok)
      continue;
    Diagnostic d;
    d.file = model.fileName;
    d.subgraph = subgraph;
    d.opIndex = static_cast<int>(o.index);
    d.opName = o.opName;
    d.message = "unsupported op '" + quoted + "'";
    out.push_back(std::move(d));
  }
  return out;
}

llvm::Error tmlc::tflite::checkSupportedOps(
    const Model &model, llvm::ArrayRef<int32_t> supportedBuiltins,
    llvm::ArrayRef<llvm::StringRef> supportedCustom, unsigned subgraph) {
  if (subgraph >= model.subgraphs.size())
    return model.fileError("subgraph " + Twine(subgraph) +
                           " does not exist (the model has " +
                           Twine(model.subgraphs.size()) + " subgraphs)");
  std::vector<Diagnostic> diags =
      findUnsupportedOps(model, supportedBuiltins, supportedCustom, subgraph);
  if (diags.empty())
    return llvm::Error::success();
  return makeError(std::move(diags.front()));
}

llvm::ArrayRef<int32_t> tmlc::tflite::plannedSupportedBuiltins() {
  static const int32_t ops[] = {
      op::CONV_2D,        op::DEPTHWISE_CONV_2D, op::FULLY_CONNECTED,
      op::ADD,            op::SUB,               op::MUL,
      op::AVERAGE_POOL_2D, op::MAX_POOL_2D,      op::MEAN,
      op::RESHAPE,        op::SQUEEZE,           op::SOFTMAX,
      op::LOGISTIC,       op::TANH,              op::RELU,
      op::RELU6,          op::HARD_SWISH,        op::PAD,
      op::CONCATENATION,  op::QUANTIZE,          op::DEQUANTIZE,
      op::TRANSPOSE,
  };
  return ops;
}
