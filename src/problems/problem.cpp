#include "problems/problem.hpp"

#include <cmath>

#include "hydro/primitive_recovery.hpp"
#include "hydro/tensor.hpp"
#include "problems/registry.hpp"

namespace ishydro {

namespace {
// With the total isotropic pressure P = p + Pi.
void conserved_with_pressure(double e, const double u[3], const double pi_in[6], double Pi, double P,
                             double out[kNumVars]) {
  const double gamma = std::sqrt(1.0 + u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
  const double v[3] = {u[0] / gamma, u[1] / gamma, u[2] / gamma};
  double pi[6];
  for (int q = 0; q < 6; ++q) pi[q] = pi_in[q];
  remove_trace(v, pi);
  const double w = e + P;
  // pi^{ti} = pi^{ij} u_j / gamma, pi^{tt} = pi^{ti} u_i / gamma (orthogonality, eq. 15).
  const TimeComponents<double> pt = time_components_by_division(pi, u, gamma);
  out[kTtt] = w * gamma * gamma - P + pt.tt;
  for (int i = 0; i < 3; ++i) out[kTtx + i] = w * gamma * u[i] + pt.ti[i];
  for (int q = 0; q < 6; ++q) out[kPixx + q] = pi[q];
  out[kBulk] = Pi;
}
}  // namespace

void conserved_from_primitive(double e, const double u[3], const double pi_in[6], double Pi, double cs2,
                              double out[kNumVars]) {
  conserved_with_pressure(e, u, pi_in, Pi, cs2 * e + Pi, out);
}

void conserved_from_primitive(double e, const double u[3], const double pi_in[6], double Pi, const Eos& eos,
                              double out[kNumVars]) {
  if (eos.constant_cs2())
    conserved_from_primitive(e, u, pi_in, Pi, eos.cs2(), out);
  else
    conserved_with_pressure(e, u, pi_in, Pi, eos.pressure(e) + Pi, out);
}

void state_from_primitives(const PrimitiveFields& f, const Eos& eos, const StateView& state) {
  auto at = [](std::span<const double> field, std::size_t c) { return field.empty() ? 0.0 : field[c]; };
  for (std::size_t c = 0; c < state.cells; ++c) {
    const double u[3] = {f.ux[c], f.uy[c], f.uz[c]};
    double pi[6];
    for (int q = 0; q < 6; ++q) pi[q] = f.pi[q][c];
    double values[kNumVarsCharged];
    conserved_from_primitive(f.e[c], u, pi, f.Pi[c], eos, values);
    for (int v = 0; v < kNumVars; ++v) state.ptr(v)[c] = values[v];
    if (state.vars != kNumVarsCharged) continue;
    const double V[3] = {at(f.V[0], c), at(f.V[1], c), at(f.V[2], c)};
    charge_from_primitive(at(f.nB, c), u, V, values + kNt);
    for (int v = kNt; v < kNumVarsCharged; ++v) state.ptr(v)[c] = values[v];
  }
}

std::string charge_source(const InitialConfig& initial) {
  const InitialKind& kind = find_problem(initial.kind).kind;
  return kind.charged ? kind.charged(initial.values) : "";
}

std::optional<ChargedCellCheck> charged_cell_check(const ProblemContext& ctx) {
  if (!ctx.config.initial.charged) return std::nullopt;
  return ChargedCellCheck(ctx.config, charge_source(ctx.config.initial));
}

double set_initial_state(const ProblemContext& ctx, const StateView& state, long& step) {
  step = 0;
  return find_problem(ctx.config.initial.kind).fill(ctx, state, step);
}

}  // namespace ishydro
