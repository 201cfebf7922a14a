#pragma once
// Transport coefficients at one cell (docs/equations.md, eqs. 23-27): eta, zeta, the relaxation
// times and the second-order coefficients of the chosen set, each term switchable on its own.
#include "eos/eos.hpp"
#include "io/config.hpp"

namespace ishydro {

struct TransportCoefficients {
  double eta = 0, zeta = 0;        // GeV/fm^2
  double tau_pi = 0, tau_Pi = 0;   // fm
  double delta_pipi = 0, tau_pipi = 0, phi7 = 0, lambda_piPi = 0;  // shear set (eq. 12)
  double delta_PiPi = 0, lambda_Pipi = 0;                          // bulk set (eq. 13)
};

class Transport {
 public:
  Transport(const TransportConfig& cfg, const Eos& eos);

  // Coefficients at energy density e (pressure and temperature from the EOS).
  TransportCoefficients at(double e) const;

  // A field with zero relaxation time is held at its Navier-Stokes value, zero: happens when the
  // viscosity is zero and the relaxation time is given as a multiple of eta/(e+p).
  bool shear_active() const { return shear_active_; }
  bool bulk_active() const { return bulk_active_; }
  const SecondOrderTerms& terms() const { return cfg_.terms; }

  // Squared front speed of linear sound in the rest frame (eq. 30):
  //   cs2 + 4 eta / (3 (e+p) tau_pi) + zeta / ((e+p) tau_Pi).
  double front_speed_squared(double e) const;

 private:
  TransportConfig cfg_;
  Eos eos_;
  bool shear_active_ = false, bulk_active_ = false;
};

}  // namespace ishydro
