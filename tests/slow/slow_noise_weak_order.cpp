// The weak error of the stochastic step (docs/validation_fluctuations.md, "Weak order"): the equal-time
// structure factor of T^{tt}, per kept mode k_x = 2 pi m / L of a 32 x 1 x 1 grid, against T^2 de/dT,
// for fixed steps dt; printed as a table (label "slow"). The statistical error is from 20 batches.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstdio>
#include <numbers>
#include <utility>
#include <vector>

#include "problems/registry.hpp"
#include "support/run_helpers.hpp"

namespace ishydro {
namespace {

TEST(SlowNoiseWeakOrder, StructureFactorErrorAgainstDt) {
  const int n = 32;
  const double L = 8.0, e0 = 10.0;
  std::printf("dt      modes  S_T00/(T^2 de/dT)  +- error\n");
  for (double dt : {0.05, 0.1, 0.15, 0.2, 0.25}) {
    RunConfig cfg = testing::base_config({n, 1, 1}, {L, 1000.0, 1000.0}, 1e9);
    cfg.transport.eta_over_s = 0.2;
    cfg.transport.zeta_over_s = 0.05;
    cfg.initial = make_initial("uniform", {{"e0", e0}});
    cfg.time.dt = dt;
    cfg.noise.enabled = true;
    cfg.noise.seed = 3;
    RunOptions opts;
    opts.write_outputs = false;
    opts.threads = 1;
    Simulation sim(cfg, opts);
    const Eos eos = Eos::from_config(cfg.eos);
    const double T = eos.temperature(e0), dV = (L / n) * 1000.0 * 1000.0;
    const double ref = (1.0 + 1.0 / eos.cs2()) * e0 * T / dV;  // per cell: T^2 de/dT / dV
    const int modes = 10;                                      // |m| < n/3 kept
    constexpr int kBatches = 20, kSamples = 12000;
    std::vector<std::vector<double>> batch(modes + 1, std::vector<double>(kBatches, 0.0));
    double t = 0;
    sim.advance(t += 20.0);
    for (int s = 0; s < kSamples; ++s) {
      ASSERT_EQ(sim.advance(t += 2.0).exit_status, 0);
      const double* e = sim.state().ptr(kTtt);
      for (int m = 1; m <= modes; ++m) {
        std::complex<double> a{};
        for (int x = 0; x < n; ++x) a += e[x] * std::polar(1.0, -2 * std::numbers::pi * m * x / n);
        batch[m][s * kBatches / kSamples] += std::norm(a) / n / ref / (kSamples / kBatches);
      }
    }
    // Modes 1-3, 4-7 and 8-10 (omega dt = cs k dt up to 0.9 at dt = 0.2 for the last), each group's mean.
    for (auto [m0, m1] : {std::pair{1, 3}, std::pair{4, 7}, std::pair{8, 10}}) {
      std::vector<double> g(kBatches, 0.0);
      for (int m = m0; m <= m1; ++m)
        for (int b = 0; b < kBatches; ++b) g[b] += batch[m][b] / (m1 - m0 + 1);
      double mean = 0, var = 0;
      for (double b : g) mean += b / kBatches;
      for (double b : g) var += (b - mean) * (b - mean) / (kBatches - 1);
      std::printf("%-7g %d-%-4d %-18.4f %.4f\n", dt, m0, m1, mean, std::sqrt(var / kBatches));
      std::fflush(stdout);
    }
  }
}

}  // namespace
}  // namespace ishydro
