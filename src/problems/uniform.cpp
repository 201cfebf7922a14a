// [initial] kind = "uniform" (docs/problems.md): uniform e0, u^i, pi^{ij}, Pi and n_B = nB0 (rest frame,
// V = 0) from the input keys.
#include <array>
#include <cmath>

#include "problems/common_keys.hpp"

namespace ishydro {

namespace {
constexpr std::array<std::string_view, 3> kU = {"ux", "uy", "uz"};
constexpr std::array<std::string_view, 6> kPi = {"pi_xx", "pi_xy", "pi_xz", "pi_yy", "pi_yz", "pi_zz"};
constexpr std::string_view kBulkKey = "Pi";
constexpr std::string_view kU_rule =
    "spatial components u^i (any value gives a valid four-velocity), |u| <= 1000: beyond, e would be lost to "
    "round-off in T^{tt} = (e + p) gamma^2 - p";

const SectionKeys kKeys{"initial",
                        "uniform",
                        {kE0Key,
                         {kU[0], KeyType::number, "", "`0`", "", kU_rule},
                         {kU[1], KeyType::number, "", "`0`", "", kU_rule},
                         {kU[2], KeyType::number, "", "`0`", "", kU_rule},
                         {kPi[0], KeyType::number, "GeV/fm^3", "`0`", "finite", ""},
                         {kPi[1], KeyType::number, "GeV/fm^3", "`0`", "finite", ""},
                         {kPi[2], KeyType::number, "GeV/fm^3", "`0`", "finite", ""},
                         {kPi[3], KeyType::number, "GeV/fm^3", "`0`", "finite", ""},
                         {kPi[4], KeyType::number, "GeV/fm^3", "`0`", "finite", ""},
                         {kPi[5], KeyType::number, "GeV/fm^3", "`0`", "finite", ""},
                         {kBulkKey, KeyType::number, "GeV/fm^3", "`0`", "finite", ""},
                         {kNB0Name, KeyType::number, "1/fm^3", "`0`", "",
                          "the baryon density in the rest frame; not 0 evolves the charge (needs `eos.kind = "
                          "\"qgp\"`)"}}};

void parse(const InitialParse& in, ConfigValues& values) {
  const Section& s = in.initial;
  parse_e0(s, values);
  // |u| = gamma |v| <= 1000: beyond, T^{tt} = (e + p) gamma^2 - p carries e in its last digits only
  // (gamma^2 > 1e6 of 1e16), and the recovery of e from T^{t nu} (eq. 17) loses it to round-off.
  double u[3];
  for (int i = 0; i < 3; ++i) {
    u[i] = s.number(kU[i]).value_or(0.0);
    s.require(std::abs(u[i]) <= 1000.0, kU[i], "must satisfy |u^i| <= 1000 (gamma up to ~1000)");
  }
  s.require(std::hypot(u[0], u[1], u[2]) <= 1000.0, kU[0],
            "the four-velocity must satisfy |u| = sqrt(ux^2 + uy^2 + uz^2) <= 1000 (gamma up to ~1000)");
  for (int i = 0; i < 3; ++i) values[std::string(kU[i])] = u[i];
  for (auto key : kPi) values[std::string(key)] = s.number(key).value_or(0.0);
  values[std::string(kBulkKey)] = s.number(kBulkKey).value_or(0.0);
  values[std::string(kNB0Name)] = s.number(kNB0Name).value_or(0.0);
}

std::string charged(const ConfigValues& values) { return nonzero_charge_key(values, kNB0Name); }

double fill(const ProblemContext& ctx, const StateView& state, long&) {
  const InitialConfig& in = ctx.config.initial;
  const double e0 = in.number(kE0Key.name), Pi0 = in.number(kBulkKey), nB0 = in.number(kNB0Name);
  double u0[3], pi0[6];
  for (int a = 0; a < 3; ++a) u0[a] = in.number(kU[a]);
  for (int q = 0; q < 6; ++q) pi0[q] = in.number(kPi[q]);
  fill_cells(ctx, state, [&](const double*, double& e, double* u, double* pi, double& Pi, double& nB) {
    e = e0;
    nB = nB0;
    for (int a = 0; a < 3; ++a) u[a] = u0[a];
    for (int q = 0; q < 6; ++q) pi[q] = pi0[q];
    Pi = Pi0;
  });
  return ctx.config.time.start;
}

const InitialKind kKind{kKeys, Coordinates::cartesian, false, &parse, nullptr, &charged};
}  // namespace

extern const Problem uniform_problem{kKind, &fill};

}  // namespace ishydro
