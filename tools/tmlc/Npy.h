//===- Npy.h - numpy .npy files ----------------------------------*- C++ -*-===//
//
// Reader and writer for numpy's .npy format (versions 1-3, C order, little
// endian). Written by hand: no Debian C++ library for the format exists.
//
//===----------------------------------------------------------------------===//
#ifndef TMLC_TOOLS_TMLC_NPY_H
#define TMLC_TOOLS_TMLC_NPY_H

#include <cstdint>
#include <string>
#include <vector>

namespace tmlc::npy {

struct Array {
  std::string descr;           ///< numpy dtype string, e.g. "<f4", "|i1"
  std::vector<int64_t> shape;
  std::vector<char> data;      ///< raw little-endian elements, C order
};

/// Reads `path`; returns false and sets `error` on any problem.
bool read(const std::string &path, Array &out, std::string &error);

/// Encodes an array as .npy (version 1.0) bytes.
std::string encode(const Array &a);

/// Bytes per element of a dtype string, 0 if unknown.
int elementSize(const std::string &descr);

} // namespace tmlc::npy

#endif // TMLC_TOOLS_TMLC_NPY_H
