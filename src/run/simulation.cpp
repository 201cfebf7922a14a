#include "run/simulation.hpp"

#include <fftw3.h>
#include <fmt/format.h>
#include <hdf5.h>
#include <omp.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "hydro/physics_error.hpp"
#include "io/checkpoint.hpp"
#include "io/diagnostics.hpp"
#include "io/snapshot.hpp"
#include "ishydro/version.hpp"
#include "problems/problem.hpp"
#include "profiling/profiler.hpp"

namespace ishydro {

struct Simulation::Outputs {
  std::string dir;
  std::unique_ptr<SnapshotWriter> snapshots;
  std::unique_ptr<DiagnosticsWriter> diagnostics;
};

namespace {
std::string default_wisdom_file() {
  const char* home = std::getenv("HOME");
  if (!home) return "";
  const std::filesystem::path dir = std::filesystem::path(home) / ".cache" / "ishydro";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return ec ? "" : (dir / "fftw_wisdom").string();
}
}  // namespace

Simulation::Simulation(RunConfig config, RunOptions options)
    : config_(std::move(config)),
      options_(std::move(options)),
      grid_(Grid::from_config(config_.grid)),
      eos_(Eos::from_config(config_.eos)),
      transport_(config_.transport, eos_) {
  const int threads = options_.threads > 0 ? options_.threads : omp_get_num_procs();
  omp_set_num_threads(threads);
  options_.threads = threads;

  state_h_ = arena_.reserve_real("state", kNumVars * grid_.cells());
  spectral_ = std::make_unique<Spectral>(grid_, arena_, config_.numerics);
  rhs_ = std::make_unique<RightHandSide>(grid_, arena_, *spectral_, eos_, transport_,
                                         config_.numerics.recovery_tolerance);
  integrator_ = std::make_unique<Etd3>(grid_, arena_);
  arena_.commit();
  state_ = {arena_.real(state_h_), grid_.cells()};
  rhs_->bind(arena_);
  integrator_->bind(arena_);
  const std::string wisdom =
      config_.numerics.wisdom_file.empty() ? default_wisdom_file() : config_.numerics.wisdom_file;
  planning_seconds_ = spectral_->plan(arena_, threads, wisdom);

  const ProblemContext ctx{config_, grid_, eos_, transport_};
  time_ = set_initial_state(ctx, state_, step_);
  if (config_.initial.kind == "file" && config_.time.start_given && config_.time.start != time_)
    throw InputError(fmt::format("input error: time.start = {}: the state file starts at {} (omit time.start)",
                                 config_.time.start, time_));
  if (!(time_ < config_.time.end))
    throw InputError(fmt::format("input error: time.end = {}: must be later than the start time {}",
                                 config_.time.end, time_));
  // Causality (eq. 30) over the initial state, before any output exists.
  StateSummary summary;
  rhs_->primitives(state_, time_, summary, rhs_->scratch_fields());
  if (summary.max_front_speed_squared > 1.0)
    throw InputError(fmt::format(
        "input error: transport: cs2 + 4 eta/(3 (e+p) tau_pi) + zeta/((e+p) tau_Pi) = {:.6g} > 1 in the initial "
        "state (acausal; raise tau_pi/tau_Pi or lower eta/zeta)",
        summary.max_front_speed_squared));
}

Simulation::~Simulation() = default;

std::vector<double> Simulation::output_schedule() const {
  std::vector<double> times;
  const double end = config_.time.end;
  if (config_.output.every) {
    // Integer multiples of `every`, so a restarted run lands on exactly the same times.
    const double every = *config_.output.every;
    for (long k = static_cast<long>(std::ceil(time_ / every - 1e-9));; ++k) {
      const double t = k * every;
      if (t > end * (1 + 1e-14) + 1e-300) break;
      if (t >= time_ - 1e-12 * std::max(1.0, std::abs(time_))) times.push_back(std::max(t, time_));
    }
  } else {
    for (double t : config_.output.times)
      if (t >= time_) times.push_back(t);
  }
  if (times.empty() || times.back() < end) times.push_back(end);
  return times;
}

double Simulation::stable_dt(const StateSummary& summary) const {
  if (config_.time.dt) return *config_.time.dt;
  const bool milne = grid_.coordinates == Coordinates::milne;
  double min_dx = INFINITY;
  for (int a = 0; a < 3; ++a)
    if (grid_.resolved(a)) min_dx = std::min(min_dx, grid_.dx(a) * (milne && a == 2 ? time_ : 1.0));
  // Eq. 31: signals; in Milne also the expansion time tau; the relaxation times only where no axis
  // carries signals (with axes, the exponential integrator takes the stiff relaxation exactly).
  double dt = INFINITY;
  if (std::isfinite(min_dx)) dt = config_.time.cfl * min_dx / std::max(summary.max_signal_speed, 1e-300);
  if (milne) dt = std::min(dt, config_.time.cfl * time_);
  if (!std::isfinite(min_dx) && summary.max_relaxation_rate > 0)
    dt = std::min(dt, config_.time.cfl / summary.max_relaxation_rate);
  return std::isfinite(dt) ? dt : config_.time.end - time_;
}

void Simulation::step(double dt) {
  StateSummary summary;
  integrator_->begin(*rhs_, state_, time_, summary);
  integrator_->advance(*rhs_, state_, time_, dt);
  integrator_->accept(state_);
  time_ += dt;
}

std::string Simulation::metadata_json() const {
  unsigned maj = 0, min = 0, rel = 0;
  H5get_libversion(&maj, &min, &rel);
  nlohmann::json j;
  j["ishydro_version"] = kVersion;
  j["git_commit"] = kGitCommit;
  j["compiler"] = kCompiler;
  j["build_type"] = kBuildType;
  j["fftw_version"] = std::string(fftw_version);
  j["hdf5_version"] = fmt::format("{}.{}.{}", maj, min, rel);
  j["threads"] = options_.threads;
  j["ranks"] = 1;
  j["time_scheme"] = "ETD3RK (Cox-Matthews), third order";
  j["dealiasing"] = config_.numerics.dealiasing == Dealiasing::two_thirds    ? "2/3 rule"
                    : config_.numerics.dealiasing == Dealiasing::exponential ? "exponential filter"
                                                                             : "none";
  return j.dump();
}

void Simulation::set_up_outputs() {
  outputs_ = std::make_unique<Outputs>();
  outputs_->dir = options_.output_dir.value_or(config_.output.dir);
  std::filesystem::create_directories(outputs_->dir);
  outputs_->snapshots =
      std::make_unique<SnapshotWriter>(outputs_->dir, grid_, config_.resolved_toml, metadata_json());
  outputs_->diagnostics = std::make_unique<DiagnosticsWriter>(outputs_->dir + "/diagnostics.csv");
}

void Simulation::write_outputs(double time, long step, bool snapshot) {
  ISHYDRO_PROFILE("output");
  if (snapshot) {
    StateSummary summary;
    const auto pi = rhs_->scratch_fields();
    rhs_->primitives(state_, time, summary, pi);
    const PrimitiveViews prim = rhs_->primitive_views();
    const auto extra = rhs_->gradient_fields();
    std::span<double> T = extra[0], p = extra[1];
    for (std::size_t c = 0; c < grid_.cells(); ++c) {
      T[c] = eos_.temperature(prim.e[c]);
      p[c] = eos_.pressure(prim.e[c]);
    }
    outputs_->snapshots->write(time, {{"e", prim.e},
                                      {"T", T},
                                      {"p", p},
                                      {"ux", prim.ux},
                                      {"uy", prim.uy},
                                      {"uz", prim.uz},
                                      {"Pi", state_.var(kBulk)},
                                      {"pi_xx", pi[0]},
                                      {"pi_xy", pi[1]},
                                      {"pi_xz", pi[2]},
                                      {"pi_yy", pi[3]},
                                      {"pi_yz", pi[4]},
                                      {"pi_zz", pi[5]}});
  }
  write_checkpoint(outputs_->dir + "/checkpoint.h5", grid_, time, step, state_, config_.resolved_toml,
                   metadata_json());
  outputs_->diagnostics->flush();
}

RunResult Simulation::run() {
  RunResult result;
  const auto wall_start = std::chrono::steady_clock::now();
  Profiler& profiler = Profiler::instance();
  profiler.reset();
  profiler.enable(config_.output.profile);
  if (options_.write_outputs) set_up_outputs();
  const std::vector<double> schedule = output_schedule();
  std::size_t next_output = 0;
  const double end = config_.time.end;
  StateSummary summary;
  double last_dt = 0;
  std::uint64_t allocations_stepping = 0;
  const std::uint64_t ffts_before = spectral_->forward_count() + spectral_->inverse_count();
  auto land = [&](double t) { return std::abs(t - schedule[next_output]) <= 1e-12 * std::max(1.0, std::abs(t)); };
  try {
    {
      ISHYDRO_PROFILE("right-hand side");
      integrator_->begin(*rhs_, state_, time_, summary);
    }
    if (options_.write_outputs) outputs_->diagnostics->write(step_, time_, 0.0, summary);
    if (options_.write_outputs && land(time_)) {
      write_outputs(time_, step_, true);
      ++next_output;
    }
    const double checkpoint_every = config_.output.checkpoint_every.value_or(0.0);
    double next_checkpoint = checkpoint_every > 0 ? (std::floor(time_ / checkpoint_every) + 1) * checkpoint_every : INFINITY;
    while (next_output < schedule.size() && time_ < end) {
      if (config_.time.max_steps > 0 && step_ - 0 >= config_.time.max_steps) break;
      const std::uint64_t alloc_before = heap_allocations();
      const double target = schedule[next_output];
      double dt = stable_dt(summary);
      const double remaining = target - time_;
      bool landing = false;
      if (dt >= remaining * (1 - 1e-12)) {
        dt = remaining;
        landing = true;
      } else if (dt > 0.5 * remaining) {
        dt = 0.5 * remaining;  // two even steps rather than one long and one tiny
      }
      {
        ISHYDRO_PROFILE("step");
        integrator_->advance(*rhs_, state_, time_, dt);
        // Validate U_{n+1} by evaluating its right-hand side (the first stage of the next step):
        // on failure the state still holds the last good U_n.
        ISHYDRO_PROFILE("right-hand side");
        integrator_->begin(*rhs_, integrator_->candidate(), landing ? target : time_ + dt, summary);
        integrator_->accept(state_);
      }
      time_ = landing ? target : time_ + dt;
      ++step_;
      last_dt = dt;
      allocations_stepping += heap_allocations() - alloc_before;
      if (options_.write_outputs) {
        outputs_->diagnostics->write(step_, time_, dt, summary);
        if (landing) {
          write_outputs(time_, step_, true);
          ++next_output;
        } else if (time_ >= next_checkpoint) {
          write_outputs(time_, step_, false);
        }
      } else if (landing) {
        ++next_output;
      }
      while (time_ >= next_checkpoint) next_checkpoint += checkpoint_every;
    }
  } catch (const PhysicsError& err) {
    result.exit_status = err.status;
    result.message = fmt::format("stopped at step {}, t = {:.10g} fm (trying dt = {:.4g}): {}; wrote the last good state (t = {:.10g})",
                                 step_ + 1, time_, last_dt, err.what(), time_);
    if (options_.write_outputs) write_outputs(time_, step_, true);
  }
  result.steps = step_;
  result.time = time_;
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  result.planning_seconds = planning_seconds_;
  if (options_.write_outputs && config_.output.profile) {
    nlohmann::json report;
    report["phases"] = profiler.tree();
    report["steps"] = step_;
    report["wall_seconds"] = result.wall_seconds;
    report["planning_seconds"] = planning_seconds_;
    report["fft_count"] = spectral_->forward_count() + spectral_->inverse_count() - ffts_before;
    report["ffts_per_rhs"] = rhs_->ffts_per_evaluation();
    report["heap_allocations_while_stepping"] = allocations_stepping;
    report["arena_bytes"] = arena_.bytes();
    report["arena_bytes_by_purpose"] = arena_.bytes_by_purpose();
    report["bytes_per_cell"] = static_cast<double>(arena_.bytes()) / grid_.cells();
    report["peak_resident_bytes"] = peak_resident_bytes();
    report["threads"] = options_.threads;
    const std::string path = outputs_->dir + "/profile.json";
    const std::string tmp = path + ".tmp";
    {
      std::FILE* f = std::fopen(tmp.c_str(), "w");
      if (f) {
        const std::string text = report.dump(2);
        std::fwrite(text.data(), 1, text.size(), f);
        std::fclose(f);
        std::filesystem::rename(tmp, path);
      }
    }
  }
  profiler.enable(false);
  return result;
}

}  // namespace ishydro
