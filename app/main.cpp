// The ishydro command (docs/usage.md "Command line"). Exit status: 0 success, 1 bad input,
// 2 runtime error (I/O, resources), 3 unphysical state (docs/usage.md).
#include <fmt/format.h>
#include <omp.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <string>

#include "app/bench.hpp"
#include "config/config.hpp"
#include "hydro/physics_error.hpp"
#include "ishydro/version.hpp"
#include "parallel/comm.hpp"
#include "problems/registry.hpp"
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
  run->add_option("--threads", threads, "threads (default: all cores)")->check(CLI::Range(1, 1 << 20));
  bool quiet = false, verbose = false;
  auto* quiet_flag = run->add_flag("--quiet,-q", quiet, "no progress line and no summary (errors only)");
  run->add_flag("--verbose,-v", verbose, "a log line every step")->excludes(quiet_flag);

  ishydro::BenchOptions bench_options;
  auto* bench = app.add_subcommand("bench", "time the full time step on a standard problem");
  bench->add_option("--grid", bench_options.grid, "grid points NX NY NZ (each 1 or even)")
      ->capture_default_str();
  bench->add_option("--steps", bench_options.steps, "steps to time")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  bench->add_option("--threads", bench_options.threads, "threads (default: all cores)")
      ->check(CLI::Range(1, 1 << 20));
  bench->add_flag("--json", bench_options.json, "print the report as JSON");
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
    const bool unknown_command =
        argc > 1 && argv[1][0] != '-' && std::string(argv[1]) != "run" && std::string(argv[1]) != "bench";
    if (root && unknown_command)
      std::fprintf(stderr, "ishydro: unknown command '%s': the commands are run and bench (ishydro --help)\n",
                   argv[1]);
    else if (root)
      std::fprintf(stderr, "ishydro: %s (ishydro --help lists the commands and options)\n", e.what());
    return ishydro::kExitInput;
  }

  try {
    check_command_line(threads, bench_options, output_dir, *run && run->count("--output") > 0);
    if (*bench) return ishydro::run_bench(bench_options);
    ishydro::RunConfig config = ishydro::parse_config_file(input);
    ishydro::RunOptions options;
    if (!output_dir.empty()) options.output_dir = output_dir;
    options.threads = threads;
    options.verbosity = quiet     ? ishydro::Verbosity::quiet
                        : verbose ? ishydro::Verbosity::verbose
                                  : ishydro::Verbosity::normal;
    ishydro::Simulation sim(std::move(config), options);
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
