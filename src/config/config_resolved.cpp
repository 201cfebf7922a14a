// The resolved input: every key of the validated RunConfig, defaults included, as TOML text.
#include <cstdint>
#include <sstream>
#include <type_traits>
#include <variant>

#include "config/config_sections.hpp"

namespace ishydro {

void insert_config_value(toml::table& table, const std::string& key, const ConfigValue& value) {
  std::visit(
      [&table, &key](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::vector<long long>> || std::is_same_v<T, std::vector<double>>) {
          toml::array a;
          for (auto x : v) {
            if constexpr (std::is_same_v<T, std::vector<long long>>)
              a.push_back(static_cast<std::int64_t>(x));
            else
              a.push_back(x);
          }
          table.insert(key, std::move(a));
        } else if constexpr (std::is_same_v<T, long long>) {
          table.insert(key, static_cast<std::int64_t>(v));
        } else {
          table.insert(key, v);
        }
      },
      value);
}

toml::table initial_table(const InitialConfig& in) {
  toml::table tab{{"kind", in.kind}};
  for (const auto& entry : in.values) insert_config_value(tab, entry.first, entry.second);
  return tab;
}

namespace {
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
