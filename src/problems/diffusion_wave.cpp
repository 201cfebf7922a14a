// [initial] kind = "diffusion_wave" (docs/problems.md): a baryon-density wave on a uniform, moving,
// charged background (docs/equations.md, "Baryon charge and diffusion"):
//   e = e0, n_B = nB0 + amplitude cos(k.x) (both in the fluid's rest frame), V = 0, pi = 0, Pi = 0,
//   u^i = gamma v^i with the uniform velocity v = `velocity`.
// For the qgp gas p = e/3 at any n_B, so sound does not feel n_B: the wave is pure diffusion.
#include <cmath>

#include "problems/common_keys.hpp"

namespace ishydro {

namespace {
constexpr std::string_view kVelocity = "velocity";
const SectionKeys kKeys{
    "initial",
    "diffusion_wave",
    {kE0Key,
     {kNB0Name, KeyType::number, "1/fm^3", "`0`", "", "the background baryon density (rest frame)"},
     {kWaveAmplitudeKey.name, KeyType::number, "1/fm^3", "`1e-6`", "",
      "n_B = nB0 + amplitude cos(k.x) (an absolute density, unlike the relative amplitude of the other "
      "waves)"},
     kWaveModeKey,
     {kVelocity, KeyType::number3, "", "`[0, 0, 0]`", "|v| < 1",
      "the uniform flow velocity [vx, vy, vz]: u^i = gamma v^i; e0 and n_B are rest-frame values"}}};

void parse(const InitialParse& in, ConfigValues& values) {
  const Section& s = in.initial;
  parse_e0(s, values);
  values[std::string(kNB0Name)] = s.number(kNB0Name).value_or(0.0);
  values[std::string(kWaveAmplitudeKey.name)] = s.number(kWaveAmplitudeKey.name).value_or(1e-6);
  parse_wave_mode(in, values);
  const std::array<double, 3> v = s.number3(kVelocity).value_or(std::array<double, 3>{0, 0, 0});
  s.require(std::hypot(v[0], v[1], v[2]) < 1.0, kVelocity,
            "the speed |v| = sqrt(vx^2 + vy^2 + vz^2) must be < 1");
  values[std::string(kVelocity)] = std::vector<double>(v.begin(), v.end());
}

// A diffusion wave always carries a charge (its amplitude, when nB0 = 0).
std::string charged(const ConfigValues&) { return "initial.kind = \"diffusion_wave\""; }

double fill(const ProblemContext& ctx, const StateView& state, long&) {
  const InitialConfig& in = ctx.config.initial;
  const double e0 = in.number(kE0Key.name), nB0 = in.number(kNB0Name), A = in.number(kWaveAmplitudeKey.name);
  const std::array<double, 3> v = in.number3(kVelocity);
  const double gamma = 1.0 / std::sqrt(1.0 - (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]));
  fill_cells(ctx, state, [&](const double x[3], double& e, double* u, double*, double&, double& nB) {
    e = e0;
    for (int a = 0; a < 3; ++a) u[a] = gamma * v[a];
    nB = nB0 + A * std::cos(wave_phase(ctx, x));
  });
  return ctx.config.time.start;
}

const InitialKind kKind{kKeys,  Coordinates::cartesian,          false,
                        &parse, &check_wave_survives_dealiasing, &charged};
}  // namespace

extern const Problem diffusion_wave_problem{kKind, &fill};

}  // namespace ishydro
