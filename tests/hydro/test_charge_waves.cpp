// Linear baryon diffusion waves against their exact solutions (docs/equations.md, "Baryon charge and
// diffusion"; docs/validation_charge.md).
//
// The background is uniform: e0, n_B0, a uniform velocity u (V = 0), qgp gas, no viscosity. For the
// qgp gas p = e/3 at any n_B, so T^{mu nu} does not feel n_B: a perturbation of n_B alone leaves e and u
// exactly uniform and the charge's equations are linear in (delta n_B, V) at first order. Per Fourier
// mode exp(i k.x), lab frame, with alpha_n = (d alpha/d n_B)_e of the background (delta e = 0):
//   d_t(gamma dn + v.V) = -i (u.k) dn - i k.V                                  (d_mu N^mu = 0)
//   tau_V (gamma d_t + i u.k) V^i = -kappa_B alpha_n (i k_i dn + u^i D dn) - V^i,
//   D dn = gamma d_t dn + i (u.k) dn                                            (V equation)
// (V_nu Du^nu, theta, sigma vanish at first order). This 4x4 linear system M y' = L y is the exact
// solution; it is integrated here by RK4 with 2e4 steps (error ~1e-14 of the amplitude). At mu_B = 0
// and u = 0 it is the telegraph equation (a); with n_B0 != 0, u != 0 and an oblique k (b), it checks the
// three things the issue names: V^t in the recovery of n_B (N^t = gamma n_B + V^t), the u^i D alpha term
// of nabla^i alpha, and kappa_B at the background's mu_B (not its mu_B = 0 form).
//
// The solver's N^t is projected on the mode (its discrete Fourier coefficient, exact for a resolved
// mode); the amplitude relative to the initial one must agree within 1e-4 at cfl 0.2. The amplitude is
// 1e-4 n_B0 (moving case): the next nonlinear correction to the fundamental is (1e-4)^2 relative.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <complex>
#include <numbers>

#include "eos/qgp.hpp"
#include "problems/registry.hpp"
#include "support/run_helpers.hpp"
#include "transport/diffusion.hpp"

namespace ishydro {
namespace {

using cplx = std::complex<double>;

struct WaveSetup {
  double e0 = 16.0, nB0 = 0.0, amplitude = 1e-4;
  std::array<double, 3> u{};       // background u^i
  std::array<int, 3> mode{1, 0, 0};  // k = 2 pi mode / L
  std::array<int, 3> points{16, 1, 1};
  double L = 4.0, end = 1.5, cfl = 0.2, C_B = 0.4, nf = 3.0;
  std::optional<double> dt;
};

std::array<double, 3> wave_vector(const WaveSetup& w) {
  return {2 * std::numbers::pi * w.mode[0] / w.L, 2 * std::numbers::pi * w.mode[1] / w.L,
          2 * std::numbers::pi * w.mode[2] / w.L};
}

// Solves the 4x4 complex system A x = b by Gaussian elimination with partial pivoting.
void solve(std::array<std::array<cplx, 4>, 4> A, std::array<cplx, 4>& b) {
  for (int c = 0; c < 4; ++c) {
    int p = c;
    for (int r = c + 1; r < 4; ++r)
      if (std::abs(A[r][c]) > std::abs(A[p][c])) p = r;
    std::swap(A[c], A[p]);
    std::swap(b[c], b[p]);
    for (int r = c + 1; r < 4; ++r) {
      const cplx f = A[r][c] / A[c][c];
      for (int k = c; k < 4; ++k) A[r][k] -= f * A[c][k];
      b[r] -= f * b[c];
    }
  }
  for (int r = 3; r >= 0; --r) {
    for (int k = r + 1; k < 4; ++k) b[r] -= A[r][k] * b[k];
    b[r] /= A[r][r];
  }
}

// The exact mode amplitude of delta N^t = gamma dn + v.V at time t (dn(0) = amplitude, V(0) = 0).
cplx reference_Nt(const WaveSetup& w, double t) {
  const QgpGas gas(w.nf);
  const ChargedState st = gas.state(w.e0, w.nB0);
  const DiffusionCoefficients dc = diffusion_coefficients(st, w.e0, w.nB0, w.C_B);
  const double kappa = dc.kappa_B, tau_V = dc.tau_V, an = st.dalpha_dn;
  const std::array<double, 3> k = wave_vector(w);
  const double* u = w.u.data();
  const double g = std::sqrt(1 + u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
  const double uk = u[0] * k[0] + u[1] * k[1] + u[2] * k[2];
  const cplx I(0, 1);
  // M y' = L y, y = (dn, V^x, V^y, V^z).
  std::array<std::array<cplx, 4>, 4> M{}, L{};
  M[0][0] = g;
  L[0][0] = -I * uk;
  for (int i = 0; i < 3; ++i) {
    M[0][1 + i] = u[i] / g;
    L[0][1 + i] = -I * k[i];
    M[1 + i][0] = kappa * an * u[i] * g;
    M[1 + i][1 + i] = tau_V * g;
    L[1 + i][0] = -I * kappa * an * (k[i] + u[i] * uk);
    L[1 + i][1 + i] = -1.0 - I * tau_V * uk;
  }
  auto f = [&](const std::array<cplx, 4>& y) {
    std::array<cplx, 4> b{};
    for (int r = 0; r < 4; ++r)
      for (int c = 0; c < 4; ++c) b[r] += L[r][c] * y[c];
    solve(M, b);
    return b;
  };
  std::array<cplx, 4> y{cplx(w.amplitude), 0, 0, 0};
  const int n = 20000;
  const double h = t / n;
  auto axpy = [](std::array<cplx, 4> a, double s, const std::array<cplx, 4>& b) {
    for (int i = 0; i < 4; ++i) a[i] += s * b[i];
    return a;
  };
  for (int s = 0; s < n; ++s) {
    const auto k1 = f(y), k2 = f(axpy(y, h / 2, k1)), k3 = f(axpy(y, h / 2, k2)), k4 = f(axpy(y, h, k3));
    for (int i = 0; i < 4; ++i) y[i] += h / 6 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
  }
  return g * y[0] + (u[0] * y[1] + u[1] * y[2] + u[2] * y[3]) / g;
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
  cfg.eos.dof = 16.0 + 10.5 * w.nf;  // the qgp gas at mu_B = 0
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
  ChargeSettings charge;
  charge.charged = true;
  charge.nf = w.nf;
  charge.C_B = w.C_B;
  Simulation sim(wave_config(w), opts, charge);
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
  for (std::size_t c = 0; c < grid.cells(); ++c) mode += sim.state().ptr(kNt)[c] * std::exp(cplx(0, -phase(c)));
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
