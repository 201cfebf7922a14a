// Linear sound and shear waves against the exact solution of the linearized equations for that mode
// (tests/support/linear_modes.hpp; docs/equations.md eqs. 50-53).
//
// Why 1e-4 of the amplitude: with amplitude A = 1e-6 the neglected nonlinear terms are O(A^2), i.e.
// ~1e-6 of the amplitude; a single Fourier mode is represented exactly by the spectral derivative, so
// what remains is the ETDRK4 time error, O((omega dt)^4) per unit phase: ~1e-6 of the amplitude for
// well-resolved modes at cfl 0.2 over two periods, ~6e-5 for 5 wavelengths on 32 points (k dx ~ 1,
// `short_wavelength_mode5`, where ETD3 left ~2e-3). 1e-4 bounds both and still catches any wrong
// coefficient (a 1% error in eta shifts the decay by ~1e-3 of the amplitude).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "eos/eos.hpp"
#include "problems/registry.hpp"
#include "support/linear_modes.hpp"
#include "support/run_helpers.hpp"
#include "transport/transport.hpp"

namespace ishydro {
namespace {

using testing::Background;
using testing::cd;

struct WaveCase {
  const char* name;
  double cs2;
  double eta_over_s, zeta_over_s;
  double tau_pi_coeff, tau_Pi_coeff;
  int mode;
  double L;
};

Background background_of(const RunConfig& cfg) {
  const Eos eos = Eos::from_config(cfg.eos);
  const Transport transport(cfg.transport, eos);
  const TransportCoefficients tc = transport.at(cfg.initial.number("e0"));
  return {
      cfg.initial.number("e0"), eos.cs2(), tc.eta, tc.zeta, tc.tau_pi, tc.tau_Pi, transport.shear_active(),
      transport.bulk_active()};
}

RunConfig sound_config(const WaveCase& wc, double periods, double cfl) {
  RunConfig cfg = testing::base_config({32, 1, 1}, {wc.L, 1.0, 1.0}, 1.0);
  cfg.eos.kind = wc.cs2 == 1.0 / 3.0 ? EosKind::conformal : EosKind::ideal;
  cfg.eos.cs2 = wc.cs2;
  cfg.transport.eta_over_s = wc.eta_over_s;
  cfg.transport.zeta_over_s = wc.zeta_over_s;
  cfg.transport.tau_pi_coeff = wc.tau_pi_coeff;
  cfg.transport.tau_Pi_coeff = wc.tau_Pi_coeff;
  cfg.initial = make_initial("sound_wave");
  cfg.initial.values["e0"] = 2.0;
  cfg.initial.values["amplitude"] = 1e-6;
  cfg.initial.values["mode"] = std::vector<long long>{wc.mode, 0, 0};
  const double k = 2 * std::numbers::pi * wc.mode / wc.L;
  cfg.time.end = periods * 2 * std::numbers::pi / (k * std::sqrt(wc.cs2));
  cfg.time.cfl = cfl;
  return cfg;
}

// Largest deviation of e and u^x from the exact linear solution, in units of the amplitude.
double sound_error(const RunConfig& cfg) {
  const testing::Fields f = testing::run_to_end(cfg);
  const Background b = background_of(cfg);
  const double L = cfg.grid.size[0], A = cfg.initial.number("amplitude");
  const double k = 2 * std::numbers::pi * cfg.initial.integer3("mode")[0] / L;
  const auto y = testing::sound_mode(b, k, {cd(A * b.e0), 0, 0, 0}, f.time);
  const double w = b.e0 * (1 + b.cs2);
  double err = 0;
  for (int i = 0; i < cfg.grid.points[0]; ++i) {
    const cd phase = std::exp(cd(0, k * i * L / cfg.grid.points[0]));
    const double e_exact = b.e0 + (y[0] * phase).real();
    const double u_exact = (y[1] * phase).real();
    err = std::max(err, std::abs(f.e[i] - e_exact) / (A * b.e0));
    // u ~ A cs: compare in the same units as e through the enthalpy.
    err = std::max(err, std::abs(f.ux[i] - u_exact) * w / (A * b.e0));
  }
  return err;
}

const WaveCase kSoundCases[] = {
    {"ideal_fluid", 1.0 / 3.0, 0.0, 0.0, 5.0, 5.0, 1, 10.0},
    {"shear_viscous", 1.0 / 3.0, 0.2, 0.0, 5.0, 5.0, 1, 2.0},
    {"shear_and_bulk_cs2_0p2", 0.2, 0.16, 0.05, 3.0, 4.0, 2, 3.0},
    {"stiff_relaxation_short_box", 0.25, 0.08, 0.02, 8.0, 6.0, 3, 1.0},
    {"large_viscosity_mode1", 1.0 / 3.0, 1.0, 0.3, 5.0, 5.0, 1, 1.0},
    {"short_wavelength_mode5", 0.25, 0.1, 0.05, 4.0, 6.0, 5, 3.0},
};

class SoundWave : public ::testing::TestWithParam<WaveCase> {};

TEST_P(SoundWave, MatchesExactLinearSolutionOverTwoPeriods) {
  const RunConfig cfg = sound_config(GetParam(), 2.0, 0.2);
  EXPECT_LT(sound_error(cfg), 1e-4);
}

INSTANTIATE_TEST_SUITE_P(Cases, SoundWave, ::testing::ValuesIn(kSoundCases),
                         [](const auto& info) { return std::string(info.param.name); });

// The error falls at fourth order as cfl is lowered (ETDRK4): the ratio of errors for cfl halved is 16.
// The order is visible only where the time error dominates the O(A) nonlinear floor, hence a
// short-wavelength mode (k dx = 2 pi 6/32) at large cfl and a relative amplitude of 1e-8.
TEST(SoundWave, ErrorFallsAtFourthOrderInTime) {
  WaveCase wc{"order", 1.0 / 3.0, 0.1, 0.05, 5.0, 5.0, 6, 1.0};
  RunConfig coarse = sound_config(wc, 2.0, 0.8);
  coarse.initial.values["amplitude"] = 1e-8;
  RunConfig fine = coarse;
  fine.time.cfl = 0.4;
  const double e1 = sound_error(coarse), e2 = sound_error(fine);
  const double order = std::log2(e1 / e2);
  EXPECT_GT(order, 3.7) << "errors " << e1 << " " << e2;
  EXPECT_LT(order, 4.5) << "errors " << e1 << " " << e2;
}

double shear_error(const RunConfig& cfg) {
  const testing::Fields f = testing::run_to_end(cfg);
  const Background b = background_of(cfg);
  const double L = cfg.grid.size[0], A = cfg.initial.number("amplitude");
  const double k = 2 * std::numbers::pi * cfg.initial.integer3("mode")[0] / L;
  // u^y = A sin(k x) = Re(-i A e^{ikx}).
  const auto y = testing::shear_mode(b, k, {cd(0, -A), 0}, f.time);
  double err = 0;
  for (int i = 0; i < cfg.grid.points[0]; ++i) {
    const cd phase = std::exp(cd(0, k * i * L / cfg.grid.points[0]));
    err = std::max(err, std::abs(f.uy[i] - (y[0] * phase).real()) / A);
    const double w = b.e0 * (1 + b.cs2);
    err = std::max(err, std::abs(f.pi[1][i] - (y[1] * phase).real()) / (A * w));
  }
  return err;
}

struct ShearCase {
  const char* name;
  double eta_over_s, tau_pi_coeff;
  int mode;
  double L;
  double decay_times;
  double periods;  // > 0: run this many periods of the propagating mode instead
};

class ShearWave : public ::testing::TestWithParam<ShearCase> {};

TEST_P(ShearWave, MatchesExactLinearSolution) {
  const ShearCase sc = GetParam();
  RunConfig cfg = testing::base_config({32, 1, 1}, {sc.L, 1.0, 1.0}, 1.0);
  cfg.transport.eta_over_s = sc.eta_over_s;
  cfg.transport.zeta_over_s = 0.0;
  cfg.transport.tau_pi_coeff = sc.tau_pi_coeff;
  cfg.initial = make_initial("shear_wave");
  cfg.initial.values["e0"] = 5.0;
  cfg.initial.values["amplitude"] = 1e-6;
  cfg.initial.values["mode"] = std::vector<long long>{sc.mode, 0, 0};
  cfg.time.cfl = 0.2;
  const Background b = background_of(cfg);
  const double k = 2 * std::numbers::pi * sc.mode / sc.L;
  // Decay time of the diffusive shear mode ~ (e+p)/(eta k^2), bounded below by tau_pi.
  const double decay = std::max(b.e0 * (1 + b.cs2) / (b.eta * k * k), b.tau_pi);
  cfg.time.end = sc.decay_times * decay;
  if (sc.periods > 0) {
    // Propagating (underdamped) shear mode: speed sqrt(eta / ((e+p) tau_pi)) at large k.
    const double speed = std::sqrt(b.eta / (b.e0 * (1 + b.cs2) * b.tau_pi));
    cfg.time.end = sc.periods * 2 * std::numbers::pi / (k * speed);
  }
  EXPECT_LT(shear_error(cfg), 1e-4);
}

const ShearCase kShearCases[] = {
    {"diffusive", 0.1, 5.0, 1, 1.0, 2.0, 0},
    {"propagating", 2.0, 5.0, 2, 0.5, 0, 4.0},
    {"short_relaxation", 0.3, 2.0, 1, 2.0, 2.0, 0},
};
INSTANTIATE_TEST_SUITE_P(Cases, ShearWave, ::testing::ValuesIn(kShearCases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace ishydro
