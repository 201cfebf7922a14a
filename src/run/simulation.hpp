#pragma once
// One run, end to end (data flows one way): input -> problem (initial state) -> state -> right-hand
// side -> integrator -> outputs. Everything the time loop touches is set up here, once.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "eos/eos.hpp"
#include "grid/grid.hpp"
#include "hydro/physics_error.hpp"
#include "hydro/rhs.hpp"
#include "io/snapshot.hpp"
#include "memory/arena.hpp"
#include "noise/thermal_noise.hpp"
#include "run/progress.hpp"
#include "run/resources.hpp"
#include "spectral/spectral.hpp"
#include "time/etd4.hpp"
#include "transport/transport.hpp"

namespace ishydro {

struct RunOptions {
  std::optional<std::string> output_dir;   // overrides output.dir
  int threads = 0;                         // 0: the default (run/resources.hpp default_threads)
  bool overwrite = false;                  // replace another run's outputs in the output directory
  bool dry_run = false;                    // stop before allocating: memory, steps, output size only
  bool write_outputs = true;               // false for benchmarks
  Verbosity verbosity = Verbosity::quiet;  // the command line sets normal
};

struct RunResult {
  int exit_status = 0;
  long steps = 0;
  double time = 0;
  double wall_seconds = 0;
  double planning_seconds = 0;
  double initial_total_T00 = 0, final_total_T00 = 0;  // for the conservation drift in the summary
  std::string output_dir;
  std::string message;
  bool reports = true;  // whether this rank prints `message` (one rank does)
};

// The baryon charge of a run as its input gives it (docs/problems.md, "Baryon charge"): charged when
// the initial state has one (InitialConfig::charged), with eos.nf, transport.kappa_coeff and the
// [transport.terms] switches delta_VV, lambda_VV.
ChargeSettings charge_settings(const RunConfig& config);

class Simulation {
 public:
  // `charge`: the baryon charge of the run (hydro/rhs.hpp); by default the input's, charge_settings(config).
  Simulation(RunConfig config, RunOptions options, std::optional<ChargeSettings> charge = std::nullopt);
  ~Simulation();

  // The whole run: outputs set up, advance(time.end, time.max_steps), profile.json.
  RunResult run();
  // The one step path (docs/architecture.md): from the current time to t_end by CFL steps that land
  // exactly on the output times and on t_end, each new state validated (its right-hand side
  // evaluated) before it is accepted, the regulator and the clock guard applied, and the outputs that
  // fall due written when RunOptions::write_outputs. At most `max_steps` steps when > 0. Callable
  // again to go on (the Python module's advance); a PhysicsError or a stop signal ends it with
  // RunResult::exit_status set and the last good state kept.
  RunResult advance(double t_end, long max_steps = -1);
  // After the state was changed from outside (a new initial state): the next advance evaluates it
  // afresh and reports it as a start.
  void state_changed() { rhs_current_ = false; }

  // Pieces exposed to the benchmark and tests.
  const Grid& grid() const { return grid_; }
  const Arena& arena() const { return arena_; }
  StateView& state() { return state_; }
  RightHandSide& rhs() { return *rhs_; }
  Spectral& spectral() { return *spectral_; }
  Etd4& integrator() { return *integrator_; }
  ThermalNoise* noise() { return noise_.get(); }
  double planning_seconds() const { return planning_seconds_; }
  // Memory this rank needs (known before anything is allocated; all a dry run computes).
  const MemoryNeed& memory() const { return memory_; }
  // The start time (of a state file: read from it, also in a dry run).
  double start_time() const { return start_time_; }
  // Plausibility warnings (docs/usage.md, "Warnings"): printed once, recorded in run.json.
  const std::vector<std::string>& warnings() const { return warnings_; }
  // The output directory, absolute (as run.json records it).
  std::string output_directory() const;
  int threads() const { return options_.threads; }  // as used: all cores when RunOptions said 0
  double time() const { return time_; }
  long step_count() const { return step_; }
  const RunConfig& config() const { return config_; }
  // The reductions over the current state (valid after an advance).
  const StateSummary& summary() const { return summary_; }
  // dt from the CFL condition (or the input's fixed dt) for a state with this summary; infinite when
  // nothing bounds it (then a step lands on its target).
  // The fields of a fields.h5 snapshot of the current state, by name (e, T, p, ux, uy, uz, Pi, pi_xx,
  // ...): views of the state and of scratch buffers, valid until the next step.
  std::vector<SnapshotField> snapshot_fields();
  bool charged() const { return charge_.charged; }
  double stable_dt(const StateSummary& summary) const;

 private:
  struct CheckpointClock {
    double next_time = INFINITY;  // simulation time of the next output.checkpoint_every checkpoint
    long last_step = 0;
    std::chrono::steady_clock::time_point last_wall;
  };
  void set_up_outputs();
  // A charged run's nB, muB, Vx, Vy, Vz after the uncharged fields (T made the qgp gas's T(e, n_B)).
  void add_charge_fields(std::vector<SnapshotField>& fields);
  void write_run_info() const;
  void write_spectra(double time);
  void write_outputs(double time, long step, bool snapshot);
  void write_profile(const RunResult& result, std::uint64_t allocations, std::uint64_t ffts) const;
  bool checkpoint_due(CheckpointClock& clock) const;
  void regulate(double time, StateSummary& summary);
  double step_towards(double target, bool& landing, const StateSummary& summary) const;
  struct Landing {
    double time;
    bool snapshot;  // false: time.end when no snapshot was asked for there (checkpoint only)
  };
  const std::vector<Landing>& output_schedule(double end);
  void evaluate_current_state(RunResult& result);
  std::string metadata_json() const;
  void check_output_directory() const;
  void check_memory() const;
  void collect_warnings(const StateSummary& summary);
  void finish_outputs(RunResult& result);
  void keep_checkpoints(long step) const;

  RunConfig config_;
  RunOptions options_;
  ChargeSettings charge_;  // from config_: whether the run evolves a baryon charge, and its settings
  Grid grid_;
  Eos eos_;
  Transport transport_;
  Arena arena_;
  std::size_t state_h_ = 0;
  StateView state_;
  std::unique_ptr<Spectral> spectral_;
  std::unique_ptr<RightHandSide> rhs_;
  std::unique_ptr<Etd4> integrator_;
  std::unique_ptr<ThermalNoise> noise_;  // only with [noise] enabled
  double time_ = 0;
  long step_ = 0;
  double planning_seconds_ = 0;
  std::vector<Landing> schedule_;  // of the advance in progress
  StateSummary summary_;           // of the current state, from its last right-hand side evaluation
  bool rhs_current_ = false;       // whether the integrator holds the right-hand side of the current state
  std::uint64_t allocations_stepping_ = 0;
  struct Outputs;
  std::unique_ptr<Outputs> outputs_;
  MemoryNeed memory_;
  double start_time_ = 0;
  std::vector<std::string> warnings_;
};

}  // namespace ishydro
