// Thermal fluctuations (docs/validation_fluctuations.md): the fluctuation-dissipation amplitude of the
// noise in pi^{ij} and Pi, per kept mode and independent of dt/tau_pi; the equal-time structure factors of
// the conserved densities against thermodynamics; bit-identical noise for 1 and 2 threads and after a
// restart; noise off = no noise object; the memory check counts the noise buffers. The dynamic
// correlations against the exact linear modes: test_noise_dynamics.cpp.
// Statistical errors: batch means over 10 batches of samples spaced by more than the correlation time
// of what is sampled, so that the standard error accounts for the remaining autocorrelation; each check
// is at 5 standard errors.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <complex>
#include <cstring>
#include <numbers>
#include <vector>

#include "io/io_test_util.hpp"
#include "io/structure_factors.hpp"
#include "noise/thermal_noise.hpp"
#include "problems/registry.hpp"
#include "support/linear_modes.hpp"
#include "support/run_helpers.hpp"

namespace ishydro {
namespace {

using testing::base_config;

// A uniform fluid at rest with noise: 2D, points n x n, box L x L x Lz (Lz sets dV, eq. 45).
RunConfig fluctuating(int n, double L, double Lz, double eta_over_s, double zeta_over_s, double tau_coeff,
                      double cs2, double end) {
  RunConfig cfg = base_config({n, n, 1}, {L, L, Lz}, end);
  cfg.eos.kind = cs2 == 1.0 / 3.0 ? EosKind::conformal : EosKind::ideal;
  cfg.eos.cs2 = cs2;
  cfg.transport.eta_over_s = eta_over_s;
  cfg.transport.zeta_over_s = zeta_over_s;
  cfg.transport.tau_pi_coeff = tau_coeff;
  cfg.transport.tau_Pi_coeff = tau_coeff;
  cfg.initial = make_initial("uniform", {{"e0", 10.0}});
  cfg.noise.enabled = true;
  cfg.noise.seed = 7;
  return cfg;
}

// Mean and standard error from batch means (10 batches).
struct Estimate {
  double mean = 0, error = 0;
};
Estimate batch_estimate(const std::vector<double>& samples) {
  constexpr int kBatches = 10;
  const std::size_t per = samples.size() / kBatches;
  std::vector<double> means(kBatches, 0.0);
  for (int b = 0; b < kBatches; ++b) {
    for (std::size_t i = 0; i < per; ++i) means[b] += samples[b * per + i];
    means[b] /= static_cast<double>(per);
  }
  Estimate e;
  for (double m : means) e.mean += m / kBatches;
  double var = 0;
  for (double m : means) var += (m - e.mean) * (m - e.mean) / (kBatches - 1);
  e.error = std::sqrt(var / kBatches);
  return e;
}

// The fraction of the modes the 2/3 rule keeps on an n x n x 1 grid.
double kept_fraction(int n) {
  int kept = 0;
  for (int m = 0; m < n; ++m) {
    const int s = m <= n / 2 ? m : m - n;
    if (3 * std::abs(s) < n) ++kept;
  }
  return static_cast<double>(kept) * kept / (static_cast<double>(n) * n);
}

struct PiMoments {
  Estimate xy, xx, xx_yy, bulk;
};

// The variance per kept mode of pi^{xy}, pi^{xx}, the covariance <pi^{xx} pi^{yy}> and that of Pi,
// in units of eta T / (tau_pi dV) (zeta T / (tau_Pi dV) for Pi), sampled every `gap` fm.
PiMoments pi_moments(const RunConfig& cfg, double gap, int samples) {
  RunOptions opts;
  opts.write_outputs = false;
  opts.threads = 1;
  Simulation sim(cfg, opts);
  const double e0 = cfg.initial.number("e0");
  const double s_shear = sim.noise()->shear_variance(e0), s_bulk = sim.noise()->bulk_variance(e0);
  const double kept = kept_fraction(cfg.grid.points[0]);
  std::vector<double> xy, xx, xxyy, bulk;
  double t = 0;
  sim.advance(t += 3 * gap);
  for (int i = 0; i < samples; ++i) {
    EXPECT_EQ(sim.advance(t += gap).exit_status, 0);
    const StateView& s = sim.state();
    const std::size_t n = s.cells;
    double m[4] = {};
    for (std::size_t c = 0; c < n; ++c) {
      m[0] += s.ptr(kPixy)[c] * s.ptr(kPixy)[c];
      m[1] += s.ptr(kPixx)[c] * s.ptr(kPixx)[c];
      m[2] += s.ptr(kPixx)[c] * s.ptr(kPiyy)[c];
      m[3] += s.ptr(kBulk)[c] * s.ptr(kBulk)[c];
    }
    const double norm = 1.0 / (static_cast<double>(n) * kept);
    xy.push_back(m[0] * norm / s_shear);
    xx.push_back(m[1] * norm / s_shear);
    xxyy.push_back(m[2] * norm / s_shear);
    bulk.push_back(m[3] * norm / s_bulk);
  }
  return {batch_estimate(xy), batch_estimate(xx), batch_estimate(xxyy), batch_estimate(bulk)};
}

void expect_within(const Estimate& e, double expected, const char* what) {
  EXPECT_NEAR(e.mean, expected, 5 * e.error) << what << ": " << e.mean << " +- " << e.error;
  EXPECT_LT(e.error, 0.05 * std::abs(expected)) << what << ": too few samples";
}

// eta/s = 0.01 keeps tau_pi = 5 eta/(e+p) = 0.037 fm small, so that dt/tau_pi = 20 is still a stable
// step for the sound waves on 2 fm cells.
TEST(ThermalNoise, PiVariancePerKeptModeIndependentOfDt) {
  for (double ratio : {0.05, 1.0, 20.0}) {
    RunConfig cfg = fluctuating(16, 32.0, 100.0, 0.01, 0.01, 5.0, 1.0 / 3.0, 0);
    RunOptions opts;
    opts.write_outputs = false;
    double tau_pi = 0;
    {
      const Eos eos = Eos::from_config(cfg.eos);
      tau_pi = Transport(cfg.transport, eos).at(cfg.initial.number("e0")).tau_pi;
    }
    cfg.time.dt = ratio * tau_pi;
    cfg.time.end = 1e9;
    const double gap = std::max(2.0 * tau_pi, *cfg.time.dt);
    const PiMoments m = pi_moments(cfg, gap, 200);
    SCOPED_TRACE(::testing::Message() << "dt/tau_pi = " << ratio);
    expect_within(m.xy, 1.0, "<pi_xy^2>");
    expect_within(m.xx, 4.0 / 3.0, "<pi_xx^2>");
    expect_within(m.xx_yy, -2.0 / 3.0, "<pi_xx pi_yy>");
    expect_within(m.bulk, 1.0, "<Pi^2>");
  }
}

struct SfCase {
  int n;
  double L, eta_over_s, zeta_over_s, tau_coeff, cs2, cfl;
};

// Mode-weighted averages of S_T00 / (T^2 de/dT) and S_T0i / ((e+p) T) over all shells, sampled every
// `gap` fm after `warm` fm.
void check_structure_factors(const SfCase& c, double warm, double gap, int samples) {
  // Lz = 1000 fm: the relative fluctuation of e per cell, T^2 de/dT / (e^2 dV), is ~1e-3, so the
  // nonlinear corrections to the linear-response values stay below the statistical error.
  RunConfig cfg = fluctuating(c.n, c.L, 1000.0, c.eta_over_s, c.zeta_over_s, c.tau_coeff, c.cs2, 1e9);
  cfg.time.cfl = c.cfl;
  RunOptions opts;
  opts.write_outputs = false;
  opts.threads = 1;
  Simulation sim(cfg, opts);
  const Eos eos = Eos::from_config(cfg.eos);
  const double e = cfg.initial.number("e0"), T = eos.temperature(e);
  const double ref_g = (e + eos.pressure(e)) * T, ref_e = (1.0 + 1.0 / c.cs2) * e * T;  // T^2 de/dT
  std::vector<double> s00, sl, st;
  double t = 0;
  sim.advance(t += warm);
  StructureFactors sf;
  for (int i = 0; i < samples; ++i) {
    ASSERT_EQ(sim.advance(t += gap).exit_status, 0);
    compute_structure_factors(sim.spectral(), sim.state(), sf);
    double w = 0, a = 0, b = 0, d = 0;
    for (std::size_t s = 0; s < sf.k.size(); ++s) {
      w += sf.counts[s];
      a += sf.counts[s] * sf.T00[s];
      b += sf.counts[s] * sf.longitudinal[s];
      d += sf.counts[s] * sf.transverse[s];
    }
    s00.push_back(a / w / ref_e);
    sl.push_back(b / w / ref_g);
    st.push_back(d / w / ref_g);
  }
  SCOPED_TRACE(::testing::Message() << "n " << c.n << " L " << c.L << " eta/s " << c.eta_over_s << " zeta/s "
                                    << c.zeta_over_s << " tau coeff " << c.tau_coeff << " cs2 " << c.cs2
                                    << " cfl " << c.cfl);
  expect_within(batch_estimate(s00), 1.0, "S_T00 / T^2 de/dT");
  expect_within(batch_estimate(sl), 1.0, "S_T0i longitudinal / (e+p) T");
  expect_within(batch_estimate(st), 1.0, "S_T0i transverse / (e+p) T");
}

TEST(ThermalNoise, StructureFactorsEqualThermodynamics) {
  check_structure_factors({16, 4.0, 0.2, 0.05, 5.0, 1.0 / 3.0, 0.4}, 10.0, 0.5, 250);
  check_structure_factors({16, 4.0, 0.5, 0.0, 3.0, 0.25, 0.2}, 10.0, 0.5, 250);
  check_structure_factors({24, 6.0, 0.1, 0.1, 4.0, 1.0 / 3.0, 0.3}, 15.0, 0.5, 250);
}

// Thermal noise is keyed by (seed, step, stage, global cell, component): 1 and 2 threads give the same
// bits.
TEST(ThermalNoise, SameBitsOnOneAndTwoThreads) {
  RunConfig cfg = fluctuating(16, 4.0, 100.0, 0.2, 0.05, 5.0, 1.0 / 3.0, 2.0);
  const testing::Fields one = testing::run_to_end(cfg, 1), two = testing::run_to_end(cfg, 2);
  ASSERT_EQ(one.steps, two.steps);
  EXPECT_EQ(one.e, two.e);
  EXPECT_EQ(one.ux, two.ux);
  EXPECT_EQ(one.pi[1], two.pi[1]);
  EXPECT_EQ(one.Pi, two.Pi);
  // And a different seed gives a different run.
  cfg.noise.seed = 8;
  EXPECT_NE(testing::run_to_end(cfg, 1).e, one.e);
}

TEST(ThermalNoise, OffMakesNoNoiseObject) {
  RunConfig cfg = fluctuating(8, 4.0, 100.0, 0.2, 0.05, 5.0, 1.0 / 3.0, 0.5);
  cfg.noise.enabled = false;
  RunOptions opts;
  opts.write_outputs = false;
  Simulation sim(cfg, opts);
  EXPECT_EQ(sim.noise(), nullptr);
  for (const auto& [purpose, bytes] : sim.arena().bytes_by_purpose())
    EXPECT_EQ(purpose.find("noise"), std::string::npos) << purpose;
}

}  // namespace
}  // namespace ishydro

namespace ishydro {
namespace {

// The step number travels in the checkpoint and the seed in the input: a run to t and a run to t/2
// continued from its checkpoint draw the same noise and give the same bits.
TEST(ThermalNoise, RestartIsBitIdentical) {
  testing::TempDir full, half, rest;
  auto config = [](const testing::TempDir& dir, double end, std::vector<double> times) {
    RunConfig cfg = fluctuating(16, 4.0, 100.0, 0.2, 0.05, 5.0, 1.0 / 3.0, end);
    cfg.output.dir = dir.path().string();
    cfg.output.times = std::move(times);
    cfg.output.structure_factors = true;
    return cfg;
  };
  ASSERT_EQ(testing::run_with_outputs(config(full, 2.0, {1.0, 2.0})).exit_status, 0);
  ASSERT_EQ(testing::run_with_outputs(config(half, 1.0, {1.0})).exit_status, 0);
  RunConfig cont = config(rest, 2.0, {2.0});
  cont.initial = make_initial("file");
  cont.initial.values["path"] = std::string(half.file("checkpoint.h5"));
  cont.time.start_given = false;
  const RunResult r = testing::run_with_outputs(cont);
  ASSERT_EQ(r.exit_status, 0) << r.message;
  for (const char* field : {"e", "ux", "uy", "uz", "Pi", "pi_xx", "pi_xy", "pi_yy", "pi_zz"}) {
    const auto a = testing::h5_snapshot_field(full.file("fields.h5"), 1, field);
    const auto b = testing::h5_snapshot_field(rest.file("fields.h5"), 0, field);
    ASSERT_EQ(a.size(), b.size());
    EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)), 0) << field;
  }
  // structure_factors.h5: one group per snapshot (t = 1, 2) with the five datasets.
  const hid_t f = H5Fopen(full.file("structure_factors.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  for (const char* name : {"snapshot_000000/k", "snapshot_000001/S_T00", "snapshot_000001/S_T0i_longitudinal",
                           "snapshot_000001/S_T0i_transverse", "snapshot_000001/counts"})
    EXPECT_GT(H5Oexists_by_name(f, name, H5P_DEFAULT), 0) << name;
  H5Fclose(f);
}

}  // namespace
}  // namespace ishydro

namespace ishydro {
namespace {

// [noise]: enabled a boolean, seed an integer >= 0, refused in Milne coordinates naming the key.
TEST(ThermalNoise, BadInputIsRefused) {
  const std::string base =
      "[grid]\npoints = [8, 8, 1]\nsize = [1.0, 1.0, 1.0]\n[time]\nend = 1.0\n[initial]\nkind = "
      "\"uniform\"\ne0 = 1.0\n";
  const RunConfig ok = parse_config_string(base + "[noise]\nenabled = true\nseed = 12\n");
  EXPECT_TRUE(ok.noise.enabled);
  EXPECT_EQ(ok.noise.seed, 12u);
  EXPECT_EQ(parse_config_string(ok.resolved_toml).noise, ok.noise);
  auto message = [&](const std::string& text) {
    try {
      parse_config_string(text);
    } catch (const InputError& err) {
      return std::string(err.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(message(base + "[noise]\nseed = -1\n").find("noise.seed = -1"), std::string::npos);
  EXPECT_NE(message(base + "[noise]\nseed = 1.5\n").find("noise.seed"), std::string::npos);
  EXPECT_NE(message(base + "[noise]\nenabled = 1\n").find("noise.enabled"), std::string::npos);
  const std::string milne =
      "[grid]\npoints = [1, 1, 1]\nsize = [1.0, 1.0, 1.0]\ncoordinates = \"milne\"\n[time]\nstart = 1.0\nend "
      "= "
      "2.0\n[initial]\nkind = \"bjorken\"\nT0 = 0.3\n[noise]\nenabled = true\n";
  EXPECT_NE(message(milne).find("noise.enabled = true"), std::string::npos) << message(milne);
}

}  // namespace
}  // namespace ishydro

namespace ishydro {
namespace {

// The memory check (ishydro run --dry-run, docs/usage.md "Memory") counts the noise buffers: the
// arena is sized with them before anything is allocated, 14 fields per cell (A and the midpoint noise
// of the 6 pi components and Pi).
TEST(ThermalNoise, MemoryNeedCountsTheNoiseBuffers) {
  RunConfig cfg = fluctuating(16, 4.0, 100.0, 0.2, 0.05, 5.0, 1.0 / 3.0, 1.0);
  RunOptions opts;
  opts.write_outputs = false;
  opts.dry_run = true;
  cfg.noise.enabled = false;
  const Simulation off(cfg, opts);
  cfg.noise.enabled = true;
  const Simulation on(cfg, opts);
  const std::uint64_t field = 16ull * 16ull * sizeof(double);
  EXPECT_GE(on.memory().arena, off.memory().arena + 14 * field);
  EXPECT_LE(on.memory().arena, off.memory().arena + 14 * field + 14 * 4096);  // page alignment only
}

}  // namespace
}  // namespace ishydro
