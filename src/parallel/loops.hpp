#pragma once
// Loops over independent cells or blocks, on OpenMP threads when there are several.
//
// With one thread the loops run plainly, without entering OpenMP: libgomp allocates and frees a
// thread team for every parallel region run on one thread (measured: one heap allocation per
// region; the team is cached only for two or more threads), which would be heap traffic inside the
// time loop (docs/benchmarks.md, "Zero allocations, checked from outside").
#include <omp.h>

namespace ishydro::parallel {

inline bool threaded() { return omp_get_max_threads() > 1; }

// body(i) for i in [0, n), static schedule.
template <class Index, class Body>
inline void for_each(Index n, Body&& body) {
  if (threaded()) {
#pragma omp parallel for schedule(static)
    for (Index i = 0; i < n; ++i) body(i);
  } else {
    for (Index i = 0; i < n; ++i) body(i);
  }
}

// A reduction over [0, n): body(i, acc) adds index i into the accumulator `acc`; Acc has merge(). Each
// thread accumulates its static share of the indices, and the shares are merged in thread order, so the
// result depends on the thread count only (not on timing).
template <class Acc, class Index, class Body>
inline Acc reduce(Index n, Body&& body) {
  Acc total{};
  if (!threaded()) {
    for (Index i = 0; i < n; ++i) body(i, total);
    return total;
  }
  constexpr int kMaxThreads = 256;
  Acc shares[kMaxThreads];
  int threads = 1;
#pragma omp parallel num_threads(omp_get_max_threads() < kMaxThreads ? omp_get_max_threads() : kMaxThreads)
  {
    const int t = omp_get_thread_num();
#pragma omp single
    threads = omp_get_num_threads();
    Acc mine{};
#pragma omp for schedule(static)
    for (Index i = 0; i < n; ++i) body(i, mine);
    shares[t] = mine;
  }
  for (int t = 0; t < threads; ++t) total.merge(shares[t]);
  return total;
}

}  // namespace ishydro::parallel
