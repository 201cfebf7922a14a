#include "problems/charge.hpp"

#include <fmt/format.h>

#include <cmath>
#include <variant>

#include "config/config_reader.hpp"
#include "transport/diffusion.hpp"

namespace ishydro {

std::string nonzero_charge_key(const ConfigValues& values, std::string_view key) {
  const auto it = values.find(key);
  if (it == values.end() || !std::holds_alternative<double>(it->second)) return "";
  const double v = std::get<double>(it->second);
  return v == 0 ? "" : "initial." + std::string(key) + " = " + format_number(v);
}

void charge_from_primitive(double nB, const double u[3], const double V[3], double out[4]) {
  const double ut = std::sqrt(1.0 + u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
  const double Vt = (u[0] * V[0] + u[1] * V[1] + u[2] * V[2]) / ut;
  out[0] = nB * ut + Vt;
  for (int i = 0; i < 3; ++i) out[1 + i] = V[i];
}

ChargedCellCheck::ChargedCellCheck(const RunConfig& config, std::string source)
    : gas_(config.eos.nf), source_(std::move(source)) {}

void ChargedCellCheck::operator()(double e, double nB, const std::array<long, 3>& cell) const {
  const std::string where =
      fmt::format("{}: at cell (i, j, k) = ({}, {}, {})", source_, cell[0], cell[1], cell[2]);
  const double n_max = gas_.max_baryon_density(e);
  if (!(std::abs(nB) < n_max))
    throw InputError(fmt::format(
        "input error: {}: n_B = {:.6g} 1/fm^3 with e = {:.6g} GeV/fm^3 has no temperature in eos.kind = "
        "\"qgp\" (mu_B/T would be infinite; |n_B| < {:.6g} 1/fm^3 at this e); lower the baryon density",
        where, nB, e, n_max));
  const ChargedState st = gas_.state(e, nB);
  const double front2 = diffusion_front_speed_squared(st, e, nB);
  if (!(front2 < 1.0))
    throw InputError(fmt::format(
        "input error: {}: acausal diffusion: the front speed sqrt(kappa_B (d(mu_B/T)/dn_B)_e / tau_V) = "
        "{:.6g} >= 1 at n_B = {:.6g} 1/fm^3, e = {:.6g} GeV/fm^3 (mu_B/T = {:.4g}; the qgp gas reaches 1 "
        "near mu_B/T = 2.8); lower the baryon density",
        where, std::sqrt(front2), nB, e, st.alpha));
}

}  // namespace ishydro
