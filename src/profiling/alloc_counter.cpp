// Counts every heap allocation made through operator new, so a test and the profiler can prove that
// a time step allocates nothing (docs/benchmarks.md). malloc calls from C libraries are not counted;
// none of them runs inside the time loop.
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "profiling/profiler.hpp"

namespace {
std::atomic<std::uint64_t> g_allocations{0};
}

namespace ishydro {
std::uint64_t heap_allocations() { return g_allocations.load(std::memory_order_relaxed); }
}  // namespace ishydro

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
