// The baryon charge's part of the right-hand side (docs/equations.md, "Baryon charge and diffusion"),
// run by a charged run only, after the uncharged stages it needs (hydro/rhs.cpp, evaluate):
//   1. charge_recovery (after the recovery of e, u): n_B = (N^t - V^t)/u^t, the qgp gas's T, mu_B, s and
//      derivatives at (e, n_B), kappa_B and tau_V; the shear and bulk rates again from the charged T
//      and s; the diffusion rate 1/(gamma tau_V); the signal speed with the diffusion front; totals.
//   2. charge_spectral_phase (after the divergences of T^{i nu}): d_t N^t = -d_i N^i with
//      N^i = n_B u^i + V^i (Milne: the geometric source), the gradient of alpha, u^k d_k V^i.
//   3. charge_relaxation_pass (after the exact d_t e and D u^i): d_t V^i (hydro/diffusion_rates.hpp).
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

// The reductions of the charge recovery over this rank's cells.
struct RightHandSide::ChargeReductions {
  double max_signal = 0, max_front2 = 0, max_rate = 0, max_u_V = 0;
  double total_N = 0, entropy = 0;
  std::size_t bad_cell = std::numeric_limits<std::size_t>::max();      // n_B beyond the gas's range
  std::size_t acausal_cell = std::numeric_limits<std::size_t>::max();  // diffusion front faster than light
  void merge(const ChargeReductions& o) {
    max_signal = std::max(max_signal, o.max_signal);
    max_front2 = std::max(max_front2, o.max_front2);
    max_rate = std::max(max_rate, o.max_rate);
    max_u_V = std::max(max_u_V, o.max_u_V);
    total_N += o.total_N;
    entropy += o.entropy;
    bad_cell = std::min(bad_cell, o.bad_cell);
    acausal_cell = std::min(acausal_cell, o.acausal_cell);
  }
};

// What the charge recovery reads and writes (rates: null where not wanted).
struct RightHandSide::ChargeRecoveryArrays {
  const double *Nt = nullptr, *V[3] = {}, *u[3] = {}, *e = nullptr;
  double* field[kChargeFields] = {};
  double *shear_rate = nullptr, *bulk_rate = nullptr, *diffusion_rate = nullptr;
};

// The charge recovery of one group of cells (CellLanes): n_B, the gas's state, kappa_B and tau_V, the
// rates and the reductions (the per-lane maxima and sums over the group's cells, in cell order).
void RightHandSide::recover_charge_group(const ChargeRecoveryArrays& a, CellGroup g,
                                         ChargeReductions& r) const {
  using R = CellLanes;
  R u[3], V[3], Nt, e;
  for (int i = 0; i < 3; ++i) load(u[i], a.u[i], g), load(V[i], a.V[i], g);
  load(Nt, a.Nt, g);
  load(e, a.e, g);
  const R gamma = lane_sqrt(1.0 + u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
  const R nB = rest_frame_baryon_density(Nt, u, gamma, V);
  const ChargedStateT<R> st = eos_.charged_state(e, nB);
  const auto bad = ((st.T > 0.0) == 0) | ((nB - nB) != 0.0);  // beyond the gas's range, or not finite
  const DiffusionCoefficientsT<R> dc = diffusion_coefficients(st, e, nB, charge_.C_B);
  const R* out[] = {&nB,         &st.muB,   &st.alpha,     &st.T,        &st.s,
                    &dc.kappa_B, &dc.tau_V, &st.dalpha_de, &st.dalpha_dn};
  const ChargeField where[] = {kNB, kMuB, kAlpha, kChargeT, kChargeS, kKappa, kTauV, kDalphaDe, kDalphaDn};
  for (int f = 0; f < 9; ++f) store(a.field[where[f]], *out[f], g);
  // The shear and bulk coefficients from the charged T and s (eta = (eta/s) s, eq. 23).
  const TransportCoefficientsT<R> tc = transport_.at_cells_charged(e, st.T, st.s);
  const R rate_shear = switches_.shear ? (tc.tau_pi > 0.0 ? 1.0 / (gamma * tc.tau_pi) : R{}) : R{};
  const R rate_bulk = switches_.bulk ? (tc.tau_Pi > 0.0 ? 1.0 / (gamma * tc.tau_Pi) : R{}) : R{};
  const R rate_V = 1.0 / (gamma * dc.tau_V);
  if (a.shear_rate) store(a.shear_rate, rate_shear, g), store(a.bulk_rate, rate_bulk, g);
  if (a.diffusion_rate) store(a.diffusion_rate, rate_V, g);
  // Signal speed (eq. 31) with the faster of the sound and diffusion fronts in the rest frame.
  const R front2_V = diffusion_front_speed_squared(st, e, nB);
  const R front2_sound = transport_.front_speed_squared_cells(e, tc);
  const R front2 = front2_sound < front2_V ? front2_V : front2_sound;
  const R front = lane_sqrt(1.0 < front2 ? splat<R>(1.0) : front2);
  const R speed = lane_sqrt(1.0 - 1.0 / (gamma * gamma));
  const R signal = (speed + front) / (1.0 + speed * front);
  const R uV = u[0] * V[0] + u[1] * V[1] + u[2] * V[2];
  const R u_V = lane_abs(-gamma * (uV / gamma) + uV);  // u_mu V^mu, V^t = uV/gamma
  const R entropy = gamma * st.s;
  for (int l = 0; l < g.count; ++l) {
    const std::size_t c = g.c0 + static_cast<std::size_t>(l);
    if (bad[l]) {
      r.bad_cell = std::min(r.bad_cell, c);
      continue;
    }
    r.max_rate = std::max({r.max_rate, rate_shear[l], rate_bulk[l], rate_V[l]});
    if (!(front2_V[l] <= 1.0)) r.acausal_cell = std::min(r.acausal_cell, c);  // eq. 92
    r.max_front2 = std::max(r.max_front2, front2[l]);
    r.max_signal = std::max(r.max_signal, signal[l]);
    r.total_N += Nt[l];
    r.max_u_V = std::max(r.max_u_V, u_V[l]);
    r.entropy += entropy[l];
  }
}

int RightHandSide::charge_ffts() const {
  if (!charge_.charged) return 0;
  const int resolved = int(grid_.resolved(0)) + int(grid_.resolved(1)) + int(grid_.resolved(2));
  // div N: one forward per resolved N^i and one inverse; grad alpha: one forward, one inverse per
  // resolved axis; u^k d_k V^i: the same for each of the three V^i.
  return (resolved + (resolved > 0 ? 1 : 0)) + (1 + resolved) + 3 * (1 + resolved);
}

void RightHandSide::charge_recovery(const StateView& in, StateSummary& summary, std::span<double> shear_rate,
                                    std::span<double> bulk_rate, std::span<double> diffusion_rate) {
  const std::size_t n = grid_.cells();
  ChargeRecoveryArrays a;
  a.Nt = in.ptr(kNt);
  for (int i = 0; i < 3; ++i) a.V[i] = in.ptr(kVx + i);
  a.u[0] = ux_.data(), a.u[1] = uy_.data(), a.u[2] = uz_.data();
  a.e = e_.data();
  for (int f = 0; f < kChargeFields; ++f) a.field[f] = charge_fields_[f].data();
  a.shear_rate = shear_rate.empty() ? nullptr : shear_rate.data();
  a.bulk_rate = bulk_rate.empty() ? nullptr : bulk_rate.data();
  a.diffusion_rate = diffusion_rate.empty() ? nullptr : diffusion_rate.data();
  // kCellLanes cells per group in lockstep (cell_lanes.hpp; the qgp inversion of eq. 83 per lane group).
  const std::size_t groups = (n + kCellLanes - 1) / kCellLanes;
  const ChargeReductions box = parallel::reduce<ChargeReductions>(groups, [&](std::size_t group,
                                                                              ChargeReductions& r) {
    const std::size_t c0 = group * kCellLanes;
    recover_charge_group(a, CellGroup{c0, static_cast<int>(std::min<std::size_t>(kCellLanes, n - c0))}, r);
  });
  const std::size_t bad = box.bad_cell < n ? box.bad_cell : n;
  std::string what;
  if (bad < n)
    what = fmt::format("n_B = {:.6g} 1/fm^3 at e = {:.6g} GeV/fm^3 is beyond the range of eos.kind = \"qgp\"",
                       nB_[bad], e_[bad]);
  check_failure(bad, "unphysical state: ", what.c_str(), kExitUnphysical, in);
  const std::size_t acausal = box.acausal_cell < n ? box.acausal_cell : n;
  if (acausal < n)
    what =
        fmt::format("the diffusion front is faster than light (mu_B/T = {:.6g}, n_B = {:.6g} 1/fm^3; eq. 92)",
                    alpha_[acausal], nB_[acausal]);
  check_failure(acausal, "unphysical state: ", what.c_str(), kExitUnphysical, in);
  // Milne: the totals are of tau N^tau (as of tau T^{tau nu}), dV = dx dy d(eta_s).
  const double dV = grid_.cell_volume() * (milne_ ? tau_ : 1.0);
  double maxima[4] = {box.max_signal, box.max_front2, box.max_rate, box.max_u_V};
  parallel::max_in_place(maxima, 4);
  double totals[2] = {box.total_N * dV, box.entropy * dV};
  parallel::sum_in_place(totals, 2);
  // The charged values replace those of e alone (the same where the coefficients do not depend on T).
  summary.max_signal_speed = maxima[0];
  summary.max_front_speed_squared = maxima[1];
  summary.max_relaxation_rate = maxima[2];
  summary.max_u_V = maxima[3];
  summary.total_N0 = totals[0];
  summary.total_entropy = totals[1];
}

void RightHandSide::charge_spectral_phase(const StateView& in, const StateView& out) {
  const std::size_t n = grid_.cells();
  // N^i = n_B u^i + V^i, into the flux scratch (free once the divergences of T^{i nu} are inverted).
  {
    ISHYDRO_PROFILE("charge fluxes");
    const double* u[3] = {ux_.data(), uy_.data(), uz_.data()};
    const double* V[3] = {in.ptr(kVx), in.ptr(kVy), in.ptr(kVz)};
    const double* nB = nB_.data();
    double* N[3] = {T_ij_[0].data(), T_ij_[1].data(), T_ij_[2].data()};
    parallel::for_each(n, [&](std::size_t c) {
      for (int i = 0; i < 3; ++i) N[i][c] = nB[c] * u[i][c] + V[i][c];
    });
  }
  // d_t N^t = -d_i N^i: each resolved N^i transformed once, the terms summed in k-space, one inverse.
  Complex* spec = spectral_.spectrum_buffer();
  bool started = false;
  for (int i = 0; i < 3; ++i) {
    if (!grid_.resolved(i)) continue;
    forward_fft(spectral_, T_ij_[i].data(), spec);
    k_space_term(spectral_, spec, i, -axis_scale(i), spectral_.accumulator(0), !started);
    started = true;
  }
  if (started)
    inverse_fft(spectral_, spectral_.accumulator(0), out.ptr(kNt));
  else
    std::fill(out.var(kNt).begin(), out.var(kNt).end(), 0.0);
  if (milne_) {  // d_tau N^tau = -(orthonormal divergence) - N^tau / tau: tau N^tau is conserved
    const double inv_tau = 1.0 / tau_;
    const double* Nt = in.ptr(kNt);
    double* dNt = out.ptr(kNt);
    parallel::for_each(n, [&](std::size_t c) { dNt[c] -= Nt[c] * inv_tau; });
  }
  // d_k alpha (orthonormal frame; entries along unresolved axes stay zero from setup).
  forward_fft(spectral_, alpha_.data(), spec);
  for (int k = 0; k < 3; ++k)
    if (grid_.resolved(k))
      derivative(spectral_, spec, k, charge_fields_[kGradAlphaX + k].data(), axis_scale(k));
  // u^k d_k V^i where d_t V^i goes (read by charge_relaxation_pass before it writes over them).
  for (int i = 0; i < 3; ++i) advect(in.ptr(kVx + i), out.ptr(kVx + i));
}

void RightHandSide::charge_relaxation_pass(const StateView& in, const StateView& out) {
  ISHYDRO_PROFILE("diffusion sources");
  const std::size_t n = grid_.cells();
  const double* u[3] = {ux_.data(), uy_.data(), uz_.data()};
  const double* V[3] = {in.ptr(kVx), in.ptr(kVy), in.ptr(kVz)};
  double* dV[3] = {out.ptr(kVx), out.ptr(kVy), out.ptr(kVz)};
  const double* dNt = out.ptr(kNt);
  const double* field[kChargeFields];
  for (int f = 0; f < kChargeFields; ++f) field[f] = charge_fields_[f].data();
  const double inv_tau = milne_ ? 1.0 / tau_ : 0.0;
  // kCellLanes cells per group in lockstep (cell_lanes.hpp); a lane's result never depends on another's.
  const std::size_t groups = (n + kCellLanes - 1) / kCellLanes;
  parallel::for_each(groups, [&](std::size_t group) {
    const std::size_t c0 = group * kCellLanes;
    const CellGroup g{c0, static_cast<int>(std::min<std::size_t>(kCellLanes, n - c0))};
    DiffusionCellT<CellLanes> d;
    for (int i = 0; i < 3; ++i) {
      load(d.u[i], u[i], g);
      load(d.V[i], V[i], g);
      load(d.grad_alpha[i], field[kGradAlphaX + i], g);
      load(d.advect_V[i], dV[i], g);
      load(d.Du[i], field[kDux + i], g);
      for (int k = 0; k < 3; ++k) load(d.grad_u[i][k], grad_u_[i * 3 + k].data(), g);
    }
    d.gamma = lane_sqrt(1.0 + d.u[0] * d.u[0] + d.u[1] * d.u[1] + d.u[2] * d.u[2]);
    d.grad_u[2][2] += d.gamma * inv_tau;  // Milne's connection (add_milne_connection); 0 in Cartesian
    d.milne_inv_tau = inv_tau;
    load(d.nB, field[kNB], g);
    load(d.dNt_dt, dNt, g);
    load(d.de_dt, field[kDeDt], g);
    load(d.kappa, field[kKappa], g);
    load(d.tau_V, field[kTauV], g);
    load(d.dalpha_de, field[kDalphaDe], g);
    load(d.dalpha_dn, field[kDalphaDn], g);
    // The DNMR values (docs/equations.md): delta_VV = tau_V, lambda_VV = (3/5) tau_V, when switched on.
    d.delta_VV = charge_.delta_VV ? d.tau_V : CellLanes{};
    d.lambda_VV = charge_.lambda_VV ? 0.6 * d.tau_V : CellLanes{};
    d.second_order = charge_.delta_VV || charge_.lambda_VV;
    CellLanes rate[3];
    diffusion_time_derivative(d, rate);
    for (int i = 0; i < 3; ++i) store(dV[i], rate[i], g);
  });
}

}  // namespace ishydro
