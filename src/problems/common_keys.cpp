#include "problems/common_keys.hpp"

#include <cmath>
#include <numbers>

namespace ishydro {

double positive(const Section& s, std::string_view key, double fallback) {
  auto v = s.number(key);
  if (!v) return fallback;
  s.require(*v > 0, key, "must be > 0");
  return *v;
}

void parse_e0(const Section& s, ConfigValues& values) {
  values[std::string(kE0Key.name)] = positive(s, kE0Key.name, 1.0);
}

std::string wave_mode_label(const Section& s) {
  return s.has(kWaveModeKey.name) ? s.what(kWaveModeKey.name)
                                  : s.qualified(kWaveModeKey.name) + " = [1, 0, 0] (default)";
}

void parse_wave(const InitialParse& in, ConfigValues& values) {
  const Section& s = in.initial;
  parse_e0(s, values);
  double amplitude = 1e-6;
  if (auto a = s.number(kWaveAmplitudeKey.name)) {
    s.require(std::abs(*a) < 1, kWaveAmplitudeKey.name, "must satisfy |amplitude| < 1");
    amplitude = *a;
  }
  values[std::string(kWaveAmplitudeKey.name)] = amplitude;
  parse_wave_mode(in, values);
}

void parse_wave_mode(const InitialParse& in, ConfigValues& values) {
  const Section& s = in.initial;
  const std::array<long long, 3> mode =
      s.integer3(kWaveModeKey.name).value_or(std::array<long long, 3>{1, 0, 0});
  const std::string label = wave_mode_label(s);
  auto require = [&label](bool ok, const std::string& rule) {
    if (!ok) input_error(label + ": " + rule);
  };
  static constexpr const char* axis[3] = {"x", "y", "z"};
  require(mode[0] != 0 || mode[1] != 0 || mode[2] != 0, "must not be all zero");
  for (int a = 0; a < 3; ++a) {
    const long long m = mode[a], n = in.grid.points[a];
    if (m == 0) continue;
    require(n > 1, std::string("the mode along ") + axis[a] +
                       " must be 0 because grid.points has 1 point along " + axis[a]);
    require(m < n / 2 && m > -n / 2, std::string("the mode along ") + axis[a] +
                                         " must be below the Nyquist mode: |mode| < " +
                                         std::to_string(n / 2) + " for " + std::to_string(n) + " points");
  }
  values[std::string(kWaveModeKey.name)] = std::vector<long long>(mode.begin(), mode.end());
}

void check_wave_survives_dealiasing(const Section& initial, const Section&, const GridConfig& grid,
                                    const ConfigValues& values, NumericsConfig& numerics) {
  if (numerics.dealiasing != Dealiasing::two_thirds) return;
  static constexpr const char* axis[3] = {"x", "y", "z"};
  const auto& mode = std::get<std::vector<long long>>(values.find(kWaveModeKey.name)->second);
  for (int a = 0; a < 3; ++a) {
    const int m = std::abs(static_cast<int>(mode[a])), n = grid.points[a];
    if (3 * m < n) continue;
    input_error(wave_mode_label(initial) + ": the mode along " + axis[a] +
                " is removed by the 2/3 rule (numerics.dealiasing = " +
                "\"two_thirds\" keeps 3 |mode| < points, i.e. |mode| <= " + std::to_string((n - 1) / 3) +
                " for " + std::to_string(n) +
                " points); use a lower mode, more points, or numerics.dealiasing " +
                "= \"exponential\" or \"none\"");
  }
}

double wave_phase(const ProblemContext& ctx, const double x[3]) {
  const auto m = ctx.config.initial.integer3(kWaveModeKey.name);
  double ph = 0;
  for (int a = 0; a < 3; ++a) ph += 2.0 * std::numbers::pi * m[a] / ctx.grid.L[a] * x[a];
  return ph;
}

}  // namespace ishydro
