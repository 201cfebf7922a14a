// Micro-benchmarks of the spectral operations one right-hand side is made of (docs/benchmarks.md):
// a forward r2c FFT, a derivative (k-space multiply + one inverse c2r), and a divergence in Fourier
// space (three k-space terms accumulated + one inverse). One thread; FFTW_MEASURE plans, default
// wisdom file. Arguments: the grid's points per axis (32, 64).
#include <benchmark/benchmark.h>
#include <omp.h>

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
    omp_set_num_threads(1);  // the k-space loops are OpenMP loops: one thread, like the FFT plans
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
    for (int axis = 0; axis < 3; ++axis)
      f.spectral->add_derivative_term(f.spec[axis], axis, -1.0, acc, axis == 0);
    f.spectral->inverse(acc, f.out);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(f.grid.cells()));
}
BENCHMARK(BM_Divergence)->Arg(32)->Arg(64)->Unit(benchmark::kMicrosecond);

// FFTW's advanced interface: three fields transformed by one plan (fftw_plan_many_dft_r2c, fields
// `cells` apart, spectra `spectral_cells` apart) against three calls of the single-field plan, as the
// right-hand side does for T^{ti}, u^i, ... (docs/benchmarks.md "Batched transforms").
void BM_ForwardFFTBatched(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const int howmany = static_cast<int>(state.range(1));
  const std::size_t cells = static_cast<std::size_t>(n) * n * n,
                    spectral = static_cast<std::size_t>(n) * n * (n / 2 + 1);
  double* in = fftw_alloc_real(cells * howmany);
  fftw_complex* out = fftw_alloc_complex(spectral * howmany);
  fftw_plan_with_nthreads(1);
  const int dims[3] = {n, n, n};
  fftw_plan plan = fftw_plan_many_dft_r2c(3, dims, howmany, in, nullptr, 1, static_cast<int>(cells), out,
                                          nullptr, 1, static_cast<int>(spectral), FFTW_MEASURE);
  for (std::size_t i = 0; i < cells * howmany; ++i) in[i] = std::sin(0.001 * static_cast<double>(i));
  for (auto _ : state) {
    fftw_execute(plan);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(cells) * howmany);
  fftw_destroy_plan(plan);
  fftw_free(in);
  fftw_free(out);
}
BENCHMARK(BM_ForwardFFTBatched)
    ->Args({32, 1})
    ->Args({32, 3})
    ->Args({64, 1})
    ->Args({64, 3})
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace ishydro
