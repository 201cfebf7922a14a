#pragma once
// The resolved run configuration: every key of the input file (docs/input.md), defaults filled in.
// Parsing and validation live in config.cpp; everything downstream reads only this struct.
#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "config/key_spec.hpp"

namespace ishydro {

// One-line, user-facing input error: names the key, the value and what is allowed.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class Coordinates { cartesian, milne };
enum class EosKind { conformal, ideal, hotqcd, table, qgp };
inline constexpr EosKind kEosKinds[] = {EosKind::conformal, EosKind::ideal, EosKind::hotqcd, EosKind::table,
                                        EosKind::qgp};
// The name of each EOS kind as eos.kind spells it (the one place these names are written), and back.
const char* to_string(EosKind k);
std::optional<EosKind> eos_kind_from_string(std::string_view name);
enum class Dealiasing { two_thirds, exponential, none };
enum class PlanRigor { estimate, measure, patient };

struct GridConfig {
  std::array<int, 3> points{};
  std::array<double, 3> size{};
  Coordinates coordinates = Coordinates::cartesian;
  bool operator==(const GridConfig&) const = default;
};

struct TimeConfig {
  double start = 0.0;
  // time.start was given; also true for every initial.kind except "file", whose start may come
  // from the file (so false means: take the start time from the file).
  bool start_given = false;
  double end = 0.0;
  double cfl = 0.4;
  std::optional<double> dt;  // fixed step overrides cfl
  long max_steps = -1;       // -1: unlimited
  bool operator==(const TimeConfig&) const = default;
};

struct EosConfig {
  EosKind kind = EosKind::conformal;
  double dof = 47.5;
  double cs2 = 1.0 / 3.0;  // conformal: 1/3
  std::string path;        // table: the table file (absolute once resolved)
  double nf = 3.0;         // qgp: quark flavours (dof = 16 + 10.5 nf at mu_B = 0)
  bool operator==(const EosConfig&) const = default;
};

// Each second-order term of docs/equations.md (eqs. 12-13) can be switched on or off alone.
struct SecondOrderTerms {
  bool delta_pipi = false;   // -delta_pipi pi theta
  bool tau_pipi = false;     // -tau_pipi pi^{lambda<mu} sigma^{nu>}_lambda
  bool phi7 = false;         // -phi7 pi_alpha^{<mu} pi^{nu>alpha}
  bool lambda_piPi = false;  // -lambda_piPi Pi sigma
  bool delta_PiPi = false;   // -delta_PiPi Pi theta
  bool lambda_Pipi = false;  // -lambda_Pipi pi:sigma
  bool vorticity = false;    // +2 tau_pi pi_lambda^{<mu} omega^{nu>lambda}
  bool delta_VV = false;     // -delta_VV V^mu theta (baryon diffusion, a charged run only)
  bool lambda_VV = false;    // -lambda_VV V_nu sigma^{mu nu} (baryon diffusion, a charged run only)
  bool operator==(const SecondOrderTerms&) const = default;
};

// The parameters of a temperature-dependent eta/s or zeta/s, as read (transport/parametrization.hpp's
// OverS evaluates them; docs/input.md):
//   kink:   max(0, value + slope (T - T_kink)), slope = slope_low below T_kink, slope_high above;
//   cauchy: max / (1 + ((T - T_peak) / (width (1 + asymmetry sign(T - T_peak))))^2).
struct OverSConfig {
  enum class Kind { constant, kink, cauchy };
  Kind kind = Kind::constant;
  double value = 0;                                      // constant; kink: the value at T_kink
  double T_kink = 0, slope_low = 0, slope_high = 0;      // kink
  double max = 0, T_peak = 0, width = 1, asymmetry = 0;  // cauchy
  bool operator==(const OverSConfig&) const = default;
};

// The two values of transport.tau_Pi_form (docs/input.md), written here only.
inline constexpr std::string_view kTauPiConstant = "constant", kTauPiCs2 = "cs2";

struct TransportConfig {
  // Exactly one of each pair is set (validated).
  std::optional<double> eta_over_s, eta;
  std::optional<double> zeta_over_s, zeta;
  std::optional<double> tau_pi_coeff, tau_pi;
  std::optional<double> tau_Pi_coeff, tau_Pi;
  // eta_over_s / zeta_over_s given as a temperature-dependent table {kind = "kink" | "cauchy", ...}
  // (then eta_over_s / zeta_over_s above are unset).
  std::optional<OverSConfig> eta_over_s_T, zeta_over_s_T;
  // "constant": tau_Pi = tau_Pi_coeff zeta/(e+p); "cs2": tau_Pi_coeff zeta/((1/3 - cs2)^2 (e+p)).
  std::string tau_Pi_form = std::string(kTauPiConstant);
  bool tau_Pi_from_cs2() const { return tau_Pi_form == kTauPiCs2; }
  std::string second_order = "is";
  SecondOrderTerms terms;
  // C_B of the baryon diffusion (docs/equations.md, "Baryon charge and diffusion"): tau_V = C_B/T,
  // kappa_B = (C_B/T) n_B (coth(mu_B/T)/3 - n_B T/(e + p)); used by a charged run only.
  double kappa_coeff = 0.4;
  bool operator==(const TransportConfig&) const = default;
};

// The transport values and the second-order switches by key name, in the order of docs/input.md
// (defined with their key tables in config_physics.cpp): set and read them by name, never by position.
struct TransportValueKey {
  std::string_view name;
  std::optional<double> TransportConfig::*member;
};
const std::array<TransportValueKey, 8>& transport_value_keys();
struct SecondOrderTermKey {
  std::string_view name;
  bool SecondOrderTerms::*member;
};
const std::array<SecondOrderTermKey, 9>& second_order_term_keys();
// The key of one transport value ("eta" for &TransportConfig::eta).
std::string_view key_name(std::optional<double> TransportConfig::*member);
// The switches of a named set of transport.second_order ("is", "is43", "dnmr"; docs/input.md);
// throws std::out_of_range for another name.
SecondOrderTerms second_order_set(std::string_view set);
// Every second-order term on.
SecondOrderTerms all_second_order_terms();

// Calls f(key, value) for each of the eight (optional) transport values, in the order of docs/input.md.
template <class F>
void for_each_transport_value(const TransportConfig& t, F f) {
  for (const TransportValueKey& k : transport_value_keys()) f(k.name.data(), t.*k.member);
}

// [initial]: the kind and its own keys' resolved values (defaults included). Which keys a kind has,
// their checks and their meaning belong to the kind (src/problems/<kind>.cpp, registered in
// src/problems/registry.cpp); config only stores them.
struct InitialConfig {
  std::string kind;
  ConfigValues values;
  // Whether the run evolves a baryon charge (N^t and V^i after the 11 uncharged variables,
  // hydro/state.hpp): the kind says so from its values (nB0 != 0, muB0 != 0, a diffusion_wave, a state
  // file with nB). Derived, not a key: the resolved input does not write it, its parse sets it again.
  bool charged = false;
  // The value of `key`, which the kind's parse stored (throws std::out_of_range otherwise).
  double number(std::string_view key) const;
  const std::string& string(std::string_view key) const;
  std::array<int, 3> integer3(std::string_view key) const;
  std::array<double, 3> number3(std::string_view key) const;
  bool operator==(const InitialConfig&) const = default;
};

struct OutputConfig {
  std::string dir = "out";
  std::vector<double> times;                       // explicit snapshot times, sorted
  std::optional<double> every;                     // or a snapshot interval
  std::optional<double> checkpoint_every;          // simulation time between checkpoints
  std::optional<long> checkpoint_every_steps;      // steps between checkpoints
  std::optional<double> checkpoint_every_minutes;  // wall-clock minutes between checkpoints
  long checkpoints_kept = 1;                       // checkpoint.h5 and, when > 1, checkpoint_<step>.h5
  bool profile = true;
  bool spectra = false;             // spectra.h5 at every snapshot (Cartesian only)
  std::vector<std::string> fields;  // the fields.h5 fields to write, in written order; empty: all
  bool float32 = false;             // precision = "float32" (default "float64")
  int compression = 0;              // HDF5 deflate level 0-9 (0: none, contiguous datasets)
  bool structure_factors = false;   // structure_factors.h5 per snapshot (docs/equations.md, eq. 47)
  bool operator==(const OutputConfig&) const = default;
};

struct NumericsConfig {
  Dealiasing dealiasing = Dealiasing::two_thirds;
  double filter_order = 36.0;  // exponential filter exp(-alpha (k/kmax)^order)
  double filter_alpha = 36.0;
  PlanRigor plan_rigor = PlanRigor::measure;
  std::string wisdom_file;  // empty: default location
  double recovery_tolerance = 1e-15;
  // Off by default. When on, after each step pi^{mu nu} is scaled so that sqrt(pi:pi) <= regulator_max
  // (e + p) and Pi so that |Pi| <= regulator_max (e + p) (docs/equations.md, eq. 70); the number of
  // cells touched is the diagnostics.csv column regulated_cells.
  bool regulator = false;
  double regulator_max = 1.0;
  bool operator==(const NumericsConfig&) const = default;
};

// Thermal fluctuations (docs/equations.md, eqs. 44-49): noise in the relaxation equations, keyed by
// (seed, step, stage, global cell, component) so that a seed gives one run on any ranks and threads.
struct NoiseConfig {
  bool enabled = false;
  std::uint64_t seed = 1;
  bool operator==(const NoiseConfig&) const = default;
};

struct RunConfig {
  GridConfig grid;
  TimeConfig time;
  EosConfig eos;
  TransportConfig transport;
  InitialConfig initial;
  OutputConfig output;
  NumericsConfig numerics;
  NoiseConfig noise;
  std::string resolved_toml;  // the full resolved input, defaults included, as TOML text
  bool operator==(const RunConfig&) const = default;
};

struct InitialKind;
// The initial kinds the parser accepts, in the order of docs/input.md; the problem layer's registry
// (problems/registry.hpp: initial_kinds()) is the list of the program.
using InitialKinds = std::vector<const InitialKind*>;

// Parses and validates; throws InputError with a one-line message on any bad input. The [initial]
// section is checked by the kind it names, from `kinds`. problems/registry.hpp has the forms without
// `kinds` that pass the registered ones.
RunConfig parse_config_file(const std::string& path, const InitialKinds& kinds);
RunConfig parse_config_string(const std::string& toml_text, const std::string& source_name,
                              const InitialKinds& kinds);
// The rules of [grid] points (docs/input.md): each axis >= 1 point, even when more than 1, at most
// 2^40 cells. Shared by the input file and `ishydro bench --grid`; `what` names the key or option in
// the error (InputError).
void check_grid_points(const std::array<long long, 3>& points, const std::string& what);

}  // namespace ishydro
