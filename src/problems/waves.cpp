// Linear-wave and uniform initial states (docs/problems.md).
#include <cmath>
#include <numbers>

#include "problems/problem.hpp"

namespace ishydro {

namespace {
// Fills the state cell by cell from a function giving (e, u^i, pi^{ij}, Pi) at a position.
template <class Profile>
void fill(const ProblemContext& ctx, const StateView& state, Profile profile) {
  const Grid& g = ctx.grid;
  for (int i = 0; i < g.local_nx; ++i)
    for (int j = 0; j < g.n[1]; ++j)
      for (int k = 0; k < g.n[2]; ++k) {
        const double x[3] = {g.position(0, i + g.x_offset), g.position(1, j), g.position(2, k)};
        double e = 0, u[3] = {0, 0, 0}, pi[6] = {0, 0, 0, 0, 0, 0}, Pi = 0;
        profile(x, e, u, pi, Pi);
        double values[kNumVars];
        conserved_from_primitive(e, u, pi, Pi, ctx.eos, values);
        const std::size_t c = g.index(i, j, k);
        for (int v = 0; v < kNumVars; ++v) state.ptr(v)[c] = values[v];
      }
}

double phase(const ProblemContext& ctx, const double x[3]) {
  const auto& m = ctx.config.initial.mode;
  double ph = 0;
  for (int a = 0; a < 3; ++a) ph += 2.0 * std::numbers::pi * m[a] / ctx.grid.L[a] * x[a];
  return ph;
}
}  // namespace

// e = e0 (1 + A cos(k.x)), u = 0, pi = 0, Pi = 0.
void sound_wave(const ProblemContext& ctx, const StateView& state) {
  const double e0 = ctx.config.initial.e0, A = ctx.config.initial.amplitude;
  fill(ctx, state, [&](const double x[3], double& e, double*, double*, double&) {
    e = e0 * (1.0 + A * std::cos(phase(ctx, x)));
  });
}

// e = e0, u^y = A sin(k x), pi = 0, Pi = 0 (k along x).
void shear_wave(const ProblemContext& ctx, const StateView& state) {
  const double e0 = ctx.config.initial.e0, A = ctx.config.initial.amplitude;
  fill(ctx, state, [&](const double x[3], double& e, double* u, double*, double&) {
    e = e0;
    u[1] = A * std::sin(phase(ctx, x));
  });
}

// Uniform e0, u^i, pi^{ij} and Pi from the input keys.
void uniform(const ProblemContext& ctx, const StateView& state) {
  const InitialConfig& in = ctx.config.initial;
  fill(ctx, state, [&](const double*, double& e, double* u, double* pi, double& Pi) {
    e = in.e0;
    for (int a = 0; a < 3; ++a) u[a] = in.u[a];
    for (int q = 0; q < 6; ++q) pi[q] = in.pi[q];
    Pi = in.Pi;
  });
}

}  // namespace ishydro
