// The keyed normals of src/noise/normal_noise.hpp: the counter layout, the open-interval uniforms, and the
// statistics of a million normals. The statistical bounds are 5 standard errors of each estimator for a
// true standard normal (so a correct generator fails one with probability ~6e-7 for any seed); the seeds
// are fixed, so the tests are deterministic anyway.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <set>
#include <tuple>
#include <vector>

#include "noise/normal_noise.hpp"

namespace ishydro {
namespace {

TEST(NormalNoise, UniformsAreOpenExactAndSymmetric) {
  EXPECT_EQ(uniform_open(0, 0), 0x1p-53);
  EXPECT_EQ(uniform_open(0xffffffffu, 0xffffffffu), 1.0 - 0x1p-53);
  EXPECT_EQ(uniform_open(0xfffu, 0), 0x1p-53);  // the low 12 bits are dropped
  EXPECT_EQ(uniform_open(0, 0x80000000u), 0.5 + 0x1p-53);
  EXPECT_EQ(uniform_open(0xffffffffu, 0x7fffffffu), 0.5 - 0x1p-53);
  EXPECT_EQ(uniform_open32(0), 0x1p-33);
  EXPECT_EQ(uniform_open32(0xffffffffu), 1.0 - 0x1p-33);
  // u(x) + u(~x) = 1 exactly: the set is symmetric about 1/2.
  for (std::uint64_t i = 0; i < 1000; ++i) {
    const std::uint32_t lo = static_cast<std::uint32_t>(i * 2654435761u),
                        hi = static_cast<std::uint32_t>(i * 40503u);
    EXPECT_EQ(uniform_open(lo, hi) + uniform_open(~lo, ~hi), 1.0);
    EXPECT_EQ(uniform_open32(lo) + uniform_open32(~lo), 1.0);
  }
}

TEST(NormalNoise, CounterFollowsTheDocumentedLayout) {
  const NoiseKey k{0x0123456789abcdefull, 0xba9876543210ull, 0xa5, 0xfedcba9876ull, 0x4321};
  ASSERT_TRUE(in_range(k));
  EXPECT_EQ(noise_philox_key(k.seed), (PhiloxKey{0x89abcdefu, 0x01234567u}));
  EXPECT_EQ(noise_counter(k, 0), (PhiloxCounter{0xdcba9876u, 0xa54321feu, 0x76543210u, 0x0000ba98u}));
  EXPECT_EQ(noise_counter(k, 1), (PhiloxCounter{0xdcba9876u, 0xa54321feu, 0x76543210u, 0x0001ba98u}));
}

TEST(NormalNoise, InRangeStatesTheLimits) {
  const NoiseKey top{~0ull, kNoiseStepLimit - 1, kNoiseStageLimit - 1, kNoiseCellLimit - 1,
                     kNoiseComponentLimit - 1};
  EXPECT_TRUE(in_range(top));
  EXPECT_EQ(noise_counter(top, 1), (PhiloxCounter{0xffffffffu, 0xffffffffu, 0xffffffffu, 0x0001ffffu}));
  NoiseKey k = top;
  k.step = kNoiseStepLimit;
  EXPECT_FALSE(in_range(k));
  k = top;
  k.stage = kNoiseStageLimit;
  EXPECT_FALSE(in_range(k));
  k = top;
  k.cell = kNoiseCellLimit;
  EXPECT_FALSE(in_range(k));
  k = top;
  k.component = kNoiseComponentLimit;
  EXPECT_FALSE(in_range(k));
}

// Injective on the edges of every field: all combinations of 0, 1, a middle value, limit - 2 and
// limit - 1 of each field and both halves give distinct counters (5^4 x 2 = 1250 of them).
TEST(NormalNoise, CountersOfDistinctKeysAreDistinct) {
  const auto edges = [](std::uint64_t limit) {
    return std::vector<std::uint64_t>{0, 1, limit / 3, limit - 2, limit - 1};
  };
  std::set<PhiloxCounter> seen;
  int n = 0;
  for (std::uint64_t step : edges(kNoiseStepLimit))
    for (std::uint64_t stage : edges(kNoiseStageLimit))
      for (std::uint64_t cell : edges(kNoiseCellLimit))
        for (std::uint64_t comp : edges(kNoiseComponentLimit))
          for (std::uint32_t half = 0; half < 2; ++half) {
            const NoiseKey k{7, step, static_cast<std::uint32_t>(stage), cell,
                             static_cast<std::uint32_t>(comp)};
            seen.insert(noise_counter(k, half));
            ++n;
          }
  EXPECT_EQ(static_cast<int>(seen.size()), n);
}

TEST(NormalNoise, DeterministicAndDistinctPerKeyField) {
  const NoiseKey base{42, 1000, 2, 123456789, 3};
  double a[4], b[4];
  normals(base, a);
  normals(base, b);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(a[i], b[i]);
  for (int field = 0; field < 5; ++field) {
    NoiseKey k = base;
    switch (field) {
      case 0:
        k.seed += 1;
        break;
      case 1:
        k.step += 1;
        break;
      case 2:
        k.stage += 1;
        break;
      case 3:
        k.cell += 1;
        break;
      case 4:
        k.component += 1;
        break;
    }
    normals(k, b);
    for (int i = 0; i < 4; ++i) EXPECT_NE(a[i], b[i]) << "field " << field << " normal " << i;
  }
}

struct Moments {
  double n = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, largest = 0;
  void add(double z) {
    const double z2 = z * z;
    n += 1;
    s1 += z;
    s2 += z2;
    s3 += z2 * z;
    s4 += z2 * z2;
    largest = std::max(largest, std::abs(z));
  }
};

// Moments about the true mean 0 of a standard normal: E z = 0 (sd 1), E z^2 = 1 (sd sqrt 2),
// E z^3 = 0 (sd sqrt 15), E z^4 = 3 (sd sqrt(105 - 9) = sqrt 96); each estimator's standard error is
// its sd / sqrt(n).
void expect_standard_normal(const Moments& m, const char* what) {
  const double n = m.n;
  EXPECT_NEAR(m.s1 / n, 0.0, 5 * std::sqrt(1.0 / n)) << what;
  EXPECT_NEAR(m.s2 / n, 1.0, 5 * std::sqrt(2.0 / n)) << what;
  EXPECT_NEAR(m.s3 / n, 0.0, 5 * std::sqrt(15.0 / n)) << what;
  EXPECT_NEAR(m.s4 / n, 3.0, 5 * std::sqrt(96.0 / n)) << what;
  EXPECT_LE(m.largest, std::sqrt(106 * std::log(2.0)) * (1 + 1e-15)) << what;
}

TEST(NormalNoise, AMillionNormalsHaveTheMomentsOfAStandardNormal) {
  Moments all, slot[4];
  for (std::uint64_t cell = 0; cell < 250000; ++cell) {
    double z[4];
    normals({20240611, 17, 1, cell * 977 + 5, 2}, z);
    for (int i = 0; i < 4; ++i) {
      ASSERT_TRUE(std::isfinite(z[i]));
      all.add(z[i]);
      slot[i].add(z[i]);
    }
  }
  expect_standard_normal(all, "all");
  for (int i = 0; i < 4; ++i) expect_standard_normal(slot[i], "one slot of the four");
  // Kurtosis m4 / m2^2 with the sample's own m2: standard error sqrt(24 / n).
  EXPECT_NEAR((all.s4 / all.n) / std::pow(all.s2 / all.n, 2), 3.0, 5 * std::sqrt(24.0 / all.n));
}

// The 4-per-block normals ThermalNoise draws (normals_fast): the same moments and histogram.
TEST(NormalNoise, FastNormalsHaveTheMomentsAndHistogramOfAStandardNormal) {
  Moments all;
  constexpr int kBins = 64;
  std::vector<double> count(kBins, 0.0);
  for (std::uint64_t cell = 0; cell < 250000; ++cell) {
    double z[4];
    normals_fast({20240611, 17, 1, cell * 977 + 5, 2}, z);
    for (double x : z) {
      ASSERT_TRUE(std::isfinite(x));
      all.add(x);
      count[std::min(kBins - 1, static_cast<int>(0.5 * std::erfc(-x / std::sqrt(2.0)) * kBins))] += 1;
    }
  }
  expect_standard_normal(all, "fast");
  EXPECT_NEAR((all.s4 / all.n) / std::pow(all.s2 / all.n, 2), 3.0, 5 * std::sqrt(24.0 / all.n));
  double chi2 = 0;
  const double expected = all.n / kBins;
  for (double c : count) chi2 += (c - expected) * (c - expected) / expected;
  EXPECT_LT(chi2, 63 + 5 * std::sqrt(126.0));
}

// The branch-free log and sin/cos (fast_normals.hpp) against libm, and the same bits for a cell
// whichever lane of box_muller_chunk it falls in (its noise does not depend on the decomposition).
TEST(NormalNoise, PolynomialBoxMullerIsAccurateAndLaneIndependent) {
  constexpr std::size_t n = kNormalChunk;
  std::vector<double> u1(2 * n), u2(2 * n);
  for (std::size_t i = 0; i < 2 * n; ++i) {
    const PhiloxCounter c = philox4x32_10({static_cast<std::uint32_t>(i), 1, 2, 3}, {5, 6});
    u1[i] = uniform_open32(c[0]);
    u2[i] = uniform_open32(c[1]);
  }
  u1[0] = 0x1p-33;  // the extremes of uniform_open32
  u2[0] = 1.0 - 0x1p-33;
  u1[1] = 1.0 - 0x1p-33;
  u2[1] = 0x1p-33;
  std::vector<double> a(2 * n), b(2 * n);
  box_muller_chunk(u1.data(), u2.data(), a.data(), b.data());
  box_muller_chunk(u1.data() + n, u2.data() + n, a.data() + n, b.data() + n);
  for (std::size_t shift : {1, 3, 7, 13, 31}) {
    std::vector<double> x(n), y(n);
    box_muller_chunk(u1.data() + shift, u2.data() + shift, x.data(), y.data());
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_EQ(std::bit_cast<std::uint64_t>(x[i]), std::bit_cast<std::uint64_t>(a[i + shift])) << i;
      ASSERT_EQ(std::bit_cast<std::uint64_t>(y[i]), std::bit_cast<std::uint64_t>(b[i + shift])) << i;
    }
  }
  for (std::size_t i = 0; i < 2 * n; ++i) {
    EXPECT_NEAR(poly_log(u1[i]), std::log(u1[i]), 4e-16 * std::abs(std::log(u1[i])) + 1e-300);
    double s, c;
    poly_sincos_2pi(u2[i], s, c);
    EXPECT_NEAR(s, std::sin(2 * std::numbers::pi * u2[i]), 2e-15);
    EXPECT_NEAR(c, std::cos(2 * std::numbers::pi * u2[i]), 2e-15);
    const double r = std::sqrt(-2 * std::log(u1[i]));
    EXPECT_NEAR(a[i], r * std::cos(2 * std::numbers::pi * u2[i]), 1e-14);
    EXPECT_NEAR(b[i], r * std::sin(2 * std::numbers::pi * u2[i]), 1e-14);
  }
}

// Pearson's chi-square over 64 equiprobable bins of Phi(z): 63 degrees of freedom, mean 63, sd sqrt(126);
// the bound is 5 sd above the mean.
TEST(NormalNoise, HistogramMatchesTheNormalDistribution) {
  constexpr int kBins = 64;
  std::vector<double> count(kBins, 0.0);
  double n = 0;
  for (std::uint64_t step = 0; step < 250000; ++step) {
    double z[4];
    normals({99, step, 0, 31337, 0}, z);
    for (double x : z) {
      const double phi = 0.5 * std::erfc(-x / std::sqrt(2.0));
      count[std::min(kBins - 1, static_cast<int>(phi * kBins))] += 1;
      n += 1;
    }
  }
  double chi2 = 0;
  for (double c : count) chi2 += (c - n / kBins) * (c - n / kBins) / (n / kBins);
  EXPECT_LT(chi2, 63 + 5 * std::sqrt(126.0)) << "chi^2 = " << chi2;
}

// Neighbouring keys (one field changed by one) give uncorrelated streams, and the four normals of one call
// are uncorrelated with each other and (for the Box-Muller pairs) in their squares. The sample correlation
// of independent streams has standard error 1 / sqrt(n).
TEST(NormalNoise, NeighbouringKeysAreUncorrelated) {
  constexpr int kN = 200000;
  const auto key = [](std::uint64_t i, int field) {
    NoiseKey k{5, 1000 + i % 7, 3, i, 1};
    switch (field) {
      case 1:
        k.seed += 1;
        break;
      case 2:
        k.step += 1;
        break;
      case 3:
        k.stage += 1;
        break;
      case 4:
        k.cell += 1;
        break;
      case 5:
        k.component += 1;
        break;
      default:
        break;
    }
    return k;
  };
  const double bound = 5 / std::sqrt(static_cast<double>(kN));
  for (int field = 1; field <= 5; ++field) {
    double sxy = 0, sxx = 0, syy = 0;
    for (std::uint64_t i = 0; i < kN; ++i) {
      double x[4], y[4];
      normals(key(i, 0), x);
      normals(key(i, field), y);
      sxy += x[0] * y[0] + x[3] * y[3];
      sxx += x[0] * x[0] + x[3] * x[3];
      syy += y[0] * y[0] + y[3] * y[3];
    }
    EXPECT_LT(std::abs(sxy / std::sqrt(sxx * syy)), bound / std::sqrt(2.0)) << "field " << field;
  }
  // Within one call: pairs (0,1) (one Box-Muller pair), (1,2), (0,3) (different Philox blocks), and the
  // squares of a pair (a wrong angle range would correlate them). The squares are centred by their mean 1;
  // corr(z0^2, z1^2) has standard error 1/sqrt(n) too.
  double s01 = 0, s12 = 0, s03 = 0, q01 = 0;
  for (std::uint64_t i = 0; i < kN; ++i) {
    double z[4];
    normals(key(i, 0), z);
    s01 += z[0] * z[1];
    s12 += z[1] * z[2];
    s03 += z[0] * z[3];
    q01 += (z[0] * z[0] - 1) * (z[1] * z[1] - 1) / 2;  // Var(z^2 - 1) = 2
  }
  EXPECT_LT(std::abs(s01 / kN), bound);
  EXPECT_LT(std::abs(s12 / kN), bound);
  EXPECT_LT(std::abs(s03 / kN), bound);
  EXPECT_LT(std::abs(q01 / kN), bound);
}

}  // namespace
}  // namespace ishydro
