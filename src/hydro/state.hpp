#pragma once
// The evolved state (docs/equations.md, eq. 5): conserved densities T^{t nu} and the dissipative fields
// pi^{ij} (six spatial contravariant components; pi^{t nu} follows from u_mu pi^{mu nu} = 0) and Pi.
// Stored as kNumVars contiguous scalar fields of one block, so integrators loop over all at once.
#include <array>
#include <cstddef>
#include <span>

namespace ishydro {

enum Var : int {
  kTtt = 0,
  kTtx,
  kTty,
  kTtz,  // T^{tt}, T^{tx}, T^{ty}, T^{tz}
  kPixx,
  kPixy,
  kPixz,
  kPiyy,
  kPiyz,
  kPizz,     // pi^{ij}
  kBulk,     // Pi
  kNumVars,  // the variables of a run without baryon charge
  // With a baryon charge (docs/equations.md, "Baryon charge and diffusion"): N^t and the spatial
  // components V^i of the diffusion current (V^t from u_mu V^mu = 0), after the uncharged ones so that
  // an uncharged run's state is a prefix of a charged one's.
  kNt = kNumVars,
  kVx,
  kVy,
  kVz,
  kNumVarsCharged
};

inline constexpr std::array<const char*, kNumVarsCharged> kVarNames = {
    "T_tt",  "T_tx",  "T_ty", "T_tz", "pi_xx", "pi_xy", "pi_xz", "pi_yy",
    "pi_yz", "pi_zz", "Pi",   "N_t",  "V_x",   "V_y",   "V_z"};

// The number of evolved variables of a run with (charged) or without a baryon charge.
constexpr int evolved_variables(bool charged) { return charged ? kNumVarsCharged : kNumVars; }

// A view of the whole state: `vars` fields of `cells` doubles each, contiguous.
struct StateView {
  std::span<double> data;
  std::size_t cells = 0;
  int vars = kNumVars;  // evolved_variables(charged)
  std::span<double> var(int v) const { return data.subspan(static_cast<std::size_t>(v) * cells, cells); }
  double* ptr(int v) const { return data.data() + static_cast<std::size_t>(v) * cells; }
};

}  // namespace ishydro
