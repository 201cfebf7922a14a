// [initial] kind = "shear_layer" (docs/problems.md): the relativistic Kelvin-Helmholtz double shear
// layer in the x-y plane (after Mignone et al. 2009 and Beckwith & Stone 2011):
//   v^x = v_shear (tanh((y - y1)/a) - tanh((y - y2)/a) - 1),   y1 = Ly/4, y2 = 3 Ly/4,
//   v^y = A sin(2 pi m x / Lx) (exp(-(y - y1)^2/sigma^2) + exp(-(y - y2)^2/sigma^2)),
//   e = e0 (uniform pressure), pi = 0, Pi = 0, u^i = gamma v^i.
#include <cmath>
#include <numbers>

#include "problems/common_keys.hpp"

namespace ishydro {

namespace {
constexpr std::string_view kVShear = "v_shear", kThickness = "thickness", kPerturbation = "perturbation",
                           kMode = "mode", kSigma = "sigma";
const SectionKeys kKeys{
    "initial",
    "shear_layer",
    {kE0Key,
     {kVShear, KeyType::number, "", "`0.5`", "|v_shear| < 1",
      "v^x is +v_shear between the layers, -v_shear outside"},
     {kThickness, KeyType::number, "fm", "Ly/40", "> 0", "a: the layers' half-thickness"},
     {kPerturbation, KeyType::number, "", "`0.01`", "v_shear^2 + 4 perturbation^2 < 1",
      "A: the amplitude of v^y (the speed stays below 1)"},
     {kMode, KeyType::integer, "", "`1`", "nonzero, |mode| < nx/2", "m: the perturbation's mode along x"},
     {kSigma, KeyType::number, "fm", "Ly/10", "> 0",
      "the Gaussian width of the perturbation about each layer"}}};

void parse(const InitialParse& in, ConfigValues& values) {
  const Section& s = in.initial;
  const GridConfig& grid = in.grid;
  if (grid.points[0] < 2 || grid.points[1] < 2)
    input_error("grid.points = [" + std::to_string(grid.points[0]) + ", " + std::to_string(grid.points[1]) +
                ", " + std::to_string(grid.points[2]) + "]: " + s.what("kind") +
                " needs more than 1 point along x and y");
  const double Ly = grid.size[1];
  parse_e0(s, values);
  const double v_shear = s.number(kVShear).value_or(0.5);
  s.require(std::abs(v_shear) < 1, kVShear, "must satisfy |v_shear| < 1");
  const double A = s.number(kPerturbation).value_or(0.01);
  // |v|^2 <= v_shear^2 + (2 A)^2: |tanh - tanh - 1| < 1, and the two Gaussians add up to at most 2.
  s.require(v_shear * v_shear + 4 * A * A < 1, kPerturbation,
            "must satisfy v_shear^2 + 4 perturbation^2 < 1 (the speed stays below 1)");
  const long long m = s.integer(kMode).value_or(1);
  s.require(m != 0 && std::abs(m) < grid.points[0] / 2, kMode,
            "must be a nonzero integer below the Nyquist mode along x (|mode| < " +
                std::to_string(grid.points[0] / 2) + ")");
  values[std::string(kVShear)] = v_shear;
  values[std::string(kThickness)] = positive(s, kThickness, Ly / 40);
  values[std::string(kPerturbation)] = A;
  values[std::string(kMode)] = m;
  values[std::string(kSigma)] = positive(s, kSigma, Ly / 10);
}

double fill(const ProblemContext& ctx, const StateView& state, long&) {
  const InitialConfig& in = ctx.config.initial;
  const double e0 = in.number(kE0Key.name), v_shear = in.number(kVShear), a = in.number(kThickness),
               A = in.number(kPerturbation), sigma = in.number(kSigma);
  const long long m = std::get<long long>(in.values.find(kMode)->second);
  const double Lx = ctx.grid.L[0], Ly = ctx.grid.L[1];
  const double y1 = 0.25 * Ly, y2 = 0.75 * Ly, s2 = sigma * sigma;
  const double kx = 2.0 * std::numbers::pi * static_cast<double>(m) / Lx;
  fill_cells(ctx, state, [&](const double x[3], double& e, double* u, double*, double&) {
    const double y = x[1];
    const double vx = v_shear * (std::tanh((y - y1) / a) - std::tanh((y - y2) / a) - 1.0);
    const double vy =
        A * std::sin(kx * x[0]) * (std::exp(-(y - y1) * (y - y1) / s2) + std::exp(-(y - y2) * (y - y2) / s2));
    const double gamma = 1.0 / std::sqrt(1.0 - vx * vx - vy * vy);
    e = e0;
    u[0] = gamma * vx;
    u[1] = gamma * vy;
  });
  return ctx.config.time.start;
}

const InitialKind kKind{kKeys, Coordinates::cartesian, false, &parse, nullptr};
}  // namespace

extern const Problem shear_layer_problem{kKind, &fill};

}  // namespace ishydro
