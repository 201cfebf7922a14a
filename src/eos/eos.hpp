#pragma once
// Equations of state with constant sound speed (docs/equations.md, eqs. 20-22):
//   p = cs2 e,   e = (pi^2/30) dof T^(1 + 1/cs2) / (hbar c)^3,   s = (e + p) / T.
// "conformal" is cs2 = 1/3 (e proportional to T^4). e in GeV/fm^3, T in GeV, s in 1/fm^3.
#include <cmath>
#include <numbers>

#include "config/config.hpp"
#include "simd/cell_lanes.hpp"

namespace ishydro {

inline constexpr double kHbarC = 0.1973269804;  // GeV fm

// Vectors are passed between inline functions only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

class Eos {
 public:
  Eos(double cs2, double dof)
      : cs2_(cs2),
        dof_(dof),
        exponent_(1.0 / (1.0 + 1.0 / cs2)),
        norm_(std::numbers::pi * std::numbers::pi / 30.0 * dof / (kHbarC * kHbarC * kHbarC)) {}
  static Eos from_config(const EosConfig& cfg) { return Eos(cfg.cs2, cfg.dof); }

  double cs2() const { return cs2_; }
  double dof() const { return dof_; }
  double pressure(double e) const { return cs2_ * e; }
  double temperature(double e) const { return temperature<double>(e); }
  // The same for one cell or kCellLanes cells (simd/cell_lanes.hpp). The conformal exponent 1/4 is
  // two square roots (correctly rounded instructions, vectorizable); any other one std::pow per cell.
  template <class Real>
  Real temperature(const Real& e) const {
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
  double energy_density(double T) const { return norm_ * std::pow(T, 1.0 + 1.0 / cs2_); }
  double entropy_density(double e) const { return (e + pressure(e)) / temperature(e); }

 private:
  double cs2_, dof_, exponent_, norm_;
};

#pragma GCC diagnostic pop

}  // namespace ishydro
