#pragma once
// The equation of state as a runtime kind (docs/equations.md, eqs. 20-22; docs/eos_qcd_notes.md):
//   conformal / ideal: p = cs2 e, e = (pi^2/30) dof T^(1 + 1/cs2) / (hbar c)^3 (constant sound speed);
//   hotqcd:            the HotQCD 2014 parametrization (eos/hotqcd.hpp), valid for T >= 0.08 GeV;
//   table:             a text table "e p s T" (eos/eos_table.hpp);
//   qgp:               the massless quark-gluon gas (eos/qgp.hpp): at mu_B = 0 conformal with
//                      dof = 16 + 10.5 nf, so the uncharged solver takes the constant-cs2 path; a
//                      charged run asks qgp_gas() for (e, nB) -> (T, mu_B) (eqs. 80-84).
// e in GeV/fm^3, T in GeV, s in 1/fm^3. The hot loops ask `constant_cs2()` once and take the
// constant-sound-speed path (the expressions of before, bit for bit) when it is true; otherwise they
// call `state(e)` once per lane group, which gives T, p and cs2 = dp/de from one T(e) inversion.
// Copyable: the QCD kinds share their (immutable) tables.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <numbers>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "eos/eos_table.hpp"
#include "eos/hotqcd.hpp"
#include "eos/qgp.hpp"
#include "simd/cell_lanes.hpp"

namespace ishydro {

inline constexpr double kHbarC = 0.1973269804;  // GeV fm

// Vectors are passed between inline functions only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

// What the solver needs at a cell: T, p and cs2 = dp/de (NaN outside the EOS's range).
template <class Real>
struct EosStateT {
  Real T{}, p{}, cs2{};
};

class Eos {
 public:
  Eos(double cs2, double dof)
      : cs2_(cs2),
        dof_(dof),
        exponent_(1.0 / (1.0 + 1.0 / cs2)),
        norm_(std::numbers::pi * std::numbers::pi / 30.0 * dof / (kHbarC * kHbarC * kHbarC)),
        kind_(cs2 == 1.0 / 3.0 ? EosKind::conformal : EosKind::ideal) {}
  static Eos hotqcd() {
    Eos e(1.0 / 3.0, 0.0);
    e.kind_ = EosKind::hotqcd;
    e.qcd_ = std::make_shared<const HotQcdEos>();
    e.cs2_ = std::numeric_limits<double>::quiet_NaN();
    return e;
  }
  static Eos table(EosTable t) {
    Eos e(1.0 / 3.0, 0.0);
    e.kind_ = EosKind::table;
    e.table_ = std::make_shared<const EosTable>(std::move(t));
    e.cs2_ = std::numeric_limits<double>::quiet_NaN();
    return e;
  }
  // The quark-gluon gas with nf flavours (eq. 80): p = e/3 at any mu_B, dof = 16 + 10.5 nf.
  static Eos qgp(double nf) {
    Eos e(1.0 / 3.0, QgpGas(nf).dof());
    e.kind_ = EosKind::qgp;
    e.qgp_.emplace(nf);
    return e;
  }
  // Loads eos.path for kind = "table" (EosTableError on a bad table).
  static Eos from_config(const EosConfig& cfg) {
    switch (cfg.kind) {
      case EosKind::hotqcd:
        return hotqcd();
      case EosKind::table:
        return table(EosTable::load(cfg.path));
      case EosKind::qgp:
        return qgp(cfg.nf);
      case EosKind::conformal:
      case EosKind::ideal:
      default: {
        Eos e(cfg.cs2, cfg.dof);
        e.kind_ = cfg.kind;
        return e;
      }
    }
  }

  EosKind kind() const { return kind_; }
  const char* kind_name() const { return to_string(kind_); }
  // p = cs2 e with one constant cs2 (conformal, ideal): the fast path of the hot loops.
  bool constant_cs2() const { return !qcd_ && !table_; }
  // The constant sound speed (constant_cs2() only; NaN otherwise).
  double cs2() const { return cs2_; }
  double dof() const { return dof_; }
  // Whether the EOS has a baryon chemical potential (only qgp), and that gas (eq. 80; has_baryon_charge()
  // only).
  bool has_baryon_charge() const { return qgp_.has_value(); }
  const QgpGas& qgp_gas() const { return *qgp_; }
  // (e, nB) -> T, muB, p, s and the derivatives a charged run needs (eqs. 83-84), for one cell or
  // kCellLanes cells; has_baryon_charge() only. The one entry point of the charged solver, so that a
  // 2D table (e, nB) -> (p, T, muB) can follow as one more kind behind it.
  template <class Real>
  ChargedStateT<Real> charged_state(const Real& e, const Real& nB) const {
    return qgp_->state_cells(e, nB);
  }
  // The range of the EOS (0 and infinity for constant cs2).
  double e_min() const { return qcd_ ? qcd_->e_min() : table_ ? table_->e_min() : 0.0; }
  double e_max() const {
    return qcd_ ? qcd_->e_max() : table_ ? table_->e_max() : std::numeric_limits<double>::infinity();
  }
  double T_min() const { return qcd_ ? qcd_->T_min() : table_ ? table_->T_min() : 0.0; }
  double T_max() const {
    return qcd_ ? qcd_->T_max() : table_ ? table_->T_max() : std::numeric_limits<double>::infinity();
  }
  bool in_range(double e) const { return qcd_ ? qcd_->in_range(e) : table_ ? table_->in_range(e) : e > 0; }
  // Why e is out of range, naming eos.kind.
  std::string range_message(double e) const {
    const std::string what = qcd_ ? qcd_->range_message(e) : table_ ? table_->range_message(e) : "";
    return std::string("eos.kind = \"") + kind_name() + "\" is valid for T in [" + fmt_g(T_min()) + ", " +
           fmt_g(T_max()) + "] GeV: " + what;
  }

  // T, p and cs2 at e, for one cell or kCellLanes cells.
  template <class Real>
  EosStateT<Real> state(const Real& e) const {
    if (qcd_) {
      const QcdThermoT<Real> q = qcd_->at_energy_density(e);
      return {q.T, q.p, q.cs2};
    }
    if (table_) {
      const QcdThermoT<Real> q = table_->at_energy_density(e);
      return {q.T, q.p, q.cs2};
    }
    return {temperature(e), cs2_ * e, splat<Real>(cs2_)};
  }
  // p / e (the ratio the primitive recovery iterates on), for one cell or kCellLanes cells.
  template <class Real>
  Real pressure_ratio(const Real& e) const {
    return state(e).p / e;
  }

  double pressure(double e) const { return constant_cs2() ? cs2_ * e : state(e).p; }
  double sound_speed_squared(double e) const { return constant_cs2() ? cs2_ : state(e).cs2; }
  double temperature(double e) const { return temperature<double>(e); }
  // The same for one cell or kCellLanes cells (simd/cell_lanes.hpp). The conformal exponent 1/4 is
  // two square roots (correctly rounded instructions, vectorizable); any other one std::pow per cell.
  template <class Real>
  Real temperature(const Real& e) const {
    if (qcd_) return qcd_->temperature(e);
    if (table_) return table_->temperature(e);
    const Real x = e / norm_;
    if (exponent_ == 0.25) return lane_sqrt(lane_sqrt(x));
    if constexpr (kIsLanes<Real>) {
      Real T{};
      for (int l = 0; l < kLanesOf<Real>; ++l) T[l] = std::pow(x[l], exponent_);
      return T;
    } else {
      return std::pow(x, exponent_);
    }
  }
  // e(T); NaN outside the EOS's temperature range.
  double energy_density(double T) const {
    if (qcd_) return T >= qcd_->T_min() && T <= qcd_->T_max() ? HotQcdEos::energy_density(T) : nan();
    if (table_) return table_energy_density(T);
    return norm_ * std::pow(T, 1.0 + 1.0 / cs2_);
  }
  double entropy_density(double e) const { return (e + pressure(e)) / temperature(e); }

 private:
  static double nan() { return std::numeric_limits<double>::quiet_NaN(); }
  static std::string fmt_g(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", x);
    return buf;
  }
  // T -> e for a table: bisection in ln e on the (monotone) interpolated T(e), to round-off.
  double table_energy_density(double T) const {
    if (!(T >= table_->T_min() && T <= table_->T_max())) return nan();
    double lo = std::log(table_->e_min()), hi = std::log(table_->e_max());
    for (int i = 0; i < 200 && hi - lo > 1e-16 * std::max(1.0, std::abs(hi)); ++i) {
      const double mid = 0.5 * (lo + hi);
      (table_->temperature(std::exp(mid)) < T ? lo : hi) = mid;
    }
    return std::min(std::max(std::exp(0.5 * (lo + hi)), table_->e_min()), table_->e_max());
  }

  double cs2_, dof_, exponent_, norm_;
  std::optional<QgpGas> qgp_;  // qgp only
  EosKind kind_;
  std::shared_ptr<const HotQcdEos> qcd_;
  std::shared_ptr<const EosTable> table_;
};

#pragma GCC diagnostic pop

}  // namespace ishydro
