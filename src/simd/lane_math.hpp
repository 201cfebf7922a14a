#pragma once
// Elementary functions on CellLanes (simd/cell_lanes.hpp) computed in the vector registers, where a
// loop of libm calls per lane would cost more than the kernel around it (measured: the scalar expm1
// calls of alpha coth alpha were ~8% of a charged step; docs/benchmarks.md). The double forms are
// libm's.
#include <cmath>

#include "simd/cell_lanes.hpp"

// Vectors are passed between inline functions only; their ABI does not matter.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {

// The integer vector of CellLanes' shape (the exponent bits of 2^k).
typedef long long LaneBits __attribute__((vector_size(kCellLanes * sizeof(long long))));

// exp(x) - 1 for |x| <= 700 (larger |x| is clamped there; NaN stays NaN), to about 2 ulp:
// x = k ln2 + r with |r| <= ln2/2 (Cody-Waite: ln2 in two parts, k ln2_hi exact for |k| < 2^20), the
// Taylor series of expm1(r) through r^14 (next term < 1e-19 of r), then
// expm1(x) = 2^k expm1(r) + (2^k - 1), where 2^k - 1 is exact; k = 0 (|x| <= ln2/2) is the series alone.
template <class Real>
inline Real lane_expm1(const Real& x) {
  if constexpr (!kIsLanes<Real>) {
    return std::expm1(x);
  } else {
    constexpr double kInvLn2 = 1.4426950408889634074;
    constexpr double kLn2Hi = 6.93147180369123816490e-01;  // 32 significant bits
    constexpr double kLn2Lo = 1.90821492927058770002e-10;
    constexpr double kRound = 6755399441055744.0;  // 1.5 * 2^52: adding and subtracting it rounds to nearest
    Real xc = x < -700.0 ? splat<Real>(-700.0) : x;
    xc = xc > 700.0 ? splat<Real>(700.0) : xc;
    Real k = (xc * kInvLn2 + kRound) - kRound;
    k = k == k ? k : Real{};  // NaN lanes: k = 0 (r stays NaN), so the integer conversion is defined
    const Real r = (xc - k * kLn2Hi) - k * kLn2Lo;
    // 1/n! for n = 14 down to 2.
    constexpr double kInvFactorial[] = {1.0 / 87178291200.0,
                                        1.0 / 6227020800.0,
                                        1.0 / 479001600.0,
                                        1.0 / 39916800.0,
                                        1.0 / 3628800.0,
                                        1.0 / 362880.0,
                                        1.0 / 40320.0,
                                        1.0 / 5040.0,
                                        1.0 / 720.0,
                                        1.0 / 120.0,
                                        1.0 / 24.0,
                                        1.0 / 6.0,
                                        0.5};
    Real q = splat<Real>(kInvFactorial[0]);
    for (int n = 1; n < 13; ++n) q = q * r + kInvFactorial[n];
    const Real p = r + r * r * q;  // expm1(r)
    const LaneBits exponent = (__builtin_convertvector(k, LaneBits) + 1023) << 52;
    Real two_k;
    static_assert(sizeof(two_k) == sizeof(exponent));
    std::memcpy(&two_k, &exponent, sizeof(two_k));
    return two_k * p + (two_k - 1.0);
  }
}

}  // namespace ishydro

#pragma GCC diagnostic pop
