#pragma once
// The exact joint law of an Ornstein-Uhlenbeck process and its time integral over one interval, for
// fluctuating relaxation equations integrated by exponential time differencing (docs/noise_notes.md).
//
//   dX = -X/tau dt + sqrt(2 sigma2 / tau) dW        (stationary variance sigma2, tau > 0)
//
// Over an interval of length h, with a = h/tau:
//   X(h) = e^{-a} X(0) + A,      I = int_0^h X dt = tau (1 - e^{-a}) X(0) + B,
// where (A, B) are independent of X(0), jointly Gaussian with zero mean, and
//   Var A    = sigma2 (1 - e^{-2a}),
//   Var B    = sigma2 tau^2 (2a - 3 + 4 e^{-a} - e^{-2a}),
//   Cov(A,B) = sigma2 tau (1 - e^{-a})^2.
// Derivation: A = s int_0^h e^{-(h-u)/tau} dW(u) and, exchanging the order of integration,
// B = s tau int_0^h (1 - e^{-(h-u)/tau}) dW(u), with s^2 = 2 sigma2 / tau; the Ito isometry gives the three
// integrals above (docs/noise_notes.md works them out).
//
// Sampling: with p = 1 - e^{-a} = -expm1(-a) and g(a) = a - 2 tanh(a/2) >= 0,
//   Var A / sigma2 = p (2 - p),  Cov / (sigma2 tau) = p^2,  Var B / (sigma2 tau^2) = 2 g + p^3 / (2 - p),
// and the lower Cholesky factor of the covariance is
//   A = sigma (L11 z1),  B = sigma tau (L21 z1 + L22 z2),
//   L11 = sqrt(p (2 - p)),  L21 = p^{3/2} / sqrt(2 - p),  L22 = sqrt(2 g(a)).
// Every term is a sum of non-negative parts, so nothing cancels except inside g, which is summed from its
// Taylor series for a < 0.5 (g = a^3/12 - a^5/120 + ...; the closed form 2a - 3 + 4e^{-a} - e^{-2a} would
// lose all digits near a = 1e-5). a = 0 gives A = B = 0; a -> infinity gives L11, L21 -> 1, L22 ~ sqrt(2a).
//
// Sub-intervals (stages of an ETD Runge-Kutta step): the law holds for any interval length, so pass the
// stage's interval c h. Increments over disjoint intervals are independent; over nested or overlapping
// intervals of the same path they are not, and must be composed from disjoint pieces (docs/noise_notes.md,
// "Stages").
#include <cassert>
#include <cmath>

namespace ishydro {

// g(a) = a - 2 tanh(a/2) from its Taylor series (odd powers a^3 ... a^23); accurate to rounding for
// 0 <= a <= 0.5 (the first omitted term is below 3e-18 of the sum there; 1e-11 at a = 1).
constexpr double ou_g_series(double a) {
  constexpr double c[] = {
      0.0833333333333333333333,      // 1/12
      -0.00833333333333333333333,    // -1/120
      0.000843253968253968253968,    // 17/20160
      -0.0000854276895943562610229,  // -31/362880
      0.00000865550344717011383678,  // 691/79833600
      -8.76984383928828373273e-7,    // -5461/6227020800
      8.88570792878001872711e-8,     // 929569/10461394944000
      -9.00310426247537203030e-9,    // -3202291/355687428096000
      9.12205178236207891410e-10,    // 221930581/243290200817664000
      -9.24257083599991829452e-11,   // -4722116521/51090942171709440000
      9.36468216975136615118e-12,    // 56963745931/6082827467972935680000
  };
  const double a2 = a * a;
  double s = 0.0;
  for (int k = static_cast<int>(sizeof c / sizeof c[0]) - 1; k >= 0; --k) s = s * a2 + c[k];
  return s * a2 * a;
}

// g(a) = a - 2 tanh(a/2) for a >= 0: the series below 0.5, the closed form above (its rounding error is
// about 12 eps / a^2 relative, i.e. < 1e-14 there).
inline double ou_g(double a) { return a < 0.5 ? ou_g_series(a) : a - 2.0 * std::tanh(0.5 * a); }

// The covariance of (A, B) in units of sigma2 and tau: var_a = Var A / sigma2, var_b = Var B / (sigma2
// tau^2), cov_ab = Cov(A, B) / (sigma2 tau).
struct OuUnitCovariance {
  double var_a, var_b, cov_ab;
};

// Stable for every a >= 0 (relative accuracy a few eps).
inline OuUnitCovariance ou_unit_covariance(double a) {
  assert(a >= 0.0);
  const double p = -std::expm1(-a);
  return {p * (2.0 - p), 2.0 * ou_g(a) + p * p * p / (2.0 - p), p * p};
}

// The textbook closed forms, for reference and tests only: Var B loses about log10(4.5 / a^3) digits to
// cancellation (all of them near a = 1e-5).
inline OuUnitCovariance ou_unit_covariance_closed_form(double a) {
  const double e1 = std::exp(-a), e2 = std::exp(-2.0 * a);
  return {1.0 - e2, 2.0 * a - 3.0 + 4.0 * e1 - e2, (1.0 - e1) * (1.0 - e1)};
}

// Everything one interval needs: the deterministic propagation of X(0) and the Cholesky factor of (A, B).
struct OuStep {
  double decay;            // e^{-a} (not 1 - p: relative accuracy for large a): X(h) = decay X(0) + A
  double integral_weight;  // tau (1 - e^{-a}) = h phi_1(-a): I = integral_weight X(0) + B
  double l11;              // A = l11 z1
  double l21, l22;         // B = l21 z1 + l22 z2
};

// One interval of length `interval` (>= 0) for relaxation time tau (> 0, finite) and stationary variance
// sigma2 (>= 0).
inline OuStep ou_step(double interval, double tau, double sigma2) {
  assert(interval >= 0.0 && tau > 0.0 && sigma2 >= 0.0);
  const double a = interval / tau;
  const double p = -std::expm1(-a);
  const double sigma = std::sqrt(sigma2);
  const double q = std::sqrt(2.0 - p);
  return {std::exp(-a), tau * p, sigma * std::sqrt(p) * q, sigma * tau * p * std::sqrt(p) / q,
          sigma * tau * std::sqrt(2.0 * ou_g(a))};
}

// The Cholesky factors of ou_step alone (what a draw needs): one expm1 and three square roots.
struct OuFactors {
  double l11, l21, l22;
};
inline OuFactors ou_factors(double interval, double tau, double sigma2) {
  const double a = interval / tau;
  const double p = -std::expm1(-a);
  const double sigma = std::sqrt(sigma2);
  const double q = std::sqrt(2.0 - p), sp = std::sqrt(p);
  return {sigma * sp * q, sigma * tau * p * sp / q, sigma * tau * std::sqrt(2.0 * ou_g(a))};
}

struct OuIncrement {
  double a;  // A = X(h) - e^{-a} X(0)
  double b;  // B = I - tau (1 - e^{-a}) X(0)
};

// (A, B) from two independent standard normals.
constexpr OuIncrement ou_increment(const OuStep& s, double z1, double z2) {
  return {s.l11 * z1, s.l21 * z1 + s.l22 * z2};
}

struct OuAdvance {
  double x;         // X(h)
  double integral;  // int_0^h X dt
};

// X(h) and the integral of X over the interval, given X(0) and two independent standard normals.
constexpr OuAdvance ou_advance(const OuStep& s, double x0, double z1, double z2) {
  const OuIncrement d = ou_increment(s, z1, z2);
  return {s.decay * x0 + d.a, s.integral_weight * x0 + d.b};
}

// The covariance of (A, B) in physical units.
struct OuCovariance {
  double var_a, var_b, cov_ab;
};

inline OuCovariance ou_covariance(double interval, double tau, double sigma2) {
  const OuUnitCovariance u = ou_unit_covariance(interval / tau);
  return {sigma2 * u.var_a, sigma2 * tau * tau * u.var_b, sigma2 * tau * u.cov_ab};
}

}  // namespace ishydro
