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

namespace ishydro {

namespace {
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
  if (kind == "kink") {
    const double T_kink = get("T_kink"), value = get("value");
    t.require(T_kink > 0, "T_kink", "must be > 0 (GeV)");
    t.require(value >= 0, "value", "must be >= 0");
    OverSConfig o;
    o.kind = OverSConfig::Kind::kink;
    o.T_kink = T_kink, o.value = value, o.slope_low = get("slope_low"), o.slope_high = get("slope_high");
    return o;
  }
  const double max = get("max"), T_peak = get("T_peak"), width = get("width"), asymmetry = get("asymmetry");
  t.require(max >= 0, "max", "must be >= 0");
  t.require(T_peak > 0, "T_peak", "must be > 0 (GeV)");
  t.require(width > 0, "width", "must be > 0 (GeV)");
  t.require(std::abs(asymmetry) < 1, "asymmetry",
            "must lie in (-1, 1) (the half widths are width (1 -+ asymmetry))");
  OverSConfig o;
  o.kind = OverSConfig::Kind::cauchy;
  o.max = max, o.T_peak = T_peak, o.width = width, o.asymmetry = asymmetry;
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

const std::map<std::string, std::vector<std::string>>& initial_keys() {
  static const std::map<std::string, std::vector<std::string>> keys = {
      {"sound_wave", {"e0", "amplitude", "mode"}},
      {"shear_wave", {"e0", "amplitude", "mode"}},
      {"uniform", {"e0", "ux", "uy", "uz", "pi_xx", "pi_xy", "pi_xz", "pi_yy", "pi_yz", "pi_zz", "Pi"}},
      {"file", {"path"}},
      {"bjorken", {"T0", "pi"}},
      {"gubser", {"q", "T_hat0", "pi_bar0", "window_inner", "window_outer"}},
  };
  return keys;
}

double positive(const Section& s, const char* key, double fallback) {
  auto v = s.number(key);
  if (!v) return fallback;
  s.require(*v > 0, key, "must be > 0");
  return *v;
}

void parse_wave(const Section& s, const GridConfig& grid, InitialConfig& in) {
  in.e0 = positive(s, "e0", in.e0);
  if (auto a = s.number("amplitude")) {
    s.require(std::abs(*a) < 1, "amplitude", "must satisfy |amplitude| < 1");
    in.amplitude = *a;
  }
  std::array<long long, 3> mode{1, 0, 0};
  std::string label = s.qualified("mode") + " = [1, 0, 0] (default)";
  if (auto given = s.integer3("mode")) {
    mode = *given;
    label = s.what("mode");
  }
  auto require = [&label](bool ok, const std::string& rule) {
    if (!ok) input_error(label + ": " + rule);
  };
  static constexpr const char* axis[3] = {"x", "y", "z"};
  require(mode[0] != 0 || mode[1] != 0 || mode[2] != 0, "must not be all zero");
  for (int a = 0; a < 3; ++a) {
    const long long m = mode[a], n = grid.points[a];
    if (m == 0) continue;
    require(n > 1, std::string("the mode along ") + axis[a] +
                       " must be 0 because grid.points has 1 point along " + axis[a]);
    require(m < n / 2 && m > -n / 2, std::string("the mode along ") + axis[a] +
                                         " must be below the Nyquist mode: |mode| < " +
                                         std::to_string(n / 2) + " for " + std::to_string(n) + " points");
  }
  for (int a = 0; a < 3; ++a) in.mode[a] = static_cast<int>(mode[a]);
  if (in.kind == "shear_wave")
    require(in.mode[0] != 0 && in.mode[1] == 0 && in.mode[2] == 0,
            "initial.kind = \"shear_wave\" needs mode = [m, 0, 0] with m != 0 (k along x)");
}

void parse_file(const Section& s, const std::filesystem::path& base_dir, InitialConfig& in) {
  auto path = s.string("path");
  if (!path) s.missing("path", "the checkpoint or snapshot file to start from");
  s.require(!path->empty(), "path", "must name a file");
  std::filesystem::path p(*path);
  if (p.is_relative()) p = base_dir / p;
  p = std::filesystem::absolute(p).lexically_normal();
  std::error_code ec;
  const bool regular = std::filesystem::is_regular_file(p, ec);
  std::ifstream probe;
  if (regular) probe.open(p, std::ios::binary);
  s.require(regular && probe.good(), "path",
            "the file '" + p.string() + "' does not exist or is not a readable file");
  in.path = p.string();
}
// Gubser flow (docs/problems.md): the solution is self-similar only with eta = eta_over_s * s and
// tau_pi = tau_pi_coeff * eta / (e + p), and conformal (no bulk); the window keeps the box periodic.
void parse_gubser(const Section& s, const GridConfig& grid, const TransportConfig& t, const Section& ts,
                  InitialConfig& in) {
  const std::string kind = s.what("kind");
  if (grid.points[0] < 2 || grid.points[1] < 2)
    input_error("grid.points = [" + std::to_string(grid.points[0]) + ", " + std::to_string(grid.points[1]) +
                ", " + std::to_string(grid.points[2]) + "]: " + kind +
                " needs more than 1 point along x and y (the flow is transverse)");
  if (t.eta)
    input_error(ts.what("eta") + ": " + kind +
                " needs transport.eta_over_s instead (the Gubser solution needs eta proportional to s)");
  if (t.tau_pi)
    input_error(
        ts.what("tau_pi") + ": " + kind +
        " needs transport.tau_pi_coeff instead (the Gubser solution needs tau_pi proportional to 1/T)");
  if (t.zeta.value_or(0) != 0 || t.zeta_over_s.value_or(0) != 0)
    input_error(ts.what(t.zeta ? "zeta" : "zeta_over_s") + ": " + kind +
                " is conformal and needs zero bulk viscosity");
  if (t.eta_over_s_T || t.zeta_over_s_T)
    input_error(ts.qualified(t.eta_over_s_T ? "eta_over_s" : "zeta_over_s") + ": " + kind +
                " needs a constant transport.eta_over_s (the Gubser solution is conformal)");
  // The semi-analytic solution (problems/gubser_solution.cpp) keeps its form under Weyl rescaling only
  // with delta_pipi = (4/3) tau_pi: the plain "is" set (the default of transport.second_order) is not
  // Gubser's flow and is refused whenever there is shear stress.
  if (!t.terms.delta_pipi && t.eta_over_s.value_or(0) > 0) {
    const std::string which =
        ts.has("second_order") ? ts.what("second_order") : "transport.second_order = \"is\" (default)";
    input_error(which + " with transport.terms.delta_pipi = false: " + kind +
                " needs delta_pipi = (4/3) tau_pi (the Gubser solution assumes Weyl covariance); use "
                "transport.second_order = \"is43\" or \"dnmr\", or set transport.terms.delta_pipi = true");
  }
  if (in.pi_bar0 != 0 && t.eta_over_s.value_or(0) == 0)
    input_error(s.what("pi_bar0") +
                ": must be 0 when transport.eta_over_s = 0 (ideal flow has no shear stress)");
  const double half = 0.5 * std::min(grid.size[0], grid.size[1]);
  const auto inner = s.number("window_inner"), outer = s.number("window_outer");
  // Defaults 0.7 and 0.9 of min(Lx, Ly)/2; a given window_outer alone keeps the ratio 7/9.
  in.window_outer = outer.value_or(0.9 * half);
  in.window_inner = inner.value_or(in.window_outer * 7.0 / 9.0);
  auto label = [&s](const char* key, bool given, double value) {
    return given ? s.what(key) : s.qualified(key) + " = " + format_number(value) + " (default)";
  };
  const std::string outer_label = label("window_outer", outer.has_value(), in.window_outer);
  const std::string inner_label = label("window_inner", inner.has_value(), in.window_inner);
  if (!(in.window_outer > 0 && in.window_outer <= half))
    input_error(outer_label + ": must be in (0, " + format_number(half) + "] fm (min(Lx, Ly)/2)");
  if (!(in.window_inner > 0 && in.window_inner < in.window_outer))
    input_error(inner_label + ": must be in (0, " + format_number(in.window_outer) +
                ") fm (0 < window_inner < window_outer)");
}
}  // namespace

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
  t.tau_Pi_form = s.choice("tau_Pi_form", {"constant", "cs2"}, "constant");
  if (t.tau_Pi_form == "cs2" && t.tau_Pi)
    input_error(s.what("tau_Pi") +
                ": transport.tau_Pi_form = \"cs2\" needs transport.tau_Pi_coeff (tau_Pi = "
                "tau_Pi_coeff zeta/((1/3 - cs2)^2 (e+p))), not an absolute tau_Pi");
  // MUSIC's coefficient 1/14.55 is the default of the cs2 form.
  if (!t.tau_Pi_coeff && !t.tau_Pi) t.tau_Pi_coeff = t.tau_Pi_form == "cs2" ? 1.0 / 14.55 : 5.0;

  t.second_order = s.choice("second_order", {"is", "is43", "dnmr"}, "is");
  const bool dnmr = t.second_order == "dnmr";
  t.terms = {t.second_order != "is", dnmr, dnmr, dnmr, dnmr, dnmr};
  auto override_term = [&terms](const char* key, bool& flag) {
    if (auto b = terms.boolean(key)) flag = *b;
  };
  override_term("delta_pipi", t.terms.delta_pipi);
  override_term("tau_pipi", t.terms.tau_pipi);
  override_term("phi7", t.terms.phi7);
  override_term("lambda_piPi", t.terms.lambda_piPi);
  override_term("delta_PiPi", t.terms.delta_PiPi);
  override_term("lambda_Pipi", t.terms.lambda_Pipi);

  // Otherwise the front speed depends on the temperature: checked over the EOS's range at setup
  // (run/eos_checks.hpp), where the equation of state exists.
  const bool constant_cs2 = eos.kind == EosKind::conformal || eos.kind == EosKind::ideal;
  if (constant_cs2 && !t.eta_over_s_T && !t.zeta_over_s_T && t.tau_Pi_form == "constant")
    check_causality(s, t, eos.cs2);
  return t;
}

InitialConfig parse_initial(const Section& s, const GridConfig& grid, const EosConfig& eos,
                            const TransportConfig& transport, const Section& transport_section,
                            const std::filesystem::path& base_dir) {
  InitialConfig in;
  in.kind = s.string("kind").value_or("");  // validated by the caller
  const auto& allowed = initial_keys().at(in.kind);
  for (const auto& key : s.keys()) {
    if (key == "kind" || std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string list;
    for (const auto& k : allowed) list += (list.empty() ? "" : ", ") + k;
    input_error(s.what(key) + ": not used by initial.kind = \"" + in.kind + "\" (its keys: kind, " + list +
                ")");
  }
  const bool milne = grid.coordinates == Coordinates::milne;
  if ((in.kind == "bjorken" || in.kind == "gubser") && !milne)
    input_error(s.what("kind") + ": requires grid.coordinates = \"milne\" (got \"cartesian\")");
  if ((in.kind == "sound_wave" || in.kind == "shear_wave" || in.kind == "uniform") && milne)
    input_error(s.what("kind") + ": requires grid.coordinates = \"cartesian\" (got \"milne\")");

  if (in.kind == "sound_wave" || in.kind == "shear_wave") {
    parse_wave(s, grid, in);
  } else if (in.kind == "uniform") {
    in.e0 = positive(s, "e0", in.e0);
    const char* u[3] = {"ux", "uy", "uz"};
    // |u| = gamma |v| <= 1000: beyond, T^{tt} = (e + p) gamma^2 - p carries e in its last digits only
    // (gamma^2 > 1e6 of 1e16), and the recovery of e from T^{t nu} (eq. 17) loses it to round-off.
    for (int i = 0; i < 3; ++i) {
      in.u[i] = s.number(u[i]).value_or(0.0);
      s.require(std::abs(in.u[i]) <= 1000.0, u[i], "must satisfy |u^i| <= 1000 (gamma up to ~1000)");
    }
    s.require(std::hypot(in.u[0], in.u[1], in.u[2]) <= 1000.0, "ux",
              "the four-velocity must satisfy |u| = sqrt(ux^2 + uy^2 + uz^2) <= 1000 (gamma up to ~1000)");
    const char* pi[6] = {"pi_xx", "pi_xy", "pi_xz", "pi_yy", "pi_yz", "pi_zz"};
    for (int i = 0; i < 6; ++i) in.pi[i] = s.number(pi[i]).value_or(0.0);
    in.Pi = s.number("Pi").value_or(0.0);
  } else if (in.kind == "file") {
    parse_file(s, base_dir, in);
  } else if (in.kind == "bjorken") {
    auto T0 = s.number("T0");
    if (!T0) s.missing("T0", "the initial temperature in GeV, > 0");
    s.require(*T0 > 0, "T0", "must be > 0 (GeV)");
    in.T0 = *T0;
    in.pi_navier_stokes = s.choice("pi", {"zero", "navier-stokes"}, "zero") == "navier-stokes";
  } else if (in.kind == "gubser") {
    if (eos.kind != EosKind::conformal)
      input_error(s.what("kind") + ": Gubser flow is conformal and requires eos.kind = \"conformal\"");
    in.q = positive(s, "q", in.q);
    in.T_hat0 = positive(s, "T_hat0", in.T_hat0);
    in.pi_bar0 = s.number("pi_bar0").value_or(0.0);
    parse_gubser(s, grid, transport, transport_section, in);
  }
  return in;
}

void check_wave_survives_dealiasing(const Section& initial, const GridConfig& grid, const InitialConfig& in,
                                    const NumericsConfig& numerics) {
  if (numerics.dealiasing != Dealiasing::two_thirds) return;
  static constexpr const char* axis[3] = {"x", "y", "z"};
  for (int a = 0; a < 3; ++a) {
    const int m = std::abs(in.mode[a]), n = grid.points[a];
    if (3 * m < n) continue;
    const std::string label =
        initial.has("mode") ? initial.what("mode") : initial.qualified("mode") + " = [1, 0, 0] (default)";
    input_error(
        label + ": the mode along " + axis[a] + " is removed by the 2/3 rule (numerics.dealiasing = " +
        "\"two_thirds\" keeps 3 |mode| < points, i.e. |mode| <= " + std::to_string((n - 1) / 3) + " for " +
        std::to_string(n) + " points); use a lower mode, more points, or numerics.dealiasing " +
        "= \"exponential\" or \"none\"");
  }
}

}  // namespace ishydro
