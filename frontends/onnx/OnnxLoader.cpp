//===- OnnxLoader.cpp - read, check and shape-infer an ONNX file --*- C++ -*-===//
#include "frontends/onnx/OnnxLoader.h"

#include "onnx/checker.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"

#include <exception>
#include <fstream>
#include <regex>
#include <sstream>

namespace tmlc::onnx_frontend {

/// libonnx messages name the node as "(op_type: X, node name: Y)".
static void extractNode(const std::string &msg, LoadResult &r) {
  std::smatch m;
  static const std::regex re(R"(op_type:\s*([A-Za-z0-9_]+),\s*node name:\s*([^)\n]*)\))");
  if (std::regex_search(msg, m, re)) {
    r.nodeOp = m[1];
    r.nodeName = m[2];
  }
}

static std::string firstLine(const std::string &s) {
  std::string out = s.substr(0, s.find('\n'));
  while (!out.empty() && (out.back() == ' ' || out.back() == '\r'))
    out.pop_back();
  return out;
}

LoadResult loadOnnxModel(const std::string &path) {
  LoadResult r;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    r.error = "cannot open file";
    return r;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  std::string bytes = buf.str();
  auto model = std::make_unique<onnx::ModelProto>();
  if (bytes.empty() || !model->ParseFromString(bytes)) {
    r.error = "not a valid ONNX model (protobuf parse failed; truncated or "
              "not an ONNX file)";
    return r;
  }
  if (!model->has_graph() || model->ir_version() <= 0) {
    r.error = "not a valid ONNX model (no graph or IR version)";
    return r;
  }
  try {
    onnx::checker::check_model(*model);
  } catch (const std::exception &e) {
    std::string msg = e.what();
    extractNode(msg, r);
    r.error = "invalid model: " + firstLine(msg);
    return r;
  }
  try {
    onnx::ShapeInferenceOptions options(/*check_type=*/true, /*strict=*/1,
                                        /*data_prop=*/false);
    onnx::ModelProto copy = *model;
    onnx::shape_inference::InferShapes(copy, onnx::OpSchemaRegistry::Instance(),
                                       options);
  } catch (const std::exception &e) {
    std::string msg = e.what();
    extractNode(msg, r);
    r.error = "inconsistent shapes or types: " + firstLine(msg);
    return r;
  }
  r.model = std::move(model);
  return r;
}

} // namespace tmlc::onnx_frontend
