// The joint law of an Ornstein-Uhlenbeck increment and its time integral (src/noise/ornstein_uhlenbeck.hpp)
// checked four independent ways: (1) the covariance integrals of the Ito isometry by Gauss-Legendre
// quadrature in long double; (2) consistency under splitting an interval in two (the Markov property) and
// the stationary moments from the autocorrelation sigma2 e^{-|t|/tau}; (3) samples drawn with the Cholesky
// factor and the keyed normals; (4) an Euler-Maruyama ensemble of paths on a fine grid.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "noise/normal_noise.hpp"
#include "noise/ornstein_uhlenbeck.hpp"

namespace ishydro {
namespace {

constexpr double kTau = 0.7, kSigma2 = 2.5;  // not 1, so a misplaced tau or sigma shows

// Gauss-Legendre nodes and weights on [-1, 1], Newton on P_n in long double.
struct Gauss {
  std::vector<long double> x, w;
  explicit Gauss(int n) {
    for (int i = 0; i < n; ++i) {
      long double t = std::cos(3.14159265358979323846L * (i + 0.75L) / (n + 0.5L)), dp = 0;
      for (int it = 0; it < 100; ++it) {
        long double p0 = 1, p1 = t;
        for (int k = 2; k <= n; ++k) {
          const long double p2 = ((2 * k - 1) * t * p1 - (k - 1) * p0) / k;
          p0 = p1;
          p1 = p2;
        }
        dp = n * (t * p1 - p0) / (t * t - 1);
        const long double dt = p1 / dp;
        t -= dt;
        if (std::fabs(dt) < 1e-19L) break;
      }
      x.push_back(t);
      w.push_back(2 / ((1 - t * t) * dp * dp));
    }
  }
};

// The Ito-isometry integrals in units of sigma2 and tau (x = (h - u)/tau):
//   Var A = 2 int_0^a e^{-2x}, Var B = 2 int_0^a (1 - e^{-x})^2, Cov = 2 int_0^a e^{-x} (1 - e^{-x}),
// by 20-point Gauss-Legendre on panels of width <= 1/4 (1 - e^{-x} by expm1l: no cancellation).
OuUnitCovariance quadrature(double a) {
  static const Gauss g(20);
  const int panels = std::max(1, static_cast<int>(std::ceil(a / 0.25)));
  const long double width = static_cast<long double>(a) / panels;
  long double va = 0, vb = 0, c = 0;
  for (int p = 0; p < panels; ++p) {
    for (std::size_t i = 0; i < g.x.size(); ++i) {
      const long double x = width * (p + (g.x[i] + 1) / 2), w = g.w[i] * width / 2;
      const long double e = std::exp(-x), q = -std::expm1(-x);
      va += w * e * e;
      vb += w * q * q;
      c += w * e * q;
    }
  }
  return {static_cast<double>(2 * va), static_cast<double>(2 * vb), static_cast<double>(2 * c)};
}

void expect_rel(double actual, double expected, double tol, const char* what, double a) {
  EXPECT_LE(std::abs(actual - expected), tol * std::abs(expected))
      << what << " at a = " << a << ": " << actual << " vs " << expected;
}

const double kAs[] = {1e-8, 1e-6, 1e-3, 0.1, 0.4999, 0.5, 0.5001, 1, 3, 13, 100, 1000};

TEST(OrnsteinUhlenbeck, CovarianceMatchesQuadratureOfTheItoIntegrals) {
  for (double a : kAs) {
    const OuUnitCovariance u = ou_unit_covariance(a), q = quadrature(a);
    expect_rel(u.var_a, q.var_a, 1e-14, "Var A", a);
    expect_rel(u.var_b, q.var_b, 1e-14, "Var B", a);
    expect_rel(u.cov_ab, q.cov_ab, 1e-14, "Cov(A,B)", a);
    const OuCovariance d = ou_covariance(a * kTau, kTau, kSigma2);
    expect_rel(d.var_a, kSigma2 * q.var_a, 1e-14, "Var A (units)", a);
    expect_rel(d.var_b, kSigma2 * kTau * kTau * q.var_b, 1e-14, "Var B (units)", a);
    expect_rel(d.cov_ab, kSigma2 * kTau * q.cov_ab, 1e-14, "Cov(A,B) (units)", a);
  }
}

TEST(OrnsteinUhlenbeck, CholeskyFactorReproducesTheCovariance) {
  for (double a : kAs) {
    const OuStep s = ou_step(a * kTau, kTau, kSigma2);
    const OuCovariance c = ou_covariance(a * kTau, kTau, kSigma2);
    expect_rel(s.l11 * s.l11, c.var_a, 4e-15, "L11^2", a);
    expect_rel(s.l11 * s.l21, c.cov_ab, 4e-15, "L11 L21", a);
    expect_rel(s.l21 * s.l21 + s.l22 * s.l22, c.var_b, 4e-15, "L21^2 + L22^2", a);
    expect_rel(s.decay, std::exp(-a), 1e-15, "decay", a);
    expect_rel(s.integral_weight, kTau * -std::expm1(-a), 1e-15, "integral weight", a);
  }
  const OuStep zero = ou_step(0.0, kTau, kSigma2);
  EXPECT_EQ(zero.decay, 1.0);
  EXPECT_EQ(zero.integral_weight, 0.0);
  EXPECT_EQ(zero.l11, 0.0);
  EXPECT_EQ(zero.l21, 0.0);
  EXPECT_EQ(zero.l22, 0.0);
  const OuStep huge = ou_step(1e300, 1.0, 1.0);  // a -> infinity: X(h) forgets X(0)
  EXPECT_EQ(huge.decay, 0.0);
  EXPECT_EQ(huge.l11, 1.0);
  EXPECT_EQ(huge.l21, 1.0);
  expect_rel(huge.l22, std::sqrt(2e300), 1e-15, "L22", 1e300);
}

// g(a) = a - 2 tanh(a/2): the series against the closed form where both hold (the closed form's rounding
// error is ~ 4 eps a / g relative), and against a long double closed form where that is accurate.
TEST(OrnsteinUhlenbeck, SmallASeriesAgreesWithTheClosedForms) {
  for (double a = 0.02; a <= 1.0; a += 0.01) {
    const double closed = a - 2 * std::tanh(a / 2), series = ou_g_series(a);
    const double tol = 4e-16 * a / series + 1e-15 + (a > 0.5 ? 1e-14 * std::pow(a / 0.5, 24) : 0.0);
    expect_rel(series, closed, tol, "g series vs closed", a);
    const long double al = a;
    const double ref = static_cast<double>(al - 2 * std::tanh(al / 2));
    expect_rel(ou_g(a), ref, a < 0.5 ? 2e-15 + 2e-19 * a / series : 1e-14, "g vs long double", a);
    // The textbook closed forms of the covariance, where they have digits left (cancellation ~ 9 eps / Var
    // B).
    const OuUnitCovariance u = ou_unit_covariance(a), c = ou_unit_covariance_closed_form(a);
    expect_rel(u.var_a, c.var_a, 1e-14, "Var A vs closed form", a);
    expect_rel(u.cov_ab, c.cov_ab, 1e-14 + 4e-16 / c.cov_ab, "Cov vs closed form", a);
    expect_rel(u.var_b, c.var_b, 1e-14 + 1e-15 / u.var_b, "Var B vs closed form", a);
  }
  // Leading behaviour for tiny a: Var A ~ 2a, Cov ~ a^2, Var B ~ 2/3 a^3, L22^2 ~ a^3 / 6.
  for (double a : {1e-12, 1e-9, 1e-6}) {
    const OuUnitCovariance u = ou_unit_covariance(a);
    expect_rel(u.var_a, 2 * a, 2 * a, "Var A ~ 2a", a);
    expect_rel(u.cov_ab, a * a, 2 * a, "Cov ~ a^2", a);
    expect_rel(u.var_b, 2 * a * a * a / 3, 2 * a, "Var B ~ 2a^3/3", a);
    expect_rel(2 * ou_g(a), a * a * a / 6, 2 * a, "Schur complement ~ a^3/6", a);
  }
}

// Splitting an interval h = h1 + h2: (A, B) over h must equal the composition
//   A = e^{-a2} A1 + A2,  B = B1 + tau (1 - e^{-a2}) A1 + B2
// with independent pieces; their covariances must agree (Chapman-Kolmogorov for the pair (X, I)).
TEST(OrnsteinUhlenbeck, SplittingTheIntervalComposesToTheSameLaw) {
  for (double a : kAs) {
    for (double frac : {0.5, 0.25, 0.9}) {
      const double h = a * kTau, h1 = frac * h, h2 = h - h1;
      const OuCovariance c1 = ou_covariance(h1, kTau, kSigma2), c2 = ou_covariance(h2, kTau, kSigma2);
      const OuStep s2 = ou_step(h2, kTau, kSigma2);
      const double e2 = s2.decay, w2 = s2.integral_weight;
      const OuCovariance full = ou_covariance(h, kTau, kSigma2);
      expect_rel(e2 * e2 * c1.var_a + c2.var_a, full.var_a, 1e-14, "composed Var A", a);
      expect_rel(c1.var_b + w2 * w2 * c1.var_a + 2 * w2 * c1.cov_ab + c2.var_b, full.var_b, 1e-13,
                 "composed Var B", a);
      expect_rel(e2 * (c1.cov_ab + w2 * c1.var_a) + c2.cov_ab, full.cov_ab, 1e-14, "composed Cov", a);
    }
  }
}

// Started from the stationary law X(0) ~ N(0, sigma2), X(h) is again N(0, sigma2), and from the
// autocorrelation sigma2 e^{-|t-t'|/tau}: Var I = 2 sigma2 tau^2 (a - 1 + e^{-a}), Cov(X(h), I) = sigma2 tau
// p.
TEST(OrnsteinUhlenbeck, StationaryMomentsMatchTheAutocorrelation) {
  for (double a : kAs) {
    if (a < 1e-3) continue;  // a - 1 + e^{-a} itself cancels there
    const OuStep s = ou_step(a * kTau, kTau, kSigma2);
    const OuCovariance c = ou_covariance(a * kTau, kTau, kSigma2);
    expect_rel(s.decay * s.decay * kSigma2 + c.var_a, kSigma2, 1e-14, "Var X(h)", a);
    const double var_i = 2 * kSigma2 * kTau * kTau * (a + std::expm1(-a));
    expect_rel(s.integral_weight * s.integral_weight * kSigma2 + c.var_b, var_i, 1e-14 + 1e-16 / (a * a),
               "Var I", a);
    expect_rel(s.decay * s.integral_weight * kSigma2 + c.cov_ab, kSigma2 * s.integral_weight, 1e-14,
               "Cov(X(h), I)", a);
  }
}

// Samples of (A, B) from the factor and the keyed normals: sample second moments (about the known mean 0)
// against the formula within 5 standard errors: SE(Var) = Var sqrt(2/n), SE(Cov) = sqrt((Var A Var B +
// Cov^2)/n).
TEST(OrnsteinUhlenbeck, SampledCovarianceMatchesTheFormula) {
  constexpr int kN = 400000;
  std::uint32_t component = 0;
  for (double a : {1e-6, 0.1, 1.0, 13.0, 1000.0}) {
    const OuStep s = ou_step(a * kTau, kTau, kSigma2);
    const OuCovariance c = ou_covariance(a * kTau, kTau, kSigma2);
    double saa = 0, sbb = 0, sab = 0;
    for (std::uint64_t i = 0; i < kN / 2; ++i) {
      double z[4];
      normals({314159, 0, 0, i, component}, z);
      for (int j = 0; j < 4; j += 2) {
        const OuIncrement d = ou_increment(s, z[j], z[j + 1]);
        saa += d.a * d.a;
        sbb += d.b * d.b;
        sab += d.a * d.b;
      }
    }
    ++component;
    const double n = kN;
    EXPECT_NEAR(saa / n, c.var_a, 5 * c.var_a * std::sqrt(2 / n)) << "a = " << a;
    EXPECT_NEAR(sbb / n, c.var_b, 5 * c.var_b * std::sqrt(2 / n)) << "a = " << a;
    EXPECT_NEAR(sab / n, c.cov_ab, 5 * std::sqrt((c.var_a * c.var_b + c.cov_ab * c.cov_ab) / n))
        << "a = " << a;
  }
}

// An ensemble of Euler-Maruyama paths X_{k+1} = (1 - d) X_k + sqrt(2 d sigma2) xi_k, d = dt/tau, from
// X(0) = 0 (so X(h) = A), with the trapezoidal integral (so I = B): the sample moments agree with the
// formula within 5 standard errors plus the scheme's bias, O(d) relative (its stationary variance is
// sigma2 / (1 - d/2)); d <= 1e-3 here, 3e-3 allowed.
TEST(OrnsteinUhlenbeck, EulerMaruyamaEnsembleAgreesWithTheFormula) {
  constexpr int kPaths = 20000, kSub = 1000;
  std::uint32_t component = 0;
  for (double a : {0.1, 1.0}) {
    const double h = a * kTau, dt = h / kSub, d = dt / kTau, kick = std::sqrt(2 * d * kSigma2);
    double saa = 0, sbb = 0, sab = 0;
    for (std::uint64_t path = 0; path < kPaths; ++path) {
      double x = 0, integral = 0, z[4];
      for (int k = 0; k < kSub; ++k) {
        if (k % 4 == 0) normals({2718, static_cast<std::uint64_t>(k / 4), 0, path, component}, z);
        const double next = (1 - d) * x + kick * z[k % 4];
        integral += 0.5 * dt * (x + next);
        x = next;
      }
      saa += x * x;
      sbb += integral * integral;
      sab += x * integral;
    }
    ++component;
    const OuCovariance c = ou_covariance(h, kTau, kSigma2);
    const double n = kPaths, bias = 3e-3;
    EXPECT_NEAR(saa / n, c.var_a, 5 * c.var_a * std::sqrt(2 / n) + bias * c.var_a) << "a = " << a;
    EXPECT_NEAR(sbb / n, c.var_b, 5 * c.var_b * std::sqrt(2 / n) + bias * c.var_b) << "a = " << a;
    EXPECT_NEAR(sab / n, c.cov_ab,
                5 * std::sqrt((c.var_a * c.var_b + c.cov_ab * c.cov_ab) / n) + bias * c.cov_ab)
        << "a = " << a;
  }
}

}  // namespace
}  // namespace ishydro
