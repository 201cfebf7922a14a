#pragma once
// The interface through which an integrator receives noise for its stages (Etd4; ThermalNoise implements it).
#include <span>

#include "hydro/state.hpp"

namespace ishydro {

// Noise fed to the stages of a step (src/noise/thermal_noise.hpp; docs/equations.md, eq. 48). The
// integrator calls prepare() at the start of advance(), add_midpoint() on the stage state before the
// right-hand sides of stages a and b, and add_end() before that of stage c and after the final update
// (only pi^{ij} and Pi are touched).
class StageNoise {
 public:
  virtual ~StageNoise() = default;
  // A step of size h from U_n: `f` is F(U_n), the rates those frozen for the step.
  virtual void prepare(double h, const StateView& f, std::span<const double> shear_rate,
                       std::span<const double> bulk_rate) = 0;
  virtual void add_midpoint(const StateView& stage) = 0;
  virtual void add_end(const StateView& stage) = 0;
};

}  // namespace ishydro
