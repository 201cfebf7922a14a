#include "transport/transport.hpp"

namespace ishydro {

namespace {
bool zero_or_absent(const std::optional<double>& a, const std::optional<double>& b) {
  return (!a || *a == 0.0) && (!b || *b == 0.0);
}
}  // namespace

Transport::Transport(const TransportConfig& cfg, const Eos& eos) : cfg_(cfg), eos_(eos) {
  const bool no_shear_viscosity = zero_or_absent(cfg.eta_over_s, cfg.eta);
  const bool no_bulk_viscosity = zero_or_absent(cfg.zeta_over_s, cfg.zeta);
  shear_active_ = !(no_shear_viscosity && !cfg.tau_pi);
  bulk_active_ = !(no_bulk_viscosity && !cfg.tau_Pi);
}

TransportCoefficients Transport::at(double e) const {
  TransportCoefficients c;
  const double p = eos_.pressure(e);
  const double enthalpy = e + p;
  const double T = eos_.temperature(e);
  // eta = (eta/s) s hbar c with s = (e+p)/T in 1/fm^3 gives GeV/fm^2 (eq. 23).
  c.eta = cfg_.eta_over_s ? *cfg_.eta_over_s * enthalpy / T * kHbarC : cfg_.eta.value_or(0.0);
  c.zeta = cfg_.zeta_over_s ? *cfg_.zeta_over_s * enthalpy / T * kHbarC : cfg_.zeta.value_or(0.0);
  c.tau_pi = cfg_.tau_pi ? *cfg_.tau_pi : cfg_.tau_pi_coeff.value_or(5.0) * c.eta / enthalpy;
  c.tau_Pi = cfg_.tau_Pi ? *cfg_.tau_Pi : cfg_.tau_Pi_coeff.value_or(5.0) * c.zeta / enthalpy;
  const SecondOrderTerms& t = cfg_.terms;
  // The 14-moment massless values (DESIGN.md; Denicol et al. PRD 85 114047), eqs. 26-27.
  if (t.delta_pipi) c.delta_pipi = 4.0 / 3.0 * c.tau_pi;
  if (t.tau_pipi) c.tau_pipi = 10.0 / 7.0 * c.tau_pi;
  if (t.phi7) c.phi7 = 9.0 / (70.0 * p);
  if (t.lambda_piPi) c.lambda_piPi = 6.0 / 5.0 * c.tau_pi;
  if (t.delta_PiPi) c.delta_PiPi = 2.0 / 3.0 * c.tau_Pi;
  if (t.lambda_Pipi) c.lambda_Pipi = 8.0 / 5.0 * (1.0 / 3.0 - eos_.cs2()) * c.tau_Pi;
  return c;
}

double Transport::front_speed_squared(double e) const {
  const TransportCoefficients c = at(e);
  const double enthalpy = e + eos_.pressure(e);
  double v2 = eos_.cs2();
  if (shear_active_ && c.tau_pi > 0) v2 += 4.0 * c.eta / (3.0 * enthalpy * c.tau_pi);
  if (bulk_active_ && c.tau_Pi > 0) v2 += c.zeta / (enthalpy * c.tau_Pi);
  return v2;
}

}  // namespace ishydro
