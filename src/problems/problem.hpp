#pragma once
// Initial conditions: one file per kind (docs/problems.md, docs/architecture.md "Add an initial
// condition"). Each defines a Problem: its InitialKind (keys, checks, resolved values; read by the
// parser) and the function that fills the evolved state, through conserved_from_primitive (eq. 14).
// src/problems/registry.cpp lists them.
#include <array>
#include <complex>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <type_traits>

#include "config/config.hpp"
#include "config/initial_kind.hpp"
#include "eos/eos.hpp"
#include "grid/grid.hpp"
#include "hydro/state.hpp"
#include "problems/charge.hpp"
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
  // The baryon density and diffusion current (rest frame n_B, lab V^i); empty spans are zero.
  std::span<const double> nB;
  std::array<std::span<const double>, 3> V;
};
// The evolved state from primitive fields, cell by cell through conserved_from_primitive (and
// charge_from_primitive when the state holds the charged variables).
void state_from_primitives(const PrimitiveFields& fields, const Eos& eos, const StateView& state);

struct ProblemContext {
  const RunConfig& config;
  const Grid& grid;
  const Eos& eos;
  const Transport& transport;
  // The run's planned inverse transform, for kinds drawn in Fourier space (Spectral::from_modes: out <-
  // the real field of the half spectrum mode(sx, sy, sz), sz >= 0); empty where there is none. A
  // function, not the Spectral, so that the problems link without FFTW (the fuzz targets).
  using ModeFunction = std::function<std::complex<double>(int, int, int)>;
  std::function<void(const ModeFunction& mode, double* out)> from_modes = {};
};

struct Problem {
  const InitialKind& kind;
  // Fills this process's cells of `state` from ctx.config.initial; returns the start time and sets
  // `step` (0 unless the state continues a run).
  double (*fill)(const ProblemContext& ctx, const StateView& state, long& step);
};

// The key that gives the run its baryon charge ("initial.nB0 = 0.1", InitialKind::charged), or "".
std::string charge_source(const InitialConfig& initial);
// The check of each charged cell of a charged run (problems/charge.hpp), or none.
std::optional<ChargedCellCheck> charged_cell_check(const ProblemContext& ctx);

// Fills the state cell by cell from profile(x, e, u, pi, Pi) or, for a kind with a baryon charge,
// profile(x, e, u, pi, Pi, nB), which gives the primitive fields at the position x (all zero on entry;
// nB the rest-frame baryon density, V = 0). N^t and V^i are written when the state holds them (a
// charged run), each charged cell checked against the EOS first.
template <class Profile>
void fill_cells(const ProblemContext& ctx, const StateView& state, Profile profile) {
  constexpr bool kWithCharge =
      std::is_invocable_v<Profile&, const double*, double&, double*, double*, double&, double&>;
  const std::optional<ChargedCellCheck> check = charged_cell_check(ctx);
  const Grid& g = ctx.grid;
  for (int i = 0; i < g.local_nx; ++i)
    for (int j = 0; j < g.n[1]; ++j)
      for (int k = 0; k < g.n[2]; ++k) {
        const double x[3] = {g.position(0, i + g.x_offset), g.position(1, j), g.position(2, k)};
        double e = 0, u[3] = {0, 0, 0}, pi[6] = {0, 0, 0, 0, 0, 0}, Pi = 0, nB = 0;
        if constexpr (kWithCharge)
          profile(x, e, u, pi, Pi, nB);
        else
          profile(x, e, u, pi, Pi);
        double values[kNumVarsCharged];
        conserved_from_primitive(e, u, pi, Pi, ctx.eos, values);
        const std::size_t c = g.index(i, j, k);
        for (int v = 0; v < kNumVars; ++v) state.ptr(v)[c] = values[v];
        if (state.vars != kNumVarsCharged) continue;
        if (check) (*check)(e, nB, {i + g.x_offset, j, k});
        const double V[3] = {0, 0, 0};
        charge_from_primitive(nB, u, V, values + kNt);
        for (int v = kNt; v < kNumVarsCharged; ++v) state.ptr(v)[c] = values[v];
      }
}

// Fills the state with the kind config.initial.kind names (problems/registry.hpp); returns the start
// time (config.time.start, or the state file's).
double set_initial_state(const ProblemContext& ctx, const StateView& state, long& step);

}  // namespace ishydro
