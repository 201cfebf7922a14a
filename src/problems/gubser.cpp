// Gubser flow (docs/input.md; docs/validation_milne.md, "Gubser flow"): the semi-analytic solution
// of gubser_solution.hpp at tau0 = time.start on an nx x ny (x nz) Milne grid, centred at
// (Lx/2, Ly/2). The fluid fills all space, so the box edges are put in the cold outer region and the
// state is made periodic by a C-infinity window W(r) (1 inside window_inner, 0 beyond window_outer):
//   T = W T_gubser + (1 - W) T_edge,  u^i = W u^i_gubser,  pi^{ij} = W pi^{ij}_gubser,
// with T_edge = T_gubser(window_outer) at tau0; conserved_from_primitive removes the trace that the
// windowed pi acquires where 0 < W < 1. Inside window_inner the state is the exact solution.
#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <stdexcept>

#include "problems/gubser_solution.hpp"
#include "problems/problem.hpp"

namespace ishydro {

void gubser(const ProblemContext& ctx, const StateView& state) {
  const InitialConfig& in = ctx.config.initial;
  const Grid& g = ctx.grid;
  const double tau0 = ctx.config.time.start;
  const double r_in = in.window_inner, r_out = in.window_outer;
  const double cx = 0.5 * g.L[0], cy = 0.5 * g.L[1];
  double rho_lo = 0, rho_hi = 0;
  GubserSolution::rho_range(in.q, tau0, tau0, r_out, rho_lo, rho_hi);
  const GubserCoefficients coeffs = gubser_coefficients(ctx.config.transport, ctx.eos);
  std::optional<GubserSolution> solution;
  try {
    solution.emplace(in.q, in.T_hat0, in.pi_bar0, coeffs, ctx.eos, rho_lo, rho_hi);
  } catch (const std::runtime_error& err) {
    throw InputError(fmt::format(
        "input error: initial.kind = \"gubser\" with T_hat0 = {}, pi_bar0 = {}: {}, inside "
        "initial.window_outer = {} fm (the solution must be regular out to the window's edge at tau0); lower "
        "pi_bar0 (or raise T_hat0), or choose a smaller window",
        in.T_hat0, in.pi_bar0, err.what(), r_out));
  }
  const double T_edge = solution->milne_fields(tau0, r_out, 0.0).T;
  for (int i = 0; i < g.local_nx; ++i)
    for (int j = 0; j < g.n[1]; ++j) {
      const double x = g.position(0, i + g.x_offset) - cx, y = g.position(1, j) - cy;
      const double W = smooth_window(std::hypot(x, y), r_in, r_out);
      double T = T_edge, u[3] = {0, 0, 0}, pi[6] = {0, 0, 0, 0, 0, 0};
      if (W > 0) {
        const GubserMilneFields f = solution->milne_fields(tau0, x, y);
        T = W * f.T + (1.0 - W) * T_edge;
        for (int a = 0; a < 3; ++a) u[a] = W * f.u[a];
        for (int q = 0; q < 6; ++q) pi[q] = W * f.pi[q];
      }
      double values[kNumVars];
      conserved_from_primitive(ctx.eos.energy_density(T), u, pi, 0.0, ctx.eos, values);
      // Boost invariance: the same values along eta_s.
      for (int k = 0; k < g.n[2]; ++k) {
        const std::size_t c = g.index(i, j, k);
        for (int v = 0; v < kNumVars; ++v) state.ptr(v)[c] = values[v];
      }
    }
}

}  // namespace ishydro
