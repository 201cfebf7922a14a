#include "time/etd3.hpp"

#include <cmath>

namespace ishydro {

namespace {
// phi_1, phi_2, phi_3 of z (phi_k(z) = sum_m z^m / (m + k)!), by series near 0 where the closed forms
// cancel, and by the closed forms elsewhere.
void phi123(double z, double& p1, double& p2, double& p3) {
  if (std::abs(z) < 0.5) {
    // Terms up to z^16: the remainder is below 0.5^17/17! ~ 1e-20.
    double term1 = 1.0, term2 = 0.5, term3 = 1.0 / 6.0;
    p1 = p2 = p3 = 0.0;
    for (int m = 0; m < 17; ++m) {
      p1 += term1;
      p2 += term2;
      p3 += term3;
      term1 *= z / (m + 2);
      term2 *= z / (m + 3);
      term3 *= z / (m + 4);
    }
    return;
  }
  const double ez = std::exp(z);
  p1 = (ez - 1.0) / z;
  p2 = (ez - 1.0 - z) / (z * z);
  p3 = (ez - 1.0 - z - 0.5 * z * z) / (z * z * z);
}
}  // namespace

Etd3Weights etd3_weights(double z) {
  Etd3Weights w;
  double p1, p2, p3, h1, h2, h3;
  phi123(z, p1, p2, p3);
  phi123(0.5 * z, h1, h2, h3);
  w.exp_half = std::exp(0.5 * z);
  w.phi1_half = h1;
  w.exp_full = std::exp(z);
  w.phi1_full = p1;
  w.w_n = p1 - 3.0 * p2 + 4.0 * p3;
  w.w_a = 4.0 * (p2 - 2.0 * p3);
  w.w_b = 4.0 * p3 - p2;
  return w;
}

Etd3::Etd3(const Grid& grid, Arena& arena) : cells_(grid.cells()) {
  stage_h_ = arena.reserve_real("integrator stage", kNumVars * cells_);
  f_h_ = arena.reserve_real("integrator rhs", kNumVars * cells_);
  f2_h_ = arena.reserve_real("integrator rhs", kNumVars * cells_);
  shear_h_ = arena.reserve_real("relaxation rates", cells_);
  bulk_h_ = arena.reserve_real("relaxation rates", cells_);
}

void Etd3::bind(const Arena& arena) {
  stage_ = {arena.real(stage_h_), cells_};
  f_ = {arena.real(f_h_), cells_};
  f2_ = {arena.real(f2_h_), cells_};
  shear_rate_ = arena.real(shear_h_);
  bulk_rate_ = arena.real(bulk_h_);
}

void Etd3::begin(RightHandSide& rhs, const StateView& state, double time, StateSummary& summary) {
  rhs.evaluate(state, f_, time, summary, shear_rate_, bulk_rate_);
}

void Etd3::advance(RightHandSide& rhs, const StateView& state, double time, double h) {
  const std::size_t n = cells_;
  const Etd3Weights classical = etd3_weights(0.0);
  // The weights of a cell's three rates: 0 for T^{t nu}, shear for pi^{ij}, bulk for Pi.
  auto weights_at = [&](std::size_t c, double lambda[3], Etd3Weights w[3]) {
    lambda[0] = 0.0;
    lambda[1] = shear_rate_[c];
    lambda[2] = bulk_rate_[c];
    w[0] = classical;
    w[1] = lambda[1] == 0.0 ? classical : etd3_weights(-lambda[1] * h);
    w[2] = lambda[2] == 0.0 ? classical : etd3_weights(-lambda[2] * h);
  };
  auto group = [](int v) { return v < kPixx ? 0 : (v == kBulk ? 2 : 1); };
  // Stage a = e^{z/2} U_n + (h/2) phi1(z/2) N_n; F keeps N_n.
#pragma omp parallel for schedule(static)
  for (std::size_t c = 0; c < n; ++c) {
    double lambda[3];
    Etd3Weights w[3];
    weights_at(c, lambda, w);
    for (int v = 0; v < kNumVars; ++v) {
      const int g = group(v);
      const double u = state.ptr(v)[c];
      const double N = f_.ptr(v)[c] + lambda[g] * u;
      f_.ptr(v)[c] = N;
      stage_.ptr(v)[c] = w[g].exp_half * u + 0.5 * h * w[g].phi1_half * N;
    }
  }
  rhs.evaluate(stage_, f2_, time + 0.5 * h, scratch_summary_);  // stage a lives at t + h/2
  // Stage b = e^z U_n + h phi1(z) (2 N_a - N_n); F <- e^z U_n + h (w_n N_n + w_a N_a).
#pragma omp parallel for schedule(static)
  for (std::size_t c = 0; c < n; ++c) {
    double lambda[3];
    Etd3Weights w[3];
    weights_at(c, lambda, w);
    for (int v = 0; v < kNumVars; ++v) {
      const int g = group(v);
      const double u = state.ptr(v)[c];
      const double Nn = f_.ptr(v)[c];
      const double Na = f2_.ptr(v)[c] + lambda[g] * stage_.ptr(v)[c];
      stage_.ptr(v)[c] = w[g].exp_full * u + h * w[g].phi1_full * (2.0 * Na - Nn);
      f_.ptr(v)[c] = w[g].exp_full * u + h * (w[g].w_n * Nn + w[g].w_a * Na);
    }
  }
  rhs.evaluate(stage_, f2_, time + h, scratch_summary_);  // stage b lives at t + h
  // U_{n+1} = F + h w_b N_b, written into the stage buffer.
#pragma omp parallel for schedule(static)
  for (std::size_t c = 0; c < n; ++c) {
    double lambda[3];
    Etd3Weights w[3];
    weights_at(c, lambda, w);
    for (int v = 0; v < kNumVars; ++v) {
      const int g = group(v);
      const double Nb = f2_.ptr(v)[c] + lambda[g] * stage_.ptr(v)[c];
      stage_.ptr(v)[c] = f_.ptr(v)[c] + h * w[g].w_b * Nb;
    }
  }
}

}  // namespace ishydro
