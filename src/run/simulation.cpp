#include "run/simulation.hpp"

#include <fftw3.h>
#include <fmt/format.h>
#include <hdf5.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "hydro/physics_error.hpp"
#include "io/checkpoint.hpp"
#include "io/diagnostics.hpp"
#include "io/snapshot.hpp"
#include "io/spectra.hpp"
#include "io/structure_factors.hpp"
#include "ishydro/version.hpp"
#include "parallel/comm.hpp"
#include "parallel/loops.hpp"
#include "problems/file.hpp"
#include "problems/problem.hpp"
#include "profiling/profiler.hpp"
#include "run/eos_checks.hpp"
#include "run/output_dir.hpp"
#include "run/progress.hpp"
#include "run/signals.hpp"
#include "util/fs_util.hpp"

namespace ishydro {

// Where --overwrite keeps the outputs it replaces until the run has succeeded.
constexpr const char* kOverwrittenDir = ".ishydro-overwritten";

struct Simulation::Outputs {
  std::string dir;
  bool moved_aside = false;
  std::unique_ptr<SnapshotWriter> snapshots;
  std::unique_ptr<DiagnosticsWriter> diagnostics;
  std::unique_ptr<SpectraWriter> spectra;  // rank 0, when output.spectra
  // The spectra's k and shell sums, sized once (nothing is allocated per snapshot but HDF5's own).
  std::vector<double> k, solenoidal, compressive;
  std::unique_ptr<StructureFactorWriter> structure_factors;  // [output] structure_factors
  StructureFactors shells;
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
// The transport keys of the input as "transport.key = value, ..." for a message about them.
std::string transport_keys(const TransportConfig& t) {
  std::string out;
  for_each_transport_value(t, [&out](const char* key, const std::optional<double>& v) {
    if (v) out += fmt::format("{}transport.{} = {}", out.empty() ? "" : ", ", key, *v);
  });
  return out;
}
}  // namespace

ChargeSettings charge_settings(const RunConfig& config) {
  ChargeSettings c;
  c.charged = config.initial.charged;
  c.C_B = config.transport.kappa_coeff;
  c.delta_VV = config.transport.terms.delta_VV;
  c.lambda_VV = config.transport.terms.lambda_VV;
  return c;
}

Simulation::Simulation(RunConfig config, RunOptions options, std::optional<ChargeSettings> charge)
    : config_(std::move(config)),
      options_(std::move(options)),
      charge_(charge.value_or(charge_settings(config_))),
      grid_(Grid::decomposed(config_.grid)),
      eos_(eos_for_run(config_.eos)),
      transport_(config_.transport, eos_) {
  check_against_eos(config_, eos_, transport_);  // before any output
  const int threads = options_.threads > 0 ? options_.threads : default_threads(grid_.global_cells());
  omp_set_num_threads(threads);
  options_.threads = threads;
  // Before anything is allocated or written: another run's outputs are not replaced silently.
  if (options_.write_outputs) check_output_directory();
  start_time_ = config_.time.start;
  if (initial_state_file(config_.initial) && !config_.time.start_given)
    start_time_ = state_file_time(*initial_state_file(config_.initial));

  const int vars = evolved_variables(charge_.charged);
  state_h_ = arena_.reserve_real("state", static_cast<std::size_t>(vars) * grid_.cells());
  spectral_ = std::make_unique<Spectral>(grid_, arena_, config_.numerics);
  rhs_ = std::make_unique<RightHandSide>(grid_, arena_, *spectral_, eos_, transport_,
                                         config_.numerics.recovery_tolerance, charge_);
  integrator_ = std::make_unique<Etd4>(grid_, arena_, charge_.charged);
  if (config_.noise.enabled) {
    noise_ = std::make_unique<ThermalNoise>(grid_, arena_, *spectral_, *rhs_, eos_, transport_, config_.noise,
                                            config_.numerics.dealiasing);
    if (!transport_.shear_active() && !transport_.bulk_active() && parallel::root())
      std::fprintf(stderr,
                   "ishydro: warning: noise.enabled = true with zero viscosity (eta = zeta = 0): nothing "
                   "fluctuates, the run is the noise-free one\n");
  }
  // The arena (the noise buffers included) knows its size before it allocates: the need is checked
  // against what the machine has.
  memory_ = memory_need(grid_, arena_.bytes(), parallel::size());
  if (options_.dry_run) return;
  check_memory();
  arena_.commit();
  state_ = {arena_.real(state_h_), grid_.cells(), vars};
  rhs_->bind(arena_);
  integrator_->bind(arena_);
  if (noise_) {
    noise_->bind(arena_);
    integrator_->set_noise(noise_.get());
  }
  const std::string wisdom =
      config_.numerics.wisdom_file.empty() ? default_wisdom_file() : config_.numerics.wisdom_file;
  planning_seconds_ = spectral_->plan(arena_, threads, wisdom);

  const ProblemContext ctx{
      config_, grid_, eos_, transport_,
      [this](const ProblemContext::ModeFunction& mode, double* out) { spectral_->from_modes(mode, out); }};
  time_ = set_initial_state(ctx, state_, step_);
  if (initial_state_file(config_.initial) && config_.time.start_given && config_.time.start != time_)
    throw InputError(
        fmt::format("input error: time.start = {}: the state file starts at {} (omit time.start)",
                    config_.time.start, time_));
  if (!(time_ < config_.time.end))
    throw InputError(fmt::format("input error: time.end = {}: must be later than the start time {}",
                                 config_.time.end, time_));
  // Causality (eq. 30) over the initial state, before any output exists.
  StateSummary summary;
  try {
    rhs_->primitives(state_, time_, summary, rhs_->scratch_fields());
  } catch (const PhysicsError& err) {
    // An initial state that no (e, u) reproduces is bad input (exit status 1), reported by the rank
    // that holds the cell, before any output exists.
    const std::string what = err.what();
    throw PhysicsError(what.empty() ? what
                                    : fmt::format("input error: initial.kind = \"{}\" gives an unphysical "
                                                  "initial state: {}",
                                                  config_.initial.kind, what),
                       err.cell, kExitInput);
  }
  if (summary.max_front_speed_squared > 1.0)
    throw InputError(fmt::format(
        "input error: transport ({}): cs2 + 4 eta/(3 (e+p) tau_pi) + zeta/((e+p) tau_Pi) = {:.6g} > 1 in the "
        "initial state (acausal, eq. 30; raise tau_pi/tau_Pi or lower eta/zeta)",
        transport_keys(config_.transport), summary.max_front_speed_squared));
  collect_warnings(summary);
}

Simulation::~Simulation() = default;

std::string Simulation::output_directory() const {
  const std::string dir = options_.output_dir.value_or(config_.output.dir);
  return std::filesystem::absolute(dir).lexically_normal().string();
}

void Simulation::check_output_directory() const {
  const std::string dir = output_directory();
  if (options_.overwrite || continues_own_checkpoint(config_, dir)) return;
  const std::vector<std::string> found = run_outputs_in(dir);
  if (found.empty()) return;
  std::string list;
  for (const std::string& f : found) list += (list.empty() ? "" : ", ") + f;
  throw InputError(fmt::format(
      "input error: output directory '{}' holds the outputs of another run ({}); refused, nothing was "
      "changed. To continue that run: ishydro resume {}; to replace its outputs: add --overwrite; or choose "
      "another directory with --output DIR (docs/usage.md, \"Output directories\")",
      dir, list, dir));
}

void Simulation::check_memory() const {
  const auto available = available_memory();
  if (!available) return;
  const int local = ranks_on_this_node();
  const double need = static_cast<double>(memory_.total()) * local;
  if (need <= static_cast<double>(available->bytes)) return;
  const std::string per_rank = local > 1 ? fmt::format("{} ranks on this machine x {} per rank: ", local,
                                                       format_bytes(static_cast<double>(memory_.total())))
                                         : "";
  throw ResourceError(fmt::format(
      "not enough memory: this run needs {} ({}fields {}, FFTW {}, MPI buffers {}, other {}) but {} is "
      "available ({}); refused before allocating. Use fewer points or more MPI ranks on more machines; "
      "ishydro run INPUT --dry-run shows the need",
      format_bytes(need), per_rank, format_bytes(static_cast<double>(memory_.arena)),
      format_bytes(static_cast<double>(memory_.fftw)), format_bytes(static_cast<double>(memory_.mpi)),
      format_bytes(static_cast<double>(memory_.other)), format_bytes(static_cast<double>(available->bytes)),
      available->source));
}

void Simulation::collect_warnings(const StateSummary& summary) {
  auto warn = [this](std::string text) { warnings_.push_back(std::move(text)); };
  const InitialConfig& in = config_.initial;
  // Temperatures far above anything hydrodynamics describes usually mean MeV written for GeV (T0 =
  // 300) or MeV/fm^3 for GeV/fm^3: checked on the initial state itself, whatever its kind.
  double max_e = 0;
  for (double e : rhs_->primitive_views().e) max_e = std::max(max_e, e);
  max_e = parallel::max(max_e);
  constexpr double kHottest = 10.0;  // GeV
  if (max_e > 0 && eos_.temperature(max_e) > kHottest) {
    std::string keys;
    for (const auto& entry : in.values)
      if (entry.first == "T0" || entry.first == "e0" || entry.first == "T_hat0")
        keys += fmt::format("{}initial.{}", keys.empty() ? "" : ", ", entry.first);
    warn(fmt::format(
        "the initial state reaches T = {:.4g} GeV (e = {:.4g} GeV/fm^3), far above any temperature "
        "hydrodynamics describes (> {} GeV): did you mean MeV{}? (temperatures are in GeV, energy "
        "densities in GeV/fm^3)",
        eos_.temperature(max_e), max_e, kHottest, keys.empty() ? "" : " in " + keys));
  }
  if (const std::string* path = initial_state_file(in)) {
    const std::vector<std::string> changed = changed_physics_keys(*path, config_.resolved_toml);
    if (!changed.empty()) {
      std::string list;
      for (const std::string& k : changed) list += (list.empty() ? "" : ", ") + k;
      warn(fmt::format("the state file {} was made with other physics: {} {} from this input", *path, list,
                       changed.size() == 1 ? "differs" : "differ"));
    }
  }
  if (config_.time.dt) {
    // The CFL step of the initial state, as if time.dt were not given.
    const std::optional<double> dt = config_.time.dt;
    config_.time.dt.reset();
    const double cfl_dt = stable_dt(summary);
    config_.time.dt = dt;
    if (std::isfinite(cfl_dt) && *dt < 1e-3 * cfl_dt)
      warn(
          fmt::format("time.dt = {} fm is far below the CFL limit {:.4g} fm of the initial state (time.cfl = "
                      "{}): the run takes {:.0f} times more steps than it needs; omit time.dt",
                      *dt, cfl_dt, config_.time.cfl, cfl_dt / *dt));
  }
  if (parallel::root())
    for (const std::string& w : warnings_) std::fprintf(stderr, "ishydro: warning: %s\n", w.c_str());
}

const std::vector<Simulation::Landing>& Simulation::output_schedule(double end) {
  // Kept between calls: an advance after the first allocates nothing (its capacity suffices).
  std::vector<Landing>& times = schedule_;
  times.clear();
  const double close = 1e-12 * std::max(1.0, std::abs(end));
  if (config_.output.every) {
    // Integer multiples of `every`, so a restarted run lands on exactly the same times; the last one
    // is time.end itself when it falls within round-off of it (k * every need not equal end exactly).
    const double every = *config_.output.every;
    // Checked here, where the start is known (a file start): every snapshot is a landing of the step.
    constexpr double kMostSnapshots = 1e6;
    if ((end - time_) / every > kMostSnapshots)
      throw InputError(
          fmt::format("input error: output.every = {}: gives {:.3g} snapshots from t = {} to {} fm "
                      "(at most {:.0g})",
                      every, (end - time_) / every, time_, end, kMostSnapshots));
    for (long k = static_cast<long>(std::ceil(time_ / every - 1e-9));; ++k) {
      const double t = std::abs(k * every - end) <= close ? end : k * every;
      if (t > end) break;
      if (t >= time_ - 1e-12 * std::max(1.0, std::abs(time_))) times.push_back({std::max(t, time_), true});
    }
  } else {
    // Only those up to `end`: an advance to an earlier t_end than time.end lands on t_end itself.
    for (double t : config_.output.times)
      if (t >= time_ && t <= end) times.push_back({t, true});
  }
  // The run lands on time.end in any case; a snapshot there only if one was asked for (docs/input.md).
  if (times.empty() || times.back().time < end) times.push_back({end, false});
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
  return dt;
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
  j["ranks"] = parallel::size();
  j["time_scheme"] = "ETDRK4 (Krogstad's stages, Cox-Matthews' combination), fourth order";
  j["dealiasing"] = config_.numerics.dealiasing == Dealiasing::two_thirds    ? "2/3 rule"
                    : config_.numerics.dealiasing == Dealiasing::exponential ? "exponential filter"
                                                                             : "none";
  // The evolved variables: with a baryon charge also N^t and V^i (docs/problems.md, "Baryon charge").
  j["baryon_charge"] = charge_.charged;
  return j.dump();
}

void Simulation::set_up_outputs() {
  outputs_ = std::make_unique<Outputs>();
  outputs_->dir = output_directory();
  std::filesystem::create_directories(outputs_->dir);
  // A run continued from one of this directory's own checkpoints keeps the outputs of the run it
  // continues up to its start (docs/usage.md); any other run starts them afresh.
  const bool continuing = continues_own_checkpoint(config_, outputs_->dir);
  // --overwrite: the other run's outputs are moved aside, not deleted, until this run has succeeded
  // (finish_outputs): a run that fails leaves them as they were.
  if (!continuing && options_.overwrite) {
    const std::filesystem::path aside = std::filesystem::path(outputs_->dir) / kOverwrittenDir;
    if (parallel::root()) {
      const std::vector<std::string> found = run_outputs_in(outputs_->dir);
      if (!found.empty()) {
        std::filesystem::remove_all(aside);
        std::filesystem::create_directory(aside);
        for (const std::string& name : found)
          std::filesystem::rename(std::filesystem::path(outputs_->dir) / name, aside / name);
        fsutil::fsync_dir(outputs_->dir);
      }
    }
    parallel::barrier();
    outputs_->moved_aside = std::filesystem::is_directory(aside);
  }
#if !H5_VERSION_GE(1, 10, 2)
  // Filtered datasets written by several ranks need parallel HDF5 >= 1.10.2 (collective writes).
  if (parallel::size() > 1 && config_.output.compression > 0)
    throw InputError(fmt::format(
        "input error: output.compression = {}: this HDF5 ({}.{}.{}) cannot write compressed datasets from "
        "several MPI ranks (needs >= 1.10.2); use compression = 0 or one rank",
        config_.output.compression, H5_VERS_MAJOR, H5_VERS_MINOR, H5_VERS_RELEASE));
#endif
  outputs_->snapshots =
      std::make_unique<SnapshotWriter>(outputs_->dir, grid_, config_.resolved_toml, metadata_json(),
                                       continuing ? std::optional<double>(time_) : std::nullopt,
                                       SnapshotFormat{config_.output.float32, config_.output.compression});
  if (config_.output.structure_factors)
    outputs_->structure_factors = std::make_unique<StructureFactorWriter>(
        outputs_->dir, continuing && outputs_->snapshots->continued());
  // One process writes the text outputs; every rank writes its slab of the HDF5 files.
  if (parallel::root())
    outputs_->diagnostics = std::make_unique<DiagnosticsWriter>(
        outputs_->dir + "/diagnostics.csv",
        continuing && outputs_->snapshots->continued() ? std::optional<long>(step_) : std::nullopt,
        charge_.charged);
  if (config_.output.spectra) {
    const int shells = spectral_->shell_count();
    const double dk = spectral_->shell_width();
    outputs_->k.resize(static_cast<std::size_t>(shells));
    for (int m = 0; m < shells; ++m) outputs_->k[static_cast<std::size_t>(m)] = m * dk;
    outputs_->solenoidal.assign(static_cast<std::size_t>(shells), 0.0);
    outputs_->compressive.assign(static_cast<std::size_t>(shells), 0.0);
    if (parallel::root())
      outputs_->spectra = std::make_unique<SpectraWriter>(
          outputs_->dir,
          continuing && outputs_->snapshots->continued() ? std::optional<double>(time_) : std::nullopt);
  }
}

std::vector<SnapshotField> Simulation::snapshot_fields() {
  StateSummary summary;
  const auto pi = rhs_->scratch_fields();
  rhs_->primitives(state_, time_, summary, pi);
  const PrimitiveViews prim = rhs_->primitive_views();
  const auto extra = rhs_->derivative_scratch();
  std::span<double> T = extra[0], p = extra[1];
  for (std::size_t c = 0; c < grid_.cells(); ++c) {
    T[c] = eos_.temperature(prim.e[c]);
    p[c] = eos_.pressure(prim.e[c]);
  }
  std::vector<SnapshotField> fields = {{"e", prim.e},
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
                                       {"pi_zz", pi[5]}};
  if (charge_.charged) add_charge_fields(fields);
  return fields;
}

void Simulation::add_charge_fields(std::vector<SnapshotField>& fields) {
  // The recovery of the snapshot's primitives gave n_B, mu_B and the qgp gas's T(e, n_B)
  // (docs/usage.md, "Fields of a charged run").
  const ChargeViews charge = rhs_->charge_views();
  const std::span<double> T = rhs_->derivative_scratch()[0];  // the "T" field's buffer
  std::copy(charge.T.begin(), charge.T.end(), T.begin());
  fields.insert(fields.end(), {{"nB", charge.nB},
                               {"muB", charge.muB},
                               {"Vx", state_.var(kVx)},
                               {"Vy", state_.var(kVy)},
                               {"Vz", state_.var(kVz)}});
}

void Simulation::finish_outputs(RunResult& result) {
  if (!outputs_ || !outputs_->moved_aside) return;
  outputs_->diagnostics.reset();
  outputs_->snapshots.reset();
  outputs_->structure_factors.reset();
  parallel::barrier();
  const std::filesystem::path dir(outputs_->dir), aside = dir / kOverwrittenDir;
  if (result.exit_status == 0) {
    if (parallel::root()) std::filesystem::remove_all(aside);
  } else if (parallel::root()) {
    // This run failed: the outputs it replaced come back; its own go to failed_run/.
    const std::filesystem::path failed = dir / "failed_run";
    std::filesystem::remove_all(failed);
    std::filesystem::create_directory(failed);
    for (const std::string& name : run_outputs_in(dir)) std::filesystem::rename(dir / name, failed / name);
    for (const std::string& name : run_outputs_in(aside.string()))
      std::filesystem::rename(aside / name, dir / name);
    std::filesystem::remove_all(aside);
    fsutil::fsync_dir(dir.string());
    result.message += fmt::format("; the earlier outputs in {} are kept as they were, this run's are in {}",
                                  dir.string(), failed.string());
  }
  parallel::barrier();
  outputs_->moved_aside = false;
}

void Simulation::keep_checkpoints(long step) const {
  // checkpoint.h5 is the newest; with output.checkpoints_kept = K > 1 each checkpoint is also
  // checkpoint_<step>.h5 (a hard link to the same file), of which the K newest stay.
  if (!parallel::root()) return;
  const std::filesystem::path dir(outputs_->dir);
  const long kept = config_.output.checkpoints_kept;
  std::error_code ec;
  if (kept > 1) {
    const std::filesystem::path link = dir / fmt::format("checkpoint_{}.h5", step);
    std::filesystem::remove(link, ec);
    std::filesystem::create_hard_link(dir / "checkpoint.h5", link, ec);
    if (ec) std::filesystem::copy_file(dir / "checkpoint.h5", link, ec);
  }
  std::vector<long> steps;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (auto s = kept_checkpoint_step(entry.path().filename().string())) steps.push_back(*s);
  std::sort(steps.begin(), steps.end());
  // Those of steps after this one belong to a run this one continues from an earlier checkpoint.
  std::vector<long> older;
  for (long s : steps)
    if (s > step)
      std::filesystem::remove(dir / fmt::format("checkpoint_{}.h5", s), ec);
    else
      older.push_back(s);
  const std::size_t keep = kept > 1 ? static_cast<std::size_t>(kept) : 0;
  for (std::size_t i = 0; i + keep < older.size(); ++i)
    std::filesystem::remove(dir / fmt::format("checkpoint_{}.h5", older[i]), ec);
}

void Simulation::write_outputs(double time, long step, bool snapshot) {
  ISHYDRO_PROFILE("output");
  if (snapshot) {
    std::vector<SnapshotField> fields = snapshot_fields();
    if (!config_.output.fields.empty())
      std::erase_if(fields, [this](const SnapshotField& f) {
        return std::find(config_.output.fields.begin(), config_.output.fields.end(), f.name) ==
               config_.output.fields.end();
      });
    outputs_->snapshots->write(time, fields);
    if (config_.output.spectra) write_spectra(time);
    if (outputs_->structure_factors) {
      compute_structure_factors(*spectral_, state_, outputs_->shells);
      outputs_->structure_factors->write(time, outputs_->shells);
    }
  }
  // diagnostics.csv first: a run continued from this checkpoint then finds every line up to its step.
  if (outputs_->diagnostics) outputs_->diagnostics->flush();
  write_checkpoint(outputs_->dir + "/checkpoint.h5", grid_, time, step, state_, config_.resolved_toml,
                   metadata_json());
  keep_checkpoints(step);
}

void Simulation::write_spectra(double time) {
  // W = sqrt(e + p) u^i from the primitives of the snapshot just written, into the derivative scratch
  // (free between steps; snapshot_fields held T and p there, already written).
  const PrimitiveViews prim = rhs_->primitive_views();
  const auto w = rhs_->derivative_scratch();
  const double cs2 = eos_.cs2();
  parallel::for_each(grid_.cells(), [&](std::size_t c) {
    const double e = prim.e[c];
    const double weight = std::sqrt(e + cs2 * e);
    w[0][c] = weight * prim.ux[c];
    w[1][c] = weight * prim.uy[c];
    w[2][c] = weight * prim.uz[c];
  });
  std::fill(outputs_->solenoidal.begin(), outputs_->solenoidal.end(), 0.0);
  std::fill(outputs_->compressive.begin(), outputs_->compressive.end(), 0.0);
  const double* fields[3] = {w[0].data(), w[1].data(), w[2].data()};
  spectral_->shell_spectrum(fields, outputs_->solenoidal, outputs_->compressive);
  const int shells = static_cast<int>(outputs_->k.size());
  parallel::sum_in_place(outputs_->solenoidal.data(), shells);
  parallel::sum_in_place(outputs_->compressive.data(), shells);
  const double inv_dk = 1.0 / spectral_->shell_width();
  for (int m = 0; m < shells; ++m) {
    outputs_->solenoidal[static_cast<std::size_t>(m)] *= inv_dk;
    outputs_->compressive[static_cast<std::size_t>(m)] *= inv_dk;
  }
  if (outputs_->spectra)
    outputs_->spectra->write(outputs_->snapshots->count() - 1, time, outputs_->k, outputs_->solenoidal,
                             outputs_->compressive);
}

void Simulation::write_run_info() const {
  // run.json: how this output was made (resolved input, version, build, libraries), atomically.
  nlohmann::json info = nlohmann::json::parse(metadata_json());
  info["resolved_input"] = config_.resolved_toml;
  info["output_dir"] = outputs_->dir;  // as used: absolute, after --output and the paths rule
  info["warnings"] = warnings_;
  const std::string path = outputs_->dir + "/run.json";
  fsutil::write_file_atomically(path, info.dump(2) + "\n");
}

bool Simulation::checkpoint_due(CheckpointClock& clock) const {
  bool due = false;
  if (time_ >= clock.next_time) {
    due = true;
    // The next multiple after now, in one step: a step can pass very many multiples (or `every` can
    // be below the time's ulp), which adding `every` one at a time would loop over for ever.
    const double every = *config_.output.checkpoint_every;
    clock.next_time = (std::floor(time_ / every) + 1) * every;
    if (!(clock.next_time > time_)) clock.next_time = std::nextafter(time_, INFINITY);
  }
  if (config_.output.checkpoint_every_steps &&
      step_ - clock.last_step >= *config_.output.checkpoint_every_steps)
    due = true;
  if (config_.output.checkpoint_every_minutes &&
      std::chrono::duration<double>(std::chrono::steady_clock::now() - clock.last_wall).count() >=
          60.0 * *config_.output.checkpoint_every_minutes)
    due = true;
  // Wall clocks differ between ranks: checkpoint when any rank says so (all must write together).
  if (config_.output.checkpoint_every_minutes) due = parallel::max(due ? 1.0 : 0.0) > 0;
  return due;
}

double Simulation::step_towards(double target, bool& landing, const StateSummary& summary) const {
  double dt = stable_dt(summary);
  const double remaining = target - time_;
  landing = false;
  if (dt >= remaining * (1 - 1e-12)) {
    landing = true;
    return remaining;
  }
  if (dt > 0.5 * remaining) return 0.5 * remaining;  // two even steps rather than one long and one tiny
  return dt;
}

void Simulation::regulate(double time, StateSummary& summary) {
  const long changed = rhs_->regulate(state_, config_.numerics.regulator_max);
  // The stored right-hand side was of the unregulated state: evaluate it again (only when needed).
  if (changed > 0) integrator_->begin(*rhs_, state_, time, summary);
  summary.regulated_cells = changed;
}

RunResult Simulation::run() {
  const auto wall_start = std::chrono::steady_clock::now();
  Profiler& profiler = Profiler::instance();
  profiler.reset();
  profiler.enable(config_.output.profile);
  output_schedule(config_.time.end);  // before any output exists (it may refuse)
  if (options_.write_outputs) {
    install_stop_handlers();  // first: a signal during the set-up is then a clean stop at step 0
    set_up_outputs();
    if (parallel::root()) write_run_info();
  }
  const std::uint64_t ffts_before = spectral_->forward_count() + spectral_->inverse_count();
  const std::uint64_t allocations_before = allocations_stepping_;
  RunResult result = advance(config_.time.end, config_.time.max_steps);
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  if (options_.write_outputs && config_.output.profile && parallel::root())
    write_profile(result, allocations_stepping_ - allocations_before,
                  spectral_->forward_count() + spectral_->inverse_count() - ffts_before);
  if (options_.write_outputs) finish_outputs(result);
  profiler.enable(false);
  return result;
}

void Simulation::evaluate_current_state(RunResult& result) {
  {
    ISHYDRO_PROFILE("right-hand side");
    integrator_->begin(*rhs_, state_, time_, summary_);
  }
  rhs_current_ = true;
  result.initial_total_T00 = summary_.total_Ttnu[0];
  if (options_.write_outputs && outputs_ && outputs_->diagnostics && !outputs_->diagnostics->holds(step_))
    outputs_->diagnostics->write(step_, time_, 0.0, summary_);
}

RunResult Simulation::advance(double t_end, long max_steps) {
  RunResult result;
  const auto wall_start = std::chrono::steady_clock::now();
  if (options_.write_outputs && !outputs_) {
    install_stop_handlers();
    set_up_outputs();
    if (parallel::root()) write_run_info();
  }
  const bool write = options_.write_outputs;
  // Landings after the current time only, once the current state has been reported (an earlier
  // advance ended here and wrote what was due).
  const std::vector<Landing>& schedule = output_schedule(t_end);
  std::size_t next_output = 0;
  const bool first = !rhs_current_;
  StateSummary& summary = summary_;
  double attempted_dt = 0;  // the dt of the step being taken (0 while the initial state is evaluated)
  const long first_step = step_;
  Progress progress(time_, t_end, parallel::root() ? options_.verbosity : Verbosity::quiet);
  CheckpointClock clock;
  clock.last_step = step_;
  clock.last_wall = wall_start;
  if (config_.output.checkpoint_every)
    clock.next_time =
        (std::floor(time_ / *config_.output.checkpoint_every) + 1) * *config_.output.checkpoint_every;
  auto at_output = [&] {
    return std::abs(time_ - schedule[next_output].time) <= 1e-12 * std::max(1.0, std::abs(time_));
  };
  try {
    if (first) evaluate_current_state(result);
    result.initial_total_T00 = summary.total_Ttnu[0];
    if (next_output < schedule.size() && at_output()) {
      if (write && first) write_outputs(time_, step_, schedule[next_output].snapshot);
      ++next_output;
    }
    while (next_output < schedule.size() && time_ < t_end) {
      if (max_steps > 0 && step_ - first_step >= max_steps) {
        // The run ends here: checkpoint.h5 holds this last state (docs/usage.md: "at the end").
        if (write) write_outputs(time_, step_, false);
        break;
      }
      // Collective: a signal reaches the ranks at slightly different moments.
      if (parallel::max(stop_requested() ? 1.0 : 0.0) > 0) {
        result.exit_status = kExitInterrupted;
        // The signal as the rank that received it saw it (under MPI it may be another rank).
        const int signal = static_cast<int>(parallel::max(static_cast<double>(std::max(stop_signal(), 0))));
        result.message = fmt::format("stopped by signal {} at step {}, t = {:.10g} fm; checkpoint written",
                                     signal, step_, time_);
        if (write) write_outputs(time_, step_, false);
        result.reports = parallel::root();
        break;
      }
      const std::uint64_t alloc_before = heap_allocations();
      bool landing = false;
      const double target = schedule[next_output].time;
      const double dt = step_towards(target, landing, summary);
      attempted_dt = dt;
      const double new_time = landing ? target : time_ + dt;
      // A step below the clock's round-off would leave t in place (or move it by whole ulps).
      if (!(new_time > time_) || dt < 1e-12 * std::abs(time_))
        throw PhysicsError(
            fmt::format("the time step dt = {:.3g} fm is below the round-off of t = {:.10g} fm "
                        "(dt >= 1e-12 |t| is needed; enlarge dt or move the time origin)",
                        dt, time_),
            parallel::root() ? std::array<int, 3>{0, 0, 0} : std::array<int, 3>{-1, -1, -1}, kExitRuntime);
      {
        ISHYDRO_PROFILE("step");
        if (noise_) noise_->set_step(step_);
        integrator_->advance(*rhs_, state_, time_, dt);
        // Validate U_{n+1} by evaluating its right-hand side (the first stage of the next step):
        // on failure the state still holds the last good U_n.
        ISHYDRO_PROFILE("right-hand side");
        integrator_->begin(*rhs_, integrator_->candidate(), new_time, summary);
        integrator_->accept(state_);
        if (config_.numerics.regulator) regulate(new_time, summary);
      }
      time_ = new_time;
      ++step_;
      allocations_stepping_ += heap_allocations() - alloc_before;
      progress.update(step_, time_, dt);
      if (!write) {
        if (landing) ++next_output;
        continue;
      }
      if (outputs_->diagnostics) outputs_->diagnostics->write(step_, time_, dt, summary);
      const bool checkpoint = checkpoint_due(clock);
      if (landing || checkpoint) {
        write_outputs(time_, step_, landing && schedule[next_output].snapshot);
        clock.last_step = step_;
        clock.last_wall = std::chrono::steady_clock::now();
      }
      if (landing) ++next_output;
    }
  } catch (const PhysicsError& err) {
    result.exit_status = err.status;
    result.reports = err.cell[0] >= 0;  // the rank that holds the bad cell
    result.message = fmt::format(
        "stopped in step {}, from t = {:.10g} fm with dt = {:.4g} fm: {}; the last good state (t = {:.10g} "
        "fm, "
        "step {}) is in checkpoint.h5 and the last snapshot of fields.h5",
        step_ + 1, time_, attempted_dt, err.what(), time_, step_);
    if (std::string(err.what()).find("|v| >= 1") != std::string::npos)
      result.message +=
          ". Likely cause: a wave steepened into gradients the grid cannot resolve; use more points, more "
          "viscosity (transport.eta_over_s) or the smoother exponential filter (numerics.dealiasing = "
          "\"exponential\"); see docs/usage.md, \"When a run stops\"";
    if (write) write_outputs(time_, step_, true);
  }
  progress.finish();
  result.steps = step_;
  result.time = time_;
  result.final_total_T00 = summary.total_Ttnu[0];
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  result.planning_seconds = planning_seconds_;
  result.output_dir = outputs_ ? outputs_->dir : "";
  return result;
}

void Simulation::write_profile(const RunResult& result, std::uint64_t allocations, std::uint64_t ffts) const {
  nlohmann::json report = nlohmann::json::parse(metadata_json());
  report["phases"] = Profiler::instance().tree();
  report["steps"] = result.steps;
  report["wall_seconds"] = result.wall_seconds;
  report["planning_seconds"] = planning_seconds_;
  report["fft_count"] = ffts;
  report["ffts_per_rhs"] = rhs_->ffts_per_evaluation();
  report["heap_allocations_while_stepping"] = allocations;
  report["arena_bytes"] = arena_.bytes();
  report["arena_bytes_by_purpose"] = arena_.bytes_by_purpose();
  report["bytes_per_cell"] = static_cast<double>(arena_.bytes()) / grid_.cells();
  report["peak_resident_bytes"] = peak_resident_bytes();
  fsutil::write_file_atomically(outputs_->dir + "/profile.json", report.dump(2) + "\n");
}

}  // namespace ishydro
