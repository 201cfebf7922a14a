#pragma once
// Exact references for the baryon-charge tests (docs/equations.md, eqs. 94-97), independent of
// src/hydro: they use only the EOS (eos/qgp.hpp), the diffusion coefficients (transport/diffusion.hpp)
// and the transport parametrization (transport/parametrization.hpp).
//   (a) the telegraph mode on a neutral background at rest (eq. 95), in closed form;
//   (b) the charged diffusion wave on a uniformly moving, charged background (eqs. 96-97): the lab-frame
//       linear system E y' = F y for y = (delta nB, V^x, V^y, V^z) of one Fourier mode, solved exactly
//       by a matrix exponential (tests/support/linear_modes.hpp);
//   (c) Bjorken flow with charge (eq. 94): nB tau = const and the ODEs of eq. 63 for (e, phi, Pi) with
//       the coefficients at (T, muB) of (e, nB(tau)), integrated by RK4 in ln tau;
//   (d) a diffusion mode along eta_s on ideal Bjorken flow (eq. 98), integrated by RK4 in ln tau.
#include <array>
#include <cmath>
#include <complex>
#include <optional>
#include <stdexcept>

#include "config/config.hpp"
#include "eos/qgp.hpp"
#include "support/linear_modes.hpp"
#include "transport/diffusion.hpp"
#include "transport/parametrization.hpp"

namespace ishydro::testing {

using Vec3 = std::array<double, 3>;
inline double dot3(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

// ---------------------------------------------------------------------------------------------------
// (a) The telegraph mode (eq. 95): tau_V dn'' + dn' + D_B k^2 dn = 0 with dn(0) = 1, V_par(0) = 0
// (so dn'(0) = 0), and V_par = i dn' / k (from d_t dn = -i k V_par). Closed form with the complex
// Omega = sqrt(1 - 4 tau_V D_B k^2) / (2 tau_V) (cosh and sinh of a complex argument cover the
// over- and the under-damped case).
struct TelegraphMode {
  std::complex<double> dn, V_par;
};
inline TelegraphMode telegraph_mode(double tau_V, double D_B, double k, double t) {
  using C = std::complex<double>;
  const C root = std::sqrt(C(1.0 - 4.0 * tau_V * D_B * k * k, 0.0));
  const double decay = std::exp(-t / (2.0 * tau_V));
  if (root == 0.0) {  // critical damping: the limit Omega -> 0 (sinh(Om t)/Om is fine for any Om != 0)
    const double dn = decay * (1.0 + t / (2.0 * tau_V));
    const double ddn = -decay * t / (4.0 * tau_V * tau_V);
    return {dn, C(0.0, 1.0) * ddn / k};
  }
  const C Om = root / (2.0 * tau_V);
  const C ch = std::cosh(Om * t), sh = std::sinh(Om * t);
  const C dn = decay * (ch + sh / (2.0 * tau_V * Om));
  // d/dt of decay (ch + sh/(2 tau Om)) = decay [Om sh + ch/(2 tau) - ch/(2 tau) - sh/(4 tau^2 Om)]
  const C ddn = decay * sh * (Om - 1.0 / (4.0 * tau_V * tau_V * Om));
  return {dn, C(0.0, 1.0) * ddn / k};
}

// ---------------------------------------------------------------------------------------------------
// (b) The charged diffusion wave. The background in its rest frame (e0, nB0) and its lab velocity v;
// tau_V, D_B = kappa_B (d alpha/d nB)_e and c_V^2 = D_B / tau_V at the background (eqs. 91-92).
struct DiffusionBackground {
  double e0 = 0, nB0 = 0;
  Vec3 v{};
  double tau_V = 0, kappa_B = 0, D_B = 0;
  double gamma() const { return 1.0 / std::sqrt(1.0 - dot3(v, v)); }
  double front2() const { return D_B / tau_V; }
};
inline DiffusionBackground diffusion_background(const QgpGas& gas, double e0, double nB0, double C_B,
                                                Vec3 v) {
  const ChargedState st = gas.state(e0, nB0);
  const DiffusionCoefficients c = diffusion_coefficients(st, e0, nB0, C_B);
  DiffusionBackground b;
  b.e0 = e0;
  b.nB0 = nB0;
  b.v = v;
  b.tau_V = c.tau_V;
  b.kappa_B = c.kappa_B;
  b.D_B = c.kappa_B * st.dalpha_dn;
  return b;
}

// E and F of eq. 96 for wave vector k (lab frame), y = (delta nB, V^x, V^y, V^z).
inline void diffusion_mode_system(const DiffusionBackground& b, const Vec3& k, CMatrix& E, CMatrix& F) {
  const cd i(0.0, 1.0);
  const double g = b.gamma(), kv = dot3(k, b.v);
  E.assign(4, std::vector<cd>(4, 0.0));
  F.assign(4, std::vector<cd>(4, 0.0));
  E[0][0] = g;
  F[0][0] = -i * g * kv;
  for (int a = 0; a < 3; ++a) {
    E[0][1 + a] = b.v[a];
    F[0][1 + a] = -i * k[a];
    E[1 + a][0] = g * g * b.D_B * b.v[a];
    F[1 + a][0] = -i * b.D_B * (k[a] + g * g * kv * b.v[a]);
    E[1 + a][1 + a] = g * b.tau_V;
    F[1 + a][1 + a] = -(1.0 + i * g * b.tau_V * kv);
  }
}

// E^{-1} F by Gauss-Jordan elimination with partial pivoting (E is regular where c_V |v| < 1).
inline CMatrix solve_left(CMatrix E, CMatrix F) {
  const std::size_t n = E.size();
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t piv = c;
    for (std::size_t r = c + 1; r < n; ++r)
      if (std::abs(E[r][c]) > std::abs(E[piv][c])) piv = r;
    std::swap(E[c], E[piv]);
    std::swap(F[c], F[piv]);
    if (std::abs(E[c][c]) == 0) throw std::runtime_error("charge_reference: singular E (acausal background)");
    for (std::size_t r = 0; r < n; ++r) {
      if (r == c) continue;
      const cd f = E[r][c] / E[c][c];
      for (std::size_t j = 0; j < n; ++j) {
        E[r][j] -= f * E[c][j];
        F[r][j] -= f * F[c][j];
      }
    }
  }
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t j = 0; j < n; ++j) F[r][j] /= E[r][r];
  return F;
}

inline CMatrix diffusion_mode_matrix(const DiffusionBackground& b, const Vec3& k) {
  CMatrix E, F;
  diffusion_mode_system(b, k, E, F);
  return solve_left(E, F);
}

// The complex amplitudes at lab time t of the mode exp(i k.x) that starts as delta nB = 1, V = 0.
struct DiffusionModeAmplitudes {
  cd dn;
  std::array<cd, 3> V;
};
inline DiffusionModeAmplitudes diffusion_mode(const DiffusionBackground& b, const Vec3& k, double t) {
  const CMatrix X = expm(diffusion_mode_matrix(b, k), t);
  return {X[0][0], {X[1][0], X[2][0], X[3][0]}};
}

// The fields of the initial data nB = nB0 + A cos(k.x), V = 0, e = e0, u = gamma v at (x, t) (eq. 97).
struct DiffusionWaveFields {
  double nB;
  Vec3 V;
};
inline DiffusionWaveFields diffusion_wave(const DiffusionBackground& b, const Vec3& k, double A,
                                          const Vec3& x, double t) {
  const DiffusionModeAmplitudes m = diffusion_mode(b, k, t);
  const cd phase = std::exp(cd(0.0, dot3(k, x)));
  return {b.nB0 + A * std::real(m.dn * phase),
          {A * std::real(m.V[0] * phase), A * std::real(m.V[1] * phase), A * std::real(m.V[2] * phase)}};
}

// ---------------------------------------------------------------------------------------------------
// (c) Bjorken flow with charge (eq. 94). The coefficients of eqs. 23-27 at (T, muB) of (e, nB), with
// s = (e + p - muB nB)/T (eq. 81): eta = (eta/s) s hbar c (or a constant eta), tau_pi = tau_pi_coeff
// eta/(e + p) (or a constant), likewise zeta and tau_Pi (constant form only; the qgp gas has
// cs2 = 1/3), the second-order terms of the dnmr row switched by cfg.terms. Shear (bulk) is active as
// transport/transport.cpp decides: some viscosity or an absolute relaxation time.
struct ChargedBjorken {
  double e, phi, Pi;
};
struct BjorkenCoefficients {
  double eta = 0, zeta = 0, tau_pi = 0, tau_Pi = 0, delta_pipi = 0, tau_pipi = 0, phi7 = 0, lambda_piPi = 0,
         delta_PiPi = 0, lambda_Pipi = 0;
  bool shear = false, bulk = false;
};
inline BjorkenCoefficients charged_coefficients(const TransportConfig& cfg, const QgpGas& gas, double e,
                                                double nB) {
  constexpr double kHbarC = QgpGas::kHbarC;
  const ChargedState st = gas.state(e, nB);
  const double w = e + st.p, s = (w - st.muB * nB) / st.T;
  BjorkenCoefficients c;
  auto value = [&](const std::optional<double>& over_s, const std::optional<double>& absolute,
                   const std::optional<OverSConfig>& table) {
    if (table) return OverS(*table).at(st.T) * s * kHbarC;
    if (over_s) return *over_s * s * kHbarC;
    return absolute.value_or(0.0);
  };
  c.eta = value(cfg.eta_over_s, cfg.eta, cfg.eta_over_s_T);
  c.zeta = value(cfg.zeta_over_s, cfg.zeta, cfg.zeta_over_s_T);
  c.shear = c.eta != 0 || cfg.eta_over_s_T || cfg.tau_pi;
  c.bulk = c.zeta != 0 || cfg.zeta_over_s_T || cfg.tau_Pi;
  c.tau_pi = cfg.tau_pi ? *cfg.tau_pi : cfg.tau_pi_coeff.value_or(5.0) * c.eta / w;
  c.tau_Pi = cfg.tau_Pi ? *cfg.tau_Pi : cfg.tau_Pi_coeff.value_or(5.0) * c.zeta / w;
  const SecondOrderTerms& t = cfg.terms;
  if (t.delta_pipi) c.delta_pipi = 4.0 / 3.0 * c.tau_pi;
  if (t.tau_pipi) c.tau_pipi = 10.0 / 7.0 * c.tau_pi;
  if (t.phi7) c.phi7 = 9.0 / 70.0 / st.p;
  if (t.lambda_piPi) c.lambda_piPi = 6.0 / 5.0 * c.tau_pi;
  if (t.delta_PiPi) c.delta_PiPi = 2.0 / 3.0 * c.tau_Pi;
  // lambda_Pipi = (8/5)(1/3 - cs2) tau_Pi = 0 for cs2 = 1/3.
  return c;
}

// d(e, phi, Pi)/dtau of eq. 63 with nB = nB0 tau0 / tau.
inline ChargedBjorken charged_bjorken_rate(const TransportConfig& cfg, const QgpGas& gas, double tau,
                                           const ChargedBjorken& y, double nB) {
  const BjorkenCoefficients c = charged_coefficients(cfg, gas, y.e, nB);
  const double p = y.e / 3.0;
  ChargedBjorken d{-(y.e + p + y.Pi - y.phi) / tau, 0.0, 0.0};
  if (c.shear && c.tau_pi > 0)
    d.phi = (-y.phi + 4.0 * c.eta / (3.0 * tau) - (c.delta_pipi + c.tau_pipi / 3.0) * y.phi / tau +
             c.phi7 * y.phi * y.phi / 2.0 + 2.0 / 3.0 * c.lambda_piPi * y.Pi / tau) /
            c.tau_pi;
  if (c.bulk && c.tau_Pi > 0)
    d.Pi = (-y.Pi - c.zeta / tau - c.delta_PiPi * y.Pi / tau + c.lambda_Pipi * y.phi / tau) / c.tau_Pi;
  return d;
}

// (e, phi, Pi) at tau1 from y0 at tau0, RK4 in s = ln tau with `steps` steps (global error O(ds^4):
// 2e4 steps over ln(tau1/tau0) = ln 10 gives ~1e-13, measured by halving in the tests).
inline ChargedBjorken charged_bjorken(const TransportConfig& cfg, const QgpGas& gas, ChargedBjorken y,
                                      double nB0, double tau0, double tau1, int steps = 20000) {
  const double ds = std::log(tau1 / tau0) / steps;
  auto f = [&](double s, const ChargedBjorken& z) {
    const double tau = std::exp(s);
    const ChargedBjorken d = charged_bjorken_rate(cfg, gas, tau, z, nB0 * tau0 / tau);
    return ChargedBjorken{tau * d.e, tau * d.phi, tau * d.Pi};
  };
  auto axpy = [](const ChargedBjorken& z, double a, const ChargedBjorken& k) {
    return ChargedBjorken{z.e + a * k.e, z.phi + a * k.phi, z.Pi + a * k.Pi};
  };
  const double s0 = std::log(tau0);
  for (int i = 0; i < steps; ++i) {
    const double s = s0 + i * ds;
    const ChargedBjorken k1 = f(s, y), k2 = f(s + ds / 2, axpy(y, ds / 2, k1)),
                         k3 = f(s + ds / 2, axpy(y, ds / 2, k2)), k4 = f(s + ds, axpy(y, ds, k3));
    y.e += ds / 6 * (k1.e + 2 * k2.e + 2 * k3.e + k4.e);
    y.phi += ds / 6 * (k1.phi + 2 * k2.phi + 2 * k3.phi + k4.phi);
    y.Pi += ds / 6 * (k1.Pi + 2 * k2.Pi + 2 * k3.Pi + k4.Pi);
  }
  return y;
}

// ---------------------------------------------------------------------------------------------------
// (d) A diffusion mode along eta_s on ideal Bjorken flow (eq. 98): delta nB = A cos(k eta_s),
// V^eta (orthonormal) = B sin(k eta_s), on e = e0 (tau0/tau)^(4/3), nB = n0 tau0/tau. delta_VV and
// lambda_VV are the DNMR values (tau_V, 3 tau_V/5) where switched on.
struct EtaMode {
  double A, B;
};
inline EtaMode bjorken_eta_mode(const QgpGas& gas, double C_B, bool delta_VV, bool lambda_VV, double e0,
                                double n0, double k, double tau0, double tau1, EtaMode y, int steps = 20000) {
  auto rate = [&](double tau, const EtaMode& z) {  // d(A, B)/d(ln tau) = tau d(A, B)/d tau
    const double e = e0 * std::pow(tau0 / tau, 4.0 / 3.0), nB = n0 * tau0 / tau;
    const ChargedState st = gas.state(e, nB);
    const DiffusionCoefficients c = diffusion_coefficients(st, e, nB, C_B);
    const double theta = 1.0 / tau, sigma_eta = 2.0 / (3.0 * tau);
    const double dVV = delta_VV ? c.tau_V : 0.0, lVV = lambda_VV ? 0.6 * c.tau_V : 0.0;
    const double dA = -z.A / tau - k / tau * z.B;
    const double dB =
        (-z.B + c.kappa_B * k / tau * st.dalpha_dn * z.A - dVV * theta * z.B - lVV * sigma_eta * z.B) /
        c.tau_V;
    return EtaMode{tau * dA, tau * dB};
  };
  const double ds = std::log(tau1 / tau0) / steps, s0 = std::log(tau0);
  auto axpy = [](const EtaMode& z, double a, const EtaMode& d) {
    return EtaMode{z.A + a * d.A, z.B + a * d.B};
  };
  for (int i = 0; i < steps; ++i) {
    const double s = s0 + i * ds;
    const EtaMode k1 = rate(std::exp(s), y), k2 = rate(std::exp(s + ds / 2), axpy(y, ds / 2, k1)),
                  k3 = rate(std::exp(s + ds / 2), axpy(y, ds / 2, k2)),
                  k4 = rate(std::exp(s + ds), axpy(y, ds, k3));
    y.A += ds / 6 * (k1.A + 2 * k2.A + 2 * k3.A + k4.A);
    y.B += ds / 6 * (k1.B + 2 * k2.B + 2 * k3.B + k4.B);
  }
  return y;
}

}  // namespace ishydro::testing
