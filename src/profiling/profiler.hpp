#pragma once
// Nested scoped timers (docs/architecture.md; docs/benchmarks.md): each phase's calls and seconds in a tree,
// kept in fixed arrays so timing allocates nothing; a disabled profiler costs one branch per scope.
// Used from the main thread only (phases wrap whole parallel loops, never run inside them).
#include <array>
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace ishydro {

class Profiler {
 public:
  static Profiler& instance();
  void enable(bool on) { enabled_ = on; }
  bool enabled() const { return enabled_; }
  void reset();
  int enter(const char* name);
  void leave(int node, double seconds);
  nlohmann::json tree() const;

 private:
  static constexpr int kMaxNodes = 128, kMaxDepth = 32;
  struct Node {
    const char* name = nullptr;
    int parent = -1;
    std::uint64_t calls = 0;
    double seconds = 0;
  };
  nlohmann::json subtree(int node) const;
  std::array<Node, kMaxNodes> nodes_{};
  int count_ = 1;  // node 0 is the root
  std::array<int, kMaxDepth> stack_{};
  int depth_ = 0;
  bool enabled_ = false;
};

class ScopedTimer {
 public:
  explicit ScopedTimer(const char* name) {
    Profiler& p = Profiler::instance();
    if (p.enabled()) {
      node_ = p.enter(name);
      start_ = std::chrono::steady_clock::now();
    }
  }
  ~ScopedTimer() {
    if (node_ >= 0)
      Profiler::instance().leave(
          node_, std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
  }
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

 private:
  int node_ = -1;
  std::chrono::steady_clock::time_point start_;
};

// Heap allocations made through operator new since the program started (alloc_counter.cpp).
std::uint64_t heap_allocations();
// Peak resident set size of this process in bytes (from /proc/self/status VmHWM).
std::uint64_t peak_resident_bytes();

}  // namespace ishydro

#define ISHYDRO_CONCAT_INNER(a, b) a##b
#define ISHYDRO_CONCAT(a, b) ISHYDRO_CONCAT_INNER(a, b)
#define ISHYDRO_PROFILE(name) ::ishydro::ScopedTimer ISHYDRO_CONCAT(ishydro_timer_, __LINE__)(name)
