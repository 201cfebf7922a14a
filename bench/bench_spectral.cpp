// Micro-benchmarks of the spectral operations one right-hand side is made of (docs/benchmarks.md):
// a forward r2c FFT, a derivative (k-space multiply + one inverse c2r), and a divergence in Fourier
// space (three k-space terms accumulated + one inverse). One thread; FFTW_MEASURE plans, default
// wisdom file. Arguments: the grid's points per axis (32, 64).
#include <benchmark/benchmark.h>

#include <cmath>
#include <memory>

#include "grid/grid.hpp"
#include "memory/arena.hpp"
#include "spectral/spectral.hpp"

namespace ishydro {
namespace {

struct SpectralFixture {
  Grid grid;
  Arena arena;
  std::unique_ptr<Spectral> spectral;
  std::size_t field_h, out_h, spec_h[3];
  double* field = nullptr;
  double* out = nullptr;
  Complex* spec[3] = {};

  explicit SpectralFixture(int n) {
    GridConfig cfg;
    cfg.points = {n, n, n};
    cfg.size = {10.0, 10.0, 10.0};
    grid = Grid::from_config(cfg);
    NumericsConfig numerics;
    numerics.plan_rigor = PlanRigor::measure;
    spectral = std::make_unique<Spectral>(grid, arena, numerics);
    field_h = arena.reserve_real("bench", grid.cells());
    out_h = arena.reserve_real("bench", grid.cells());
    for (auto& h : spec_h) h = arena.reserve_complex("bench", grid.spectral_cells());
    arena.commit();
    spectral->plan(arena, 1, "");
    field = arena.real(field_h).data();
    out = arena.real(out_h).data();
    for (int i = 0; i < 3; ++i) spec[i] = arena.complex(spec_h[i]).data();
    for (int i = 0; i < grid.local_nx; ++i)
      for (int j = 0; j < grid.n[1]; ++j)
        for (int k = 0; k < grid.n[2]; ++k)
          field[grid.index(i, j, k)] = std::sin(0.6 * i) * std::cos(0.3 * j) + 0.1 * std::sin(0.9 * k);
    for (int i = 0; i < 3; ++i) spectral->forward(field, spec[i]);
  }
};

void BM_ForwardFFT(benchmark::State& state) {
  SpectralFixture f(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    f.spectral->forward(f.field, f.spec[0]);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(f.grid.cells()));
}
BENCHMARK(BM_ForwardFFT)->Arg(32)->Arg(64)->Unit(benchmark::kMicrosecond);

void BM_InverseFFT(benchmark::State& state) {
  SpectralFixture f(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    f.spectral->inverse(f.spec[0], f.out);  // destroys spec[0]: timing only
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(f.grid.cells()));
}
BENCHMARK(BM_InverseFFT)->Arg(32)->Arg(64)->Unit(benchmark::kMicrosecond);

// d/dx of a field whose spectrum is known: the k-space multiply and one inverse.
void BM_Derivative(benchmark::State& state) {
  SpectralFixture f(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    f.spectral->derivative(f.spec[0], 0, f.out);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(f.grid.cells()));
}
BENCHMARK(BM_Derivative)->Arg(32)->Arg(64)->Unit(benchmark::kMicrosecond);

// The k-space multiply alone (one derivative term into an accumulator).
void BM_DerivativeTerm(benchmark::State& state) {
  SpectralFixture f(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    f.spectral->add_derivative_term(f.spec[0], 1, -1.0, f.spectral->accumulator(0), true);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(f.grid.cells()));
}
BENCHMARK(BM_DerivativeTerm)->Arg(32)->Arg(64)->Unit(benchmark::kMicrosecond);

// d_i F^i from the three spectra: three k-space terms summed, one inverse.
void BM_Divergence(benchmark::State& state) {
  SpectralFixture f(static_cast<int>(state.range(0)));
  Complex* acc = f.spectral->accumulator(0);
  for (auto _ : state) {
    for (int axis = 0; axis < 3; ++axis) f.spectral->add_derivative_term(f.spec[axis], axis, -1.0, acc, axis == 0);
    f.spectral->inverse(acc, f.out);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(f.grid.cells()));
}
BENCHMARK(BM_Divergence)->Arg(32)->Arg(64)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace ishydro
