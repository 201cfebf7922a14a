// The command line on bad input and on an unphysical state (docs/usage.md): one line on stderr naming
// what is wrong, a documented exit status, no partial output for bad input, and the last good state
// written before stopping on an unphysical one.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "io/checkpoint.hpp"
#include "io/io_test_util.hpp"
#include "problems/state_file.hpp"
#include "support/command.hpp"

namespace ishydro {
namespace {

using testing::CommandResult;
using testing::run_command;
using testing::TempDir;

std::string input_file(const TempDir& dir, const std::string& body) {
  const std::string path = dir.file("input.toml");
  std::ofstream(path) << body << "[output]\ndir = \"" << dir.file("out") << "\"\n";
  return path;
}

TEST(Faults, BadInputExitsWithOneLineAndWritesNothing) {
  const char* cases[][2] = {
      {"[grid]\npoints = [8, 1, 1]\nsize = [1.0, 1.0, 1.0]\n[time]\nend = 1.0\n[initial]\nkind = "
       "\"sound_wave\"\n"
       "e0 = -1.0\n",
       "initial.e0"},
      {"[grid]\npoints = [8, 1, 1]\nsize = [1.0, 1.0, 1.0]\n[time]\nend = 1.0\n[transport]\neta_ovre_s = "
       "0.1\n"
       "[initial]\nkind = \"sound_wave\"\n",
       "eta_over_s"},
      {"[grid]\npoints = [8, 1, 1]\nsize = [1.0, 1.0, 1.0]\n[time]\nend = 1.0\n[eos]\nkind = \"ideal\"\ncs2 "
       "= 1.5\n"
       "[initial]\nkind = \"sound_wave\"\n",
       "eos.cs2"},
      {"[grid]\npoints = [8, 1, 1]\nsize = [1.0, 1.0, 1.0]\n[time]\nend = 1.0\n[transport]\neta_over_s = "
       "0.1\n"
       "tau_pi_coeff = 1.0\n[initial]\nkind = \"sound_wave\"\n",
       "tau_pi_coeff"},
      {"[grid]\npoints = [8, 1, 1]\nsize = [1.0, 1.0, 1.0]\n[time]\nend = 1.0\n[initial]\nkind = \"file\"\n"
       "path = \"/nonexistent/state.h5\"\n",
       "initial.path"},
      // No (e, v) reproduces this T^{t nu}: e0 + Pi < 0 (eq. 16).
      {"[grid]\npoints = [8, 1, 1]\nsize = [1.0, 1.0, 1.0]\n[time]\nend = 1.0\n[initial]\nkind = "
       "\"uniform\"\n"
       "e0 = 1.0\nPi = -5.0\n",
       "initial.kind = \"uniform\" gives an unphysical initial state"},
  };
  for (const auto& c : cases) {
    TempDir dir;
    const CommandResult r = run_command(std::string(ISHYDRO_BINARY) + " run " + input_file(dir, c[0]));
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_NE(r.output.find(c[1]), std::string::npos) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    EXPECT_FALSE(std::filesystem::exists(dir.file("out"))) << c[1];
  }
}

// A bad command line is bad input too (docs/usage.md): exit status 1 and one line naming the option.
TEST(Faults, BadCommandLineExitsWithOneLine) {
  TempDir dir;
  const std::string input = input_file(dir,
                                       "[grid]\npoints = [8, 1, 1]\nsize = [1.0, 1.0, 1.0]\n[time]\nend = "
                                       "0.1\n[initial]\nkind = \"sound_wave\"\n");
  const std::string bin = ISHYDRO_BINARY;
  const std::string cases[][2] = {
      {bin + " frobnicate", "frobnicate"},
      {bin + " run", "INPUT"},
      {bin + " run " + input + " --threads 0", "--threads"},
      {bin + " run " + input + " --threads 100000", "--threads 100000: must be at most"},
      {bin + " run " + input + " --output ''", "--output"},
      {bin + " run " + input + " --quiet --verbose", "--verbose"},
      {bin + " bench --grid 8 8 --steps 1", "--grid"},
  };
  for (const auto& c : cases) {
    const CommandResult r = run_command(c[0]);
    EXPECT_EQ(r.status, 1) << c[0] << ": " << r.output;
    EXPECT_NE(r.output.find(c[1]), std::string::npos) << c[0] << ": " << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << c[0] << ": " << r.output;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("out")));
}

// `ishydro bench --grid` obeys the rules of [grid] points (docs/input.md): an odd axis once reached
// FFTW's planner, which cannot plan some odd r2c sizes without buffering, and failed with its message.
TEST(Faults, BenchRefusesABadGridWithTheRuleBroken) {
  const char* cases[][2] = {
      {"16 16 17", "axis z has 17 points"},
      {"0 8 8", "axis x has 0 points"},
      {"8 -4 8", "axis y has -4 points"},
  };
  for (const auto& c : cases) {
    const CommandResult r =
        run_command(std::string(ISHYDRO_BINARY) + " bench --steps 1 --threads 1 --grid " + c[0]);
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_NE(r.output.find(std::string("--grid ") + c[0]), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(c[1]), std::string::npos) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  }
}

TEST(Faults, UnphysicalStateStopsWithWhereAndWhenAfterWritingLastGoodState) {
  // An undamped, undealiased sound wave of amplitude 0.9 steepens into a shock; without viscosity
  // the spectral solution overshoots until a cell reaches |v| >= 1.
  TempDir dir;
  const std::string input =
      input_file(dir,
                 "[grid]\npoints = [32, 1, 1]\nsize = [1.0, 1.0, 1.0]\n[time]\nend = 20.0\n"
                 "[initial]\nkind = \"sound_wave\"\ne0 = 1.0\namplitude = 0.9\n"
                 "[numerics]\ndealiasing = \"none\"\nplan_rigor = \"estimate\"\n");
  const CommandResult r = run_command(std::string(ISHYDRO_BINARY) + " run " + input + " --threads 1 --quiet");
  EXPECT_EQ(r.status, 3) << r.output;
  for (const char* piece : {"step", "t = ", "cell (", "x = (", "T_tt = ", "checkpoint.h5"})
    EXPECT_NE(r.output.find(piece), std::string::npos) << piece << " in " << r.output;
  GridConfig gc;
  gc.points = {32, 1, 1};
  gc.size = {1.0, 1.0, 1.0};
  const StateFile last = read_state_file(dir.file("out/checkpoint.h5"), Grid::from_config(gc));
  EXPECT_GT(last.time, 0.0);
  EXPECT_LT(last.time, 20.0);
}

}  // namespace
}  // namespace ishydro
