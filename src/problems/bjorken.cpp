// Boost-invariant Bjorken flow (docs/problems.md): a uniform state in Milne coordinates, T0 at tau0,
// fluid at rest in (x, y, eta_s); pi and Pi zero or at their Navier-Stokes values
// pi^{eta eta} tau^2 = -4 eta/(3 tau0), pi^{xx} = pi^{yy} = 2 eta/(3 tau0), Pi = -zeta/tau0.
#include "problems/problem.hpp"

namespace ishydro {

void bjorken(const ProblemContext& ctx, const StateView& state) {
  const double tau0 = ctx.config.time.start;
  const double e0 = ctx.eos.energy_density(ctx.config.initial.T0);
  double pi[6] = {0, 0, 0, 0, 0, 0}, Pi = 0;
  if (ctx.config.initial.pi_navier_stokes) {
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
}

}  // namespace ishydro
