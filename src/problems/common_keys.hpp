#pragma once
// Keys and checks shared by several initial kinds (each kind lists them in its own key table): the
// background energy density e0, and the amplitude and Fourier mode of the linear waves.
#include <string>

#include "config/initial_kind.hpp"
#include "problems/problem.hpp"

namespace ishydro {

// kind = "bjorken"'s initial temperature (also read by the setup's check of the EOS's range).
inline constexpr std::string_view kT0Key = "T0";
inline constexpr KeySpec kE0Key{"e0", KeyType::number, "GeV/fm^3", "`1`", "> 0", ""};
inline constexpr KeySpec kWaveAmplitudeKey{"amplitude", KeyType::number, "", "`1e-6`", "|amplitude| < 1", ""};
inline constexpr KeySpec kWaveModeKey{
    "mode",
    KeyType::integer3,
    "",
    "`[1, 0, 0]`",
    "",
    "not all zero; 0 along an axis with 1 point; below the Nyquist mode, |mode_i| < n_i / 2, and with "
    "`numerics.dealiasing = \"two_thirds\"` (the default) kept by the 2/3 rule, 3 |mode_i| < n_i (a removed "
    "mode would not move); `shear_wave` needs `[m, 0, 0]` with m != 0"};

// The number `key`, which must be > 0, or `fallback` when absent.
double positive(const Section& s, std::string_view key, double fallback);
// e0 (default 1, > 0) into values.
void parse_e0(const Section& s, ConfigValues& values);
// e0, amplitude and mode of a linear wave into values; the mode is checked against the grid.
void parse_wave(const InitialParse& in, ConfigValues& values);
// The wave's mode alone into values, checked against the grid.
void parse_wave_mode(const InitialParse& in, ConfigValues& values);
// "initial.mode = [..]" as given, or "initial.mode = [1, 0, 0] (default)".
std::string wave_mode_label(const Section& initial);
// A wave's mode must survive the 2/3 rule (3 |mode| < points on each axis): a removed mode has no
// derivatives, so the wave would sit still, far from the solution the input describes.
void check_wave_survives_dealiasing(const Section& initial, const Section& numerics, const GridConfig& grid,
                                    const ConfigValues& values, NumericsConfig& out);
// The phase k.x of the wave's mode at x.
double wave_phase(const ProblemContext& ctx, const double x[3]);

}  // namespace ishydro
