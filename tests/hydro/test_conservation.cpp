// Conservation and constraints in a nonlinear run. The right-hand side of T^{t nu} is a sum of
// spectral derivatives, whose k = 0 mode is exactly zero, so the box totals of T^{t nu} change only by
// round-off: relative 1e-12 allows ~1e4 ulp of accumulated summation error over the run. The
// constraints u_mu pi^{mu nu} = 0 and pi^mu_mu = 0 are imposed algebraically (eqs. 15, 18), so they
// hold to round-off of |pi| (1e-12 relative to the largest |pi| leaves margin for |v| ~ 0.3 products).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "problems/registry.hpp"
#include "support/run_helpers.hpp"

namespace ishydro {
namespace {

std::vector<std::vector<double>> read_csv(const std::string& path, std::vector<std::string>& header) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::stringstream hs(line);
  for (std::string h; std::getline(hs, h, ',');) header.push_back(h);
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::stringstream ls(line);
    std::vector<double> row;
    for (std::string v; std::getline(ls, v, ',');) row.push_back(std::stod(v));
    rows.push_back(row);
  }
  return rows;
}

TEST(Conservation, NonlinearRunConservesEnergyAndMomentum) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("ishydro_conservation_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  RunConfig cfg = testing::base_config({64, 64, 1}, {10.0, 10.0, 1.0}, 1.0);
  cfg.initial = make_initial("sound_wave");
  cfg.initial.values["e0"] = 10.0;
  cfg.initial.values["amplitude"] = 0.3;
  cfg.initial.values["mode"] = std::vector<long long>{1, 1, 0};
  cfg.transport.eta_over_s = 0.1;
  cfg.transport.zeta_over_s = 0.05;
  cfg.transport.second_order = "dnmr";
  cfg.transport.terms = all_second_order_terms();
  cfg.eos.kind = EosKind::ideal;
  cfg.eos.cs2 = 0.25;
  // Three sound-crossing times of the box.
  cfg.time.end = 3.0 * 10.0 / std::sqrt(0.25);
  cfg.output.dir = dir.string();
  cfg.output.times = {cfg.time.end};
  RunOptions opts;
  opts.threads = 1;
  Simulation sim(cfg, opts);
  const RunResult result = sim.run();
  ASSERT_EQ(result.exit_status, 0) << result.message;
  std::vector<std::string> header;
  const auto rows = read_csv((dir / "diagnostics.csv").string(), header);
  ASSERT_GT(rows.size(), 50u);
  auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const double E0 = rows.front()[col("total_T00")];
  double max_pi_scale = 0;
  for (const auto& row : rows) {
    EXPECT_NEAR(row[col("total_T00")] / E0, 1.0, 1e-12);
    for (const char* m : {"total_T0x", "total_T0y", "total_T0z"})
      EXPECT_NEAR(row[col(m)] / E0, 0.0, 1e-12) << m;
    max_pi_scale = std::max(max_pi_scale, row[col("max_v")]);
  }
  // The flow is nonlinear (|v| well beyond the linear regime).
  EXPECT_GT(max_pi_scale, 0.05);
  // Constraints, relative to the shear stress present at the end.
  const testing::Fields f = testing::primitive_fields(sim);
  double pi_max = 0;
  for (const auto& comp : f.pi)
    for (double x : comp) pi_max = std::max(pi_max, std::abs(x));
  ASSERT_GT(pi_max, 0.0);
  for (const auto& row : rows) {
    EXPECT_LT(row[col("max_u_pi")], 1e-12 * pi_max);
    EXPECT_LT(row[col("max_trace_pi")], 1e-12 * pi_max);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ishydro
