// Relaxation of uniform dissipative stresses at rest. With u = 0 and no gradients eq. 11 reduces to
// tau_pi d_t pi^{xy} = -pi^{xy} and eq. 13 to tau_Pi d_t Pi = -Pi, so the exact solutions are
// pi0 exp(-t/tau_pi) and Pi0 exp(-t/tau_Pi). The ETDRK4 scheme integrates the linear relaxation exactly,
// so only round-off remains: 1e-8 (relative) leaves ample margin over the ~1e-15 expected, while a
// first-order treatment of the relaxation would miss by far more than 1e-8.
#include <gtest/gtest.h>

#include <cmath>

#include "eos/eos.hpp"
#include "problems/registry.hpp"
#include "support/run_helpers.hpp"
#include "transport/transport.hpp"

namespace ishydro {
namespace {

RunConfig uniform_config(double end) {
  RunConfig cfg = testing::base_config({1, 1, 1}, {1.0, 1.0, 1.0}, end);
  cfg.initial = make_initial("uniform");
  cfg.initial.values["e0"] = 3.0;
  cfg.transport.eta_over_s = 0.2;
  cfg.transport.zeta_over_s = 0.1;
  return cfg;
}

TEST(Relaxation, UniformShearStressDecaysExponentially) {
  for (const char* set : {"is", "is43"}) {
    RunConfig cfg = uniform_config(1.0);
    cfg.transport.second_order = set;
    cfg.transport.terms.delta_pipi = std::string(set) == "is43";
    cfg.initial.values["pi_xy"] = 0.05;  // pi^{xy}
    const Transport transport(cfg.transport, Eos::from_config(cfg.eos));
    const double tau = transport.at(cfg.initial.number("e0")).tau_pi;
    cfg.time.end = 3.0 * tau;
    const testing::Fields f = testing::run_to_end(cfg);
    const double exact = 0.05 * std::exp(-f.time / tau);
    EXPECT_NEAR(f.pi[1][0] / exact, 1.0, 1e-8) << set;
    EXPECT_NEAR(f.e[0], cfg.initial.number("e0"), 1e-14 * cfg.initial.number("e0"));
  }
}

TEST(Relaxation, UniformBulkPressureDecaysExponentially) {
  RunConfig cfg = uniform_config(1.0);
  cfg.initial.values["Pi"] = -0.02;
  const Transport transport(cfg.transport, Eos::from_config(cfg.eos));
  const double tau = transport.at(cfg.initial.number("e0")).tau_Pi;
  cfg.time.end = 4.0 * tau;
  const testing::Fields f = testing::run_to_end(cfg);
  EXPECT_NEAR(f.Pi[0] / (-0.02 * std::exp(-f.time / tau)), 1.0, 1e-8);
}

// A stiff run: tau_pi = 1e-3 dt (eta/s shrunk with tau_pi so the front speed stays causal). The shear
// stress must approach its Navier-Stokes value pi^{xy} = -eta d_x u^y within O(tau_pi / t_wave) and
// the run must stay bounded.
TEST(Relaxation, StiffShearWaveApproachesNavierStokes) {
  RunConfig cfg = testing::base_config({32, 1, 1}, {1.0, 1.0, 1.0}, 1.0);
  cfg.initial = make_initial("shear_wave");
  cfg.initial.values["e0"] = 5.0;
  cfg.initial.values["amplitude"] = 1e-3;
  cfg.initial.values["mode"] = std::vector<long long>{1, 0, 0};
  cfg.time.cfl = 0.4;
  const Eos eos = Eos::from_config(cfg.eos);
  // dt = cfl dx / front, front^2 = 1/3 + 4/(3*5); choose tau_pi = 1e-3 dt through eta/s.
  const double front = std::sqrt(1.0 / 3.0 + 4.0 / 15.0);
  const double dt = cfg.time.cfl * (1.0 / 32) / front;
  const double tau_pi = 1e-3 * dt;
  const double T = eos.temperature(cfg.initial.number("e0"));
  cfg.transport.eta_over_s = tau_pi * T / (5.0 * kHbarC);
  cfg.transport.tau_pi_coeff = 5.0;
  cfg.time.end = 50 * dt;
  const testing::Fields f = testing::run_to_end(cfg);
  const Transport transport(cfg.transport, eos);
  const TransportCoefficients tc = transport.at(cfg.initial.number("e0"));
  ASSERT_NEAR(tc.tau_pi / dt, 1e-3, 1e-9);
  // Navier-Stokes from the numerical u^y: d_x u^y by the exact derivative of its single mode.
  const double k = 2 * std::numbers::pi;
  double max_ns = 0, max_diff = 0, amp_u = 0;
  for (int i = 0; i < 32; ++i) amp_u = std::max(amp_u, std::abs(f.uy[i]));
  for (int i = 0; i < 32; ++i) {
    const double x = i / 32.0;
    // u^y stays a pure sine mode in the linear regime: amplitude a(t), d_x u^y = a k cos(kx).
    const double a = f.uy[8];  // x = 1/4: sin = 1
    const double ns = -tc.eta * a * k * std::cos(k * x);
    max_ns = std::max(max_ns, std::abs(ns));
    max_diff = std::max(max_diff, std::abs(f.pi[1][i] - ns));
  }
  EXPECT_GT(amp_u, 0.5e-3);  // bounded and not decayed away (eta is tiny)
  EXPECT_LT(amp_u, 1.0e-3 * (1 + 1e-9));
  EXPECT_LT(max_diff / max_ns, 1e-2);
}

}  // namespace
}  // namespace ishydro
