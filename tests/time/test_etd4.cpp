// The ETDRK4 weights (docs/equations.md, eq. 42) against an independent evaluation in long double:
// phi_k(z) = sum_m z^m / (m + k)! summed to 60 terms where |z| < 1 (no cancellation), the closed forms
// (e^z - sum_{j<k} z^j/j!)/z^k elsewhere. The code switches from its series to the closed forms at
// |z| = 0.5, where the closed forms lose about 3 of 16 digits to cancellation, hence 1e-13 relative
// (for the final weights, relative to the phi terms they are summed from); a wrong coefficient of the
// series or of the weights is off by far more.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "time/etd4.hpp"

namespace ishydro {
namespace {

struct Phi {
  long double p1, p2, p3;
};

Phi reference_phi(long double z) {
  if (std::fabs(z) < 1.0L) {
    Phi p{0, 0, 0};
    long double term = 1.0L;  // z^m / m!
    for (int m = 0; m < 60; ++m) {
      p.p1 += term / (m + 1);
      p.p2 += term / ((m + 1.0L) * (m + 2));
      p.p3 += term / ((m + 1.0L) * (m + 2) * (m + 3));
      term *= z / (m + 1);
    }
    return p;
  }
  const long double ez = std::exp(z);
  return {(ez - 1) / z, (ez - 1 - z) / (z * z), (ez - 1 - z - z * z / 2) / (z * z * z)};
}

// Relative to `scale`: the size of the terms a weight is summed from (w_n = phi1 - 3 phi2 + 4 phi3
// cancels to O(1/z^2) of terms O(1/|z|) in the stiff range, so its rounding is relative to the terms).
void expect_close(double actual, long double expected, const char* what, double z, long double scale_of = 0) {
  const double scale =
      std::max({1e-300, static_cast<double>(std::fabs(expected)), static_cast<double>(scale_of)});
  EXPECT_LE(std::abs(actual - static_cast<double>(expected)) / scale, 1e-13)
      << what << " at z = " << z << ": " << actual << " vs " << static_cast<double>(expected);
}

TEST(Etd4Weights, MatchAnIndependentEvaluationOnBothSidesOfTheBranchSwitch) {
  for (double z : {-1e-8, -1e-3, -0.1, -0.3, -0.4999, -0.5, -0.5001, -0.9, -0.9999, -1.0, -1.0001, -2.0, -7.5,
                   -40.0, -700.0, 0.2, 0.7}) {
    const Etd4Weights w = etd4_weights(z);
    const Phi p = reference_phi(z), h = reference_phi(z / 2);
    expect_close(w.exp_half, std::exp(static_cast<long double>(z) / 2), "e^{z/2}", z);
    expect_close(w.phi1_half, h.p1, "phi1(z/2)", z);
    expect_close(w.phi2_half, h.p2, "phi2(z/2)", z);
    expect_close(w.exp_full, std::exp(static_cast<long double>(z)), "e^z", z);
    expect_close(w.phi1_full, p.p1, "phi1(z)", z);
    expect_close(w.phi2_full, p.p2, "phi2(z)", z);
    const long double terms = std::fabs(p.p1) + 3 * std::fabs(p.p2) + 4 * std::fabs(p.p3);
    expect_close(w.w_n, p.p1 - 3 * p.p2 + 4 * p.p3, "w_n", z, terms);
    expect_close(w.w_ab, p.p2 - 2 * p.p3, "w_ab", z, terms);
    expect_close(w.w_c, 4 * p.p3 - p.p2, "w_c", z, terms);
  }
}

// With no relaxation (z = 0, as for T^{t nu}) the scheme is the classical fourth-order Runge-Kutta
// method: half steps with weight 1/2, final weights 1/6, 1/3, 1/3, 1/6.
TEST(Etd4Weights, ReduceToClassicalRungeKuttaWithoutRelaxation) {
  const Etd4Weights w = etd4_weights(0.0);
  EXPECT_EQ(w.exp_half, 1.0);
  EXPECT_EQ(w.phi1_half, 1.0);
  EXPECT_EQ(w.exp_full, 1.0);
  // Krogstad's stages b and c: (phi1/2 - phi2)(z/2) and (phi1 - 2 phi2)(z) vanish, so b = U + h/2 F_a
  // and c = U + h F_b.
  EXPECT_NEAR(0.5 * w.phi1_half - w.phi2_half, 0.0, 1e-16);
  EXPECT_NEAR(w.phi1_full - 2 * w.phi2_full, 0.0, 1e-16);
  EXPECT_NEAR(w.w_n, 1.0 / 6.0, 1e-16);
  EXPECT_NEAR(2 * w.w_ab, 1.0 / 3.0, 1e-16);
  EXPECT_NEAR(w.w_c, 1.0 / 6.0, 1e-16);
}

// Far in the stiff range (h = 1e6 tau) the weights stay finite and the step forgets U_n: e^z = 0 and
// the weights decay like 1/|z|, so U_{n+1} ~ N / lambda, the relaxed (Navier-Stokes) value.
TEST(Etd4Weights, StayFiniteAndDecayInTheStiffLimit) {
  const double z = -1e6;
  const Etd4Weights w = etd4_weights(z);
  EXPECT_EQ(w.exp_full, 0.0);
  EXPECT_EQ(w.exp_half, 0.0);
  // phi_1(z) -> -1/z, phi_2, phi_3 -> O(1/z): the sum of the final weights (w_n + 4 w_ab + w_c = phi_1)
  // times |z| is 1.
  EXPECT_NEAR((w.w_n + 4 * w.w_ab + w.w_c) * -z, 1.0, 1e-12);
  EXPECT_NEAR(w.phi1_half * -z / 2, 1.0, 1e-12);
}

}  // namespace
}  // namespace ishydro
