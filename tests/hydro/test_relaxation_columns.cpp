// relaxation_columns (the fused Jacobian columns of the per-cell pass, docs/benchmarks.md) equals
// the three homogeneous relaxation_rates evaluations it replaced, to round-off, for every
// combination of second-order terms, in a moving, sheared, viscous cell.
#include <gtest/gtest.h>

#include <cmath>

#include "eos/eos.hpp"
#include "hydro/dissipative_rates.hpp"
#include "hydro/primitive_recovery.hpp"
#include "transport/transport.hpp"

namespace ishydro {
namespace {

TEST(RelaxationColumns, EqualTheHomogeneousRelaxationRates) {
  const Eos eos(1.0 / 3.0, 47.5);
  for (int mask = 0; mask < 64; ++mask) {
    TransportConfig cfg;
    cfg.eta_over_s = 0.1;
    cfg.zeta_over_s = 0.05;
    cfg.tau_pi_coeff = 5.0;
    cfg.tau_Pi_coeff = 5.0;
    cfg.terms = {bool(mask & 1), bool(mask & 2), bool(mask & 4), bool(mask & 8), bool(mask & 16), bool(mask & 32)};
    const Transport transport(cfg, eos);
    for (int c = 0; c < 20; ++c) {
      CellFlow f;
      f.e = 10.0 * (1.0 + 0.2 * std::sin(0.7 * c));
      f.cs2 = 1.0 / 3.0;
      f.p = f.cs2 * f.e;
      f.u[0] = 0.4 * std::sin(1.1 * c);
      f.u[1] = 0.3 * std::cos(0.5 * c);
      f.u[2] = 0.2 * std::sin(2.3 * c + 1.0);
      f.gamma = std::sqrt(1.0 + f.u[0] * f.u[0] + f.u[1] * f.u[1] + f.u[2] * f.u[2]);
      const double v[3] = {f.u[0] / f.gamma, f.u[1] / f.gamma, f.u[2] / f.gamma};
      for (int q = 0; q < 6; ++q) f.pi[q] = 0.3 * std::sin(0.9 * c + q);
      remove_trace(v, f.pi);
      f.Pi = -0.1 * (1.0 + 0.5 * std::cos(c));
      for (int j = 0; j < 3; ++j)
        for (int k = 0; k < 3; ++k) f.grad_u[j][k] = 0.05 * std::sin(0.1 * c + 3 * j + k);
      const TransportCoefficients tc = transport.at(f.e);
      for (const RelaxationSwitches on : {RelaxationSwitches{true, true}, RelaxationSwitches{true, false},
                                          RelaxationSwitches{false, true}}) {
        double rk[3][6], Rk[3];
        relaxation_columns(f, tc, on, rk, Rk);
        for (int k = 0; k < 3; ++k) {
          const double unit[3] = {k == 0 ? 1.0 : 0.0, k == 1 ? 1.0 : 0.0, k == 2 ? 1.0 : 0.0};
          double dpi[6], dPi;
          relaxation_rates(f, tc, on, unit, true, dpi, dPi);
          double scale = 1e-300;
          for (int q = 0; q < 6; ++q) scale = std::max(scale, std::abs(dpi[q]));
          for (int q = 0; q < 6; ++q) EXPECT_NEAR(rk[k][q], dpi[q], 1e-13 * scale) << mask << " " << c << " " << k;
          EXPECT_NEAR(Rk[k], dPi, 1e-13 * std::max(1e-300, std::abs(dPi))) << mask << " " << c << " " << k;
        }
      }
    }
  }
}

}  // namespace
}  // namespace ishydro
