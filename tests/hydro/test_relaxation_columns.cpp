// relaxation_columns (the fused Jacobian columns of the per-cell pass, docs/benchmarks.md) equals
// the three homogeneous relaxation_rates evaluations it replaced, to round-off, for every
// combination of second-order terms, in a moving, sheared, viscous cell.
#include <gtest/gtest.h>

// SIMD vectors (CellLanes) are passed between inline functions only.
#pragma GCC diagnostic ignored "-Wpsabi"

#include <cmath>

#include "eos/eos.hpp"
#include "hydro/dissipative_rates.hpp"
#include "hydro/primitive_recovery.hpp"
#include "transport/transport.hpp"

namespace ishydro {
namespace {

TEST(RelaxationColumns, EqualTheHomogeneousRelaxationRates) {
  const Eos eos(1.0 / 3.0, 47.5);
  for (int mask = 0; mask < (1 << second_order_term_keys().size()); ++mask) {
    TransportConfig cfg;
    cfg.eta_over_s = 0.1;
    cfg.zeta_over_s = 0.05;
    cfg.tau_pi_coeff = 5.0;
    cfg.tau_Pi_coeff = 5.0;
    // Bit i of the mask switches the i-th term of docs/input.md's table.
    for (std::size_t i = 0; i < second_order_term_keys().size(); ++i)
      cfg.terms.*second_order_term_keys()[i].member = (mask >> i) & 1;
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
          for (int q = 0; q < 6; ++q)
            EXPECT_NEAR(rk[k][q], dpi[q], 1e-13 * scale) << mask << " " << c << " " << k;
          EXPECT_NEAR(Rk[k], dPi, 1e-13 * std::max(1e-300, std::abs(dPi))) << mask << " " << c << " " << k;
        }
      }
    }
  }
}

// The SIMD instantiation (kCellLanes cells per call, as the relaxation pass runs it): a lane's result
// does not depend on the other lanes, bit for bit (a cell in a group of different cells equals the same
// cell repeated in every lane, which is how the pass runs a lone cell), so the result of a cell does not
// depend on where thread or MPI splits put it. Against the one-cell (double) instantiation the
// formulas are the same but the compiler may fuse multiply-adds differently in scalar and vector code
// (-march=native): a few ulp per operation, amplified by the 4x4 solve, so 1e-12 relative.
TEST(RelaxationColumns, SimdLanesIndependentOfNeighboursAndEqualOneCellToRoundOff) {
  const Eos eos(1.0 / 3.0, 47.5);
  TransportConfig cfg;
  cfg.eta_over_s = 0.1;
  cfg.zeta_over_s = 0.05;
  cfg.tau_pi_coeff = 5.0;
  cfg.tau_Pi_coeff = 5.0;
  cfg.terms = all_second_order_terms();
  const Transport transport(cfg, eos);
  const RelaxationSwitches on{true, true};
  for (int group = 0; group < 50; ++group) {
    CellFlow cells[kCellLanes];
    TransportCoefficients tcs[kCellLanes];
    double dT[kCellLanes][4];
    for (int l = 0; l < kCellLanes; ++l) {
      const int c = group * kCellLanes + l;
      CellFlow& x = cells[l];
      x.e = 10.0 * (1.0 + 0.3 * std::sin(0.7 * c));
      x.cs2 = 1.0 / 3.0;
      x.p = x.cs2 * x.e;
      x.u[0] = 0.6 * std::sin(1.1 * c);
      x.u[1] = 0.5 * std::cos(0.5 * c);
      x.u[2] = 0.4 * std::sin(2.3 * c + 1.0);
      x.gamma = std::sqrt(1.0 + x.u[0] * x.u[0] + x.u[1] * x.u[1] + x.u[2] * x.u[2]);
      const double v[3] = {x.u[0] / x.gamma, x.u[1] / x.gamma, x.u[2] / x.gamma};
      for (int q = 0; q < 6; ++q) x.pi[q] = 0.5 * std::sin(0.9 * c + q);
      remove_trace(v, x.pi);
      x.Pi = -0.2 * (1.0 + 0.5 * std::cos(c));
      for (int j = 0; j < 3; ++j)
        for (int k = 0; k < 3; ++k) x.grad_u[j][k] = 0.2 * std::sin(0.1 * c + 3 * j + k);
      for (int q = 0; q < 6; ++q) x.advect_pi[q] = 0.05 * std::cos(0.2 * c + q);
      x.advect_Pi = 0.05 * std::sin(0.3 * c);
      for (int nu = 0; nu < 4; ++nu) dT[l][nu] = std::cos(0.4 * c + nu);
      tcs[l] = transport.at(x.e);
    }
    // Lane l of the vector holds cell source(l).
    auto run = [&](auto source, CellLanes dpi[6], CellLanes& dPi, CellLanes Du[3]) {
      CellFlowT<CellLanes> f;
      TransportCoefficientsT<CellLanes> tc;
      CellLanes dT_lanes[4];
      for (int l = 0; l < kCellLanes; ++l) {
        const CellFlow& x = cells[source(l)];
        f.e[l] = x.e;
        f.cs2[l] = x.cs2;
        f.p[l] = x.p;
        f.gamma[l] = x.gamma;
        f.Pi[l] = x.Pi;
        f.advect_Pi[l] = x.advect_Pi;
        for (int a = 0; a < 3; ++a) f.u[a][l] = x.u[a];
        for (int q = 0; q < 6; ++q) {
          f.pi[q][l] = x.pi[q];
          f.advect_pi[q][l] = x.advect_pi[q];
        }
        for (int j = 0; j < 3; ++j)
          for (int k = 0; k < 3; ++k) f.grad_u[j][k][l] = x.grad_u[j][k];
        for (int nu = 0; nu < 4; ++nu) dT_lanes[nu][l] = dT[source(l)][nu];
        const TransportCoefficients& t = tcs[source(l)];
        tc.eta[l] = t.eta;
        tc.zeta[l] = t.zeta;
        tc.tau_pi[l] = t.tau_pi;
        tc.tau_Pi[l] = t.tau_Pi;
        tc.delta_pipi[l] = t.delta_pipi;
        tc.tau_pipi[l] = t.tau_pipi;
        tc.phi7[l] = t.phi7;
        tc.lambda_piPi[l] = t.lambda_piPi;
        tc.delta_PiPi[l] = t.delta_PiPi;
        tc.lambda_Pipi[l] = t.lambda_Pipi;
        tc.vorticity[l] = t.vorticity;
      }
      return dissipative_time_derivatives(f, tc, on, dT_lanes, dpi, dPi, Du);
    };
    CellLanes dpi[6], dPi, Du[3];
    ASSERT_TRUE(run([](int l) { return l; }, dpi, dPi, Du));
    for (int l = 0; l < kCellLanes; ++l) {
      CellLanes dpi_alone[6], dPi_alone, Du_alone[3];
      ASSERT_TRUE(run([l](int) { return l; }, dpi_alone, dPi_alone, Du_alone));
      double dpi1[6], dPi1, Du1[3];
      ASSERT_TRUE(dissipative_time_derivatives(cells[l], tcs[l], on, dT[l], dpi1, dPi1, Du1));
      for (int q = 0; q < 6; ++q) {
        EXPECT_EQ(dpi[q][l], dpi_alone[q][0]) << group << " " << l << " " << q;
        EXPECT_NEAR(dpi[q][l], dpi1[q], 1e-12 * (1.0 + std::abs(dpi1[q])));
      }
      EXPECT_EQ(dPi[l], dPi_alone[0]);
      EXPECT_NEAR(dPi[l], dPi1, 1e-12 * (1.0 + std::abs(dPi1)));
      for (int k = 0; k < 3; ++k) {
        EXPECT_EQ(Du[k][l], Du_alone[k][0]);
        EXPECT_NEAR(Du[k][l], Du1[k], 1e-12 * (1.0 + std::abs(Du1[k])));
      }
    }
  }
}

}  // namespace
}  // namespace ishydro
