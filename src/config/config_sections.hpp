#pragma once
// Internal to the config parser: one function per input section (docs/input.md), its key table and
// its part of the resolved input. Each parse_* validates its section and throws InputError on bad
// input.
#include <toml++/toml.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <type_traits>

#include "config/config.hpp"
#include "config/config_reader.hpp"
#include "config/initial_kind.hpp"

namespace ishydro {

GridConfig parse_grid(const Section& s);
// `start_from_file`: the initial kind may bring the start time from its state file.
TimeConfig parse_time(const Section& s, const GridConfig& grid, bool start_from_file);
EosConfig parse_eos(const Section& s, const std::filesystem::path& base_dir);
TransportConfig parse_transport(const Section& s, const Section& terms, const EosConfig& eos);
// Refuses keys of other kinds and the wrong coordinates, then lets the kind check and store its keys.
InitialConfig parse_initial(const InitialKind& kind, const InitialParse& in);
// `charged`: the run has a baryon charge (InitialConfig::charged), so output.fields may name its fields.
OutputConfig parse_output(const Section& s, const TimeConfig& time, bool charged);
NumericsConfig parse_numerics(const Section& s);
// [noise]: `enabled` a boolean, `seed` an integer >= 0; refused in Milne coordinates.
NoiseConfig parse_noise(const Section& s, const GridConfig& grid);

// The key tables of [transport] and [transport.terms] (config_physics.cpp).
const SectionKeys& transport_keys();
const SectionKeys& transport_terms_keys();

const char* to_string(Coordinates c);
const char* to_string(Dealiasing d);
const char* to_string(PlanRigor r);

// Each section of the resolved input, next to its parser.
toml::table grid_table(const GridConfig& g);
toml::table time_table(const TimeConfig& t);
toml::table eos_table(const EosConfig& e);
toml::table transport_table(const TransportConfig& t);
toml::table initial_table(const InitialConfig& in);
toml::table output_table(const OutputConfig& o);
toml::table numerics_table(const NumericsConfig& n);
toml::table noise_table(const NoiseConfig& n);

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

// The full resolved configuration as TOML text; parsing it again gives the same RunConfig.
std::string write_resolved_toml(const RunConfig& cfg);

}  // namespace ishydro
