// When a run writes (docs/usage.md, docs/input.md): snapshots exactly at output.times (or at
// the multiples of output.every), none that was not asked for, the last one at time.end itself when
// the multiples reach it, and checkpoint.h5 at the state where the run ends, also when time.max_steps
// ends it early.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "hydro/physics_error.hpp"
#include "io/checkpoint.hpp"
#include "io/io_test_util.hpp"
#include "problems/registry.hpp"
#include "problems/state_file.hpp"
#include "support/run_helpers.hpp"

namespace ishydro {
namespace {

using testing::TempDir;

RunConfig shear_wave(const std::string& dir, double end) {
  RunConfig cfg = testing::base_config({16, 1, 1}, {4.0, 1.0, 1.0}, end);
  cfg.initial = make_initial("shear_wave");
  cfg.initial.values["e0"] = 2.0;
  cfg.initial.values["amplitude"] = 1e-3;
  cfg.transport.eta_over_s = 0.2;
  cfg.output.dir = dir;
  return cfg;
}

RunResult run(const RunConfig& cfg) { return testing::run_with_outputs(cfg); }

std::vector<double> snapshot_times(const std::string& file) {
  std::vector<double> times;
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  for (int i = 0;; ++i) {
    const std::string name = "snapshot_" + std::string(6 - std::to_string(i).size(), '0') + std::to_string(i);
    if (H5Lexists(f, name.c_str(), H5P_DEFAULT) <= 0) break;
    const hid_t a = H5Aopen_by_name(f, name.c_str(), "time", H5P_DEFAULT, H5P_DEFAULT);
    double t = 0;
    H5Aread(a, H5T_NATIVE_DOUBLE, &t);
    H5Aclose(a);
    times.push_back(t);
  }
  H5Fclose(f);
  return times;
}

TEST(OutputSchedule, SnapshotsOnlyAtTheGivenTimesAndACheckpointAtTheEnd) {
  TempDir dir;
  RunConfig cfg = shear_wave(dir.file("out"), 1.0);
  cfg.output.times = {0.3, 0.7};
  ASSERT_EQ(run(cfg).exit_status, 0);
  EXPECT_EQ(snapshot_times(dir.file("out/fields.h5")), (std::vector<double>{0.3, 0.7}));
  const Grid grid = Grid::decomposed(cfg.grid);
  EXPECT_EQ(read_state_file(dir.file("out/checkpoint.h5"), grid).time, 1.0);
}

TEST(OutputSchedule, AnEmptyTimesArrayWritesNoSnapshot) {
  TempDir dir;
  RunConfig cfg = shear_wave(dir.file("out"), 0.5);
  cfg.output.times = {};
  ASSERT_EQ(run(cfg).exit_status, 0);
  EXPECT_TRUE(snapshot_times(dir.file("out/fields.h5")).empty());
  EXPECT_EQ(read_state_file(dir.file("out/checkpoint.h5"), Grid::decomposed(cfg.grid)).time, 0.5);
}

// 3 * 0.1 = 0.30000000000000004 in doubles: the last multiple is time.end itself.
TEST(OutputSchedule, MultiplesOfEveryEndExactlyAtTheEnd) {
  TempDir dir;
  RunConfig cfg = shear_wave(dir.file("out"), 0.3);
  cfg.output.every = 0.1;
  const RunResult r = run(cfg);
  ASSERT_EQ(r.exit_status, 0);
  const std::vector<double> times = snapshot_times(dir.file("out/fields.h5"));
  ASSERT_EQ(times.size(), 4u);
  EXPECT_EQ(times.back(), 0.3);
  EXPECT_EQ(r.time, 0.3);
}

TEST(OutputSchedule, MaxStepsLeavesTheCheckpointAtTheLastStep) {
  TempDir dir;
  RunConfig cfg = shear_wave(dir.file("out"), 1.0);
  cfg.time.dt = 0.05;
  cfg.time.max_steps = 7;
  cfg.output.every = 0.3;
  const RunResult r = run(cfg);
  ASSERT_EQ(r.exit_status, 0);
  ASSERT_EQ(r.steps, 7);
  const StateFile s = read_state_file(dir.file("out/checkpoint.h5"), Grid::decomposed(cfg.grid));
  EXPECT_EQ(s.step, 7);
  EXPECT_EQ(s.time, r.time);
}

// A checkpoint interval far below the step (here below the time's ulp) checkpoints every step and
// the run still ends (it once looped over every multiple the step had passed).
TEST(OutputSchedule, TinyCheckpointIntervalCheckpointsEveryStepAndEnds) {
  TempDir dir;
  RunConfig cfg = shear_wave(dir.file("out"), 0.1);
  cfg.output.checkpoint_every = 1e-18;
  const RunResult r = run(cfg);
  ASSERT_EQ(r.exit_status, 0);
  EXPECT_EQ(r.time, 0.1);
  EXPECT_EQ(read_state_file(dir.file("out/checkpoint.h5"), Grid::decomposed(cfg.grid)).step, r.steps);
}

// Snapshots so dense that the schedule alone would exhaust memory are refused before any output.
TEST(OutputSchedule, TooManySnapshotsAreRefusedBeforeAnyOutput) {
  TempDir dir;
  RunConfig cfg = shear_wave(dir.file("out"), 0.1);
  cfg.output.every = 1e-12;
  RunOptions opts;
  opts.threads = 1;
  Simulation sim(cfg, opts);
  EXPECT_THROW(sim.run(), InputError);
  EXPECT_FALSE(std::filesystem::exists(dir.file("out")));
}

// A step below the clock's round-off stops the run (it used to leave t in place for ever).
TEST(OutputSchedule, AStepBelowTheClocksRoundOffStopsTheRun) {
  TempDir dir;
  RunConfig cfg = shear_wave(dir.file("out"), 1e6 + 1e-3);
  cfg.time.start = 1e6;
  cfg.time.dt = 1e-12;
  const RunResult r = run(cfg);
  EXPECT_EQ(r.exit_status, kExitRuntime);
  EXPECT_NE(r.message.find("round-off"), std::string::npos) << r.message;
}

}  // namespace
}  // namespace ishydro
