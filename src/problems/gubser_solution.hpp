#pragma once
// The semi-analytic Gubser flow (Gubser PRD 82 085027; Marrochio et al. PRC 91 014903 (2015)) in this
// code's conventions (docs/validation_milne.md, "Gubser flow"). In de Sitter coordinates
// (rho, theta, phi, eta) the conformal fluid is at rest and boost, rotation and SO(3)_q invariance
// leave two ODEs in rho for the dimensionless T_hat = tau T / (hbar c) and pi_bar = pi-hat^{eta eta} / (e-hat
// + p-hat):
//   dT_hat/drho  = T_hat tanh(rho) (pi_bar/3 - 2/3)
//   dpi_bar/drho = -pi_bar / tau_pi_hat + (4/(3 tau_pi_coeff)) tanh(rho) + (8/3 - 2 d) pi_bar tanh(rho)
//                  - (4/3) pi_bar^2 tanh(rho) + (t/3) pi_bar tanh(rho) - f pi_bar^2 / tau_pi_hat
// with tau_pi_hat = tau_pi/tau = C / T_hat, C = tau_pi_coeff * eta_over_s, d = delta_pipi/tau_pi,
// t = tau_pipi/tau_pi and f = phi7 (e + p)/2 (9/35 for the 14-moment value), each zero when its term is
// off. With d = 4/3, t = f = 0 ("is43") these are Marrochio's eqs. (the source 4/15 tanh rho for
// tau_pi_coeff = 5). Ideal flow (C = 0) has pi_bar = 0 and T_hat = T_hat0 / cosh(rho)^{2/3}.
// The ODEs are integrated once from rho = 0 both ways by RK4 into a table (step <= 1e-3, error
// ~1e-12) and evaluated by cubic Hermite interpolation with the ODE right-hand side as derivative.
#include <vector>

#include "config/config.hpp"
#include "eos/eos.hpp"
#include "transport/transport.hpp"

namespace ishydro {

// The dimensionless coefficients of the Gubser-frame ODEs.
struct GubserCoefficients {
  double C = 0;               // tau_pi_coeff * eta_over_s; 0: ideal flow (pi_bar stays 0)
  double tau_pi_coeff = 5.0;  // the Navier-Stokes source is 4/(3 tau_pi_coeff) tanh(rho)
  double d = 0;               // delta_pipi / tau_pi
  double t = 0;               // tau_pipi / tau_pi
  double f = 0;               // phi7 (e + p) / 2
};

// The coefficients of a configuration (eta_over_s and tau_pi_coeff; the switched-on second-order
// terms read from Transport::at).
GubserCoefficients gubser_coefficients(const TransportConfig& cfg, const Eos& eos);

// Fields of the Gubser solution at one Milne point, all in the orthonormal frame (tau, x, y, eta-hat).
struct GubserMilneFields {
  double rho = 0, kappa = 0;          // de Sitter time and transverse rapidity of the flow
  double T = 0, e = 0;                // GeV, GeV/fm^3
  double u[3] = {0, 0, 0};            // u^x, u^y, u^eta-hat (= 0)
  double u_tau = 1;                   // u^tau = cosh kappa
  double pi[6] = {0, 0, 0, 0, 0, 0};  // pi^{ij}: xx, xy, xz, yy, yz, zz (zz = tau^2 pi^{eta eta})
  double pi_tau[3] = {0, 0, 0};       // pi^{tau i}
  double pi_tautau = 0;               // pi^{tau tau}
};

class GubserSolution {
 public:
  // Integrates from rho = 0, where T_hat = T_hat0 and pi_bar = pi_bar0, over [rho_min, rho_max]
  // (widened to contain 0) with RK4 steps of at most `max_step`.
  GubserSolution(double q, double T_hat0, double pi_bar0, const GubserCoefficients& coeffs, const Eos& eos,
                 double rho_min, double rho_max, double max_step = 1e-3);

  double T_hat(double rho) const { return interpolate(rho, 0); }
  double pi_bar(double rho) const { return interpolate(rho, 1); }
  double rho_min() const { return rho_lo_; }
  double rho_max() const { return rho_hi_; }

  // The right-hand side of the ODEs: (dT_hat/drho, dpi_bar/drho).
  static void derivatives(const GubserCoefficients& c, double rho, double T_hat, double pi_bar,
                          double out[2]);

  // De Sitter time and flow rapidity of the Milne point (tau, r), r the distance from the centre.
  static double rho_of(double q, double tau, double r);
  static double kappa_of(double q, double tau, double r);
  // The rho range a Milne box needs: r in [0, r_max], tau in [tau_lo, tau_hi].
  static void rho_range(double q, double tau_lo, double tau_hi, double r_max, double& lo, double& hi);

  // All fields at (tau, x, y) with (x, y) measured from the centre of the flow.
  GubserMilneFields milne_fields(double tau, double x, double y) const;

 private:
  double interpolate(double rho, int component) const;

  double q_;
  GubserCoefficients c_;
  Eos eos_;
  double rho_lo_ = 0, rho_hi_ = 0, h_ = 0;
  // Nodes rho_lo_ + k h_ (k = 0..n-1); rho = 0 is a node.
  std::vector<double> T_, pi_, dT_, dpi_;
};

// C-infinity smooth window: 1 for r <= r_in, 0 for r >= r_out, in between
// 1 - S((r - r_in)/(r_out - r_in)) with S(x) = g(x)/(g(x) + g(1 - x)), g(x) = exp(-1/x).
double smooth_window(double r, double r_in, double r_out);

}  // namespace ishydro
