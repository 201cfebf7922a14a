#pragma once
// Symmetric spatial tensors (pi^{ij}, sigma^{ij}) stored as their six independent components
// (xx, xy, xz, yy, yz, zz), and the time components of a tensor orthogonal to u: from
// u_mu X^{mu nu} = 0 (metric -,+,+,+), X^{ti} = X^{ij} u_j / gamma and X^{tt} = X^{ti} u_i / gamma
// (docs/equations.md, eq. 15).
//
// Templates on `Real` (double, or the vector of cells of simd/cell_lanes.hpp); everything is inline.
// Each helper fixes the order of its operations, so every caller computes the same bits.

namespace ishydro {

// Position of X^{ij} in the six-component storage, and the (i, j) of each stored component.
inline constexpr int kSymIndex[3][3] = {{0, 1, 2}, {1, 3, 4}, {2, 4, 5}};
inline constexpr int kSymRow[6] = {0, 0, 0, 1, 1, 2}, kSymCol[6] = {0, 1, 2, 1, 2, 2};

// X^{ij}, any i, j.
template <class Real>
[[gnu::always_inline]] inline const Real& sym(const Real x[6], int i, int j) {
  return x[kSymIndex[i][j]];
}

// Antisymmetric spatial tensors (omega^{jk}) stored as their three independent components (xy, xz, yz).
inline constexpr int kAntisymRow[3] = {0, 0, 1}, kAntisymCol[3] = {1, 2, 2};

// W^{jk}, any j, k: zero on the diagonal, -W^{kj} below it. j + k - 1 maps (0,1), (0,2), (1,2) to 0, 1, 2.
template <class Real>
[[gnu::always_inline]] inline Real antisym(const Real w[3], int j, int k) {
  if (j == k) return Real{};
  return j < k ? w[j + k - 1] : -w[j + k - 1];
}

// X^{ij} u_j (row i of X times u).
template <class Real>
[[gnu::always_inline]] inline Real contract(const Real x[6], const Real u[3], int i) {
  return x[kSymIndex[i][0]] * u[0] + x[kSymIndex[i][1]] * u[1] + x[kSymIndex[i][2]] * u[2];
}

// X^{ti} and X^{tt} of a tensor orthogonal to u.
template <class Real>
struct TimeComponents {
  Real ti[3];
  Real tt;
};

// The time components, the divisions by gamma done as multiplications by inv_gamma = 1/gamma (the
// per-cell kernels, where the divider's latency counts).
template <class Real>
[[gnu::always_inline]] inline TimeComponents<Real> time_components(const Real x[6], const Real u[3],
                                                                   const Real& inv_gamma) {
  TimeComponents<Real> t;
#pragma GCC unroll 8
  for (int i = 0; i < 3; ++i) t.ti[i] = contract(x, u, i) * inv_gamma;
  t.tt = (t.ti[0] * u[0] + t.ti[1] * u[1] + t.ti[2] * u[2]) * inv_gamma;
  return t;
}

// The same with true divisions by gamma (the setup and the regulator: a different rounding from
// time_components, kept so that their results do not change).
template <class Real>
[[gnu::always_inline]] inline TimeComponents<Real> time_components_by_division(const Real x[6],
                                                                               const Real u[3],
                                                                               const Real& gamma) {
  TimeComponents<Real> t;
#pragma GCC unroll 8
  for (int i = 0; i < 3; ++i) t.ti[i] = contract(x, u, i) / gamma;
  t.tt = (t.ti[0] * u[0] + t.ti[1] * u[1] + t.ti[2] * u[2]) / gamma;
  return t;
}

}  // namespace ishydro
