// The exact references of the baryon-charge tests (tests/support/charge_reference.hpp, docs/equations.md
// eqs. 94-97) checked on their own, before any solver is compared with them:
// - the telegraph closed form solves its ODE, and the lab-frame mode reduces to it at v = 0;
// - the moving, charged mode solves the covariant equations (eqs. 85, 87), evaluated with explicit
//   four-vectors (u^mu, Delta^{mu nu}) and high-order differences in t and x, not with E and F;
// - its rates are the rest-frame telegraph and relaxation rates, boosted (eq. 97);
// - the charged Bjorken integrator: converged, exact in the ideal case, and at nB = 0 the uncharged
//   reference built on the code's Transport (as tests/problems/test_bjorken.cpp's).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <iostream>

#include "eos/eos.hpp"
#include "support/charge_reference.hpp"
#include "transport/transport.hpp"

namespace ishydro::testing {
namespace {

// Eighth-order central difference (the same stencil as tests/eos/test_qgp.cpp).
double derivative(const std::function<double(double)>& f, double x, double h) {
  static constexpr double c[4] = {4.0 / 5.0, -1.0 / 5.0, 4.0 / 105.0, -1.0 / 280.0};
  double d = 0;
  for (int k = 1; k <= 4; ++k) d += c[k - 1] * (f(x + k * h) - f(x - k * h));
  return d / h;
}

const QgpGas kGas(3.0);
constexpr double kCB = 0.4;

// The telegraph closed form (eq. 95) satisfies tau_V dn'' + dn' + D_B k^2 dn = 0 and d_t dn = -i k V,
// both under- and over-damped: residuals from eighth-order differences (error ~ (h/tau)^8, 1e-11).
TEST(ChargeReference, TelegraphClosedFormSolvesItsOde) {
  const double tau = 0.5, D = tau / 3.0;
  for (double k : {0.4, 2.0, 12.0}) {  // 4 tau D k^2 = 0.04, 1.3, 48
    const double h = 0.01 * tau;
    for (double t : {0.3, 1.0, 2.5}) {
      auto re = [&](double s) { return telegraph_mode(tau, D, k, s).dn.real(); };
      auto d1 = [&](double s) { return derivative(re, s, h); };
      const double n = re(t), n1 = d1(t), n2 = derivative(d1, t, h);
      EXPECT_LE(std::abs(tau * n2 + n1 + D * k * k * n), 1e-8 * (1 + D * k * k)) << k << " " << t;
      // V = i dn'/k: compare the imaginary part (V is imaginary for the real dn).
      EXPECT_LE(std::abs(telegraph_mode(tau, D, k, t).V_par.imag() - n1 / k), 1e-9) << k << " " << t;
    }
  }
  EXPECT_EQ(telegraph_mode(tau, D, 1.0, 0.0).dn, 1.0);
}

// At v = 0 the lab-frame mode (matrix exponential of E^{-1} F) is the telegraph mode with the
// background's D_B, for a neutral and a charged background and an oblique k (exp to ~1e-15).
TEST(ChargeReference, ModeAtRestIsTheTelegraphMode) {
  for (double alpha : {0.0, 1.5}) {
    const double T = 0.3, e0 = kGas.energy_density(T, alpha * T), nB0 = kGas.baryon_density(T, alpha * T);
    const DiffusionBackground b = diffusion_background(kGas, e0, nB0, kCB, {0, 0, 0});
    if (alpha == 0) {
      EXPECT_LE(std::abs(b.D_B - b.tau_V / 3.0), 1e-15 * b.tau_V);  // c_V^2 = 1/3
    }
    const Vec3 k{2.0, -1.0, 0.5};
    const double kk = std::sqrt(dot3(k, k));
    for (double t : {0.1, 0.7, 3.0}) {
      const DiffusionModeAmplitudes m = diffusion_mode(b, k, t);
      const TelegraphMode tm = telegraph_mode(b.tau_V, b.D_B, kk, t);
      EXPECT_LE(std::abs(m.dn - tm.dn), 1e-13) << alpha << " " << t;
      for (int a = 0; a < 3; ++a) EXPECT_LE(std::abs(m.V[a] - tm.V_par * k[a] / kk), 1e-13 * b.D_B * kk);
    }
  }
}

// The four-vector check of the moving, charged wave: with n(t, x), V^i(t, x) from diffusion_wave,
// N^mu = n u^mu + V^mu, V^0 = v.V, alpha = alpha0 + (d alpha/dnB)_e (n - n0), eighth-order differences,
//   d_mu N^mu = 0  and  tau_V Delta^mu_nu u^l d_l V^nu + V^mu + kappa_B Delta^{mu l} d_l alpha = 0
// to ~1e-9 of the terms' size (the difference error (k h)^8 with k h = 0.02, and rounding eps/h).
TEST(ChargeReference, MovingChargedWaveSolvesTheCovariantEquations) {
  const double T = 0.25, alpha0 = 1.2;
  const double e0 = kGas.energy_density(T, alpha0 * T), n0 = kGas.baryon_density(T, alpha0 * T);
  const ChargedState st = kGas.state(e0, n0);
  double worst_N = 0, worst_V = 0;
  for (const Vec3& v : {Vec3{0.6, 0, 0}, Vec3{0.3, -0.4, 0.2}})
    for (const Vec3& k : {Vec3{3.0, 0, 0}, Vec3{1.0, 2.0, -1.5}}) {
      const DiffusionBackground b = diffusion_background(kGas, e0, n0, kCB, v);
      const double A = 1e-3 * n0, g = b.gamma();
      const std::array<double, 4> u{g, g * v[0], g * v[1], g * v[2]};
      const double eta[4] = {-1, 1, 1, 1};
      auto Delta = [&](int m, int l) { return (m == l ? eta[m] : 0.0) + u[m] * u[l]; };  // Delta^{m l}
      const Vec3 x0{0.3, -0.2, 0.7};
      const double t0 = 0.8;
      // f(t, x) for the 4 coordinates: index 0 = t, 1-3 = x.
      auto at = [&](int dir, double s) {
        Vec3 x = x0;
        double t = t0;
        (dir == 0 ? t : x[static_cast<std::size_t>(dir - 1)]) += s;
        return diffusion_wave(b, k, A, x, t);
      };
      auto Vmu = [&](const DiffusionWaveFields& f, int m) {
        return m == 0 ? dot3(v, f.V) : f.V[static_cast<std::size_t>(m - 1)];
      };
      const double h = 0.02 / std::sqrt(dot3(k, k));
      double dN = 0, scale = 0;
      double dV[4][4], dalpha[4];  // d_l V^m, d_l alpha
      for (int l = 0; l < 4; ++l) {
        auto N_l = [&](double s) {
          const DiffusionWaveFields f = at(l, s);
          return (f.nB - n0) * u[l] + Vmu(f, l);  // the constant n0 u^l drops out of the derivative
        };
        dN += derivative(N_l, 0.0, h);
        scale += std::abs(derivative([&](double s) { return at(l, s).nB; }, 0.0, h) * u[l]);
        dalpha[l] = st.dalpha_dn * derivative([&](double s) { return at(l, s).nB; }, 0.0, h);
        for (int m = 0; m < 4; ++m) dV[l][m] = derivative([&](double s) { return Vmu(at(l, s), m); }, 0.0, h);
      }
      EXPECT_LE(std::abs(dN), 1e-9 * scale);
      worst_N = std::max(worst_N, std::abs(dN) / scale);
      const DiffusionWaveFields f0 = at(0, 0.0);
      for (int m = 0; m < 4; ++m) {
        double DV = 0, grad = 0;
        for (int n = 0; n < 4; ++n) {
          double uDVn = 0;
          for (int l = 0; l < 4; ++l) uDVn += u[l] * dV[l][n];
          const double lower = eta[n];  // Delta^m_n = Delta^{m n} eta_{n n}
          DV += Delta(m, n) * lower * uDVn;
          grad += Delta(m, n) * dalpha[n];
        }
        const double res = b.tau_V * DV + Vmu(f0, m) + b.kappa_B * grad;
        const double size = std::abs(b.kappa_B * grad) + std::abs(Vmu(f0, m)) + std::abs(b.tau_V * DV);
        EXPECT_LE(std::abs(res), 1e-8 * size + 1e-14 * A) << "mu " << m << " v " << v[0] << " k " << k[1];
        worst_V = std::max(worst_V, std::abs(res) / size);
      }
    }
  std::cout << "moving charged wave: |d_mu N^mu| / scale " << worst_N << ", V equation residual / scale "
            << worst_V << "\n";
}

// Determinant of a complex matrix (Gaussian elimination with partial pivoting), and its row scale.
cd det(CMatrix a) {
  cd d = 1.0;
  const std::size_t n = a.size();
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t piv = c;
    for (std::size_t r = c + 1; r < n; ++r)
      if (std::abs(a[r][c]) > std::abs(a[piv][c])) piv = r;
    if (piv != c) {
      std::swap(a[c], a[piv]);
      d = -d;
    }
    d *= a[c][c];
    if (std::abs(a[c][c]) == 0) return 0.0;
    for (std::size_t r = c + 1; r < n; ++r) {
      const cd f = a[r][c] / a[c][c];
      for (std::size_t j = c; j < n; ++j) a[r][j] -= f * a[c][j];
    }
  }
  return d;
}

// The lab rates s (eigenvalues of E^{-1} F, i.e. det(s E - F) = 0) are the rest-frame rates boosted
// (eq. 97): s' = gamma (s + i k.v), i k' = i k + (gamma - 1) i (k.vhat) vhat + gamma s v, with
// tau_V s'^2 + s' + D_B k'.k' = 0 (a quadratic in s, solved here in closed form) or tau_V s' + 1 = 0.
// det(s E - F) relative to the product of its rows' norms must vanish to round-off.
TEST(ChargeReference, LabRatesAreBoostedRestFrameRates) {
  const double T = 0.3, alpha0 = 2.0;
  const double e0 = kGas.energy_density(T, alpha0 * T), n0 = kGas.baryon_density(T, alpha0 * T);
  const cd i(0.0, 1.0);
  for (const Vec3& v : {Vec3{0.5, 0, 0}, Vec3{0.2, 0.3, -0.4}})
    for (const Vec3& k : {Vec3{2.0, 0, 0}, Vec3{-1.0, 4.0, 0.5}}) {
      const DiffusionBackground b = diffusion_background(kGas, e0, n0, kCB, v);
      const double g = b.gamma(), kv = dot3(k, v), v2 = dot3(v, v);
      std::array<cd, 3> a;  // i k + (gamma - 1) i (k.vhat) vhat
      for (int c = 0; c < 3; ++c) a[c] = i * (k[c] + (g - 1.0) * kv * v[c] / v2);
      cd aa = 0, ab = 0;
      for (int c = 0; c < 3; ++c) {
        aa += a[c] * a[c];
        ab += a[c] * g * v[c];
      }
      const double bb = g * g * v2;
      // tau g^2 (s + i kv)^2 + g (s + i kv) - D_B (aa + 2 s ab + s^2 bb) = 0
      const cd A2 = b.tau_V * g * g - b.D_B * bb;
      const cd A1 = 2.0 * b.tau_V * g * g * i * kv + g - 2.0 * b.D_B * ab;
      const cd A0 = b.tau_V * g * g * (i * kv) * (i * kv) + g * i * kv - b.D_B * aa;
      const cd disc = std::sqrt(A1 * A1 - 4.0 * A2 * A0);
      const cd rates[3] = {(-A1 + disc) / (2.0 * A2), (-A1 - disc) / (2.0 * A2),
                           -1.0 / (g * b.tau_V) - i * kv};
      CMatrix E, F;
      diffusion_mode_system(b, k, E, F);
      for (const cd s : rates) {
        CMatrix M(4, std::vector<cd>(4));
        double rows = 1;
        for (int r = 0; r < 4; ++r) {
          double norm = 0;
          for (int c = 0; c < 4; ++c) {
            M[r][c] = s * E[r][c] - F[r][c];
            norm += std::norm(M[r][c]);
          }
          rows *= std::sqrt(norm);
        }
        EXPECT_LE(std::abs(det(M)), 1e-13 * rows) << "s = " << s;
      }
    }
}

TransportConfig viscous_dnmr(double eta_over_s) {
  TransportConfig cfg;
  cfg.eta_over_s = eta_over_s;
  cfg.zeta_over_s = 0.0;
  cfg.second_order = "dnmr";
  cfg.terms = second_order_set("dnmr");
  return cfg;
}

// Ideal charged Bjorken flow is exact: e = e0 (tau0/tau)^(4/3), nB = nB0 tau0/tau, so y = nB/e^(3/4)
// and alpha stay constant and T ~ tau^(-1/3). RK4 on this power law in ln tau: error ~1e-15.
TEST(ChargeReference, IdealChargedBjorkenIsExact) {
  const TransportConfig cfg = viscous_dnmr(0.0);
  const double T0 = 0.4, mu0 = 0.6, tau0 = 0.6, tau1 = 6.0;
  const double e0 = kGas.energy_density(T0, mu0), n0 = kGas.baryon_density(T0, mu0);
  const ChargedBjorken y = charged_bjorken(cfg, kGas, {e0, 0, 0}, n0, tau0, tau1, 2000);
  EXPECT_LE(std::abs(y.e / (e0 * std::pow(tau0 / tau1, 4.0 / 3.0)) - 1), 1e-12);
  const ChargedState st = kGas.state(y.e, n0 * tau0 / tau1);
  EXPECT_LE(std::abs(st.muB / st.T - mu0 / T0), 1e-12);
  EXPECT_LE(std::abs(st.T / (T0 * std::pow(tau0 / tau1, 1.0 / 3.0)) - 1), 1e-12);
}

// The viscous charged integrator converges: 2e4 and 4e4 steps agree to 1e-12 (RK4: the 2e4-step
// error is ~16/15 of that difference), so its error is far below the 1e-9 the solver tests need.
// At nB = 0 the charged coefficients are the code's Transport::at (the same eqs. 23-27 with
// s = (e + p)/T), and the charge lowers eta at fixed e (s = (e + p - muB nB)/T < (e + p)/T).
TEST(ChargeReference, ViscousChargedBjorkenConvergesAndMatchesTheUnchargedReference) {
  const TransportConfig cfg = viscous_dnmr(0.2);
  const double T0 = 0.4, tau0 = 0.5, tau1 = 5.0;
  for (double mu0 : {0.0, 0.8}) {
    const double e0 = kGas.energy_density(T0, mu0), n0 = kGas.baryon_density(T0, mu0);
    const ChargedBjorken a = charged_bjorken(cfg, kGas, {e0, 0, 0}, n0, tau0, tau1, 20000);
    const ChargedBjorken b = charged_bjorken(cfg, kGas, {e0, 0, 0}, n0, tau0, tau1, 40000);
    EXPECT_LE(std::abs(a.e / b.e - 1), 1e-12) << mu0;
    EXPECT_LE(std::abs(a.phi / b.phi - 1), 1e-11) << mu0;
    std::cout << "charged Bjorken muB0 = " << mu0 << ": e(tau1) " << b.e << ", phi " << b.phi
              << ", step-halving difference e " << std::abs(a.e / b.e - 1) << " phi "
              << std::abs(a.phi / b.phi - 1) << "\n";
  }
  const Eos eos = Eos::qgp(3.0);
  const Transport transport(cfg, eos);
  for (double e : {0.5, 10.0, 300.0}) {
    const TransportCoefficients t = transport.at(e);
    const BjorkenCoefficients c = charged_coefficients(cfg, kGas, e, 0.0);
    EXPECT_LE(std::abs(c.eta / t.eta - 1), 1e-14);
    EXPECT_LE(std::abs(c.tau_pi / t.tau_pi - 1), 1e-14);
    EXPECT_LE(std::abs(c.delta_pipi / t.delta_pipi - 1), 1e-14);
    EXPECT_LE(std::abs(c.tau_pipi / t.tau_pipi - 1), 1e-14);
    EXPECT_LE(std::abs(c.phi7 / t.phi7 - 1), 1e-14);
    EXPECT_LE(std::abs(c.lambda_piPi / t.lambda_piPi - 1), 1e-14);
    EXPECT_LT(charged_coefficients(cfg, kGas, e, 0.1 * kGas.max_baryon_density(e)).eta, c.eta);
  }
  // The whole uncharged ODE: the charged integrator at nB = 0 against RK4 on Transport::at.
  const double e0 = eos.energy_density(T0);
  auto f = [&](double s, const ChargedBjorken& y) {
    const double tau = std::exp(s);
    const TransportCoefficients c = transport.at(y.e);
    const double dphi = (-y.phi + 4 * c.eta / (3 * tau) - (c.delta_pipi + c.tau_pipi / 3) * y.phi / tau +
                         c.phi7 * y.phi * y.phi / 2) /
                        c.tau_pi;
    return ChargedBjorken{-(y.e + eos.pressure(y.e) - y.phi), tau * dphi, 0.0};
  };
  ChargedBjorken y{e0, 0, 0};
  const int n = 20000;
  const double ds = std::log(tau1 / tau0) / n;
  for (int j = 0; j < n; ++j) {
    const double s = std::log(tau0) + j * ds;
    auto ax = [](const ChargedBjorken& z, double h, const ChargedBjorken& k) {
      return ChargedBjorken{z.e + h * k.e, z.phi + h * k.phi, 0.0};
    };
    const ChargedBjorken k1 = f(s, y), k2 = f(s + ds / 2, ax(y, ds / 2, k1)),
                         k3 = f(s + ds / 2, ax(y, ds / 2, k2)), k4 = f(s + ds, ax(y, ds, k3));
    y.e += ds / 6 * (k1.e + 2 * k2.e + 2 * k3.e + k4.e);
    y.phi += ds / 6 * (k1.phi + 2 * k2.phi + 2 * k3.phi + k4.phi);
  }
  const ChargedBjorken c = charged_bjorken(cfg, kGas, {e0, 0, 0}, 0.0, tau0, tau1, n);
  EXPECT_LE(std::abs(c.e / y.e - 1), 1e-12);
  EXPECT_LE(std::abs(c.phi / y.phi - 1), 1e-12);
}

}  // namespace
}  // namespace ishydro::testing
