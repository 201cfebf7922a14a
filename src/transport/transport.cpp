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

}  // namespace ishydro
