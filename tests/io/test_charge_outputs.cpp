// The outputs of a run with a baryon charge (docs/usage.md, "Fields of a charged run"): checkpoints of
// the 15 evolved variables read back bit for bit, fields.h5 snapshots with nB and V^i as state files
// (N^t = n_B u^t + V^t, V^t = u_i V^i / u^t), the charged fields' units, diagnostics.csv's two more
// columns.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "io/checkpoint.hpp"
#include "io/diagnostics.hpp"
#include "io/io_test_util.hpp"
#include "io/snapshot.hpp"
#include "problems/registry.hpp"
#include "problems/state_file.hpp"
#include "run/eos_checks.hpp"

namespace ishydro {
namespace {

using testing::TempDir;

Grid small_grid() {
  GridConfig cfg;
  cfg.points = {4, 2, 2};
  cfg.size = {4.0, 2.0, 2.0};
  return Grid::from_config(cfg);
}

// A charged state whose every value differs (bit patterns a decimal round trip would change).
std::vector<double> charged_values(const Grid& g) {
  std::vector<double> data(static_cast<std::size_t>(kNumVarsCharged) * g.cells());
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = std::sin(1.0 + 0.37 * static_cast<double>(i)) / 3.0;
  return data;
}

TEST(ChargeOutputs, CheckpointHoldsAndRestoresTheFifteenVariables) {
  TempDir tmp;
  const Grid g = small_grid();
  std::vector<double> data = charged_values(g);
  const StateView state{data, g.cells(), kNumVarsCharged};
  const std::string path = tmp.file("checkpoint.h5");
  write_checkpoint(path, g, 0.5, 7, state, "", "{}");
  EXPECT_TRUE(state_file_charged(path));
  const StateFile file = read_state_file(path, g);
  ASSERT_EQ(file.fields.size(), static_cast<std::size_t>(kNumVarsCharged));
  for (int v = 0; v < kNumVarsCharged; ++v)
    EXPECT_EQ(std::memcmp(file.fields.at(kVarNames[v]).data(), state.ptr(v), g.cells() * sizeof(double)), 0)
        << kVarNames[v];

  // As the start of a run: charged, and every variable restored bit for bit.
  TempDir in;
  const std::string toml =
      "[grid]\npoints = [4, 2, 2]\nsize = [4.0, 2.0, 2.0]\n[time]\nend = 1.0\n"
      "[eos]\nkind = \"qgp\"\n[initial]\nkind = \"file\"\npath = \"" +
      path + "\"\n";
  const RunConfig cfg = parse_config_string(toml);
  EXPECT_TRUE(cfg.initial.charged);
  const Eos eos = eos_for_run(cfg.eos);
  const Transport transport(cfg.transport, eos);
  std::vector<double> restored(data.size(), NAN);
  const StateView back{restored, g.cells(), kNumVarsCharged};
  long step = 0;
  EXPECT_EQ(set_initial_state({cfg, g, eos, transport}, back, step), 0.5);
  EXPECT_EQ(step, 7);
  EXPECT_EQ(std::memcmp(restored.data(), data.data(), data.size() * sizeof(double)), 0);
}

TEST(ChargeOutputs, UnchargedCheckpointStaysUncharged) {
  TempDir tmp;
  const Grid g = small_grid();
  std::vector<double> data = charged_values(g);
  write_checkpoint(tmp.file("c.h5"), g, 0.0, 0, StateView{data, g.cells(), kNumVars}, "", "{}");
  EXPECT_FALSE(state_file_charged(tmp.file("c.h5")));
  EXPECT_EQ(read_state_file(tmp.file("c.h5"), g).fields.size(), static_cast<std::size_t>(kNumVars));
}

// A fields.h5 snapshot of a moving charged fluid, with V^x only (Vy, Vz absent: zero).
TEST(ChargeOutputs, SnapshotWithBaryonDensityStartsAChargedRun) {
  TempDir tmp;
  const Grid g = small_grid();
  const std::size_t n = g.cells();
  std::vector<double> e(n, 1.0), ux(n, 0.5), zero(n, 0.0), nB(n), Vx(n, 0.01);
  for (std::size_t c = 0; c < n; ++c) nB[c] = 0.1 + 0.01 * static_cast<double>(c);
  {
    SnapshotWriter w(tmp.file("run"), g, "", "{}");
    std::vector<SnapshotField> fields = {{"e", e},        {"ux", ux},      {"uy", zero},    {"uz", zero},
                                         {"Pi", zero},    {"pi_xx", zero}, {"pi_xy", zero}, {"pi_xz", zero},
                                         {"pi_yy", zero}, {"pi_yz", zero}, {"pi_zz", zero}, {"nB", nB},
                                         {"muB", zero},   {"Vx", Vx}};
    w.write(0.25, fields);
  }
  const std::string path = tmp.file("run") + "/fields.h5";
  EXPECT_TRUE(state_file_charged(path));
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  auto units = [f](const char* name) {
    const hid_t d = H5Dopen2(f, (std::string("snapshot_000000/") + name).c_str(), H5P_DEFAULT);
    const std::string u = testing::h5_attr_string(d, "units");
    H5Dclose(d);
    return u;
  };
  EXPECT_EQ(units("nB"), "1/fm^3");
  EXPECT_EQ(units("muB"), "GeV");
  EXPECT_EQ(units("Vx"), "1/fm^3");
  H5Fclose(f);

  const RunConfig cfg = parse_config_string(
      "[grid]\npoints = [4, 2, 2]\nsize = [4.0, 2.0, 2.0]\n[time]\nend = 1.0\n[eos]\nkind = \"qgp\"\n"
      "[initial]\nkind = \"file\"\npath = \"" +
      path + "\"\n");
  EXPECT_TRUE(cfg.initial.charged);
  const Eos eos = eos_for_run(cfg.eos);
  const Transport transport(cfg.transport, eos);
  std::vector<double> data(static_cast<std::size_t>(kNumVarsCharged) * n, NAN);
  const StateView state{data, n, kNumVarsCharged};
  long step = 0;
  set_initial_state({cfg, g, eos, transport}, state, step);
  const double ut = std::sqrt(1.25), Vt = 0.5 * 0.01 / ut;  // u^t = sqrt(1 + u^2), V^t = u_x V^x / u^t
  for (std::size_t c = 0; c < n; ++c) {
    EXPECT_NEAR(state.ptr(kNt)[c], nB[c] * ut + Vt, 1e-15);
    EXPECT_EQ(state.ptr(kVx)[c], 0.01);
    EXPECT_EQ(state.ptr(kVy)[c], 0.0);
  }
  // Without the qgp gas the same file is refused, naming it.
  const std::string conformal =
      "[grid]\npoints = [4, 2, 2]\nsize = [4.0, 2.0, 2.0]\n[time]\nend = 1.0\n"
      "[initial]\nkind = \"file\"\npath = \"" +
      path + "\"\n";
  try {
    parse_config_string(conformal);
    ADD_FAILURE() << "no refusal";
  } catch (const InputError& err) {
    EXPECT_NE(std::string(err.what()).find("initial.path = '" + path + "'"), std::string::npos) << err.what();
    EXPECT_NE(std::string(err.what()).find("eos.kind = \"conformal\" has no"), std::string::npos)
        << err.what();
  }
}

TEST(ChargeOutputs, DiagnosticsAddTheChargeColumnsOnlyWhenCharged) {
  TempDir tmp;
  StateSummary s;
  s.total_N0 = 12.5;
  s.max_u_V = 3e-17;
  {
    DiagnosticsWriter plain(tmp.file("plain.csv"));
    plain.write(0, 0.0, 0.0, s);
    DiagnosticsWriter charged(tmp.file("charged.csv"), std::nullopt, true);
    charged.write(0, 0.0, 0.0, s);
  }
  const std::string plain = testing::read_text(tmp.file("plain.csv"));
  const std::string charged = testing::read_text(tmp.file("charged.csv"));
  const std::string header = plain.substr(0, plain.find('\n'));
  EXPECT_EQ(header.find("total_N0"), std::string::npos);
  EXPECT_EQ(charged.substr(0, charged.find('\n')), header + ",total_N0,max_u_V");
  const std::string line = charged.substr(charged.find('\n') + 1);
  EXPECT_EQ(line.substr(line.rfind(",", line.rfind(",") - 1)), ",12.5,3.000000e-17\n");
  // A charged file is continued line by line like an uncharged one.
  { DiagnosticsWriter again(tmp.file("charged.csv"), 0, true); }
  EXPECT_EQ(testing::read_text(tmp.file("charged.csv")), charged);
}

}  // namespace
}  // namespace ishydro
