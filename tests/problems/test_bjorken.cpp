// Bjorken flow in Milne coordinates against its semi-analytic solution. Boost invariance reduces the
// equations (docs/equations.md, eq. 63) to ODEs in tau for e, phi = -tau^2 pi^{eta eta} and Pi:
//   de/dtau = -(e + p + Pi - phi)/tau
//   tau_pi dphi/dtau = -phi + 4 eta/(3 tau) - (delta_pipi + tau_pipi/3) phi/tau + phi7 phi^2/2
//                      + (2/3) lambda_piPi Pi/tau
//   tau_Pi dPi/dtau = -Pi - zeta/tau - delta_PiPi Pi/tau + lambda_Pipi phi/tau
// (the DNMR Bjorken equations, e.g. Jaiswal, Ryblewski, Strickland PRC 90 044908, in this code's sign
// convention). The reference is integrated by RK4 with 2e4 steps in ln(tau) (error ~1e-13), the solver
// runs on a 1x1x1 Milne grid with cfl 0.005 (dt = 0.005 tau; ETDRK4's error ~(dt/tau)^4 per e-fold, < 1e-9)
// and must match T and tau^2 pi^{eta eta} within 1e-6 relative from tau0 to 10 tau0. The ideal case is
// checked against the exact T = T0 (tau0/tau)^{cs2}.
#include <gtest/gtest.h>

#include <cmath>

#include "eos/eos.hpp"
#include "problems/registry.hpp"
#include "support/run_helpers.hpp"
#include "transport/transport.hpp"

namespace ishydro {
namespace {

struct BjorkenState {
  double e, phi, Pi;
};

BjorkenState bjorken_reference(const RunConfig& cfg, BjorkenState y, double tau0, double tau1) {
  const Eos eos = Eos::from_config(cfg.eos);
  const Transport transport(cfg.transport, eos);
  auto rhs = [&](double tau, const BjorkenState& s) {
    const TransportCoefficients c = transport.at(s.e);
    const double p = eos.pressure(s.e);
    BjorkenState d{-(s.e + p + s.Pi - s.phi) / tau, 0, 0};
    if (transport.shear_active())
      d.phi = (-s.phi + 4 * c.eta / (3 * tau) - (c.delta_pipi + c.tau_pipi / 3) * s.phi / tau +
               c.phi7 * s.phi * s.phi / 2 + 2.0 / 3.0 * c.lambda_piPi * s.Pi / tau) /
              c.tau_pi;
    if (transport.bulk_active())
      d.Pi = (-s.Pi - c.zeta / tau - c.delta_PiPi * s.Pi / tau + c.lambda_Pipi * s.phi / tau) / c.tau_Pi;
    return d;
  };
  // RK4 in s = ln(tau): dy/ds = tau dy/dtau.
  const int n = 20000;
  const double ds = std::log(tau1 / tau0) / n;
  auto f = [&](double s, const BjorkenState& y) {
    const double tau = std::exp(s);
    BjorkenState d = rhs(tau, y);
    return BjorkenState{tau * d.e, tau * d.phi, tau * d.Pi};
  };
  auto axpy = [](const BjorkenState& y, double a, const BjorkenState& k) {
    return BjorkenState{y.e + a * k.e, y.phi + a * k.phi, y.Pi + a * k.Pi};
  };
  double s = std::log(tau0);
  for (int i = 0; i < n; ++i, s += ds) {
    const BjorkenState k1 = f(s, y), k2 = f(s + ds / 2, axpy(y, ds / 2, k1)),
                       k3 = f(s + ds / 2, axpy(y, ds / 2, k2)), k4 = f(s + ds, axpy(y, ds, k3));
    y.e += ds / 6 * (k1.e + 2 * k2.e + 2 * k3.e + k4.e);
    y.phi += ds / 6 * (k1.phi + 2 * k2.phi + 2 * k3.phi + k4.phi);
    y.Pi += ds / 6 * (k1.Pi + 2 * k2.Pi + 2 * k3.Pi + k4.Pi);
  }
  return y;
}

RunConfig bjorken_config(double tau0, double T0) {
  RunConfig cfg = testing::base_config({1, 1, 1}, {1.0, 1.0, 1.0}, 10 * tau0);
  cfg.grid.coordinates = Coordinates::milne;
  cfg.time.start = tau0;
  cfg.time.cfl = 0.005;
  cfg.initial = make_initial("bjorken", {{"T0", T0}});
  cfg.transport.eta_over_s = 0.0;
  cfg.transport.zeta_over_s = 0.0;
  return cfg;
}

void set_terms(RunConfig& cfg, const std::string& set) {
  cfg.transport.second_order = set;
  cfg.transport.terms = second_order_set(set);
}

TEST(Bjorken, IdealFlowCoolsAsTauToTheMinusCs2) {
  for (double cs2 : {1.0 / 3.0, 0.2}) {
    RunConfig cfg = bjorken_config(0.6, 0.4);
    cfg.eos.kind = cs2 == 1.0 / 3.0 ? EosKind::conformal : EosKind::ideal;
    cfg.eos.cs2 = cs2;
    const testing::Fields f = testing::run_to_end(cfg);
    const Eos eos = Eos::from_config(cfg.eos);
    // e ~ tau^{-(1+cs2)} and e ~ T^{1+1/cs2} give T ~ tau^{-cs2}.
    const double exact = 0.4 * std::pow(0.6 / f.time, cs2);
    EXPECT_NEAR(eos.temperature(f.e[0]) / exact, 1.0, 1e-6) << "cs2 " << cs2;
    EXPECT_NEAR(f.time, 6.0, 1e-12);
  }
}

struct ViscousCase {
  const char* name;
  const char* set;
  double cs2, eta_over_s, zeta_over_s, tau0, T0;
  bool navier_stokes_start;
};

class BjorkenViscous : public ::testing::TestWithParam<ViscousCase> {};

TEST_P(BjorkenViscous, MatchesSemiAnalyticSolution) {
  const ViscousCase vc = GetParam();
  RunConfig cfg = bjorken_config(vc.tau0, vc.T0);
  cfg.eos.kind = vc.cs2 == 1.0 / 3.0 ? EosKind::conformal : EosKind::ideal;
  cfg.eos.cs2 = vc.cs2;
  cfg.transport.eta_over_s = vc.eta_over_s;
  cfg.transport.zeta_over_s = vc.zeta_over_s;
  cfg.initial.values["pi"] = std::string(vc.navier_stokes_start ? "navier-stokes" : "zero");
  set_terms(cfg, vc.set);
  const Eos eos = Eos::from_config(cfg.eos);
  const Transport transport(cfg.transport, eos);
  const double e0 = eos.energy_density(vc.T0);
  BjorkenState y0{e0, 0, 0};
  if (vc.navier_stokes_start) {
    const TransportCoefficients c = transport.at(e0);
    y0.phi = transport.shear_active() ? 4 * c.eta / (3 * vc.tau0) : 0.0;
    y0.Pi = transport.bulk_active() ? -c.zeta / vc.tau0 : 0.0;
  }
  const testing::Fields f = testing::run_to_end(cfg);
  const BjorkenState ref = bjorken_reference(cfg, y0, vc.tau0, f.time);
  EXPECT_NEAR(eos.temperature(f.e[0]) / eos.temperature(ref.e), 1.0, 1e-6);
  // tau^2 pi^{eta eta} is the orthonormal pi_zz = -phi.
  EXPECT_NEAR(-f.pi[5][0] / ref.phi, 1.0, 1e-6);
  EXPECT_NEAR(f.pi[0][0] / (ref.phi / 2), 1.0, 1e-6);
  if (vc.zeta_over_s > 0) {
    EXPECT_NEAR(f.Pi[0] / ref.Pi, 1.0, 1e-6);
  }
}

const ViscousCase kViscousCases[] = {
    {"is_conformal", "is", 1.0 / 3.0, 0.2, 0.0, 0.5, 0.5, false},
    {"is43_conformal_ns_start", "is43", 1.0 / 3.0, 0.16, 0.0, 0.4, 0.45, true},
    {"dnmr_conformal", "dnmr", 1.0 / 3.0, 0.3, 0.0, 1.0, 0.35, false},
    {"dnmr_bulk_cs2_0p2", "dnmr", 0.2, 0.12, 0.05, 0.6, 0.4, true},
    {"is_bulk_cs2_0p25", "is", 0.25, 0.08, 0.04, 1.0, 0.3, false},
};
INSTANTIATE_TEST_SUITE_P(Cases, BjorkenViscous, ::testing::ValuesIn(kViscousCases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace ishydro
