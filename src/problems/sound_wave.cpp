// [initial] kind = "sound_wave" (docs/problems.md): e = e0 (1 + A cos(k.x)), u = 0, pi = 0, Pi = 0, and
// with a baryon charge n_B = nB0 (1 + A cos(k.x)), V = 0.
#include "problems/sound_wave.hpp"

#include <cmath>

#include "problems/common_keys.hpp"

namespace ishydro {

namespace {
const SectionKeys kKeys{"initial",
                        "sound_wave",
                        {kE0Key,
                         kWaveAmplitudeKey,
                         kWaveModeKey,
                         {kNB0Name, KeyType::number, "1/fm^3", "`0`", "",
                          "the mean baryon density: n_B = nB0 (1 + amplitude cos(k.x)); not 0 evolves the "
                          "charge (needs `eos.kind = \"qgp\"`)"}}};

void parse(const InitialParse& in, ConfigValues& values) {
  parse_wave(in, values);
  values[std::string(kNB0Name)] = in.initial.number(kNB0Name).value_or(0.0);
}

std::string charged(const ConfigValues& values) { return nonzero_charge_key(values, kNB0Name); }

double fill(const ProblemContext& ctx, const StateView& state, long&) {
  const InitialConfig& in = ctx.config.initial;
  const double e0 = in.number(kE0Key.name), A = in.number(kWaveAmplitudeKey.name);
  // Built in code (benchmarks: sound_wave_initial) the charge may be absent.
  const double nB0 = in.values.contains(kNB0Name) ? in.number(kNB0Name) : 0.0;
  fill_cells(ctx, state, [&](const double x[3], double& e, double*, double*, double&, double& nB) {
    const double profile = 1.0 + A * std::cos(wave_phase(ctx, x));
    e = e0 * profile;
    nB = nB0 * profile;
  });
  return ctx.config.time.start;
}

const InitialKind kKind{kKeys,  Coordinates::cartesian,          false,
                        &parse, &check_wave_survives_dealiasing, &charged};
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
