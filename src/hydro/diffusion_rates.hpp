#pragma once
// Pointwise physics of the baryon charge at one cell (docs/equations.md, "Baryon charge and
// diffusion"): n_B from the evolved N^t and V^i, and the lab-frame time derivative of V^i from its
// relaxation equation, with the exact D alpha (the rank-one solve below). Everything is inline: it runs
// inside the charge passes of the right-hand side (hydro/rhs_charge.cpp).
//
// Metric (-,+,+,+); V^t = v.V = u_j V^j / gamma from u_mu V^mu = 0 (the same orthogonality as pi^{t nu},
// eq. 15). Milne: orthonormal-frame components, as T^{tau nu} and pi^{ij} (eqs. 60-62).
#include <cmath>

#include "hydro/dissipative_rates.hpp"
#include "simd/cell_lanes.hpp"

namespace ishydro {

// Vectors are passed between inline functions only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

// n_B = (N^t - V^t) / u^t: the rest-frame density from the lab-frame N^t = n_B u^t + V^t, with
// V^t = u_j V^j / u^t (inv_gamma = 1/u^t).
template <class Real>
inline Real rest_frame_baryon_density(const Real& Nt, const Real u[3], const Real& inv_gamma,
                                      const Real V[3]) {
  const Real Vt = (u[0] * V[0] + u[1] * V[1] + u[2] * V[2]) * inv_gamma;
  return (Nt - Vt) * inv_gamma;
}

// What the diffusion equation needs at one cell (Real = double) or kCellLanes cells (Real = CellLanes),
// all lab frame (Milne: orthonormal frame, grad_u with the connection of add_milne_connection).
template <class Real>
struct DiffusionCellT {
  Real u[3] = {}, gamma = splat<Real>(1.0);  // u^i, u^t
  Real V[3] = {};                            // V^i
  Real nB{};                                 // rest-frame baryon density
  Real grad_u[3][3] = {};                    // grad_u[j][k] = d_k u^j
  Real grad_alpha[3] = {};                   // d_k alpha, alpha = mu_B / T
  Real advect_V[3] = {};                     // u^k d_k V^i
  Real dNt_dt{};             // d_t N^t (the divergence of N^i, Milne: with its geometric source)
  Real de_dt{}, Du[3] = {};  // d_t e and D u^i from the exact solve of eq. 19
  Real kappa{}, tau_V{};     // kappa_B, tau_V
  Real dalpha_de{}, dalpha_dn{};
  Real delta_VV{}, lambda_VV{};  // second-order coefficients (0 when switched off)
  double milne_inv_tau = 0;      // 1/tau in Milne, 0 in Cartesian coordinates
  bool second_order = false;     // whether delta_VV or lambda_VV is switched on
};
using DiffusionCell = DiffusionCellT<double>;

// d_t V^i from tau_V Delta^i_nu D V^nu + V^i = -kappa_B nabla^i alpha - delta_VV V^i theta
// - lambda_VV V_nu sigma^{i nu} (the contract's sign: V^i -> -kappa_B d_i alpha in the rest frame), with
//   Delta^i_nu D V^nu = D V^i - u^i V_nu D u^nu   (u_nu D V^nu = -V_nu D u^nu),
//   nabla^i alpha = d_i alpha + u^i D alpha,  D alpha = gamma d_t alpha + u^k d_k alpha,
//   d_t alpha = (d alpha/de)_n d_t e + (d alpha/dn)_e d_t n_B,
//   d_t n_B from gamma n_B = N^t - V^t, differentiated: it contains d_t V^t = d_t(u_j V^j / gamma), so
//   d_t V^i itself through X = u_j d_t V^j. Then d_t V^i = A^i + B^i X, and X = u.A / (1 - u.B) exactly
//   (Sherman-Morrison; 1 - u.B = 1 - v^2 c_V^2 > 0 with the front speed c_V <= 1 and |v| < 1).
template <class Real>
inline void diffusion_time_derivative(const DiffusionCellT<Real>& c, Real dV_dt[3]) {
  const Real* u = c.u;
  const Real g = c.gamma, ig = 1.0 / g, ig2 = ig * ig;
  // d_t u^k = (D u^k - u^m d_m u^k) / gamma, d_t gamma = u_k d_t u^k / gamma.
  Real dtu[3];
  for (int k = 0; k < 3; ++k)
    dtu[k] = (c.Du[k] - (u[0] * c.grad_u[k][0] + u[1] * c.grad_u[k][1] + u[2] * c.grad_u[k][2])) * ig;
  const Real dt_gamma = (u[0] * dtu[0] + u[1] * dtu[1] + u[2] * dtu[2]) * ig;
  const Real uV = u[0] * c.V[0] + u[1] * c.V[1] + u[2] * c.V[2];
  const Real Vt = uV * ig;
  const Real dtu_V = dtu[0] * c.V[0] + dtu[1] * c.V[1] + dtu[2] * c.V[2];
  // d_t n_B = n0 - X / gamma^2.
  const Real n0 = (c.dNt_dt - dtu_V * ig + uV * dt_gamma * ig2 - c.nB * dt_gamma) * ig;
  // D alpha = Dalpha0 - (d alpha/dn) X / gamma.
  const Real u_grad_alpha = u[0] * c.grad_alpha[0] + u[1] * c.grad_alpha[1] + u[2] * c.grad_alpha[2];
  const Real Dalpha0 = g * (c.dalpha_de * c.de_dt + c.dalpha_dn * n0) + u_grad_alpha;
  // V_nu D u^nu = V^j D u^j - V^t D u^t, D u^t = u_j D u^j / gamma.
  const Real W = c.V[0] * c.Du[0] + c.V[1] * c.Du[1] + c.V[2] * c.Du[2] -
                 Vt * (u[0] * c.Du[0] + u[1] * c.Du[1] + u[2] * c.Du[2]) * ig;
  // theta and sigma^{mu nu} (eqs. 9-10) at this Du, where a second-order term needs them.
  Real theta{}, V_sigma[3] = {};
  if (c.second_order) {
    CellFlowT<Real> f;
    for (int i = 0; i < 3; ++i) f.u[i] = u[i];
    f.gamma = g;
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) f.grad_u[j][k] = c.grad_u[j][k];
    const TimeComponents<Real> pt{};
    const FirstOrder<Real> k = first_order_at<true>(f, c.Du, pt, ig, ig2, false, false);  // no omega needed
    theta = k.theta;
    // V_nu sigma^{i nu} = sigma^{ij} V^j - sigma^{ti} V^t.
    for (int i = 0; i < 3; ++i) V_sigma[i] = contract(k.sigma, c.V, i) - k.sigma_t[i] * Vt;
  }
  const Real inv_tau_V = 1.0 / c.tau_V;
  Real A[3], B[3];
  for (int i = 0; i < 3; ++i) {
    const Real source = -c.kappa * (c.grad_alpha[i] + u[i] * Dalpha0) - c.V[i] - c.delta_VV * theta * c.V[i] -
                        c.lambda_VV * V_sigma[i];
    // Milne: D V^eta carries the connection u^eta V^tau / tau (as pi's, eq. 62).
    const Real connection = i == 2 ? u[2] * Vt * c.milne_inv_tau : Real{};
    A[i] = (source * inv_tau_V + u[i] * W - c.advect_V[i] - connection) * ig;
    B[i] = c.kappa * c.dalpha_dn * u[i] * ig2 * inv_tau_V;
  }
  const Real X =
      (u[0] * A[0] + u[1] * A[1] + u[2] * A[2]) / (1.0 - (u[0] * B[0] + u[1] * B[1] + u[2] * B[2]));
  for (int i = 0; i < 3; ++i) dV_dt[i] = A[i] + B[i] * X;
}

// What d_t V^i reads and writes over the cells, beside the flow of the relaxation pass (arrays of the
// right-hand side; hydro/rhs_charge.cpp fills it).
struct DiffusionArrays {
  const double *V[3] = {}, *grad_alpha[3] = {}, *nB = nullptr, *dNt_dt = nullptr;
  const double *kappa = nullptr, *tau_V = nullptr, *dalpha_de = nullptr, *dalpha_dn = nullptr;
  double* dV[3] = {};  // u^k d_k V^i on entry (read by a group before it writes d_t V^i there)
  double milne_inv_tau = 0;
  bool delta_VV = false, lambda_VV = false;
};

// d_t V^i of one group of cells, inside the relaxation pass (hydro/rhs.cpp, relax_group), from its flow
// f (u^i, gamma, and grad_u with Milne's connection) and its exact D u^i and d_t e: the flow's arrays
// are read once for both equations.
template <class Real>
inline void diffusion_group(const DiffusionArrays& a, CellGroup g, const CellFlowT<Real>& f, const Real Du[3],
                            const Real& de_dt) {
  DiffusionCellT<Real> d;
  for (int i = 0; i < 3; ++i) {
    d.u[i] = f.u[i];
    d.Du[i] = Du[i];
    load(d.V[i], a.V[i], g);
    load(d.grad_alpha[i], a.grad_alpha[i], g);
    load(d.advect_V[i], a.dV[i], g);
    for (int k = 0; k < 3; ++k) d.grad_u[i][k] = f.grad_u[i][k];
  }
  d.gamma = f.gamma;
  d.milne_inv_tau = a.milne_inv_tau;
  d.de_dt = de_dt;
  load(d.nB, a.nB, g);
  load(d.dNt_dt, a.dNt_dt, g);
  load(d.kappa, a.kappa, g);
  load(d.tau_V, a.tau_V, g);
  load(d.dalpha_de, a.dalpha_de, g);
  load(d.dalpha_dn, a.dalpha_dn, g);
  // The DNMR values (docs/equations.md): delta_VV = tau_V, lambda_VV = (3/5) tau_V, when switched on.
  d.delta_VV = a.delta_VV ? d.tau_V : Real{};
  d.lambda_VV = a.lambda_VV ? 0.6 * d.tau_V : Real{};
  d.second_order = a.delta_VV || a.lambda_VV;
  Real rate[3];
  diffusion_time_derivative(d, rate);
  for (int i = 0; i < 3; ++i) store(a.dV[i], rate[i], g);
}

#pragma GCC diagnostic pop

}  // namespace ishydro
