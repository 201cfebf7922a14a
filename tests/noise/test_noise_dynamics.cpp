// The dynamic correlations of a sound and a shear mode in an equilibrium noisy run against the exact
// linear modes (tests/noise/noise_dynamics.hpp; docs/validation_fluctuations.md). Longer runs with
// other parameters: tests/slow/slow_noise_dynamics.cpp.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "noise/noise_dynamics.hpp"

namespace ishydro {
namespace {

void print(const testing::DynamicsCase& c, const testing::DynamicsResult& r) {
  for (std::size_t m = 0; m < c.modes.size(); ++m)
    for (std::size_t l = 0; l < r.sound[m].size(); ++l)
      std::printf(
          "mode %d t %5.2f sound %8.4f +- %6.4f (linear %8.4f)  shear %8.4f +- %6.4f (linear %8.4f)\n",
          c.modes[m], r.sound[m][l].t, r.sound[m][l].measured, r.sound[m][l].error,
          r.sound[m][l].expected_sound_or_shear, r.shear[m][l].measured, r.shear[m][l].error,
          r.shear[m][l].expected_sound_or_shear);
}

// eta/s = 0.3, zeta/s = 0.05, tau_pi = 5 eta/(e+p) = 1.1 fm on a 4 fm box: k tau_pi = 1.8 and 3.6 for
// modes 1 and 2, well outside the hydrodynamic limit, where only the full linear system is right (the
// shear mode of mode 2 oscillates). 10000 fm of equilibrium, sampled every 0.25 fm: standard errors
// <= 0.015 at every lag (about 6 s on one core).
TEST(NoiseDynamics, SoundAndShearModesDecayAtTheLinearRates) {
  const testing::DynamicsCase c{16, 4.0, 0.3, 0.05, 5.0, 0.4, 0.25, 25, 10000.0, {1, 2}};
  const testing::DynamicsResult r = testing::measure_dynamics(c);
  print(c, r);
  testing::expect_linear_dynamics(c, r, 0.015);
  // The comparison has power: an undamped sound wave, cos(cs k t), is many standard errors off.
  const double k = 2 * std::numbers::pi / c.L, cs = std::sqrt(1.0 / 3.0);
  double worst = 0;
  for (const auto& p : r.sound[0])
    worst = std::max(worst, std::abs(p.measured - std::cos(cs * k * p.t)) / (p.error + 1e-12));
  EXPECT_GT(worst, 50.0);
}

}  // namespace
}  // namespace ishydro
