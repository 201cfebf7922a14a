#pragma once
// The registry of initial conditions: every kind of [initial] (docs/input.md), one file each,
// listed once in registry.cpp. The parser, the state setup, the docs and the Python bindings read it.
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "config/key_spec.hpp"
#include "problems/problem.hpp"

namespace ishydro {

// Every registered problem, in the order of docs/input.md.
const std::vector<const Problem*>& problem_registry();
// The problem of `kind`; throws InputError for a kind that is not registered.
const Problem& find_problem(std::string_view kind);
// The InitialKind of each registered problem, for the parser.
const InitialKinds& initial_kinds();
// Every key table of the input file: config's sections, then each initial kind's own keys
// (section "initial", kind = its name).
const std::vector<SectionKeys>& key_tables();

// An [initial] configuration built in code (tests, benchmarks): `values` with the kind's defaults
// filled in, as its checks give them for these values over a 64^3 Cartesian box of 10 fm (when they
// refuse them, `values` alone: the caller then sets what the kind needs).
InitialConfig make_initial(std::string_view kind, const ConfigValues& values = {});

// parse_config_string / parse_config_file (config/config.hpp) with the registered initial kinds.
RunConfig parse_config_string(const std::string& toml_text, const std::string& source_name = "input");
RunConfig parse_config_file(const std::string& path);

}  // namespace ishydro
