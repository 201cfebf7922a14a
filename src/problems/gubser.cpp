// Gubser flow (docs/input.md; docs/validation_milne.md, "Gubser flow"): the semi-analytic solution
// of gubser_solution.hpp at tau0 = time.start on an nx x ny (x nz) Milne grid, centred at
// (Lx/2, Ly/2). The fluid fills all space, so the box edges are put in the cold outer region and the
// state is made periodic by a C-infinity window W(r) (1 inside window_inner, 0 beyond window_outer):
//   T = W T_gubser + (1 - W) T_edge,  u^i = W u^i_gubser,  pi^{ij} = W pi^{ij}_gubser,
// with T_edge = T_gubser(window_outer) at tau0; conserved_from_primitive removes the trace that the
// windowed pi acquires where 0 < W < 1. Inside window_inner the state is the exact solution.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "problems/common_keys.hpp"
#include "problems/gubser_solution.hpp"
#include "problems/problem.hpp"

namespace ishydro {

namespace {
constexpr std::string_view kQ = "q", kTHat0 = "T_hat0", kPiBar0 = "pi_bar0", kInner = "window_inner",
                           kOuter = "window_outer";
const SectionKeys kKeys{
    "initial",
    "gubser",
    {{kQ, KeyType::number, "1/fm", "`1`", "> 0", ""},
     {kTHat0, KeyType::number, "", "`1.2`", "> 0", "Gubser-frame temperature at rho = 0"},
     {kPiBar0, KeyType::number, "", "`0`", "finite",
      "pi-hat^{eta eta} / (e-hat + p-hat) at rho = 0; must be 0 when `transport.eta_over_s = 0`"},
     {kInner, KeyType::number, "fm", "`0.7 * min(Lx, Ly)/2`, or `7/9 * window_outer` when only that is given",
      "0 < `window_inner` < `window_outer`", ""},
     {kOuter, KeyType::number, "fm", "`0.9 * min(Lx, Ly)/2`", "0 < `window_outer` <= min(Lx, Ly)/2", ""}}};

// The solution is self-similar only with eta = eta_over_s * s and tau_pi = tau_pi_coeff * eta / (e + p),
// and conformal (no bulk); the window keeps the box periodic.
void parse(const InitialParse& in, ConfigValues& values) {
  const Section& s = in.initial;
  const Section& ts = in.transport_section;
  const TransportConfig& t = in.transport;
  const GridConfig& grid = in.grid;
  if (in.eos.kind != EosKind::conformal)
    input_error(s.what("kind") + ": Gubser flow is conformal and requires eos.kind = \"conformal\"");
  const double q = positive(s, kQ, 1.0), T_hat0 = positive(s, kTHat0, 1.2);
  const double pi_bar0 = s.number(kPiBar0).value_or(0.0);
  const std::string kind = s.what("kind");
  if (grid.points[0] < 2 || grid.points[1] < 2)
    input_error("grid.points = [" + std::to_string(grid.points[0]) + ", " + std::to_string(grid.points[1]) +
                ", " + std::to_string(grid.points[2]) + "]: " + kind +
                " needs more than 1 point along x and y (the flow is transverse)");
  if (t.eta)
    input_error(ts.what(key_name(&TransportConfig::eta)) + ": " + kind +
                " needs transport.eta_over_s instead (the Gubser solution needs eta proportional to s)");
  if (t.tau_pi)
    input_error(
        ts.what(key_name(&TransportConfig::tau_pi)) + ": " + kind +
        " needs transport.tau_pi_coeff instead (the Gubser solution needs tau_pi proportional to 1/T)");
  if (t.zeta.value_or(0) != 0 || t.zeta_over_s.value_or(0) != 0)
    input_error(ts.what(key_name(t.zeta ? &TransportConfig::zeta : &TransportConfig::zeta_over_s)) + ": " +
                kind + " is conformal and needs zero bulk viscosity");
  if (t.eta_over_s_T || t.zeta_over_s_T)
    input_error(ts.qualified(t.eta_over_s_T ? "eta_over_s" : "zeta_over_s") + ": " + kind +
                " needs a constant transport.eta_over_s (the Gubser solution is conformal)");
  // The semi-analytic solution (gubser_solution.cpp) keeps its form under Weyl rescaling only with
  // delta_pipi = (4/3) tau_pi: the plain "is" set (the default of transport.second_order) is not
  // Gubser's flow and is refused whenever there is shear stress.
  if (!t.terms.delta_pipi && t.eta_over_s.value_or(0) > 0) {
    const std::string which =
        ts.has("second_order") ? ts.what("second_order") : "transport.second_order = \"is\" (default)";
    input_error(which + " with transport.terms.delta_pipi = false: " + kind +
                " needs delta_pipi = (4/3) tau_pi (the Gubser solution assumes Weyl covariance); write "
                "transport.second_order = \"is43\" (or \"dnmr\"), or set transport.terms.delta_pipi = true");
  }
  if (pi_bar0 != 0 && t.eta_over_s.value_or(0) == 0)
    input_error(s.what(kPiBar0) +
                ": must be 0 when transport.eta_over_s = 0 (ideal flow has no shear stress)");
  const double half = 0.5 * std::min(grid.size[0], grid.size[1]);
  const auto inner = s.number(kInner), outer = s.number(kOuter);
  // Defaults 0.7 and 0.9 of min(Lx, Ly)/2; a given window_outer alone keeps the ratio 7/9.
  const double window_outer = outer.value_or(0.9 * half);
  const double window_inner = inner.value_or(window_outer * 7.0 / 9.0);
  auto label = [&s](std::string_view key, bool given, double value) {
    return given ? s.what(key) : s.qualified(key) + " = " + format_number(value) + " (default)";
  };
  const std::string outer_label = label(kOuter, outer.has_value(), window_outer);
  const std::string inner_label = label(kInner, inner.has_value(), window_inner);
  if (!(window_outer > 0 && window_outer <= half))
    input_error(outer_label + ": must be in (0, " + format_number(half) + "] fm (min(Lx, Ly)/2)");
  if (!(window_inner > 0 && window_inner < window_outer))
    input_error(inner_label + ": must be in (0, " + format_number(window_outer) +
                ") fm (0 < window_inner < window_outer)");
  values[std::string(kQ)] = q;
  values[std::string(kTHat0)] = T_hat0;
  values[std::string(kPiBar0)] = pi_bar0;
  values[std::string(kInner)] = window_inner;
  values[std::string(kOuter)] = window_outer;
}

// Gubser flow's dilute, compressed outer region grows grid-scale shear stress under the sharp 2/3
// cut (docs/validation_milne.md): its default is the smooth exponential filter of order 8.
void after_numerics(const Section&, const Section& numerics, const GridConfig&, const ConfigValues&,
                    NumericsConfig& out) {
  if (numerics.has("dealiasing")) return;
  out.dealiasing = Dealiasing::exponential;
  if (!numerics.has("filter_order")) out.filter_order = 8.0;
}

double fill(const ProblemContext& ctx, const StateView& state, long&) {
  const InitialConfig& in = ctx.config.initial;
  const Grid& g = ctx.grid;
  const double tau0 = ctx.config.time.start;
  const double q = in.number(kQ), T_hat0 = in.number(kTHat0), pi_bar0 = in.number(kPiBar0);
  const double r_in = in.number(kInner), r_out = in.number(kOuter);
  const double cx = 0.5 * g.L[0], cy = 0.5 * g.L[1];
  double rho_lo = 0, rho_hi = 0;
  GubserSolution::rho_range(q, tau0, tau0, r_out, rho_lo, rho_hi);
  const GubserCoefficients coeffs = gubser_coefficients(ctx.config.transport, ctx.eos);
  std::optional<GubserSolution> solution;
  try {
    solution.emplace(q, T_hat0, pi_bar0, coeffs, ctx.eos, rho_lo, rho_hi);
  } catch (const std::runtime_error& err) {
    throw InputError(fmt::format(
        "input error: initial.kind = \"gubser\" with T_hat0 = {}, pi_bar0 = {}: {}, inside "
        "initial.window_outer = {} fm (the solution must be regular out to the window's edge at tau0); lower "
        "pi_bar0 (or raise T_hat0), or choose a smaller window",
        T_hat0, pi_bar0, err.what(), r_out));
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
  return tau0;
}

const InitialKind kKind{kKeys, Coordinates::milne, false, &parse, &after_numerics};
}  // namespace

extern const Problem gubser_problem{kKind, &fill};

}  // namespace ishydro
