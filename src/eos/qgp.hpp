#pragma once
// The massless quark-gluon gas with nf flavours (docs/equations.md, eqs. 80-84):
//   p = [(8 pi^2/45) + (7 pi^2/60) nf] T^4 + (nf/2) mu_q^2 T^2 + nf mu_q^4/(4 pi^2),  mu_q = mu_B/3,
// divided by (hbar c)^3, and e = 3 p at any mu_B. With x = mu_q/T = alpha/3 every density is T^k times
// a polynomial in x, so the map (e, n_B) -> (T, mu_B) reduces to one equation in x alone (eq. 83):
// y = n_B (hbar c)^(3/4) / e^(3/4) = g(x), g odd and strictly increasing, solved by one Newton step from
// a fitted start where mu_B/T < 3.4 and by safeguarded Newton beyond; then T from e and x. Its derivatives
// (eq. 84) are closed forms through g'(x), which is written with the leading powers cancelled by hand so that
// it keeps full precision at large x.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "simd/cell_lanes.hpp"

namespace ishydro {

// Vectors are passed between inline functions only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

template <class Real>
struct ChargedStateT {
  Real T{}, muB{}, p{}, s{};
  Real cs2{};           // (dp/de)_nB          (= 1/3 for qgp)
  Real dp_dn{};         // (dp/dnB)_e          (= 0 for qgp)
  Real alpha{};         // muB / T
  Real dalpha_de{};     // (d alpha / de)_nB
  Real dalpha_dn{};     // (d alpha / dnB)_e
  Real chiB{};          // (dnB/dmuB)_T
  Real n_over_alpha{};  // nB / alpha, analytic (finite at alpha -> 0)
};
using ChargedState = ChargedStateT<double>;

class QgpGas {
 public:
  static constexpr double kHbarC = 0.1973269804;  // GeV fm, the same as eos/eos.hpp's (a test checks)

  explicit QgpGas(double nf)
      : nf_(nf),
        a_(kPi2 * (8.0 / 45.0 + 7.0 / 60.0 * nf)),
        g_max_(nf / (3.0 * kPi2) / std::pow(0.75 * nf / kPi2, 0.75)),
        g1_(nf / 3.0 / std::pow(3.0 * a_, 0.75)),
        inv_g1_(1.0 / g1_),
        hbarc34_(std::pow(kHbarC, 0.75)) {
    fit_start();
  }
  double nf() const { return nf_; }
  // The degrees of freedom of the mu_B = 0 gas: p = (pi^2/90) dof T^4 (eq. 80).
  double dof() const { return 16.0 + 10.5 * nf_; }

  // Grand-canonical side: GeV, GeV -> GeV/fm^3, 1/fm^3, 1/(GeV fm^3) (eqs. 80-82).
  double pressure(double T, double muB) const {
    const double mq = muB / 3.0, T2 = T * T, m2 = mq * mq;
    return (a_ * T2 * T2 + 0.5 * nf_ * m2 * T2 + nf_ * m2 * m2 / (4.0 * kPi2)) * kInvHbarC3;
  }
  double energy_density(double T, double muB) const { return 3.0 * pressure(T, muB); }
  double baryon_density(double T, double muB) const {
    const double mq = muB / 3.0;
    return nf_ / 3.0 * mq * (T * T + mq * mq / kPi2) * kInvHbarC3;
  }
  double entropy_density(double T, double muB) const {
    const double mq = muB / 3.0;
    return (4.0 * a_ * T * T * T + nf_ * mq * mq * T) * kInvHbarC3;
  }
  double susceptibility(double T, double muB) const {
    const double mq = muB / 3.0;
    return nf_ / 9.0 * (T * T + 3.0 * mq * mq / kPi2) * kInvHbarC3;
  }
  // The largest |n_B| at energy density e: the T -> 0 (degenerate) limit, |y| -> g(infinity). A state
  // at or beyond it has no temperature (state() gives NaN).
  double max_baryon_density(double e) const { return g_max_ * std::pow(e, 0.75) / std::pow(kHbarC, 0.75); }

  // (e, nB) -> everything, for one cell (Real = double) or kCellLanes cells (Real = CellLanes,
  // simd/cell_lanes.hpp; the lanes in lockstep, selects instead of branches: a lane's result never
  // depends on the others). Exact to round-off; odd in nB; nB = 0 gives muB = 0 exactly; any e > 0 and
  // |nB| < max_baryon_density(e), NaN fields otherwise.
  template <class Real>
  ChargedStateT<Real> state_cells(const Real& e, const Real& nB) const {
    Scaled<Real> sc = scaled(e, nB);
    const auto valid = (e > 0.0) & (sc.y < g_max_);
    sc.y = valid ? sc.y : Real{};  // invalid lanes solve y = 0 (and end as NaN below)
    ChargedStateT<Real> st = closed_forms(e, nB, sc, solve_x(sc.y));
    if (any_lane(valid == 0)) {
      const Real nan = splat<Real>(std::numeric_limits<double>::quiet_NaN());
      for (Real* f : {&st.T, &st.muB, &st.p, &st.s, &st.cs2, &st.dp_dn, &st.alpha, &st.dalpha_de,
                      &st.dalpha_dn, &st.chiB, &st.n_over_alpha})
        *f = valid ? *f : nan;
    }
    return st;
  }
  ChargedState state(double e, double nB) const { return state_cells(e, nB); }

  // The powers of e that state() needs, and y = |nB| (hbar c)^(3/4) / e^(3/4) (eq. 83): two square
  // roots and one division (e^(-3/4) = e^(1/4) / e).
  template <class Real>
  struct Scaled {
    Real e14{}, inv_e{}, inv_e34{}, y{};
  };
  template <class Real>
  Scaled<Real> scaled(const Real& e, const Real& nB) const {
    Scaled<Real> sc;
    sc.e14 = lane_sqrt(lane_sqrt(e));
    sc.inv_e = 1.0 / e;
    sc.inv_e34 = sc.e14 * sc.inv_e;
    sc.y = lane_abs(nB) * hbarc34_ * sc.inv_e34;
    return sc;
  }

  // Everything from the root x of eq. 83 (eq. 84): four square roots and two divisions.
  // T = (e (hbar c)^3 / (3P))^(1/4) as a fourth root (which quarters the rounding of its argument: the
  // round trip e(T, mu_B) stays within a few ulp), and 1/g' = P D / n'(x) with D = (3P)^(3/4) and n'(x)
  // the numerator of g' (eq. 83).
  template <class Real>
  ChargedStateT<Real> closed_forms(const Real& e, const Real& nB, const Scaled<Real>& sc,
                                   const Real& x) const {
    ChargedStateT<Real> st;
    const Real P = poly_p(x);
    st.T = lane_sqrt(lane_sqrt(e * kHbarC3 / (3.0 * P)));
    const Real sign = nB < 0.0 ? splat<Real>(-1.0) : splat<Real>(1.0);
    st.alpha = sign * 3.0 * x;
    st.muB = st.alpha * st.T;
    st.p = e / 3.0;
    st.cs2 = splat<Real>(1.0 / 3.0);
    st.dp_dn = Real{};
    const Real T2 = st.T * st.T, x2 = x * x;
    st.s = st.T * T2 * (4.0 * a_ + nf_ * x2) * kInvHbarC3;
    st.chiB = nf_ / 9.0 * T2 * (1.0 + 3.0 * x2 / kPi2) * kInvHbarC3;
    st.n_over_alpha = nf_ / 9.0 * st.T * T2 * (1.0 + x2 / kPi2) * kInvHbarC3;
    // alpha = 3 g^{-1}(y), y = nB (hbar c)^(3/4) e^(-3/4): dy/dnB = y/nB, dy/de = -(3/4) y/e (eq. 84).
    const Real inv_gp = P * three_quarters(P) / g_prime_numerator(x);
    st.dalpha_dn = 3.0 * hbarc34_ * sc.inv_e34 * inv_gp;
    st.dalpha_de = -sign * 2.25 * sc.y * sc.inv_e * inv_gp;
    return st;
  }

  // The dimensionless equation of state in x = mu_q/T (eq. 83), public for the tests:
  // e (hbar c)^3 = 3 T^4 P(x), nB (hbar c)^3 = T^3 N(x), y = g(x) = N/(3P)^(3/4).
  template <class Real>
  Real poly_p(const Real& x) const {
    const Real x2 = x * x;
    return a_ + 0.5 * nf_ * x2 + nf_ * x2 * x2 / (4.0 * kPi2);
  }
  template <class Real>
  Real poly_n(const Real& x) const {
    return nf_ / 3.0 * x * (1.0 + x * x / kPi2);
  }
  // D = (3P)^(3/4), two square roots.
  template <class Real>
  static Real three_quarters(const Real& P) {
    const Real r = lane_sqrt(3.0 * P);
    return r * lane_sqrt(r);
  }
  double g(double x) const { return poly_n(x) / three_quarters(poly_p(x)); }
  // g' = (N' P - (9/4) N^2) / (P (3P)^(3/4)); the x^6 terms of the numerator cancel exactly, leaving
  // (nf/3) [a + (3a/pi^2 - nf/4) x^2 + nf x^4/(4 pi^2)] > 0, so g is strictly increasing.
  double g_prime(double x, double P) const { return g_prime_numerator(x) / (P * three_quarters(P)); }
  template <class Real>
  Real g_prime_numerator(const Real& x) const {
    const Real x2 = x * x;
    return nf_ / 3.0 * (a_ + (3.0 * a_ / kPi2 - 0.25 * nf_) * x2 + nf_ * x2 * x2 / (4.0 * kPi2));
  }
  double g_max() const { return g_max_; }

  // x >= 0 with g(x) = y, 0 <= y < g_max (eq. 83), one value or kCellLanes. Below start_y_max_ (every
  // cell of a run with mu_B/T < 3.4): one Newton step from the fitted start. Above: Newton from the
  // small-x start y/g'(0) below y = 0.8 g_max and the large-x start from g = g_max (1 - pi^2/(2 x^2)
  // + ...) above (at most 9 iterations, 2.8 on average over y in [0, g_max)), kept inside the bracket it
  // narrows (a step that leaves it bisects); it stops when the residual N - y D (D = (3P)^(3/4)) is at
  // round-off (a few ulp of N: the backward error of (e, nB) is then a few ulp, even at large x where x
  // itself is ill-determined, cond = g/(x g') ~ x^2/pi^2) or the step is below two ulp of x. Lanes: each
  // takes the same start, bracket, steps and stopping tests; one that has stopped keeps its x while the
  // others go on.
  template <class Real>
  Real solve_x(const Real& y) const {
    constexpr double eps = std::numeric_limits<double>::epsilon();
    const Real fitted = newton_step(fitted_start(y), y);
    const auto in_fit = y <= start_y_max_;
    if (!any_lane(in_fit == 0)) return fitted;
    const Real u = y / g_max_;
    const Real large = std::numbers::pi / lane_sqrt(2.0 * (1.0 - u));
    Real x = u < 0.8 ? y / g1_ : large;
    x = y == 0.0 ? Real{} : x;
    Real lo{}, hi = splat<Real>(std::numeric_limits<double>::infinity());
    auto done = (y == 0.0) | in_fit;  // (the fitted lanes are taken from `fitted` below)
    for (int it = 0; it < 100 && any_lane(done == 0); ++it) {
      const Real P = poly_p(x), D = three_quarters(P);
      const Real N = poly_n(x), res = N - y * D;
      done |= lane_abs(res) <= 2.0 * eps * N;
      const auto live = done == 0;
      lo = (live & (res < 0.0)) ? x : lo;
      hi = (live & (res >= 0.0)) ? x : hi;
      Real next = x - res * P / g_prime_numerator(x);
      const auto outside = ((next > lo) & (next < hi)) == 0;
      const Real fallback = hi == std::numeric_limits<double>::infinity() ? 2.0 * x : 0.5 * (lo + hi);
      next = outside ? fallback : next;
      const Real step = lane_abs(next - x);
      x = live ? next : x;
      done |= live & (step <= 2.0 * eps * x);
    }
    return in_fit ? fitted : x;
  }

  // One Newton step of eq. 83 from x: with D = (3P)^(3/4), g - y = (N - y D)/D and g' = n'(x)/(P D), so
  // the step is (N - y D) P / n'(x) (one division).
  template <class Real>
  Real newton_step(const Real& x, const Real& y) const {
    const Real P = poly_p(x);
    return x - (poly_n(x) - y * three_quarters(P)) * P / g_prime_numerator(x);
  }
  // The fitted start x0(y) for 0 <= y <= start_y_max_: x0 = t h(s), t = y/g'(0), with h = x/t (even in
  // t, 1 at t = 0) a Chebyshev series in s = 2 (t/t_max)^2 - 1 (Clenshaw's recurrence).
  template <class Real>
  Real fitted_start(const Real& y) const {
    const Real t = y * inv_g1_;
    const Real r = t * inv_t_max_;
    const Real s = 2.0 * r * r - 1.0;
    Real b1{}, b2{};
    for (int j = kStartTerms - 1; j >= 1; --j) {
      const Real b0 = 2.0 * s * b1 - b2 + start_c_[j];
      b2 = b1;
      b1 = b0;
    }
    return t * (s * b1 - b2 + start_c_[0]);
  }
  // The largest y of the fitted start (-1: none, if the fit missed its bound, which no nf tried does).
  double start_y_max() const { return start_y_max_; }

 private:
  static constexpr double kPi2 = std::numbers::pi * std::numbers::pi;
  static constexpr double kHbarC3 = kHbarC * kHbarC * kHbarC;
  static constexpr double kInvHbarC3 = 1.0 / kHbarC3;

  // The fitted start of eq. 83's Newton iteration (fit_start): below y = kStartU g_max (x < 1.15,
  // mu_B/T < 3.4, beyond the diffusion front's causal limit 2.8) the start is within 1e-9 of the root,
  // so one Newton step lands within ~1e-18 (the error squares; x g''/g' is of order 1 there): one
  // evaluation of g instead of the 2-5 of the safeguarded iteration.
  static constexpr double kStartU = 0.45;
  static constexpr int kStartTerms = 10;
  // Chebyshev interpolation of h = x/t at kStartTerms nodes in s, the roots x from the safeguarded
  // iteration; then the fit is checked on a fine grid against the same roots, and used only if its
  // relative error is below 1e-9 (tests/eos/test_qgp.cpp measures it).
  void fit_start() {
    start_y_max_ = -1.0;  // solve_x below: the safeguarded iteration alone
    const double t_max = kStartU * g_max_ / g1_;
    inv_t_max_ = 1.0 / t_max;
    auto h_at = [&](double s) {
      const double t = t_max * std::sqrt(0.5 * (s + 1.0));
      return solve_x(g1_ * t) / t;
    };
    double node_h[kStartTerms];
    for (int k = 0; k < kStartTerms; ++k)
      node_h[k] = h_at(std::cos(std::numbers::pi * (k + 0.5) / kStartTerms));
    for (int j = 0; j < kStartTerms; ++j) {
      double c = 0;
      for (int k = 0; k < kStartTerms; ++k)
        c += node_h[k] * std::cos(std::numbers::pi * j * (k + 0.5) / kStartTerms);
      start_c_[j] = (j == 0 ? 1.0 : 2.0) * c / kStartTerms;
    }
    double worst = 0;
    for (int i = 1; i <= 1000; ++i) {
      const double y = kStartU * g_max_ * i / 1000.0;
      const double x = solve_x(y);
      worst = std::max(worst, std::abs(fitted_start(y) - x) / x);
    }
    if (worst < 1e-9) start_y_max_ = kStartU * g_max_;
  }

  double nf_, a_, g_max_;
  double g1_;       // g'(0)
  double inv_g1_;   // 1/g'(0)
  double hbarc34_;  // (hbar c)^(3/4)
  double start_c_[kStartTerms] = {}, inv_t_max_ = 0, start_y_max_ = -1.0;
};

#pragma GCC diagnostic pop

}  // namespace ishydro
