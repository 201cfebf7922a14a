#include "transport/transport.hpp"

#include <cmath>

namespace ishydro {

namespace {
bool zero_or_absent(const std::optional<double>& a, const std::optional<double>& b,
                    const std::optional<OverSConfig>& table) {
  return (!a || *a == 0.0) && (!b || *b == 0.0) && !table;
}
}  // namespace

Transport::Transport(const TransportConfig& cfg, const Eos& eos) : cfg_(cfg), eos_(eos) {
  const bool no_shear_viscosity = zero_or_absent(cfg.eta_over_s, cfg.eta, cfg.eta_over_s_T);
  const bool no_bulk_viscosity = zero_or_absent(cfg.zeta_over_s, cfg.zeta, cfg.zeta_over_s_T);
  shear_active_ = !(no_shear_viscosity && !cfg.tau_pi);
  bulk_active_ = !(no_bulk_viscosity && !cfg.tau_Pi);
  constant_cs2_ = eos.constant_cs2();
  bulk_cs2_form_ = cfg.tau_Pi_from_cs2();
  if (cfg.eta_over_s_T) eta_over_s_T_.emplace(*cfg.eta_over_s_T);
  if (cfg.zeta_over_s_T) zeta_over_s_T_.emplace(*cfg.zeta_over_s_T);
}

Transport::CausalityScan Transport::scan_causality(double T_lo, double T_hi, int samples) const {
  CausalityScan scan;
  const double a = std::log(T_lo), b = std::log(T_hi);
  for (int i = 0; i < samples; ++i) {
    const double T = std::exp(a + (b - a) * i / (samples - 1));
    const double e = eos_.energy_density(T);
    if (!(e > 0) || !std::isfinite(e)) continue;
    const EosStateT<double> st = eos_.state(e);
    const TransportCoefficients tc = at_cells(e, st);
    const double enthalpy = e + st.p;
    double v2 = st.cs2;
    // Only the terms whose relaxation time is a coefficient (then the front speed depends on T alone);
    // an absolute relaxation time is checked on the state (eq. 30) at setup and every step.
    if (shear_active_ && cfg_.tau_pi_coeff && tc.tau_pi > 0)
      v2 += 4.0 * tc.eta / (3.0 * enthalpy * tc.tau_pi);
    if (bulk_active_ && cfg_.tau_Pi_coeff && tc.tau_Pi > 0) v2 += tc.zeta / (enthalpy * tc.tau_Pi);
    if (v2 > scan.max_front2 || std::isnan(v2)) {
      scan.max_front2 = std::isnan(v2) ? INFINITY : v2;
      scan.T_at_max = T;
    }
  }
  return scan;
}

}  // namespace ishydro
