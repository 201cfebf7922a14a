#pragma once
// Initial conditions: one file per problem (docs/problems.md). Each fills the evolved state from
// primitive fields through conserved_from_primitive (eq. 14).
#include <array>
#include <span>

#include "config/config.hpp"
#include "eos/eos.hpp"
#include "grid/grid.hpp"
#include "hydro/state.hpp"
#include "transport/transport.hpp"

namespace ishydro {

// T^{t nu} from e, u^i, pi^{ij} (made traceless along Delta(v)) and Pi; writes the 11 evolved values.
void conserved_from_primitive(double e, const double u[3], const double pi[6], double Pi, double cs2,
                              double out[kNumVars]);
// The same with p = p(e) of the equation of state (the constant-cs2 expression when it has one).
void conserved_from_primitive(double e, const double u[3], const double pi[6], double Pi, const Eos& eos,
                              double out[kNumVars]);

// Primitive fields of every cell (C order, state.cells values each): what a fields.h5 snapshot and the
// Python module's set_fields give.
struct PrimitiveFields {
  std::span<const double> e, ux, uy, uz, Pi;
  std::array<std::span<const double>, 6> pi;  // xx, xy, xz, yy, yz, zz
};
// The evolved state from primitive fields, cell by cell through conserved_from_primitive.
void state_from_primitives(const PrimitiveFields& fields, const Eos& eos, const StateView& state);

struct ProblemContext {
  const RunConfig& config;
  const Grid& grid;
  const Eos& eos;
  const Transport& transport;
};

void sound_wave(const ProblemContext& ctx, const StateView& state);
void shear_wave(const ProblemContext& ctx, const StateView& state);
void uniform(const ProblemContext& ctx, const StateView& state);
void bjorken(const ProblemContext& ctx, const StateView& state);
void gubser(const ProblemContext& ctx, const StateView& state);
// Returns the start time stored in the file.
double from_file(const ProblemContext& ctx, const StateView& state, long& step);

// Dispatches on config.initial.kind; returns the start time (config.time.start, or the file's).
double set_initial_state(const ProblemContext& ctx, const StateView& state, long& step);

}  // namespace ishydro
