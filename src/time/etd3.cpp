#include "time/etd3.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "hydro/cell_lanes.hpp"
#include "parallel/loops.hpp"
#include "profiling/profiler.hpp"

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

// The weights of a rate with |z| < 0.5, from the series alone: e^z = 1 + z phi_1(z) (no exp call).
template <class Real>
inline void etd3_series_weights(const Real& z, Real w[7]) {
  Real p1, p2, p3, h1, h2, h3;
  phi123_series(z, p1, p2, p3);
  const Real half = 0.5 * z;
  phi123_series(half, h1, h2, h3);
  w[0] = 1.0 + half * h1;  // e^{z/2}
  w[1] = h1;
  w[2] = 1.0 + z * p1;  // e^z
  w[3] = p1;
  w[4] = p1 - 3.0 * p2 + 4.0 * p3;
  w[5] = 4.0 * (p2 - 2.0 * p3);
  w[6] = 4.0 * p3 - p2;
}

// phi_1, phi_2, phi_3 by their closed forms, for |z| >= 0.5 (where they do not cancel).
void phi123_closed(double z, double& p1, double& p2, double& p3) {
  const double ez = std::exp(z);
  p1 = (ez - 1.0) / z;
  p2 = (ez - 1.0 - z) / (z * z);
  p3 = (ez - 1.0 - z - 0.5 * z * z) / (z * z * z);
}
}  // namespace

Etd3Weights etd3_weights(double z) {
  Etd3Weights w;
  if (std::abs(z) < 0.5) {
    double s[7];
    etd3_series_weights(z, s);
    w = {s[0], s[1], s[2], s[3], s[4], s[5], s[6]};
    return w;
  }
  double p1, p2, p3, h1, h2, h3;
  phi123_closed(z, p1, p2, p3);
  if (std::abs(0.5 * z) < 0.5) {
    double s[7];
    etd3_series_weights(0.5 * z, s);
    h1 = s[3];
  } else {
    phi123_closed(0.5 * z, h1, h2, h3);
  }
  w.exp_half = std::exp(0.5 * z);
  w.phi1_half = h1;
  w.exp_full = std::exp(z);
  w.phi1_full = p1;
  w.w_n = p1 - 3.0 * p2 + 4.0 * p3;
  w.w_a = 4.0 * (p2 - 2.0 * p3);
  w.w_b = 4.0 * p3 - p2;
  return w;
}

namespace {
// One cell's weights into the block arrays (exp_half, phi1_half) and the step's cache.
void store_weights(double z, std::size_t c, double* exp_half, double* phi1_half, double* const cached[5]) {
  const Etd3Weights w = etd3_weights(z);
  exp_half[c] = w.exp_half;
  phi1_half[c] = w.phi1_half;
  cached[0][c] = w.exp_full;
  cached[1][c] = w.phi1_full;
  cached[2][c] = w.w_n;
  cached[3][c] = w.w_a;
  cached[4][c] = w.w_b;
}

// The weights of `count` cells with rates `rate` (all arrays start at the first of them), kCellLanes
// at a time. A cell with |z| < 0.5 (the usual case: h ~ tau or less) always gets the vector series
// (a short last group repeats its last cell), one with |z| >= 0.5 always the one-cell closed form:
// a cell's weights do not depend on where it falls in a group (thread and MPI splits).
void etd3_weights_cells(const double* rate, double h, std::size_t count, double* exp_half, double* phi1_half,
                        double* const cached[5]) {
  for (std::size_t c0 = 0; c0 < count; c0 += kCellLanes) {
    const int lanes = static_cast<int>(std::min<std::size_t>(kCellLanes, count - c0));
    CellLanes lam{};
    load(lam, rate, CellGroup{c0, lanes});
    const CellLanes z = -lam * h;
    CellLanes w[7];
    etd3_series_weights(z, w);
    if (lanes == kCellLanes && !any_lane(lane_abs(z) >= 0.5)) {
      std::memcpy(exp_half + c0, &w[0], sizeof(CellLanes));
      std::memcpy(phi1_half + c0, &w[1], sizeof(CellLanes));
      for (int k = 0; k < 5; ++k) std::memcpy(cached[k] + c0, &w[2 + k], sizeof(CellLanes));
      continue;
    }
    for (int l = 0; l < lanes; ++l) {
      const std::size_t c = c0 + static_cast<std::size_t>(l);
      if (std::abs(z[l]) >= 0.5) {
        store_weights(z[l], c, exp_half, phi1_half, cached);
        continue;
      }
      exp_half[c] = w[0][l];
      phi1_half[c] = w[1][l];
      for (int k = 0; k < 5; ++k) cached[k][c] = w[2 + k][l];
    }
  }
}
}  // namespace

Etd3::Etd3(const Grid& grid, Arena& arena) : cells_(grid.cells()) {
  stage_h_ = arena.reserve_real("integrator stage", kNumVars * cells_);
  f_h_ = arena.reserve_real("integrator rhs", kNumVars * cells_);
  f2_h_ = arena.reserve_real("integrator rhs", kNumVars * cells_);
  shear_h_ = arena.reserve_real("relaxation rates", cells_);
  bulk_h_ = arena.reserve_real("relaxation rates", cells_);
  for (auto& rate : weight_h_)
    for (auto& h : rate) h = arena.reserve_real("integrator weights", cells_);
}

void Etd3::bind(const Arena& arena) {
  stage_ = {arena.real(stage_h_), cells_};
  f_ = {arena.real(f_h_), cells_};
  f2_ = {arena.real(f2_h_), cells_};
  shear_rate_ = arena.real(shear_h_);
  bulk_rate_ = arena.real(bulk_h_);
  for (int r = 0; r < 2; ++r)
    for (int k = 0; k < kCachedWeights; ++k) weights_[r][k] = arena.real(weight_h_[r][k]).data();
}

void Etd3::begin(RightHandSide& rhs, const StateView& state, double time, StateSummary& summary) {
  rhs.evaluate(state, f_, time, summary, shear_rate_, bulk_rate_);
}

namespace {
// Cells per block of the update loops: each block's variables are swept one array at a time (unit
// stride, vectorizable) while the block's weights stay in L1.
constexpr std::size_t kBlock = 512;

// One rate's weights at a cell, for the second and third stages.
struct CellWeights {
  double lambda, exp_full, phi1_full, w_n, w_a, w_b;
};

// The variables [first, last) of a block share one rate; `at(c)` gives its weights at cell c.
template <class Weights>
void stage_b_update(int first, int last, std::size_t b0, std::size_t b1, const StateView& state,
                    const StateView& f, const StateView& f2, const StateView& stage, double h, Weights at) {
  for (int v = first; v < last; ++v) {
    const double* U = state.ptr(v);
    const double* F2 = f2.ptr(v);
    double* F = f.ptr(v);
    double* S = stage.ptr(v);
    for (std::size_t c = b0; c < b1; ++c) {
      const CellWeights w = at(c);
      const double u = U[c];
      const double Nn = F[c] + w.lambda * u;  // N_n = F(U_n) + lambda U_n (F holds F(U_n))
      const double Na = F2[c] + w.lambda * S[c];
      S[c] = w.exp_full * u + h * w.phi1_full * (2.0 * Na - Nn);
      F[c] = w.exp_full * u + h * (w.w_n * Nn + w.w_a * Na);
    }
  }
}

template <class Weights>
void final_update(int first, int last, std::size_t b0, std::size_t b1, const StateView& f,
                  const StateView& f2, const StateView& stage, double h, Weights at) {
  for (int v = first; v < last; ++v) {
    const double* F2 = f2.ptr(v);
    const double* F = f.ptr(v);
    double* S = stage.ptr(v);
    for (std::size_t c = b0; c < b1; ++c) {
      const CellWeights w = at(c);
      const double Nb = F2[c] + w.lambda * S[c];
      S[c] = F[c] + h * w.w_b * Nb;
    }
  }
}
}  // namespace

void Etd3::advance(RightHandSide& rhs, const StateView& state, double time, double h) {
  const std::size_t n = cells_;
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  // T^{t nu} has rate 0 (classical Runge-Kutta weights); pi^{ij} the shear rate; Pi the bulk rate.
  // The weights of each cell's two rates are computed once per step, in the first stage, and kept.
  const Etd3Weights classical = etd3_weights(0.0);
  const CellWeights zero_rate{0.0,           classical.exp_full, classical.phi1_full,
                              classical.w_n, classical.w_a,      classical.w_b};
  const double* rate[2] = {shear_rate_.data(), bulk_rate_.data()};
  double* const* cache[2] = {weights_[0].data(), weights_[1].data()};
  auto cached = [&](int r) {
    const double* lam = rate[r];
    const double* const* w = cache[r];
    return
        [lam, w](std::size_t c) { return CellWeights{lam[c], w[0][c], w[1][c], w[2][c], w[3][c], w[4][c]}; };
  };
  auto classical_at = [zero_rate](std::size_t) { return zero_rate; };
  constexpr int kRate[2][2] = {{kPixx, kBulk}, {kBulk, kNumVars}};  // variables of the shear, bulk rate

  // Stage a = e^{z/2} U_n + (h/2) phi1(z/2) N_n with N_n = F(U_n) + lambda U_n; F keeps F(U_n) (stage b
  // forms N_n again from it rather than this pass storing it: 7 fields fewer written).
  {
    ISHYDRO_PROFILE("integrator updates");
    parallel::for_each(blocks, [&](std::size_t b) {
      const std::size_t b0 = b * kBlock, b1 = std::min(n, b0 + kBlock);
      double exp_half[2][kBlock], phi1_half[2][kBlock];
      for (int r = 0; r < 2; ++r) {
        double* const cells[5] = {cache[r][0] + b0, cache[r][1] + b0, cache[r][2] + b0, cache[r][3] + b0,
                                  cache[r][4] + b0};
        etd3_weights_cells(rate[r] + b0, h, b1 - b0, exp_half[r], phi1_half[r], cells);
      }
      for (int v = kTtt; v < kPixx; ++v) {
        const double* U = state.ptr(v);
        const double* F = f_.ptr(v);  // N_n = F(U_n) for rate 0: F keeps it as it is
        double* S = stage_.ptr(v);
        for (std::size_t c = b0; c < b1; ++c)
          S[c] = classical.exp_half * U[c] + 0.5 * h * classical.phi1_half * F[c];
      }
      for (int r = 0; r < 2; ++r)
        for (int v = kRate[r][0]; v < kRate[r][1]; ++v) {
          const double* U = state.ptr(v);
          const double* lam = rate[r];
          const double* eh = exp_half[r];
          const double* ph = phi1_half[r];
          const double* F = f_.ptr(v);
          double* S = stage_.ptr(v);
          for (std::size_t c = b0; c < b1; ++c) {
            const double u = U[c];
            const double N = F[c] + lam[c] * u;
            S[c] = eh[c - b0] * u + 0.5 * h * ph[c - b0] * N;
          }
        }
    });
  }
  rhs.evaluate(stage_, f2_, time + 0.5 * h, scratch_summary_);  // stage a lives at t + h/2
  // Stage b = e^z U_n + h phi1(z) (2 N_a - N_n); F <- e^z U_n + h (w_n N_n + w_a N_a).
  {
    ISHYDRO_PROFILE("integrator updates");
    parallel::for_each(blocks, [&](std::size_t b) {
      const std::size_t b0 = b * kBlock, b1 = std::min(n, b0 + kBlock);
      stage_b_update(kTtt, kPixx, b0, b1, state, f_, f2_, stage_, h, classical_at);
      stage_b_update(kPixx, kBulk, b0, b1, state, f_, f2_, stage_, h, cached(0));
      stage_b_update(kBulk, kNumVars, b0, b1, state, f_, f2_, stage_, h, cached(1));
    });
  }
  rhs.evaluate(stage_, f2_, time + h, scratch_summary_);  // stage b lives at t + h
  // U_{n+1} = F + h w_b N_b, written into the stage buffer.
  ISHYDRO_PROFILE("integrator updates");
  parallel::for_each(blocks, [&](std::size_t b) {
    const std::size_t b0 = b * kBlock, b1 = std::min(n, b0 + kBlock);
    final_update(kTtt, kPixx, b0, b1, f_, f2_, stage_, h, classical_at);
    final_update(kPixx, kBulk, b0, b1, f_, f2_, stage_, h, cached(0));
    final_update(kBulk, kNumVars, b0, b1, f_, f2_, stage_, h, cached(1));
  });
}

}  // namespace ishydro
