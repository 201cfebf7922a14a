#pragma once
// Internal to the config parser: one function per input section (docs/input.md), and the writer of
// the resolved input. Each parse_* validates its section and throws InputError on bad input.
#include <filesystem>
#include <string>

#include "config/config.hpp"
#include "config/config_reader.hpp"

namespace ishydro {

GridConfig parse_grid(const Section& s);
// `initial_kind` decides whether the start time may come from a checkpoint file.
TimeConfig parse_time(const Section& s, const GridConfig& grid, const std::string& initial_kind);
EosConfig parse_eos(const Section& s, const std::filesystem::path& base_dir);
TransportConfig parse_transport(const Section& s, const Section& terms, const EosConfig& eos);
// Relative initial.path values are resolved against `base_dir`. `transport` (parsed from the section
// `transport_section`) is checked against what the kind needs (gubser: eta_over_s, tau_pi_coeff).
InitialConfig parse_initial(const Section& s, const GridConfig& grid, const EosConfig& eos,
                            const TransportConfig& transport, const Section& transport_section,
                            const std::filesystem::path& base_dir);
// A wave's mode must survive the 2/3 rule (3 |mode| < points on each axis): a removed mode has no
// derivatives, so the wave would sit still, far from the solution the input describes.
void check_wave_survives_dealiasing(const Section& initial, const GridConfig& grid, const InitialConfig& in,
                                    const NumericsConfig& numerics);
OutputConfig parse_output(const Section& s, const TimeConfig& time);
NumericsConfig parse_numerics(const Section& s);

const char* to_string(Coordinates c);
const char* to_string(EosKind k);
const char* to_string(Dealiasing d);
const char* to_string(PlanRigor r);

// The full resolved configuration as TOML text; parsing it again gives the same RunConfig.
std::string write_resolved_toml(const RunConfig& cfg);

}  // namespace ishydro
