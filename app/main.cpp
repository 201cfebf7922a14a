// The ishydro command (docs/usage.md "Command line"). Exit status: 0 success, 1 bad input,
// 2 runtime error (I/O, resources), 3 unphysical state (docs/usage.md).
#include <fmt/format.h>
#include <omp.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>

#include "app/bench.hpp"
#include "config/config.hpp"
#include "config/config_sections.hpp"
#include "hydro/physics_error.hpp"
#include "ishydro/version.hpp"
#include "parallel/comm.hpp"
#include "problems/registry.hpp"
#include "run/resources.hpp"
#include "run/resume.hpp"
#include "run/simulation.hpp"

namespace {
void print_summary(const ishydro::RunResult& r) {
  const double drift = r.initial_total_T00 != 0
                           ? (r.final_total_T00 - r.initial_total_T00) / std::abs(r.initial_total_T00)
                           : 0.0;
  std::fprintf(stderr,
               "ishydro: done: %ld steps to t = %.6g fm in %.3f s (%.3g s/step); total T^00 changed by %.3g "
               "(relative); output in %s\n",
               r.steps, r.time, r.wall_seconds, r.steps ? r.wall_seconds / r.steps : 0.0, drift,
               r.output_dir.c_str());
}
void print_dry_run(const ishydro::Simulation& sim) {
  const ishydro::MemoryNeed& m = sim.memory();
  const auto available = ishydro::available_memory();
  const long steps = ishydro::estimated_steps(sim.config(), sim.grid(), sim.start_time());
  const auto out = ishydro::estimated_output_bytes(sim.config(), sim.grid(), sim.start_time(), steps);
  const int ranks = ishydro::parallel::size();
  using ishydro::format_bytes;
  std::printf("input valid: %d x %d x %d points, t = %.6g to %.6g fm, %d rank(s), %d thread(s)\n",
              sim.grid().n[0], sim.grid().n[1], sim.grid().n[2], sim.start_time(), sim.config().time.end,
              ranks, sim.threads());
  std::printf(
      "memory per rank: %s (fields %s, FFTW %s, MPI buffers %s, other %s)\n",
      format_bytes(static_cast<double>(m.total())).c_str(),
      format_bytes(static_cast<double>(m.arena)).c_str(), format_bytes(static_cast<double>(m.fftw)).c_str(),
      format_bytes(static_cast<double>(m.mpi)).c_str(), format_bytes(static_cast<double>(m.other)).c_str());
  if (available)
    std::printf("memory available: %s (%s)%s\n", format_bytes(static_cast<double>(available->bytes)).c_str(),
                available->source.c_str(),
                m.total() * static_cast<std::uint64_t>(ishydro::ranks_on_this_node()) > available->bytes
                    ? ": NOT ENOUGH, the run would be refused"
                    : "");
  std::printf("steps (estimated): %s%ld\n", sim.config().time.dt ? "" : "at most about ", steps);
  std::printf("outputs: %s in %s\n", format_bytes(static_cast<double>(out)).c_str(),
              sim.output_directory().c_str());
}
// Limits the parser cannot express: thread counts beyond what could help (8 per core this process may
// use, at least 64) only exhaust the system (libgomp crashed at 65536), and an empty --output.
void check_command_line(int run_threads, const ishydro::BenchOptions& bench, const std::string& output_dir,
                        bool output_given) {
  const int cores = omp_get_num_procs();
  const int most = std::max(64, 8 * cores);
  for (int t : {run_threads, bench.threads})
    if (t > most)
      throw ishydro::InputError(
          fmt::format("input error: --threads {}: must be at most {} (8 x the {} cores this process may use, "
                      "at least 64)",
                      t, most, cores));
  if (output_given && output_dir.empty())
    throw ishydro::InputError("input error: --output \"\": must name a directory");
}
}  // namespace

int main(int argc, char** argv) {
  // Threads that sleep rather than spin while they wait (docs/usage.md, "Threads"). libgomp read its
  // settings when it was loaded: the program runs itself again with the policy set (once: the
  // variable is then set). If that fails it goes on with the runtime's own policy.
  if (ishydro::set_passive_wait_policy()) execv("/proc/self/exe", argv);
  CLI::App app{"ishydro: second-order (Israel-Stewart) relativistic viscous hydrodynamics, pseudo-spectral"};
  app.set_version_flag("--version",
                       std::string("ishydro ") + ishydro::kVersion + " (" + ishydro::kGitCommit + ")");
  app.require_subcommand(1);

  std::string input;
  std::string output_dir;
  int threads = 0;
  auto* run = app.add_subcommand("run", "run the simulation an input file describes");
  run->add_option("INPUT", input, "input file (TOML)")->required();
  run->add_option("--output", output_dir, "output directory (overrides output.dir)");
  run->add_option("--threads", threads, "threads (default: one per core, at most one per 32^3 cells)")
      ->check(CLI::Range(1, 1 << 20));
  bool quiet = false, verbose = false, overwrite = false, dry_run = false;
  auto* quiet_flag = run->add_flag("--quiet,-q", quiet, "no progress line and no summary (errors only)");
  run->add_flag("--verbose,-v", verbose, "a log line every step")->excludes(quiet_flag);
  run->add_flag("--overwrite", overwrite,
                "replace another run's outputs in the output directory (kept until this run succeeds)");
  run->add_flag("--dry-run", dry_run,
                "validate the input and print the memory, steps and output size; allocate and write nothing");

  std::string resume_dir;
  std::optional<double> resume_end;
  auto* resume = app.add_subcommand("resume", "continue the run in DIR from its checkpoint");
  resume->add_option("DIR", resume_dir, "output directory of the run")->required();
  resume->add_option("--end", resume_end, "end time (default: the run's own time.end)");
  resume->add_option("--threads", threads, "threads (default: as the run recorded in run.json)")
      ->check(CLI::Range(1, 1 << 20));
  bool resume_quiet = false;
  resume->add_flag("--quiet,-q", resume_quiet, "no progress line and no summary (errors only)");

  ishydro::BenchOptions bench_options;
  auto* bench = app.add_subcommand("bench", "time the full time step on a standard problem");
  bench->add_option("--grid", bench_options.grid, "grid points NX NY NZ (each 1 or even)")
      ->capture_default_str();
  bench
      ->add_option("--box", bench_options.box,
                   "box lengths LX LY LZ in fm (with --noise, cells of ~2 fm keep the fluctuations of e "
                   "small: e.g. --grid 48 48 48 --box 96 96 96)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  bench->add_option("--steps", bench_options.steps, "steps to time")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  bench->add_option("--threads", bench_options.threads, "threads (default: all cores)")
      ->check(CLI::Range(1, 1 << 20));
  bench->add_flag("--json", bench_options.json, "print the report as JSON");
  bench->add_flag("--noise", bench_options.noise, "the same problem with thermal noise ([noise] enabled)");
  bench->add_flag("--charged", bench_options.charged,
                  "the same problem with a baryon charge (qgp gas, an n_B wave, baryon diffusion)");
  bench->add_option("--eos", bench_options.eos, "the standard problem's equation of state")
      ->check(CLI::IsMember({"conformal", "hotqcd"}))
      ->capture_default_str();

  ishydro::parallel::initialize(&argc, &argv);
  struct Finalize {
    ~Finalize() { ishydro::parallel::finalize(); }
  } finalize_at_exit;
  const bool root = ishydro::parallel::root();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return root ? app.exit(e) : 0;  // --help, --version
    // Bad command line: one line and exit status 1, as for bad input (docs/usage.md). CLI11 reports an
    // unknown command as a missing one: name it.
    const bool unknown_command = argc > 1 && argv[1][0] != '-' && std::string(argv[1]) != "run" &&
                                 std::string(argv[1]) != "bench" && std::string(argv[1]) != "resume";
    if (root && unknown_command)
      std::fprintf(stderr,
                   "ishydro: unknown command '%s': the commands are run, resume and bench (ishydro --help)\n",
                   argv[1]);
    else if (root)
      std::fprintf(stderr, "ishydro: %s (ishydro --help lists the commands and options)\n", e.what());
    return ishydro::kExitInput;
  }

  try {
    check_command_line(threads, bench_options, output_dir, *run && run->count("--output") > 0);
    if (*bench) return ishydro::run_bench(bench_options);
    ishydro::RunOptions options;
    ishydro::RunConfig config;
    if (*resume) {
      ishydro::ResumePlan plan = ishydro::plan_resume(resume_dir, resume_end);
      config = std::move(plan.config);
      options.output_dir = plan.dir;
      // The thread count of the run (bit for bit needs the same), unless --threads says otherwise.
      options.threads = threads > 0 ? threads : plan.threads;
      quiet = resume_quiet;
    } else {
      config = ishydro::parse_config_file(input);
      // Paths (docs/usage.md, "Paths"): a relative path in the input file is relative to the input
      // file's folder (initial.path and output.dir alike); one on the command line (--output) to the
      // working directory. The resolved input records the directory used, absolute.
      namespace fs = std::filesystem;
      const fs::path dir = !output_dir.empty() ? fs::path(output_dir)
                           : fs::path(config.output.dir).is_relative()
                               ? fs::absolute(input).parent_path() / config.output.dir
                               : fs::path(config.output.dir);
      config.output.dir = fs::absolute(dir).lexically_normal().string();
      config.resolved_toml = ishydro::write_resolved_toml(config);
      options.output_dir = config.output.dir;
      options.threads = threads;
      options.overwrite = overwrite;
      options.dry_run = dry_run;
    }
    ishydro::Simulation sim(std::move(config), options);
    if (options.dry_run) {
      if (root) print_dry_run(sim);
      return 0;
    }
    const ishydro::RunResult result = sim.run();
    if (result.exit_status != 0) {
      if (result.reports) std::fprintf(stderr, "ishydro: %s\n", result.message.c_str());
      return result.exit_status;
    }
    if (!quiet && root) print_summary(result);
    return 0;
  } catch (const ishydro::InputError& err) {
    // Every rank validates the same input: one of them says so.
    if (root) std::fprintf(stderr, "ishydro: %s\n", err.what());
    return ishydro::kExitInput;
  } catch (const ishydro::ResourceError& err) {
    // Every rank computes the same need: one of them says so.
    if (root) std::fprintf(stderr, "ishydro: %s\n", err.what());
    return ishydro::kExitRuntime;
  } catch (const ishydro::PhysicsError& err) {
    if (err.what()[0] != '\0') std::fprintf(stderr, "ishydro: %s\n", err.what());
    return err.status;
  } catch (const std::exception& err) {
    std::fprintf(stderr, "ishydro: error: %s\n", err.what());
    // One rank failing alone (I/O, memory) would leave the others waiting in a collective.
    ishydro::parallel::abort(ishydro::kExitRuntime);
    return ishydro::kExitRuntime;
  }
}
