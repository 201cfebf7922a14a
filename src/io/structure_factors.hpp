#pragma once
// Shell-averaged equal-time structure factors of the conserved densities (docs/equations.md, eq. 49):
//   S_X(k) = <|X(k)|^2> / V,   X(k) = sum_x X(x) e^{-i k.x} dV,
// for dT^{tt} (the fluctuation about the box mean), the longitudinal k^.T^{ti} and the transverse part
// of T^{ti} (per transverse component: (|g|^2 - |k^.g|^2)/2). Averaged over the modes with |k| in a shell
// of width dk = min_axis 2 pi / L_axis (round(|k|/dk)), over the modes the derivatives act on: every
// axis mask > 0, no Nyquist mode of a resolved axis, k != 0. In equilibrium S_T00 = T^2 de/dT and
// S_T0i = (e + p) T for every shell (the contract's "Structure factors").
#include <string>
#include <vector>

#include "grid/grid.hpp"
#include "hydro/state.hpp"
#include "spectral/spectral.hpp"

namespace ishydro {

struct StructureFactors {
  std::vector<double> k;       // mean |k| of the modes of each shell (1/fm)
  std::vector<double> counts;  // modes in each shell (a mode and its conjugate count twice)
  std::vector<double> T00, longitudinal, transverse;  // GeV^2/fm^3
};

// Computes them from `state` on every rank (collective under MPI; every rank gets the totals). Uses
// the spectrum buffer and accumulators 1..3 of `spectral` (free between right-hand sides).
void compute_structure_factors(Spectral& spectral, const StateView& state, StructureFactors& out);

// Writes one group snapshot_NNNNNN per call into dir/structure_factors.h5 (rank 0 only): datasets k,
// counts, S_T00, S_T0i_longitudinal, S_T0i_transverse and the attribute time.
class StructureFactorWriter {
 public:
  // `continuing`: a run continued from this directory's checkpoint keeps the file's earlier groups.
  StructureFactorWriter(const std::string& dir, bool continuing);
  void write(double time, const StructureFactors& s);

 private:
  std::string path_;
  int next_ = 0;
};

}  // namespace ishydro
