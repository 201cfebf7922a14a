#pragma once
// What the parser needs of one initial kind ([initial] kind = "..."): its key table, the coordinates
// it needs, and the functions that check its keys and store their resolved values. Each kind defines
// one InitialKind in its own file, src/problems/<kind>.cpp, next to the function that fills the state
// from those values; src/problems/registry.cpp lists them (docs/architecture.md, "Add an initial
// condition"). The config layer sees only this interface, so it never includes a problem.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "config/config_reader.hpp"

namespace ishydro {

// The parsed sections an initial kind's keys may be checked against.
struct InitialParse {
  const Section& initial;
  const GridConfig& grid;
  const EosConfig& eos;
  const TransportConfig& transport;
  const Section& transport_section;
  const std::filesystem::path& base_dir;  // relative paths are resolved against it
};

struct InitialKind {
  // Section "initial", kind = the kind's name; the keys other than `kind`, in docs/input.md's order.
  const SectionKeys& keys;
  // The coordinates the kind needs (checked by the parser), or any.
  std::optional<Coordinates> coordinates;
  // True when time.start may be left out because the state file brings it.
  bool start_from_file = false;
  // Checks the kind's keys (the parser has already refused the keys of other kinds) and stores the
  // resolved value of every key, defaults included; throws InputError.
  void (*parse)(const InitialParse& in, ConfigValues& values) = nullptr;
  // Optional: after [numerics] is parsed, may change the numerics defaults the kind needs (the keys
  // not given in `numerics`) and check the kind's values against them.
  void (*after_numerics)(const Section& initial, const Section& numerics, const GridConfig& grid,
                         const ConfigValues& values, NumericsConfig& out) = nullptr;
  // Optional: the key that gives the run a baryon charge with these resolved values, as
  // "initial.nB0 = 0.1" (InitialConfig::charged; named by the refusals of a charged state), or "" when
  // they give none; absent: never charged.
  std::string (*charged)(const ConfigValues& values) = nullptr;

  std::string_view name() const { return keys.kind; }
};

}  // namespace ishydro
