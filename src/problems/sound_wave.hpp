#pragma once
// [initial] kind = "sound_wave" (sound_wave.cpp) built in code, for the benchmarks.
#include <array>

#include "config/config.hpp"

namespace ishydro {

// e = e0 (1 + amplitude cos(k.x)) with k = 2 pi mode / L (unchecked).
InitialConfig sound_wave_initial(double e0, double amplitude, const std::array<int, 3>& mode);

}  // namespace ishydro
