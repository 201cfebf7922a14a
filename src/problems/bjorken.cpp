// Boost-invariant Bjorken flow (docs/problems.md): a uniform state in Milne coordinates, T0 at tau0,
// fluid at rest in (x, y, eta_s); pi and Pi zero or at their Navier-Stokes values
// pi^{eta eta} tau^2 = -4 eta/(3 tau0), pi^{xx} = pi^{yy} = 2 eta/(3 tau0), Pi = -zeta/tau0.
#include "problems/common_keys.hpp"
#include "problems/problem.hpp"

namespace ishydro {

namespace {
constexpr std::string_view kPiKey = "pi";
const SectionKeys kKeys{"initial",
                        "bjorken",
                        {{kT0Key, KeyType::number, "GeV", "required", "> 0", "the temperature at tau0"},
                         {kPiKey, KeyType::string, "", "`\"zero\"`", "",
                          "`\"zero\"` (pi = 0) or `\"navier-stokes\"` (pi from its Navier-Stokes value)"}}};

void parse(const InitialParse& in, ConfigValues& values) {
  const Section& s = in.initial;
  auto T0 = s.number(kT0Key);
  if (!T0) s.missing(kT0Key, "the initial temperature in GeV, > 0");
  s.require(*T0 > 0, kT0Key, "must be > 0 (GeV)");
  values[std::string(kT0Key)] = *T0;
  values[std::string(kPiKey)] = s.choice(kPiKey, {"zero", "navier-stokes"}, "zero");
}

double fill(const ProblemContext& ctx, const StateView& state, long&) {
  const double tau0 = ctx.config.time.start;
  const double e0 = ctx.eos.energy_density(ctx.config.initial.number(kT0Key));
  double pi[6] = {0, 0, 0, 0, 0, 0}, Pi = 0;
  if (ctx.config.initial.string(kPiKey) == "navier-stokes") {
    const TransportCoefficients tc = ctx.transport.at(e0);
    if (ctx.transport.shear_active()) {
      pi[0] = pi[3] = 2.0 * tc.eta / (3.0 * tau0);
      pi[5] = -4.0 * tc.eta / (3.0 * tau0);
    }
    if (ctx.transport.bulk_active()) Pi = -tc.zeta / tau0;
  }
  const double u[3] = {0, 0, 0};
  double values[kNumVars];
  conserved_from_primitive(e0, u, pi, Pi, ctx.eos, values);
  for (int v = 0; v < kNumVars; ++v) std::fill(state.var(v).begin(), state.var(v).end(), values[v]);
  return tau0;
}

const InitialKind kKind{kKeys, Coordinates::milne, false, &parse, nullptr};
}  // namespace

extern const Problem bjorken_problem{kKind, &fill};

}  // namespace ishydro
