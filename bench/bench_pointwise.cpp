// Micro-benchmarks of the per-cell physics of the right-hand side and the integrator
// (docs/benchmarks.md): primitive recovery, dissipative_time_derivatives (the exact e_t, Du and the
// relaxation rates with every DNMR term on) and the ETDRK4 weights. Each runs over 4096 cells of a
// moving, sheared, viscous fluid; items/s is cells per second.
#include <benchmark/benchmark.h>

// SIMD vectors (CellLanes) are passed between inline functions only.
#pragma GCC diagnostic ignored "-Wpsabi"

#include <cmath>
#include <vector>

#include "config/config.hpp"
#include "eos/eos.hpp"
#include "hydro/dissipative_rates.hpp"
#include "hydro/primitive_recovery.hpp"
#include "problems/problem.hpp"
#include "time/etd4.hpp"
#include "transport/transport.hpp"

namespace ishydro {
namespace {

constexpr int kCells = 4096;

TransportConfig dnmr_transport() {
  TransportConfig t;
  t.eta_over_s = 0.1;
  t.zeta_over_s = 0.05;
  t.tau_pi_coeff = 5.0;
  t.tau_Pi_coeff = 5.0;
  t.second_order = "dnmr";
  t.terms = all_second_order_terms();
  return t;
}

// Cell c's primitive fields: e ~ 10 GeV/fm^3, |u| ~ 0.3, pi ~ 2% and Pi ~ 1% of the enthalpy.
struct Primitive {
  double e, u[3], pi[6], Pi;
};
Primitive cell_primitive(int c) {
  const double s = 0.37 * c;
  Primitive p;
  p.e = 10.0 * (1.0 + 0.2 * std::sin(s));
  p.u[0] = 0.3 * std::sin(1.3 * s);
  p.u[1] = 0.2 * std::cos(0.7 * s);
  p.u[2] = 0.1 * std::sin(2.1 * s + 1.0);
  const double w = 4.0 / 3.0 * p.e;
  for (int q = 0; q < 6; ++q) p.pi[q] = 0.02 * w * std::sin(0.9 * s + q);
  p.Pi = -0.01 * w * (1.0 + 0.5 * std::cos(s));
  return p;
}

void BM_PrimitiveRecovery(benchmark::State& state) {
  std::vector<std::array<double, kNumVars>> cons(kCells);
  for (int c = 0; c < kCells; ++c) {
    const Primitive p = cell_primitive(c);
    conserved_from_primitive(p.e, p.u, p.pi, p.Pi, 1.0 / 3.0, cons[c].data());
  }
  long iterations = 0;
  for (auto _ : state) {
    for (int c = 0; c < kCells; ++c) {
      const auto& v = cons[c];
      const double Tti[3] = {v[kTtx], v[kTty], v[kTtz]};
      RecoveredCell out;
      const RecoveryStatus st = recover_primitive(v[kTtt], Tti, &v[kPixx], v[kBulk], 1.0 / 3.0, 1e-15, out);
      benchmark::DoNotOptimize(st);
      benchmark::DoNotOptimize(out);
      iterations += out.iterations;
    }
  }
  state.SetItemsProcessed(state.iterations() * kCells);
  state.counters["iterations"] = static_cast<double>(iterations) / (state.iterations() * kCells);
}
BENCHMARK(BM_PrimitiveRecovery);

// The same cells kCellLanes at a time through the vector instantiation the right-hand side runs.
void BM_PrimitiveRecoveryLanes(benchmark::State& state) {
  constexpr int L = kCellLanes;
  struct Group {
    CellLanes Ttt, Tti[3], pi[6], Pi;
  };
  std::vector<Group> groups(kCells / L);
  for (int c = 0; c < kCells; ++c) {
    const Primitive p = cell_primitive(c);
    double v[kNumVars];
    conserved_from_primitive(p.e, p.u, p.pi, p.Pi, 1.0 / 3.0, v);
    Group& g = groups[c / L];
    const int l = c % L;
    g.Ttt[l] = v[kTtt];
    for (int i = 0; i < 3; ++i) g.Tti[i][l] = v[kTtx + i];
    for (int q = 0; q < 6; ++q) g.pi[q][l] = v[kPixx + q];
    g.Pi[l] = v[kBulk];
  }
  long iterations = 0;
  for (auto _ : state) {
    for (const Group& g : groups) {
      RecoveredT<CellLanes> out;
      RecoveryStatus status[L];
      int its[L];
      recover_primitive_cells(g.Ttt, g.Tti, g.pi, g.Pi, 1.0 / 3.0, 1e-15, out, status, its);
      benchmark::DoNotOptimize(out);
      benchmark::DoNotOptimize(status);
      for (int l = 0; l < L; ++l) iterations += its[l];
    }
  }
  state.SetItemsProcessed(state.iterations() * kCells);
  state.counters["iterations"] = static_cast<double>(iterations) / (state.iterations() * kCells);
}
BENCHMARK(BM_PrimitiveRecoveryLanes);

void BM_DissipativeTimeDerivatives(benchmark::State& state) {
  const Eos eos(1.0 / 3.0, 47.5);
  const Transport transport(dnmr_transport(), eos);
  std::vector<CellFlow> flows(kCells);
  std::vector<std::array<double, 4>> dT(kCells);
  for (int c = 0; c < kCells; ++c) {
    const Primitive p = cell_primitive(c);
    CellFlow& f = flows[c];
    f.e = p.e;
    f.cs2 = 1.0 / 3.0;
    f.p = f.cs2 * f.e;
    for (int a = 0; a < 3; ++a) f.u[a] = p.u[a];
    f.gamma = std::sqrt(1.0 + p.u[0] * p.u[0] + p.u[1] * p.u[1] + p.u[2] * p.u[2]);
    const double v[3] = {p.u[0] / f.gamma, p.u[1] / f.gamma, p.u[2] / f.gamma};
    for (int q = 0; q < 6; ++q) f.pi[q] = p.pi[q];
    remove_trace(v, f.pi);
    f.Pi = p.Pi;
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) f.grad_u[j][k] = 0.05 * std::sin(0.1 * c + 3 * j + k);
    for (int q = 0; q < 6; ++q) f.advect_pi[q] = 0.01 * std::cos(0.2 * c + q);
    f.advect_Pi = 0.01 * std::sin(0.3 * c);
    for (int nu = 0; nu < 4; ++nu) dT[c][nu] = 0.1 * std::cos(0.4 * c + nu);
  }
  const RelaxationSwitches on{true, true};
  for (auto _ : state) {
    for (int c = 0; c < kCells; ++c) {
      const TransportCoefficients tc = transport.at(flows[c].e);
      double dpi[6], dPi = 0, Du[3];
      const bool ok = dissipative_time_derivatives(flows[c], tc, on, dT[c].data(), dpi, dPi, Du);
      benchmark::DoNotOptimize(ok);
      benchmark::DoNotOptimize(dpi);
      benchmark::DoNotOptimize(dPi);
    }
  }
  state.SetItemsProcessed(state.iterations() * kCells);
}
BENCHMARK(BM_DissipativeTimeDerivatives);

// The same cells kCellLanes at a time through the SIMD instantiation the relaxation pass uses.
void BM_DissipativeTimeDerivativesLanes(benchmark::State& state) {
  const Eos eos(1.0 / 3.0, 47.5);
  const Transport transport(dnmr_transport(), eos);
  constexpr int L = kCellLanes;
  std::vector<CellFlowT<CellLanes>> flows(kCells / L);
  std::vector<TransportCoefficientsT<CellLanes>> coeffs(kCells / L);
  std::vector<std::array<CellLanes, 4>> dT(kCells / L);
  for (int c = 0; c < kCells; ++c) {
    const Primitive p = cell_primitive(c);
    CellFlowT<CellLanes>& f = flows[c / L];
    const int l = c % L;
    f.e[l] = p.e;
    f.cs2[l] = 1.0 / 3.0;
    f.p[l] = f.cs2[l] * p.e;
    for (int a = 0; a < 3; ++a) f.u[a][l] = p.u[a];
    f.gamma[l] = std::sqrt(1.0 + p.u[0] * p.u[0] + p.u[1] * p.u[1] + p.u[2] * p.u[2]);
    const double v[3] = {p.u[0] / f.gamma[l], p.u[1] / f.gamma[l], p.u[2] / f.gamma[l]};
    double pi[6];
    for (int q = 0; q < 6; ++q) pi[q] = p.pi[q];
    remove_trace(v, pi);
    for (int q = 0; q < 6; ++q) f.pi[q][l] = pi[q];
    f.Pi[l] = p.Pi;
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) f.grad_u[j][k][l] = 0.05 * std::sin(0.1 * c + 3 * j + k);
    for (int q = 0; q < 6; ++q) f.advect_pi[q][l] = 0.01 * std::cos(0.2 * c + q);
    f.advect_Pi[l] = 0.01 * std::sin(0.3 * c);
    for (int nu = 0; nu < 4; ++nu) dT[c / L][nu][l] = 0.1 * std::cos(0.4 * c + nu);
    const TransportCoefficients tc = transport.at(p.e);
    TransportCoefficientsT<CellLanes>& t = coeffs[c / L];
    t.eta[l] = tc.eta;
    t.zeta[l] = tc.zeta;
    t.tau_pi[l] = tc.tau_pi;
    t.tau_Pi[l] = tc.tau_Pi;
    t.delta_pipi[l] = tc.delta_pipi;
    t.tau_pipi[l] = tc.tau_pipi;
    t.phi7[l] = tc.phi7;
    t.lambda_piPi[l] = tc.lambda_piPi;
    t.delta_PiPi[l] = tc.delta_PiPi;
    t.lambda_Pipi[l] = tc.lambda_Pipi;
    t.vorticity[l] = tc.vorticity;
  }
  const RelaxationSwitches on{true, true};
  for (auto _ : state) {
    for (int g = 0; g < kCells / L; ++g) {
      CellLanes dpi[6], dPi, Du[3];
      const bool ok = dissipative_time_derivatives(flows[g], coeffs[g], on, dT[g].data(), dpi, dPi, Du);
      benchmark::DoNotOptimize(ok);
      benchmark::DoNotOptimize(dpi);
      benchmark::DoNotOptimize(dPi);
    }
  }
  state.SetItemsProcessed(state.iterations() * kCells);
}
BENCHMARK(BM_DissipativeTimeDerivativesLanes);

// Transport coefficients alone (one std::pow for the temperature, then the DNMR set).
void BM_TransportAt(benchmark::State& state) {
  const Eos eos(1.0 / 3.0, 47.5);
  const Transport transport(dnmr_transport(), eos);
  std::vector<double> e(kCells);
  for (int c = 0; c < kCells; ++c) e[c] = cell_primitive(c).e;
  for (auto _ : state)
    for (int c = 0; c < kCells; ++c) {
      const TransportCoefficients tc = transport.at(e[c]);
      benchmark::DoNotOptimize(tc);
    }
  state.SetItemsProcessed(state.iterations() * kCells);
}
BENCHMARK(BM_TransportAt);

// The ETDRK4 weights of one rate (z = -lambda h), |z| spanning the series and closed-form branches.
void BM_Etd4Weights(benchmark::State& state) {
  std::vector<double> z(kCells);
  for (int c = 0; c < kCells; ++c) z[c] = -0.05 - 1.5 * (0.5 + 0.5 * std::sin(0.37 * c));
  for (auto _ : state)
    for (int c = 0; c < kCells; ++c) {
      const Etd4Weights w = etd4_weights(z[c]);
      benchmark::DoNotOptimize(w);
    }
  state.SetItemsProcessed(state.iterations() * kCells);
}
BENCHMARK(BM_Etd4Weights);

}  // namespace
}  // namespace ishydro
