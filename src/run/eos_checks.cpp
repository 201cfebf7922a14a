#include "run/eos_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <variant>

#include "problems/common_keys.hpp"

namespace ishydro {

namespace {
[[noreturn]] void refuse(const std::string& message) { throw InputError("input error: " + message); }

std::string g(double x) { return fmt::format("{}", x); }

// The transport keys that set the front speed, as "transport.key = value, ...".
std::string transport_keys(const TransportConfig& t) {
  std::string out;
  auto add = [&out](const std::string& item) { out += (out.empty() ? "" : ", ") + item; };
  for_each_transport_value(t, [&add](const char* key, const std::optional<double>& v) {
    if (v) add(fmt::format("transport.{} = {}", key, *v));
  });
  auto table = [](const OverSConfig& o) {
    return o.kind == OverSConfig::Kind::kink ? "{kind = \"kink\", ...}" : "{kind = \"cauchy\", ...}";
  };
  if (t.eta_over_s_T) add(std::string("transport.eta_over_s = ") + table(*t.eta_over_s_T));
  if (t.zeta_over_s_T) add(std::string("transport.zeta_over_s = ") + table(*t.zeta_over_s_T));
  if (t.tau_Pi_from_cs2()) add("transport.tau_Pi_form = \"" + t.tau_Pi_form + "\"");
  return out;
}

void check_causality_over_range(const TransportConfig& t, const Eos& eos, const Transport& transport) {
  const double T_lo = eos.constant_cs2() ? 0.01 : eos.T_min(),
               T_hi = eos.constant_cs2() ? 100.0 : eos.T_max();
  if (t.tau_Pi_from_cs2() && transport.bulk_active()) {
    const int samples = 2000;
    for (int i = 0; i < samples; ++i) {
      const double T = T_lo * std::pow(T_hi / T_lo, i / double(samples - 1));
      const double e = eos.energy_density(T);
      if (!(e > 0)) continue;
      const double cs2 = eos.sound_speed_squared(e);
      if (transport.at(e).zeta > 0 && !(std::abs(1.0 / 3.0 - cs2) > 1e-9))
        refuse(
            "transport.tau_Pi_form = \"cs2\": tau_Pi = tau_Pi_coeff zeta/((1/3 - cs2)^2 (e+p)) diverges: cs2 "
            "= " +
            g(cs2) + " reaches 1/3 at T = " + g(T) + " GeV with zeta > 0 (eos.kind = \"" + eos.kind_name() +
            "\"); use tau_Pi_form = \"constant\" or zero bulk viscosity");
    }
  }
  const Transport::CausalityScan scan = transport.scan_causality(T_lo, T_hi);
  if (scan.max_front2 <= 1.0 + 1e-12) return;
  refuse(transport_keys(t) + ": acausal: cs2 + 4 eta/(3 (e+p) tau_pi) + zeta/((e+p) tau_Pi) = " +
         g(scan.max_front2) + " > 1 at T = " + g(scan.T_at_max) + " GeV (eos.kind = \"" + eos.kind_name() +
         "\"); the signal speed of the linearized IS equations must not exceed 1 (increase the coefficient)");
}

// The keys T0 and e0 of the kinds that have them; an initial state that leaves the range elsewhere
// (a wave's or a pulse's extremes, a state file) is refused by the recovery of the initial state at
// setup, which names eos.kind and the cell.
void check_initial_range(const InitialConfig& in, const Eos& eos) {
  const std::string range = "eos.kind = \"" + std::string(eos.kind_name()) + "\" is valid for T in [" +
                            g(eos.T_min()) + ", " + g(eos.T_max()) + "] GeV";
  auto has = [&in](std::string_view key) { return in.values.find(key) != in.values.end(); };
  if (has(kT0Key)) {
    const double T0 = in.number(kT0Key);
    if (!(T0 >= eos.T_min() && T0 <= eos.T_max()))
      refuse("initial." + std::string(kT0Key) + " = " + g(T0) +
             ": outside the equation of state's range: " + range);
  }
  if (!has(kE0Key.name) || !std::holds_alternative<double>(in.values.find(kE0Key.name)->second)) return;
  const double e0 = in.number(kE0Key.name);
  const double lo = e0, hi = e0;
  const std::string label = "initial." + std::string(kE0Key.name) + " = " + g(e0);
  if (!(lo >= eos.e_min()))
    refuse(label + ": the initial energy density " + g(lo) + " GeV/fm^3 lies below e(T = " + g(eos.T_min()) +
           " GeV) = " + g(eos.e_min()) + " GeV/fm^3, i.e. T < " + g(eos.T_min()) + " GeV: " + range);
  if (!(hi <= eos.e_max()))
    refuse(label + ": the initial energy density " + g(hi) + " GeV/fm^3 lies above e(T = " + g(eos.T_max()) +
           " GeV): " + range);
}
}  // namespace

Eos eos_for_run(const EosConfig& cfg) {
  try {
    return Eos::from_config(cfg);
  } catch (const std::exception& err) {  // EosTableError (names the row), or the file's own error
    refuse("eos.path = \"" + cfg.path + "\": " + err.what());
  }
}

void check_against_eos(const RunConfig& cfg, const Eos& eos, const Transport& transport) {
  const TransportConfig& t = cfg.transport;
  if (!eos.constant_cs2() || t.eta_over_s_T || t.zeta_over_s_T || t.tau_Pi_from_cs2())
    check_causality_over_range(t, eos, transport);
  if (!eos.constant_cs2()) check_initial_range(cfg.initial, eos);
}

}  // namespace ishydro
