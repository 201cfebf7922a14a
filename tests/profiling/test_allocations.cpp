// The time step allocates nothing (docs/benchmarks.md), and the
// profiler reports the right-hand side's phases. Both run a small 3D problem in-process with every
// phase active: shear and bulk viscosity with all DNMR second-order terms.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <memory>
#include <new>
#include <set>
#include <string>
#include <vector>

#include "problems/registry.hpp"
#include "profiling/profiler.hpp"
#include "support/run_helpers.hpp"

namespace ishydro {
namespace {

RunConfig small_dnmr_problem() {
  RunConfig cfg = testing::base_config({16, 16, 16}, {10.0, 10.0, 10.0}, 1e9);
  cfg.transport.eta_over_s = 0.1;
  cfg.transport.zeta_over_s = 0.05;
  cfg.transport.second_order = "dnmr";
  cfg.transport.terms = all_second_order_terms();
  cfg.initial = make_initial("sound_wave");
  cfg.initial.values["e0"] = 10.0;
  cfg.initial.values["amplitude"] = 0.1;
  cfg.initial.values["mode"] = std::vector<long long>{1, 1, 1};
  return cfg;
}

// The problem on `threads` threads, writing no outputs.
std::unique_ptr<Simulation> in_memory_simulation(int threads) {
  RunOptions opts;
  opts.write_outputs = false;
  opts.threads = threads;
  return std::make_unique<Simulation>(small_dnmr_problem(), opts);
}

// Heap allocations (operator new and, outside sanitizer builds, malloc from any library) over 20 steps
// after a warm-up step.
std::uint64_t allocations_over_steps(int threads) {
  const std::unique_ptr<Simulation> owned = in_memory_simulation(threads);
  Simulation& sim = *owned;
  const double end = sim.config().time.end;
  sim.advance(end, 1);  // warm-up (OpenMP's thread team, first-touch of FFTW's plans)
  const std::uint64_t before = heap_allocations();
  sim.advance(end, 20);
  return heap_allocations() - before;
}

TEST(Allocations, TimeStepAllocatesNothing) { EXPECT_EQ(allocations_over_steps(1), 0u); }

// The same on two threads: FFTW's threaded plans and OpenMP's thread team allocate nothing per step
// either (docs/benchmarks.md, "Zero allocations, checked from outside").
TEST(Allocations, TimeStepAllocatesNothingOnTwoThreads) { EXPECT_EQ(allocations_over_steps(2), 0u); }

#if !defined(__SANITIZE_ADDRESS__)
TEST(Allocations, CounterSeesMallocFromLibraries) {
  // malloc is counted too (outside sanitizer builds): what libgomp, FFTW or HDF5 allocate.
  const std::uint64_t before = heap_allocations();
  void* volatile p = std::malloc(64);
  const std::uint64_t after = heap_allocations();
  std::free(p);
  EXPECT_GE(after - before, 1u);
}
#endif

TEST(Allocations, CounterSeesHeapAllocations) {
  // The counter itself works (a zero above is not a counter that never moves).
  const std::uint64_t before = heap_allocations();
  auto* p = new std::string(100, 'x');
  const std::uint64_t after = heap_allocations();
  delete p;
  EXPECT_GE(after - before, 1u);
}

// The nothrow forms of new are counted too and pair with delete (std::stable_sort's buffer: under
// AddressSanitizer a mismatched pair is an error).
TEST(Allocations, CounterSeesNothrowNew) {
  const std::uint64_t before = heap_allocations();
  int* p = new (std::nothrow) int[1000];
  const std::uint64_t after = heap_allocations();
  delete[] p;
  EXPECT_GE(after - before, 1u);
  std::vector<std::string> names(200);
  for (std::size_t i = 0; i < names.size(); ++i) names[i] = std::to_string((i * 7919) % 200);
  std::stable_sort(names.begin(), names.end());
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

TEST(Allocations, CountedFftsMatchTheDeclaredCount) {
  const std::unique_ptr<Simulation> owned = in_memory_simulation(1);
  Simulation& sim = *owned;
  const double end = sim.config().time.end;
  sim.advance(end, 1);  // the first call also evaluates the initial state
  Spectral& sp = sim.spectral();
  const std::uint64_t before = sp.forward_count() + sp.inverse_count();
  sim.advance(end, 1);
  const std::uint64_t ffts = sp.forward_count() + sp.inverse_count() - before;
  EXPECT_EQ(ffts, static_cast<std::uint64_t>(Etd4::kStages * sim.rhs().ffts_per_evaluation()));
  EXPECT_EQ(sim.rhs().ffts_per_evaluation(), 53);  // docs/benchmarks.md: 9+4, 3+9, 7 x (1+3)
}

void collect_names(const nlohmann::json& node, std::set<std::string>& names) {
  names.insert(node.value("name", ""));
  if (node.contains("children"))
    for (const auto& child : node["children"]) collect_names(child, names);
}

TEST(Profiler, ReportsTheRightHandSidePhases) {
  const std::unique_ptr<Simulation> owned = in_memory_simulation(1);
  Simulation& sim = *owned;
  sim.advance(sim.config().time.end, 1);  // evaluates the initial state too (one more right-hand side)
  Profiler& profiler = Profiler::instance();
  profiler.reset();
  profiler.enable(true);
  sim.advance(sim.config().time.end, 2);  // two steps: 2 x 4 right-hand sides
  profiler.enable(false);
  const nlohmann::json tree = profiler.tree();
  std::set<std::string> names;
  collect_names(tree, names);
  for (const char* phase : {"primitive recovery + fluxes", "fft forward", "fft inverse", "k-space work",
                            "advection products", "relaxation sources", "integrator updates"})
    EXPECT_TRUE(names.count(phase)) << "missing phase '" << phase << "' in " << tree.dump();
  // Two steps: Etd4::kStages right-hand sides and as many integrator updates each, 19 forward and 34
  // inverse transforms per right-hand side.
  std::function<std::uint64_t(const nlohmann::json&, const std::string&)> calls =
      [&](const nlohmann::json& node, const std::string& name) -> std::uint64_t {
    std::uint64_t n = node.value("name", "") == name ? node.value("calls", std::uint64_t{0}) : 0;
    if (node.contains("children"))
      for (const auto& child : node["children"]) n += calls(child, name);
    return n;
  };
  constexpr std::uint64_t rhs = 2u * Etd4::kStages;
  EXPECT_EQ(calls(tree, "fft forward"), rhs * 19u);
  EXPECT_EQ(calls(tree, "fft inverse"), rhs * 34u);
  EXPECT_EQ(calls(tree, "relaxation sources"), rhs);
  EXPECT_EQ(calls(tree, "integrator updates"), rhs);
  profiler.reset();
}

TEST(Profiler, DisabledProfilerRecordsNothing) {
  Profiler& profiler = Profiler::instance();
  profiler.reset();
  profiler.enable(false);
  { ISHYDRO_PROFILE("fft forward"); }
  EXPECT_FALSE(profiler.tree().contains("children"));
}

}  // namespace
}  // namespace ishydro
