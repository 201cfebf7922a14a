// A run with a baryon charge end to end (docs/usage.md, "Fields of a charged run"):
// - a run to t and a run to t/2 continued from its checkpoint (the 15 evolved variables) to t give
//   bit-identical fields (nB and V^i included) and the same diagnostics.csv, for the same reason as an
//   uncharged run (the right-hand side is a pure function of the stored state);
// - fields.h5 holds nB, muB, Vx, Vy, Vz and diagnostics.csv total_N0 and max_u_V, with total_N0 constant
//   to round-off (d_mu N^mu = 0 in conservative form, summed spectrally: the k = 0 mode of the
//   divergence vanishes exactly up to the FFT's round-off);
// - a charge the input cannot have is refused before any output exists.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "io/io_test_util.hpp"
#include "problems/registry.hpp"
#include "run/simulation.hpp"

namespace ishydro {
namespace {

using testing::TempDir;

std::string wave_input(const std::string& dir, double end, const std::string& times,
                       const std::string& initial) {
  return "[grid]\npoints = [16, 8, 1]\nsize = [4.0, 2.0, 1.0]\n[time]\nend = " + format_number(end) +
         "\ncfl = 0.3\n[eos]\nkind = \"qgp\"\n[transport]\neta_over_s = 0.1\nsecond_order = \"dnmr\"\n"
         "[numerics]\nplan_rigor = \"estimate\"\nwisdom_file = \"\"\n[output]\nprofile = false\ndir = \"" +
         dir + "\"\ntimes = [" + times + "]\n" + initial;
}

const std::string kWave =
    "[initial]\nkind = \"diffusion_wave\"\ne0 = 2\nnB0 = 0.4\namplitude = 0.05\nmode = [1, 1, 0]\n"
    "velocity = [0.3, -0.2, 0.1]\n";

RunResult run(const std::string& text) {
  RunOptions opts;
  opts.threads = 1;
  Simulation sim(parse_config_string(text), opts);
  return sim.run();
}

std::vector<double> snapshot_field(const std::string& file, int index, const char* field) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  char group[64];
  std::snprintf(group, sizeof group, "snapshot_%06d", index);
  const hid_t g = H5Gopen2(f, group, H5P_DEFAULT);
  std::vector<double> data = testing::h5_read_all(g, field);
  H5Gclose(g);
  H5Fclose(f);
  return data;
}

std::vector<std::string> lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(ChargeRun, RestartFromACheckpointIsBitForBit) {
  TempDir full, half, rest;
  ASSERT_EQ(run(wave_input(full.path().string(), 0.6, "0.3, 0.6", kWave)).exit_status, 0);
  ASSERT_EQ(run(wave_input(half.path().string(), 0.3, "0.3", kWave)).exit_status, 0);
  const RunResult r =
      run(wave_input(rest.path().string(), 0.6, "0.6",
                     "[initial]\nkind = \"file\"\npath = \"" + half.file("checkpoint.h5") + "\"\n"));
  ASSERT_EQ(r.exit_status, 0) << r.message;
  for (const char* field : {"e", "ux", "uy", "nB", "muB", "Vx", "Vy", "Vz", "pi_xy", "T"}) {
    const std::vector<double> a = snapshot_field(full.file("fields.h5"), 1, field),
                              b = snapshot_field(rest.file("fields.h5"), 0, field);
    ASSERT_EQ(a.size(), b.size()) << field;
    EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)), 0) << field;
  }
  // The diffusion moved the charge: V^x is not zero (a restart that dropped V would still be wrong).
  const std::vector<double> Vx = snapshot_field(full.file("fields.h5"), 1, "Vx");
  EXPECT_GT(*std::max_element(Vx.begin(), Vx.end()), 1e-4);
  const auto f = lines(full.file("diagnostics.csv")), g = lines(rest.file("diagnostics.csv"));
  EXPECT_EQ(f.front(), g.front());
  EXPECT_EQ(f.back(), g.back());
}

TEST(ChargeRun, OutputsHoldTheChargeAndItIsConserved) {
  TempDir dir;
  ASSERT_EQ(run(wave_input(dir.path().string(), 0.5, "0.5", kWave)).exit_status, 0);
  const auto csv = lines(dir.file("diagnostics.csv"));
  ASSERT_GT(csv.size(), 3u);
  EXPECT_NE(csv.front().find(",total_N0,max_u_V"), std::string::npos);
  auto column = [](const std::string& line, int from_end) {
    std::size_t pos = line.size();
    for (int i = 0; i < from_end; ++i) pos = line.rfind(',', pos - 1);
    return std::stod(line.substr(pos + 1));
  };
  const double N0 = column(csv[1], 2), N_end = column(csv.back(), 2);
  EXPECT_NEAR(N_end, N0, 1e-13 * N0);
  EXPECT_LT(column(csv.back(), 1), 1e-14);  // u_mu V^mu = 0 by construction
  // run.json records the charge: the flag and the resolved keys.
  const std::string run_json = testing::read_text(dir.file("run.json"));
  for (const char* part : {"\"baryon_charge\": true", "kappa_coeff = 0.4", "nB0 = 0.4", "delta_VV = true"})
    EXPECT_NE(run_json.find(part), std::string::npos) << part;
  const std::vector<double> nB = snapshot_field(dir.file("fields.h5"), 0, "nB");
  EXPECT_NEAR(*std::max_element(nB.begin(), nB.end()), 0.45, 0.05);
}

TEST(ChargeRun, AcausalChargeIsRefusedBeforeAnyOutput) {
  TempDir dir;
  const std::string out = (dir.path() / "out").string();
  // n_B = 0.42 1/fm^3 at e = 1 GeV/fm^3 is mu_B/T = 3.3 for the qgp gas (nf = 3), above 2.8: the
  // diffusion front is faster than light.
  const std::string text = wave_input(out, 1.0, "1.0", "[initial]\nkind = \"uniform\"\ne0 = 1\nnB0 = 0.42\n");
  RunOptions opts;
  opts.threads = 1;
  try {
    Simulation sim(parse_config_string(text), opts);
    ADD_FAILURE() << "no refusal";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("initial.nB0 = 0.42"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("front speed"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace ishydro
