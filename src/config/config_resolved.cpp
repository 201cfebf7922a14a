// The resolved input: every key of the validated RunConfig, defaults included, as TOML text.
#include <cstdint>
#include <sstream>

#include "config/config_sections.hpp"

namespace ishydro {

namespace {
template <typename T, std::size_t N>
toml::array to_array(const std::array<T, N>& values) {
  toml::array a;
  for (const T& v : values) {
    if constexpr (std::is_integral_v<T>)
      a.push_back(static_cast<std::int64_t>(v));
    else
      a.push_back(static_cast<double>(v));
  }
  return a;
}

toml::table grid_table(const GridConfig& g) {
  return toml::table{
      {"points", to_array(g.points)}, {"size", to_array(g.size)}, {"coordinates", to_string(g.coordinates)}};
}

toml::table time_table(const TimeConfig& t) {
  toml::table tab{{"end", t.end}, {"cfl", t.cfl}};
  if (t.start_given) tab.insert("start", t.start);
  if (t.dt) tab.insert("dt", *t.dt);
  if (t.max_steps > 0) tab.insert("max_steps", static_cast<std::int64_t>(t.max_steps));
  return tab;
}

toml::table eos_table(const EosConfig& e) {
  toml::table tab{{"kind", to_string(e.kind)}, {"dof", e.dof}};
  if (e.kind == EosKind::ideal) tab.insert("cs2", e.cs2);
  if (e.kind == EosKind::hotqcd || e.kind == EosKind::table) tab.erase("dof");
  if (e.kind == EosKind::table) tab.insert("path", e.path);
  return tab;
}

toml::table over_s_table(const OverSConfig& o) {
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
}

toml::table transport_table(const TransportConfig& t) {
  toml::table tab{{"second_order", t.second_order}};
  for_each_transport_value(t, [&tab](const char* key, const std::optional<double>& v) {
    if (v) tab.insert(key, *v);
  });
  if (t.eta_over_s_T) tab.insert("eta_over_s", over_s_table(*t.eta_over_s_T));
  if (t.zeta_over_s_T) tab.insert("zeta_over_s", over_s_table(*t.zeta_over_s_T));
  tab.insert("tau_Pi_form", t.tau_Pi_form);
  const SecondOrderTerms& s = t.terms;
  tab.insert("terms", toml::table{{"delta_pipi", s.delta_pipi},
                                  {"tau_pipi", s.tau_pipi},
                                  {"phi7", s.phi7},
                                  {"lambda_piPi", s.lambda_piPi},
                                  {"delta_PiPi", s.delta_PiPi},
                                  {"lambda_Pipi", s.lambda_Pipi}});
  return tab;
}

toml::table initial_table(const InitialConfig& in) {
  toml::table tab{{"kind", in.kind}};
  if (in.kind == "sound_wave" || in.kind == "shear_wave") {
    tab.insert("e0", in.e0);
    tab.insert("amplitude", in.amplitude);
    tab.insert("mode", to_array(in.mode));
  } else if (in.kind == "uniform") {
    tab.insert("e0", in.e0);
    const char* u[3] = {"ux", "uy", "uz"};
    for (int i = 0; i < 3; ++i) tab.insert(u[i], in.u[i]);
    const char* pi[6] = {"pi_xx", "pi_xy", "pi_xz", "pi_yy", "pi_yz", "pi_zz"};
    for (int i = 0; i < 6; ++i) tab.insert(pi[i], in.pi[i]);
    tab.insert("Pi", in.Pi);
  } else if (in.kind == "file") {
    tab.insert("path", in.path);
  } else if (in.kind == "bjorken") {
    tab.insert("T0", in.T0);
    tab.insert("pi", in.pi_navier_stokes ? "navier-stokes" : "zero");
  } else if (in.kind == "gubser") {
    tab.insert("q", in.q);
    tab.insert("T_hat0", in.T_hat0);
    tab.insert("pi_bar0", in.pi_bar0);
    tab.insert("window_inner", in.window_inner);
    tab.insert("window_outer", in.window_outer);
  }
  return tab;
}

toml::table output_table(const OutputConfig& o) {
  toml::table tab{{"dir", o.dir}, {"profile", o.profile}};
  if (o.every) {
    tab.insert("every", *o.every);
  } else {
    toml::array times;
    for (double t : o.times) times.push_back(t);
    tab.insert("times", std::move(times));
  }
  if (o.checkpoint_every) tab.insert("checkpoint_every", *o.checkpoint_every);
  if (o.checkpoint_every_steps)
    tab.insert("checkpoint_every_steps", static_cast<int64_t>(*o.checkpoint_every_steps));
  if (o.checkpoint_every_minutes) tab.insert("checkpoint_every_minutes", *o.checkpoint_every_minutes);
  return tab;
}

toml::table numerics_table(const NumericsConfig& n) {
  return toml::table{{"dealiasing", to_string(n.dealiasing)},
                     {"filter_order", n.filter_order},
                     {"filter_alpha", n.filter_alpha},
                     {"plan_rigor", to_string(n.plan_rigor)},
                     {"wisdom_file", n.wisdom_file},
                     {"recovery_tolerance", n.recovery_tolerance},
                     {"regulator", n.regulator},
                     {"regulator_max", n.regulator_max}};
}
// toml++'s operator<< as built with GCC prints doubles with max_digits10 digits (0.4 comes out as
// 0.40000000000000002); write floats in their shortest round-trip form and the rest through toml++.
void write_value(std::ostream& os, const toml::node& v) {
  if (auto f = v.as_floating_point()) {
    os << format_float(f->get());
  } else if (auto a = v.as_array()) {
    os << '[';
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (i) os << ", ";
      write_value(os, *a->get(i));
    }
    os << ']';
  } else if (auto str = v.as_string()) {
    os << quote(str->get());
  } else if (auto i = v.as_integer()) {
    os << i->get();
  } else if (auto b = v.as_boolean()) {
    os << (b->get() ? "true" : "false");
  }
}

void write_table(std::ostream& os, const std::string& header, const toml::table& t) {
  os << "\n[" << header << "]\n";
  for (auto&& [k, v] : t) {
    if (v.is_table()) continue;
    os << k.str() << " = ";
    write_value(os, v);
    os << '\n';
  }
  for (auto&& [k, v] : t)
    if (auto sub = v.as_table()) write_table(os, header + "." + std::string(k.str()), *sub);
}
}  // namespace

std::string write_resolved_toml(const RunConfig& cfg) {
  std::ostringstream os;
  os << "# ishydro resolved input: every key with its value in effect, defaults included\n";
  // One section at a time keeps the input's section order (a toml::table sorts its keys).
  auto section = [&os](const char* name, const toml::table& body) { write_table(os, name, body); };
  section("grid", grid_table(cfg.grid));
  section("time", time_table(cfg.time));
  section("eos", eos_table(cfg.eos));
  section("transport", transport_table(cfg.transport));
  section("initial", initial_table(cfg.initial));
  section("output", output_table(cfg.output));
  section("numerics", numerics_table(cfg.numerics));
  return os.str();
}

}  // namespace ishydro
