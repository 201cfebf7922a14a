// The one list of initial conditions (docs/architecture.md, "Add an initial condition"): each entry
// is defined in its own file, src/problems/<kind>.cpp.
#include "problems/registry.hpp"

#include <toml++/toml.h>

#include <filesystem>
#include <type_traits>
#include <variant>

namespace ishydro {

// One line per initial kind, in the order of docs/input.md: X(name) is the Problem `name_problem`
// defined in src/problems/name.cpp.
#define ISHYDRO_PROBLEMS(X) \
  X(sound_wave)             \
  X(diffusion_wave)         \
  X(shear_wave)             \
  X(uniform)                \
  X(file)                   \
  X(bjorken)                \
  X(gubser)                 \
  X(gaussian)               \
  X(shear_layer)            \
  X(random_velocity)

#define ISHYDRO_DECLARE(name) extern const Problem name##_problem;
ISHYDRO_PROBLEMS(ISHYDRO_DECLARE)
#undef ISHYDRO_DECLARE

const std::vector<const Problem*>& problem_registry() {
#define ISHYDRO_ENTRY(name) &name##_problem,
  static const std::vector<const Problem*> problems = {ISHYDRO_PROBLEMS(ISHYDRO_ENTRY)};
#undef ISHYDRO_ENTRY
  return problems;
}

const Problem& find_problem(std::string_view kind) {
  std::string list;
  for (const Problem* p : problem_registry()) {
    if (p->kind.name() == kind) return *p;
    list += (list.empty() ? "" : ", ") + std::string(p->kind.name());
  }
  throw InputError("input error: initial.kind = \"" + std::string(kind) + "\": unknown (allowed: " + list +
                   ")");
}

const InitialKinds& initial_kinds() {
  static const InitialKinds kinds = [] {
    InitialKinds out;
    for (const Problem* p : problem_registry()) out.push_back(&p->kind);
    return out;
  }();
  return kinds;
}

const std::vector<SectionKeys>& key_tables() {
  static const std::vector<SectionKeys> tables = [] {
    std::vector<SectionKeys> out;
    for (const SectionKeys& t : config_key_tables()) {
      out.push_back(t);
      if (t.section == "initial")
        for (const Problem* p : problem_registry()) out.push_back(p->kind.keys);
    }
    return out;
  }();
  return tables;
}

InitialConfig make_initial(std::string_view kind, const ConfigValues& values) {
  const Problem& problem = find_problem(kind);
  InitialConfig out;
  out.kind = std::string(kind);
  toml::table given;
  for (const auto& entry : values) insert_config_value(given, entry.first, entry.second);
  const GridConfig grid{{64, 64, 64}, {10.0, 10.0, 10.0}, Coordinates::cartesian};
  const EosConfig eos;
  const TransportConfig transport;
  const Section initial(&given, "initial"), no_transport(nullptr, "transport");
  const std::filesystem::path here = ".";
  try {
    problem.kind.parse({initial, grid, eos, transport, no_transport, here}, out.values);
  } catch (const InputError&) {
    out.values.clear();  // not valid on its own: only `values`
  }
  for (const auto& [key, value] : values) out.values[key] = value;
  out.charged = problem.kind.charged && !problem.kind.charged(out.values).empty();
  return out;
}

RunConfig parse_config_string(const std::string& toml_text, const std::string& source_name) {
  return parse_config_string(toml_text, source_name, initial_kinds());
}

RunConfig parse_config_file(const std::string& path) { return parse_config_file(path, initial_kinds()); }

}  // namespace ishydro
