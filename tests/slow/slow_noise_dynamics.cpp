// Long runs of the dynamic-correlation check (tests/noise/noise_dynamics.hpp) for other parameters
// (docs/validation_fluctuations.md); label "slow".
#include "noise/noise_dynamics.hpp"

namespace ishydro {
namespace {

// Near the hydrodynamic limit (k tau_pi = 0.3-0.9) on 32 points, cfl 0.2, three modes.
TEST(SlowNoiseDynamics, HydrodynamicRegimeThreeModes) {
  const testing::DynamicsCase c{32, 8.0, 0.1, 0.05, 5.0, 0.2, 0.5, 30, 100000.0, {1, 2, 3}};
  testing::expect_linear_dynamics(c, testing::measure_dynamics(c, 5), 0.01);
}

// Large viscosity and a long relaxation time, a second seed.
TEST(SlowNoiseDynamics, StiffRelaxationSecondSeed) {
  const testing::DynamicsCase c{16, 4.0, 0.5, 0.0, 8.0, 0.4, 0.25, 30, 40000.0, {1, 2, 3}};
  testing::expect_linear_dynamics(c, testing::measure_dynamics(c, 23), 0.01);
}

}  // namespace
}  // namespace ishydro
