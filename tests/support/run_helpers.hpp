#pragma once
// Builds configurations in code and runs the solver in-process, without outputs.
#include <array>
#include <vector>

#include "config/config.hpp"
#include "run/simulation.hpp"

namespace ishydro::testing {

inline RunConfig base_config(std::array<int, 3> points, std::array<double, 3> size, double end) {
  RunConfig cfg;
  cfg.grid.points = points;
  cfg.grid.size = size;
  cfg.time.end = end;
  cfg.output.profile = false;
  cfg.numerics.plan_rigor = PlanRigor::estimate;
  cfg.numerics.wisdom_file = "";
  cfg.transport.tau_pi_coeff = 5.0;
  cfg.transport.tau_Pi_coeff = 5.0;
  return cfg;
}

// One run with its outputs (cfg.output.dir), on one thread.
inline RunResult run_with_outputs(const RunConfig& cfg) {
  RunOptions opts;
  opts.threads = 1;
  Simulation sim(cfg, opts);
  return sim.run();
}

struct Fields {
  std::vector<double> e, ux, uy, uz, Pi;
  std::array<std::vector<double>, 6> pi;
  double time = 0;
  long steps = 0;
};

inline Fields primitive_fields(Simulation& sim) {
  StateSummary summary;
  auto scratch = sim.rhs().scratch_fields();
  sim.rhs().primitives(sim.state(), sim.time(), summary, scratch);
  const PrimitiveViews p = sim.rhs().primitive_views();
  Fields f;
  f.e.assign(p.e.begin(), p.e.end());
  f.ux.assign(p.ux.begin(), p.ux.end());
  f.uy.assign(p.uy.begin(), p.uy.end());
  f.uz.assign(p.uz.begin(), p.uz.end());
  f.Pi.assign(sim.state().var(kBulk).begin(), sim.state().var(kBulk).end());
  for (int q = 0; q < 6; ++q) f.pi[q].assign(scratch[q].begin(), scratch[q].end());
  return f;
}

inline Fields run_to_end(const RunConfig& cfg, int threads = 1) {
  RunOptions opts;
  opts.write_outputs = false;
  opts.threads = threads;
  Simulation sim(cfg, opts);
  const RunResult r = sim.run();
  Fields f = primitive_fields(sim);
  f.time = r.time;
  f.steps = r.steps;
  return f;
}

}  // namespace ishydro::testing
