// The workflow of docs/usage.md ("Output directories", "Resume", "Memory", "Warnings", "Paths"): a run
// never replaces another run's outputs unless told, a failing --overwrite run keeps them, resume equals
// an uninterrupted run, the checkpoints kept, the memory refusal before allocating, the warnings.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "io/io_test_util.hpp"
#include "run/resources.hpp"
#include "run/simulation.hpp"
#include "support/command.hpp"
#include "support/run_helpers.hpp"

namespace ishydro {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::read_text;
using testing::run_command;
using testing::TempDir;

const std::string kBinary = ISHYDRO_BINARY;

// A small sound wave with several snapshots; `extra` goes into [output]; `time` replaces [time].
std::string wave_input(const std::string& dir, const std::string& extra = "",
                       const std::string& time = "[time]\nend = 2.0\n") {
  return "[grid]\npoints = [16, 1, 1]\nsize = [1.0, 1.0, 1.0]\n" + time +
         "[transport]\neta_over_s = 0.1\n[initial]\nkind = \"sound_wave\"\ne0 = 1.0\namplitude = 0.01\n"
         "[numerics]\nplan_rigor = \"estimate\"\n[output]\ndir = \"" +
         dir + "\"\ntimes = [0.5, 1.0, 1.5, 2.0]\n" + extra;
}

std::string write_input(const TempDir& tmp, const std::string& name, const std::string& body) {
  const std::string path = tmp.file(name);
  testing::write_text(path, body);
  return path;
}

// Every file of a directory (not its subdirectories) and its bytes.
std::map<std::string, std::string> files_of(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) out[e.path().filename().string()] = read_text(e.path().string());
  return out;
}

// Every dataset under the root and the snapshot groups, as bytes.
std::map<std::string, std::vector<double>> datasets_of(const std::string& path) {
  std::map<std::string, std::vector<double>> out;
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_GE(file, 0) << path;
  H5Ovisit(
      file, H5_INDEX_NAME, H5_ITER_INC,
      [](hid_t obj, const char* name, const H5O_info_t* info, void* data) -> herr_t {
        if (info->type != H5O_TYPE_DATASET) return 0;
        const hid_t d = H5Dopen2(obj, name, H5P_DEFAULT);
        const hid_t s = H5Dget_space(d);
        std::vector<double> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(s)));
        H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
        H5Sclose(s);
        H5Dclose(d);
        (*static_cast<std::map<std::string, std::vector<double>>*>(data))[name] = std::move(v);
        return 0;
      },
      &out);
  H5Fclose(file);
  return out;
}

TEST(Workflow, RunIntoAnotherRunsOutputsIsRefusedAndTouchesNothing) {
  TempDir tmp;
  const std::string out = tmp.file("out");
  const std::string first = write_input(tmp, "first.toml", wave_input(out));
  ASSERT_EQ(run_command(kBinary + " run " + first + " --threads 1 --quiet").status, 0);
  const auto before = files_of(out);
  ASSERT_TRUE(before.count("fields.h5") && before.count("checkpoint.h5") && before.count("run.json"));
  const auto mtime = fs::last_write_time(out + "/fields.h5");

  std::string body = wave_input(out);
  body.replace(body.find("amplitude = 0.01"), 16, "amplitude = 0.02");
  const std::string second = write_input(tmp, "second.toml", body);
  const CommandResult r = run_command(kBinary + " run " + second + " --threads 1 --quiet");
  EXPECT_EQ(r.status, 1) << r.output;
  for (const char* piece : {"holds the outputs of another run", "fields.h5", "--overwrite", "ishydro resume"})
    EXPECT_NE(r.output.find(piece), std::string::npos) << piece << " in " << r.output;
  EXPECT_EQ(files_of(out), before);
  EXPECT_EQ(fs::last_write_time(out + "/fields.h5"), mtime);
  // A dry run says the same.
  EXPECT_EQ(run_command(kBinary + " run " + second + " --dry-run").status, 1);
  EXPECT_EQ(files_of(out), before);

  // --overwrite replaces them, and leaves nothing of the old run behind.
  const CommandResult o = run_command(kBinary + " run " + second + " --threads 1 --quiet --overwrite");
  EXPECT_EQ(o.status, 0) << o.output;
  EXPECT_NE(read_text(out + "/run.json").find("amplitude = 0.02"), std::string::npos);
  EXPECT_FALSE(fs::exists(out + "/.ishydro-overwritten"));
  EXPECT_FALSE(fs::exists(out + "/fields.h5.tmp"));
}

TEST(Workflow, FailingOverwriteKeepsTheEarlierResults) {
  TempDir tmp;
  const std::string out = tmp.file("out");
  ASSERT_EQ(
      run_command(kBinary + " run " + write_input(tmp, "good.toml", wave_input(out)) + " --threads 1 --quiet")
          .status,
      0);
  const auto before = files_of(out);
  // An undamped, undealiased wave of amplitude 0.9 steepens until |v| >= 1 (exit status 3).
  const std::string bad =
      write_input(tmp, "bad.toml",
                  "[grid]\npoints = [32, 1, 1]\nsize = [1.0, 1.0, 1.0]\n[time]\nend = 20.0\n"
                  "[initial]\nkind = \"sound_wave\"\ne0 = 1.0\namplitude = 0.9\n"
                  "[numerics]\ndealiasing = \"none\"\nplan_rigor = \"estimate\"\n[output]\ndir = \"" +
                      out + "\"\n");
  const CommandResult r = run_command(kBinary + " run " + bad + " --threads 1 --quiet --overwrite");
  EXPECT_EQ(r.status, 3) << r.output;
  // The message teaches: the likely cause and the remedies.
  for (const char* piece :
       {"|v| >= 1", "more points", "viscosity", "exponential", "docs/usage.md", "failed_run"})
    EXPECT_NE(r.output.find(piece), std::string::npos) << piece << " in " << r.output;
  EXPECT_EQ(files_of(out), before);
  EXPECT_TRUE(fs::exists(out + "/failed_run/checkpoint.h5"));
  EXPECT_FALSE(fs::exists(out + "/.ishydro-overwritten"));
}

TEST(Workflow, ResumeEqualsAnUninterruptedRun) {
  TempDir tmp;
  const std::string whole = tmp.file("whole"), parts = tmp.file("parts");
  ASSERT_EQ(run_command(kBinary + " run " + write_input(tmp, "whole.toml", wave_input(whole)) +
                        " --threads 1 --quiet")
                .status,
            0);
  // Stopped after 7 steps (between snapshots), then resumed: to t = 1.0 (a snapshot time, where the
  // uninterrupted run lands too; another --end would put a landing of its own in the step sequence),
  // then to the run's own end.
  const CommandResult first = run_command(
      kBinary + " run " +
      write_input(tmp, "parts.toml", wave_input(parts, "", "[time]\nend = 2.0\nmax_steps = 7\n")) +
      " --threads 1 --quiet");
  ASSERT_EQ(first.status, 0) << first.output;
  const CommandResult mid = run_command(kBinary + " resume " + parts + " --end 1.0 --quiet");
  ASSERT_EQ(mid.status, 0) << mid.output;
  const CommandResult rest = run_command(kBinary + " resume " + parts + " --quiet");
  ASSERT_EQ(rest.status, 0) << rest.output;
  // Bit for bit (the doubles compare equal, NaN aside).
  EXPECT_TRUE(datasets_of(parts + "/fields.h5") == datasets_of(whole + "/fields.h5"));
  EXPECT_TRUE(datasets_of(parts + "/checkpoint.h5") == datasets_of(whole + "/checkpoint.h5"));
  EXPECT_TRUE(read_text(parts + "/diagnostics.csv") == read_text(whole + "/diagnostics.csv"));
  // run.json keeps the run's own end (2.0), not the --end of a resume.
  EXPECT_NE(read_text(parts + "/run.json").find("end = 2.0"), std::string::npos);
  // At its end there is nothing left to resume.
  const CommandResult done = run_command(kBinary + " resume " + parts);
  EXPECT_EQ(done.status, 1) << done.output;
  EXPECT_NE(done.output.find("--end"), std::string::npos) << done.output;
  // A directory without a checkpoint is refused with the reason.
  const CommandResult none = run_command(kBinary + " resume " + tmp.file("nowhere"));
  EXPECT_EQ(none.status, 1) << none.output;
}

TEST(Workflow, CheckpointsKept) {
  TempDir tmp;
  const std::string out = tmp.file("out");
  const CommandResult r = run_command(
      kBinary + " run " +
      write_input(tmp, "in.toml", wave_input(out, "checkpoints_kept = 3\ncheckpoint_every_steps = 5\n")) +
      " --threads 1 --quiet");
  ASSERT_EQ(r.status, 0) << r.output;
  std::vector<long> steps;
  for (const auto& e : fs::directory_iterator(out)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("checkpoint_", 0) == 0) steps.push_back(std::stol(name.substr(11)));
  }
  std::sort(steps.begin(), steps.end());
  ASSERT_EQ(steps.size(), 3u);
  // The newest is checkpoint.h5 itself.
  EXPECT_EQ(read_text(out + "/checkpoint_" + std::to_string(steps.back()) + ".h5"),
            read_text(out + "/checkpoint.h5"));
  const std::string diagnostics = read_text(out + "/diagnostics.csv");
  const long last_step = std::count(diagnostics.begin(), diagnostics.end(), '\n') - 2;
  EXPECT_EQ(steps.back(), last_step);
}

TEST(Workflow, MemoryRefusalBeforeAllocatingInUnderASecond) {
  setenv("ISHYDRO_MEMORY_LIMIT", "1G", 1);
  RunConfig cfg = testing::base_config({512, 512, 512}, {1.0, 1.0, 1.0}, 1.0);
  RunOptions opts;
  opts.write_outputs = false;
  opts.threads = 1;
  const auto start = std::chrono::steady_clock::now();
  try {
    Simulation sim(cfg, opts);
    ADD_FAILURE() << "a 512^3 run was not refused with 1 GiB";
  } catch (const ResourceError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("1 GiB is available (ISHYDRO_MEMORY_LIMIT)"), std::string::npos) << what;
    EXPECT_NE(what.find("needs 10"), std::string::npos) << what;  // about 104 GiB
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  unsetenv("ISHYDRO_MEMORY_LIMIT");
  EXPECT_LT(seconds, 1.0);
  // A dry run computes the need without allocating.
  opts.dry_run = true;
  Simulation dry(cfg, opts);
  EXPECT_GT(dry.memory().arena, 100ull << 30);
  EXPECT_EQ(estimated_steps(cfg, dry.grid(), 0.0), static_cast<long>(std::ceil(1.0 / (0.4 / 512))));
}

// A run killed with SIGKILL at several moments (`timeout -s KILL`, whatever it is doing then: often
// appending a snapshot, which is most of its time) leaves outputs that are whole (docs/usage.md, "Every
// state of an output file is complete"): fields.h5 opens and every snapshot group in it has all 13
// datasets and its views, fields.xdmf names only those groups (all, or all but the last),
// diagnostics.csv holds whole lines.
// tests/io/test_snapshot_crash.cpp kills at chosen points between two HDF5 calls; this is the same
// through the command line.
TEST(Workflow, KilledRunLeavesWholeOutputs) {
  for (const char* after : {"1.3", "1.9", "2.6"}) {
    SCOPED_TRACE(std::string("killed after ") + after + " s");
    TempDir tmp;
    const std::string out = tmp.file("out");
    const std::string input = write_input(
        tmp, "in.toml",
        "[grid]\npoints = [32, 32, 32]\nsize = [1.0, 1.0, 1.0]\n[time]\nend = 100.0\ndt = 0.001\n"
        "[transport]\neta_over_s = 0.1\n[initial]\nkind = \"sound_wave\"\namplitude = 0.01\n"
        "[numerics]\nplan_rigor = \"estimate\"\n[output]\ncompression = 9\nevery = 0.001\ndir = \"" +
            out + "\"\n");
    const CommandResult r = run_command(std::string("timeout -s KILL ") + after + " " + kBinary + " run " +
                                        input + " --threads 1 --quiet");
    EXPECT_EQ(r.status, 128 + 9) << "the run was not killed (the shell reports SIGKILL as 137): " << r.output;
    if (!fs::exists(out + "/fields.h5")) continue;  // killed before its first file
    const hid_t file = H5Fopen((out + "/fields.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(file, 0) << "fields.h5 does not open after the kill";
    int snapshots = 0;
    for (;; ++snapshots) {
      char name[32];
      std::snprintf(name, sizeof name, "snapshot_%06d", snapshots);
      if (H5Lexists(file, name, H5P_DEFAULT) <= 0) break;
      const hid_t group = H5Gopen2(file, name, H5P_DEFAULT);
      H5G_info_t info;
      H5Gget_info(group, &info);
      EXPECT_EQ(info.nlinks, 13u) << name;
      H5Gclose(group);
      for (const char* view : {"u", "pi"})
        EXPECT_GT(H5Lexists(file, ("views/" + std::string(name) + "/" + view).c_str(), H5P_DEFAULT), 0)
            << name;
    }
    H5Fclose(file);
    std::printf("killed after %s s: fields.h5 holds %d whole snapshots\n", after, snapshots);
    const std::string xml = read_text(out + "/fields.xdmf");
    // fields.xdmf is rewritten after fields.h5 is renamed: a kill between the two leaves it one snapshot
    // behind, never ahead.
    if (snapshots > 1) {
      char earlier[40];
      std::snprintf(earlier, sizeof earlier, "\"snapshot_%06d\"", snapshots - 2);
      EXPECT_NE(xml.find(earlier), std::string::npos) << "fields.xdmf is more than a snapshot behind";
    }
    char next[40];
    std::snprintf(next, sizeof next, "\"snapshot_%06d\"", snapshots);
    EXPECT_EQ(xml.find(next), std::string::npos) << "fields.xdmf names a snapshot fields.h5 lacks";
    const std::string csv = read_text(out + "/diagnostics.csv");
    ASSERT_FALSE(csv.empty());
    EXPECT_EQ(csv.back(), '\n') << "diagnostics.csv ends in a cut line";
    std::size_t start = 0;
    const long commas = std::count(csv.begin(), csv.begin() + static_cast<long>(csv.find('\n')), ',');
    for (std::size_t end = csv.find('\n'); end != std::string::npos;
         start = end + 1, end = csv.find('\n', start))
      EXPECT_EQ(std::count(csv.begin() + static_cast<long>(start), csv.begin() + static_cast<long>(end), ','),
                commas);
  }
}

TEST(Workflow, MemoryRefusalOnTheCommandLineWritesNothing) {
  TempDir tmp;
  const std::string out = tmp.file("out");
  const std::string input = write_input(tmp, "in.toml", wave_input(out));
  const CommandResult r = run_command("ISHYDRO_MEMORY_LIMIT=1M " + kBinary + " run " + input + " --quiet");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("not enough memory"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
  const CommandResult dry = run_command(kBinary + " run " + input + " --dry-run");
  EXPECT_EQ(dry.status, 0) << dry.output;
  for (const char* piece : {"memory per rank", "memory available", "steps (estimated)", "outputs:"})
    EXPECT_NE(dry.output.find(piece), std::string::npos) << piece << " in " << dry.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(Workflow, WarningsOnStderrAndInRunJson) {
  TempDir tmp;
  const std::string out = tmp.file("out");
  const std::string input =
      write_input(tmp, "bjorken.toml",
                  "[grid]\npoints = [1, 1, 1]\nsize = [1.0, 1.0, 1.0]\ncoordinates = \"milne\"\n"
                  "[time]\nstart = 0.6\nend = 0.7\n[transport]\neta_over_s = 0.2\n"
                  "[initial]\nkind = \"bjorken\"\nT0 = 300\n[output]\ndir = \"out\"\n");
  const CommandResult r = run_command(kBinary + " run " + input + " --threads 1 --quiet");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("did you mean MeV"), std::string::npos) << r.output;
  const auto info = nlohmann::json::parse(read_text(out + "/run.json"));
  ASSERT_EQ(info["warnings"].size(), 1u);
  EXPECT_NE(info["warnings"][0].get<std::string>().find("did you mean MeV"), std::string::npos);
  // Paths: output.dir = "out" is the input file's folder's out; run.json records it absolute.
  EXPECT_EQ(info["output_dir"].get<std::string>(), fs::absolute(out).lexically_normal().string());

  // A restart with other physics names the keys that changed.
  const std::string restart =
      write_input(tmp, "restart.toml",
                  "[grid]\npoints = [1, 1, 1]\nsize = [1.0, 1.0, 1.0]\ncoordinates = \"milne\"\n"
                  "[time]\nend = 0.8\n[transport]\neta_over_s = 0.3\n"
                  "[initial]\nkind = \"file\"\npath = \"out/checkpoint.h5\"\n[output]\ndir = \"out2\"\n");
  const CommandResult w = run_command(kBinary + " run " + restart + " --threads 1 --quiet");
  ASSERT_EQ(w.status, 0) << w.output;
  EXPECT_NE(w.output.find("transport.eta_over_s (0.2 -> 0.3)"), std::string::npos) << w.output;
}

}  // namespace
}  // namespace ishydro
