// Restarts and robustness of a run (docs/usage.md):
// - a run to t and a run to t/2 restarted from its checkpoint to t give bit-identical fields.h5
//   datasets (the right-hand side is a pure function of the stored state and dt depends only on the
//   state and the output times, so nothing but the state needs to travel);
// - writing snapshots does not perturb the solution (bit-identical to a run without them);
// - a process killed with SIGKILL leaves a readable, restartable checkpoint;
// - SIGTERM finishes the step, writes a checkpoint and exits with status 4.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "io/checkpoint.hpp"
#include "io/io_test_util.hpp"
#include "problems/registry.hpp"
#include "problems/state_file.hpp"
#include "support/run_helpers.hpp"

namespace ishydro {
namespace {

using testing::TempDir;

RunConfig viscous_wave(const std::string& dir, double end, std::vector<double> times) {
  RunConfig cfg = testing::base_config({32, 16, 1}, {4.0, 2.0, 1.0}, end);
  cfg.initial = make_initial("sound_wave");
  cfg.initial.values["e0"] = 4.0;
  cfg.initial.values["amplitude"] = 0.2;
  cfg.initial.values["mode"] = std::vector<long long>{1, 1, 0};
  cfg.transport.eta_over_s = 0.2;
  cfg.transport.zeta_over_s = 0.05;
  cfg.transport.second_order = "dnmr";
  cfg.transport.terms = all_second_order_terms();
  cfg.output.dir = dir;
  cfg.output.times = std::move(times);
  return cfg;
}

RunResult run_in_process(const RunConfig& cfg) { return testing::run_with_outputs(cfg); }

constexpr const char* kFields[] = {"e", "ux", "uy", "uz", "Pi", "pi_xx", "pi_xy", "pi_yy", "pi_zz"};

bool bit_identical(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

TEST(Restart, HalfRunRestartedIsBitIdenticalToFullRun) {
  TempDir full, half, rest;
  ASSERT_EQ(run_in_process(viscous_wave(full.path().string(), 1.0, {0.5, 1.0})).exit_status, 0);
  ASSERT_EQ(run_in_process(viscous_wave(half.path().string(), 0.5, {0.5})).exit_status, 0);
  RunConfig cont = viscous_wave(rest.path().string(), 1.0, {1.0});
  cont.initial = make_initial("file");
  cont.initial.values["path"] = std::string(half.file("checkpoint.h5"));
  cont.time.start_given = false;
  const RunResult r = run_in_process(cont);
  ASSERT_EQ(r.exit_status, 0) << r.message;
  for (const char* field : kFields)
    EXPECT_TRUE(bit_identical(testing::h5_snapshot_field(full.file("fields.h5"), 1, field),
                              testing::h5_snapshot_field(rest.file("fields.h5"), 0, field)))
        << field;
}

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Continued from its own directory's checkpoint (docs/usage.md), a run keeps the snapshots and
// diagnostics lines before its start and writes the rest: fields.h5 and diagnostics.csv end up as the
// uninterrupted run's.
TEST(Restart, ContinuingInTheSameDirectoryKeepsTheEarlierOutputs) {
  TempDir full, part;
  const std::vector<double> times = {0.25, 0.5, 0.75, 1.0};
  ASSERT_EQ(run_in_process(viscous_wave(full.path().string(), 1.0, times)).exit_status, 0);
  ASSERT_EQ(run_in_process(viscous_wave(part.path().string(), 0.5, {0.25, 0.5})).exit_status, 0);
  RunConfig cont = viscous_wave(part.path().string(), 1.0, times);
  cont.initial = make_initial("file");
  cont.initial.values["path"] = std::string(part.file("checkpoint.h5"));
  cont.time.start_given = false;
  const RunResult r = run_in_process(cont);
  ASSERT_EQ(r.exit_status, 0) << r.message;
  for (int s = 0; s < 4; ++s)
    for (const char* field : kFields)
      EXPECT_TRUE(bit_identical(testing::h5_snapshot_field(full.file("fields.h5"), s, field),
                                testing::h5_snapshot_field(part.file("fields.h5"), s, field)))
          << "snapshot " << s << " " << field;
  const hid_t f = H5Fopen(part.file("fields.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_EQ(H5Lexists(f, "snapshot_000004", H5P_DEFAULT), 0);
  H5Fclose(f);
  EXPECT_EQ(file_text(part.file("diagnostics.csv")), file_text(full.file("diagnostics.csv")));
  EXPECT_EQ(file_text(part.file("fields.xdmf")), file_text(full.file("fields.xdmf")));
}

// A diagnostics.csv cut off inside a line (a run killed while writing it) is kept only up to its last
// whole line of consecutive steps: the continued file has every step once, each line whole.
TEST(Restart, ContinuingKeepsOnlyWholeConsistentOutputs) {
  TempDir full, part;
  const std::vector<double> times = {0.25, 0.5, 0.75, 1.0};
  ASSERT_EQ(run_in_process(viscous_wave(full.path().string(), 1.0, times)).exit_status, 0);
  ASSERT_EQ(run_in_process(viscous_wave(part.path().string(), 0.5, {0.25, 0.5})).exit_status, 0);
  std::string diagnostics = file_text(part.file("diagnostics.csv"));
  diagnostics.resize(diagnostics.size() - 20);  // the last line cut off
  std::ofstream(part.file("diagnostics.csv"), std::ios::trunc) << diagnostics;
  RunConfig cont = viscous_wave(part.path().string(), 1.0, times);
  cont.initial = make_initial("file");
  cont.initial.values["path"] = std::string(part.file("checkpoint.h5"));
  cont.time.start_given = false;
  ASSERT_EQ(run_in_process(cont).exit_status, 0);
  const std::string got = file_text(part.file("diagnostics.csv")),
                    want = file_text(full.file("diagnostics.csv"));
  // Every line of the result is whole and the steps run 0, 1, 2, ... without a gap or a repeat.
  std::istringstream lines(got);
  std::string line;
  std::getline(lines, line);
  for (long step = 0; std::getline(lines, line); ++step) {
    EXPECT_EQ(std::count(line.begin(), line.end(), ','), 20) << line;
    EXPECT_EQ(std::stol(line), step) << line;
  }
  // All but the line of the restart step (written again, with dt 0 as a run's first line) as before.
  EXPECT_EQ(std::count(got.begin(), got.end(), '\n'), std::count(want.begin(), want.end(), '\n'));
}

TEST(Restart, SnapshotsDoNotPerturbTheSolution) {
  // One point along y: also guards against outputs using arrays the solver keeps.
  TempDir many, few;
  RunConfig a = viscous_wave(many.path().string(), 0.6, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6});
  RunConfig b = viscous_wave(few.path().string(), 0.6, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6});
  for (RunConfig* c : {&a, &b}) {
    c->grid.points = {32, 1, 1};
    c->initial.values["mode"] = std::vector<long long>{1, 0, 0};
  }
  b.output.times = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
  ASSERT_EQ(run_in_process(a).exit_status, 0);
  RunOptions opts;
  opts.threads = 1;
  opts.write_outputs = false;
  Simulation sim(b, opts);
  ASSERT_EQ(sim.run().exit_status, 0);
  const testing::Fields f = testing::primitive_fields(sim);
  EXPECT_TRUE(bit_identical(testing::h5_snapshot_field(many.file("fields.h5"), 5, "e"), f.e));
  EXPECT_TRUE(bit_identical(testing::h5_snapshot_field(many.file("fields.h5"), 5, "Pi"), f.Pi));
  EXPECT_TRUE(bit_identical(testing::h5_snapshot_field(many.file("fields.h5"), 5, "pi_xx"), f.pi[0]));
}

// Writes an input file for the command-line tests: checkpoints every step, long enough to be killed.
std::string write_input(const TempDir& dir, double end) {
  const std::string path = dir.file("input.toml");
  std::ofstream(path) << "[grid]\npoints = [64, 64, 1]\nsize = [10.0, 10.0, 1.0]\n"
                      << "[time]\nend = " << end << "\n"
                      << "[transport]\neta_over_s = 0.1\n"
                      << "[initial]\nkind = \"sound_wave\"\ne0 = 5.0\namplitude = 0.1\nmode = [1, 1, 0]\n"
                      << "[output]\ndir = \"" << dir.file("out") << "\"\ntimes = [" << end << "]\n"
                      << "checkpoint_every_steps = 1\n"
                      << "[numerics]\nplan_rigor = \"estimate\"\n";
  return path;
}

pid_t spawn(const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

bool wait_for_file(const std::string& path, double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (std::filesystem::exists(path)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST(Restart, CheckpointSurvivesSigkillAtAnyMoment) {
  for (int delay_ms : {30, 110, 270, 430}) {
    TempDir dir;
    const std::string input = write_input(dir, 50.0);
    const pid_t pid = spawn({ISHYDRO_BINARY, "run", input, "--threads", "1", "--quiet"});
    ASSERT_TRUE(wait_for_file(dir.file("out/checkpoint.h5"), 30.0));
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));
    // The checkpoint is whole: it reads, and a run restarts from it.
    GridConfig gc;
    gc.points = {64, 64, 1};
    gc.size = {10.0, 10.0, 1.0};
    const StateFile state = read_state_file(dir.file("out/checkpoint.h5"), Grid::from_config(gc));
    EXPECT_TRUE(state.conserved);
    RunConfig cont = viscous_wave(dir.file("restart"), state.time + 0.05, {state.time + 0.05});
    cont.grid = gc;
    cont.transport = {};
    cont.transport.eta_over_s = 0.1;
    cont.transport.zeta_over_s = 0.0;
    cont.transport.tau_pi_coeff = 5.0;
    cont.transport.tau_Pi_coeff = 5.0;
    cont.initial = make_initial("file");
    cont.initial.values["path"] = std::string(dir.file("out/checkpoint.h5"));
    cont.time.start_given = false;
    EXPECT_EQ(run_in_process(cont).exit_status, 0) << "killed after " << delay_ms << " ms";
  }
}

TEST(Restart, SigtermWritesCheckpointAndExitsWithStatus4) {
  TempDir dir;
  const std::string input = write_input(dir, 50.0);
  const pid_t pid = spawn({ISHYDRO_BINARY, "run", input, "--threads", "1", "--quiet"});
  ASSERT_TRUE(wait_for_file(dir.file("out/checkpoint.h5"), 30.0));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 4);
  GridConfig gc;
  gc.points = {64, 64, 1};
  gc.size = {10.0, 10.0, 1.0};
  EXPECT_GT(read_state_file(dir.file("out/checkpoint.h5"), Grid::from_config(gc)).time, 0.0);
}

}  // namespace
}  // namespace ishydro
