// [initial] kind = "shear_wave" (docs/problems.md): e = e0, u^y = A sin(k x), pi = 0, Pi = 0 (k along x).
#include <cmath>

#include "problems/common_keys.hpp"

namespace ishydro {

namespace {
const SectionKeys kKeys{"initial", "shear_wave", {kE0Key, kWaveAmplitudeKey, kWaveModeKey}};

void parse(const InitialParse& in, ConfigValues& values) {
  parse_wave(in, values);
  const auto& m = std::get<std::vector<long long>>(values.at(std::string(kWaveModeKey.name)));
  if (!(m[0] != 0 && m[1] == 0 && m[2] == 0))
    input_error(wave_mode_label(in.initial) + ": initial.kind = \"" + std::string(kKeys.kind) +
                "\" needs mode = [m, 0, 0] with m != 0 (k along x)");
}

double fill(const ProblemContext& ctx, const StateView& state, long&) {
  const double e0 = ctx.config.initial.number(kE0Key.name),
               A = ctx.config.initial.number(kWaveAmplitudeKey.name);
  fill_cells(ctx, state, [&](const double x[3], double& e, double* u, double*, double&) {
    e = e0;
    u[1] = A * std::sin(wave_phase(ctx, x));
  });
  return ctx.config.time.start;
}

const InitialKind kKind{kKeys, Coordinates::cartesian, false, &parse, &check_wave_survives_dealiasing};
}  // namespace

extern const Problem shear_wave_problem{kKind, &fill};

}  // namespace ishydro
