//===- TMLShapes.cpp - shape rules shared by verifiers and importers -*- C++ -*-===//
#include "dialects/TML/IR/TMLShapes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

namespace tmlc::tml {

static std::string shapeStr(llvm::ArrayRef<int64_t> s) {
  std::string out = "[";
  for (size_t k = 0; k < s.size(); ++k)
    out += (k ? "," : "") + std::to_string(s[k]);
  return out + "]";
}

int64_t numElements(llvm::ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::optional<Shape> broadcastShapes(llvm::ArrayRef<int64_t> a,
                                     llvm::ArrayRef<int64_t> b,
                                     std::string &error) {
  size_t rank = std::max(a.size(), b.size());
  Shape out(rank, 1);
  for (size_t k = 0; k < rank; ++k) {
    int64_t da = k < rank - a.size() ? 1 : a[k - (rank - a.size())];
    int64_t db = k < rank - b.size() ? 1 : b[k - (rank - b.size())];
    if (da != db && da != 1 && db != 1) {
      error = "shapes " + shapeStr(a) + " and " + shapeStr(b) +
              " do not broadcast";
      return std::nullopt;
    }
    out[k] = da == 1 ? db : da;
  }
  return out;
}

std::optional<Shape> matmulShape(llvm::ArrayRef<int64_t> a,
                                 llvm::ArrayRef<int64_t> b, std::string &error) {
  if (a.empty() || b.empty()) {
    error = "matmul operands must have rank >= 1";
    return std::nullopt;
  }
  Shape sa(a.begin(), a.end()), sb(b.begin(), b.end());
  bool aVec = sa.size() == 1, bVec = sb.size() == 1;
  if (aVec)
    sa.insert(sa.begin(), 1);
  if (bVec)
    sb.push_back(1);
  int64_t m = sa[sa.size() - 2], k = sa.back();
  int64_t k2 = sb[sb.size() - 2], n = sb.back();
  if (k != k2) {
    error = "matmul inner dimensions differ: " + shapeStr(a) + " x " +
            shapeStr(b);
    return std::nullopt;
  }
  auto batch = broadcastShapes(llvm::ArrayRef<int64_t>(sa).drop_back(2),
                               llvm::ArrayRef<int64_t>(sb).drop_back(2), error);
  if (!batch)
    return std::nullopt;
  Shape out = *batch;
  if (!aVec)
    out.push_back(m);
  if (!bVec)
    out.push_back(n);
  return out;
}

std::optional<int64_t> windowOutputDim(int64_t in, int64_t kernel,
                                       int64_t stride, int64_t dilation,
                                       int64_t padBegin, int64_t padEnd,
                                       bool ceilMode, std::string &error) {
  if (kernel < 1 || stride < 1 || dilation < 1 || padBegin < 0 || padEnd < 0) {
    error = "kernel, stride and dilation must be >= 1 and pads >= 0";
    return std::nullopt;
  }
  int64_t span = (kernel - 1) * dilation + 1;
  int64_t avail = in + padBegin + padEnd - span;
  if (avail < 0) {
    error = llvm::formatv("window of {0} (dilated) does not fit input extent "
                          "{1} with pads {2}+{3}",
                          span, in, padBegin, padEnd)
                .str();
    return std::nullopt;
  }
  int64_t out = ceilMode ? (avail + stride - 1) / stride + 1 : avail / stride + 1;
  // With ceil_mode the last window must start inside the input or the
  // leading padding (ONNX/PyTorch rule).
  while (ceilMode && out > 1 && (out - 1) * stride >= in + padBegin)
    --out;
  return out;
}

std::optional<Shape> convShape(llvm::ArrayRef<int64_t> input,
                               llvm::ArrayRef<int64_t> weight,
                               llvm::ArrayRef<int64_t> strides,
                               llvm::ArrayRef<int64_t> dilations,
                               llvm::ArrayRef<int64_t> pads, int64_t group,
                               std::string &error) {
  size_t sr = input.size() < 2 ? 0 : input.size() - 2;
  if (input.size() < 3 || input.size() > 5 || weight.size() != input.size()) {
    error = "conv expects input and weight of equal rank 3..5, got " +
            shapeStr(input) + " and " + shapeStr(weight);
    return std::nullopt;
  }
  if (strides.size() != sr || dilations.size() != sr || pads.size() != 2 * sr) {
    error = "conv strides/dilations/pads do not match the spatial rank";
    return std::nullopt;
  }
  if (group < 1 || input[1] % group || weight[0] % group ||
      weight[1] * group != input[1]) {
    error = llvm::formatv("conv channels do not match: input has {0}, weight "
                          "expects {1} x group {2}",
                          input[1], weight[1], group)
                .str();
    return std::nullopt;
  }
  Shape out{input[0], weight[0]};
  for (size_t k = 0; k < sr; ++k) {
    auto d = windowOutputDim(input[2 + k], weight[2 + k], strides[k],
                             dilations[k], pads[k], pads[sr + k], false, error);
    if (!d)
      return std::nullopt;
    out.push_back(*d);
  }
  return out;
}

std::optional<Shape> poolShape(llvm::ArrayRef<int64_t> input,
                               llvm::ArrayRef<int64_t> kernel,
                               llvm::ArrayRef<int64_t> strides,
                               llvm::ArrayRef<int64_t> dilations,
                               llvm::ArrayRef<int64_t> pads, bool ceilMode,
                               std::string &error) {
  if (input.size() < 3 || input.size() > 5) {
    error = "pooling expects a rank 3..5 input, got " + shapeStr(input);
    return std::nullopt;
  }
  size_t sr = input.size() - 2;
  if (kernel.size() != sr || strides.size() != sr || dilations.size() != sr ||
      pads.size() != 2 * sr) {
    error = "pooling kernel/strides/dilations/pads do not match the spatial rank";
    return std::nullopt;
  }
  Shape out{input[0], input[1]};
  for (size_t k = 0; k < sr; ++k) {
    auto d = windowOutputDim(input[2 + k], kernel[k], strides[k], dilations[k],
                             pads[k], pads[sr + k], ceilMode, error);
    if (!d)
      return std::nullopt;
    out.push_back(*d);
  }
  return out;
}

std::optional<Shape> reduceShape(llvm::ArrayRef<int64_t> input,
                                 llvm::ArrayRef<int64_t> axes, bool keepdims,
                                 std::string &error) {
  for (size_t k = 0; k < axes.size(); ++k) {
    if (axes[k] < 0 || axes[k] >= int64_t(input.size()) ||
        (k && axes[k] <= axes[k - 1])) {
      error = "reduction axes must be sorted, unique and within rank " +
              std::to_string(input.size());
      return std::nullopt;
    }
  }
  Shape out;
  for (size_t d = 0; d < input.size(); ++d) {
    bool reduced = llvm::is_contained(axes, int64_t(d));
    if (!reduced)
      out.push_back(input[d]);
    else if (keepdims)
      out.push_back(1);
  }
  return out;
}

} // namespace tmlc::tml
