// Philox4x32-10 against Random123's published known-answer vectors (tests/kat_vectors of
// github.com/DEShawResearch/random123: counter words, key words, expected output words), at compile time
// and at run time, and the avalanche of single counter bits.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

#include "noise/philox.hpp"

namespace ishydro {
namespace {

struct Kat {
  PhiloxCounter counter;
  PhiloxKey key;
  PhiloxCounter expected;
};

constexpr Kat kKats[] = {
    {{0x00000000, 0x00000000, 0x00000000, 0x00000000},
     {0x00000000, 0x00000000},
     {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};

static_assert(philox4x32_10(kKats[0].counter, kKats[0].key) == kKats[0].expected);
static_assert(philox4x32_10(kKats[1].counter, kKats[1].key) == kKats[1].expected);
static_assert(philox4x32_10(kKats[2].counter, kKats[2].key) == kKats[2].expected);

TEST(Philox, MatchesRandom123KnownAnswerVectors) {
  for (const Kat& k : kKats) {
    // Through a volatile copy so the run-time path is exercised too.
    volatile std::uint32_t c0 = k.counter[0];
    const PhiloxCounter c{c0, k.counter[1], k.counter[2], k.counter[3]};
    const PhiloxCounter out = philox4x32_10(c, k.key);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(out[i], k.expected[i]) << "word " << i;
  }
}

// The same file's philox4x32 7 lines: the round function and key schedule for another round count.
TEST(Philox, SevenRoundsMatchRandom123KnownAnswerVectors) {
  EXPECT_EQ(philox4x32<7>({0, 0, 0, 0}, {0, 0}),
            (PhiloxCounter{0x5f6fb709, 0x0d893f64, 0x4f121f81, 0x4f730a48}));
  EXPECT_EQ(philox4x32<7>({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff}),
            (PhiloxCounter{0x5207ddc2, 0x45165e59, 0x4d8ee751, 0x8c52f662}));
  EXPECT_EQ(philox4x32<7>({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0}),
            (PhiloxCounter{0x4dfccaba, 0x190a87f0, 0xc47362ba, 0xb6b5242a}));
}

// Flipping one bit of the counter flips each output bit with probability 1/2: over n = 128 x 2000
// flips the mean Hamming distance is 64 with standard error sqrt(32 / n) = 0.011; 5 of them allowed.
TEST(Philox, EveryCounterBitAvalanches) {
  const PhiloxKey key{0x12345678u, 0x9abcdef0u};
  double sum = 0;
  int n = 0, least = 128;
  for (std::uint32_t i = 0; i < 2000; ++i) {
    const PhiloxCounter c{i, 0x0badf00du ^ i, 3u * i, 7u};
    const PhiloxCounter base = philox4x32_10(c, key);
    for (int bit = 0; bit < 128; ++bit) {
      PhiloxCounter f = c;
      f[bit / 32] ^= 1u << (bit % 32);
      const PhiloxCounter out = philox4x32_10(f, key);
      int d = 0;
      for (int w = 0; w < 4; ++w) d += std::popcount(out[w] ^ base[w]);
      sum += d;
      least = std::min(least, d);
      ++n;
    }
  }
  EXPECT_NEAR(sum / n, 64.0, 5 * std::sqrt(32.0 / n));
  EXPECT_GT(least, 20);  // P(d <= 20) for Binomial(128, 1/2) is ~1e-15 per flip
}

}  // namespace
}  // namespace ishydro
