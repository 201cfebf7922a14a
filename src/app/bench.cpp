// `ishydro bench` (docs/usage.md "Benchmark report"; docs/benchmarks.md): times the full
// time step of a standard problem, counts its FFTs and heap allocations, and times the same FFTs
// alone in the same process, so the step can be compared with its FFT bound.
#include "app/bench.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <numbers>
#include <stdexcept>
#include <string>

#include "parallel/comm.hpp"
#include "problems/sound_wave.hpp"
#include "profiling/profiler.hpp"
#include "run/simulation.hpp"

namespace ishydro {

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The standard problem: a 3D nonlinear sound wave with shear and bulk viscosity and every DNMR
// second-order term on, so every phase of the right-hand side runs.
RunConfig standard_problem(const std::array<int, 3>& points, const std::array<double, 3>& box, bool noise,
                           const std::string& eos, bool charged) {
  RunConfig cfg;
  cfg.grid.points = points;
  cfg.grid.size = box;
  cfg.grid.coordinates = Coordinates::cartesian;
  cfg.time.start = 0.0;
  cfg.time.start_given = true;
  cfg.time.end = 1e9;  // never reached: the benchmark steps by hand
  cfg.time.cfl = 0.4;
  cfg.eos.kind = EosKind::conformal;
  cfg.eos.cs2 = 1.0 / 3.0;
  cfg.eos.dof = 47.5;
  // The same problem with the HotQCD EOS (e0 = 10 GeV/fm^3 is T ~ 0.28 GeV; the wave spans 0.27-0.29).
  cfg.eos.kind = eos_kind_from_string(eos).value_or(EosKind::conformal);
  cfg.transport.eta_over_s = 0.1;
  cfg.transport.zeta_over_s = 0.05;
  cfg.transport.tau_pi_coeff = 5.0;
  cfg.transport.tau_Pi_coeff = 5.0;
  cfg.transport.second_order = "dnmr";
  cfg.transport.terms = all_second_order_terms();
  cfg.initial = sound_wave_initial(10.0, 0.1, {1, 1, 1});
  cfg.output.profile = false;
  cfg.numerics.plan_rigor = PlanRigor::measure;
  cfg.numerics.wisdom_file = "";  // the default wisdom file
  cfg.noise.enabled = noise;      // --noise: thermal fluctuations on top (docs/benchmarks.md)
  cfg.noise.seed = 1;
  if (charged) {  // --charged: the qgp gas (the same e, p, T at mu_B = 0) and a charge, set after setup
    cfg.eos.kind = EosKind::qgp;
    cfg.initial.charged = true;
  }
  return cfg;
}

// Sum of the seconds of every node of the profiler tree with this name, at any depth.
double phase_seconds(const nlohmann::json& node, const std::string& name) {
  double s = 0;
  if (node.contains("seconds") && node.value("name", "") == name) s += node["seconds"].get<double>();
  if (node.contains("children"))
    for (const auto& child : node["children"]) s += phase_seconds(child, name);
  return s;
}

struct StepTiming {
  double seconds_per_step = 0;
  double ffts_per_rhs = 0;
  double allocations_per_step = 0;
};

// `steps` steps through the one step path (Simulation::advance).
StepTiming time_steps(Simulation& sim, int steps) {
  Spectral& sp = sim.spectral();
  const std::uint64_t ffts0 = sp.forward_count() + sp.inverse_count();
  const std::uint64_t alloc0 = heap_allocations();
  const auto start = Clock::now();
  const RunResult r = sim.advance(sim.config().time.end, steps);
  // A failed step (e.g. noise too strong for the cells: --box) would time a partial step.
  if (r.exit_status != 0)
    throw std::runtime_error("ishydro bench: the standard problem failed: " + r.message);
  const double seconds = parallel::max(seconds_since(start));  // the slowest rank sets the pace
  const std::uint64_t allocations = heap_allocations() - alloc0;
  const std::uint64_t ffts = sp.forward_count() + sp.inverse_count() - ffts0;
  StepTiming t;
  t.seconds_per_step = seconds / steps;
  t.ffts_per_rhs = static_cast<double>(ffts) / (static_cast<double>(Etd4::kStages) * steps);
  t.allocations_per_step = static_cast<double>(allocations) / steps;
  return t;
}

struct FftTiming {
  double seconds_per_fft = 0;  // mean of a forward + inverse pair, halved
  double seconds_per_forward = 0, seconds_per_inverse = 0;
  long pairs = 0;
};

// The transforms a right-hand side does, timed alone: out-of-place r2c of a state field into the
// spectrum buffer and c2r of it into a scratch field (no derivative multiply), for >= 0.5 s.
FftTiming time_ffts(Simulation& sim) {
  Spectral& sp = sim.spectral();
  const double* field = sim.state().ptr(kTtt);
  Complex* spec = sp.spectrum_buffer();
  double* out = sim.rhs().derivative_scratch()[0].data();
  for (int w = 0; w < 3; ++w) {  // warm caches and threads
    sp.forward(field, spec);
    sp.inverse(spec, out);
  }
  double fwd = 0, inv = 0;
  long pairs = 0;
  const auto start = Clock::now();
  // The transforms are collective over MPI ranks: all ranks agree on when to stop.
  while (pairs < 10 || parallel::max(seconds_since(start)) < 0.5) {
    const auto t0 = Clock::now();
    sp.forward(field, spec);
    const auto t1 = Clock::now();
    sp.inverse(spec, out);
    const auto t2 = Clock::now();
    fwd += std::chrono::duration<double>(t1 - t0).count();
    inv += std::chrono::duration<double>(t2 - t1).count();
    ++pairs;
  }
  FftTiming t;
  t.pairs = pairs;
  t.seconds_per_forward = fwd / pairs;
  t.seconds_per_inverse = inv / pairs;
  t.seconds_per_fft = (fwd + inv) / pairs / 2.0;
  return t;
}

// --charged: n_B = 1 + 0.1 cos(2 pi x / L_x) (1/fm^3, mu_B/T ~ 0.3 at e ~ 10 GeV/fm^3), V = 0, on the
// standard problem's sound wave: N^t = gamma n_B.
void set_charge_wave(Simulation& sim) {
  const Grid& g = sim.grid();
  StateSummary summary;
  sim.rhs().primitives(sim.state(), sim.time(), summary, sim.rhs().scratch_fields());
  const PrimitiveViews p = sim.rhs().primitive_views();
  for (std::size_t c = 0; c < g.cells(); ++c) {
    const int i = static_cast<int>(c / (static_cast<std::size_t>(g.n[1]) * g.n[2])) + g.x_offset;
    const double gamma = std::sqrt(1.0 + p.ux[c] * p.ux[c] + p.uy[c] * p.uy[c] + p.uz[c] * p.uz[c]);
    sim.state().ptr(kNt)[c] = gamma * (1.0 + 0.1 * std::cos(2.0 * std::numbers::pi * i / g.n[0]));
  }
  sim.state_changed();
}

}  // namespace

int run_bench(const BenchOptions& options) {
  const int steps = std::max(1, options.steps);
  const auto& g = options.grid;
  check_grid_points({g[0], g[1], g[2]}, fmt::format("--grid {} {} {}", g[0], g[1], g[2]));
  RunOptions run_options;
  run_options.write_outputs = false;
  run_options.threads = options.threads;
  run_options.verbosity = Verbosity::quiet;
  // CFL steps through the one step path, as a run takes them.
  const RunConfig problem =
      standard_problem(options.grid, options.box, options.noise, options.eos, options.charged);
  Simulation sim(problem, run_options);
  const Grid& grid = sim.grid();
  const double cells = static_cast<double>(grid.cells());
  if (options.charged) set_charge_wave(sim);

  Profiler& profiler = Profiler::instance();
  profiler.enable(false);
  if (const RunResult r = sim.advance(problem.time.end, 1); r.exit_status != 0)  // warm-up
    throw std::runtime_error("ishydro bench: the standard problem failed: " + r.message);
  const double dt = sim.stable_dt(sim.summary());
  const StepTiming plain = time_steps(sim, steps);

  // The same steps with the profiler on: the phase breakdown and the profiler's own overhead.
  profiler.reset();
  profiler.enable(true);
  const StepTiming profiled = time_steps(sim, steps);
  profiler.enable(false);
  const nlohmann::json tree = profiler.tree();

  const FftTiming fft = time_ffts(sim);
  const int rhs_per_step = Etd4::kStages;
  const int ffts_declared = sim.rhs().ffts_per_evaluation();
  const double ffts_per_rhs = plain.ffts_per_rhs;
  const double fft_bound = rhs_per_step * ffts_per_rhs * fft.seconds_per_fft;
  const double ratio = plain.seconds_per_step / fft_bound;

  const char* phases[] = {
      "primitive recovery + fluxes", "fft forward",        "fft inverse",       "k-space work",
      "advection products",          "relaxation sources", "integrator updates"};
  nlohmann::json breakdown;
  nlohmann::json per_phase;
  double timed = 0;
  for (const char* name : phases) {
    const double s = phase_seconds(tree, name) / steps;
    per_phase[name] = s;
    timed += s;
  }
  const double fft_seconds =
      (phase_seconds(tree, "fft forward") + phase_seconds(tree, "fft inverse")) / steps;
  breakdown["fft_seconds_per_step"] = fft_seconds;
  breakdown["pointwise_seconds_per_step"] = profiled.seconds_per_step - fft_seconds;
  breakdown["phases_seconds_per_step"] = per_phase;
  breakdown["untimed_seconds_per_step"] = profiled.seconds_per_step - timed;

  nlohmann::json j;
  j["grid"] = {grid.n[0], grid.n[1], grid.n[2]};
  j["steps"] = steps;
  j["seconds_per_step"] = plain.seconds_per_step;
  j["rhs_per_step"] = rhs_per_step;
  j["ffts_per_rhs"] = ffts_per_rhs;
  j["ffts_per_rhs_declared"] = ffts_declared;
  j["seconds_per_fft"] = fft.seconds_per_fft;
  j["seconds_per_forward_fft"] = fft.seconds_per_forward;
  j["seconds_per_inverse_fft"] = fft.seconds_per_inverse;
  j["fft_bound_seconds_per_step"] = fft_bound;
  j["fft_bound_ratio"] = ratio;
  j["allocations_per_step"] = plain.allocations_per_step;
  j["bytes_per_cell"] = static_cast<double>(sim.arena().bytes()) / cells;
  j["resident_bytes_per_cell"] = static_cast<double>(peak_resident_bytes()) / cells;
  j["arena_bytes"] = sim.arena().bytes();
  j["threads"] = sim.threads();
  j["charged"] = options.charged;
  j["ranks"] = parallel::size();
  j["planning_seconds"] = sim.planning_seconds();
  j["dt"] = dt;
  j["noise"] = options.noise;
  j["noise_seconds_per_step"] = phase_seconds(tree, "thermal noise") / steps;
  j["profiled_seconds_per_step"] = profiled.seconds_per_step;
  j["profiler_overhead"] = profiled.seconds_per_step / plain.seconds_per_step - 1.0;
  j["breakdown"] = breakdown;

  if (!parallel::root()) return 0;  // one rank reports
  if (options.json) {
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("ishydro bench: 3D nonlinear sound wave, conformal EOS, DNMR, shear + bulk%s\n",
              options.noise ? ", thermal noise" : "");
  std::printf("  %-28s %d x %d x %d, box %g x %g x %g fm\n", "grid", grid.n[0], grid.n[1], grid.n[2],
              options.box[0], options.box[1], options.box[2]);
  std::printf("  %-28s %d (ranks %d)\n", "threads", sim.threads(), parallel::size());
  std::printf("  %-28s %d (+1 warm-up), dt = %.4g fm\n", "steps", steps, dt);
  std::printf("  %-28s %.6g\n", "seconds per step", plain.seconds_per_step);
  std::printf("  %-28s %d\n", "rhs per step", rhs_per_step);
  std::printf("  %-28s %.6g (declared %d)\n", "ffts per rhs (counted)", ffts_per_rhs, ffts_declared);
  std::printf("  %-28s %.6g (forward %.6g, inverse %.6g)\n", "seconds per fft", fft.seconds_per_fft,
              fft.seconds_per_forward, fft.seconds_per_inverse);
  std::printf("  %-28s %.6g s/step\n", "fft bound", fft_bound);
  std::printf("  %-28s %.4f\n", "fft bound ratio", ratio);
  std::printf("  %-28s %.6g\n", "allocations per step", plain.allocations_per_step);
  std::printf("  %-28s %.1f (resident %.1f)\n", "bytes per cell", j["bytes_per_cell"].get<double>(),
              j["resident_bytes_per_cell"].get<double>());
  std::printf("  %-28s %.4g s\n", "planning", sim.planning_seconds());
  std::printf("  breakdown (profiled run: %.6g s/step, overhead %+.2f%%)\n", profiled.seconds_per_step,
              100.0 * j["profiler_overhead"].get<double>());
  for (const char* name : phases) std::printf("    %-26s %.6g s/step\n", name, per_phase[name].get<double>());
  if (options.noise)
    std::printf("    %-26s %.6g s/step (its filter FFTs included)\n", "thermal noise",
                j["noise_seconds_per_step"].get<double>());
  std::printf("    %-26s %.6g s/step\n", "(outside the phases)",
              breakdown["untimed_seconds_per_step"].get<double>());
  return 0;
}

}  // namespace ishydro
