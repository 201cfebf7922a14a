// Linear baryon diffusion waves against their exact solutions (docs/equations.md, "Baryon charge and
// diffusion"; docs/validation_charge.md).
//
// The background is uniform: e0, n_B0, a uniform velocity u (V = 0), qgp gas, no viscosity. For the
// qgp gas p = e/3 at any n_B, so T^{mu nu} does not feel n_B: a perturbation of n_B alone leaves e and u
// exactly uniform and the charge's equations are linear in (delta n_B, V) at first order. The exact
// solution of one Fourier mode is the lab-frame linear system of eqs. 96-97
// (tests/support/charge_reference.hpp). At mu_B = 0 and u = 0 it is the telegraph equation (a); with
// n_B0 != 0, u != 0 and an oblique k (b), it checks the three things the issue names: V^t in the
// recovery of n_B (N^t = gamma n_B + V^t), the u^i D alpha term of nabla^i alpha, and kappa_B at the
// background's mu_B (not its mu_B = 0 form).
//
// The solver's N^t is projected on the mode (its discrete Fourier coefficient, exact for a resolved
// mode); the amplitude relative to the initial one must agree within 1e-4 at cfl 0.2 (the time error of
// ETDRK4 at cfl 0.2 is ~1e-7 here, measured). The amplitude is 1e-4 n_B0 in the moving case: the
// nonlinear error is below 0.09 A/n_B0 ~ 1e-5 even pointwise (docs/validation_charge.md), and the
// projection on the fundamental removes the 2k harmonic and the mean shift it is mostly made of.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <complex>
#include <numbers>

#include "eos/qgp.hpp"
#include "problems/registry.hpp"
#include "support/charge_reference.hpp"
#include "support/run_helpers.hpp"

namespace ishydro {
namespace {

using cplx = std::complex<double>;

struct WaveSetup {
  double e0 = 16.0, nB0 = 0.0, amplitude = 1e-4;
  std::array<double, 3> u{};         // background u^i
  std::array<int, 3> mode{1, 0, 0};  // k = 2 pi mode / L
  std::array<int, 3> points{16, 1, 1};
  double L = 4.0, end = 1.5, cfl = 0.2, C_B = 0.4, nf = 3.0;
  std::optional<double> dt;
};

std::array<double, 3> wave_vector(const WaveSetup& w) {
  return {2 * std::numbers::pi * w.mode[0] / w.L, 2 * std::numbers::pi * w.mode[1] / w.L,
          2 * std::numbers::pi * w.mode[2] / w.L};
}

// The exact mode amplitude of delta N^t = gamma dn + v.V at time t (dn(0) = amplitude, V(0) = 0):
// tests/support/charge_reference.hpp (eqs. 96-97, the lab-frame system solved by a matrix exponential).
cplx reference_Nt(const WaveSetup& w, double t) {
  const QgpGas gas(w.nf);
  const double* u = w.u.data();
  const double g = std::sqrt(1 + u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
  const testing::DiffusionBackground b =
      testing::diffusion_background(gas, w.e0, w.nB0, w.C_B, {u[0] / g, u[1] / g, u[2] / g});
  const testing::DiffusionModeAmplitudes m = testing::diffusion_mode(b, wave_vector(w), t);
  return w.amplitude * (g * m.dn + (u[0] * m.V[0] + u[1] * m.V[1] + u[2] * m.V[2]) / g);
}

RunConfig wave_config(const WaveSetup& w) {
  std::array<double, 3> size{w.L, w.L, w.L};
  for (int a = 0; a < 3; ++a)
    if (w.points[a] == 1) size[a] = 1.0;
  RunConfig cfg = testing::base_config(w.points, size, w.end);
  cfg.initial = make_initial("uniform");
  cfg.initial.values["e0"] = w.e0;
  cfg.initial.values["ux"] = w.u[0];
  cfg.initial.values["uy"] = w.u[1];
  cfg.initial.values["uz"] = w.u[2];
  cfg.initial.values["nB0"] = w.nB0;
  cfg.initial.charged = true;  // (with nB0 = 0 too: the telegraph mode's background)
  cfg.eos.kind = EosKind::qgp;
  cfg.eos.nf = w.nf;
  cfg.transport.kappa_coeff = w.C_B;
  cfg.transport.eta_over_s = 0.0;
  cfg.transport.zeta_over_s = 0.0;
  cfg.time.cfl = w.cfl;
  cfg.time.dt = w.dt;
  return cfg;
}

// Runs the wave and returns the mode amplitude of delta N^t at the end (complex, relative phase).
cplx run_Nt_mode(const WaveSetup& w, double* end_time = nullptr) {
  RunOptions opts;
  opts.write_outputs = false;
  opts.threads = 1;
  Simulation sim(wave_config(w), opts);
  const Grid& grid = sim.grid();
  const std::array<double, 3> k = wave_vector(w);
  const double* u = w.u.data();
  const double g = std::sqrt(1 + u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
  StateView& s = sim.state();
  auto phase = [&](std::size_t c) {
    const int iz = static_cast<int>(c % grid.n[2]), iy = static_cast<int>((c / grid.n[2]) % grid.n[1]),
              ix = static_cast<int>(c / (static_cast<std::size_t>(grid.n[2]) * grid.n[1]));
    return k[0] * grid.position(0, ix) + k[1] * grid.position(1, iy) + k[2] * grid.position(2, iz);
  };
  for (std::size_t c = 0; c < grid.cells(); ++c) {
    s.ptr(kNt)[c] = g * (w.nB0 + w.amplitude * std::cos(phase(c)));  // V = 0: N^t = gamma n_B
    for (int i = 0; i < 3; ++i) s.ptr(kVx + i)[c] = 0.0;
  }
  sim.state_changed();
  const RunResult r = sim.advance(w.end);
  EXPECT_EQ(r.exit_status, 0) << r.message;
  if (end_time) *end_time = sim.time();
  cplx mode = 0;
  for (std::size_t c = 0; c < grid.cells(); ++c)
    mode += sim.state().ptr(kNt)[c] * std::exp(cplx(0, -phase(c)));
  return 2.0 * mode / static_cast<double>(grid.cells());
}

double relative_error(const WaveSetup& w) {
  double t = 0;
  const cplx got = run_Nt_mode(w, &t);
  const cplx want = reference_Nt(w, t);
  return std::abs(got - want) / std::abs(want);
}

// (a) The telegraph mode at mu_B = 0 at rest.
TEST(ChargeWaves, TelegraphModeAtZeroMuB) {
  WaveSetup w;
  w.amplitude = 1e-3;
  const double err = relative_error(w);
  EXPECT_LT(err, 1e-4);
  std::printf("telegraph mode: relative error %.3e\n", err);
}

// (b) The diffusion wave on a charged background (mu_B/T ~ 1) moving obliquely to k: measured error
// 1.6e-7. Each of the mistakes below was made once in the solver; this test then failed with the error
// shown (the telegraph test (a), at rest and mu_B = 0, passes with the first two and fails only where
// kappa_B's mu_B = 0 form itself is wrong):
//   - n_B = N^t / gamma (no V^t in the recovery):           relative error 3.0e-2
//   - nabla^i alpha without its u^i D alpha term:           relative error 2.0e-2
//   - kappa_B in its mu_B = 0 form tau_V T chi_B / 3:        relative error 1.0e-1
TEST(ChargeWaves, MovingChargedDiffusionWave) {
  WaveSetup w;
  w.nB0 = 1.0;
  w.u = {0.6, -0.3, 0.0};
  w.mode = {1, 1, 0};
  w.points = {16, 16, 1};
  const double err = relative_error(w);
  EXPECT_LT(err, 1e-4);
  std::printf("moving charged wave: relative error %.3e\n", err);
}

// Fourth order in dt: the error at a fixed dt and at dt/2, ratio 2^4 = 16 within 25% (the errors are
// well above the round-off floor, ~1e-12, at these steps).
TEST(ChargeWaves, FourthOrderInTime) {
  WaveSetup w;
  w.nB0 = 1.0;
  w.u = {0.6, -0.3, 0.0};
  w.mode = {2, 1, 0};
  w.points = {16, 16, 1};
  w.end = 1.2;
  w.dt = 0.1;
  const double coarse = relative_error(w);
  w.dt = 0.05;
  const double fine = relative_error(w);
  std::printf("dt 0.1: %.3e, dt 0.05: %.3e, ratio %.2f\n", coarse, fine, coarse / fine);
  EXPECT_GT(coarse, 1e-10);
  EXPECT_NEAR(coarse / fine, 16.0, 4.0);
}

}  // namespace
}  // namespace ishydro
