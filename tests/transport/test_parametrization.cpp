// eta/s and zeta/s of T (src/transport/parametrization.hpp) at hand-computed points, for one cell and
// for CellLanes. Tolerances: each value is a handful of operations on numbers of order 1, so 1e-15
// absolute (a few ulp) unless the expected value is exact.
#include <gtest/gtest.h>

#include <stdexcept>

#include "transport/parametrization.hpp"

// SIMD vectors (CellLanes) are passed between inline functions only.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {
namespace {

TEST(TransportParam, Constant) {
  const OverS c = OverS::constant(0.08);
  EXPECT_EQ(c.at(0.1), 0.08);
  EXPECT_EQ(c.at(0.5), 0.08);
  const CellLanes v = c.at(splat<CellLanes>(0.3));
  for (int l = 0; l < kCellLanes; ++l) EXPECT_EQ(v[l], 0.08);
}

// kink: T_kink = 0.16 GeV, value 0.08, slope_low = -1 /GeV, slope_high = 2 /GeV.
//   T = 0.10: 0.08 + (-1)(-0.06) = 0.14;   T = 0.16: 0.08;   T = 0.30: 0.08 + 2 (0.14) = 0.36;
//   with slope_low = +2 /GeV: T = 0.10 gives 0.08 - 0.12 < 0, clipped to 0.
TEST(TransportParam, KinkAtHandComputedPoints) {
  const OverS k = OverS::kink(0.16, 0.08, -1.0, 2.0);
  EXPECT_NEAR(k.at(0.10), 0.14, 1e-15);
  EXPECT_EQ(k.at(0.16), 0.08);
  EXPECT_NEAR(k.at(0.30), 0.36, 1e-15);
  const OverS clipped = OverS::kink(0.16, 0.08, 2.0, 2.0);
  EXPECT_EQ(clipped.at(0.10), 0.0);
  EXPECT_NEAR(clipped.at(0.14), 0.04, 1e-15);
  // Continuous at the kink: the two slopes meet at `value`.
  EXPECT_NEAR(k.at(std::nextafter(0.16, 0.0)), 0.08, 1e-15);
  EXPECT_NEAR(k.at(std::nextafter(0.16, 1.0)), 0.08, 1e-15);
}

// cauchy: max 0.05, T_peak = 0.18 GeV, width 0.02 GeV, asymmetry 0.5: half widths 0.01 below and 0.03
// above the peak. T = 0.17: x = -1, 0.025;  T = 0.21: x = 1, 0.025;  T = 0.24: x = 2, 0.01;
// T = 0.18: 0.05. Symmetric (asymmetry 0), T = 0.20: x = 1, 0.025.
TEST(TransportParam, CauchyAtHandComputedPoints) {
  const OverS c = OverS::cauchy(0.05, 0.18, 0.02, 0.5);
  EXPECT_EQ(c.at(0.18), 0.05);
  EXPECT_NEAR(c.at(0.17), 0.025, 1e-15);
  EXPECT_NEAR(c.at(0.21), 0.025, 1e-15);
  EXPECT_NEAR(c.at(0.24), 0.01, 1e-15);
  const OverS sym = OverS::cauchy(0.05, 0.18, 0.02, 0.0);
  EXPECT_NEAR(sym.at(0.20), 0.025, 1e-15);
  EXPECT_NEAR(sym.at(0.16), 0.025, 1e-15);
  EXPECT_THROW(OverS::cauchy(0.05, 0.18, 0.02, 1.0), std::invalid_argument);
  EXPECT_THROW(OverS::cauchy(0.05, 0.18, 0.0, 0.0), std::invalid_argument);
  EXPECT_THROW(OverS::kink(0.16, NAN, 0, 0), std::invalid_argument);
}

// CellLanes: lanes on both sides of the kink and the peak, each equal to the one-cell value (the
// selects are per lane; 1 ulp for a different fusing of multiply-adds).
TEST(TransportParam, CellLanesSelectPerLane) {
  const OverS k = OverS::kink(0.16, 0.08, -1.0, 2.0);
  const OverS c = OverS::cauchy(0.05, 0.18, 0.02, 0.5);
  CellLanes T{};
  for (int l = 0; l < kCellLanes; ++l) T[l] = 0.10 + 0.04 * l;  // 0.10, 0.14, 0.18, 0.22, ...
  const CellLanes vk = k.at(T), vc = c.at(T);
  for (int l = 0; l < kCellLanes; ++l) {
    EXPECT_NEAR(vk[l], k.at(T[l]), 2e-16 * k.at(T[l]) + 1e-300) << "lane " << l;
    EXPECT_NEAR(vc[l], c.at(T[l]), 2e-16 * c.at(T[l]) + 1e-300) << "lane " << l;
  }
  EXPECT_NEAR(vk[0], 0.14, 1e-15);
  EXPECT_NEAR(vk[1], 0.10, 1e-15);
}

}  // namespace
}  // namespace ishydro
