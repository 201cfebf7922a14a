#include "noise/thermal_noise.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "noise/fast_normals.hpp"
#include "noise/normal_noise.hpp"
#include "noise/ornstein_uhlenbeck.hpp"
#include "parallel/loops.hpp"
#include "profiling/profiler.hpp"
#include "simd/cell_lanes.hpp"

namespace ishydro {

namespace {
constexpr int kShear = 6, kBulkField = 6;  // fields 0..5: pi^{ij} (xx, xy, xz, yy, yz, zz); 6: Pi
constexpr std::size_t kBlock = 512;
// The shear components the filter transforms; pi^{zz} = -(pi^{xx} + pi^{yy}) follows (linear).
constexpr int kFiltered[5] = {0, 1, 2, 3, 4};

// The traceless part of the symmetric matrix with off-diagonal entries z (variance 1) and diagonal
// entries sqrt(2) z (variance 2), in storage order (eq. 46): <xy^2> = 1, <xx^2> = 4/3, <xx yy> = -2/3.
inline void traceless_tensor(const double z[6], double m[6]) {
  const double s2 = std::numbers::sqrt2;
  const double xx = s2 * z[0], yy = s2 * z[3], zz = s2 * z[5];
  const double third = (xx + yy + zz) / 3.0;
  m[0] = xx - third;
  m[1] = z[1];
  m[2] = z[2];
  m[3] = yy - third;
  m[4] = z[4];
  m[5] = zz - third;
}

// kappa(z) = (3/2)(phi_1(z) - (1 + e^z)/6) - e^{z/2}, z = -lambda h (eq. 48): the stage-a/b weight of
// the deviation of pi_n from the value it relaxes to, which makes the fourth-order quadrature of the
// conserved densities integrate that decaying deviation exactly. O(z^4) (-z^4/1920) for small z.
inline double kappa(double z) {
  if (std::abs(z) < 1e-3) return -z * z * z * z / 1920.0;
  const double em = std::expm1(z);  // e^z - 1; e^{z/2} as sqrt(e^z): one transcendental call
  return 1.5 * (em / z - (2.0 + em) / 6.0) - std::sqrt(1.0 + em);
}
}  // namespace

ThermalNoise::ThermalNoise(const Grid& grid, Arena& arena, Spectral& spectral, RightHandSide& rhs,
                           const Eos& eos, const Transport& transport, const NoiseConfig& noise,
                           Dealiasing dealiasing)
    : grid_(grid),
      spectral_(spectral),
      rhs_(rhs),
      eos_(eos),
      transport_(transport),
      seed_(noise.seed),
      filter_(dealiasing == Dealiasing::two_thirds),
      shear_(transport.shear_active()),
      bulk_(transport.bulk_active()),
      cell_volume_(grid.cell_volume()),
      first_global_cell_(static_cast<std::uint64_t>(grid.x_offset) * grid.n[1] * grid.n[2]) {
  for (int f = 0; f < 7; ++f) {
    a_h_[f] = arena.reserve_real("noise increment", grid.cells());
    half_h_[f] = arena.reserve_real("noise midpoint", grid.cells());
  }
}

void ThermalNoise::bind(const Arena& arena) {
  for (int f = 0; f < 7; ++f) {
    a_[f] = arena.real(a_h_[f]);
    half_[f] = arena.real(half_h_[f]);
  }
}

int ThermalNoise::ffts_per_step() const {
  if (!filter_) return 0;
  return 2 * 2 * ((shear_ ? 5 : 0) + (bulk_ ? 1 : 0));
}

double ThermalNoise::shear_variance(double e) const {
  const double T = eos_.temperature(e);
  const TransportCoefficients tc = transport_.at_cells(e, T);
  return tc.tau_pi > 0 ? tc.eta * T / (tc.tau_pi * cell_volume_) : 0.0;
}

double ThermalNoise::bulk_variance(double e) const {
  const double T = eos_.temperature(e);
  const TransportCoefficients tc = transport_.at_cells(e, T);
  return tc.tau_Pi > 0 ? tc.zeta * T / (tc.tau_Pi * cell_volume_) : 0.0;
}

void ThermalNoise::draw(std::size_t begin, std::size_t end, double h, std::span<const double> e,
                        std::span<const double> shear_rate, std::span<const double> bulk_rate) {
  // sigma^2 of pi (eta T / (tau_pi dV)) and of Pi (zeta T / (tau_Pi dV)) per cell, kCellLanes cells at a
  // time through the vector EOS and transport of the right-hand side (every cell the same vector code,
  // so the same bits wherever it falls).
  double var_shear[kBlock], var_bulk[kBlock];
  const double* E = e.data() + begin;
  const std::size_t count = end - begin;
  for (std::size_t c0 = 0; c0 < count; c0 += kCellLanes) {
    const CellGroup g{c0, static_cast<int>(std::min<std::size_t>(kCellLanes, count - c0))};
    CellLanes ec;
    load(ec, E, g);
    const CellLanes T = eos_.temperature(ec);
    const TransportCoefficientsT<CellLanes> tc = transport_.at_cells(ec, T);
    const CellLanes shear = shear_ ? tc.eta * T / (tc.tau_pi * cell_volume_) : CellLanes{};
    const CellLanes bulk = bulk_ ? tc.zeta * T / (tc.tau_Pi * cell_volume_) : CellLanes{};
    store(var_shear, shear, g);
    store(var_bulk, bulk, g);
  }
  // 16 standard normals per cell, 4 from each of 4 Philox blocks: (stage 0, component 0 and 1) give z1,
  // (stage 1, component 0 and 1) z2; z1 gives A and the part of I correlated with it, z2 the rest of I
  // (7 of each 8 used: pi's symmetric matrix, 6, and Pi). Generated kChunk cells at a time, each loop
  // over cells branch-free and of fixed length (fast_normals.hpp) so that it vectorizes and gives a cell the
  // same bits wherever it falls (any number of ranks and threads).
  constexpr std::size_t kChunk = kNormalChunk;
  alignas(64) double z[16][kChunk];
  alignas(64) double u[4][kChunk];
  const PhiloxKey pk = noise_philox_key(seed_);
  for (std::size_t c0 = begin; c0 < end; c0 += kChunk) {
    const std::size_t m = std::min(kChunk, end - c0);
    for (std::uint32_t block = 0; block < 4; ++block) {
      NoiseKey key{seed_, step_, block >> 1, 0, block & 1};
      for (std::size_t i = 0; i < kChunk; ++i) {  // in full (box_muller_chunk); the cells past m unused
        key.cell = first_global_cell_ + c0 + i;
        const PhiloxCounter b = philox4x32_10(noise_counter(key, 0), pk);
        for (int j = 0; j < 4; ++j) u[j][i] = uniform_open32(b[j]);
      }
      double* out = z[4 * block];
      box_muller_chunk(u[0], u[1], out, out + kChunk);
      box_muller_chunk(u[2], u[3], out + 2 * kChunk, out + 3 * kChunk);
    }
    for (std::size_t i = 0; i < m; ++i) {
      const std::size_t c = c0 + i;
      double z1[8], z2[8];
      for (int j = 0; j < 8; ++j) {
        z1[j] = z[j][i];
        z2[j] = z[8 + j][i];
      }
      const double vs = var_shear[c - begin], vb = var_bulk[c - begin];
      // kappa(-lambda h) / lambda of each rate (eq. 48) waits for prepare()'s last pass in the pi^{zz}
      // slots, which the filter skips and which that pass then sets from pi^{xx} + pi^{yy}.
      const double ks = shear_rate[c] > 0.0 ? kappa(-shear_rate[c] * h) / shear_rate[c] : 0.0;
      const double kb = bulk_rate[c] > 0.0 ? kappa(-bulk_rate[c] * h) / bulk_rate[c] : 0.0;
      if (shear_ && shear_rate[c] > 0.0 && vs > 0.0) {
        const OuFactors s = ou_factors(h, 1.0 / shear_rate[c], vs);
        double m1[6], m2[6];
        traceless_tensor(z1, m1);
        traceless_tensor(z2, m2);
        for (int q : kFiltered) {
          a_[q][c] = s.l11 * m1[q];
          half_[q][c] = s.l21 * m1[q] + s.l22 * m2[q];  // I for now
        }
      } else {
        for (int q : kFiltered) a_[q][c] = half_[q][c] = 0.0;
      }
      a_[5][c] = ks;
      half_[5][c] = kb;
      if (bulk_ && bulk_rate[c] > 0.0 && vb > 0.0) {
        const OuFactors s = ou_factors(h, 1.0 / bulk_rate[c], vb);
        a_[kBulkField][c] = s.l11 * z1[6];
        half_[kBulkField][c] = s.l21 * z1[6] + s.l22 * z2[6];
      } else {
        a_[kBulkField][c] = half_[kBulkField][c] = 0.0;
      }
    }
  }
}

void ThermalNoise::prepare(double h, const StateView& f, std::span<const double> shear_rate,
                           std::span<const double> bulk_rate) {
  ISHYDRO_PROFILE("thermal noise");
  const std::size_t n = grid_.cells();
  const std::span<const double> e = rhs_.primitive_views().e;  // of U_n (Etd4::begin)
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  {
    ISHYDRO_PROFILE("draws");
    parallel::for_each(blocks, [&](std::size_t b) {
      draw(b * kBlock, std::min(n, (b + 1) * kBlock), h, e, shear_rate, bulk_rate);
    });
  }
  if (filter_) {
    ISHYDRO_PROFILE("filter");
    // The 2/3 rule: each drawn field projected on the kept modes (one forward and one inverse
    // transform); every kept mode keeps its full variance, the removed ones get none (eq. 47).
    for (auto* fields : {&a_, &half_}) {
      if (shear_)
        for (int q : kFiltered) spectral_.filter((*fields)[q].data());
      if (bulk_) spectral_.filter((*fields)[kBulkField].data());
    }
  }
  // pi^{zz} = -(pi^{xx} + pi^{yy}) (traceless); then I -> eta_half = 3 I / (2h) - A/4 + kappa delta_n,
  // delta_n = -F(U_n)/lambda (eq. 48).
  const double inv_h = 1.0 / h;
  parallel::for_each(blocks, [&](std::size_t b) {
    const std::size_t b0 = b * kBlock, b1 = std::min(n, b0 + kBlock);
    for (std::size_t c = b0; c < b1; ++c) {
      const double ks = a_[5][c], kb = half_[5][c];  // kappa / lambda, from draw()
      a_[5][c] = -(a_[0][c] + a_[3][c]);
      half_[5][c] = -(half_[0][c] + half_[3][c]);
      if (shear_)
        for (int q = 0; q < kShear; ++q) {
          double& H = half_[q][c];
          H = 1.5 * inv_h * H - 0.25 * a_[q][c] - ks * f.ptr(kPixx + q)[c];
        }
      if (bulk_) {
        double& H = half_[kBulkField][c];
        H = 1.5 * inv_h * H - 0.25 * a_[kBulkField][c] - kb * f.ptr(kBulk)[c];
      }
    }
  });
}

void ThermalNoise::add(const std::array<std::span<double>, 7>& fields, const StateView& stage) const {
  const std::size_t n = grid_.cells();
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  parallel::for_each(blocks, [&](std::size_t b) {
    const std::size_t b0 = b * kBlock, b1 = std::min(n, b0 + kBlock);
    for (int q = 0; q < 7; ++q) {
      if (q < kShear ? !shear_ : !bulk_) continue;
      double* S = stage.ptr(q < kShear ? kPixx + q : kBulk);
      const double* X = fields[q].data();
      for (std::size_t c = b0; c < b1; ++c) S[c] += X[c];
    }
  });
}

void ThermalNoise::add_midpoint(const StateView& stage) { add(half_, stage); }
void ThermalNoise::add_end(const StateView& stage) { add(a_, stage); }

}  // namespace ishydro
