#pragma once
// Pointwise physics of one cell: the relaxation equations (docs/equations.md, eqs. 8-13) written as
// time derivatives of the evolved pi^{ij} and Pi, and the exact solution for the fluid's time
// derivatives (e_t, D u^i) from d_t T^{t nu} (eqs. 19a-19d). Everything here is inline: it runs inside
// the fused per-cell pass of the right-hand side.
//
// Every function is a template on `Real`: double for one cell, or a GCC vector of doubles holding
// consecutive cells, one per lane (`CellLanes`), so that the per-cell pass runs several cells per
// instruction. Both are written with the same expressions; the step runs only the vector one, so a
// cell's result does not depend on its neighbours in a group (cell_lanes.hpp). Its caller guarantees
// that every `if` below on a transport coefficient (zero or not, positive or not) has the same answer
// in every lane (see uniform() in rhs.cpp).
#include <cmath>
#include <type_traits>

#include "simd/cell_lanes.hpp"
#include "transport/transport.hpp"

// Vectors are passed between inline functions only; their ABI without AVX does not matter.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {

// What the relaxation equations need at one cell, all in the lab frame.
template <class Real>
struct CellFlowT {
  Real e{}, p{}, cs2{};           // cs2 = dp/de at e (local)
  bool constant_cs2 = true;       // p = cs2 e (the expressions of the constant-sound-speed EOS)
  Real u[3] = {};                 // u^i
  Real gamma = splat<Real>(1.0);  // u^t
  Real pi[6] = {};                // pi^{ij}, orthogonal to u and traceless
  Real Pi{};
  Real grad_u[3][3] = {};  // grad_u[j][k] = d_k u^j
  Real advect_pi[6] = {};  // u^k d_k pi^{ij}
  Real advect_Pi{};        // u^k d_k Pi
};
using CellFlow = CellFlowT<double>;

struct RelaxationSwitches {
  bool shear = true, bulk = true;
};

// Milne coordinates in the orthonormal frame (eqs. 61-62): the connection adds u^tau/tau to
// nabla_eta u^eta, and (u^eta/tau)(delta^{i eta} pi^{tau j} + delta^{j eta} pi^{i tau}) to D pi^{ij}
// (carried with the advection u^k d_k pi^{ij}, which it joins in D pi = gamma d_tau pi + ...).
template <class Real>
inline void add_milne_connection(CellFlowT<Real>& f, double inv_tau) {
  f.grad_u[2][2] += f.gamma * inv_tau;
  const Real* u = f.u;
  const Real* p = f.pi;
  const Real pit[3] = {(p[0] * u[0] + p[1] * u[1] + p[2] * u[2]) / f.gamma,
                       (p[1] * u[0] + p[3] * u[1] + p[4] * u[2]) / f.gamma,
                       (p[2] * u[0] + p[4] * u[1] + p[5] * u[2]) / f.gamma};
  const Real a = u[2] * inv_tau;
  f.advect_pi[2] += a * pit[0];        // (x, eta)
  f.advect_pi[4] += a * pit[1];        // (y, eta)
  f.advect_pi[5] += 2.0 * a * pit[2];  // (eta, eta)
}

// d_t pi^{ij} and d_t Pi as functions of Du^k (the acceleration, spatial components); affine in Du.
// With `homogeneous` the part independent of Du is dropped, leaving the linear map alone (used to
// assemble the Jacobian of eq. 19).
// `homogeneous` is a template parameter so that each variant compiles without the other's branches
// (the per-cell pass calls the homogeneous one three times per cell).
template <bool homogeneous, class Real>
[[gnu::always_inline]] inline void relaxation_rates(const CellFlowT<Real>& c,
                                                    const TransportCoefficientsT<Real>& tc,
                                                    const RelaxationSwitches& on, const Real Du[3],
                                                    Real dpi_dt[6], Real& dPi_dt) {
  const Real* u = c.u;
  const Real g = c.gamma;
  // Divisions by gamma, gamma^2, 3 and the relaxation times are multiplications by reciprocals: the
  // divider's latency chains dominated this function.
  const Real inv_g = 1.0 / g, inv_g2 = inv_g * inv_g;
  constexpr double kThird = 1.0 / 3.0;
  // a^k = u^m d_m u^k (the convective part of Du^k), so d_t u^k = (Du^k - a^k)/gamma.
  Real a[3] = {};
  Real div_u{};
  Real grad[3][3] = {};
  if constexpr (!homogeneous) {
#pragma GCC unroll 8
    for (int k = 0; k < 3; ++k) {
#pragma GCC unroll 8
      for (int m = 0; m < 3; ++m) {
        a[k] += u[m] * c.grad_u[k][m];
        grad[k][m] = c.grad_u[k][m];
      }
      div_u += c.grad_u[k][k];
    }
  }
  // theta = d_t u^t + d_k u^k with d_t u^t = u_k d_t u^k / gamma (eq. 9).
  const Real theta = (u[0] * (Du[0] - a[0]) + u[1] * (Du[1] - a[1]) + u[2] * (Du[2] - a[2])) * inv_g2 + div_u;
  const Real theta3 = theta * kThird;
  // sigma^{ij} = 1/2 (d_i u^j + d_j u^i + u^i Du^j + u^j Du^i) - 1/3 Delta^{ij} theta (eq. 10).
  Real sigma[6];
  {
    int idx = 0;
#pragma GCC unroll 8
    for (int i = 0; i < 3; ++i)
#pragma GCC unroll 8
      for (int j = i; j < 3; ++j, ++idx)
        sigma[idx] = 0.5 * (grad[j][i] + grad[i][j] + u[i] * Du[j] + u[j] * Du[i]) -
                     ((i == j ? 1.0 : 0.0) + u[i] * u[j]) * theta3;
  }
  auto S = [](const Real* t, int i, int j) {
    constexpr int map[3][3] = {{0, 1, 2}, {1, 3, 4}, {2, 4, 5}};
    return t[map[i][j]];
  };
  const Real* pi = c.pi;
  // Time components from orthogonality: X^{ti} = X^{ij} u_j / gamma, X^{tt} = X^{ti} u_i / gamma.
  Real pit[3], sigt[3];
#pragma GCC unroll 8
  for (int i = 0; i < 3; ++i) {
    pit[i] = (S(pi, i, 0) * u[0] + S(pi, i, 1) * u[1] + S(pi, i, 2) * u[2]) * inv_g;
    sigt[i] = (S(sigma, i, 0) * u[0] + S(sigma, i, 1) * u[1] + S(sigma, i, 2) * u[2]) * inv_g;
  }
  const Real pitt = (pit[0] * u[0] + pit[1] * u[1] + pit[2] * u[2]) * inv_g;
  const Real sigtt = (sigt[0] * u[0] + sigt[1] * u[1] + sigt[2] * u[2]) * inv_g;
  // pi:sigma = pi^{mu nu} sigma^{ab} g_{mu a} g_{nu b} (metric -,+,+,+).
  Real pi_sigma = pitt * sigtt - 2.0 * (pit[0] * sigt[0] + pit[1] * sigt[1] + pit[2] * sigt[2]);
#pragma GCC unroll 8
  for (int i = 0; i < 3; ++i)
#pragma GCC unroll 8
    for (int j = 0; j < 3; ++j) pi_sigma += S(pi, i, j) * S(sigma, i, j);
  const Real pi_sigma3 = pi_sigma * kThird;

  if (on.shear && positive(tc.tau_pi)) {
    const Real inv_tau_pi = 1.0 / tc.tau_pi;
    // Q^j = pi^{alpha j} Du_alpha = Du^k (pi^{kj} - pi^{tj} u_k / gamma): the terms of the projector
    // Delta^{ij}_{ab} D pi^{ab} = D pi^{ij} - u^i Q^j - u^j Q^i (eq. 8).
    Real Q[3];
    const Real uDu = (u[0] * Du[0] + u[1] * Du[1] + u[2] * Du[2]) * inv_g;
#pragma GCC unroll 8
    for (int j = 0; j < 3; ++j)
      Q[j] = S(pi, 0, j) * Du[0] + S(pi, 1, j) * Du[1] + S(pi, 2, j) * Du[2] - pit[j] * uDu;
    Real pi_pi{};
    if (nonzero(tc.phi7) && !homogeneous) {
      pi_pi = pitt * pitt - 2.0 * (pit[0] * pit[0] + pit[1] * pit[1] + pit[2] * pit[2]);
#pragma GCC unroll 8
      for (int i = 0; i < 3; ++i)
#pragma GCC unroll 8
        for (int j = 0; j < 3; ++j) pi_pi += S(pi, i, j) * S(pi, i, j);
    }
    const Real pi_pi3 = pi_pi * kThird;
    int idx = 0;
#pragma GCC unroll 8
    for (int i = 0; i < 3; ++i)
#pragma GCC unroll 8
      for (int j = i; j < 3; ++j, ++idx) {
        const Real delta_ij = (i == j ? 1.0 : 0.0) + u[i] * u[j];
        // Right-hand side of eq. 11: -pi - 2 eta sigma + second-order terms (eq. 12).
        Real r = -2.0 * tc.eta * sigma[idx];
        if (!homogeneous) r -= pi[idx];
        if (nonzero(tc.delta_pipi)) r -= tc.delta_pipi * pi[idx] * theta;
        if (nonzero(tc.tau_pipi)) {
          // A^{ij} = pi^{l i} sigma_l^j = -pi^{ti} sigma^{tj} + pi^{ki} sigma^{kj}; symmetrized, traceless.
          Real Aij = -pit[i] * sigt[j], Aji = -pit[j] * sigt[i];
#pragma GCC unroll 8
          for (int k = 0; k < 3; ++k) {
            Aij += S(pi, k, i) * S(sigma, k, j);
            Aji += S(pi, k, j) * S(sigma, k, i);
          }
          r -= tc.tau_pipi * (0.5 * (Aij + Aji) - delta_ij * pi_sigma3);
        }
        if (nonzero(tc.phi7) && !homogeneous) {
          Real Bij = -pit[i] * pit[j];
#pragma GCC unroll 8
          for (int k = 0; k < 3; ++k) Bij += S(pi, i, k) * S(pi, k, j);
          r -= tc.phi7 * (Bij - delta_ij * pi_pi3);
        }
        if (nonzero(tc.lambda_piPi)) r -= tc.lambda_piPi * c.Pi * sigma[idx];
        Real Dpi = r * inv_tau_pi + u[i] * Q[j] + u[j] * Q[i];
        if (!homogeneous) Dpi -= c.advect_pi[idx];
        dpi_dt[idx] = Dpi * inv_g;  // D = gamma d_t + u^k d_k
      }
  } else {
#pragma GCC unroll 8
    for (int idx = 0; idx < 6; ++idx) dpi_dt[idx] = Real{};
  }

  if (on.bulk && positive(tc.tau_Pi)) {
    // Eq. 13: tau_Pi D Pi + Pi = -zeta theta - delta_PiPi Pi theta - lambda_Pipi pi:sigma.
    Real r = -tc.zeta * theta - tc.delta_PiPi * c.Pi * theta - tc.lambda_Pipi * pi_sigma;
    if (!homogeneous) r -= c.Pi;
    Real DPi = r * (1.0 / tc.tau_Pi);
    if (!homogeneous) DPi -= c.advect_Pi;
    dPi_dt = DPi * inv_g;
  } else {
    dPi_dt = Real{};
  }
}

inline void relaxation_rates(const CellFlow& c, const TransportCoefficients& tc, const RelaxationSwitches& on,
                             const double Du[3], bool homogeneous, double dpi_dt[6],
                             double& dPi_dt) {  // one cell
  if (homogeneous)
    relaxation_rates<true>(c, tc, on, Du, dpi_dt, dPi_dt);
  else
    relaxation_rates<false>(c, tc, on, Du, dpi_dt, dPi_dt);
}

// The three columns of the linear part of relaxation_rates: rk[k] = d(d_t pi)/d(Du^k), Rk[k] =
// d(d_t Pi)/d(Du^k), i.e. relaxation_rates<true> at Du = e_k. The same expressions, with the products
// by the unit vector's zeros dropped and what does not depend on k (pi^{ti}, pi^{tt}) computed once:
// equal to the three homogeneous calls up to the sign of zeros.
template <class Real>
[[gnu::always_inline]] inline void relaxation_columns(const CellFlowT<Real>& c,
                                                      const TransportCoefficientsT<Real>& tc,
                                                      const RelaxationSwitches& on, Real rk[3][6],
                                                      Real Rk[3]) {
  constexpr int map[3][3] = {{0, 1, 2}, {1, 3, 4}, {2, 4, 5}};
  constexpr int comp_i[6] = {0, 0, 0, 1, 1, 2}, comp_j[6] = {0, 1, 2, 1, 2, 2};
  const Real* u = c.u;
  const Real g = c.gamma;
  const Real inv_g = 1.0 / g, inv_g2 = inv_g * inv_g;
  constexpr double kThird = 1.0 / 3.0;
  const Real* pi = c.pi;
  const bool shear = on.shear && positive(tc.tau_pi), bulk = on.bulk && positive(tc.tau_Pi);
  const bool need_pi_sigma = (shear && nonzero(tc.tau_pipi)) || (bulk && nonzero(tc.lambda_Pipi));
  Real pit[3];
#pragma GCC unroll 8
  for (int i = 0; i < 3; ++i)
    pit[i] = (pi[map[i][0]] * u[0] + pi[map[i][1]] * u[1] + pi[map[i][2]] * u[2]) * inv_g;
  const Real pitt = (pit[0] * u[0] + pit[1] * u[1] + pit[2] * u[2]) * inv_g;
  Real inv_tau_pi{}, inv_tau_Pi{};
  if (shear) inv_tau_pi = 1.0 / tc.tau_pi;
  if (bulk) inv_tau_Pi = 1.0 / tc.tau_Pi;
#pragma GCC unroll 8
  for (int K = 0; K < 3; ++K) {
    const Real theta = u[K] * inv_g2;
    const Real theta3 = theta * kThird;
    Real sigma[6];
#pragma GCC unroll 8
    for (int idx = 0; idx < 6; ++idx) {
      const int i = comp_i[idx], j = comp_j[idx];
      sigma[idx] = 0.5 * ((j == K ? u[i] : Real{}) + (i == K ? u[j] : Real{})) -
                   ((i == j ? 1.0 : 0.0) + u[i] * u[j]) * theta3;
    }
    Real sigt[3] = {}, pi_sigma{};
    if (need_pi_sigma) {
#pragma GCC unroll 8
      for (int i = 0; i < 3; ++i)
        sigt[i] = (sigma[map[i][0]] * u[0] + sigma[map[i][1]] * u[1] + sigma[map[i][2]] * u[2]) * inv_g;
      const Real sigtt = (sigt[0] * u[0] + sigt[1] * u[1] + sigt[2] * u[2]) * inv_g;
      pi_sigma = pitt * sigtt - 2.0 * (pit[0] * sigt[0] + pit[1] * sigt[1] + pit[2] * sigt[2]);
#pragma GCC unroll 8
      for (int i = 0; i < 3; ++i)
#pragma GCC unroll 8
        for (int j = 0; j < 3; ++j) pi_sigma += pi[map[i][j]] * sigma[map[i][j]];
    }
    const Real pi_sigma3 = pi_sigma * kThird;
    if (shear) {
      const Real uDu = u[K] * inv_g;
      Real Q[3];
#pragma GCC unroll 8
      for (int j = 0; j < 3; ++j) Q[j] = pi[map[K][j]] - pit[j] * uDu;
#pragma GCC unroll 8
      for (int idx = 0; idx < 6; ++idx) {
        const int i = comp_i[idx], j = comp_j[idx];
        const Real delta_ij = (i == j ? 1.0 : 0.0) + u[i] * u[j];
        Real r = -2.0 * tc.eta * sigma[idx];
        if (nonzero(tc.delta_pipi)) r -= tc.delta_pipi * pi[idx] * theta;
        if (nonzero(tc.tau_pipi)) {
          Real Aij = -pit[i] * sigt[j], Aji = -pit[j] * sigt[i];
#pragma GCC unroll 8
          for (int k = 0; k < 3; ++k) {
            Aij += pi[map[k][i]] * sigma[map[k][j]];
            Aji += pi[map[k][j]] * sigma[map[k][i]];
          }
          r -= tc.tau_pipi * (0.5 * (Aij + Aji) - delta_ij * pi_sigma3);
        }
        if (nonzero(tc.lambda_piPi)) r -= tc.lambda_piPi * c.Pi * sigma[idx];
        const Real Dpi = r * inv_tau_pi + u[i] * Q[j] + u[j] * Q[i];
        rk[K][idx] = Dpi * inv_g;
      }
    } else {
#pragma GCC unroll 8
      for (int idx = 0; idx < 6; ++idx) rk[K][idx] = Real{};
    }
    if (bulk) {
      Real r = -tc.zeta * theta - tc.delta_PiPi * c.Pi * theta;
      if (nonzero(tc.lambda_Pipi)) r -= tc.lambda_Pipi * pi_sigma;
      Rk[K] = r * inv_tau_Pi * inv_g;
    } else {
      Rk[K] = Real{};
    }
  }
}

// Solves a 4x4 linear system in place by Gaussian elimination with partial pivoting, for one cell
// (Real = double) or kCellLanes cells (Real = CellLanes: each lane picks its own pivot, rows are
// exchanged by per-lane selects). Returns false if singular (in any lane).
template <class Real>
inline bool solve4(Real M[4][4], Real b[4]) {
  // One division per pivot (its reciprocal serves the elimination and the back substitution).
  Real inv_pivot[4];
#pragma GCC unroll 8
  for (int col = 0; col < 4; ++col) {
    Real best = lane_abs(M[col][col]);
    Real pivot = splat<Real>(col);
#pragma GCC unroll 8
    for (int r = col + 1; r < 4; ++r) {
      const Real a = lane_abs(M[r][col]);
      const auto larger = a > best;
      best = larger ? a : best;
      pivot = larger ? splat<Real>(r) : pivot;
    }
#pragma GCC unroll 8
    for (int r = col + 1; r < 4; ++r) {
      const auto swap = pivot == r;
#pragma GCC unroll 8
      for (int k = 0; k < 4; ++k) {
        const Real top = M[col][k];
        M[col][k] = swap ? M[r][k] : top;
        M[r][k] = swap ? top : M[r][k];
      }
      const Real top = b[col];
      b[col] = swap ? b[r] : top;
      b[r] = swap ? top : b[r];
    }
    if (any_lane(M[col][col] == 0.0)) return false;
    inv_pivot[col] = 1.0 / M[col][col];
#pragma GCC unroll 4
    for (int r = col + 1; r < 4; ++r) {
      const Real f = M[r][col] * inv_pivot[col];
#pragma GCC unroll 4
      for (int k = col; k < 4; ++k) M[r][k] -= f * M[col][k];
      b[r] -= f * b[col];
    }
  }
#pragma GCC unroll 4
  for (int r = 3; r >= 0; --r) {
    Real s = b[r];
#pragma GCC unroll 4
    for (int k = r + 1; k < 4; ++k) s -= M[r][k] * b[k];
    b[r] = s * inv_pivot[r];
  }
  return true;
}

// Given dT_dt = d_t T^{t nu} (from the divergence of the fluxes), finds the fluid's e_t and Du^k
// exactly (eqs. 19a-d): T^{t nu}(e, u, pi, Pi) differentiated in time, with d_t pi and d_t Pi from the
// relaxation equations, which themselves depend on Du. Writes d_t pi^{ij} and d_t Pi.
// Returns false if the Jacobian is singular.
template <class Real>
inline bool dissipative_time_derivatives(const CellFlowT<Real>& c, const TransportCoefficientsT<Real>& tc,
                                         const RelaxationSwitches& on, const Real dT_dt[4], Real dpi_dt[6],
                                         Real& dPi_dt, Real Du_out[3]) {
  const Real* u = c.u;
  const Real g = c.gamma, g2 = g * g;
  const Real inv_g = 1.0 / g, inv_g2 = inv_g * inv_g;
  const Real P = c.constant_cs2 ? c.cs2 * c.e + c.Pi : c.p + c.Pi;  // p(e) + Pi
  const Real w = c.e + P;
  const Real* pi = c.pi;
  // Partial derivatives of T^{t nu} (eq. 14) with respect to e, u^k, Pi and the six pi^{ij}.
  Real dT_de[4], dT_du[4][3], dT_dPi[4], dT_dpi[4][6];
  Real S_uu{};   // pi^{ij} u_i u_j
  Real pi_u[3];  // pi^{kj} u_j
#pragma GCC unroll 8
  for (int k = 0; k < 3; ++k) {
    constexpr int map[3][3] = {{0, 1, 2}, {1, 3, 4}, {2, 4, 5}};
    pi_u[k] = pi[map[k][0]] * u[0] + pi[map[k][1]] * u[1] + pi[map[k][2]] * u[2];
    S_uu += pi_u[k] * u[k];
  }
  dT_de[0] = (1.0 + c.cs2) * g2 - c.cs2;
  dT_dPi[0] = g2 - 1.0;
#pragma GCC unroll 8
  for (int k = 0; k < 3; ++k)
    dT_du[0][k] = 2.0 * w * u[k] + 2.0 * pi_u[k] * inv_g2 - 2.0 * S_uu * u[k] * (inv_g2 * inv_g2);
  const Real uu[6] = {u[0] * u[0], 2.0 * u[0] * u[1], 2.0 * u[0] * u[2],
                      u[1] * u[1], 2.0 * u[1] * u[2], u[2] * u[2]};
#pragma GCC unroll 8
  for (int cidx = 0; cidx < 6; ++cidx) dT_dpi[0][cidx] = uu[cidx] * inv_g2;
  constexpr int comp_i[6] = {0, 0, 0, 1, 1, 2}, comp_j[6] = {0, 1, 2, 1, 2, 2};
#pragma GCC unroll 8
  for (int l = 0; l < 3; ++l) {
    constexpr int map[3][3] = {{0, 1, 2}, {1, 3, 4}, {2, 4, 5}};
    dT_de[1 + l] = (1.0 + c.cs2) * g * u[l];
    dT_dPi[1 + l] = g * u[l];
#pragma GCC unroll 8
    for (int k = 0; k < 3; ++k)
      dT_du[1 + l][k] = w * ((l == k ? g : Real{}) + u[l] * u[k] * inv_g) + pi[map[l][k]] * inv_g -
                        pi_u[l] * u[k] * (inv_g2 * inv_g);
#pragma GCC unroll 8
    for (int cidx = 0; cidx < 6; ++cidx) {
      const int i = comp_i[cidx], j = comp_j[cidx];
      Real d{};
      if (l == i) d += u[j] * inv_g;
      if (l == j && i != j) d += u[i] * inv_g;
      dT_dpi[1 + l][cidx] = d;
    }
  }
  // d_t pi = r0 + sum_k R_k Du^k (affine in Du): the free part and the three columns.
  const Real zero[3] = {};
  Real r0[6], R0;
  relaxation_rates<false>(c, tc, on, zero, r0, R0);
  Real rk[3][6], Rk[3];
  relaxation_columns(c, tc, on, rk, Rk);
  // a^k = u^m d_m u^k: d_t u^k = (Du^k - a^k)/gamma.
  Real a[3];
#pragma GCC unroll 8
  for (int k = 0; k < 3; ++k) a[k] = u[0] * c.grad_u[k][0] + u[1] * c.grad_u[k][1] + u[2] * c.grad_u[k][2];
  Real M[4][4], b[4];
#pragma GCC unroll 8
  for (int nu = 0; nu < 4; ++nu) {
    M[nu][0] = dT_de[nu];
    b[nu] = dT_dt[nu] - dT_dPi[nu] * R0;
#pragma GCC unroll 8
    for (int cidx = 0; cidx < 6; ++cidx) b[nu] -= dT_dpi[nu][cidx] * r0[cidx];
#pragma GCC unroll 8
    for (int k = 0; k < 3; ++k) {
      Real m = dT_du[nu][k] * inv_g + dT_dPi[nu] * Rk[k];
#pragma GCC unroll 8
      for (int cidx = 0; cidx < 6; ++cidx) m += dT_dpi[nu][cidx] * rk[k][cidx];
      M[nu][1 + k] = m;
      b[nu] += dT_du[nu][k] * a[k] * inv_g;
    }
  }
  if (!solve4(M, b)) return false;
#pragma GCC unroll 8
  for (int k = 0; k < 3; ++k) Du_out[k] = b[1 + k];
#pragma GCC unroll 8
  for (int cidx = 0; cidx < 6; ++cidx)
    dpi_dt[cidx] = r0[cidx] + rk[0][cidx] * b[1] + rk[1][cidx] * b[2] + rk[2][cidx] * b[3];
  dPi_dt = R0 + Rk[0] * b[1] + Rk[1] * b[2] + Rk[2] * b[3];
  return true;
}

}  // namespace ishydro

#pragma GCC diagnostic pop
