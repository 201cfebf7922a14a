// Micro-benchmarks of the QCD equation of state (docs/eos_qcd_notes.md): T(e) and everything at e
// from the HotQCD formula (table start + one Newton step) and from a 2000-row table, over 4096 cells
// with e spread over T = 0.1 to 1 GeV; items/s is cells per second.
#include <benchmark/benchmark.h>

// SIMD vectors (CellLanes) are passed between inline functions only.
#pragma GCC diagnostic ignored "-Wpsabi"

#include <cmath>
#include <cstring>
#include <vector>

#include "eos/eos_table.hpp"
#include "eos/hotqcd.hpp"

namespace ishydro {
namespace {

constexpr int kCells = 4096;

const HotQcdEos& hotqcd() {
  static const HotQcdEos eos;
  return eos;
}
std::vector<double> energy_densities() {
  std::vector<double> e(kCells);
  for (int c = 0; c < kCells; ++c)
    e[static_cast<std::size_t>(c)] = HotQcdEos::energy_density(0.1 + 0.9 * std::fmod(0.618034 * c, 1.0));
  return e;
}

void BM_HotqcdTemperature(benchmark::State& state) {
  const std::vector<double> e = energy_densities();
  for (auto _ : state)
    for (double x : e) benchmark::DoNotOptimize(hotqcd().temperature(x));
  state.SetItemsProcessed(state.iterations() * kCells);
}
BENCHMARK(BM_HotqcdTemperature);

void BM_HotqcdAtEnergyDensity(benchmark::State& state) {
  const std::vector<double> e = energy_densities();
  for (auto _ : state)
    for (double x : e) benchmark::DoNotOptimize(hotqcd().at_energy_density(x));
  state.SetItemsProcessed(state.iterations() * kCells);
}
BENCHMARK(BM_HotqcdAtEnergyDensity);

void BM_HotqcdAtEnergyDensityLanes(benchmark::State& state) {
  const std::vector<double> e = energy_densities();
  for (auto _ : state)
    for (std::size_t c = 0; c < e.size(); c += kCellLanes) {
      CellLanes x;
      std::memcpy(&x, &e[c], sizeof x);
      const QcdThermoT<CellLanes> th = hotqcd().at_energy_density(x);
      benchmark::DoNotOptimize(th);
    }
  state.SetItemsProcessed(state.iterations() * kCells);
}
BENCHMARK(BM_HotqcdAtEnergyDensityLanes);

void BM_EosTableAtEnergyDensity(benchmark::State& state) {
  static const EosTable table = EosTable::from_rows(hotqcd_table_rows(hotqcd(), 2000, 0.08, 10.0), "formula");
  const std::vector<double> e = energy_densities();
  for (auto _ : state)
    for (double x : e) benchmark::DoNotOptimize(table.at_energy_density(x));
  state.SetItemsProcessed(state.iterations() * kCells);
}
BENCHMARK(BM_EosTableAtEnergyDensity);

}  // namespace
}  // namespace ishydro
