#pragma once
// The baryon charge of an initial state (docs/problems.md, "Baryon charge"): the keys that give one,
// N^t and V^i of a cell from its rest-frame n_B, u^i and V^i, and the checks of a charged cell
// against the equation of state (docs/equations.md, "Baryon charge and diffusion").
#include <array>
#include <string>

#include "config/config.hpp"
#include "config/key_spec.hpp"
#include "eos/qgp.hpp"

namespace ishydro {

// The background baryon density of sound_wave, uniform and diffusion_wave, and bjorken's chemical
// potential: the key names (each kind's key table has its own help text).
inline constexpr std::string_view kNB0Name = "nB0";
inline constexpr std::string_view kMuB0Name = "muB0";

// "initial.nB0 = 0.1" when `key` holds a non-zero number in `values`, else "" (uncharged): what an
// InitialKind::charged of a kind with such a key returns.
std::string nonzero_charge_key(const ConfigValues& values, std::string_view key);

// N^t = n_B u^t + V^t and V^i (out[0..3], the evolved kNt..kVz), V^t = u_i V^i / u^t from u_mu V^mu
// = 0 (docs/equations.md, eq. 80's N^mu = n_B u^mu + V^mu).
void charge_from_primitive(double nB, const double u[3], const double V[3], double out[4]);

// Refuses a charged cell the equation of state cannot hold or whose diffusion is acausal: |n_B| at or
// beyond the largest the qgp gas has at this e (mu_B/T infinite), or a rest-frame diffusion front speed
// sqrt(kappa_B (d alpha/d n_B)_e / tau_V) >= 1 (eq. 92; near mu_B/T = 2.8). Throws InputError naming
// `source` (the key that gives the charge, InitialKind::charged) and the cell.
class ChargedCellCheck {
 public:
  ChargedCellCheck(const RunConfig& config, std::string source);
  void operator()(double e, double nB, const std::array<long, 3>& cell) const;

 private:
  QgpGas gas_;
  std::string source_;
};

}  // namespace ishydro
