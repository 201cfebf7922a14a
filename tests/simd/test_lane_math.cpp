// The vector elementary functions (src/simd/lane_math.hpp) against long double's libm (about 3 extra
// digits, so the reference's own error is far below the bound checked).
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <limits>

#include "simd/lane_math.hpp"

// SIMD vectors (CellLanes) are passed between inline functions only.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// expm1 over |x| from 1e-10 to 700, both signs, and across every k of the range reduction near 0: the
// bound of the header (2^k expm1(r) + (2^k - 1), each part to an ulp, their sum rounded once) is 3 ulp.
TEST(LaneMath, Expm1ToAFewUlp) {
  double worst = 0;
  int checked = 0;
  auto check = [&](const CellLanes& x) {
    const CellLanes m = lane_expm1(x);
    for (int l = 0; l < kCellLanes; ++l) {
      const long double ref = std::expm1(static_cast<long double>(x[l]));
      const double err = static_cast<double>(std::abs((m[l] - ref) / ref));
      worst = std::max(worst, err);
      EXPECT_LE(err, 3 * kEps) << x[l];
      ++checked;
    }
  };
  for (int i = 0; i < 4000; i += kCellLanes) {
    CellLanes x{};
    for (int l = 0; l < kCellLanes; ++l) {
      const int j = i + l;
      const double mag = std::pow(10.0, -10.0 + 12.845 * (j / 2) / 2000.0);  // 1e-10 .. 700
      x[l] = j % 2 ? -mag : mag;
    }
    check(x);
  }
  for (int i = 0; i < 2000; i += kCellLanes) {  // dense on [-3, 3], where the charge uses it
    CellLanes x{};
    for (int l = 0; l < kCellLanes; ++l) x[l] = -3.0 + 6.0 * (i + l) / 1999.0 + 1e-7;
    check(x);
  }
  std::cout << "lane_expm1: " << checked << " values, worst " << worst / kEps << " ulp\n";
}

// The scalar form is libm's; NaN propagates in the lanes, and the clamp keeps huge arguments finite.
TEST(LaneMath, Expm1EdgeLanes) {
  EXPECT_EQ(lane_expm1(0.5), std::expm1(0.5));
  CellLanes x{};
  x[0] = std::numeric_limits<double>::quiet_NaN();
  x[1] = -1e6;
  const CellLanes m = lane_expm1(x);
  EXPECT_TRUE(std::isnan(m[0]));
  EXPECT_EQ(m[1], -1.0);
  for (int l = 2; l < kCellLanes; ++l) EXPECT_EQ(m[l], 0.0);
}

}  // namespace
}  // namespace ishydro
