#pragma once
// Temperature-dependent eta/s and zeta/s (docs/eos_qcd_notes.md), T in GeV:
//   constant: value
//   kink:     max(0, value + slope (T - T_kink)), slope = slope_low for T < T_kink, slope_high above
//             (1/GeV; continuous at T_kink, where it equals `value`)
//   cauchy:   max / (1 + ((T - T_peak) / (width (1 + asymmetry sign(T - T_peak))))^2)
//             (width in GeV, |asymmetry| < 1: the half width is width (1 - asymmetry) below the peak
//             and width (1 + asymmetry) above)
// A small value type, evaluated on one cell (double) or kCellLanes cells (CellLanes) with per-lane
// selects and no branches. The configuration keys are wired elsewhere; the factories check the
// parameters (std::invalid_argument) so that `at` never divides by zero.
#include <cmath>
#include <stdexcept>
#include <string>

#include "config/config.hpp"
#include "eos/qcd_lanes.hpp"

// Vectors are passed between inline functions only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {

struct OverS : OverSConfig {
  OverS() = default;
  // From the parameters as read (checked there).
  explicit OverS(const OverSConfig& c) : OverSConfig(c) {}

  static OverS constant(double value) {
    check_finite(value, "value");
    OverS o;
    o.value = value;
    return o;
  }
  static OverS kink(double T_kink, double value, double slope_low, double slope_high) {
    check_finite(T_kink, "T_kink"), check_finite(value, "value");
    check_finite(slope_low, "slope_low"), check_finite(slope_high, "slope_high");
    OverS o;
    o.kind = Kind::kink;
    o.T_kink = T_kink, o.value = value, o.slope_low = slope_low, o.slope_high = slope_high;
    return o;
  }
  static OverS cauchy(double max, double T_peak, double width, double asymmetry) {
    check_finite(max, "max"), check_finite(T_peak, "T_peak");
    if (!(width > 0) || !std::isfinite(width)) throw std::invalid_argument("cauchy: width must be positive");
    if (!(std::abs(asymmetry) < 1)) throw std::invalid_argument("cauchy: asymmetry must lie in (-1, 1)");
    OverS o;
    o.kind = Kind::cauchy;
    o.max = max, o.T_peak = T_peak, o.width = width, o.asymmetry = asymmetry;
    return o;
  }

  // The value at temperature T (GeV). The kind is the same for every lane, so the switch does not
  // branch between lanes; within a kind, per-lane selects.
  template <class Real>
  Real at(const Real& T) const {
    switch (kind) {
      case Kind::kink: {
        const Real dT = T - T_kink;
        const Real slope = T < T_kink ? splat<Real>(slope_low) : splat<Real>(slope_high);
        const Real v = value + slope * dT;
        return v > 0.0 ? v : splat<Real>(0.0);
      }
      case Kind::cauchy: {
        const Real dT = T - T_peak;
        const Real w =
            dT < 0.0 ? splat<Real>(width * (1.0 - asymmetry)) : splat<Real>(width * (1.0 + asymmetry));
        const Real x = dT / w;
        return max / (1.0 + x * x);
      }
      case Kind::constant:
      default:
        return splat<Real>(value);
    }
  }

 private:
  static void check_finite(double x, const char* name) {
    if (!std::isfinite(x)) throw std::invalid_argument(std::string(name) + " must be finite");
  }
};

}  // namespace ishydro

#pragma GCC diagnostic pop
