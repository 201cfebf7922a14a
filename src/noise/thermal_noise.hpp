#pragma once
// Thermal noise of the relaxation equations (docs/equations.md, eqs. 44-49): per step, per cell and per
// component, the exact joint law of the Ornstein-Uhlenbeck increment A and its time integral I over the
// whole step (src/noise/ornstein_uhlenbeck.hpp), with the fluctuation-dissipation amplitude of the
// Israel-Stewart entropy, restricted to the modes the dealiasing keeps. The integrator (Etd4) feeds
// the stages through the StageNoise interface: eta_half before the right-hand sides of stages a and b,
// A before that of stage c and after the final update. Every normal is keyed by (seed, step, which of
// A/I, global cell, component): the same seed gives the same run on any ranks and threads and after a
// restart. Constructed only when [noise] enabled (no buffers otherwise).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "config/config.hpp"
#include "eos/eos.hpp"
#include "grid/grid.hpp"
#include "hydro/rhs.hpp"
#include "hydro/state.hpp"
#include "memory/arena.hpp"
#include "noise/stage_noise.hpp"
#include "spectral/spectral.hpp"
#include "transport/transport.hpp"

namespace ishydro {

class ThermalNoise final : public StageNoise {
 public:
  // Reserves its fields in `arena` (before Arena::commit); bind() after. `rhs` supplies the energy
  // density of U_n (its primitives from Etd4::begin) when a step is prepared.
  ThermalNoise(const Grid& grid, Arena& arena, Spectral& spectral, RightHandSide& rhs, const Eos& eos,
               const Transport& transport, const NoiseConfig& noise, Dealiasing dealiasing);
  void bind(const Arena& arena);

  // The number of the step about to be taken (0 for the first step of a run from t = start).
  void set_step(long step) { step_ = static_cast<std::uint64_t>(step); }

  void prepare(double h, const StateView& f, std::span<const double> shear_rate,
               std::span<const double> bulk_rate) override;
  void add_midpoint(const StateView& stage) override;
  void add_end(const StateView& stage) override;

  // The stationary variance of pi^{xy} per kept mode, eta T / (tau_pi dV), and of Pi, zeta T /
  // (tau_Pi dV), at energy density e (eq. 45).
  double shear_variance(double e) const;
  double bulk_variance(double e) const;
  // Views of the last prepared A and eta_half (7 fields: pi^{ij} in storage order, then Pi); for tests.
  const std::array<std::span<double>, 7>& increment() const { return a_; }
  const std::array<std::span<double>, 7>& midpoint() const { return half_; }
  int ffts_per_step() const;

 private:
  void draw(std::size_t begin, std::size_t end, double h, std::span<const double> e,
            std::span<const double> shear_rate, std::span<const double> bulk_rate);
  void add(const std::array<std::span<double>, 7>& fields, const StateView& stage) const;

  Grid grid_;
  Spectral& spectral_;
  RightHandSide& rhs_;
  Eos eos_;
  Transport transport_;
  std::uint64_t seed_;
  bool filter_;  // the 2/3 rule: project every drawn field on the kept modes
  bool shear_, bulk_;
  double cell_volume_;
  std::uint64_t first_global_cell_;
  std::uint64_t step_ = 0;
  std::array<std::size_t, 7> a_h_{}, half_h_{};
  std::array<std::span<double>, 7> a_, half_;
};

}  // namespace ishydro
