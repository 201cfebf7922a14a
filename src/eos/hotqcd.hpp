#pragma once
// The HotQCD 2014 equation of state of QCD matter (Bazavov et al., Phys. Rev. D 90, 094503 (2014):
// their parametrization of p/T^4 and its coefficients), docs/eos_qcd_notes.md:
//   p/T^4 = f(t) = g(t) N(t) / D(t),   t = T/Tc,   Tc = 0.154 GeV,
//   g = (1 + tanh(ct (t - t0))) / 2,
//   N = pid + an/t + bn/t^2 + cn/t^3 + dn/t^4,   D = 1 + ad/t + bd/t^2 + cd/t^3 + dd/t^4.
// Everything else follows from p(T) analytically (no finite differences), with fk = t^k d^kf/dt^k:
//   s = dp/dT = T^3 (4 f + f1),  e = T s - p = T^4 (3 f + f1),  ds/dT = T^2 (12 f + 8 f1 + f2),
//   cs2 = dp/de = s / (T ds/dT) = (4 f + f1) / (12 f + 8 f1 + f2),
//   d cs2 / d ln T = (5 f1 + f2 - cs2 (20 f1 + 10 f2 + f3)) / (12 f + 8 f1 + f2),
// divided by (hbar c)^3 for e, p in GeV/fm^3 and s in 1/fm^3 (T in GeV).
//
// Range: T >= kTMin = 0.08 GeV (D has a zero near T = 0.045 GeV; the parametrization was fitted to
// T >= 0.13 GeV, and matches the hadron resonance gas down to ~0.08 GeV) and T <= T_max (the
// constructor's, 100 GeV by default; only the inversion's table ends there, the formula does not).
// Out of range: every function of e returns NaN (quiet, in that lane only) when e is below e_min() =
// e(kTMin) or above e_max() = e(T_max) by more than kRangeSlack relative, or e is NaN; the solver
// checks the temperature with std::isnan and stops with range_message(e), which names the temperature
// bound. (The slack: e(T_min) computed elsewhere may differ from e_min() by an ulp or two, the compiler
// fusing multiply-adds differently; a few ulp beyond a bound, T(e) is still exact: the Newton step
// does not need the start to come from inside the table.) The functions of T do not check (they are
// the formula).
//
// T(e) is exact to round-off (docs/eos_qcd_notes.md for the measured error and cost): a table uniform
// in ln e, built at construction, holds ln T and d ln T / d ln e = e / (T de/dT) (exact at its nodes);
// the cubic Hermite interpolant of ln T in ln e gives a start T0 (relative error < 3e-9 with the
// default 512 nodes, largest in the crossover), then ONE Newton step on e(T) - e = 0 with
// de/dT = T ds/dT squares that error away (~1e-17). p, s, cs2 and ds/dT at e are the formula's at T0
// plus their first-order change to T = T0 + dT (the neglected terms are ~ (dT/T)^2 ~ 1e-17), so all are
// exact to round-off and cost one evaluation of the formula (one log, two exp, one division and a
// few dozen multiply-adds per cell).
#include <array>
#include <numbers>
#include <string>
#include <vector>

#include "eos/qcd_lanes.hpp"

// Vectors are passed between inline functions only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {

namespace hotqcd {

inline constexpr double kTc = 0.154;  // GeV
inline constexpr double kPid = 95.0 * std::numbers::pi * std::numbers::pi / 180.0;
inline constexpr double kCt = 3.8706, kT0 = 0.9761;
inline constexpr double kAn = -8.7704, kBn = 3.9200, kCn = 0.0, kDn = 0.3419;
inline constexpr double kAd = -1.2600, kBd = 0.8425, kCd = 0.0, kDd = -0.0475;

// f = p/T^4 and its scaled t-derivatives fk = t^k d^kf/dt^k, at t = T/Tc. With theta = t d/dt
// (= T d/dT): theta f = f1, theta f1 = f1 + f2, theta f2 = 2 f2 + f3.
template <class Real>
struct Reduced {
  Real f, f1, f2, f3;
  Real pressure() const { return f; }                              // p / T^4
  Real entropy() const { return 4.0 * f + f1; }                    // s / T^3
  Real energy() const { return 3.0 * f + f1; }                     // e / T^4
  Real entropy_slope() const { return 12.0 * f + 8.0 * f1 + f2; }  // (ds/dT) / T^2
  Real cs2() const { return entropy() / entropy_slope(); }         // dp/de
  Real dlnT_dlne() const { return energy() / entropy_slope(); }    // e / (T de/dT)
  // d cs2 / d ln T = (theta S - cs2 theta K) / K, S = entropy(), K = entropy_slope(), theta S = 5 f1 + f2,
  // theta K = 20 f1 + 10 f2 + f3.
  Real cs2_log_slope() const { return (5.0 * f1 + f2 - cs2() * entropy_slope_log_slope()) / entropy_slope(); }
  Real entropy_slope_log_slope() const { return 20.0 * f1 + 10.0 * f2 + f3; }  // theta K
};

// The parametrization and its first three derivatives. With x = 1/t, a polynomial P(x) of N or D has
//   P1 = -x P_x,   P2 = 2 x P_x + x^2 P_xx,   P3 = -(6 x P_x + 6 x^2 P_xx + x^3 P_xxx)
// (t^k d^k/dt^k = theta (theta - 1) ... (theta - k + 1), theta = t d/dt = -x d/dx); R = N/D follows from
// Leibniz's rule on N = R D (it holds for the scaled derivatives too):
//   R1 = (N1 - R D1) / D,  R2 = (N2 - R D2 - 2 R1 D1) / D,  R3 = (N3 - R D3 - 3 R1 D2 - 3 R2 D1) / D;
// g = 1 / (1 + exp(-2u)), u = ct (t - t0) (the same as (1 + tanh u)/2, without the cancellation of
// 1 + tanh u at low T) has, with a = 2 ct, w = g (1 - g):
//   g' = a w,  g'' = a^2 w (1 - 2g),  g''' = a^3 w ((1 - 2g)^2 - 2w);
// and f = g R: fk = sum_j binom(k, j) gj R(k-j).
template <class Real>
inline Reduced<Real> p_over_T4(const Real& t) {
  using qcd_detail::lane_exp;
  const Real x = 1.0 / t;
  // P, x P_x, x^2 P_xx, x^3 P_xxx of N (likewise D).
  const Real N = kPid + x * (kAn + x * (kBn + x * (kCn + x * kDn)));
  const Real xNx = x * (kAn + x * (2.0 * kBn + x * (3.0 * kCn + x * (4.0 * kDn))));
  const Real x2Nxx = x * x * (2.0 * kBn + x * (6.0 * kCn + x * (12.0 * kDn)));
  const Real x3Nxxx = x * x * x * (6.0 * kCn + x * (24.0 * kDn));
  const Real D = 1.0 + x * (kAd + x * (kBd + x * (kCd + x * kDd)));
  const Real xDx = x * (kAd + x * (2.0 * kBd + x * (3.0 * kCd + x * (4.0 * kDd))));
  const Real x2Dxx = x * x * (2.0 * kBd + x * (6.0 * kCd + x * (12.0 * kDd)));
  const Real x3Dxxx = x * x * x * (6.0 * kCd + x * (24.0 * kDd));
  const Real N1 = -xNx, N2 = 2.0 * xNx + x2Nxx, N3 = -(6.0 * xNx + 6.0 * x2Nxx + x3Nxxx);
  const Real D1 = -xDx, D2 = 2.0 * xDx + x2Dxx, D3 = -(6.0 * xDx + 6.0 * x2Dxx + x3Dxxx);
  const Real invD = 1.0 / D;
  const Real R = N * invD;
  const Real R1 = (N1 - R * D1) * invD;
  const Real R2 = (N2 - R * D2 - 2.0 * R1 * D1) * invD;
  const Real R3 = (N3 - R * D3 - 3.0 * R1 * D2 - 3.0 * R2 * D1) * invD;
  const Real E = lane_exp(-2.0 * kCt * (t - kT0));
  const Real g = 1.0 / (1.0 + E);
  const Real w = E * g * g;  // g (1 - g), 1 - g = E g
  const Real c = 1.0 - 2.0 * g;
  const Real at = 2.0 * kCt * t;
  const Real g1 = at * w, g2 = at * at * w * c, g3 = at * at * at * w * (c * c - 2.0 * w);
  return {g * R, g1 * R + g * R1, g2 * R + 2.0 * g1 * R1 + g * R2,
          g3 * R + 3.0 * g2 * R1 + 3.0 * g1 * R2 + g * R3};
}

}  // namespace hotqcd

// Thermodynamics at one point (one cell, or kCellLanes cells): T in GeV, p and e in GeV/fm^3, s in
// 1/fm^3, ds/dT in 1/(GeV fm^3).
template <class Real>
struct QcdThermoT {
  Real T, p, e, s, cs2, ds_dT;
};
using QcdThermo = QcdThermoT<double>;

class HotQcdEos {
 public:
  static constexpr double kHbarC = 0.1973269804;  // GeV fm, the same as eos/eos.hpp's
  static constexpr double kTMin = 0.08;           // GeV
  static constexpr double kTMaxDefault = 100.0;   // GeV
  static constexpr int kNodesDefault = 512;       // 16 KiB of table

  // Builds the T(e) table: `nodes` points uniform in ln e between e(kTMin) and e(T_max).
  explicit HotQcdEos(double T_max = kTMaxDefault, int nodes = kNodesDefault);

  double T_min() const { return kTMin; }
  double T_max() const { return T_max_; }
  double e_min() const { return e_min_; }  // e(T_min), GeV/fm^3
  double e_max() const { return e_max_; }  // e(T_max)
  int nodes() const { return static_cast<int>(table_.size()) + 1; }
  static constexpr double kRangeSlack = 1e-14;
  bool in_range(double e) const { return e >= e_lo_ && e <= e_hi_; }
  // The table's T before the Newton step (for the tests and docs/eos_qcd_notes.md); e in range.
  double start_temperature(double e) const { return std::exp(start_lnT(e)); }
  // Why e is out of range, naming the temperature bound, e.g. "energy density 0.001 GeV/fm^3 is below
  // e(T = 0.08 GeV) = 0.00433 GeV/fm^3, the lower end of the HotQCD equation of state".
  std::string range_message(double e) const;

  // ---- Functions of T: the formula (no range check).
  template <class Real>
  static QcdThermoT<Real> at_temperature(const Real& T) {
    const hotqcd::Reduced<Real> r = hotqcd::p_over_T4(T * (1.0 / hotqcd::kTc));
    const Real T3 = T * T * T * kInvHbarC3;
    const Real T4 = T3 * T;
    return {T,
            T4 * r.pressure(),
            T4 * r.energy(),
            T3 * r.entropy(),
            r.cs2(),
            T * T * kInvHbarC3 * r.entropy_slope()};
  }
  template <class Real>
  static Real energy_density(const Real& T) {
    return at_temperature(T).e;
  }
  template <class Real>
  static Real pressure_at_temperature(const Real& T) {
    return at_temperature(T).p;
  }
  template <class Real>
  static Real entropy_at_temperature(const Real& T) {
    return at_temperature(T).s;
  }
  template <class Real>
  static Real cs2_at_temperature(const Real& T) {
    return at_temperature(T).cs2;
  }

  // ---- Functions of e (GeV/fm^3): NaN out of range (above).
  template <class Real>
  QcdThermoT<Real> at_energy_density(const Real& e) const;
  template <class Real>
  Real temperature(const Real& e) const {
    return at_energy_density(e).T;
  }
  template <class Real>
  Real pressure(const Real& e) const {
    return at_energy_density(e).p;
  }
  template <class Real>
  Real cs2(const Real& e) const {
    return at_energy_density(e).cs2;
  }
  template <class Real>
  Real entropy_density(const Real& e) const {
    return at_energy_density(e).s;
  }

 private:
  static constexpr double kInvHbarC3 = 1.0 / (kHbarC * kHbarC * kHbarC);
  // ln T at ln e = y0 + h (i + u), u in [0, 1]: c0 + u (c1 + u (c2 + u c3)) (cubic Hermite).
  double start_lnT(double e) const;

  double T_max_, e_min_, e_max_;
  double e_lo_, e_hi_;  // e_min_ and e_max_ widened by kRangeSlack
  double y0_, inv_h_;
  std::vector<std::array<double, 4>> table_;  // one row per interval
};

inline double HotQcdEos::start_lnT(double e) const {
  double q = (std::log(e) - y0_) * inv_h_;
  const double last = static_cast<double>(table_.size());
  if (!(q >= 0.0)) q = 0.0;  // also NaN (the caller returns NaN for it)
  if (!(q <= last)) q = last;
  std::size_t i = static_cast<std::size_t>(q);
  if (i == table_.size()) --i;
  const double u = q - static_cast<double>(i);
  const std::array<double, 4>& c = table_[i];
  return c[0] + u * (c[1] + u * (c[2] + u * c[3]));
}

template <class Real>
QcdThermoT<Real> HotQcdEos::at_energy_density(const Real& e) const {
  Real lnT0{};
  for (int l = 0; l < kLanesOf<Real>; ++l) qcd_detail::set_lane(lnT0, l, start_lnT(qcd_detail::lane(e, l)));
  const Real T0 = qcd_detail::lane_exp(lnT0);
  const hotqcd::Reduced<Real> r = hotqcd::p_over_T4(T0 * (1.0 / hotqcd::kTc));
  const Real T3 = T0 * T0 * T0 * kInvHbarC3;
  const Real T4 = T3 * T0;
  const Real K = r.entropy_slope();
  const Real s0 = T3 * r.entropy();
  const Real ds_dT = T0 * T0 * kInvHbarC3 * K;
  // Newton: T = T0 - (e(T0) - e) / (T0 ds/dT(T0)), with e(T0) = T0^4 E(T0).
  const Real dT = T0 * (e / T4 - r.energy()) / K;
  const auto ok = (e >= e_lo_) & (e <= e_hi_);
  using qcd_detail::nan_unless;
  // Each quantity at T0 + dT to first order in dT (the neglected terms are ~ (dT/T)^2 ~ 1e-20).
  const Real x = dT / T0;
  return {nan_unless(ok, T0 + dT),
          nan_unless(ok, T4 * r.pressure() + s0 * dT),
          nan_unless(ok, e),
          nan_unless(ok, s0 + ds_dT * dT),
          nan_unless(ok, r.cs2() + r.cs2_log_slope() * x),
          nan_unless(ok, ds_dT * (1.0 + (2.0 + r.entropy_slope_log_slope() / K) * x))};
}

}  // namespace ishydro

#pragma GCC diagnostic pop
