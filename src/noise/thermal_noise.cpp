#include "noise/thermal_noise.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "noise/normal_noise.hpp"
#include "noise/ornstein_uhlenbeck.hpp"
#include "parallel/loops.hpp"
#include "profiling/profiler.hpp"

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
  const double phi1 = std::expm1(z) / z;
  return 1.5 * (phi1 - (1.0 + std::exp(z)) / 6.0) - std::exp(0.5 * z);
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
  for (std::size_t c = begin; c < end; ++c) {
    // z1 (stage 0) gives A and the part of I correlated with it, z2 (stage 1) the rest of I; each stage
    // takes 8 normals from components 0 and 1: pi's symmetric matrix (6), Pi (1), one unused.
    double z1[8], z2[8];
    NoiseKey key{seed_, step_, 0, first_global_cell_ + c, 0};
    normals(key, z1);
    key.component = 1;
    normals(key, z1 + 4);
    key.stage = 1;
    normals(key, z2 + 4);
    key.component = 0;
    normals(key, z2);
    const double T = eos_.temperature(e[c]);
    const TransportCoefficients tc = transport_.at_cells(e[c], T);
    if (shear_ && shear_rate[c] > 0.0 && tc.tau_pi > 0.0) {
      const double lambda = shear_rate[c];
      const OuStep s = ou_step(h, 1.0 / lambda, tc.eta * T / (tc.tau_pi * cell_volume_));
      double m1[6], m2[6];
      traceless_tensor(z1, m1);
      traceless_tensor(z2, m2);
      for (int q = 0; q < kShear; ++q) {
        a_[q][c] = s.l11 * m1[q];
        half_[q][c] = s.l21 * m1[q] + s.l22 * m2[q];  // I for now
      }
    } else {
      for (int q = 0; q < kShear; ++q) a_[q][c] = half_[q][c] = 0.0;
    }
    if (bulk_ && bulk_rate[c] > 0.0 && tc.tau_Pi > 0.0) {
      const double lambda = bulk_rate[c];
      const OuStep s = ou_step(h, 1.0 / lambda, tc.zeta * T / (tc.tau_Pi * cell_volume_));
      a_[kBulkField][c] = s.l11 * z1[6];
      half_[kBulkField][c] = s.l21 * z1[6] + s.l22 * z2[6];
    } else {
      a_[kBulkField][c] = half_[kBulkField][c] = 0.0;
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
    for (auto* fields : {&a_, &half_})
      for (std::size_t c = b0; c < b1; ++c) (*fields)[5][c] = -((*fields)[0][c] + (*fields)[3][c]);
    for (int q = 0; q < 7; ++q) {
      const bool shear = q < kShear;
      if (shear ? !shear_ : !bulk_) continue;
      const double* rate = shear ? shear_rate.data() : bulk_rate.data();
      const double* F = f.ptr(shear ? kPixx + q : kBulk);
      double* A = a_[q].data();
      double* H = half_[q].data();
      for (std::size_t c = b0; c < b1; ++c) {
        const double lambda = rate[c];
        const double correction = lambda > 0.0 ? kappa(-lambda * h) * (-F[c] / lambda) : 0.0;
        H[c] = 1.5 * inv_h * H[c] - 0.25 * A[c] + correction;
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
