#pragma once
// Keyed standard normal numbers for thermal noise (docs/noise_notes.md). Every normal is a pure function
// of (seed, step, stage, cell, component): no generator state, so the noise is the same for any thread
// count, any domain decomposition and any order of evaluation, and a restarted run redraws exactly the
// numbers of the original one. Thread-safe by construction.
//
// Layout of a NoiseKey on Philox4x32-10 (src/noise/philox.hpp):
//   key     = {seed bits 0..31, seed bits 32..63}
//   ctr[0]  = cell bits 0..31
//   ctr[1]  = cell bits 32..39 (bits 0..7) | component (bits 8..23) | stage (bits 24..31)
//   ctr[2]  = step bits 0..31
//   ctr[3]  = step bits 32..47 (bits 0..15) | half (bit 16) | 0 (bits 17..31, reserved)
// with `half` = 0 for normals 0 and 1 of a call and 1 for normals 2 and 3. Within the limits
//   cell < 2^40, component < 2^16, stage < 2^8, step < 2^48
// (in_range()) the map from (step, stage, cell, component, half) to the counter is injective, and Philox is
// a bijection of the counter for a fixed key, so distinct keys of one seed give distinct 128-bit blocks; the
// seed selects the Philox key. Keys beyond the limits alias others (checked by assert in debug builds).
#include <cassert>
#include <cmath>
#include <cstdint>
#include <numbers>

#include "noise/fast_normals.hpp"
#include "noise/philox.hpp"

namespace ishydro {

struct NoiseKey {
  std::uint64_t seed = 0;
  std::uint64_t step = 0;   // time step, < 2^48
  std::uint32_t stage = 0;  // stage of the integrator within the step, < 2^8
  std::uint64_t cell = 0;   // global linear cell index, < 2^40
  std::uint32_t component =
      0;  // which noise field (and which block of 4 for a field that needs more), < 2^16
};

inline constexpr std::uint64_t kNoiseStepLimit = std::uint64_t{1} << 48;
inline constexpr std::uint32_t kNoiseStageLimit = 1u << 8;
inline constexpr std::uint64_t kNoiseCellLimit = std::uint64_t{1} << 40;
inline constexpr std::uint32_t kNoiseComponentLimit = 1u << 16;

constexpr bool in_range(const NoiseKey& k) {
  return k.step < kNoiseStepLimit && k.stage < kNoiseStageLimit && k.cell < kNoiseCellLimit &&
         k.component < kNoiseComponentLimit;
}

constexpr PhiloxKey noise_philox_key(std::uint64_t seed) {
  return {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
}

// The counter of one half (0 or 1) of a call's 4 normals; the layout above.
constexpr PhiloxCounter noise_counter(const NoiseKey& k, std::uint32_t half) {
  assert(in_range(k) && half <= 1);
  return {static_cast<std::uint32_t>(k.cell),
          static_cast<std::uint32_t>(k.cell >> 32) | (k.component << 8) | (k.stage << 24),
          static_cast<std::uint32_t>(k.step), static_cast<std::uint32_t>(k.step >> 32) | (half << 16)};
}

// Two 32-bit words -> a double uniform in the open interval (0, 1): the top 52 bits k of (hi, lo) give
// (2k + 1) 2^-53, i.e. the 2^52 odd multiples of 2^-53. Every value is exact (53 significant bits at
// most), the set is symmetric about 1/2 (mean exactly 1/2), and 0 and 1 never occur: the extremes are
// 2^-53 and 1 - 2^-53.
constexpr double uniform_open(std::uint32_t lo, std::uint32_t hi) {
  const std::uint64_t k = ((static_cast<std::uint64_t>(hi) << 32) | lo) >> 12;
  return static_cast<double>(2 * k + 1) * 0x1p-53;
}

// One 32-bit word -> (2x + 1) 2^-33 in (0, 1): coarser (the normals from it are cut off at |z| < 6.77), for
// callers that want 4 uniforms per Philox block.
constexpr double uniform_open32(std::uint32_t x) {
  return static_cast<double>(2 * static_cast<std::uint64_t>(x) + 1) * 0x1p-33;
}

// Box-Muller: two uniforms in (0, 1) -> two independent standard normals (r cos t, r sin t) with
// r = sqrt(-2 ln u1), t = 2 pi u2. With uniform_open's u1 >= 2^-53, |z| <= sqrt(106 ln 2) = 8.57.
inline void box_muller(double u1, double u2, double& z0, double& z1) {
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double t = 2.0 * std::numbers::pi * u2;
  z0 = r * std::cos(t);
  z1 = r * std::sin(t);
}

// 4 standard normals from one Philox4x32-10 block (half 0 of the key): four 32-bit uniforms
// (uniform_open32) and two Box-Muller pairs with the branch-free log and sin/cos of fast_normals.hpp.
// Half the generator work of normals() per normal; the normals are cut off at |z| < 6.77 (a
// probability of 1.3e-11 left out: no measurable bias). ThermalNoise draws the same numbers 64 cells
// at a time through box_muller_chunk (thermal_noise.cpp; its vector code may round the last bit
// differently from this scalar call).
inline void normals_fast(const NoiseKey& key, double out[4]) {
  const PhiloxCounter b = philox4x32_10(noise_counter(key, 0), noise_philox_key(key.seed));
  box_muller_poly(uniform_open32(b[0]), uniform_open32(b[1]), out[0], out[1]);
  box_muller_poly(uniform_open32(b[2]), uniform_open32(b[3]), out[2], out[3]);
}

// The 4 standard normals of a key (two Philox4x32-10 blocks, half 0 and half 1, each giving two 53-bit
// uniforms and one Box-Muller pair).
inline void normals(const NoiseKey& key, double out[4]) {
  const PhiloxKey pk = noise_philox_key(key.seed);
  for (std::uint32_t half = 0; half < 2; ++half) {
    const PhiloxCounter b = philox4x32_10(noise_counter(key, half), pk);
    box_muller(uniform_open(b[0], b[1]), uniform_open(b[2], b[3]), out[2 * half], out[2 * half + 1]);
  }
}

}  // namespace ishydro
