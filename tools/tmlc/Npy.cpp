//===- Npy.cpp - numpy .npy files --------------------------------*- C++ -*-===//
#include "tools/tmlc/Npy.h"

#include <fstream>
#include <regex>
#include <sstream>

namespace tmlc::npy {

int elementSize(const std::string &d) {
  static const char *one[] = {"|i1", "|u1", "|b1", "<i1", "<u1", "<b1"};
  for (const char *s : one)
    if (d == s)
      return 1;
  if (d == "<i2" || d == "<u2" || d == "<f2")
    return 2;
  if (d == "<i4" || d == "<u4" || d == "<f4")
    return 4;
  if (d == "<i8" || d == "<u8" || d == "<f8")
    return 8;
  return 0;
}

bool read(const std::string &path, Array &out, std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open file";
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string bytes = ss.str();
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) {
    error = "not a .npy file";
    return false;
  }
  unsigned major = (unsigned char)bytes[6];
  size_t headerLen, offset;
  if (major == 1) {
    headerLen = (unsigned char)bytes[8] | ((unsigned char)bytes[9] << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) {
      error = "truncated .npy header";
      return false;
    }
    headerLen = 0;
    for (int k = 0; k < 4; ++k)
      headerLen |= size_t((unsigned char)bytes[8 + k]) << (8 * k);
    offset = 12;
  } else {
    error = "unsupported .npy version " + std::to_string(major);
    return false;
  }
  if (bytes.size() < offset + headerLen) {
    error = "truncated .npy header";
    return false;
  }
  std::string header = bytes.substr(offset, headerLen);
  std::smatch m;
  if (!std::regex_search(header, m, std::regex(R"('descr'\s*:\s*'([^']*)')"))) {
    error = "no dtype in .npy header";
    return false;
  }
  out.descr = m[1];
  if (out.descr == "<b1")
    out.descr = "|b1";
  if (out.descr == "<i1")
    out.descr = "|i1";
  if (out.descr == "<u1")
    out.descr = "|u1";
  if (std::regex_search(header, m,
                        std::regex(R"('fortran_order'\s*:\s*True)"))) {
    error = "Fortran-ordered arrays are not supported";
    return false;
  }
  if (!std::regex_search(header, m, std::regex(R"('shape'\s*:\s*\(([^)]*)\))"))) {
    error = "no shape in .npy header";
    return false;
  }
  out.shape.clear();
  std::string dims = m[1];
  std::regex num(R"(\d+)");
  for (auto it = std::sregex_iterator(dims.begin(), dims.end(), num);
       it != std::sregex_iterator(); ++it)
    out.shape.push_back(std::stoll(it->str()));
  int es = elementSize(out.descr);
  if (!es) {
    error = "unsupported dtype '" + out.descr + "'";
    return false;
  }
  int64_t n = 1;
  for (int64_t d : out.shape)
    n *= d;
  size_t dataBytes = bytes.size() - offset - headerLen;
  if (dataBytes != size_t(n) * es) {
    error = "holds " + std::to_string(dataBytes) + " data bytes, its shape needs " +
            std::to_string(n * es);
    return false;
  }
  out.data.assign(bytes.begin() + offset + headerLen, bytes.end());
  return true;
}

std::string encode(const Array &a) {
  std::string shape = "(";
  for (size_t k = 0; k < a.shape.size(); ++k)
    shape += std::to_string(a.shape[k]) + (a.shape.size() == 1 ? "," : (k + 1 < a.shape.size() ? ", " : ""));
  shape += ")";
  std::string header = "{'descr': '" + a.descr +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out = "\x93NUMPY";
  out += char(1);
  out += char(0);
  out += char(header.size() & 0xff);
  out += char((header.size() >> 8) & 0xff);
  out += header;
  out.append(a.data.begin(), a.data.end());
  return out;
}

} // namespace tmlc::npy
