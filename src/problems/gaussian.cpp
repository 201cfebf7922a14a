// [initial] kind = "gaussian" (docs/problems.md): a pulse at rest,
//   e = e0 (1 + amplitude exp(-|x - centre|^2 / (2 width^2))),  u = 0, pi = 0, Pi = 0,
// with |x - centre| the distance to the nearest periodic image of the centre.
#include <cmath>

#include "problems/common_keys.hpp"

namespace ishydro {

namespace {
constexpr std::string_view kAmplitude = "amplitude", kWidth = "width", kCentre = "centre";
const SectionKeys kKeys{
    "initial",
    "gaussian",
    {kE0Key,
     {kAmplitude, KeyType::number, "", "`1`", "> -1", "the pulse's height relative to e0 (e > 0 everywhere)"},
     {kWidth, KeyType::number, "fm", "required", "> 0", "the standard deviation of the pulse"},
     {kCentre, KeyType::number3, "fm", "the box centre", "",
      "the pulse's centre (periodic images included)"}}};

void parse(const InitialParse& in, ConfigValues& values) {
  const Section& s = in.initial;
  parse_e0(s, values);
  const double amplitude = s.number(kAmplitude).value_or(1.0);
  s.require(amplitude > -1, kAmplitude, "must be > -1 (e must stay > 0)");
  auto width = s.number(kWidth);
  if (!width) s.missing(kWidth, "the pulse's standard deviation in fm, > 0");
  s.require(*width > 0, kWidth, "must be > 0");
  std::array<double, 3> centre{};
  for (int a = 0; a < 3; ++a) centre[a] = 0.5 * in.grid.size[a];
  if (auto c = s.number3(kCentre)) centre = *c;
  values[std::string(kAmplitude)] = amplitude;
  values[std::string(kWidth)] = *width;
  values[std::string(kCentre)] = std::vector<double>(centre.begin(), centre.end());
}

double fill(const ProblemContext& ctx, const StateView& state, long&) {
  const InitialConfig& in = ctx.config.initial;
  const double e0 = in.number(kE0Key.name), A = in.number(kAmplitude), w = in.number(kWidth);
  const std::array<double, 3> centre = in.number3(kCentre);
  const Grid& g = ctx.grid;
  fill_cells(ctx, state, [&](const double x[3], double& e, double*, double*, double&) {
    double r2 = 0;
    for (int a = 0; a < 3; ++a) {
      double d = std::remainder(x[a] - centre[a], g.L[a]);  // nearest image, in [-L/2, L/2]
      if (g.n[a] == 1) d = 0;                               // a homogeneous axis
      r2 += d * d;
    }
    e = e0 * (1.0 + A * std::exp(-r2 / (2.0 * w * w)));
  });
  return ctx.config.time.start;
}

const InitialKind kKind{kKeys, Coordinates::cartesian, false, &parse, nullptr};
}  // namespace

extern const Problem gaussian_problem{kKind, &fill};

}  // namespace ishydro
