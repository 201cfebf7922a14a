#pragma once
// Exponential time differencing, fourth order (ETDRK4 with Krogstad's 2005 stages, which keep stiff
// order 3, and Cox & Matthews' 2002 final combination; docs/equations.md, eqs. 40-43). Each evolved variable
// obeys dU/dt = -lambda U + N(U); lambda is 1/(gamma tau_pi) for pi^{ij}, 1/(gamma tau_Pi) for Pi (frozen per
// cell for the step, from the state at its start), 1/(gamma tau_V) for the diffusion current V^i of a
// charged run, and 0 for T^{t nu} (and N^t), where the scheme reduces to the
// classical fourth-order Runge-Kutta method. The relaxation part is integrated exactly, so dt is set by the
// signal speeds alone.
#include <array>
#include <cstddef>
#include <span>

#include "grid/grid.hpp"
#include "hydro/rhs.hpp"
#include "hydro/state.hpp"
#include "memory/arena.hpp"
#include "noise/stage_noise.hpp"

namespace ishydro {

// The scheme's weights for one rate, z = -lambda h (eq. 42).
struct Etd4Weights {
  double exp_half, phi1_half, phi2_half;  // e^{z/2}, phi_1(z/2), phi_2(z/2): stages a and b
  double exp_full, phi1_full, phi2_full;  // e^{z}, phi_1(z), phi_2(z): stage c
  double w_n, w_ab, w_c;  // phi1 - 3 phi2 + 4 phi3, phi2 - 2 phi3, 4 phi3 - phi2: the final combination
};
Etd4Weights etd4_weights(double z);

class Etd4 {
 public:
  static constexpr int kStages = 4;  // right-hand sides per step

  // `charged`: the state holds the baryon charge's variables too (evolved_variables(true)).
  Etd4(const Grid& grid, Arena& arena, bool charged = false);
  void bind(const Arena& arena);

  // Evaluates F(U_n) (rates frozen here) and returns the summary of U_n; dt is chosen afterwards by
  // the caller from the summary, then advance() completes the step.
  void begin(RightHandSide& rhs, const StateView& state, double time, StateSummary& summary);
  // Completes the step of size dt; U_{n+1} is left in candidate(). Throws PhysicsError if a stage
  // state is unphysical; the state itself is untouched.
  void advance(RightHandSide& rhs, const StateView& state, double time, double dt);
  // Views of the stage buffer holding U_{n+1} after advance(); accept() swaps it with the state.
  const StateView& candidate() const { return stage_; }
  void accept(StateView& state) { std::swap(state, stage_); }

  // Noise for the stages (null: none, the deterministic scheme bit for bit). Not owned.
  void set_noise(StageNoise* noise) { noise_ = noise; }

  // The shear relaxation rate 1/(gamma tau_pi) per cell, frozen for the step, for diagnostics and tests.
  std::span<double> shear_rate() const { return shear_rate_; }
  // The diffusion relaxation rate 1/(gamma tau_V) per cell (charged runs; empty otherwise).
  std::span<double> diffusion_rate() const { return diffusion_rate_; }

 private:
  std::size_t cells_;
  int vars_;   // evolved_variables(charged)
  int rates_;  // 2 (shear, bulk), 3 with the diffusion rate of a charged run
  std::size_t stage_h_, f_h_, f2_h_, acc_h_, shear_h_, bulk_h_, diffusion_h_ = 0;
  // stage_: the stage state (U_{n+1} at the end); f_: F(U_n); f2_: F of the latest stage; acc_: the
  // final combination (eq. 42) as it is summed stage by stage.
  StateView stage_, f_, f2_, acc_;
  std::span<double> shear_rate_, bulk_rate_, diffusion_rate_;
  // Per cell and rate (shear, bulk, diffusion), set in the first stage of advance(): the fields of
  // Etd4Weights.
  static constexpr int kCachedWeights = 9;
  std::array<std::array<std::size_t, kCachedWeights>, 3> weight_h_{};
  std::array<std::array<double*, kCachedWeights>, 3> weights_{};
  StateSummary scratch_summary_;
  StageNoise* noise_ = nullptr;
};

}  // namespace ishydro
