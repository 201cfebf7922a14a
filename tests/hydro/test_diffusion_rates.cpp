// The pointwise diffusion equation (src/hydro/diffusion_rates.hpp, docs/equations.md "Baryon charge
// and diffusion"): its exact rest-frame form, and the lane version (DiffusionCellT<CellLanes>, what
// the right-hand side runs) against the one-cell version.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>

#include "hydro/diffusion_rates.hpp"
#include "simd/cell_lanes.hpp"

// SIMD vectors (CellLanes) are passed between inline functions only.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// A moving cell with every input nonzero; `s` varies it per lane.
DiffusionCell moving_cell(double s) {
  DiffusionCell c;
  for (int i = 0; i < 3; ++i) {
    c.u[i] = 0.3 * std::sin(1.0 + i + s);
    c.V[i] = 0.01 * std::cos(2.0 * i + s);
    c.grad_alpha[i] = 0.2 * std::sin(3.0 * i - s);
    c.advect_V[i] = 0.003 * std::cos(i + 2.0 * s);
    c.Du[i] = 0.05 * std::sin(i - s);
    for (int k = 0; k < 3; ++k) c.grad_u[i][k] = 0.1 * std::cos(1.0 + i + 2.0 * k + s);
  }
  c.gamma = std::sqrt(1.0 + c.u[0] * c.u[0] + c.u[1] * c.u[1] + c.u[2] * c.u[2]);
  c.nB = 0.8 + 0.1 * s;
  c.dNt_dt = 0.02 * std::sin(s);
  c.de_dt = -0.3 * std::cos(s);
  c.tau_V = 0.5 + 0.05 * s;
  c.kappa = 0.3 * c.tau_V;
  c.dalpha_de = -0.04;
  c.dalpha_dn = 0.9;
  c.delta_VV = c.tau_V;
  c.lambda_VV = 0.6 * c.tau_V;
  c.second_order = true;
  c.milne_inv_tau = 0.7;
  return c;
}

// At rest (u = 0, gamma = 1) the equation is tau_V d_t V^i + V^i = -kappa_B d_i alpha
// - delta_VV V^i theta - lambda_VV V_j sigma^{ij} minus the advection (zero D alpha term: u^i = 0);
// with theta = d_k u^k and sigma^{ij} = (d_i u^j + d_j u^i)/2 - delta^{ij} theta/3 there (eqs. 9-10),
// written out here by hand. Agreement to round-off of the largest term.
TEST(DiffusionRates, RestFrameIsTheTelegraphEquationWithItsSecondOrderTerms) {
  DiffusionCell c = moving_cell(0.4);
  for (double& ui : c.u) ui = 0.0;
  c.gamma = 1.0;
  c.milne_inv_tau = 0.0;
  double rate[3];
  diffusion_time_derivative(c, rate);
  const double theta = c.grad_u[0][0] + c.grad_u[1][1] + c.grad_u[2][2];
  for (int i = 0; i < 3; ++i) {
    double V_sigma = 0;
    for (int j = 0; j < 3; ++j)
      V_sigma += c.V[j] * (0.5 * (c.grad_u[i][j] + c.grad_u[j][i]) - (i == j ? theta / 3.0 : 0.0));
    const double expected =
        (-c.kappa * c.grad_alpha[i] - c.V[i] - c.delta_VV * theta * c.V[i] - c.lambda_VV * V_sigma) /
            c.tau_V -
        c.advect_V[i];
    EXPECT_NEAR(rate[i], expected, 16 * kEps * std::abs(c.kappa * c.grad_alpha[i] / c.tau_V)) << i;
  }
}

// Every lane of the lane version gives the one-cell result: the same operations, so they differ only
// where the compiler fuses multiply-adds differently (a few ulp of the largest term, which is
// kappa_B |grad alpha| / (gamma tau_V) ~ 0.1 here; the results are of the same size).
TEST(DiffusionRates, LanesAgreeWithOneCell) {
  DiffusionCellT<CellLanes> lanes;
  DiffusionCell one[kCellLanes];
  for (int l = 0; l < kCellLanes; ++l) {
    one[l] = moving_cell(0.37 * l);
    const DiffusionCell& c = one[l];
    for (int i = 0; i < 3; ++i) {
      lanes.u[i][l] = c.u[i], lanes.V[i][l] = c.V[i], lanes.grad_alpha[i][l] = c.grad_alpha[i];
      lanes.advect_V[i][l] = c.advect_V[i], lanes.Du[i][l] = c.Du[i];
      for (int k = 0; k < 3; ++k) lanes.grad_u[i][k][l] = c.grad_u[i][k];
    }
    lanes.gamma[l] = c.gamma, lanes.nB[l] = c.nB, lanes.dNt_dt[l] = c.dNt_dt, lanes.de_dt[l] = c.de_dt;
    lanes.tau_V[l] = c.tau_V, lanes.kappa[l] = c.kappa, lanes.dalpha_de[l] = c.dalpha_de;
    lanes.dalpha_dn[l] = c.dalpha_dn, lanes.delta_VV[l] = c.delta_VV, lanes.lambda_VV[l] = c.lambda_VV;
  }
  lanes.milne_inv_tau = one[0].milne_inv_tau;
  lanes.second_order = true;
  CellLanes rate[3];
  diffusion_time_derivative(lanes, rate);
  double worst = 0;
  for (int l = 0; l < kCellLanes; ++l) {
    double r[3];
    diffusion_time_derivative(one[l], r);
    for (int i = 0; i < 3; ++i) {
      EXPECT_NE(r[i], 0.0);
      worst = std::max(worst, std::abs(rate[i][l] - r[i]) / std::abs(r[i]));
    }
  }
  std::cout << "diffusion rate, lanes vs one cell: " << worst / kEps << " ulp\n";
  EXPECT_LE(worst, 16 * kEps);
}

}  // namespace
}  // namespace ishydro
