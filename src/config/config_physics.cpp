// The [transport] and [initial] sections: viscosities, relaxation times, second-order terms, the
// static causality check, and the kind-specific initial-condition keys.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <system_error>
#include <vector>

#include "config/config_sections.hpp"
#include "config/initial_kind.hpp"

namespace ishydro {

namespace {
const SectionKeys kTransportKeys{
    "transport",
    "",
    {{"eta_over_s", KeyType::number, "", "`0` if neither of the pair is given", ">= 0",
      "one of a pair with `eta`; or a table of T (below: `kink`, `cauchy`)"},
     {"eta", KeyType::number, "GeV/fm^2", "none", ">= 0", "a constant shear viscosity"},
     {"zeta_over_s", KeyType::number, "", "`0` if neither of the pair is given", ">= 0",
      "one of a pair with `zeta`; or a table of T (below: `kink`, `cauchy`)"},
     {"zeta", KeyType::number, "GeV/fm^2", "none", ">= 0", "a constant bulk viscosity"},
     {"tau_pi_coeff", KeyType::number, "", "`5` if neither of the pair is given", "> 0",
      "tau_pi = tau_pi_coeff * eta / (e + p); one of a pair with `tau_pi`"},
     {"tau_pi", KeyType::number, "fm", "none", "> 0", "a constant shear relaxation time"},
     {"tau_Pi_coeff", KeyType::number, "",
      "`5` (`1/14.55` with `tau_Pi_form = \"cs2\"`) if neither of the pair is given", "> 0",
      "tau_Pi = tau_Pi_coeff * zeta / (e + p) (see `tau_Pi_form`); one of a pair with `tau_Pi`"},
     {"tau_Pi", KeyType::number, "fm", "none", "> 0", "a constant bulk relaxation time"},
     {"tau_Pi_form", KeyType::string, "", "`\"constant\"`", "",
      "`\"constant\"`: tau_Pi = tau_Pi_coeff zeta/(e+p); `\"cs2\"`: tau_Pi_coeff zeta/((1/3 - cs2)^2 (e+p))"},
     {"second_order", KeyType::string, "", "`\"is\"`", "", "`\"is\"`, `\"is43\"` or `\"dnmr\"` (below)"},
     {"kappa_coeff", KeyType::number, "", "`0.4`", "> 0",
      "C_B of the baryon diffusion (a charged run only): tau_V = C_B/T, kappa_B = (C_B/T) n_B "
      "(coth(mu_B/T)/3 "
      "- n_B T/(e + p)); at mu_B = 0 kappa_B = C_B chi_B/3"}}};

// The default of each switch is that of the set transport.second_order names.
const SectionKeys kTermKeys{
    "transport.terms",
    "",
    {{"delta_pipi", KeyType::boolean, "", "false with `\"is\"`, else true", "", "-delta_pipi pi theta"},
     {"tau_pipi", KeyType::boolean, "", "true with `\"dnmr\"`, else false", "",
      "-tau_pipi pi^{lambda<mu} sigma^{nu>}_lambda"},
     {"phi7", KeyType::boolean, "", "true with `\"dnmr\"`, else false", "",
      "-phi7 pi_alpha^{<mu} pi^{nu>alpha}"},
     {"lambda_piPi", KeyType::boolean, "", "true with `\"dnmr\"`, else false", "", "-lambda_piPi Pi sigma"},
     {"delta_PiPi", KeyType::boolean, "", "true with `\"dnmr\"`, else false", "", "-delta_PiPi Pi theta"},
     {"lambda_Pipi", KeyType::boolean, "", "true with `\"dnmr\"`, else false", "", "-lambda_Pipi pi:sigma"},
     {"vorticity", KeyType::boolean, "", "true with `\"dnmr\"`, else false", "",
      "+2 tau_pi pi_lambda^{<mu} omega^{nu>lambda}"},
     {"delta_VV", KeyType::boolean, "", "true with `\"dnmr\"`, else false", "",
      "-delta_VV V^mu theta (delta_VV = tau_V; a charged run only)"},
     {"lambda_VV", KeyType::boolean, "", "true with `\"dnmr\"`, else false", "",
      "-lambda_VV V_nu sigma^{mu nu} (lambda_VV = (3/5) tau_V; a charged run only)"}}};

// Each set of transport.second_order: the terms it switches on.
struct TermSet {
  std::string_view name;
  std::vector<std::string_view> on;
};
const std::vector<TermSet>& term_sets() {
  static const std::vector<TermSet> sets = {{"is", {}},
                                            {"is43", {"delta_pipi"}},
                                            {"dnmr",
                                             {"delta_pipi", "tau_pipi", "phi7", "lambda_piPi", "delta_PiPi",
                                              "lambda_Pipi", "vorticity", "delta_VV", "lambda_VV"}}};
  return sets;
}

bool SecondOrderTerms::*term_member(std::string_view name) {
  for (const auto& k : second_order_term_keys())
    if (k.name == name) return k.member;
  throw std::out_of_range("no second-order term named " + std::string(name));
}

// eta_over_s / zeta_over_s given as an inline table (transport/parametrization.hpp):
//   {kind = "kink", T_kink, value, slope_low, slope_high} or
//   {kind = "cauchy", max, T_peak, width, asymmetry}; every key required, no other key allowed.
std::optional<OverSConfig> over_s_table(const Section& s, const char* key) {
  const toml::node* n = s.node(key);
  if (!n || !n->is_table()) return std::nullopt;
  const Section t(n->as_table(), s.qualified(key));
  const std::string kind = t.choice("kind", {"kink", "cauchy"}, "");
  if (kind.empty()) t.missing("kind", "\"kink\" or \"cauchy\"");
  const std::vector<std::string> keys =
      kind == "kink" ? std::vector<std::string>{"T_kink", "value", "slope_low", "slope_high"}
                     : std::vector<std::string>{"max", "T_peak", "width", "asymmetry"};
  std::string list = "kind";
  for (const auto& k : keys) list += ", " + k;
  for (const auto& k : t.keys())
    if (k != "kind" && std::find(keys.begin(), keys.end(), k) == keys.end())
      input_error(t.what(k) + ": not a key of kind = \"" + kind + "\" (its keys: " + list + ")");
  auto get = [&t, &list](const std::string& k) {
    auto v = t.number(k);
    if (!v) t.missing(k, "a number (the keys of this kind: " + list + ")");
    return *v;
  };
  OverSConfig o;
  if (kind == "kink") {
    o.kind = OverSConfig::Kind::kink;
    o.T_kink = get("T_kink"), o.value = get("value"), o.slope_low = get("slope_low"),
    o.slope_high = get("slope_high");
    t.require(o.T_kink > 0, "T_kink", "must be > 0 (GeV)");
    t.require(o.value >= 0, "value", "must be >= 0");
    return o;
  }
  o.kind = OverSConfig::Kind::cauchy;
  o.max = get("max"), o.T_peak = get("T_peak"), o.width = get("width"), o.asymmetry = get("asymmetry");
  t.require(o.max >= 0, "max", "must be >= 0");
  t.require(o.T_peak > 0, "T_peak", "must be > 0 (GeV)");
  t.require(o.width > 0, "width", "must be > 0 (GeV)");
  t.require(std::abs(o.asymmetry) < 1, "asymmetry",
            "must lie in (-1, 1) (the half widths are width (1 -+ asymmetry))");
  return o;
}

// Reads one key of an exclusive pair; both given is an error. An inline table for `a` (eta_over_s,
// zeta_over_s) is read by over_s_table and counts as given.
std::pair<std::optional<double>, std::optional<double>> exclusive_pair(const Section& s, const char* a,
                                                                       const char* b) {
  const toml::node* na = s.node(a);
  if (na && na->is_table()) {
    if (s.has(b))
      input_error(s.qualified(a) + " and " + s.what(b) + ": give only one of " + s.qualified(a) + " and " +
                  s.qualified(b));
    return {std::nullopt, s.number(b)};
  }
  auto va = s.number(a);
  auto vb = s.number(b);
  if (va && vb)
    input_error(s.what(a) + " and " + s.what(b) + ": give only one of " + s.qualified(a) + " and " +
                s.qualified(b));
  return {va, vb};
}

void check_causality(const Section& s, const TransportConfig& t, double cs2) {
  const bool shear = t.eta_over_s.value_or(0) > 0 || t.eta.value_or(0) > 0;
  const bool bulk = t.zeta_over_s.value_or(0) > 0 || t.zeta.value_or(0) > 0;
  // tau_pi = c eta / (e + p) makes the shear term eta / (tau_pi (e + p)) = 1 / c independent of e; an
  // absolute tau_pi makes it depend on e, and the solver completes the check at setup.
  double sum = cs2;
  std::string formula = "cs2", keys;
  auto name = [&s, &keys](const char* key, double value) {
    keys += (keys.empty() ? "" : ", ") +
            (s.has(key) ? s.what(key) : s.qualified(key) + " = " + format_number(value) + " (default)");
  };
  if (shear && t.tau_pi_coeff) {
    sum += 4.0 / (3.0 * *t.tau_pi_coeff);
    formula += " + 4/(3 tau_pi_coeff)";
    name("tau_pi_coeff", *t.tau_pi_coeff);
  }
  if (bulk && t.tau_Pi_coeff) {
    sum += 1.0 / *t.tau_Pi_coeff;
    formula += " + 1/tau_Pi_coeff";
    name("tau_Pi_coeff", *t.tau_Pi_coeff);
  }
  if (sum <= 1.0 + 1e-12 || keys.empty()) return;  // tolerate rounding at the boundary
  input_error(keys + ": acausal: " + formula + " = " + format_number(sum) +
              " with cs2 = " + format_number(cs2) + " exceeds 1; the signal speed sqrt(" + formula +
              ") of the linearized IS equations must not exceed 1 (increase the coefficient)");
}

// A baryon charge needs mu_B in the equation of state: of the kinds, only qgp has one (docs/input.md).
void check_eos_has_charge(const std::string& charge, const EosConfig& eos) {
  if (eos.kind == EosKind::qgp) return;
  input_error(charge +
              ": a baryon charge needs an equation of state with a baryon chemical potential: eos.kind = \"" +
              to_string(eos.kind) + "\" has none; use eos.kind = \"" + to_string(EosKind::qgp) + "\"");
}

}  // namespace

const SectionKeys& transport_keys() { return kTransportKeys; }
const SectionKeys& transport_terms_keys() { return kTermKeys; }

const std::array<TransportValueKey, 8>& transport_value_keys() {
  static const std::array<TransportValueKey, 8> keys = {{{"eta_over_s", &TransportConfig::eta_over_s},
                                                         {"eta", &TransportConfig::eta},
                                                         {"zeta_over_s", &TransportConfig::zeta_over_s},
                                                         {"zeta", &TransportConfig::zeta},
                                                         {"tau_pi_coeff", &TransportConfig::tau_pi_coeff},
                                                         {"tau_pi", &TransportConfig::tau_pi},
                                                         {"tau_Pi_coeff", &TransportConfig::tau_Pi_coeff},
                                                         {"tau_Pi", &TransportConfig::tau_Pi}}};
  return keys;
}

const std::array<SecondOrderTermKey, 9>& second_order_term_keys() {
  static const std::array<SecondOrderTermKey, 9> keys = {{{"delta_pipi", &SecondOrderTerms::delta_pipi},
                                                          {"tau_pipi", &SecondOrderTerms::tau_pipi},
                                                          {"phi7", &SecondOrderTerms::phi7},
                                                          {"lambda_piPi", &SecondOrderTerms::lambda_piPi},
                                                          {"delta_PiPi", &SecondOrderTerms::delta_PiPi},
                                                          {"lambda_Pipi", &SecondOrderTerms::lambda_Pipi},
                                                          {"vorticity", &SecondOrderTerms::vorticity},
                                                          {"delta_VV", &SecondOrderTerms::delta_VV},
                                                          {"lambda_VV", &SecondOrderTerms::lambda_VV}}};
  return keys;
}

std::string_view key_name(std::optional<double> TransportConfig::*member) {
  for (const auto& k : transport_value_keys())
    if (k.member == member) return k.name;
  throw std::out_of_range("not a transport value");
}

SecondOrderTerms second_order_set(std::string_view set) {
  for (const TermSet& s : term_sets()) {
    if (s.name != set) continue;
    SecondOrderTerms terms;
    for (auto name : s.on) terms.*term_member(name) = true;
    return terms;
  }
  throw std::out_of_range("no second-order set named " + std::string(set));
}

SecondOrderTerms all_second_order_terms() {
  SecondOrderTerms terms;
  for (const auto& k : second_order_term_keys()) terms.*k.member = true;
  return terms;
}

TransportConfig parse_transport(const Section& s, const Section& terms, const EosConfig& eos) {
  TransportConfig t;
  auto non_negative = [&s](std::optional<double> v, const char* key) {
    if (v) s.require(*v >= 0, key, "must be >= 0");
    return v;
  };
  auto greater_zero = [&s](std::optional<double> v, const char* key) {
    if (v) s.require(*v > 0, key, "must be > 0");
    return v;
  };
  auto [eta_over_s, eta] = exclusive_pair(s, "eta_over_s", "eta");
  t.eta_over_s = non_negative(eta_over_s, "eta_over_s");
  t.eta_over_s_T = over_s_table(s, "eta_over_s");
  t.eta = non_negative(eta, "eta");
  if (!t.eta_over_s && !t.eta && !t.eta_over_s_T) t.eta_over_s = 0.0;

  auto [zeta_over_s, zeta] = exclusive_pair(s, "zeta_over_s", "zeta");
  t.zeta_over_s = non_negative(zeta_over_s, "zeta_over_s");
  t.zeta = non_negative(zeta, "zeta");
  t.zeta_over_s_T = over_s_table(s, "zeta_over_s");
  if (!t.zeta_over_s && !t.zeta && !t.zeta_over_s_T) t.zeta_over_s = 0.0;

  auto [tau_pi_coeff, tau_pi] = exclusive_pair(s, "tau_pi_coeff", "tau_pi");
  t.tau_pi_coeff = greater_zero(tau_pi_coeff, "tau_pi_coeff");
  t.tau_pi = greater_zero(tau_pi, "tau_pi");
  if (!t.tau_pi_coeff && !t.tau_pi) t.tau_pi_coeff = 5.0;

  auto [tau_Pi_coeff, tau_Pi] = exclusive_pair(s, "tau_Pi_coeff", "tau_Pi");
  t.tau_Pi_coeff = greater_zero(tau_Pi_coeff, "tau_Pi_coeff");
  t.tau_Pi = greater_zero(tau_Pi, "tau_Pi");
  t.tau_Pi_form = s.choice("tau_Pi_form", {kTauPiConstant, kTauPiCs2}, kTauPiConstant);
  if (t.tau_Pi_from_cs2() && t.tau_Pi)
    input_error(s.what("tau_Pi") +
                ": transport.tau_Pi_form = \"cs2\" needs transport.tau_Pi_coeff (tau_Pi = "
                "tau_Pi_coeff zeta/((1/3 - cs2)^2 (e+p))), not an absolute tau_Pi");
  // MUSIC's coefficient 1/14.55 is the default of the cs2 form.
  if (!t.tau_Pi_coeff && !t.tau_Pi) t.tau_Pi_coeff = t.tau_Pi_from_cs2() ? 1.0 / 14.55 : 5.0;

  std::vector<std::string_view> sets;
  for (const TermSet& set : term_sets()) sets.push_back(set.name);
  t.second_order = s.choice("second_order", sets, sets.front());
  t.terms = second_order_set(t.second_order);
  for (const auto& k : second_order_term_keys())
    if (auto b = terms.boolean(k.name)) t.terms.*k.member = *b;
  if (auto c = s.number("kappa_coeff")) {
    s.require(*c > 0, "kappa_coeff", "must be > 0 (C_B: tau_V = C_B/T)");
    t.kappa_coeff = *c;
  }

  // Otherwise the front speed depends on the temperature: checked over the EOS's range at setup
  // (run/eos_checks.hpp), where the equation of state exists.
  const bool constant_cs2 =
      eos.kind == EosKind::conformal || eos.kind == EosKind::ideal || eos.kind == EosKind::qgp;
  if (constant_cs2 && !t.eta_over_s_T && !t.zeta_over_s_T && !t.tau_Pi_from_cs2())
    check_causality(s, t, eos.cs2);
  return t;
}

toml::table transport_table(const TransportConfig& t) {
  toml::table tab{{"second_order", t.second_order}};
  for (const auto& k : transport_value_keys())
    if (t.*k.member) tab.insert(k.name, *(t.*k.member));
  auto over_s = [](const OverSConfig& o) {
    if (o.kind == OverSConfig::Kind::kink)
      return toml::table{{"kind", "kink"},
                         {"T_kink", o.T_kink},
                         {"value", o.value},
                         {"slope_low", o.slope_low},
                         {"slope_high", o.slope_high}};
    return toml::table{{"kind", "cauchy"},
                       {"max", o.max},
                       {"T_peak", o.T_peak},
                       {"width", o.width},
                       {"asymmetry", o.asymmetry}};
  };
  if (t.eta_over_s_T) tab.insert("eta_over_s", over_s(*t.eta_over_s_T));
  if (t.zeta_over_s_T) tab.insert("zeta_over_s", over_s(*t.zeta_over_s_T));
  tab.insert("tau_Pi_form", t.tau_Pi_form);
  tab.insert("kappa_coeff", t.kappa_coeff);
  toml::table terms;
  for (const auto& k : second_order_term_keys()) terms.insert(k.name, t.terms.*k.member);
  tab.insert("terms", std::move(terms));
  return tab;
}

InitialConfig parse_initial(const InitialKind& kind, const InitialParse& in) {
  const Section& s = in.initial;
  InitialConfig out;
  out.kind = std::string(kind.name());
  for (const auto& key : s.keys()) {
    if (key == "kind") continue;
    const auto& own = kind.keys.keys;
    if (std::any_of(own.begin(), own.end(), [&key](const KeySpec& k) { return k.name == key; })) continue;
    std::string list;
    for (const auto& k : own) list += (list.empty() ? "" : ", ") + std::string(k.name);
    input_error(s.what(key) + ": not used by initial.kind = \"" + out.kind + "\" (its keys: kind, " + list +
                ")");
  }
  if (kind.coordinates && *kind.coordinates != in.grid.coordinates)
    input_error(s.what("kind") + ": requires grid.coordinates = \"" + to_string(*kind.coordinates) +
                "\" (got \"" + to_string(in.grid.coordinates) + "\")");
  kind.parse(in, out.values);
  const std::string charge = kind.charged ? kind.charged(out.values) : "";
  out.charged = !charge.empty();
  if (out.charged) check_eos_has_charge(charge, in.eos);
  return out;
}

}  // namespace ishydro
