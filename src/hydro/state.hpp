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
  kPizz,  // pi^{ij}
  kBulk,  // Pi
  kNumVars
};

inline constexpr std::array<const char*, kNumVars> kVarNames = {
    "T_tt", "T_tx", "T_ty", "T_tz", "pi_xx", "pi_xy", "pi_xz", "pi_yy", "pi_yz", "pi_zz", "Pi"};

// A view of the whole state: kNumVars fields of `cells` doubles each, contiguous.
struct StateView {
  std::span<double> data;
  std::size_t cells = 0;
  std::span<double> var(int v) const { return data.subspan(static_cast<std::size_t>(v) * cells, cells); }
  double* ptr(int v) const { return data.data() + static_cast<std::size_t>(v) * cells; }
};

}  // namespace ishydro
