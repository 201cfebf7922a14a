#pragma once
// Runs Gubser flow in-process and compares the solver with the semi-analytic solution along the centre
// line y = Ly/2 and the diagonal y - Ly/2 = x - Lx/2 (both through grid points: the box is square with
// nx = ny and the centre is a grid point).
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "problems/gubser_solution.hpp"
#include "problems/registry.hpp"
#include "support/run_helpers.hpp"

namespace ishydro::testing {

struct GubserCase {
  int n = 64;     // nx = ny
  double L = 16;  // box side, fm
  double r_in = 6, r_out = 7.5;
  double eta_over_s = 0;  // 0: ideal
  std::string set = "is43";
  double dof = 42.25;  // e = 13.8997 T^4 (natural units)
  double cfl = 0.2;
  double tau0 = 1.0;
  double extent = 3.0;  // compared |x - centre| <= extent (on the diagonal, |x - centre| too)
  std::vector<double> times{1.5};
  Dealiasing dealiasing = Dealiasing::two_thirds;
  double filter_order = 36, filter_alpha = 36;
};

// The fields the comparison reports, in this order.
inline constexpr int kGubserFields = 7;
inline constexpr std::array<const char*, kGubserFields> kGubserFieldNames = {
    "T", "ux", "uy", "pi_xx", "pi_yy", "pi_xy", "pi_zz"};

struct GubserErrors {
  double time = 0;
  // T: max |T - T_exact| / T_exact; the others: max |f - f_exact| / max |f_exact| over the compared points.
  std::array<double, kGubserFields> err{};
  std::array<double, kGubserFields> scale{};  // max |f_exact| (T: max T_exact)
};

inline RunConfig gubser_config(const GubserCase& gc) {
  RunConfig cfg = base_config({gc.n, gc.n, 1}, {gc.L, gc.L, 1.0}, gc.times.back());
  cfg.grid.coordinates = Coordinates::milne;
  cfg.time.start = gc.tau0;
  cfg.time.start_given = true;
  cfg.time.cfl = gc.cfl;
  cfg.eos.kind = EosKind::conformal;
  cfg.eos.dof = gc.dof;
  cfg.transport.eta_over_s = gc.eta_over_s;
  cfg.transport.zeta_over_s = 0.0;
  cfg.transport.second_order = gc.set;
  cfg.transport.terms = second_order_set(gc.set);
  cfg.initial = make_initial("gubser");
  cfg.initial.values["q"] = 1.0;
  cfg.initial.values["T_hat0"] = 1.2;
  cfg.initial.values["pi_bar0"] = 0.0;
  cfg.initial.values["window_inner"] = static_cast<double>(gc.r_in);
  cfg.initial.values["window_outer"] = static_cast<double>(gc.r_out);
  cfg.numerics.dealiasing = gc.dealiasing;
  cfg.numerics.filter_order = gc.filter_order;
  cfg.numerics.filter_alpha = gc.filter_alpha;
  return cfg;
}

// Advances through the one step path (no outputs are written by these simulations).
inline void advance_to(Simulation& sim, double target) { sim.advance(target); }

// The semi-analytic solution covering the compared points of `gc` at all its times.
inline GubserSolution gubser_reference(const RunConfig& cfg, double r_max) {
  const Eos eos = Eos::from_config(cfg.eos);
  double lo = 0, hi = 0;
  GubserSolution::rho_range(cfg.initial.number("q"), cfg.time.start, cfg.time.end, r_max, lo, hi);
  return GubserSolution(cfg.initial.number("q"), cfg.initial.number("T_hat0"), cfg.initial.number("pi_bar0"),
                        gubser_coefficients(cfg.transport, eos), eos, lo - 0.01, hi + 0.01);
}

inline GubserErrors compare_gubser(const Fields& f, const Grid& g, const Eos& eos, const GubserSolution& sol,
                                   double tau, double extent) {
  GubserErrors out;
  out.time = tau;
  const int n = g.n[0];
  const double d = g.dx(0);
  const int c = n / 2;  // the centre cell index
  const int kmax = static_cast<int>(std::floor(extent / d + 1e-9));
  std::array<double, kGubserFields> max_err{}, max_ref{};
  for (int line = 0; line < 2; ++line)
    for (int k = -kmax; k <= kmax; ++k) {
      const int i = c + k, j = line == 0 ? c : c + k;
      const double x = k * d, y = line == 0 ? 0.0 : k * d;
      const GubserMilneFields ex = sol.milne_fields(tau, x, y);
      const std::size_t cell = g.index(i, j, 0);
      const double got[kGubserFields] = {eos.temperature(f.e[cell]),
                                         f.ux[cell],
                                         f.uy[cell],
                                         f.pi[0][cell],
                                         f.pi[3][cell],
                                         f.pi[1][cell],
                                         f.pi[5][cell]};
      const double want[kGubserFields] = {ex.T, ex.u[0], ex.u[1], ex.pi[0], ex.pi[3], ex.pi[1], ex.pi[5]};
      for (int q = 0; q < kGubserFields; ++q) {
        const double e = q == 0 ? std::abs(got[q] / want[q] - 1.0) : std::abs(got[q] - want[q]);
        max_err[q] = std::max(max_err[q], e);
        max_ref[q] = std::max(max_ref[q], std::abs(want[q]));
      }
    }
  for (int q = 0; q < kGubserFields; ++q) {
    out.scale[q] = max_ref[q];
    out.err[q] = q == 0 ? max_err[q] : (max_ref[q] > 0 ? max_err[q] / max_ref[q] : max_err[q]);
  }
  return out;
}

// The largest change between two runs of the same grid on the compared points, per field (T relative,
// the others relative to `scale`, the largest magnitude of the exact field).
inline std::array<double, kGubserFields> gubser_change(const Fields& a, const Fields& b, const GubserCase& gc,
                                                       const Eos& eos,
                                                       const std::array<double, kGubserFields>& scale) {
  std::array<double, kGubserFields> out{};
  const double d = gc.L / gc.n;
  const int c = gc.n / 2, kmax = static_cast<int>(std::floor(gc.extent / d + 1e-9));
  for (int line = 0; line < 2; ++line)
    for (int k = -kmax; k <= kmax; ++k) {
      const std::size_t cell = static_cast<std::size_t>(c + k) * gc.n + (line == 0 ? c : c + k);
      const double fa[kGubserFields] = {eos.temperature(a.e[cell]),
                                        a.ux[cell],
                                        a.uy[cell],
                                        a.pi[0][cell],
                                        a.pi[3][cell],
                                        a.pi[1][cell],
                                        a.pi[5][cell]};
      const double fb[kGubserFields] = {eos.temperature(b.e[cell]),
                                        b.ux[cell],
                                        b.uy[cell],
                                        b.pi[0][cell],
                                        b.pi[3][cell],
                                        b.pi[1][cell],
                                        b.pi[5][cell]};
      for (int q = 0; q < kGubserFields; ++q) {
        const double change = q == 0 ? std::abs(fa[q] / fb[q] - 1.0) : std::abs(fa[q] - fb[q]);
        out[q] = std::max(out[q], q == 0 || scale[q] == 0 ? change : change / scale[q]);
      }
    }
  return out;
}

// Runs the case and compares at each of its times; `fields`, when given, receives the primitive
// fields at each time.
inline std::vector<GubserErrors> run_gubser(const GubserCase& gc, int threads = 1,
                                            std::vector<Fields>* fields = nullptr) {
  const RunConfig cfg = gubser_config(gc);
  RunOptions opts;
  opts.write_outputs = false;
  opts.threads = threads;
  opts.verbosity = Verbosity::quiet;
  Simulation sim(cfg, opts);
  const Eos eos = Eos::from_config(cfg.eos);
  const GubserSolution sol = gubser_reference(cfg, std::sqrt(2.0) * gc.extent + 1e-9);
  std::vector<GubserErrors> out;
  for (double t : gc.times) {
    advance_to(sim, t);
    Fields f = primitive_fields(sim);
    f.time = sim.time();
    out.push_back(compare_gubser(f, sim.grid(), eos, sol, t, gc.extent));
    if (fields) fields->push_back(std::move(f));
  }
  return out;
}

}  // namespace ishydro::testing
