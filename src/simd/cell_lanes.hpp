#pragma once
// Several cells per instruction: the per-cell kernels (primitive recovery, the relaxation equations,
// the solve for e_t and Du) are templates on their number type `Real`, instantiated on double (one
// cell) and on a GCC vector of doubles holding kCellLanes consecutive cells (one per lane); the
// helpers below are written so that one expression serves both. A lane's result never depends on the
// other lanes, and the step runs every cell through the vector code (short groups padded), so results
// do not depend on thread or MPI splits. The double instantiation agrees with it to round-off only:
// the compiler may fuse multiply-adds differently in scalar and vector code.
#if defined(__SSE2__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <type_traits>

// Vectors are passed between inline functions only; their ABI does not matter.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {

// Cells per group: one register of the widest vector unit the build targets (the release build uses
// -march=native, CMakeLists.txt ISHYDRO_NATIVE). Measured in docs/benchmarks.md.
#if defined(__AVX512F__)
inline constexpr int kCellLanes = 8;
#elif defined(__AVX__)
inline constexpr int kCellLanes = 4;
#else
inline constexpr int kCellLanes = 2;
#endif
#if defined(__SSE2__)
inline constexpr bool kHaveSse2 = true;  // 8 lanes imply AVX-512F, 4 lanes AVX (above)
#else
inline constexpr bool kHaveSse2 = false;
#endif
typedef double CellLanes __attribute__((vector_size(kCellLanes * sizeof(double))));

template <class Real>
inline constexpr bool kIsLanes = !std::is_same_v<Real, double>;
// Cells held by a number type: 1 for double, sizeof / 8 for a vector.
template <class Real>
inline constexpr int kLanesOf = static_cast<int>(sizeof(Real) / sizeof(double));

// The result of a comparison: bool for one cell, a vector of all-ones/zero lanes for CellLanes.
template <class Real>
using LaneMask = decltype(Real{} < Real{});

template <class Real>
inline Real splat(double x) {
  if constexpr (kIsLanes<Real>)
    return Real{} + x;
  else
    return x;
}
// Lane 0 stands for all lanes (the caller checked that they agree).
template <class Real>
inline bool nonzero(const Real& x) {
  if constexpr (kIsLanes<Real>)
    return x[0] != 0;
  else
    return x != 0;
}
template <class Real>
inline bool positive(const Real& x) {
  if constexpr (kIsLanes<Real>)
    return x[0] > 0;
  else
    return x > 0;
}
template <class Real>
inline Real lane_sqrt(const Real& x) {
  if constexpr (kIsLanes<Real>) {
    Real r{};
    for (int l = 0; l < kLanesOf<Real>; ++l) r[l] = std::sqrt(x[l]);
    return r;
  } else {
    return std::sqrt(x);
  }
}
template <class Real>
inline Real lane_abs(const Real& x) {
  return x < 0.0 ? -x : x;
}
// Whether any lane of a comparison's result is set: one instruction on the mask register where the
// target has one (a loop over the lanes cost ~8-16 cycles per call, and the relaxation pass makes ~20
// such calls per group; docs/benchmarks.md round 3).
template <class Mask>
inline bool any_lane(const Mask& m) {
  if constexpr (std::is_same_v<Mask, bool>) {
    return m;
  } else if constexpr (sizeof(Mask) == 64 && kCellLanes == 8) {
#if defined(__AVX512F__)
    const __m512i bits = reinterpret_cast<const __m512i&>(m);
    return _mm512_test_epi64_mask(bits, bits) != 0;
#endif
  } else if constexpr (sizeof(Mask) == 32 && kCellLanes == 4) {
#if defined(__AVX__)
    return _mm256_movemask_pd(reinterpret_cast<const __m256d&>(m)) != 0;  // lanes are all-ones or zero
#endif
  } else if constexpr (sizeof(Mask) == 16 && kHaveSse2) {
#if defined(__SSE2__)
    return _mm_movemask_pd(reinterpret_cast<const __m128d&>(m)) != 0;
#endif
  } else {
    for (int l = 0; l < static_cast<int>(sizeof(Mask) / sizeof(m[0])); ++l)
      if (m[l]) return true;
    return false;
  }
}
template <class Mask>
inline bool lane_set(const Mask& m, int l) {
  if constexpr (std::is_same_v<Mask, bool>)
    return (void)l, m;
  else
    return m[l] != 0;
}

// A group of cells [c0, c0 + count), count <= kCellLanes, run as one CellLanes vector: a short group
// repeats its last cell in the unused lanes (so every cell, wherever it falls, goes through the same
// vector code and gets the same bits).
struct CellGroup {
  std::size_t c0;
  int count;
};
template <class V>
inline void load(V& x, const double* p, CellGroup g) {
  if (g.count == kLanesOf<V>) {
    std::memcpy(&x, p + g.c0, sizeof(V));
    return;
  }
  for (int l = 0; l < kLanesOf<V>; ++l) x[l] = p[g.c0 + static_cast<std::size_t>(std::min(l, g.count - 1))];
}
template <class V>
inline void store(double* p, const V& x, CellGroup g) {
  if (g.count == kLanesOf<V>) {
    std::memcpy(p + g.c0, &x, sizeof(V));
    return;
  }
  for (int l = 0; l < g.count; ++l) p[g.c0 + static_cast<std::size_t>(l)] = x[l];
}

}  // namespace ishydro

#pragma GCC diagnostic pop
