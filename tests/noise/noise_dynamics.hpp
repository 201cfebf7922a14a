#pragma once
// Dynamic correlations in equilibrium (docs/validation_fluctuations.md): for a linear system
// dy = M y dt + noise whose stationary covariance C(0) is the thermodynamic one, the time correlation
// is <y(t) y(0)^+> = exp(M t) C(0). C(0) is diagonal in (delta e, u, pi, Pi) (fluctuation-dissipation),
// so the normalized autocorrelation of delta T^{tt}(k) is exp(M t)_{00} of the sound mode and that of
// the transverse T^{ty}(k) is exp(M t)_{00} of the shear mode (tests/support/linear_modes.hpp), with
// no fitted parameter. Measured on an n x 1 x 1 grid with k along x, Ly = Lz = 1000 fm (the relative
// fluctuation per cell is ~1e-4: the nonlinear corrections are far below the statistical error).
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

#include "problems/registry.hpp"
#include "support/linear_modes.hpp"
#include "support/run_helpers.hpp"
#include "transport/transport.hpp"

namespace ishydro::testing {

struct DynamicsCase {
  int n;     // points along x
  double L;  // Lx (fm)
  double eta_over_s, zeta_over_s, tau_coeff, cfl;
  double gap;              // fm between samples (and between lags)
  int lags;                // lags 0 .. lags-1
  double duration;         // fm of sampled equilibrium run
  std::vector<int> modes;  // kx = 2 pi m / L
};

struct CorrelationPoint {
  double t, measured, error, expected_sound_or_shear;
};

struct DynamicsResult {
  // [mode][lag]: the normalized autocorrelation of delta T^{tt} (sound) and of T^{ty} (shear).
  std::vector<std::vector<CorrelationPoint>> sound, shear;
};

inline DynamicsResult measure_dynamics(const DynamicsCase& c, std::uint64_t seed = 11) {
  RunConfig cfg = base_config({c.n, 1, 1}, {c.L, 1000.0, 1000.0}, 1e9);
  cfg.transport.eta_over_s = c.eta_over_s;
  cfg.transport.zeta_over_s = c.zeta_over_s;
  cfg.transport.tau_pi_coeff = c.tau_coeff;
  cfg.transport.tau_Pi_coeff = c.tau_coeff;
  cfg.initial = make_initial("uniform", {{"e0", 10.0}});
  cfg.time.cfl = c.cfl;
  cfg.noise.enabled = true;
  cfg.noise.seed = seed;
  RunOptions opts;
  opts.write_outputs = false;
  opts.threads = 1;
  Simulation sim(cfg, opts);

  const Eos eos = Eos::from_config(cfg.eos);
  const Transport transport(cfg.transport, eos);
  const TransportCoefficients tc = transport.at(10.0);
  const Background b{10.0,
                     eos.cs2(),
                     tc.eta,
                     tc.zeta,
                     tc.tau_pi,
                     tc.tau_Pi,
                     transport.shear_active(),
                     transport.bulk_active()};

  const std::size_t modes = c.modes.size();
  const long samples = std::lround(c.duration / c.gap);
  // Per mode, the time series of T^{tt}(k) and T^{ty}(k).
  std::vector<std::vector<cd>> a00(modes), a0y(modes);
  std::vector<std::vector<cd>> phase(modes, std::vector<cd>(static_cast<std::size_t>(c.n)));
  for (std::size_t m = 0; m < modes; ++m)
    for (int x = 0; x < c.n; ++x)
      phase[m][static_cast<std::size_t>(x)] = std::polar(1.0, -2 * std::numbers::pi * c.modes[m] * x / c.n);
  double t = 0;
  // Start from the noise-free uniform state: relax for 10 decay times of the slowest mode.
  sim.advance(t += 40.0);
  for (long s = 0; s < samples; ++s) {
    EXPECT_EQ(sim.advance(t += c.gap).exit_status, 0);
    const StateView& st = sim.state();
    for (std::size_t m = 0; m < modes; ++m) {
      cd e{}, g{};
      for (int x = 0; x < c.n; ++x) {
        e += st.ptr(kTtt)[x] * phase[m][static_cast<std::size_t>(x)];
        g += st.ptr(kTty)[x] * phase[m][static_cast<std::size_t>(x)];
      }
      a00[m].push_back(e);
      a0y[m].push_back(g);
    }
  }

  // Batch estimates: the series is cut into 20 batches; in each, C(lag)/C(0) from the pairs inside
  // it; the mean over batches and its standard error.
  constexpr int kBatches = 20;
  auto correlation = [&](const std::vector<cd>& a, int lag, std::size_t begin, std::size_t end) {
    double num = 0, den = 0;
    for (std::size_t i = begin; i + static_cast<std::size_t>(lag) < end; ++i) {
      num += std::real(a[i + static_cast<std::size_t>(lag)] * std::conj(a[i]));
      den += std::norm(a[i]);
    }
    return num / den;
  };
  auto estimate = [&](const std::vector<cd>& a, int lag) {
    const std::size_t per = a.size() / kBatches;
    double sum = 0, sum2 = 0;
    for (int bt = 0; bt < kBatches; ++bt) {
      const double r = correlation(a, lag, bt * per, (bt + 1) * per);
      sum += r;
      sum2 += r * r;
    }
    const double mean = sum / kBatches, var = (sum2 - kBatches * mean * mean) / (kBatches - 1);
    return std::pair<double, double>(mean, std::sqrt(var / kBatches));
  };
  DynamicsResult r;
  r.sound.resize(modes);
  r.shear.resize(modes);
  for (std::size_t m = 0; m < modes; ++m) {
    const double k = 2 * std::numbers::pi * c.modes[m] / c.L;
    for (int lag = 0; lag < c.lags; ++lag) {
      const double tl = lag * c.gap;
      const auto [s, se] = estimate(a00[m], lag);
      r.sound[m].push_back({tl, s, se, std::real(sound_mode(b, k, {cd(1.0), 0, 0, 0}, tl)[0])});
      const auto [h, he] = estimate(a0y[m], lag);
      r.shear[m].push_back({tl, h, he, std::real(shear_mode(b, k, {cd(1.0), 0}, tl)[0])});
    }
  }
  return r;
}

// Every lag within 5 standard errors of the exact linear correlation, and the errors small enough that
// the comparison means something.
inline void expect_linear_dynamics(const DynamicsCase& c, const DynamicsResult& r, double max_error) {
  for (std::size_t m = 0; m < c.modes.size(); ++m) {
    for (const auto* series : {&r.sound[m], &r.shear[m]}) {
      const char* what =
          series == &r.sound[m] ? "sound <dT^tt(k,t) dT^tt(k,0)>" : "shear <T^ty(k,t) T^ty(k,0)>";
      for (const CorrelationPoint& p : *series) {
        EXPECT_NEAR(p.measured, p.expected_sound_or_shear, 5 * p.error + 1e-12)
            << what << " mode " << c.modes[m] << " t " << p.t << ": " << p.measured << " +- " << p.error;
        EXPECT_LT(p.error, max_error) << what << " mode " << c.modes[m] << " t " << p.t;
      }
    }
  }
}

}  // namespace ishydro::testing
