//===- OnnxLoader.h - read, check and shape-infer an ONNX file ----*- C++ -*-===//
//
// The only part of the ONNX frontend built with C++ exceptions: libonnx's
// checker and shape inference report problems by throwing. Everything is
// caught here and turned into a message.
//
//===----------------------------------------------------------------------===//
#ifndef TMLC_FRONTENDS_ONNX_ONNXLOADER_H
#define TMLC_FRONTENDS_ONNX_ONNXLOADER_H

#include <memory>
#include <string>

namespace onnx {
class ModelProto;
}

namespace tmlc::onnx_frontend {

/// Result of loading: a model, or an error with the failing node if known.
struct LoadResult {
  std::unique_ptr<onnx::ModelProto> model;
  std::string error;      ///< empty on success
  std::string nodeName;   ///< node the error is about, if any
  std::string nodeOp;     ///< its op type
};

/// Parses `path`, runs the ONNX checker and strict shape inference.
LoadResult loadOnnxModel(const std::string &path);

} // namespace tmlc::onnx_frontend

#endif // TMLC_FRONTENDS_ONNX_ONNXLOADER_H
