// Boost-invariant Bjorken flow (docs/problems.md): a uniform state in Milne coordinates, T0 at tau0,
// fluid at rest in (x, y, eta_s); pi and Pi zero or at their Navier-Stokes values
// pi^{eta eta} tau^2 = -4 eta/(3 tau0), pi^{xx} = pi^{yy} = 2 eta/(3 tau0), Pi = -zeta/tau0. With a
// baryon chemical potential muB0 at tau0: e and n_B of the qgp gas at (T0, muB0), N^tau = n_B, V = 0.
#include <utility>

#include "problems/common_keys.hpp"
#include "problems/problem.hpp"

namespace ishydro {

namespace {
constexpr std::string_view kPiKey = "pi";
const SectionKeys kKeys{
    "initial",
    "bjorken",
    {{kT0Key, KeyType::number, "GeV", "required", "> 0", "the temperature at tau0"},
     {kPiKey, KeyType::string, "", "`\"zero\"`", "",
      "`\"zero\"` (pi = 0) or `\"navier-stokes\"` (pi from its Navier-Stokes value)"},
     {kMuB0Name, KeyType::number, "GeV", "`0`", "",
      "the baryon chemical potential at tau0; not 0 evolves the charge (needs `eos.kind = "
      "\"qgp\"`), with e and n_B of the qgp gas at (T0, muB0)"}}};

void parse(const InitialParse& in, ConfigValues& values) {
  const Section& s = in.initial;
  auto T0 = s.number(kT0Key);
  if (!T0) s.missing(kT0Key, "the initial temperature in GeV, > 0");
  s.require(*T0 > 0, kT0Key, "must be > 0 (GeV)");
  values[std::string(kT0Key)] = *T0;
  values[std::string(kPiKey)] = s.choice(kPiKey, {"zero", "navier-stokes"}, "zero");
  values[std::string(kMuB0Name)] = s.number(kMuB0Name).value_or(0.0);
}

std::string charged(const ConfigValues& values) { return nonzero_charge_key(values, kMuB0Name); }

// e and n_B at tau0: the EOS's e(T0) without a charge, the qgp gas's e(T0, muB0) and n_B(T0, muB0)
// with one (eqs. 80-82).
std::pair<double, double> initial_densities(const ProblemContext& ctx) {
  const InitialConfig& in = ctx.config.initial;
  const double T0 = in.number(kT0Key);
  if (!in.charged) return {ctx.eos.energy_density(T0), 0.0};
  const QgpGas gas(ctx.config.eos.nf);
  const double muB0 = in.number(kMuB0Name);
  return {gas.energy_density(T0, muB0), gas.baryon_density(T0, muB0)};
}

double fill(const ProblemContext& ctx, const StateView& state, long&) {
  const double tau0 = ctx.config.time.start;
  const auto [e0, nB0] = initial_densities(ctx);
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
  double values[kNumVarsCharged];
  conserved_from_primitive(e0, u, pi, Pi, ctx.eos, values);
  if (state.vars == kNumVarsCharged) {
    if (const auto check = charged_cell_check(ctx)) (*check)(e0, nB0, {0, 0, 0});  // every cell alike
    const double V[3] = {0, 0, 0};
    charge_from_primitive(nB0, u, V, values + kNt);
  }
  for (int v = 0; v < state.vars; ++v) std::fill(state.var(v).begin(), state.var(v).end(), values[v]);
  return tau0;
}

const InitialKind kKind{kKeys, Coordinates::milne, false, &parse, nullptr, &charged};
}  // namespace

extern const Problem bjorken_problem{kKind, &fill};

}  // namespace ishydro
