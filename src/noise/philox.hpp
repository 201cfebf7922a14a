#pragma once
// Philox4x32-10, the counter-based random number generator of Salmon, Moraes, Dror and Shaw, "Parallel
// random numbers: as easy as 1, 2, 3" (SC11, 2011), written from the published algorithm: a keyed
// bijection of 128-bit counters built from 10 rounds of two 32x32->64-bit multiplications. Each round maps
//   (c0, c1, c2, c3) -> (hi(M1 c2) ^ c1 ^ k0, lo(M1 c2), hi(M0 c0) ^ c3 ^ k1, lo(M0 c0))
// with M0 = 0xD2511F53, M1 = 0xCD9E8D57, and the key is bumped by the Weyl constants
// (k0, k1) += (0x9E3779B9, 0xBB67AE85) between rounds. Stateless: the output is a pure function of
// (counter, key), so any thread may draw any block in any order (docs/noise_notes.md). Verified against
// Random123's known-answer vectors (tests/noise/test_philox.cpp).
#include <array>
#include <cstdint>

namespace ishydro {

using PhiloxCounter = std::array<std::uint32_t, 4>;
using PhiloxKey = std::array<std::uint32_t, 2>;

namespace philox_detail {
inline constexpr std::uint32_t kM0 = 0xD2511F53u;
inline constexpr std::uint32_t kM1 = 0xCD9E8D57u;
inline constexpr std::uint32_t kW0 = 0x9E3779B9u;  // golden ratio
inline constexpr std::uint32_t kW1 = 0xBB67AE85u;  // sqrt(3) - 1

constexpr PhiloxCounter round(const PhiloxCounter& c, const PhiloxKey& k) {
  const std::uint64_t p0 = static_cast<std::uint64_t>(kM0) * c[0];
  const std::uint64_t p1 = static_cast<std::uint64_t>(kM1) * c[2];
  const auto hi = [](std::uint64_t p) { return static_cast<std::uint32_t>(p >> 32); };
  const auto lo = [](std::uint64_t p) { return static_cast<std::uint32_t>(p); };
  return {hi(p1) ^ c[1] ^ k[0], lo(p1), hi(p0) ^ c[3] ^ k[1], lo(p0)};
}
}  // namespace philox_detail

// Philox4x32 with `Rounds` rounds (10 is the published, Crush-resistant choice with a safety margin).
template <int Rounds>
constexpr PhiloxCounter philox4x32(PhiloxCounter counter, PhiloxKey key) {
  static_assert(Rounds >= 1 && Rounds <= 16);
  for (int r = 0; r < Rounds; ++r) {
    if (r > 0) {
      key[0] += philox_detail::kW0;
      key[1] += philox_detail::kW1;
    }
    counter = philox_detail::round(counter, key);
  }
  return counter;
}

constexpr PhiloxCounter philox4x32_10(const PhiloxCounter& counter, const PhiloxKey& key) {
  return philox4x32<10>(counter, key);
}

}  // namespace ishydro
