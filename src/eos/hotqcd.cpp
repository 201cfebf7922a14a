#include "eos/hotqcd.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace ishydro {

HotQcdEos::HotQcdEos(double T_max, int nodes) : T_max_(T_max) {
  if (!(T_max > 2.0 * kTMin) || !std::isfinite(T_max))
    throw std::invalid_argument(
        fmt::format("HotQcdEos: T_max = {} GeV must exceed 2 T_min = {} GeV", T_max, 2 * kTMin));
  if (nodes < 16)
    throw std::invalid_argument(fmt::format("HotQcdEos: {} table nodes, at least 16 needed", nodes));
  e_min_ = energy_density(kTMin);
  e_max_ = energy_density(T_max);
  e_lo_ = e_min_ * (1.0 - kRangeSlack);
  e_hi_ = e_max_ * (1.0 + kRangeSlack);
  y0_ = std::log(e_min_);
  const double y1 = std::log(e_max_);
  const double h = (y1 - y0_) / (nodes - 1);
  inv_h_ = 1.0 / h;

  // Node i: ln T solving ln e(T) = y_i by Newton in ln T (d ln e / d ln T = (ds/dT) T^2 / e), from the
  // previous node's ln T; the slope m = h d ln T / d ln e is the formula's at the converged T.
  std::vector<double> z(static_cast<std::size_t>(nodes)), m(static_cast<std::size_t>(nodes));
  double lnT = std::log(kTMin);
  for (int i = 0; i < nodes; ++i) {
    const double y = i == nodes - 1 ? y1 : y0_ + h * i;
    if (i == 0) {
      lnT = std::log(kTMin);
    } else if (i == nodes - 1) {
      lnT = std::log(T_max);
    } else {
      for (int it = 0;; ++it) {
        const double T = std::exp(lnT);
        const hotqcd::Reduced<double> r = hotqcd::p_over_T4(T / hotqcd::kTc);
        const double lne = std::log(T * T * T * T * kInvHbarC3 * r.energy());
        const double step = (y - lne) * r.dlnT_dlne();
        lnT += step;
        if (std::abs(step) < 1e-15) break;
        if (it == 100) throw std::logic_error("HotQcdEos: the table's Newton iteration did not converge");
      }
    }
    z[static_cast<std::size_t>(i)] = lnT;
    m[static_cast<std::size_t>(i)] = h * hotqcd::p_over_T4(std::exp(lnT) / hotqcd::kTc).dlnT_dlne();
  }
  table_.resize(static_cast<std::size_t>(nodes - 1));
  for (std::size_t i = 0; i + 1 < z.size(); ++i) {
    const double z0 = z[i], z1 = z[i + 1], m0 = m[i], m1 = m[i + 1];
    table_[i] = {z0, m0, 3.0 * (z1 - z0) - 2.0 * m0 - m1, 2.0 * (z0 - z1) + m0 + m1};
  }
}

std::string HotQcdEos::range_message(double e) const {
  if (std::isnan(e)) return "energy density is NaN";
  if (e < e_lo_)
    return fmt::format(
        "energy density {:.6g} GeV/fm^3 is below e(T = {} GeV) = {:.6g} GeV/fm^3, the lower end of the "
        "HotQCD "
        "equation of state",
        e, kTMin, e_min_);
  if (e > e_hi_)
    return fmt::format(
        "energy density {:.6g} GeV/fm^3 is above e(T = {} GeV) = {:.6g} GeV/fm^3, the upper end of the "
        "HotQCD "
        "equation of state's table",
        e, T_max_, e_max_);
  return fmt::format("energy density {:.6g} GeV/fm^3 is in range", e);
}

}  // namespace ishydro
