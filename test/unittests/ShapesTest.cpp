//===- ShapesTest.cpp - the shared shape rules --------------------*- C++ -*-===//
#include "dialects/TML/IR/TMLShapes.h"
#include "gtest/gtest.h"

using namespace tmlc::tml;

namespace {

/// Counts window start positions one by one (ONNX pooling semantics):
/// floor mode keeps windows that lie inside the padded input; ceil mode also
/// keeps the last partial window, but drops every window that would start
/// inside the end padding (ONNX spec since the ceil_mode clarification, and
/// PyTorch).
int64_t countWindows(int64_t in, int64_t k, int64_t s, int64_t d, int64_t pb,
                     int64_t pe, bool ceil) {
  int64_t span = (k - 1) * d + 1, n = 0;
  int64_t lastFull = in + pb + pe - span; // last start offset of a full window
  for (int64_t off = 0;; off += s) {
    bool full = off <= lastFull;
    bool partial = ceil && !full && off < lastFull + s;
    if (!full && !partial)
      break;
    // In ceil mode no window may start inside the end padding.
    if (ceil && off - pb >= in)
      break;
    ++n;
  }
  return n;
}

TEST(Shapes, WindowOutputMatchesEnumeration) {
  for (int64_t in = 1; in <= 12; ++in)
    for (int64_t k = 1; k <= 4; ++k)
      for (int64_t s = 1; s <= 3; ++s)
        for (int64_t d = 1; d <= 2; ++d)
          for (int64_t p = 0; p <= 2; ++p)
            for (bool ceil : {false, true}) {
              std::string err;
              auto out = windowOutputDim(in, k, s, d, p, p, ceil, err);
              int64_t span = (k - 1) * d + 1;
              if (span > in + 2 * p) {
                EXPECT_FALSE(out.has_value());
                continue;
              }
              ASSERT_TRUE(out.has_value()) << err;
              EXPECT_EQ(*out, countWindows(in, k, s, d, p, p, ceil))
                  << "in=" << in << " k=" << k << " s=" << s << " d=" << d
                  << " p=" << p << " ceil=" << ceil;
            }
}

TEST(Shapes, Broadcast) {
  std::string err;
  auto s = broadcastShapes({2, 1, 3}, {4, 1}, err);
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, (Shape{2, 4, 3}));
  EXPECT_FALSE(broadcastShapes({2, 3}, {4}, err));
  EXPECT_NE(err.find("do not broadcast"), std::string::npos);
}

TEST(Shapes, MatMulPromotesVectors) {
  std::string err;
  EXPECT_EQ(*matmulShape({3}, {3, 4}, err), (Shape{4}));
  EXPECT_EQ(*matmulShape({2, 5, 3}, {3}, err), (Shape{2, 5}));
  EXPECT_EQ(*matmulShape({7, 1, 2, 3}, {5, 3, 4}, err), (Shape{7, 5, 2, 4}));
  EXPECT_FALSE(matmulShape({2, 3}, {4, 5}, err));
}

TEST(Shapes, ConvChecksGroups) {
  std::string err;
  auto s = convShape({1, 4, 5, 5}, {8, 2, 3, 3}, {1, 1}, {1, 1}, {1, 1, 1, 1},
                     2, err);
  ASSERT_TRUE(s) << err;
  EXPECT_EQ(*s, (Shape{1, 8, 5, 5}));
  EXPECT_FALSE(convShape({1, 4, 5, 5}, {8, 3, 3, 3}, {1, 1}, {1, 1},
                         {0, 0, 0, 0}, 2, err));
}

TEST(Shapes, Reduce) {
  std::string err;
  EXPECT_EQ(*reduceShape({2, 3, 4}, {1}, true, err), (Shape{2, 1, 4}));
  EXPECT_EQ(*reduceShape({2, 3, 4}, {0, 2}, false, err), (Shape{3}));
  EXPECT_FALSE(reduceShape({2, 3}, {1, 0}, false, err));
}

} // namespace
