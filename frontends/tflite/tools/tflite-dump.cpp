//===- tflite-dump.cpp - Print what the TFLite frontend reads from a file -===//
//
// tflite-dump [--subgraph=N] [--ops] [--check-ops] [--list-unsupported] FILE
//
// Prints the verified and validated graph (signatures, tensors with types,
// shapes, buffers and quantization, operators with decoded options) on
// stdout. A rejected model prints one diagnostic on stderr and exits 1;
// usage errors exit 2.
//
//===----------------------------------------------------------------------===//
#include "frontends/tflite/TFLiteModel.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

using namespace tmlc::tflite;

static llvm::cl::opt<std::string> inputFile(llvm::cl::Positional,
                                            llvm::cl::desc("<model.tflite>"),
                                            llvm::cl::Required);
static llvm::cl::opt<unsigned>
    subgraphIndex("subgraph", llvm::cl::desc("Subgraph to print (default 0)"),
                  llvm::cl::init(0));
static llvm::cl::opt<bool>
    opsOnly("ops", llvm::cl::desc("Only print the op histogram of the subgraph"));
static llvm::cl::opt<bool> checkOps(
    "check-ops",
    llvm::cl::desc("Reject the model (exit 1) if the subgraph uses an op "
                   "outside the planned tmlc op set"));
static llvm::cl::opt<bool> listUnsupported(
    "list-unsupported",
    llvm::cl::desc("Print every unsupported op of the subgraph on stdout"));

static void printShape(llvm::raw_ostream &os, llvm::ArrayRef<int64_t> shape) {
  os << '[';
  llvm::interleave(shape, os, ",");
  os << ']';
}

static void printOptions(llvm::raw_ostream &os, const Operator &o) {
  if (auto *c = std::get_if<Conv2DOptions>(&o.options))
    os << " padding=" << paddingName(c->padding) << " stride=" << c->strideH
       << "x" << c->strideW << " dilation=" << c->dilationH << "x"
       << c->dilationW << " act=" << activationName(c->activation);
  else if (auto *d = std::get_if<DepthwiseConv2DOptions>(&o.options))
    os << " padding=" << paddingName(d->padding) << " stride=" << d->strideH
       << "x" << d->strideW << " dilation=" << d->dilationH << "x"
       << d->dilationW << " depth_multiplier=" << d->depthMultiplier
       << " act=" << activationName(d->activation);
  else if (auto *p = std::get_if<Pool2DOptions>(&o.options))
    os << " padding=" << paddingName(p->padding) << " filter=" << p->filterH
       << "x" << p->filterW << " stride=" << p->strideH << "x" << p->strideW
       << " act=" << activationName(p->activation);
  else if (auto *f = std::get_if<FullyConnectedOptions>(&o.options))
    os << " act=" << activationName(f->activation)
       << " weights_format=" << unsigned(f->weightsFormat)
       << " keep_num_dims=" << f->keepNumDims;
  else if (auto *s = std::get_if<SoftmaxOptions>(&o.options))
    os << " beta=" << s->beta;
  else if (auto *c = std::get_if<ConcatenationOptions>(&o.options))
    os << " axis=" << c->axis << " act=" << activationName(c->activation);
  else if (auto *e = std::get_if<ElementwiseOptions>(&o.options))
    os << " act=" << activationName(e->activation);
  else if (auto *r = std::get_if<ReshapeOptions>(&o.options)) {
    if (r->hasNewShape) {
      os << " new_shape=[";
      llvm::interleave(r->newShape, os, ",");
      os << ']';
    }
  } else if (auto *q = std::get_if<SqueezeOptions>(&o.options)) {
    os << " squeeze_dims=[";
    llvm::interleave(q->squeezeDims, os, ",");
    os << ']';
  } else if (auto *r = std::get_if<ReducerOptions>(&o.options))
    os << " keep_dims=" << r->keepDims;
  else if (auto *l = std::get_if<LeakyReluOptions>(&o.options))
    os << " alpha=" << l->alpha;
}

static void printTensor(llvm::raw_ostream &os, const Tensor &t) {
  os << "  tensor #" << t.index << " '" << t.name << "' "
     << tensorTypeName(t.type) << ' ';
  printShape(os, t.shape);
  if (t.hasData)
    os << " const(buffer " << t.bufferIndex << ", " << t.data.size()
       << " bytes)";
  if (t.isVariable)
    os << " variable";
  if (t.isSparse)
    os << " sparse";
  if (t.quant) {
    const Quantization &q = *t.quant;
    if (q.isPerChannel()) {
      os << " per-channel(axis " << q.quantizedDimension << ", "
         << q.scales.size() << " scales, scale[0]=" << q.scales[0]
         << " zp[0]=" << q.zeroPoints[0] << ')';
    } else {
      os << " scale=" << q.scales[0] << " zp=" << q.zeroPoints[0];
    }
  }
  os << '\n';
}

int main(int argc, char **argv) {
  llvm::cl::ParseCommandLineOptions(argc, argv, "TFLite model dump\n");

  llvm::Expected<Model> modelOrErr = Model::loadFile(inputFile);
  if (!modelOrErr) {
    llvm::errs() << llvm::toString(modelOrErr.takeError()) << '\n';
    return 1;
  }
  Model &model = *modelOrErr;
  if (subgraphIndex >= model.subgraphs.size()) {
    llvm::errs() << model.fileName << ": error: subgraph " << subgraphIndex
                 << " does not exist (the model has " << model.subgraphs.size()
                 << " subgraphs)\n";
    return 2;
  }
  const Subgraph &sg = model.subgraphs[subgraphIndex];
  llvm::raw_ostream &os = llvm::outs();

  if (listUnsupported) {
    for (const Diagnostic &d :
         findUnsupportedOps(model, plannedSupportedBuiltins(), {}, subgraphIndex))
      os << d.str() << '\n';
  }
  if (checkOps) {
    if (llvm::Error e = checkSupportedOps(model, plannedSupportedBuiltins(), {},
                                          subgraphIndex)) {
      llvm::errs() << llvm::toString(std::move(e)) << '\n';
      return 1;
    }
  }
  if (listUnsupported)
    return 0;

  if (opsOnly) {
    std::map<std::string, unsigned> hist;
    for (const Operator &o : sg.operators)
      ++hist[o.builtinCode == op::CUSTOM ? "CUSTOM:" + o.customCode : o.opName];
    bool first = true;
    for (auto &[name, n] : hist) {
      os << (first ? "" : " ") << name << "x" << n;
      first = false;
    }
    os << '\n';
    return 0;
  }

  os << "model " << model.fileName << ": schema " << model.schemaVersion
     << ", " << model.subgraphs.size() << " subgraph(s), " << model.numBuffers
     << " buffers";
  if (!model.description.empty())
    os << ", description '" << model.description << "'";
  os << '\n';
  for (const MetadataEntry &m : model.metadata)
    os << "metadata '" << m.name << "' buffer " << m.bufferIndex << '\n';
  for (const SignatureDef &s : model.signatures) {
    os << "signature '" << s.key << "' subgraph " << s.subgraphIndex << ":";
    for (const TensorMapEntry &e : s.inputs)
      os << " in " << e.name << "=#" << e.tensorIndex;
    for (const TensorMapEntry &e : s.outputs)
      os << " out " << e.name << "=#" << e.tensorIndex;
    os << '\n';
  }
  os << "subgraph " << sg.index << " '" << sg.name << "': "
     << sg.tensors.size() << " tensors, " << sg.operators.size()
     << " ops, inputs [";
  llvm::interleave(sg.inputs, os, ",");
  os << "], outputs [";
  llvm::interleave(sg.outputs, os, ",");
  os << "]\n";
  for (const Tensor &t : sg.tensors)
    printTensor(os, t);
  for (const Operator &o : sg.operators) {
    os << "  op #" << o.index << ' ' << o.opName;
    if (o.builtinCode == op::CUSTOM)
      os << " '" << o.customCode << "'";
    os << " v" << o.version << " in [";
    llvm::interleave(o.inputs, os, ",");
    os << "] out [";
    llvm::interleave(o.outputs, os, ",");
    os << ']';
    printOptions(os, o);
    if (!o.customOptions.empty())
      os << " custom_options=" << o.customOptions.size() << "B";
    os << '\n';
  }
  return 0;
}
