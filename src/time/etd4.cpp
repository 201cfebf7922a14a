#include "time/etd4.hpp"

#include <algorithm>
#include <cmath>

#include "parallel/loops.hpp"
#include "profiling/profiler.hpp"
#include "simd/cell_lanes.hpp"

namespace ishydro {

namespace {
// 1/(m + k)! for m = 0..16, k = 1, 2, 3: the coefficients of the phi_k series.
constexpr int kSeriesTerms = 17;
struct PhiSeries {
  double c[3][kSeriesTerms];
};
constexpr PhiSeries phi_series() {
  PhiSeries s{};
  for (int k = 1; k <= 3; ++k) {
    double factorial = 1.0;
    for (int j = 2; j <= k; ++j) factorial *= j;
    for (int m = 0; m < kSeriesTerms; ++m) {
      s.c[k - 1][m] = 1.0 / factorial;
      factorial *= m + k + 1;
    }
  }
  return s;
}
constexpr PhiSeries kPhi = phi_series();

// phi_1, phi_2, phi_3 of |z| < 0.5 (phi_k(z) = sum_m z^m / (m + k)!, eq. 43) by Horner's rule, terms
// up to z^16: the remainder is below 0.5^17/17! ~ 1e-20. Multiplications only (no division), one
// expression for one cell and for kCellLanes cells.
template <class Real>
inline void phi123_series(const Real& z, Real& p1, Real& p2, Real& p3) {
  p1 = splat<Real>(kPhi.c[0][kSeriesTerms - 1]);
  p2 = splat<Real>(kPhi.c[1][kSeriesTerms - 1]);
  p3 = splat<Real>(kPhi.c[2][kSeriesTerms - 1]);
  for (int m = kSeriesTerms - 2; m >= 0; --m) {
    p1 = p1 * z + kPhi.c[0][m];
    p2 = p2 * z + kPhi.c[1][m];
    p3 = p3 * z + kPhi.c[2][m];
  }
}

// The nine weights of Etd4Weights, in that order, for |z| < 0.5 from the series alone: e^z = 1 + z
// phi_1(z) (no exp call).
constexpr int kWeights = 9;
template <class Real>
inline void etd4_series_weights(const Real& z, Real w[kWeights]) {
  Real p1, p2, p3, h1, h2, h3;
  phi123_series(z, p1, p2, p3);
  const Real half = 0.5 * z;
  phi123_series(half, h1, h2, h3);
  w[0] = 1.0 + half * h1;  // e^{z/2}
  w[1] = h1;
  w[2] = h2;
  w[3] = 1.0 + z * p1;  // e^z
  w[4] = p1;
  w[5] = p2;
  w[6] = p1 - 3.0 * p2 + 4.0 * p3;
  w[7] = p2 - 2.0 * p3;
  w[8] = 4.0 * p3 - p2;
}

// Etd4Weights and the nine values of etd4_series_weights (the order of its fields) into each other.
Etd4Weights from_values(const double (&v)[kWeights]) {
  return {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]};
}
void to_values(const Etd4Weights& w, double (&v)[kWeights]) {
  const double all[kWeights] = {w.exp_half,  w.phi1_half, w.phi2_half, w.exp_full, w.phi1_full,
                                w.phi2_full, w.w_n,       w.w_ab,      w.w_c};
  std::copy(all, all + kWeights, v);
}

// phi_1, phi_2, phi_3 by their closed forms, for |z| >= 0.5 (where they do not cancel).
void phi123_closed(double z, double& p1, double& p2, double& p3) {
  const double ez = std::exp(z);
  p1 = (ez - 1.0) / z;
  p2 = (ez - 1.0 - z) / (z * z);
  p3 = (ez - 1.0 - z - 0.5 * z * z) / (z * z * z);
}
}  // namespace

Etd4Weights etd4_weights(double z) {
  if (std::abs(z) < 0.5) {
    double s[kWeights];
    etd4_series_weights(z, s);
    return from_values(s);
  }
  double p1, p2, p3, h1, h2, h3;
  phi123_closed(z, p1, p2, p3);
  const double half = 0.5 * z;
  if (std::abs(half) < 0.5)
    phi123_series(half, h1, h2, h3);
  else
    phi123_closed(half, h1, h2, h3);
  return {std::exp(half), h1,           h2, std::exp(z), p1, p2, p1 - 3.0 * p2 + 4.0 * p3,
          p2 - 2.0 * p3,  4.0 * p3 - p2};
}

namespace {
// The weights of `count` cells with rates `rate` (all arrays start at the first of them), kCellLanes
// at a time, into weights[0..8] (the fields of Etd4Weights). A cell with |z| < 0.5 (the usual case:
// h ~ tau or less) always gets the vector series, one with |z| >= 0.5 always the one-cell closed form:
// a cell's weights do not depend on where it falls in a group (thread and MPI splits).
void etd4_weights_cells(const double* rate, double h, std::size_t count, double* const weights[kWeights]) {
  for (std::size_t c0 = 0; c0 < count; c0 += kCellLanes) {
    const CellGroup group{c0, static_cast<int>(std::min<std::size_t>(kCellLanes, count - c0))};
    CellLanes lam{};
    load(lam, rate, group);
    const CellLanes z = -lam * h;
    CellLanes w[kWeights];
    etd4_series_weights(z, w);
    for (int k = 0; k < kWeights; ++k) store(weights[k], w[k], group);
    if (!any_lane(lane_abs(z) >= 0.5)) continue;
    for (int l = 0; l < group.count; ++l) {
      if (std::abs(z[l]) < 0.5) continue;
      double closed[kWeights];
      to_values(etd4_weights(z[l]), closed);
      for (int k = 0; k < kWeights; ++k) weights[k][c0 + static_cast<std::size_t>(l)] = closed[k];
    }
  }
}
}  // namespace

Etd4::Etd4(const Grid& grid, Arena& arena, bool charged)
    : cells_(grid.cells()), vars_(evolved_variables(charged)), rates_(charged ? 3 : 2) {
  const std::size_t size = static_cast<std::size_t>(vars_) * cells_;
  stage_h_ = arena.reserve_real("integrator stage", size);
  f_h_ = arena.reserve_real("integrator rhs", size);
  f2_h_ = arena.reserve_real("integrator rhs", size);
  acc_h_ = arena.reserve_real("integrator sum", size);
  shear_h_ = arena.reserve_real("relaxation rates", cells_);
  bulk_h_ = arena.reserve_real("relaxation rates", cells_);
  if (charged) diffusion_h_ = arena.reserve_real("relaxation rates", cells_);
  for (int r = 0; r < rates_; ++r)
    for (auto& h : weight_h_[r]) h = arena.reserve_real("integrator weights", cells_);
}

void Etd4::bind(const Arena& arena) {
  stage_ = {arena.real(stage_h_), cells_, vars_};
  f_ = {arena.real(f_h_), cells_, vars_};
  f2_ = {arena.real(f2_h_), cells_, vars_};
  acc_ = {arena.real(acc_h_), cells_, vars_};
  shear_rate_ = arena.real(shear_h_);
  bulk_rate_ = arena.real(bulk_h_);
  if (rates_ == 3) diffusion_rate_ = arena.real(diffusion_h_);
  for (int r = 0; r < rates_; ++r)
    for (int k = 0; k < kCachedWeights; ++k) weights_[r][k] = arena.real(weight_h_[r][k]).data();
}

void Etd4::begin(RightHandSide& rhs, const StateView& state, double time, StateSummary& summary) {
  rhs.evaluate(state, f_, time, summary, shear_rate_, bulk_rate_, diffusion_rate_);
}

namespace {
// Cells per block of the update loops: each block's variables are swept one array at a time (unit
// stride, vectorizable) while the block's weights stay in L1.
constexpr std::size_t kBlock = 512;

// One rate and its weights at a cell.
struct CellWeights {
  double lambda;
  Etd4Weights w;
};

// The four updates of eqs. 41-42 (Krogstad's ETDRK4), N_X = F(X) + lambda X for each stage state X:
//   a: S = a = e^{z/2} U + (h/2) phi1(z/2) N_n,                                A = e^z U + h w_n N_n
//   b: S = b = e^{z/2} U + h [(phi1(z/2)/2 - phi2(z/2)) N_n + phi2(z/2) N_a],  A += 2 h w_ab N_a
//   c: S = c = e^z U + h [(phi1(z) - 2 phi2(z)) N_n + 2 phi2(z) N_b],          A += 2 h w_ab N_b
//   final: S = U_{n+1} = A + h w_c N_c
enum class Update { a, b, c, final };

struct Buffers {
  const StateView &state, &f, &f2, &stage, &acc;
};

// The variables [first, last) of a block share one rate; `at(c)` gives its weights at cell c.
template <Update kind, class Weights>
void update(int first, int last, std::size_t b0, std::size_t b1, const Buffers& x, double h, Weights at) {
  const double half_h = 0.5 * h;
  for (int v = first; v < last; ++v) {
    const double* U = x.state.ptr(v);
    const double* F = x.f.ptr(v);
    const double* F2 = x.f2.ptr(v);
    double* S = x.stage.ptr(v);
    double* A = x.acc.ptr(v);
    for (std::size_t c = b0; c < b1; ++c) {
      const CellWeights cell = at(c);
      const double lambda = cell.lambda;
      const Etd4Weights& w = cell.w;
      if constexpr (kind == Update::a) {
        const double Nn = F[c] + lambda * U[c];
        S[c] = w.exp_half * U[c] + half_h * w.phi1_half * Nn;
        A[c] = w.exp_full * U[c] + h * w.w_n * Nn;
      } else if constexpr (kind == Update::b) {
        const double Na = F2[c] + lambda * S[c];
        A[c] += 2.0 * h * w.w_ab * Na;
        const double Nn = F[c] + lambda * U[c];
        S[c] = w.exp_half * U[c] + h * ((0.5 * w.phi1_half - w.phi2_half) * Nn + w.phi2_half * Na);
      } else if constexpr (kind == Update::c) {
        const double Nb = F2[c] + lambda * S[c];
        A[c] += 2.0 * h * w.w_ab * Nb;
        const double Nn = F[c] + lambda * U[c];
        S[c] = w.exp_full * U[c] + h * ((w.phi1_full - 2.0 * w.phi2_full) * Nn + 2.0 * w.phi2_full * Nb);
      } else {
        const double Nc = F2[c] + lambda * S[c];
        S[c] = A[c] + h * w.w_c * Nc;
      }
    }
  }
}
}  // namespace

void Etd4::advance(RightHandSide& rhs, const StateView& state, double time, double h) {
  const std::size_t n = cells_;
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  // T^{t nu} has rate 0 (classical Runge-Kutta weights); pi^{ij} the shear rate; Pi the bulk rate; a
  // charged run's N^t rate 0 and V^i the diffusion rate. The weights of each cell's rates are computed once
  // per step, in the first update, and kept.
  const CellWeights zero_rate{0.0, etd4_weights(0.0)};
  const double* rate[3] = {shear_rate_.data(), bulk_rate_.data(), diffusion_rate_.data()};
  double* const* cache[3] = {weights_[0].data(), weights_[1].data(), weights_[2].data()};
  auto cached = [&](int r) {
    const double* lam = rate[r];
    const double* const* w = cache[r];
    return [lam, w](std::size_t c) {
      double v[kWeights];
      for (int k = 0; k < kWeights; ++k) v[k] = w[k][c];
      return CellWeights{lam[c], from_values(v)};
    };
  };
  auto classical_at = [zero_rate](std::size_t) { return zero_rate; };
  const Buffers buffers{state, f_, f2_, stage_, acc_};
  // Every update sweeps T^{t nu} (rate 0), pi^{ij} (shear rate) and Pi (bulk rate) block by block.
  auto sweep = [&]<Update kind>() {
    ISHYDRO_PROFILE("integrator updates");
    parallel::for_each(blocks, [&](std::size_t b) {
      const std::size_t b0 = b * kBlock, b1 = std::min(n, b0 + kBlock);
      if constexpr (kind == Update::a)
        for (int r = 0; r < rates_; ++r) {
          double* cells[kWeights];
          for (int k = 0; k < kWeights; ++k) cells[k] = cache[r][k] + b0;
          etd4_weights_cells(rate[r] + b0, h, b1 - b0, cells);
        }
      update<kind>(kTtt, kPixx, b0, b1, buffers, h, classical_at);
      update<kind>(kPixx, kBulk, b0, b1, buffers, h, cached(0));
      update<kind>(kBulk, kNumVars, b0, b1, buffers, h, cached(1));
      if (vars_ == kNumVarsCharged) {
        update<kind>(kNt, kVx, b0, b1, buffers, h, classical_at);
        update<kind>(kVx, kNumVarsCharged, b0, b1, buffers, h, cached(2));
      }
    });
  };
  // With noise (eq. 48): N_X = F(X) + lambda X of the noisy stage state X, the noise of a, b and c
  // added before their right-hand sides, and the increment A added to U_{n+1}.
  if (noise_) noise_->prepare(h, f_, shear_rate_, bulk_rate_);
  sweep.template operator()<Update::a>();
  if (noise_) noise_->add_midpoint(stage_);
  rhs.evaluate(stage_, f2_, time + 0.5 * h, scratch_summary_);  // a lives at t + h/2
  sweep.template operator()<Update::b>();
  if (noise_) noise_->add_midpoint(stage_);
  rhs.evaluate(stage_, f2_, time + 0.5 * h, scratch_summary_);  // b lives at t + h/2
  sweep.template operator()<Update::c>();
  if (noise_) noise_->add_end(stage_);
  rhs.evaluate(stage_, f2_, time + h, scratch_summary_);  // c lives at t + h
  sweep.template operator()<Update::final>();
  if (noise_) noise_->add_end(stage_);
}

}  // namespace ishydro
