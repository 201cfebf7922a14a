// The massless quark-gluon gas with a baryon chemical potential (src/eos/qgp.hpp, docs/equations.md
// eqs. 80-84): thermodynamic identities, the closed-form derivatives against high-order finite
// differences (used only here), and the (e, nB) -> (T, muB) inversion to round-off.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <functional>
#include <iostream>
#include <limits>
#include <numbers>

#include "eos/eos.hpp"
#include "eos/qgp.hpp"
#include "simd/cell_lanes.hpp"

// SIMD vectors (CellLanes) are passed between inline functions only.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {
namespace {

static_assert(QgpGas::kHbarC == kHbarC, "one value of hbar c");

constexpr double kEps = std::numeric_limits<double>::epsilon();

// Eighth-order central difference of f at x with step h: truncation error O(h^8 f^(9)), rounding
// O(eps |f| / h); with h = 0.02 |x|-scale both are below 1e-11 relative for these polynomials.
double derivative(const std::function<double(double)>& f, double x, double h) {
  static constexpr double c[4] = {4.0 / 5.0, -1.0 / 5.0, 4.0 / 105.0, -1.0 / 280.0};
  double d = 0;
  for (int k = 1; k <= 4; ++k) d += c[k - 1] * (f(x + k * h) - f(x - k * h));
  return d / h;
}

double rel(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

const double kNf[] = {2.0, 3.0, 2.5};

// e + p = T s + muB nB (Euler relation, eq. 81) and e = 3 p: the grand-canonical side, to round-off
// (each side a sum of positive terms, so a few ulp).
TEST(QgpGas, EulerRelationAndTraceless) {
  for (double nf : kNf) {
    const QgpGas gas(nf);
    for (double T : {0.05, 0.155, 0.4, 2.0})
      for (double alpha : {-7.0, -1.3, 0.0, 0.25, 2.8, 11.0}) {
        const double mu = alpha * T;
        const double p = gas.pressure(T, mu), e = gas.energy_density(T, mu);
        EXPECT_EQ(e, 3.0 * p);
        const double rhs = T * gas.entropy_density(T, mu) + mu * gas.baryon_density(T, mu);
        EXPECT_LE(rel(e + p, rhs), 8 * kEps) << "nf " << nf << " T " << T << " alpha " << alpha;
      }
  }
}

// nB = dp/dmuB, s = dp/dT, chiB = dnB/dmuB (eq. 81) against eighth-order differences: the difference
// is exact for polynomials of degree <= 8 up to rounding, p is quartic, so only rounding (~1e-13) is left.
TEST(QgpGas, DensitiesAreDerivativesOfThePressure) {
  for (double nf : kNf) {
    const QgpGas gas(nf);
    for (double T : {0.1, 0.3, 1.0})
      for (double alpha : {-4.0, -0.5, 0.3, 1.0, 6.0}) {
        const double mu = alpha * T, h = 0.05 * T;
        const double nB = derivative([&](double m) { return gas.pressure(T, m); }, mu, h);
        const double s = derivative([&](double t) { return gas.pressure(t, mu); }, T, h);
        const double chi = derivative([&](double m) { return gas.baryon_density(T, m); }, mu, h);
        EXPECT_LE(rel(gas.baryon_density(T, mu), nB), 1e-11) << nf << " " << T << " " << alpha;
        EXPECT_LE(rel(gas.entropy_density(T, mu), s), 1e-11) << nf << " " << T << " " << alpha;
        EXPECT_LE(rel(gas.susceptibility(T, mu), chi), 1e-11) << nf << " " << T << " " << alpha;
      }
  }
}

// At muB = 0 the gas is the conformal EOS with dof = 16 + 10.5 nf (eq. 80): p = (pi^2/90) dof T^4.
TEST(QgpGas, NeutralGasIsConformalWithItsDof) {
  for (double nf : kNf) {
    const QgpGas gas(nf);
    const Eos conformal(1.0 / 3.0, gas.dof());
    for (double T : {0.08, 0.2, 0.9}) {
      EXPECT_LE(rel(gas.energy_density(T, 0.0), conformal.energy_density(T)), 4 * kEps);
      const double e = gas.energy_density(T, 0.0);
      const ChargedState st = gas.state(e, 0.0);
      EXPECT_LE(rel(st.T, conformal.temperature(e)), 2 * kEps);
      EXPECT_EQ(st.muB, 0.0);
      EXPECT_EQ(st.alpha, 0.0);
      EXPECT_EQ(st.dalpha_de, 0.0);
      EXPECT_EQ(st.p, e / 3.0);
      EXPECT_LE(rel(st.chiB, gas.susceptibility(st.T, 0.0)), 4 * kEps);
      EXPECT_LE(rel(st.n_over_alpha, st.T * st.chiB), 4 * kEps);  // nB/alpha -> T chiB
    }
  }
}

// eos.kind = "qgp" (Eos::qgp, Eos::from_config): the constant-cs2 path with the gas's dof, and the gas.
TEST(QgpGas, EosKindQgp) {
  EosConfig cfg;
  cfg.kind = EosKind::qgp;
  cfg.nf = 2.0;
  const Eos eos = Eos::from_config(cfg);
  EXPECT_EQ(eos.kind(), EosKind::qgp);
  EXPECT_STREQ(eos.kind_name(), "qgp");
  EXPECT_TRUE(eos.constant_cs2());
  EXPECT_TRUE(eos.has_baryon_charge());
  EXPECT_FALSE(Eos(1.0 / 3.0, 47.5).has_baryon_charge());
  EXPECT_EQ(eos.cs2(), 1.0 / 3.0);
  EXPECT_EQ(eos.dof(), 37.0);
  EXPECT_EQ(eos.qgp_gas().nf(), 2.0);
  const ChargedState a = eos.charged_state(1.0, 0.01), b = QgpGas(2.0).state(1.0, 0.01);
  EXPECT_EQ(a.T, b.T);
  EXPECT_EQ(a.muB, b.muB);
  const double T = 0.3;
  EXPECT_LE(rel(eos.energy_density(T), eos.qgp_gas().energy_density(T, 0.0)), 4 * kEps);
  EXPECT_EQ(eos_kind_from_string("qgp"), EosKind::qgp);
}

// The inversion round trip over alpha in [-5, 5] and e over 10 decades: (T, muB) -> (e, nB) -> state
// -> (e', nB'). e' and nB' are recomputed from the solved (T, muB), so they measure the inversion's
// backward error, which must be a few ulp (the residual of Newton's last step plus the rounding of the
// closed forms). alpha itself is compared with the condition number y/(x g'(x)) of g^{-1} in mind
// (below 2 for |alpha| <= 5), so a few ulp of (1 + |alpha|) too.
TEST(QgpGas, InversionRoundTripToRoundOff) {
  double worst_e = 0, worst_n = 0, worst_alpha = 0, worst_T = 0;
  for (double nf : kNf) {
    const QgpGas gas(nf);
    for (int ie = 0; ie <= 40; ++ie) {
      const double T = 0.01 * std::pow(10.0, 2.5 * ie / 40.0);  // e spans 10 decades
      for (int ia = -50; ia <= 50; ++ia) {
        const double alpha = 0.1 * ia + 0.0123 * (ia % 3);
        const double mu = alpha * T;
        const double e = gas.energy_density(T, mu), nB = gas.baryon_density(T, mu);
        const ChargedState st = gas.state(e, nB);
        worst_e = std::max(worst_e, rel(gas.energy_density(st.T, st.muB), e));
        if (nB != 0) worst_n = std::max(worst_n, rel(gas.baryon_density(st.T, st.muB), nB));
        worst_alpha = std::max(worst_alpha, std::abs(st.alpha - alpha) / (1 + std::abs(alpha)));
        worst_T = std::max(worst_T, rel(st.T, T));
        EXPECT_EQ(st.p, e / 3.0);
      }
    }
  }
  std::cout << "qgp round trip: e " << worst_e / kEps << " ulp, nB " << worst_n / kEps << " ulp, alpha "
            << worst_alpha / kEps << " ulp(1+|alpha|), T " << worst_T / kEps << " ulp\n";
  EXPECT_LE(worst_e, 8 * kEps);
  EXPECT_LE(worst_n, 8 * kEps);
  EXPECT_LE(worst_alpha, 16 * kEps);
  EXPECT_LE(worst_T, 16 * kEps);
}

// Large alpha (a nearly degenerate gas, y close to g_max): the backward error stays a few ulp, and a
// density at or beyond the T = 0 limit gives NaN.
TEST(QgpGas, InversionAtLargeAlphaAndBeyondTheDegenerateLimit) {
  const QgpGas gas(3.0);
  for (double alpha : {10.0, 30.0, 100.0, 1e3, 1e4}) {
    const double T = 0.2, mu = alpha * T;
    const double e = gas.energy_density(T, mu), nB = gas.baryon_density(T, mu);
    const ChargedState st = gas.state(e, nB);
    EXPECT_LE(rel(gas.energy_density(st.T, st.muB), e), 6 * kEps) << alpha;
    EXPECT_LE(rel(gas.baryon_density(st.T, st.muB), nB), 6 * kEps) << alpha;
    EXPECT_LT(nB, gas.max_baryon_density(e));
  }
  const double e = 10.0;
  EXPECT_TRUE(std::isnan(gas.state(e, gas.max_baryon_density(e)).T));
  EXPECT_TRUE(std::isnan(gas.state(e, -1.01 * gas.max_baryon_density(e)).muB));
  EXPECT_TRUE(std::isnan(gas.state(0.0, 0.0).T));
  EXPECT_TRUE(std::isnan(gas.state(-1.0, 0.0).T));
  const ChargedState near = gas.state(e, (1 - 1e-12) * gas.max_baryon_density(e));
  EXPECT_GT(near.alpha, 1e6);  // x ~ pi / sqrt(2 (1 - y/g_max))
  EXPECT_LE(rel(gas.baryon_density(near.T, near.muB), (1 - 1e-12) * gas.max_baryon_density(e)), 6 * kEps);
}

// Odd in nB, bit for bit: the solve runs on |nB| and the sign is applied afterwards.
TEST(QgpGas, StateIsOddInBaryonDensity) {
  const QgpGas gas(3.0);
  for (double e : {0.01, 1.0, 250.0})
    for (double f : {1e-9, 0.01, 0.3, 0.9}) {
      const double nB = f * gas.max_baryon_density(e);
      const ChargedState a = gas.state(e, nB), b = gas.state(e, -nB);
      EXPECT_EQ(a.T, b.T);
      EXPECT_EQ(a.s, b.s);
      EXPECT_EQ(a.muB, -b.muB);
      EXPECT_EQ(a.alpha, -b.alpha);
      EXPECT_EQ(a.dalpha_de, -b.dalpha_de);
      EXPECT_EQ(a.dalpha_dn, b.dalpha_dn);
      EXPECT_EQ(a.chiB, b.chiB);
      EXPECT_EQ(a.n_over_alpha, b.n_over_alpha);
    }
}

// The closed-form state fields against the grand-canonical formulas, and (d alpha/de)_nB,
// (d alpha/dnB)_e (eq. 84) against eighth-order differences of the inversion itself (whose round-off
// error is a few ulp, so the difference is good to ~1e-10 relative with h = 1e-3 of the scale).
TEST(QgpGas, StateDerivativesAgainstFiniteDifferences) {
  for (double nf : kNf) {
    const QgpGas gas(nf);
    for (double alpha : {-3.0, -0.2, 0.0, 0.7, 2.8, 8.0}) {
      const double T = 0.25, mu = alpha * T;
      const double e = gas.energy_density(T, mu), nB = gas.baryon_density(T, mu);
      const ChargedState st = gas.state(e, nB);
      EXPECT_LE(rel(st.s, gas.entropy_density(st.T, st.muB)), 4 * kEps);
      EXPECT_LE(rel(st.chiB, gas.susceptibility(st.T, st.muB)), 4 * kEps);
      if (alpha != 0) {
        EXPECT_LE(rel(st.n_over_alpha, nB / st.alpha), 8 * kEps);
      }
      EXPECT_LE(rel(e + st.p, st.T * st.s + st.muB * nB), 8 * kEps);
      const double he = 1e-3 * e, hn = 1e-3 * gas.max_baryon_density(e);
      const double da_de = derivative([&](double x) { return gas.state(x, nB).alpha; }, e, he);
      const double da_dn = derivative([&](double x) { return gas.state(e, x).alpha; }, nB, hn);
      EXPECT_LE(std::abs(st.dalpha_de - da_de), 1e-9 * std::abs(st.dalpha_dn * nB / e) + 1e-300) << alpha;
      EXPECT_LE(rel(st.dalpha_dn, da_dn), 1e-9) << alpha;
    }
  }
}

// The lane version (state_cells on CellLanes: Newton in lockstep with selects) against the scalar state()
// lane by lane over the whole state space: e over 8 decades, alpha in [-60, 60] (y up to 0.9998 g_max), n_B =
// 0, and lanes beyond the range (NaN in those lanes only). The two run the same operations in the same order,
// so they differ only where the compiler fuses multiply-adds differently in vector and scalar code: at most a
// few ulp of each field, amplified for alpha at large |alpha| by the condition number of g^{-1}, ~ x^2/pi^2
// (eq. 83), through x into every field: each is compared relative to (1 + x^2/pi^2).
template <class Real>
std::array<Real, 10> fields_of(const ChargedStateT<Real>& s) {
  return {s.T, s.muB, s.p, s.s, s.cs2, s.dp_dn, s.dalpha_de, s.dalpha_dn, s.chiB, s.n_over_alpha};
}

TEST(QgpGas, LanesAgreeWithScalarToRoundOff) {
  const QgpGas gas(3.0);
  double worst = 0, worst_alpha = 0;
  int checked = 0;
  auto rel_or_same = [](double a, double b) {
    return a == b ? 0.0 : std::abs(a - b) / std::max(std::abs(a), std::abs(b));
  };
  for (int ie = 0; ie <= 16; ++ie) {
    const double T = 0.02 * std::pow(10.0, 2.0 * ie / 16.0);
    for (int ia = -60; ia <= 60; ia += kCellLanes) {
      CellLanes e{}, n{};
      for (int l = 0; l < kCellLanes; ++l) {
        const double alpha = std::copysign(std::pow(std::abs(ia + l) / 60.0, 2.0) * 60.0, ia + l);
        e[l] = gas.energy_density(T, alpha * T);
        n[l] = gas.baryon_density(T, alpha * T);
      }
      if (ie == 3) n[1] = 1.01 * gas.max_baryon_density(e[1]);  // beyond the degenerate limit
      if (ie == 4) e[2] = -1.0;                                 // no temperature
      const ChargedStateT<CellLanes> v = gas.state_cells(e, n);
      for (int l = 0; l < kCellLanes; ++l) {
        const ChargedState s = gas.state(e[l], n[l]);
        if (std::isnan(s.T)) {
          EXPECT_TRUE(std::isnan(v.T[l]) && std::isnan(v.alpha[l]) && std::isnan(v.dalpha_dn[l])) << l;
          continue;
        }
        ++checked;
        const double x2 = s.alpha * s.alpha / 9.0, cond = 1.0 + x2 / (std::numbers::pi * std::numbers::pi);
        const auto lanes = fields_of(v);
        const auto scalar = fields_of(s);
        for (std::size_t f = 0; f < scalar.size(); ++f)
          worst = std::max(worst, rel_or_same(lanes[f][l], scalar[f]) / cond);
        worst_alpha = std::max(worst_alpha, rel_or_same(v.alpha[l], s.alpha) / cond);
      }
    }
  }
  std::cout << "qgp lanes vs scalar over " << checked << " states: fields " << worst / kEps << " ulp, alpha "
            << worst_alpha / kEps << " ulp (both over the condition number)\n";
  EXPECT_GT(checked, 1000);
  EXPECT_LE(worst, 8 * kEps);
  EXPECT_LE(worst_alpha, 8 * kEps);
}

// g is odd and strictly increasing with g(inf) = g_max: its closed-form derivative against differences.
TEST(QgpGas, ReducedEquationIsMonotone) {
  const QgpGas gas(3.0);
  double prev = -1;
  for (int i = 0; i <= 400; ++i) {
    const double x = 0.05 * i;
    const double gx = gas.g(x);
    EXPECT_GT(gx, prev);
    EXPECT_LT(gx, gas.g_max());
    EXPECT_EQ(gas.g(-x), -gx);
    prev = gx;
    if (x > 0.3) {
      const double fd = derivative([&](double z) { return gas.g(z); }, x, 0.01);
      EXPECT_LE(rel(gas.g_prime(x, gas.poly_p(x)), fd), 1e-10) << x;
    }
  }
  EXPECT_LE(rel(gas.g(1e7), gas.g_max()), 1e-12);
}

// The fitted start of the inversion (QgpGas::fitted_start): within 1e-9 of the root over its whole range
// for nf = 2 and 3 (the bound fit_start requires before it uses it), and it covers the causal range of
// the diffusion front (mu_B/T up to 2.8, eq. 92) with room to spare; the one Newton step from it then
// agrees with the root found by bisection on g alone (no Newton code; its own error, from the rounding
// of g, is a few ulp) to a few ulp of x. The backward error of the whole inversion is checked by the
// round-trip tests above.
TEST(QgpGas, FittedStartIsWithinItsBound) {
  for (double nf : {2.0, 3.0}) {
    const QgpGas gas(nf);
    ASSERT_GT(gas.start_y_max(), 0.0) << nf;
    EXPECT_GT(gas.start_y_max(), gas.g(3.0 / 3.0));  // alpha = 3 is inside the fitted range
    double worst = 0, worst_step = 0;
    for (int i = 1; i <= 4000; ++i) {
      const double y = gas.start_y_max() * i / 4000.0;
      // The root by bisection on g itself (independent of the Newton code): g is increasing.
      double lo = 0, hi = 2.0;
      for (int k = 0; k < 200 && hi - lo > 0; ++k) {
        const double mid = 0.5 * (lo + hi);
        if (mid == lo || mid == hi) break;
        (gas.g(mid) < y ? lo : hi) = mid;
      }
      const double x = 0.5 * (lo + hi);
      worst = std::max(worst, std::abs(gas.fitted_start(y) - x) / x);
      worst_step = std::max(worst_step, std::abs(gas.solve_x(y) - x) / x);
    }
    std::cout << "qgp nf = " << nf << ": fitted start within " << worst << " of the root, one Newton step "
              << worst_step / kEps << " ulp (bisection's own error included)\n";
    EXPECT_LE(worst, 1e-9);
    EXPECT_LE(worst_step, 8 * kEps);
  }
}

}  // namespace
}  // namespace ishydro
