#pragma once
// The checks of the input that need the equation of state itself (docs/input.md, "QCD matter"): made
// at setup, before any output, by Simulation. Each throws InputError naming the key.
#include "config/config.hpp"
#include "eos/eos.hpp"
#include "transport/transport.hpp"

namespace ishydro {

// The equation of state of eos.*: a table that does not load or is refused names eos.path and the row.
Eos eos_for_run(const EosConfig& cfg);

// With a non-constant cs2, T-dependent eta/s or zeta/s, or tau_Pi_form = "cs2": the front speed of
// eq. 30 with coefficient-form relaxation times depends on T alone; it is scanned over the EOS's range
// and refused with the temperature where it exceeds 1. tau_Pi_form = "cs2" is refused where cs2 reaches
// 1/3 with zeta > 0 (tau_Pi diverges). For a QCD EOS, the initial temperature (initial.T0) or energy
// density (initial.e0 with the wave's amplitude) must lie inside the EOS's range.
void check_against_eos(const RunConfig& cfg, const Eos& eos, const Transport& transport);

}  // namespace ishydro
