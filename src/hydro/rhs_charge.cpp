// The baryon charge's part of the right-hand side (docs/equations.md, "Baryon charge and diffusion"),
// run by a charged run only, inside and after the uncharged stages (hydro/rhs.cpp, evaluate):
//   1. charge_cells (in the recovery pass, per group, after the recovery of e, u): n_B = (N^t - V^t)/u^t,
//      the qgp gas's T, mu_B, s and derivatives at (e, n_B), kappa_B and tau_V, the diffusion rate
//      1/(gamma tau_V) and front speed; the pass then derives the shear and bulk coefficients from the
//      charged T and s (one evaluation, no second pass over the cells).
//   2. charge_divergence (before the uncharged spectral phase, whose advection reuses the scratch that
//      holds N^i = n_B u^i + V^i from the recovery pass): d_t N^t = -d_i N^i (Milne: the geometric
//      source); charge_spectral_phase (after it): the gradient of alpha, u^k d_k V^i.
//   3. d_t V^i inside the relaxation pass (diffusion_arrays; hydro/diffusion_rates.hpp, diffusion_group),
//      once the group's exact d_t e and D u^i are known.
// An uncharged run never enters this file.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "hydro/diffusion_rates.hpp"
#include "hydro/physics_error.hpp"
#include "hydro/rhs.hpp"
#include "hydro/spectral_terms.hpp"
#include "parallel/comm.hpp"
#include "parallel/loops.hpp"
#include "profiling/profiler.hpp"
#include "transport/diffusion.hpp"

// Vectors (CellLanes) are passed between inline functions only.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {

using namespace spectral_terms;  // the spectral operations (hydro/spectral_terms.hpp)

void RightHandSide::charge_cells(const StateView& in, CellGroup g, const CellLanes& e, const CellLanes v[3],
                                 double* diffusion_rate, bool fluxes, ChargedCells& q) const {
  using R = CellLanes;
  R V[3], Nt;
  for (int i = 0; i < 3; ++i) load(V[i], in.ptr(kVx + i), g);
  load(Nt, in.ptr(kNt), g);
  const R v2 = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
  const R inv_gamma = lane_sqrt(1.0 - v2);
  const R gamma = 1.0 / inv_gamma;  // as the recovery pass's (derive_cells)
  const R u[3] = {gamma * v[0], gamma * v[1], gamma * v[2]};
  const R nB = rest_frame_baryon_density(Nt, u, inv_gamma, V);
  const ChargedStateT<R> st = eos_.charged_state(e, nB);
  const DiffusionCoefficientsT<R> dc = diffusion_coefficients(st, e, nB, charge_.C_B);
  const R* out[] = {&nB,         &st.muB,   &st.alpha,     &st.T,        &st.s,
                    &dc.kappa_B, &dc.tau_V, &st.dalpha_de, &st.dalpha_dn};
  const ChargeField where[] = {kNB, kMuB, kAlpha, kChargeT, kChargeS, kKappa, kTauV, kDalphaDe, kDalphaDn};
  for (int f = 0; f < 9; ++f) store(charge_fields_[where[f]].data(), *out[f], g);
  if (fluxes)  // N^i = n_B u^i + V^i for charge_divergence, in the derivative scratch
    for (int i = 0; i < 3; ++i) store(tmp_[i].data(), nB * u[i] + V[i], g);
  q.T = st.T;
  q.s = st.s;
  q.rate = inv_gamma / dc.tau_V;
  if (diffusion_rate) store(diffusion_rate, q.rate, g);
  q.front2 = diffusion_front_speed_squared(st, e, nB);
  const R uV = u[0] * V[0] + u[1] * V[1] + u[2] * V[2];
  q.u_V = lane_abs(-gamma * (uV * inv_gamma) + uV);  // u_mu V^mu, V^t = uV/gamma
  q.Nt = Nt;
  q.bad = ((st.T > 0.0) == 0) | ((nB - nB) != 0.0);  // beyond the gas's range, or not finite
  q.acausal = (q.front2 <= 1.0) == 0;                // eq. 92
}

void RightHandSide::check_charge(std::size_t bad_cell, std::size_t acausal_cell, const StateView& in) const {
  const std::size_t n = grid_.cells();
  const std::size_t bad = bad_cell < n ? bad_cell : n;
  std::string what;
  if (bad < n)
    what = fmt::format("n_B = {:.6g} 1/fm^3 at e = {:.6g} GeV/fm^3 is beyond the range of eos.kind = \"qgp\"",
                       nB_[bad], e_[bad]);
  check_failure(bad, "unphysical state: ", what.c_str(), kExitUnphysical, in);
  const std::size_t acausal = acausal_cell < n ? acausal_cell : n;
  if (acausal < n)
    what =
        fmt::format("the diffusion front is faster than light (mu_B/T = {:.6g}, n_B = {:.6g} 1/fm^3; eq. 92)",
                    alpha_[acausal], nB_[acausal]);
  check_failure(acausal, "unphysical state: ", what.c_str(), kExitUnphysical, in);
}

int RightHandSide::charge_ffts() const {
  if (!charge_.charged) return 0;
  const int resolved = int(grid_.resolved(0)) + int(grid_.resolved(1)) + int(grid_.resolved(2));
  // div N: one forward per resolved N^i and one inverse; grad alpha: one forward, one inverse per
  // resolved axis; u^k d_k V^i: the same for each of the three V^i.
  return (resolved + (resolved > 0 ? 1 : 0)) + (1 + resolved) + 3 * (1 + resolved);
}

void RightHandSide::charge_divergence(const StateView& out) {
  // d_t N^t = -d_i N^i: each resolved N^i (in the derivative scratch since the recovery pass, which
  // wrote it; free until the advection below) transformed once, the terms summed in k-space, one inverse.
  Complex* spec = spectral_.spectrum_buffer();
  bool started = false;
  for (int i = 0; i < 3; ++i) {
    if (!grid_.resolved(i)) continue;
    forward_fft(spectral_, tmp_[i].data(), spec);
    k_space_term(spectral_, spec, i, -axis_scale(i), spectral_.accumulator(0), !started);
    started = true;
  }
  if (started)
    inverse_fft(spectral_, spectral_.accumulator(0), out.ptr(kNt));
  else
    std::fill(out.var(kNt).begin(), out.var(kNt).end(), 0.0);
  // (Milne: the source -N^tau/tau is added with T^{tau nu}'s, add_milne_sources.)
}

void RightHandSide::charge_spectral_phase(const StateView& in, const StateView& out) {
  Complex* spec = spectral_.spectrum_buffer();
  // d_k alpha (orthonormal frame; entries along unresolved axes stay zero from setup).
  forward_fft(spectral_, alpha_.data(), spec);
  for (int k = 0; k < 3; ++k)
    if (grid_.resolved(k))
      derivative(spectral_, spec, k, charge_fields_[kGradAlphaX + k].data(), axis_scale(k));
  // u^k d_k V^i where d_t V^i goes (read by diffusion_group, in the relaxation pass, before it writes
  // over them).
  for (int i = 0; i < 3; ++i) advect(in.ptr(kVx + i), out.ptr(kVx + i));
}

DiffusionArrays RightHandSide::diffusion_arrays(const StateView& in, const StateView& out) const {
  DiffusionArrays a;
  for (int i = 0; i < 3; ++i) {
    a.V[i] = in.ptr(kVx + i);
    a.grad_alpha[i] = charge_fields_[kGradAlphaX + i].data();
    a.dV[i] = out.ptr(kVx + i);
  }
  a.nB = charge_fields_[kNB].data();
  a.dNt_dt = out.ptr(kNt);
  a.kappa = charge_fields_[kKappa].data();
  a.tau_V = charge_fields_[kTauV].data();
  a.dalpha_de = charge_fields_[kDalphaDe].data();
  a.dalpha_dn = charge_fields_[kDalphaDn].data();
  a.milne_inv_tau = milne_ ? 1.0 / tau_ : 0.0;
  a.delta_VV = charge_.delta_VV;
  a.lambda_VV = charge_.lambda_VV;
  return a;
}

}  // namespace ishydro
