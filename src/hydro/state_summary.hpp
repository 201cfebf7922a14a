#pragma once
// What one evaluation of the right-hand side reports about its state: the reductions over the box
// that set the time step and fill diagnostics.csv.
#include <array>

namespace ishydro {

// Reductions over the box of the state the right-hand side was evaluated on.
struct StateSummary {
  double max_signal_speed = 0;  // eq. 31: relativistic sum of |v| and the rest-frame front speed
  double min_energy = 0;
  std::array<double, 4> total_Ttnu{};  // sum of T^{t nu} dV
  double max_u_pi = 0;                 // max |u_mu pi^{mu nu}|
  double max_trace_pi = 0;             // max |pi^mu_mu|
  double max_speed = 0;                // max |v|
  double max_front_speed_squared = 0;  // eq. 30, largest over the box (causality check)
  double max_relaxation_rate = 0;      // largest 1/(gamma tau) (bounds dt when no axis is resolved)
  long regulated_cells = 0;            // cells the regulator changed after this step (eq. 70)
  // Physics diagnostics (docs/usage.md, "diagnostics.csv"). From the recovery pass:
  double total_entropy = 0;               // sum of s u^t dV (Milne: tau s u^tau dV)
  double mean_speed = 0;                  // box average of |v|
  double max_inverse_reynolds_shear = 0;  // max sqrt(pi:pi)/p
  double max_inverse_reynolds_bulk = 0;   // max |Pi|/p
  // From the relaxation pass (after the velocity gradients):
  double max_knudsen = 0;    // max tau_pi |theta| (tau_Pi |theta| with bulk viscosity alone; 0 ideal)
  double enstrophy = 0;      // sum of (1/2) |curl u|^2 dV
  double max_vorticity = 0;  // max |curl u|, u the spatial u^i
  // A charged run (0 otherwise), from its charge pass:
  double total_N0 = 0;  // sum of N^t dV (Milne: tau N^tau dV)
  double max_u_V = 0;   // max |u_mu V^mu| (round-off: V^t = v.V by construction)
};

}  // namespace ishydro
