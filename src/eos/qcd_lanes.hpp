#pragma once
// The one place where the QCD-matter thermodynamics (eos/hotqcd.hpp, eos/eos_table.hpp,
// transport/parametrization.hpp) meets the SIMD cell groups: it includes the CellLanes header and adds
// the few per-lane helpers those need (transcendental functions and table gathers, one lane at a
// time: GCC has no vector exp/log without -ffast-math). Everything else is written once for `Real` =
// double (one cell) or CellLanes (kCellLanes cells).
#include <cmath>
#include <limits>

#include "simd/cell_lanes.hpp"

// Vectors are passed between inline functions only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro::qcd_detail {

template <class Real>
inline Real lane_exp(const Real& x) {
  if constexpr (kIsLanes<Real>) {
    Real r{};
    for (int l = 0; l < kLanesOf<Real>; ++l) r[l] = std::exp(x[l]);
    return r;
  } else {
    return std::exp(x);
  }
}
template <class Real>
inline Real lane_log(const Real& x) {
  if constexpr (kIsLanes<Real>) {
    Real r{};
    for (int l = 0; l < kLanesOf<Real>; ++l) r[l] = std::log(x[l]);
    return r;
  } else {
    return std::log(x);
  }
}
// x where `ok` is set, NaN elsewhere (ok: a comparison's result, bool or a lane mask).
template <class Real, class Mask>
inline Real nan_unless(const Mask& ok, const Real& x) {
  const Real nan = splat<Real>(std::numeric_limits<double>::quiet_NaN());
  return ok ? x : nan;
}
// Lane l of x (x itself for a double).
template <class Real>
inline double lane(const Real& x, int l) {
  if constexpr (kIsLanes<Real>)
    return x[l];
  else
    return (void)l, x;
}
template <class Real>
inline void set_lane(Real& x, int l, double v) {
  if constexpr (kIsLanes<Real>)
    x[l] = v;
  else
    (void)l, x = v;
}

}  // namespace ishydro::qcd_detail

#pragma GCC diagnostic pop
