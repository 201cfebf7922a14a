// Charged flows beyond the linear waves (docs/validation_charge.md):
// (c) Bjorken flow with a baryon charge. Boost invariance: u = (1, 0, 0, 0), V = 0 (no gradients), and
//     d_mu N^mu = 0 gives n_B tau = const exactly (the solver's N^tau obeys d_tau N^tau = -N^tau/tau,
//     which ETDRK4 integrates with its RK4 weights: error ~(dt/tau)^4 per e-fold, ~1e-12 at cfl 0.005).
//     e and phi = -tau^2 pi^{eta eta} follow the ODEs of eq. 63 with eta = (eta/s) s and tau_pi =
//     5 eta/(e + p) at the charged T and s of (e, n_B(tau)) (eq. 94, tests/support/charge_reference.hpp,
//     its own coefficients, not Transport's); T, mu_B and pi must match it within 1e-6 (as the
//     uncharged Bjorken test: reference ~1e-13, ETDRK4 at cfl 0.005 below 1e-9).
// (e) A diffusion mode along eta_s on ideal Bjorken flow (eq. 98; Milne with the eta_s axis resolved):
//     the solver's cos(k eta_s) projection of n_B and sin(k eta_s) projection of V^eta against the RK4
//     integration of the linearized equations (reference error ~1e-12). What a Milne run adds to the
//     Cartesian charge: the orthonormal derivative (1/tau) d_eta in div N and grad alpha, the source
//     -N^tau/tau, and theta, sigma^{eta eta} from the connection in delta_VV and lambda_VV. The run's own
//     errors: the nonlinear terms ~ epsilon = 1e-6 of the amplitude, ETDRK4 at cfl 0.1 below 1e-7:
//     1e-5 of the amplitude is allowed (a missing 1/tau in grad alpha or a missing source is O(1)).
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
#include "support/charge_reference.hpp"
#include "support/run_helpers.hpp"

namespace ishydro {
namespace {

// The qgp gas (nf = 3, C_B = 0.4) and a charge; the state's N^t is set by the test.
void make_charged(RunConfig& cfg) {
  cfg.eos.kind = EosKind::qgp;
  cfg.eos.nf = 3.0;
  cfg.transport.kappa_coeff = 0.4;
  cfg.initial.charged = true;
}

// Shear viscosity eta/s (0: ideal), no bulk, and the dnmr set with every term (delta_VV, lambda_VV).
void make_dnmr(RunConfig& cfg, double eta_over_s) {
  cfg.transport.eta_over_s = eta_over_s;
  cfg.transport.zeta_over_s = 0.0;
  cfg.transport.second_order = "dnmr";
  cfg.transport.terms = second_order_set("dnmr");
}

// Charged Bjorken flow in Milne coordinates (T0 at tau0, to tau1) on `points` cells, L_eta long in eta_s.
RunConfig charged_bjorken_config(std::array<int, 3> points, double L_eta, double tau0, double tau1, double T0,
                                 double cfl, double eta_over_s) {
  RunConfig cfg = testing::base_config(points, {1.0, 1.0, L_eta}, tau1);
  cfg.grid.coordinates = Coordinates::milne;
  cfg.time.start = tau0;
  cfg.time.cfl = cfl;
  cfg.initial = make_initial("bjorken", {{"T0", T0}});
  make_charged(cfg);
  make_dnmr(cfg, eta_over_s);
  return cfg;
}

// In-process, no outputs, one thread.
RunOptions quiet_options() {
  RunOptions opts;
  opts.write_outputs = false;
  opts.threads = 1;
  return opts;
}

TEST(ChargeFlows, BjorkenKeepsNTauAndMatchesTheReference) {
  const double tau0 = 0.6, T0 = 0.4, n0 = 3.0;  // n0: mu_B/T ~ 1 at tau0
  const RunConfig cfg = charged_bjorken_config({1, 1, 1}, 1.0, tau0, 10 * tau0, T0, 0.005, 0.2);
  Simulation sim(cfg, quiet_options());
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
  const testing::ChargedBjorken ref =
      testing::charged_bjorken(cfg.transport, gas, {e0, 0.0, 0.0}, n0, tau0, tau);
  const ChargedState want = gas.state(ref.e, n0 * tau0 / tau);
  const ChargedState got = gas.state(sim.rhs().primitive_views().e[0], cv.nB[0]);
  EXPECT_NEAR(got.T / want.T, 1.0, 1e-6);
  EXPECT_NEAR(cv.muB[0] / want.muB, 1.0, 1e-6);
  EXPECT_NEAR(-scratch[5][0] / ref.phi, 1.0, 1e-6);
  std::printf("Bjorken: n tau %.3e, T %.3e, muB %.3e, phi %.3e (relative errors)\n",
              cv.nB[0] * tau / (n0 * tau0) - 1, got.T / want.T - 1, cv.muB[0] / want.muB - 1,
              -scratch[5][0] / ref.phi - 1);
}

TEST(ChargeFlows, DiffusionModeAlongEtaOnBjorkenMatchesItsOde) {
  const double tau0 = 0.6, tau1 = 2.4, T0 = 0.4, n0 = 3.0, eps = 1e-6, L = 2.0;
  const int N = 16;
  const double k = 2 * std::numbers::pi / L;
  const RunConfig cfg = charged_bjorken_config({1, 1, N}, L, tau0, tau1, T0, 0.1, 0.0);
  ASSERT_TRUE(cfg.transport.terms.delta_VV && cfg.transport.terms.lambda_VV);
  Simulation sim(cfg, quiet_options());
  const Grid& g = sim.grid();
  for (int c = 0; c < N; ++c) sim.state().ptr(kNt)[c] = n0 * (1 + eps * std::cos(k * g.position(2, c)));
  sim.state_changed();
  const double e0 = sim.state().ptr(kTtt)[0];
  const RunResult r = sim.advance(cfg.time.end);
  ASSERT_EQ(r.exit_status, 0) << r.message;
  ASSERT_NEAR(sim.time(), tau1, 1e-12);
  StateSummary summary;
  sim.rhs().primitives(sim.state(), tau1, summary, sim.rhs().scratch_fields());
  const ChargeViews cv = sim.rhs().charge_views();
  double A = 0, B = 0;
  for (int c = 0; c < N; ++c) {
    A += 2.0 / N * cv.nB[c] * std::cos(k * g.position(2, c));
    B += 2.0 / N * sim.state().ptr(kVz)[c] * std::sin(k * g.position(2, c));
  }
  const QgpGas gas(3.0);
  const testing::EtaMode want =
      testing::bjorken_eta_mode(gas, 0.4, true, true, e0, n0, k, tau0, tau1, {eps * n0, 0.0});
  const double amplitude = eps * n0;
  std::printf("eta mode at tau = %.2f: A %.6e (want %.6e), B %.6e (want %.6e); errors %.2e, %.2e of eps n0\n",
              tau1, A, want.A, B, want.B, (A - want.A) / amplitude, (B - want.B) / amplitude);
  EXPECT_NEAR(A, want.A, 1e-5 * amplitude);
  EXPECT_NEAR(B, want.B, 1e-5 * amplitude);
  EXPECT_GT(std::abs(want.B), 0.01 * amplitude);     // the mode did diffuse
  EXPECT_LT(want.A, 0.5 * amplitude * tau0 / tau1);  // faster than the dilution tau0/tau alone
}

TEST(ChargeFlows, NonlinearRunConservesChargeAndEnergyMomentum) {
  RunConfig cfg = testing::base_config({32, 32, 1}, {8.0, 8.0, 1.0}, 2.0);
  cfg.initial = make_initial("sound_wave");
  cfg.initial.values["e0"] = 16.0;
  cfg.initial.values["amplitude"] = 0.3;
  cfg.initial.values["mode"] = std::vector<long long>{1, 1, 0};
  make_charged(cfg);
  make_dnmr(cfg, 0.1);
  ASSERT_TRUE(cfg.transport.terms.delta_VV && cfg.transport.terms.lambda_VV);
  Simulation sim(cfg, quiet_options());
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
  std::printf("nonlinear: N %.3e, T00 %.3e, max|uV| %.3e, max|V| %.3e, thermo %.3e\n",
              after[4] / before[4] - 1, after[0] / before[0] - 1, sim.summary().max_u_V, max_V, worst);
}

}  // namespace
}  // namespace ishydro
