// Baryon diffusion coefficients (src/transport/diffusion.hpp, docs/equations.md eqs. 91-92): the
// series for alpha coth alpha, kappa_B's analytic limit at alpha = 0, and the front speed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>

#include "eos/qgp.hpp"
#include "simd/cell_lanes.hpp"
#include "transport/diffusion.hpp"

// SIMD vectors (CellLanes) are passed between inline functions only.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr double kHbarC = 0.1973269804;

// alpha coth alpha against long double's coshl/sinhl (about 3 extra digits): the series below 0.1 and
// the direct form above agree with it to a few ulp, so the switch at 0.1 is seamless.
TEST(Diffusion, AlphaCothAlphaToRoundOff) {
  for (int i = -300; i <= 300; ++i) {
    const double a = i == 0 ? 0.0 : std::copysign(std::pow(10.0, -8.0 + 9.0 * std::abs(i) / 300.0), i);
    const long double al = a;
    const long double ref = a == 0 ? 1.0L : al * std::cosh(al) / std::sinh(al);
    EXPECT_LE(std::abs(alpha_coth_alpha(a) - static_cast<double>(ref)), 4 * kEps * static_cast<double>(ref))
        << a;
  }
  EXPECT_EQ(alpha_coth_alpha(0.0), 1.0);
}

// The lane form (|alpha| (2 + m)/(-m), m = expm1(-2|alpha|), above 0.1) against the same reference:
// a few ulp as well, and the series lanes of a mixed group are the scalar series.
TEST(Diffusion, AlphaCothAlphaLanesToRoundOff) {
  double worst = 0;
  for (int i = -300; i <= 300; i += kCellLanes) {
    CellLanes a{};
    for (int l = 0; l < kCellLanes; ++l)
      a[l] = i + l == 0 ? 0.0 : std::copysign(std::pow(10.0, -8.0 + 9.0 * std::abs(i + l) / 300.0), i + l);
    const CellLanes v = alpha_coth_alpha(a);
    for (int l = 0; l < kCellLanes; ++l) {
      const long double al = a[l];
      const double ref = a[l] == 0 ? 1.0 : static_cast<double>(al * std::cosh(al) / std::sinh(al));
      worst = std::max(worst, std::abs(v[l] - ref) / ref);
      if (a[l] * a[l] < 0.01) {
        EXPECT_EQ(v[l], alpha_coth_alpha(a[l])) << a[l];
      }
    }
  }
  std::cout << "alpha coth alpha, lanes: " << worst / kEps << " ulp\n";
  EXPECT_LE(worst, 4 * kEps);
}

// kappa_B: the formula of the contract, (C_B/T) nB (coth(alpha)/3 - nB T/(e + p)) (with hbar c), where
// it has no 0/0; at nB = 0 exactly C_B hbar c chiB/3; and continuous through alpha = 0 (the difference
// to the limit vanishes like alpha^2).
TEST(Diffusion, KappaMatchesTheContractAndItsLimit) {
  const QgpGas gas(3.0);
  const double C_B = 0.4, T = 0.3;
  for (double alpha : {-4.0, -1.0, -0.2, 0.5, 2.0, 6.0}) {
    const double mu = alpha * T, e = gas.energy_density(T, mu), nB = gas.baryon_density(T, mu);
    const ChargedState st = gas.state(e, nB);
    const DiffusionCoefficients c = diffusion_coefficients(st, e, nB, C_B);
    const double direct =
        C_B * kHbarC / st.T * nB * (1.0 / std::tanh(st.alpha) / 3.0 - nB * st.T / (e + st.p));
    EXPECT_LE(std::abs(c.kappa_B - direct), 1e-14 * std::abs(direct)) << alpha;
    EXPECT_GT(c.kappa_B, 0.0) << alpha;
    EXPECT_LE(std::abs(c.tau_V - C_B * kHbarC / T), 4 * kEps * c.tau_V);
  }
  const double e = gas.energy_density(T, 0.0);
  const ChargedState st0 = gas.state(e, 0.0);
  const double limit = C_B * kHbarC * st0.chiB / 3.0;
  EXPECT_LE(std::abs(diffusion_coefficients(st0, e, 0.0, C_B).kappa_B - limit), 2 * kEps * limit);
  for (double alpha : {1e-12, 1e-8, 1e-5, 1e-3}) {
    const double nB = gas.baryon_density(T, alpha * T);
    for (double sign : {-1.0, 1.0}) {
      const ChargedState st = gas.state(e, sign * nB);
      const double k = diffusion_coefficients(st, e, sign * nB, C_B).kappa_B;
      EXPECT_LE(std::abs(k - limit), limit * (4 * kEps + alpha * alpha)) << alpha;
    }
  }
}

// The front speed squared kappa_B (d alpha/dnB)_e / tau_V: 1/3 at alpha = 0 (to round-off), the same
// for every C_B, increasing in |alpha|, and 1 at alpha* found by bisection (the contract: near 2.8).
TEST(Diffusion, FrontSpeedIsOneThirdAtZeroAndLightlikeNearAlpha2p8) {
  for (double nf : {2.0, 3.0}) {
    const QgpGas gas(nf);
    const double e = 5.0;
    const auto front2 = [&](double alpha) {
      const double T = 0.3, mu = alpha * T;
      const double scale = std::sqrt(std::sqrt(e / gas.energy_density(T, mu)));  // same e, same alpha
      const double nB = gas.baryon_density(scale * T, scale * mu);
      return diffusion_front_speed_squared(gas.state(e, nB), e, nB);
    };
    EXPECT_LE(std::abs(front2(0.0) - 1.0 / 3.0), 4 * kEps);
    double lo = 0, hi = 10;
    ASSERT_LT(front2(lo), 1.0);
    ASSERT_GT(front2(hi), 1.0);
    for (int i = 0; i < 80; ++i) (front2(0.5 * (lo + hi)) < 1.0 ? lo : hi) = 0.5 * (lo + hi);
    std::cout << "qgp nf = " << nf << ": diffusion front speed reaches 1 at alpha = " << lo << "\n";
    EXPECT_LT(std::abs(lo - 2.8), 0.1);  // nf = 3: 2.816, nf = 2: 2.892
    for (double a = 0.0; a < 6.0; a += 0.25) EXPECT_LT(front2(a), front2(a + 0.25)) << a;
    EXPECT_EQ(front2(1.5), front2(-1.5));
  }
}

}  // namespace
}  // namespace ishydro
