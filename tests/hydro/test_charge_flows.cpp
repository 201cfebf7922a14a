// Charged flows beyond the linear waves (docs/validation_charge.md):
// (c) Bjorken flow with a baryon charge. Boost invariance: u = (1, 0, 0, 0), V = 0 (no gradients), and
//     d_mu N^mu = 0 gives n_B tau = const exactly (the solver's N^tau obeys d_tau N^tau = -N^tau/tau,
//     which ETDRK4 integrates with its RK4 weights: error ~(dt/tau)^4 per e-fold, ~1e-12 at cfl 0.005).
//     e and phi = -tau^2 pi^{eta eta} follow the ODEs of tests/problems/test_bjorken.cpp with eta =
//     (eta/s) s and tau_pi = 5 eta/(e + p) at the charged T and s of (e, n_B(tau)); T and mu_B from
//     (e, n_B) must match the reference within 1e-6 (as the uncharged Bjorken test).
// (d) A nonlinear 2D run (a strong sound wave with a 50% baryon-density wave across it, viscous, dnmr
//     with delta_VV and lambda_VV): sum N^t dV and sum T^{t nu} dV are conserved to round-off (the
//     spectral divergence has no k = 0 mode; 1e-12 relative), the recovered (T, mu_B) give back e and
//     n_B through the gas's grand-canonical forms to 1e-10, and |u_mu V^mu| is round-off (V^t = v.V).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "eos/qgp.hpp"
#include "problems/registry.hpp"
#include "support/run_helpers.hpp"
#include "transport/transport.hpp"

namespace ishydro {
namespace {

struct BjorkenState {
  double e, phi;
};

// RK4 in ln(tau) with 2e4 steps (error ~1e-13), shear only (the conformal gas has no bulk viscosity).
BjorkenState charged_bjorken_reference(const RunConfig& cfg, const QgpGas& gas, double n0, BjorkenState y,
                                       double tau0, double tau1) {
  const Eos eos = Eos::from_config(cfg.eos);
  const Transport transport(cfg.transport, eos);
  auto f = [&](double s, const BjorkenState& y) {
    const double tau = std::exp(s);
    const ChargedState st = gas.state(y.e, n0 * tau0 / tau);
    const TransportCoefficients c = transport.at_cells_charged(y.e, st.T, st.s);
    const double p = y.e / 3.0;
    BjorkenState d{-(y.e + p - y.phi) / tau, 0};
    d.phi = (-y.phi + 4 * c.eta / (3 * tau) - (c.delta_pipi + c.tau_pipi / 3) * y.phi / tau +
             c.phi7 * y.phi * y.phi / 2) /
            c.tau_pi;
    return BjorkenState{tau * d.e, tau * d.phi};
  };
  const int n = 20000;
  const double ds = std::log(tau1 / tau0) / n;
  auto axpy = [](const BjorkenState& y, double a, const BjorkenState& k) {
    return BjorkenState{y.e + a * k.e, y.phi + a * k.phi};
  };
  double s = std::log(tau0);
  for (int i = 0; i < n; ++i, s += ds) {
    const BjorkenState k1 = f(s, y), k2 = f(s + ds / 2, axpy(y, ds / 2, k1)),
                       k3 = f(s + ds / 2, axpy(y, ds / 2, k2)), k4 = f(s + ds, axpy(y, ds, k3));
    y.e += ds / 6 * (k1.e + 2 * k2.e + 2 * k3.e + k4.e);
    y.phi += ds / 6 * (k1.phi + 2 * k2.phi + 2 * k3.phi + k4.phi);
  }
  return y;
}

ChargeSettings charged(double nf = 3.0, double C_B = 0.4) {
  ChargeSettings c;
  c.charged = true;
  c.nf = nf;
  c.C_B = C_B;
  return c;
}

TEST(ChargeFlows, BjorkenKeepsNTauAndMatchesTheReference) {
  const double tau0 = 0.6, T0 = 0.4, n0 = 3.0;  // n0: mu_B/T ~ 1 at tau0
  RunConfig cfg = testing::base_config({1, 1, 1}, {1.0, 1.0, 1.0}, 10 * tau0);
  cfg.grid.coordinates = Coordinates::milne;
  cfg.time.start = tau0;
  cfg.time.cfl = 0.005;
  cfg.initial = make_initial("bjorken", {{"T0", T0}});
  cfg.eos.dof = 47.5;  // the qgp gas with nf = 3 at mu_B = 0
  cfg.transport.eta_over_s = 0.2;
  cfg.transport.zeta_over_s = 0.0;
  cfg.transport.second_order = "dnmr";
  cfg.transport.terms = second_order_set("dnmr");
  RunOptions opts;
  opts.write_outputs = false;
  opts.threads = 1;
  Simulation sim(cfg, opts, charged());
  sim.state().ptr(kNt)[0] = n0;  // u = (1, 0, 0, 0), V = 0
  sim.state_changed();
  const double e0 = sim.state().ptr(kTtt)[0];
  const RunResult r = sim.advance(cfg.time.end);
  ASSERT_EQ(r.exit_status, 0) << r.message;
  const double tau = sim.time();
  StateSummary summary;
  auto scratch = sim.rhs().scratch_fields();
  sim.rhs().primitives(sim.state(), tau, summary, scratch);
  const ChargeViews cv = sim.rhs().charge_views();
  const QgpGas gas(3.0);
  EXPECT_NEAR(cv.nB[0] * tau / (n0 * tau0), 1.0, 1e-10);
  const BjorkenState ref = charged_bjorken_reference(cfg, gas, n0, {e0, 0.0}, tau0, tau);
  const ChargedState want = gas.state(ref.e, n0 * tau0 / tau);
  const ChargedState got = gas.state(sim.rhs().primitive_views().e[0], cv.nB[0]);
  EXPECT_NEAR(got.T / want.T, 1.0, 1e-6);
  EXPECT_NEAR(cv.muB[0] / want.muB, 1.0, 1e-6);
  EXPECT_NEAR(-scratch[5][0] / ref.phi, 1.0, 1e-6);
  std::printf("Bjorken: n tau %.3e, T %.3e, muB %.3e, phi %.3e (relative errors)\n",
              cv.nB[0] * tau / (n0 * tau0) - 1, got.T / want.T - 1, cv.muB[0] / want.muB - 1,
              -scratch[5][0] / ref.phi - 1);
}

TEST(ChargeFlows, NonlinearRunConservesChargeAndEnergyMomentum) {
  RunConfig cfg = testing::base_config({32, 32, 1}, {8.0, 8.0, 1.0}, 2.0);
  cfg.initial = make_initial("sound_wave");
  cfg.initial.values["e0"] = 16.0;
  cfg.initial.values["amplitude"] = 0.3;
  cfg.initial.values["mode"] = std::vector<long long>{1, 1, 0};
  cfg.eos.dof = 47.5;
  cfg.transport.eta_over_s = 0.1;
  cfg.transport.zeta_over_s = 0.0;
  cfg.transport.second_order = "dnmr";
  cfg.transport.terms = second_order_set("dnmr");
  ChargeSettings charge = charged();
  charge.delta_VV = charge.lambda_VV = true;
  RunOptions opts;
  opts.write_outputs = false;
  opts.threads = 1;
  Simulation sim(cfg, opts, charge);
  const Grid& g = sim.grid();
  // n_B = 1 + 0.5 cos(2 pi (2x - y)/L) (1/fm^3), V = 0: N^t = gamma n_B.
  StateSummary summary;
  sim.rhs().primitives(sim.state(), sim.time(), summary, sim.rhs().scratch_fields());
  const PrimitiveViews pv = sim.rhs().primitive_views();
  StateView& s = sim.state();
  for (std::size_t c = 0; c < g.cells(); ++c) {
    const int iy = static_cast<int>((c / g.n[2]) % g.n[1]), ix = static_cast<int>(c / (g.n[2] * g.n[1]));
    const double k = 2 * std::numbers::pi / 8.0;
    const double nB = 1.0 + 0.5 * std::cos(k * (2 * g.position(0, ix) - g.position(1, iy)));
    const double gamma = std::sqrt(1 + pv.ux[c] * pv.ux[c] + pv.uy[c] * pv.uy[c] + pv.uz[c] * pv.uz[c]);
    s.ptr(kNt)[c] = gamma * nB;
  }
  sim.state_changed();
  auto totals = [&](std::array<double, 5>& t) {
    t = {};
    for (std::size_t c = 0; c < g.cells(); ++c) {
      for (int nu = 0; nu < 4; ++nu) t[nu] += sim.state().ptr(kTtt + nu)[c];
      t[4] += sim.state().ptr(kNt)[c];
    }
  };
  std::array<double, 5> before{}, after{};
  totals(before);
  const RunResult r = sim.advance(cfg.time.end);
  ASSERT_EQ(r.exit_status, 0) << r.message;
  totals(after);
  EXPECT_NEAR(after[4] / before[4], 1.0, 1e-12);
  EXPECT_NEAR(after[0] / before[0], 1.0, 1e-12);
  for (int i = 1; i < 4; ++i) EXPECT_NEAR((after[i] - before[i]) / before[0], 0.0, 1e-12);
  EXPECT_NEAR(sim.summary().total_N0 / (after[4] * g.cell_volume()), 1.0, 1e-12);
  EXPECT_LT(sim.summary().max_u_V, 1e-15);
  // The flow did diffuse: V is of the size kappa_B |grad alpha|.
  double max_V = 0;
  for (std::size_t c = 0; c < g.cells(); ++c) max_V = std::max(max_V, std::abs(sim.state().ptr(kVx)[c]));
  EXPECT_GT(max_V, 1e-3);
  // Thermodynamic consistency of the recovered (T, mu_B).
  sim.rhs().primitives(sim.state(), sim.time(), summary, sim.rhs().scratch_fields());
  const ChargeViews cv = sim.rhs().charge_views();
  const QgpGas gas(3.0);
  double worst = 0;
  for (std::size_t c = 0; c < g.cells(); ++c) {
    const double e = sim.rhs().primitive_views().e[c];
    const double T = gas.state(e, cv.nB[c]).T;
    worst = std::max(worst, std::abs(gas.energy_density(T, cv.muB[c]) / e - 1));
    worst = std::max(worst, std::abs(gas.baryon_density(T, cv.muB[c]) / cv.nB[c] - 1));
  }
  EXPECT_LT(worst, 1e-10);
  std::printf("nonlinear: N %.3e, T00 %.3e, max|uV| %.3e, max|V| %.3e, thermo %.3e\n", after[4] / before[4] - 1,
              after[0] / before[0] - 1, sim.summary().max_u_V, max_V, worst);
}

}  // namespace
}  // namespace ishydro
