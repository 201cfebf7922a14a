// [initial] kind = "sound_wave" (docs/problems.md): e = e0 (1 + A cos(k.x)), u = 0, pi = 0, Pi = 0.
#include "problems/sound_wave.hpp"

#include <cmath>

#include "problems/common_keys.hpp"

namespace ishydro {

namespace {
const SectionKeys kKeys{"initial", "sound_wave", {kE0Key, kWaveAmplitudeKey, kWaveModeKey}};

void parse(const InitialParse& in, ConfigValues& values) { parse_wave(in, values); }

double fill(const ProblemContext& ctx, const StateView& state, long&) {
  const double e0 = ctx.config.initial.number(kE0Key.name),
               A = ctx.config.initial.number(kWaveAmplitudeKey.name);
  fill_cells(ctx, state, [&](const double x[3], double& e, double*, double*, double&) {
    e = e0 * (1.0 + A * std::cos(wave_phase(ctx, x)));
  });
  return ctx.config.time.start;
}

const InitialKind kKind{kKeys, Coordinates::cartesian, false, &parse, &check_wave_survives_dealiasing};
}  // namespace

extern const Problem sound_wave_problem{kKind, &fill};

InitialConfig sound_wave_initial(double e0, double amplitude, const std::array<int, 3>& mode) {
  InitialConfig in;
  in.kind = std::string(kKeys.kind);
  in.values[std::string(kE0Key.name)] = e0;
  in.values[std::string(kWaveAmplitudeKey.name)] = amplitude;
  in.values[std::string(kWaveModeKey.name)] = std::vector<long long>(mode.begin(), mode.end());
  return in;
}

}  // namespace ishydro
