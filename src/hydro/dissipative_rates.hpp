#pragma once
// Pointwise physics of one cell: the relaxation equations (docs/equations.md, eqs. 8-13) written as
// time derivatives of the evolved pi^{ij} and Pi, and the exact solution for the fluid's time
// derivatives (e_t, D u^i) from d_t T^{t nu} (eqs. 19a-19d). Everything here is inline: it runs inside
// the fused per-cell pass of the right-hand side.
//
// The relaxation equations are affine in the acceleration Du^k (through theta and sigma, eqs. 9-10,
// the vorticity omega, eq. 12, and the projector's Q^j, eq. 8). Each term of their right-hand sides is
// written once, in shear_source and bulk_source, as a function of the first-order quantities at one
// value of Du (FirstOrder): relaxation_rates evaluates them at the given Du, relaxation_columns at
// Du = e_k to get the three columns of the linear part, which dissipative_time_derivatives needs for its
// Jacobian.
//
// Every function is a template on `Real`: double for one cell, or a GCC vector of doubles holding
// consecutive cells, one per lane (`CellLanes`), so that the per-cell pass runs several cells per
// instruction. Both are written with the same expressions; the step runs only the vector one, so a
// cell's result does not depend on its neighbours in a group (cell_lanes.hpp). Its caller guarantees
// that every `if` below on a transport coefficient (zero or not, positive or not) has the same answer
// in every lane (same_branches_in_all_lanes).
#include <cmath>
#include <iterator>
#include <type_traits>

#include "hydro/tensor.hpp"
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
  const TimeComponents<Real> pt = time_components_by_division(f.pi, f.u, f.gamma);
  const Real a = f.u[2] * inv_tau;
  f.advect_pi[2] += a * pt.ti[0];        // (x, eta)
  f.advect_pi[4] += a * pt.ti[1];        // (y, eta)
  f.advect_pi[5] += 2.0 * a * pt.ti[2];  // (eta, eta)
}

// ---------------------------------------------------------------------------------------------------
// The first-order quantities at one value of Du^k: the full acceleration (relaxation_rates), or a
// unit vector e_k (relaxation_columns, which drops the products by its zeros).
template <class Real>
struct FirstOrder {
  Real theta{}, theta3{};        // theta (eq. 9), theta/3
  Real sigma[6] = {};            // sigma^{ij} (eq. 10)
  Real sigma_t[3] = {};          // sigma^{ti} (orthogonality)
  Real pi_sigma{}, pi_sigma3{};  // pi:sigma (eq. 12), pi:sigma/3
  Real Q[3] = {};                // Q^j = pi^{alpha j} Du_alpha (eq. 8)
  Real omega[3] = {};            // omega^{jk} (eq. 12): xy, xz, yz; only where the vorticity term is on
  Real omega_t[3] = {};          // omega^{jt} = omega^{jk} u_k / gamma (orthogonality)
};

inline constexpr double kThird = 1.0 / 3.0;

// sigma^{ti} and pi:sigma = pi^{tt} sigma^{tt} - 2 pi^{ti} sigma^{ti} + pi^{ij} sigma^{ij} (metric -,+,+,+),
// from k.sigma; pt holds pi^{ti}, pi^{tt}.
template <class Real>
[[gnu::always_inline]] inline void contract_sigma(const Real pi[6], const Real u[3],
                                                  const TimeComponents<Real>& pt, const Real& inv_g,
                                                  FirstOrder<Real>& k) {
  const TimeComponents<Real> st = time_components(k.sigma, u, inv_g);
#pragma GCC unroll 8
  for (int i = 0; i < 3; ++i) k.sigma_t[i] = st.ti[i];
  k.pi_sigma = pt.tt * st.tt - 2.0 * (pt.ti[0] * st.ti[0] + pt.ti[1] * st.ti[1] + pt.ti[2] * st.ti[2]);
#pragma GCC unroll 8
  for (int i = 0; i < 3; ++i)
#pragma GCC unroll 8
    for (int j = 0; j < 3; ++j) k.pi_sigma += sym(pi, i, j) * sym(k.sigma, i, j);
}

// omega^{jt} = omega^{jk} u_k / gamma, from u_mu omega^{mu nu} = 0 (omega^{tj} = -omega^{jt}).
template <class Real>
[[gnu::always_inline]] inline void vorticity_time_components(const Real u[3], const Real& inv_g,
                                                             FirstOrder<Real>& k) {
  // The diagonal's zeros are skipped (a product by 0.0 is not folded away without -ffast-math).
  k.omega_t[0] = (k.omega[0] * u[1] + k.omega[1] * u[2]) * inv_g;
  k.omega_t[1] = (-k.omega[0] * u[0] + k.omega[2] * u[2]) * inv_g;
  k.omega_t[2] = (-k.omega[1] * u[0] - k.omega[2] * u[1]) * inv_g;
}

// The first-order quantities at Du. Without the free part (`free_part` false) the velocity gradient's
// own contribution is dropped, leaving the part linear in Du.
template <bool free_part, class Real>
[[gnu::always_inline]] inline FirstOrder<Real> first_order_at(const CellFlowT<Real>& c, const Real Du[3],
                                                              const TimeComponents<Real>& pt,
                                                              const Real& inv_g, const Real& inv_g2,
                                                              bool shear, bool vorticity) {
  const Real* u = c.u;
  FirstOrder<Real> k;
  // a^k = u^m d_m u^k (the convective part of Du^k), so d_t u^k = (Du^k - a^k)/gamma.
  Real a[3] = {};
  Real div_u{};
  Real grad[3][3] = {};
  if constexpr (free_part) {
#pragma GCC unroll 8
    for (int l = 0; l < 3; ++l) {
#pragma GCC unroll 8
      for (int m = 0; m < 3; ++m) {
        a[l] += u[m] * c.grad_u[l][m];
        grad[l][m] = c.grad_u[l][m];
      }
      div_u += c.grad_u[l][l];
    }
  }
  // theta = d_t u^t + d_k u^k with d_t u^t = u_k d_t u^k / gamma (eq. 9).
  k.theta = (u[0] * (Du[0] - a[0]) + u[1] * (Du[1] - a[1]) + u[2] * (Du[2] - a[2])) * inv_g2 + div_u;
  k.theta3 = k.theta * kThird;
  // sigma^{ij} = 1/2 (d_i u^j + d_j u^i + u^i Du^j + u^j Du^i) - 1/3 Delta^{ij} theta (eq. 10).
#pragma GCC unroll 8
  for (int idx = 0; idx < 6; ++idx) {
    const int i = kSymRow[idx], j = kSymCol[idx];
    k.sigma[idx] = 0.5 * (grad[j][i] + grad[i][j] + u[i] * Du[j] + u[j] * Du[i]) -
                   ((i == j ? 1.0 : 0.0) + u[i] * u[j]) * k.theta3;
  }
  contract_sigma(c.pi, u, pt, inv_g, k);
  k.pi_sigma3 = k.pi_sigma * kThird;
  if (shear) {
    // Q^j = Du^k (pi^{kj} - pi^{tj} u_k / gamma) (eq. 8).
    const Real uDu = (u[0] * Du[0] + u[1] * Du[1] + u[2] * Du[2]) * inv_g;
#pragma GCC unroll 8
    for (int j = 0; j < 3; ++j)
      k.Q[j] = sym(c.pi, 0, j) * Du[0] + sym(c.pi, 1, j) * Du[1] + sym(c.pi, 2, j) * Du[2] - pt.ti[j] * uDu;
  }
  if (vorticity) {
    // omega^{jk} = 1/2 (nabla^j u^k - nabla^k u^j), nabla^j u^k = d_j u^k + u^j Du^k (eqs. 4, 12).
#pragma GCC unroll 8
    for (int a = 0; a < 3; ++a) {
      const int j = kAntisymRow[a], l = kAntisymCol[a];
      k.omega[a] = 0.5 * (grad[l][j] - grad[j][l] + u[j] * Du[l] - u[l] * Du[j]);
    }
    vorticity_time_components(u, inv_g, k);
  }
  return k;
}

// first_order_at<false> at Du = e_K, with the products by the unit vector's zeros dropped: equal to
// it up to the sign of zeros. pi:sigma only where a term needs it (need_pi_sigma; zero otherwise), the
// vorticity only where its term is on.
template <class Real>
[[gnu::always_inline]] inline FirstOrder<Real> first_order_column(const CellFlowT<Real>& c, int K,
                                                                  const TimeComponents<Real>& pt,
                                                                  const Real& inv_g, const Real& inv_g2,
                                                                  bool shear, bool need_pi_sigma,
                                                                  bool vorticity) {
  const Real* u = c.u;
  FirstOrder<Real> k;
  k.theta = u[K] * inv_g2;
  k.theta3 = k.theta * kThird;
#pragma GCC unroll 8
  for (int idx = 0; idx < 6; ++idx) {
    const int i = kSymRow[idx], j = kSymCol[idx];
    k.sigma[idx] = 0.5 * ((j == K ? u[i] : Real{}) + (i == K ? u[j] : Real{})) -
                   ((i == j ? 1.0 : 0.0) + u[i] * u[j]) * k.theta3;
  }
  if (need_pi_sigma) contract_sigma(c.pi, u, pt, inv_g, k);
  k.pi_sigma3 = k.pi_sigma * kThird;
  if (shear) {
    const Real uDu = u[K] * inv_g;
#pragma GCC unroll 8
    for (int j = 0; j < 3; ++j) k.Q[j] = sym(c.pi, K, j) - pt.ti[j] * uDu;
  }
  if (vorticity) {
#pragma GCC unroll 8
    for (int a = 0; a < 3; ++a) {
      const int j = kAntisymRow[a], l = kAntisymCol[a];
      k.omega[a] = 0.5 * ((l == K ? u[j] : Real{}) - (j == K ? u[l] : Real{}));
    }
    vorticity_time_components(u, inv_g, k);
  }
  return k;
}

// ---------------------------------------------------------------------------------------------------
// The right-hand sides of the relaxation equations, each term once. With `free_part` the terms that do
// not depend on Du are included (-pi, -Pi and phi7); without, what is left is linear in the
// first-order quantities k, so that at k = first_order_column(K) it is the Jacobian column K.

// pi:pi/3 = ((pi^{tt})^2 - 2 pi^{ti} pi^{ti} + pi^{ij} pi^{ij})/3, for the phi7 term.
template <class Real>
[[gnu::always_inline]] inline Real pi_pi_third(const Real pi[6], const TimeComponents<Real>& pt) {
  Real pi_pi = pt.tt * pt.tt - 2.0 * (pt.ti[0] * pt.ti[0] + pt.ti[1] * pt.ti[1] + pt.ti[2] * pt.ti[2]);
#pragma GCC unroll 8
  for (int i = 0; i < 3; ++i)
#pragma GCC unroll 8
    for (int j = 0; j < 3; ++j) pi_pi += sym(pi, i, j) * sym(pi, i, j);
  return pi_pi * kThird;
}

// R^{ij} of eq. 12 for the stored component idx = (i, j): tau_pi Delta D pi^{ij} = R^{ij}.
template <bool free_part, class Real>
[[gnu::always_inline]] inline Real shear_source(const CellFlowT<Real>& c,
                                                const TransportCoefficientsT<Real>& tc,
                                                const TimeComponents<Real>& pt, const FirstOrder<Real>& k,
                                                const Real& pi_pi3, int idx) {
  const int i = kSymRow[idx], j = kSymCol[idx];
  const Real* pi = c.pi;
  const Real delta_ij = (i == j ? 1.0 : 0.0) + c.u[i] * c.u[j];  // Delta^{ij}
  Real r = -2.0 * tc.eta * k.sigma[idx];
  if (free_part) r -= pi[idx];
  // -delta_pipi pi^{ij} theta
  if (nonzero(tc.delta_pipi)) r -= tc.delta_pipi * pi[idx] * k.theta;
  // -tau_pipi pi^{lambda<i} sigma^{j>}_lambda, with A^{ij} = pi^{l i} sigma_l^j = -pi^{ti} sigma^{tj} +
  // pi^{ki} sigma^{kj}: symmetrized, traceless.
  if (nonzero(tc.tau_pipi)) {
    Real Aij = -pt.ti[i] * k.sigma_t[j], Aji = -pt.ti[j] * k.sigma_t[i];
#pragma GCC unroll 8
    for (int l = 0; l < 3; ++l) {
      Aij += sym(pi, l, i) * sym(k.sigma, l, j);
      Aji += sym(pi, l, j) * sym(k.sigma, l, i);
    }
    r -= tc.tau_pipi * (0.5 * (Aij + Aji) - delta_ij * k.pi_sigma3);
  }
  // -phi7 pi_alpha^{<i} pi^{j>alpha}, with B^{ij} = -pi^{ti} pi^{tj} + pi^{ik} pi^{kj} (free: no Du).
  if (free_part && nonzero(tc.phi7)) {
    Real Bij = -pt.ti[i] * pt.ti[j];
#pragma GCC unroll 8
    for (int l = 0; l < 3; ++l) Bij += sym(pi, i, l) * sym(pi, l, j);
    r -= tc.phi7 * (Bij - delta_ij * pi_pi3);
  }
  // -lambda_piPi Pi sigma^{ij}
  if (nonzero(tc.lambda_piPi)) r -= tc.lambda_piPi * c.Pi * k.sigma[idx];
  // +vorticity pi_lambda^{<i} omega^{j>lambda} (vorticity = 2 tau_pi), with C^{ij} = pi_lambda^i
  // omega^{j lambda} = -pi^{ti} omega^{jt} + pi^{li} omega^{jl}: symmetrized; C is orthogonal to u and
  // its trace pi:omega vanishes, so the projector only symmetrizes (eq. 12).
  if (nonzero(tc.vorticity)) {
    Real Cij = -pt.ti[i] * k.omega_t[j], Cji = -pt.ti[j] * k.omega_t[i];
#pragma GCC unroll 8
    for (int l = 0; l < 3; ++l) {  // l == j (l == i) is a zero of omega: skipped at compile time
      if (l != j) Cij += sym(pi, l, i) * antisym(k.omega, j, l);
      if (l != i) Cji += sym(pi, l, j) * antisym(k.omega, i, l);
    }
    r += tc.vorticity * (0.5 * (Cij + Cji));
  }
  return r;
}

// The right-hand side of eq. 13: tau_Pi D Pi = -Pi - zeta theta - delta_PiPi Pi theta - lambda_Pipi pi:sigma.
template <bool free_part, class Real>
[[gnu::always_inline]] inline Real bulk_source(const CellFlowT<Real>& c,
                                               const TransportCoefficientsT<Real>& tc,
                                               const FirstOrder<Real>& k) {
  Real r = -tc.zeta * k.theta - tc.delta_PiPi * c.Pi * k.theta - tc.lambda_Pipi * k.pi_sigma;
  if (free_part) r -= c.Pi;
  return r;
}

// The transport coefficients that the sources above test with nonzero() (besides tau_pi and tau_Pi,
// tested with positive()). A term added to them adds its coefficient here.
template <class Real>
inline constexpr Real TransportCoefficientsT<Real>::*kTermCoefficients[] = {
    &TransportCoefficientsT<Real>::delta_pipi, &TransportCoefficientsT<Real>::tau_pipi,
    &TransportCoefficientsT<Real>::phi7,       &TransportCoefficientsT<Real>::lambda_piPi,
    &TransportCoefficientsT<Real>::delta_PiPi, &TransportCoefficientsT<Real>::lambda_Pipi,
    &TransportCoefficientsT<Real>::vorticity};
static_assert(sizeof(TransportCoefficients) == (4 + std::size(kTermCoefficients<double>)) * sizeof(double),
              "a new transport coefficient: list it in kTermCoefficients if a source branches on it");

// Whether every lane takes the same branches of the sources on its transport coefficients: each
// tested condition holds in all lanes or in none.
inline bool same_branches_in_all_lanes(const TransportCoefficientsT<CellLanes>& tc) {
  auto same = [](auto mask) { return !any_lane(mask) || !any_lane(mask == 0); };
  bool all = same(tc.tau_pi > 0.0) && same(tc.tau_Pi > 0.0);
  for (auto coefficient : kTermCoefficients<CellLanes>) all = all && same(tc.*coefficient != 0.0);
  return all;
}

// d_t pi^{ij} and d_t Pi from the sources at k (eq. 11 with eq. 8; eq. 13 with D = gamma d_t +
// u^k d_k): the free part with the advection, or a Jacobian column. inv_tau_pi, inv_tau_Pi: the
// reciprocal relaxation times where shear, bulk are on.
template <bool free_part, class Real>
[[gnu::always_inline]] inline void rates_from_sources(const CellFlowT<Real>& c,
                                                      const TransportCoefficientsT<Real>& tc,
                                                      const TimeComponents<Real>& pt,
                                                      const FirstOrder<Real>& k, bool shear, bool bulk,
                                                      const Real& inv_tau_pi, const Real& inv_tau_Pi,
                                                      const Real& inv_g, Real dpi_dt[6], Real& dPi_dt) {
  const Real* u = c.u;
  if (shear) {
    Real pi_pi3{};
    if (free_part && nonzero(tc.phi7)) pi_pi3 = pi_pi_third(c.pi, pt);
#pragma GCC unroll 8
    for (int idx = 0; idx < 6; ++idx) {
      const int i = kSymRow[idx], j = kSymCol[idx];
      Real Dpi =
          shear_source<free_part>(c, tc, pt, k, pi_pi3, idx) * inv_tau_pi + u[i] * k.Q[j] + u[j] * k.Q[i];
      if (free_part) Dpi -= c.advect_pi[idx];
      dpi_dt[idx] = Dpi * inv_g;
    }
  } else {
#pragma GCC unroll 8
    for (int idx = 0; idx < 6; ++idx) dpi_dt[idx] = Real{};
  }
  if (bulk) {
    Real DPi = bulk_source<free_part>(c, tc, k) * inv_tau_Pi;
    if (free_part) DPi -= c.advect_Pi;
    dPi_dt = DPi * inv_g;
  } else {
    dPi_dt = Real{};
  }
}

// d_t pi^{ij} and d_t Pi as functions of Du^k (the acceleration, spatial components); affine in Du.
// With `homogeneous` the part independent of Du is dropped, leaving the linear map alone.
// `homogeneous` is a template parameter so that each variant compiles without the other's branches.
template <bool homogeneous, class Real>
[[gnu::always_inline]] inline void relaxation_rates(const CellFlowT<Real>& c,
                                                    const TransportCoefficientsT<Real>& tc,
                                                    const RelaxationSwitches& on, const Real Du[3],
                                                    Real dpi_dt[6], Real& dPi_dt) {
  // Divisions by gamma, gamma^2, 3 and the relaxation times are multiplications by reciprocals: the
  // divider's latency chains dominated this function.
  const Real inv_g = 1.0 / c.gamma, inv_g2 = inv_g * inv_g;
  const bool shear = on.shear && positive(tc.tau_pi), bulk = on.bulk && positive(tc.tau_Pi);
  const TimeComponents<Real> pt = time_components(c.pi, c.u, inv_g);
  const FirstOrder<Real> k =
      first_order_at<!homogeneous>(c, Du, pt, inv_g, inv_g2, shear, shear && nonzero(tc.vorticity));
  Real inv_tau_pi{}, inv_tau_Pi{};
  if (shear) inv_tau_pi = 1.0 / tc.tau_pi;
  if (bulk) inv_tau_Pi = 1.0 / tc.tau_Pi;
  rates_from_sources<!homogeneous>(c, tc, pt, k, shear, bulk, inv_tau_pi, inv_tau_Pi, inv_g, dpi_dt, dPi_dt);
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
// d(d_t Pi)/d(Du^k), i.e. relaxation_rates<true> at Du = e_k: the same sources at
// first_order_column(k), with what does not depend on k (pi^{ti}, pi^{tt}) computed once.
template <class Real>
[[gnu::always_inline]] inline void relaxation_columns(const CellFlowT<Real>& c,
                                                      const TransportCoefficientsT<Real>& tc,
                                                      const RelaxationSwitches& on, Real rk[3][6],
                                                      Real Rk[3]) {
  const Real inv_g = 1.0 / c.gamma, inv_g2 = inv_g * inv_g;
  const bool shear = on.shear && positive(tc.tau_pi), bulk = on.bulk && positive(tc.tau_Pi);
  const bool need_pi_sigma = (shear && nonzero(tc.tau_pipi)) || (bulk && nonzero(tc.lambda_Pipi));
  const bool vorticity = shear && nonzero(tc.vorticity);
  const TimeComponents<Real> pt = time_components(c.pi, c.u, inv_g);
  Real inv_tau_pi{}, inv_tau_Pi{};
  if (shear) inv_tau_pi = 1.0 / tc.tau_pi;
  if (bulk) inv_tau_Pi = 1.0 / tc.tau_Pi;
#pragma GCC unroll 8
  for (int K = 0; K < 3; ++K) {
    const FirstOrder<Real> k = first_order_column(c, K, pt, inv_g, inv_g2, shear, need_pi_sigma, vorticity);
    rates_from_sources<false>(c, tc, pt, k, shear, bulk, inv_tau_pi, inv_tau_Pi, inv_g, rk[K], Rk[K]);
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
// kConstantCs2: P = cs2 e + Pi, the expression of the constant-sound-speed EOS (c.constant_cs2).
template <bool kConstantCs2, class Real>
[[gnu::always_inline]] inline bool dissipative_time_derivatives_impl(
    const CellFlowT<Real>& c, const TransportCoefficientsT<Real>& tc, const RelaxationSwitches& on,
    const Real dT_dt[4], Real dpi_dt[6], Real& dPi_dt, Real Du_out[3], Real* de_dt_out) {
  const Real* u = c.u;
  const Real g = c.gamma, g2 = g * g;
  const Real inv_g = 1.0 / g, inv_g2 = inv_g * inv_g;
  Real P;  // p(e) + Pi
  if constexpr (kConstantCs2)
    P = c.cs2 * c.e + c.Pi;
  else
    P = c.p + c.Pi;
  const Real w = c.e + P;
  const Real* pi = c.pi;
  // Partial derivatives of T^{t nu} (eq. 14) with respect to e, u^k, Pi and the six pi^{ij}.
  Real dT_de[4], dT_du[4][3], dT_dPi[4], dT_dpi[4][6];
  Real S_uu{};   // pi^{ij} u_i u_j
  Real pi_u[3];  // pi^{kj} u_j
#pragma GCC unroll 8
  for (int k = 0; k < 3; ++k) {
    pi_u[k] = contract(pi, u, k);
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
#pragma GCC unroll 8
  for (int l = 0; l < 3; ++l) {
    dT_de[1 + l] = (1.0 + c.cs2) * g * u[l];
    dT_dPi[1 + l] = g * u[l];
#pragma GCC unroll 8
    for (int k = 0; k < 3; ++k)
      dT_du[1 + l][k] = w * ((l == k ? g : Real{}) + u[l] * u[k] * inv_g) + sym(pi, l, k) * inv_g -
                        pi_u[l] * u[k] * (inv_g2 * inv_g);
#pragma GCC unroll 8
    for (int cidx = 0; cidx < 6; ++cidx) {
      const int i = kSymRow[cidx], j = kSymCol[cidx];
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
  if (de_dt_out) *de_dt_out = b[0];
#pragma GCC unroll 8
  for (int cidx = 0; cidx < 6; ++cidx)
    dpi_dt[cidx] = r0[cidx] + rk[0][cidx] * b[1] + rk[1][cidx] * b[2] + rk[2][cidx] * b[3];
  dPi_dt = R0 + Rk[0] * b[1] + Rk[1] * b[2] + Rk[2] * b[3];
  return true;
}

template <class Real>
inline bool dissipative_time_derivatives(const CellFlowT<Real>& c, const TransportCoefficientsT<Real>& tc,
                                         const RelaxationSwitches& on, const Real dT_dt[4], Real dpi_dt[6],
                                         Real& dPi_dt, Real Du_out[3], Real* de_dt_out = nullptr) {
  // de_dt_out, when given, receives d_t e (the first unknown of the solve; a charged run's D alpha).
  return c.constant_cs2
             ? dissipative_time_derivatives_impl<true>(c, tc, on, dT_dt, dpi_dt, dPi_dt, Du_out, de_dt_out)
             : dissipative_time_derivatives_impl<false>(c, tc, on, dT_dt, dpi_dt, dPi_dt, Du_out, de_dt_out);
}

}  // namespace ishydro

#pragma GCC diagnostic pop
