#pragma once
// The right-hand side d_t U = F(U) of the evolved state (docs/equations.md, eqs. 1-19), as three
// stages: a fused per-cell pass (primitive recovery, fluxes T^{ij}, reductions), the spectral phase
// (divergences of T^{i nu}, velocity gradients, advection of pi and Pi), and a fused per-cell pass
// (exact e_t, Du, and the relaxation rates). Every array is an arena view made at setup.
#include <array>
#include <cstdint>
#include <span>

#include "eos/eos.hpp"
#include "eos/qgp.hpp"
#include "grid/grid.hpp"
#include "hydro/diffusion_rates.hpp"
#include "hydro/dissipative_rates.hpp"
#include "hydro/state.hpp"
#include "hydro/state_summary.hpp"
#include "memory/arena.hpp"
#include "spectral/spectral.hpp"
#include "transport/transport.hpp"

namespace ishydro {

struct PrimitiveViews {
  std::span<double> e, ux, uy, uz;
};

// The baryon charge of a run (docs/equations.md, "Baryon charge and diffusion"): fixed at setup. An
// uncharged run evolves kNumVars fields and costs nothing more; a charged one kNumVarsCharged, with
// the qgp gas (eos.kind = "qgp", p = e/3 at any n_B) and kappa_B, tau_V from C_B.
struct ChargeSettings {
  bool charged = false;
  double C_B = 0.4;                          // transport.kappa_coeff
  bool delta_VV = false, lambda_VV = false;  // [transport.terms]
};

// The charge's primitives of the last evaluation (charged runs): n_B, mu_B (GeV), alpha = mu_B/T and
// T (GeV) of (e, n_B).
struct ChargeViews {
  std::span<double> nB, muB, alpha, T;
};

// The charge's part of one group's recovery (RightHandSide::charge_cells): what the fluid's derived
// quantities and the pass's reductions take from it.
struct ChargedCells {
  CellLanes T{}, s{};                    // temperature and entropy density of (e, n_B)
  CellLanes front2{};                    // the rest-frame diffusion front speed squared (eq. 92)
  CellLanes rate{};                      // 1/(gamma tau_V)
  CellLanes u_V{}, Nt{};                 // |u_mu V^mu| (round-off), N^t
  LaneMask<CellLanes> bad{}, acausal{};  // n_B beyond the gas's range; front faster than light
};

class RightHandSide {
 public:
  RightHandSide(const Grid& grid, Arena& arena, Spectral& spectral, const Eos& eos,
                const Transport& transport, double recovery_tolerance, const ChargeSettings& charge = {});
  void bind(const Arena& arena);  // after Arena::commit

  // out <- F(in). When `relaxation_rates` is non-null it receives 1/(gamma tau_pi) and
  // 1/(gamma tau_Pi) per cell (the stiff rates the exponential integrator freezes for a step), and
  // `diffusion_rate` 1/(gamma tau_V) (charged runs).
  // Throws PhysicsError on an unphysical state.
  // `time` is t (Cartesian) or tau (Milne), where the geometric terms need it.
  void evaluate(const StateView& in, const StateView& out, double time, StateSummary& summary,
                std::span<double> shear_rate = {}, std::span<double> bulk_rate = {},
                std::span<double> diffusion_rate = {});

  // The regulator (eq. 70), applied in place to `state`, which must be the state of the last
  // evaluate() (its primitives are reused). Returns the number of cells changed.
  long regulate(const StateView& state, double max_ratio);

  // Primitive recovery alone (for outputs): fills e, u^i and the projected pi^{ij} into `pi_out`.
  void primitives(const StateView& in, double time, StateSummary& summary,
                  std::array<std::span<double>, 6> pi_out);
  PrimitiveViews primitive_views() const { return {e_, ux_, uy_, uz_}; }
  // n_B, mu_B, alpha after evaluate() or primitives() (charged runs; empty spans otherwise).
  ChargeViews charge_views() const { return {nB_, muB_, alpha_, charge_T_}; }
  bool charged() const { return charge_.charged; }
  // Six scratch fields free between evaluations (used by outputs for the projected pi).
  std::array<std::span<double>, 6> scratch_fields() const { return T_ij_; }
  // Three fields free between evaluations (the derivative scratch, rewritten before every use). The
  // velocity gradients are not scratch: entries along unresolved axes are zero from setup and never
  // rewritten, so nothing else may write them.
  std::array<std::span<double>, 3> derivative_scratch() const { return tmp_; }
  int ffts_per_evaluation() const;

 private:
  void recover_and_fluxes(const StateView& in, StateSummary& summary, std::span<double> shear_rate,
                          std::span<double> bulk_rate, std::span<double> diffusion_rate,
                          std::array<std::span<double>, 6> pi_out, bool fluxes);
  void spectral_phase(const StateView& in, const StateView& out);
  void add_milne_sources(const StateView& in, const StateView& out);
  void advect(const double* field, double* advected);
  void relaxation_pass(const StateView& in, const StateView& out, StateSummary& summary);
  // The charge (hydro/rhs_charge.cpp): n_B and the charged thermodynamics of one group of the
  // recovery pass (its fields stored; `diffusion_rate`, where non-null, gets 1/(gamma tau_V); with
  // `fluxes`, N^i into tmp_); the failures it found; d_t N^t; d_k alpha and u^k d_k V^i; the arrays of
  // d_t V^i for the relaxation pass.
  void charge_cells(const StateView& in, CellGroup g, const CellLanes& e, const CellLanes v[3],
                    double* diffusion_rate, bool fluxes, ChargedCells& q) const;
  void check_charge(std::size_t bad_cell, std::size_t acausal_cell, const StateView& in) const;
  void charge_divergence(const StateView& out);
  void charge_spectral_phase(const StateView& in, const StateView& out);
  DiffusionArrays diffusion_arrays(const StateView& in, const StateView& out) const;
  int charge_ffts() const;
  // The relaxation pass's reductions over all ranks into `summary`.
  void finish_flow_reductions(double max_knudsen, double enstrophy, double max_vorticity2,
                              StateSummary& summary) const;
  // Orthonormal-frame derivative factor of each axis: 1, 1, and 1/tau for eta_s in Milne.
  double axis_scale(int axis) const { return (milne_ && axis == 2) ? 1.0 / tau_ : 1.0; }
  void check_failure(std::size_t bad_cell, const char* prefix, const char* what, int status,
                     const StateView& in) const;
  [[noreturn]] void fail(std::size_t cell, const std::string& what, int status, const StateView& in) const;

  Grid grid_;
  Spectral& spectral_;
  Eos eos_;
  Transport transport_;
  RelaxationSwitches switches_;
  double tolerance_;
  bool milne_ = false;
  double tau_ = 1.0;  // the time of the evaluation in progress (Milne's tau)
  // Arena handles and views.
  std::array<std::size_t, 4> prim_h_{};
  std::array<std::size_t, 6> T_ij_h_{};
  std::array<std::size_t, 9> grad_h_{};
  std::array<std::size_t, 3> tmp_h_{};
  std::array<std::size_t, 3> eos_h_{};
  std::span<double> eos_T_, eos_p_, eos_cs2_;  // general EOS: T, p, cs2 at e_
  std::span<double> e_, ux_, uy_, uz_;
  std::array<std::span<double>, 6> T_ij_;
  std::array<std::span<double>, 9> grad_u_;  // [j*3+k] = d_k u^j
  std::array<std::span<double>, 3> tmp_;
  // Charged runs only (empty otherwise): the charge's per-cell fields (the gas is eos_.charged_state).
  ChargeSettings charge_;
  enum ChargeField {
    kNB,
    kMuB,
    kAlpha,
    kChargeT,
    kChargeS,
    kKappa,
    kTauV,
    kDalphaDe,
    kDalphaDn,
    kGradAlphaX,
    kGradAlphaY,
    kGradAlphaZ,
    kChargeFields
  };
  std::array<std::size_t, kChargeFields> charge_h_{};
  std::array<std::span<double>, kChargeFields> charge_fields_;
  std::span<double> nB_, muB_, alpha_, charge_T_;
};

}  // namespace ishydro
