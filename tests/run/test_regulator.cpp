// The regulator (docs/equations.md, eq. 70) is off by default and, when on, scales pi^{mu nu} so that
// sqrt(pi:pi) <= regulator_max (e + p), touching only cells beyond that bound and counting them.
#include <gtest/gtest.h>

#include <cmath>

#include "problems/registry.hpp"
#include "support/run_helpers.hpp"

namespace ishydro {
namespace {

RunConfig strained(bool regulator) {
  RunConfig cfg = testing::base_config({1, 1, 1}, {1.0, 1.0, 1.0}, 1e-3);
  cfg.initial = make_initial("uniform");
  cfg.initial.values["e0"] = 1.0;
  cfg.initial.values["pi_xy"] = 0.8;  // pi^{xy}: sqrt(pi:pi) = sqrt(2) 0.8 = 1.13 > 0.5 (e + p) = 0.667
  cfg.transport.eta_over_s = 0.1;
  cfg.time.dt = 1e-3;
  cfg.numerics.regulator = regulator;
  cfg.numerics.regulator_max = 0.5;
  return cfg;
}

TEST(Regulator, ScalesShearStressToTheBoundOnlyWhenOn) {
  const testing::Fields off = testing::run_to_end(strained(false));
  const testing::Fields on = testing::run_to_end(strained(true));
  // Unregulated: relaxes by exp(-dt/tau_pi), still far above the bound.
  EXPECT_GT(std::abs(off.pi[1][0]), 0.7);
  // Regulated after the step: sqrt(2) |pi^{xy}| = 0.5 (e + p) with e recovered from the same T^{tt}.
  EXPECT_NEAR(std::sqrt(2.0) * std::abs(on.pi[1][0]), 0.5 * (4.0 / 3.0) * on.e[0], 1e-12);
}

}  // namespace
}  // namespace ishydro
