// Primitive recovery inverts eq. 14 exactly: for (e, u, pi, Pi) with pi traceless and orthogonal to u,
// T^{t nu} built from them must give back e and v to round-off. The fixed point contracts by a factor
// ~|pi|/(e+p) per iteration and stops at a change of 1e-15 in v, so 1e-12 (relative) bounds the
// round-off of the quadratic solve with margin, even at |v| ~ 0.9 where gamma^2 amplifies it.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "hydro/primitive_recovery.hpp"
#include "problems/problem.hpp"

namespace ishydro {
namespace {

TEST(PrimitiveRecovery, RoundTripsStatesWithStressAtLargeVelocity) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> uni(-1.0, 1.0);
  for (int trial = 0; trial < 200; ++trial) {
    const double e = 0.5 + 5.0 * (uni(rng) + 1.0);
    const double u[3] = {1.5 * uni(rng), 1.5 * uni(rng), 1.5 * uni(rng)};
    const double cs2 = trial % 2 ? 1.0 / 3.0 : 0.2;
    double pi[6];
    for (double& x : pi) x = 0.1 * e * uni(rng);
    const double Pi = 0.05 * e * uni(rng);
    double state[kNumVars];
    conserved_from_primitive(e, u, pi, Pi, cs2, state);
    const double Tti[3] = {state[kTtx], state[kTty], state[kTtz]};
    RecoveredCell cell;
    ASSERT_EQ(recover_primitive(state[kTtt], Tti, state + kPixx, Pi, cs2, 1e-15, cell), RecoveryStatus::ok);
    const double gamma = std::sqrt(1 + u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
    EXPECT_NEAR(cell.e / e, 1.0, 1e-12);
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(cell.v[i], u[i] / gamma, 1e-12);
    // The stored pi was already projected by conserved_from_primitive: recovery returns it unchanged.
    for (int q = 0; q < 6; ++q) EXPECT_NEAR(cell.pi[q], state[kPixx + q], 1e-12 * e);
  }
}

// A state met in viscous Gubser flow (|v| = 0.88, gamma = 2.1): the fixed point reaches v to the last
// bits and then cycles between neighbouring doubles, so a change of 1e-15 is never reached; the
// recovery must stop at that round-off floor instead of reporting "did not converge".
TEST(PrimitiveRecovery, StopsAtTheRoundOffFloorAtLargeGamma) {
  const double Tti[3] = {1.3463338947439896, 1.3463338947439891, 0};
  const double pi[6] = {-0.020626152879707337, -0.013031644243306949, 0, -0.020626152879706854, 0,
                        0.01519881570015442};
  RecoveredCell cell;
  ASSERT_EQ(recover_primitive(2.0476772437690753, Tti, pi, 0.0, 1.0 / 3.0, 1e-15, cell), RecoveryStatus::ok);
  EXPECT_LT(cell.iterations, 30);
  // The recovered (e, v, pi) reproduce T^{t nu} (eq. 14) to round-off amplified by gamma^2.
  const double v2 = cell.v[0] * cell.v[0] + cell.v[1] * cell.v[1] + cell.v[2] * cell.v[2];
  const double gamma = 1.0 / std::sqrt(1.0 - v2);
  const double u[3] = {gamma * cell.v[0], gamma * cell.v[1], gamma * cell.v[2]};
  double state[kNumVars];
  conserved_from_primitive(cell.e, u, cell.pi, 0.0, 1.0 / 3.0, state);
  EXPECT_NEAR(state[kTtt], 2.0476772437690753, 1e-13);
  EXPECT_NEAR(state[kTtx], Tti[0], 1e-13);
  EXPECT_NEAR(state[kTty], Tti[1], 1e-13);
}

TEST(PrimitiveRecovery, ReportsUnphysicalStates) {
  RecoveredCell cell;
  const double pi[6] = {0, 0, 0, 0, 0, 0};
  const double fast[3] = {2.0, 0, 0};  // |T^{ti}| > T^{tt}: no (e, v) with |v| < 1
  EXPECT_NE(recover_primitive(1.0, fast, pi, 0.0, 1.0 / 3.0, 1e-15, cell), RecoveryStatus::ok);
  const double zero[3] = {0, 0, 0};
  EXPECT_EQ(recover_primitive(NAN, zero, pi, 0.0, 1.0 / 3.0, 1e-15, cell), RecoveryStatus::not_finite);
  EXPECT_NE(recover_primitive(-1.0, zero, pi, 0.0, 1.0 / 3.0, 1e-15, cell), RecoveryStatus::ok);
}

}  // namespace
}  // namespace ishydro
