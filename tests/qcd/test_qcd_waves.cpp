// Linear sound and shear waves on a HotQCD background (issue 13, validation): the solver with
// eos.kind = "hotqcd", the kink eta/s and the Cauchy zeta/s against the exact solution of the
// linearized equations (tests/support/linear_modes.hpp) with the background's cs2 = dp/de, e + p,
// eta, zeta, tau_pi and tau_Pi, through the crossover (T = 0.15 GeV is near the minimum of cs2).
// Within 1e-4 of the amplitude at cfl 0.2.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>

#include "eos/eos.hpp"
#include "eos/hotqcd.hpp"
#include "problems/registry.hpp"
#include "support/linear_modes.hpp"
#include "support/run_helpers.hpp"
#include "transport/transport.hpp"

namespace ishydro {
namespace {

using testing::Background;
using testing::cd;

TransportConfig qcd_wave_transport() {
  TransportConfig t;
  OverSConfig kink;
  kink.kind = OverSConfig::Kind::kink;
  kink.T_kink = 0.223, kink.value = 0.071, kink.slope_low = -1.188, kink.slope_high = 0.389;
  OverSConfig cauchy;
  cauchy.kind = OverSConfig::Kind::cauchy;
  cauchy.max = 0.102, cauchy.T_peak = 0.156, cauchy.width = 0.093, cauchy.asymmetry = -0.161;
  t.eta_over_s_T = kink;
  t.zeta_over_s_T = cauchy;
  t.tau_pi_coeff = 5.0;
  t.tau_Pi_coeff = 5.0;
  t.second_order = "dnmr";
  t.terms = second_order_set("dnmr");
  return t;
}

Background qcd_background(const RunConfig& cfg, double e0) {
  const Eos eos = Eos::from_config(cfg.eos);
  const Transport transport(cfg.transport, eos);
  const EosStateT<double> st = eos.state(e0);
  const TransportCoefficients tc = transport.at(e0);
  Background b{
      e0, st.cs2, tc.eta, tc.zeta, tc.tau_pi, tc.tau_Pi, transport.shear_active(), transport.bulk_active()};
  b.p0 = st.p;
  return b;
}

class QcdSoundWave : public ::testing::TestWithParam<double> {};

TEST_P(QcdSoundWave, MatchesTheLinearSolutionWithTheBackgroundsCoefficients) {
  const double T0 = GetParam(), e0 = HotQcdEos::energy_density(T0), A = 1e-6, L = 10.0;
  RunConfig cfg = testing::base_config({32, 1, 1}, {L, 1.0, 1.0}, 1.0);
  cfg.eos.kind = EosKind::hotqcd;
  cfg.transport = qcd_wave_transport();
  cfg.initial = make_initial("sound_wave");
  cfg.initial.values["e0"] = e0;
  cfg.initial.values["amplitude"] = A;
  cfg.initial.values["mode"] = std::vector<long long>{1, 0, 0};
  const Background b = qcd_background(cfg, e0);
  const double k = 2 * std::numbers::pi / L;
  cfg.time.end = 2.0 * 2 * std::numbers::pi / (k * std::sqrt(b.cs2));  // two periods
  cfg.time.cfl = 0.2;
  const testing::Fields f = testing::run_to_end(cfg);
  const auto y = testing::sound_mode(b, k, {cd(A * e0), 0, 0, 0}, f.time);
  double err = 0;
  for (int i = 0; i < 32; ++i) {
    const cd phase = std::exp(cd(0, k * i * L / 32));
    err = std::max(err, std::abs(f.e[i] - (e0 + (y[0] * phase).real())) / (A * e0));
    err = std::max(err, std::abs(f.ux[i] - (y[1] * phase).real()) * b.enthalpy() / (A * e0));
  }
  RecordProperty("error", std::to_string(err));
  std::printf(
      "sound T = %.2f GeV: cs2 = %.4f, p/e = %.4f, eta = %.4g, zeta = %.4g, tau_pi = %.4g, tau_Pi = %.4g: "
      "max error / amplitude %.3g\n",
      T0, b.cs2, b.p0 / e0, b.eta, b.zeta, b.tau_pi, b.tau_Pi, err);
  EXPECT_LT(err, 1e-4);
}

INSTANTIATE_TEST_SUITE_P(Temperatures, QcdSoundWave, ::testing::Values(0.15, 0.2, 0.3));

class QcdShearWave : public ::testing::TestWithParam<double> {};

TEST_P(QcdShearWave, MatchesTheLinearSolutionWithTheBackgroundsCoefficients) {
  const double T0 = GetParam(), e0 = HotQcdEos::energy_density(T0), A = 1e-6, L = 2.0;
  RunConfig cfg = testing::base_config({32, 1, 1}, {L, 1.0, 1.0}, 1.0);
  cfg.eos.kind = EosKind::hotqcd;
  cfg.transport = qcd_wave_transport();
  cfg.initial = make_initial("shear_wave");
  cfg.initial.values["e0"] = e0;
  cfg.initial.values["amplitude"] = A;
  cfg.initial.values["mode"] = std::vector<long long>{1, 0, 0};
  const Background b = qcd_background(cfg, e0);
  const double k = 2 * std::numbers::pi / L;
  cfg.time.end = 2.0 * std::max(b.enthalpy() / (b.eta * k * k), b.tau_pi);  // two decay times
  cfg.time.cfl = 0.2;
  const testing::Fields f = testing::run_to_end(cfg);
  const auto y = testing::shear_mode(b, k, {cd(0, -A), 0}, f.time);
  double err = 0;
  for (int i = 0; i < 32; ++i) {
    const cd phase = std::exp(cd(0, k * i * L / 32));
    err = std::max(err, std::abs(f.uy[i] - (y[0] * phase).real()) / A);
    err = std::max(err, std::abs(f.pi[1][i] - (y[1] * phase).real()) / (A * b.enthalpy()));
  }
  RecordProperty("error", std::to_string(err));
  std::printf("shear T = %.2f GeV: eta = %.4g, tau_pi = %.4g, t = %.3g fm: max error / amplitude %.3g\n", T0,
              b.eta, b.tau_pi, f.time, err);
  EXPECT_LT(err, 1e-4);
}

INSTANTIATE_TEST_SUITE_P(Temperatures, QcdShearWave, ::testing::Values(0.15, 0.2, 0.3));

// A nonlinear 3D run on HotQCD through the crossover (a Gaussian pulse, T from ~0.19 to ~0.3 GeV, with
// the kink/Cauchy viscosities and DNMR) conserves the box totals of T^{t nu} to 1e-12 (relative to the
// total energy): the right-hand side of T^{t nu} is a sum of spectral derivatives.
TEST(QcdConservation, NonlinearThreeDimensionalRunConservesEnergyAndMomentum) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("ishydro_qcd_conservation_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  RunConfig cfg = testing::base_config({16, 16, 16}, {8.0, 8.0, 8.0}, 4.0);
  cfg.eos.kind = EosKind::hotqcd;
  cfg.transport = qcd_wave_transport();
  cfg.initial = make_initial("gaussian", {{"e0", HotQcdEos::energy_density(0.19)},
                                          {"amplitude", 4.0},
                                          {"width", 1.2},
                                          {"centre", std::vector<double>{3.5, 4.0, 4.5}}});
  cfg.output.dir = dir.string();
  cfg.output.times = {cfg.time.end};
  RunOptions opts;
  opts.threads = 1;
  Simulation sim(cfg, opts);
  const RunResult result = sim.run();
  ASSERT_EQ(result.exit_status, 0) << result.message;
  std::ifstream in((dir / "diagnostics.csv").string());
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream hs(line);
  for (std::string h; std::getline(hs, h, ',');) header.push_back(h);
  auto col = [&](const char* name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::stringstream ls(line);
    std::vector<double> row;
    for (std::string v; std::getline(ls, v, ',');) row.push_back(std::stod(v));
    rows.push_back(row);
  }
  ASSERT_GT(rows.size(), 10u);
  const double E0 = rows.front()[col("total_T00")];
  double worst = 0, vmax = 0;
  for (const auto& row : rows) {
    worst = std::max(worst, std::abs(row[col("total_T00")] / E0 - 1.0));
    for (const char* m : {"total_T0x", "total_T0y", "total_T0z"})
      worst = std::max(worst, std::abs(row[col(m)] / E0));
    vmax = std::max(vmax, row[col("max_v")]);
  }
  std::printf("hotqcd 3D: %zu steps, max |v| %.3f, largest relative change of the totals %.3g\n",
              rows.size() - 1, vmax, worst);
  EXPECT_LT(worst, 1e-12);
  EXPECT_GT(vmax, 0.1);  // nonlinear
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ishydro
