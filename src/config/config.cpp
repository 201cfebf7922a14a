// Parsing and validation of the input file; docs/input.md lists every key and rule checked here.
#include "config/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <system_error>

#include "config/config_sections.hpp"
#include "config/initial_kind.hpp"
#include "config/toml_guard.hpp"

namespace ishydro {

namespace {
constexpr long long kMaxCells = 1LL << 40;
constexpr long long kMaxAxis = std::numeric_limits<int>::max();
constexpr const char* kAxis[3] = {"x", "y", "z"};

// The key tables of the sections parsed here (config/key_spec.hpp; docs/input.md renders them).
const SectionKeys kGridKeys{
    "grid",
    "",
    {{"points", KeyType::integer3, "", "required", "",
      "each >= 1; an axis with more than 1 point must have an even number of points (the spectral "
      "derivative treats the Nyquist mode of an even grid); nx * ny * nz <= 2^40"},
     {"size", KeyType::number3, "", "required", "each > 0",
      "box lengths Lx, Ly, Lz in fm (Milne: the third is the eta_s range, no unit)"},
     {"coordinates", KeyType::string, "", "`\"cartesian\"`", "",
      "`\"cartesian\"` (t, x, y, z) or `\"milne\"` (tau, x, y, eta_s)"}}};

const SectionKeys kTimeKeys{
    "time",
    "",
    {{"start", KeyType::number, "", "`0`", "",
      "t0 (Cartesian) or tau0 (Milne, must then be given and be > 0)"},
     {"end", KeyType::number, "", "required", "> `start`", ""},
     {"cfl", KeyType::number, "", "`0.4`", "in (0, 1]",
      "the Courant number; dt follows from it and the fastest signal speed"},
     {"dt", KeyType::number, "", "none", "> 0", "a fixed time step; when given it overrides `cfl`"},
     {"max_steps", KeyType::integer, "", "none (unlimited)", "> 0", "the run stops after this many steps"}}};

const SectionKeys kEosKeys{
    "eos",
    "",
    {{"kind", KeyType::string, "", "`\"conformal\"`", "",
      "`\"conformal\"`: p = e/3, e = (pi^2/30) dof T^4 / (hbar c)^3; `\"ideal\"`: p = cs2 e, e = (pi^2/30) "
      "dof "
      "T^(1 + 1/cs2) / (hbar c)^3; `\"hotqcd\"`: the HotQCD 2014 parametrization (T >= 0.08 GeV); "
      "`\"table\"`: the text table `path` (rows e p s T); `\"qgp\"`: massless quarks and gluons with a "
      "baryon chemical potential, p = [(8 pi^2/45) + (7 pi^2/60) nf] T^4 + (nf/2) mu_q^2 T^2 + nf mu_q^4/(4 "
      "pi^2), "
      "mu_q = mu_B/3, over (hbar c)^3, e = 3 p (at mu_B = 0 conformal with dof = 16 + 10.5 nf)"},
     {"dof", KeyType::number, "", "`47.5`", "> 0", "degrees of freedom (conformal, ideal only)"},
     {"cs2", KeyType::number, "", "required for `\"ideal\"`", "in (0, 1]",
      "only allowed with `kind = \"ideal\"` (conformal has cs2 = 1/3, and giving `cs2` is an error)"},
     {"path", KeyType::string, "", "required for `\"table\"`", "",
      "the table file (relative to the input file), checked at setup; only with `kind = \"table\"`"},
     {"nf", KeyType::number, "", "`3.0`", "> 0", "quark flavours; only with `kind = \"qgp\"`"}}};

const SectionKeys kInitialKindKey{
    "initial",
    "",
    {{"kind", KeyType::string, "", "required", "", "one of the kinds below; each takes only its own keys"}}};

const SectionKeys kOutputKeys{
    "output",
    "",
    {{"dir", KeyType::string, "", "`\"out\"`", "non-empty", "`ishydro run --output DIR` overrides it"},
     {"times", KeyType::numbers, "", "`[end]` if neither of the pair is given",
      "each in [start, end], strictly increasing; one of a pair with `every`",
      "snapshots are written at these times only (none at `end` unless it is listed); an empty array "
      "writes no snapshots. A run continued from a file skips the times before the file's time (they "
      "belong to the run it continues, docs/usage.md)"},
     {"every", KeyType::number, "", "none", "> 0",
      "a snapshot at every integer multiple of it from `start` to `end` (a multiple within round-off of "
      "`end` is `end` itself); at most 1e6 snapshots per run (checked at setup, where a file start is "
      "known)"},
     {"checkpoint_every", KeyType::number, "", "none", "> 0",
      "also replace checkpoint.h5 every this much simulation time"},
     {"checkpoint_every_steps", KeyType::integer, "", "none", "> 0",
      "also replace checkpoint.h5 every this many steps"},
     {"checkpoint_every_minutes", KeyType::number, "", "none", "> 0",
      "also replace checkpoint.h5 every this many wall-clock minutes"},
     {"checkpoints_kept", KeyType::integer, "", "`1`", "[1, 1000000]",
      "keep the last K checkpoints: checkpoint.h5 is the newest, and when K > 1 each checkpoint is also kept "
      "as checkpoint_<step>.h5 (a hard link: no extra space) and the older ones beyond K are deleted "
      "(docs/usage.md)"},
     {"profile", KeyType::boolean, "", "`true`", "", "write profile.json"},
     {"spectra", KeyType::boolean, "", "`false`", "",
      "write spectra.h5 at every snapshot (docs/usage.md, \"spectra.h5\"); Cartesian coordinates only "
      "(refused with `coordinates = \"milne\"`: a k along eta_s, 1/rapidity, does not combine with k in "
      "1/fm into one |k|)"},
     {"fields", KeyType::strings, "", "all",
      "a subset of `e, T, p, ux, uy, uz, Pi, pi_xx, pi_xy, pi_xz, pi_yy, pi_yz, pi_zz, nB, muB, Vx, Vy, Vz`, "
      "none twice",
      "the fields.h5 datasets to write (in that order whatever the order given; `nB, muB, Vx, Vy, Vz` exist "
      "in "
      "a charged run only). A fields.h5 without all of `e, ux, uy, uz, Pi, pi_*` cannot be a state file"},
     {"precision", KeyType::string, "", "`\"float64\"`", "`\"float64\"` or `\"float32\"`",
      "`\"float32\"` halves fields.h5 (fields.xdmf says `Precision=\"4\"`); a float32 fields.h5 is read "
      "back as a state file (converted to float64)"},
     {"compression", KeyType::integer, "", "`0`", "0 to 9",
      "HDF5 deflate level; above 0 the fields.h5 datasets are chunked by x-planes and compressed (with "
      "several MPI ranks the filtered write is collective: parallel HDF5 >= 1.10.2, refused naming the "
      "key on an older one)"},
     {"structure_factors", KeyType::boolean, "", "`false`", "",
      "per snapshot, the shell-averaged structure factors of T^{tt}, longitudinal and transverse T^{ti} into "
      "structure_factors.h5 (docs/equations.md eq. 49; `scripts/plot_structure_factors.py`)"}}};

const SectionKeys kNumericsKeys{
    "numerics",
    "",
    {{"dealiasing", KeyType::string, "", "`\"two_thirds\"`", "",
      "`\"two_thirds\"` (the 2/3 rule), `\"exponential\"` (filter exp(-alpha (k/kmax)^order)), `\"none\"`"},
     {"filter_order", KeyType::number, "", "`36`", "> 0", ""},
     {"filter_alpha", KeyType::number, "", "`36`", "> 0", ""},
     {"plan_rigor", KeyType::string, "", "`\"measure\"`", "",
      "`\"estimate\"`, `\"measure\"`, `\"patient\"` (FFTW planner effort)"},
     {"wisdom_file", KeyType::string, "", "`\"\"`", "", "FFTW wisdom file; empty: the default location"},
     {"recovery_tolerance", KeyType::number, "", "`1e-15`", "in (0, 1e-6]",
      "tolerance of the recovery of e and u from the conserved densities T^{0mu}"},
     {"regulator", KeyType::boolean, "", "`false`", "",
      "scale pi^{mu nu} and Pi back to `regulator_max (e + p)` where they exceed it, after every step "
      "(docs/usage.md, docs/equations.md eq. 70); the cells it touches are counted in diagnostics.csv"},
     {"regulator_max", KeyType::number, "", "`1`", "in (0, 10]", "the regulator's bound"}}};

const SectionKeys kNoiseKeys{
    "noise",
    "",
    {{"enabled", KeyType::boolean, "", "`false`", "",
      "noise in the shear and bulk relaxation equations, amplitude eta T/(tau_pi dV) and zeta T/(tau_Pi dV) "
      "(dV: the cell volume, L along unresolved axes)"},
     {"seed", KeyType::integer, "", "`1`", ">= 0",
      "the same seed gives the same run on any number of ranks and threads and across restarts"}}};

const toml::table* section_table(const toml::table& root, std::string_view name) {
  const toml::node* n = root.get(name);
  return n ? n->as_table() : nullptr;  // a non-table was already rejected by check_unknown_keys
}

const toml::table* terms_table(const Section& transport) {
  const toml::node* n = transport.node("terms");
  if (n && !n->is_table())
    input_error(transport.what("terms") + ": expected a table of booleans ([transport.terms]), got " +
                type_name(*n));
  return n ? n->as_table() : nullptr;
}

toml::table parse_toml(const std::string& text, const std::string& source_name) {
  check_toml_characters(text, source_name);
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& err) {
    std::string description(err.description());
    std::replace(description.begin(), description.end(), '\n', ' ');
    const auto& pos = err.source().begin;
    input_error(
        fmt::format("{}:{}:{}: TOML syntax error: {}", source_name, pos.line, pos.column, description));
  }
}

}  // namespace

// The checks of every key, on a parsed TOML table (the input file's, or one built by the Python
// module from a dict); relative paths are relative to base_dir.
RunConfig parse_config_table(const toml::table& root, const std::filesystem::path& base_dir,
                             const InitialKinds& kinds) {
  check_unknown_keys(root, kinds);
  auto section = [&root](const char* name) { return Section(section_table(root, name), name); };
  const Section grid = section("grid"), time = section("time"), eos = section("eos"),
                transport = section("transport"), initial = section("initial"), output = section("output"),
                numerics = section("numerics"), noise = section("noise");

  RunConfig cfg;
  cfg.grid = parse_grid(grid);
  std::vector<std::string_view> names;
  for (const InitialKind* k : kinds) names.push_back(k->name());
  const std::string kind = initial.choice("kind", names, "");
  if (kind.empty()) {
    std::string list;
    for (auto name : names) list += (list.empty() ? "" : ", ") + std::string(name);
    initial.missing("kind", "one of " + list);
  }
  const InitialKind& spec =
      **std::find_if(kinds.begin(), kinds.end(), [&kind](const InitialKind* k) { return k->name() == kind; });
  cfg.time = parse_time(time, cfg.grid, spec.start_from_file);
  cfg.eos = parse_eos(eos, base_dir);
  cfg.transport = parse_transport(transport, Section(terms_table(transport), "transport.terms"), cfg.eos);
  cfg.initial = parse_initial(spec, {initial, cfg.grid, cfg.eos, cfg.transport, transport, base_dir});
  cfg.output = parse_output(output, cfg.time, cfg.initial.charged);
  // k along eta_s (1/rapidity) does not combine with k in the transverse plane (1/fm) into one |k|.
  if (cfg.output.spectra && cfg.grid.coordinates == Coordinates::milne)
    input_error(output.what("spectra") +
                ": spectra are defined for Cartesian coordinates only (grid.coordinates = \"milne\")");
  cfg.numerics = parse_numerics(numerics);
  cfg.noise = parse_noise(noise, cfg.grid);
  if (spec.after_numerics) spec.after_numerics(initial, numerics, cfg.grid, cfg.initial.values, cfg.numerics);
  cfg.resolved_toml = write_resolved_toml(cfg);
  return cfg;
}

namespace {
RunConfig parse(const std::string& text, const std::string& source_name,
                const std::filesystem::path& base_dir, const InitialKinds& kinds) {
  return parse_config_table(parse_toml(text, source_name), base_dir, kinds);
}
}  // namespace

void check_grid_points(const std::array<long long, 3>& points, const std::string& what) {
  long long cells = 1;
  for (int a = 0; a < 3; ++a) {
    const long long n = points[a];
    const std::string axis = what + ": axis " + kAxis[a] + " has " + std::to_string(n) + " points; ";
    if (n < 1) input_error(axis + "every axis must have >= 1 point");
    if (n > 1 && n % 2 != 0)
      input_error(axis +
                  "an axis with more than 1 point must have an even number of points (the spectral "
                  "derivative handles the Nyquist mode of an even grid)");
    if (n > kMaxCells / cells)
      input_error(what + ": nx * ny * nz must not exceed 2^40 = " + std::to_string(kMaxCells) + " cells");
    cells *= n;
  }
  for (int a = 0; a < 3; ++a)
    if (points[a] > kMaxAxis)
      input_error(what + ": axis " + kAxis[a] + " has " + std::to_string(points[a]) +
                  " points; every axis must have <= " + std::to_string(kMaxAxis) + " points");
}

GridConfig parse_grid(const Section& s) {
  GridConfig g;
  auto points = s.integer3("points");
  if (!points) s.missing("points", "an array of 3 integers, e.g. [64, 64, 64]");
  check_grid_points(*points, s.what("points"));
  for (int a = 0; a < 3; ++a) g.points[a] = static_cast<int>((*points)[a]);

  auto size = s.number3("size");
  if (!size) s.missing("size", "an array of 3 box lengths > 0, e.g. [10.0, 10.0, 10.0]");
  for (double L : *size) s.require(L > 0, "size", "every entry must be > 0");
  g.size = *size;

  g.coordinates = s.choice("coordinates", {"cartesian", "milne"}, "cartesian") == "milne"
                      ? Coordinates::milne
                      : Coordinates::cartesian;
  return g;
}

TimeConfig parse_time(const Section& s, const GridConfig& grid, bool start_from_file) {
  TimeConfig t;
  auto start = s.number("start");
  // Only a start from a checkpoint file may leave time.start open (the file then supplies it).
  t.start_given = start.has_value() || !start_from_file;
  t.start = start.value_or(0.0);
  if (grid.coordinates == Coordinates::milne && t.start_given) {
    if (!start)
      s.missing("start", "with grid.coordinates = \"milne\" it is the initial proper time tau0 > 0");
    s.require(t.start > 0, "start", "must be > 0 with grid.coordinates = \"milne\" (it is tau0)");
  }
  t.end = s.required_number("end");
  if (t.start_given) s.require(t.end > t.start, "end", "must be > time.start = " + format_number(t.start));
  if (auto cfl = s.number("cfl")) {
    s.require(*cfl > 0 && *cfl <= 1, "cfl", "must be in (0, 1]");
    t.cfl = *cfl;
  }
  if (auto dt = s.number("dt")) {
    s.require(*dt > 0, "dt", "must be > 0");
    t.dt = *dt;
  }
  if (auto max_steps = s.integer("max_steps")) {
    s.require(*max_steps > 0, "max_steps", "must be an integer > 0");
    t.max_steps = static_cast<long>(*max_steps);
  }
  return t;
}

// eos.kind = "qgp": nf > 0 sets everything (dof = 16 + 10.5 nf, cs2 = 1/3), so dof, cs2 and path are refused.
EosConfig parse_qgp(const Section& s, EosConfig e) {
  for (const char* key : {"cs2", "dof", "path"})
    if (s.has(key))
      input_error(s.what(key) + ": eos." + key +
                  " is not used with eos.kind = \"qgp\" (nf sets the gas: dof = 16 + 10.5 nf, cs2 = 1/3)");
  if (auto nf = s.number("nf")) {
    s.require(*nf > 0, "nf", "must be > 0");
    e.nf = *nf;
  }
  e.dof = 16.0 + 10.5 * e.nf;
  e.cs2 = 1.0 / 3.0;
  return e;
}

EosConfig parse_eos(const Section& s, const std::filesystem::path& base_dir) {
  EosConfig e;
  std::vector<std::string_view> kinds;
  for (EosKind k : kEosKinds) kinds.push_back(to_string(k));
  const std::string kind = s.choice("kind", kinds, to_string(EosKind::conformal));
  e.kind = *eos_kind_from_string(kind);
  if (e.kind != EosKind::qgp && s.has("nf"))
    input_error(s.what("nf") + ": eos.nf is only used with eos.kind = \"qgp\"");
  if (e.kind == EosKind::qgp) return parse_qgp(s, e);
  if (e.kind == EosKind::hotqcd || e.kind == EosKind::table) {
    for (const char* key : {"cs2", "dof"})
      if (s.has(key))
        input_error(s.what(key) + ": eos." + key + " is not used with eos.kind = \"" + kind +
                    "\" (the equation of state gives p, s and T)");
    if (e.kind == EosKind::hotqcd) {
      if (s.has("path")) input_error(s.what("path") + ": eos.path is only used with eos.kind = \"table\"");
      return e;
    }
    auto path = s.string("path");
    if (!path) s.missing("path", "the table file (rows \"e p s T\") with eos.kind = \"table\"");
    s.require(!path->empty(), "path", "must name a file");
    std::filesystem::path p(*path);
    if (p.is_relative()) p = base_dir / p;
    // The table itself is loaded and checked at setup, before any output (run/eos_checks.hpp).
    e.path = std::filesystem::absolute(p).lexically_normal().string();
    return e;
  }
  if (s.has("path")) input_error(s.what("path") + ": eos.path is only used with eos.kind = \"table\"");
  if (auto dof = s.number("dof")) {
    s.require(*dof > 0, "dof", "must be > 0");
    e.dof = *dof;
  }
  if (e.kind == EosKind::conformal) {
    if (s.has("cs2"))
      input_error(s.what("cs2") +
                  ": eos.cs2 is only allowed with eos.kind = \"ideal\" (the conformal EoS has cs2 = 1/3)");
    e.cs2 = 1.0 / 3.0;
  } else {
    auto cs2 = s.number("cs2");
    if (!cs2) s.missing("cs2", "a number in (0, 1] with eos.kind = \"ideal\"");
    s.require(*cs2 > 0 && *cs2 <= 1, "cs2", "must be in (0, 1]");
    e.cs2 = *cs2;
  }
  return e;
}

OutputConfig parse_output(const Section& s, const TimeConfig& time, bool charged) {
  OutputConfig o;
  if (auto dir = s.string("dir")) {
    s.require(!dir->empty(), "dir", "must be a non-empty directory name");
    o.dir = *dir;
  }
  auto times = s.numbers("times");
  auto every = s.number("every");
  if (times && every)
    input_error(s.what("times") + " and " + s.what("every") +
                ": give only one of output.times and output.every");
  if (times) {
    for (std::size_t i = 0; i < times->size(); ++i) {
      const double t = (*times)[i];
      if (time.start_given)
        s.require(t >= time.start, "times",
                  "every time must be >= time.start = " + format_number(time.start) + " (got " +
                      format_number(t) + ")");
      s.require(
          t <= time.end, "times",
          "every time must be <= time.end = " + format_number(time.end) + " (got " + format_number(t) + ")");
      if (i > 0)
        s.require(t > (*times)[i - 1], "times",
                  "the times must be strictly increasing (" + format_number(t) + " follows " +
                      format_number((*times)[i - 1]) + ")");
    }
    o.times = *times;
  } else if (every) {
    s.require(*every > 0, "every", "must be > 0");
    o.every = *every;
  } else {
    o.times = {time.end};
  }
  if (auto c = s.number("checkpoint_every")) {
    s.require(*c > 0, "checkpoint_every", "must be > 0");
    o.checkpoint_every = *c;
  }
  if (auto n = s.integer("checkpoint_every_steps")) {
    s.require(*n > 0, "checkpoint_every_steps", "must be an integer > 0");
    o.checkpoint_every_steps = *n;
  }
  if (auto m = s.number("checkpoint_every_minutes")) {
    s.require(*m > 0, "checkpoint_every_minutes", "must be > 0 (wall-clock minutes)");
    o.checkpoint_every_minutes = *m;
  }
  if (auto k = s.integer("checkpoints_kept")) {
    s.require(*k >= 1 && *k <= 1000000, "checkpoints_kept", "must be an integer in [1, 1000000]");
    o.checkpoints_kept = *k;
  }
  o.profile = s.boolean("profile").value_or(true);
  o.spectra = s.boolean("spectra").value_or(false);
  if (auto fields = s.strings("fields")) {
    // The charged fields (the last five) exist in a charged run only.
    static const std::vector<std::string> valid = {"e",     "T",     "p",     "ux",    "uy",    "uz",
                                                   "Pi",    "pi_xx", "pi_xy", "pi_xz", "pi_yy", "pi_yz",
                                                   "pi_zz", "nB",    "muB",   "Vx",    "Vy",    "Vz"};
    std::string list;
    for (const std::string& v : valid) list += (list.empty() ? "" : ", ") + v;
    s.require(!fields->empty(), "fields", "must name at least one field (valid: " + list + ")");
    const auto charged_fields = valid.end() - 5;
    for (const std::string& f : *fields) {
      s.require(std::find(valid.begin(), valid.end(), f) != valid.end(), "fields",
                "unknown field " + quote(f) + " (valid: " + list + ")");
      s.require(charged || std::find(charged_fields, valid.end(), f) == valid.end(), "fields",
                "field " + quote(f) + " exists in a run with a baryon charge only (this input has none)");
      s.require(std::count(fields->begin(), fields->end(), f) == 1, "fields",
                "field " + quote(f) + " given twice");
    }
    // Written in the order of docs/usage.md whatever the order given.
    for (const std::string& v : valid)
      if (std::find(fields->begin(), fields->end(), v) != fields->end()) o.fields.push_back(v);
  }
  o.float32 = s.choice("precision", {"float64", "float32"}, "float64") == "float32";
  if (auto level = s.integer("compression")) {
    s.require(*level >= 0 && *level <= 9, "compression", "must be an integer deflate level in 0..9");
    o.compression = static_cast<int>(*level);
  }
  o.structure_factors = s.boolean("structure_factors").value_or(false);
  return o;
}

NumericsConfig parse_numerics(const Section& s) {
  NumericsConfig n;
  const std::string d = s.choice("dealiasing", {"two_thirds", "exponential", "none"}, "two_thirds");
  n.dealiasing = d == "exponential" ? Dealiasing::exponential
                 : d == "none"      ? Dealiasing::none
                                    : Dealiasing::two_thirds;
  if (auto order = s.number("filter_order")) {
    s.require(*order > 0, "filter_order", "must be > 0");
    n.filter_order = *order;
  }
  if (auto alpha = s.number("filter_alpha")) {
    s.require(*alpha > 0, "filter_alpha", "must be > 0");
    n.filter_alpha = *alpha;
  }
  const std::string r = s.choice("plan_rigor", {"estimate", "measure", "patient"}, "measure");
  n.plan_rigor = r == "estimate"  ? PlanRigor::estimate
                 : r == "patient" ? PlanRigor::patient
                                  : PlanRigor::measure;
  n.wisdom_file = s.string("wisdom_file").value_or("");
  n.regulator = s.boolean("regulator").value_or(false);
  if (auto m = s.number("regulator_max")) {
    s.require(*m > 0 && *m <= 10, "regulator_max", "must be in (0, 10]");
    n.regulator_max = *m;
  }
  if (auto tol = s.number("recovery_tolerance")) {
    s.require(*tol > 0 && *tol <= 1e-6, "recovery_tolerance", "must be in (0, 1e-6]");
    n.recovery_tolerance = *tol;
  }
  return n;
}

NoiseConfig parse_noise(const Section& s, const GridConfig& grid) {
  NoiseConfig n;
  n.enabled = s.boolean("enabled").value_or(false);
  if (auto seed = s.integer("seed")) {
    s.require(*seed >= 0, "seed", "must be an integer >= 0");
    n.seed = static_cast<std::uint64_t>(*seed);
  }
  if (n.enabled)
    s.require(grid.coordinates == Coordinates::cartesian, "enabled",
              "thermal noise needs grid.coordinates = \"cartesian\" (its amplitude in Milne coordinates, "
              "with a cell volume tau dx dy deta growing in time, is not implemented)");
  return n;
}

const char* to_string(Coordinates c) { return c == Coordinates::milne ? "milne" : "cartesian"; }
std::optional<EosKind> eos_kind_from_string(std::string_view name) {
  for (EosKind k : kEosKinds)
    if (name == to_string(k)) return k;
  return std::nullopt;
}
const char* to_string(EosKind k) {
  switch (k) {
    case EosKind::ideal:
      return "ideal";
    case EosKind::hotqcd:
      return "hotqcd";
    case EosKind::table:
      return "table";
    case EosKind::qgp:
      return "qgp";
    case EosKind::conformal:
    default:
      return "conformal";
  }
}
const char* to_string(Dealiasing d) {
  return d == Dealiasing::exponential ? "exponential" : d == Dealiasing::none ? "none" : "two_thirds";
}
const char* to_string(PlanRigor r) {
  return r == PlanRigor::estimate ? "estimate" : r == PlanRigor::patient ? "patient" : "measure";
}

const std::vector<SectionKeys>& config_key_tables() {
  static const std::vector<SectionKeys> tables = {
      kGridKeys,       kTimeKeys,   kEosKeys,      transport_keys(), transport_terms_keys(),
      kInitialKindKey, kOutputKeys, kNumericsKeys, kNoiseKeys};
  return tables;
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
  if (e.kind == EosKind::qgp) {
    tab.erase("dof");
    tab.insert("nf", e.nf);
  }
  return tab;
}

toml::table output_table(const OutputConfig& o) {
  toml::table tab{{"dir", o.dir},
                  {"profile", o.profile},
                  {"spectra", o.spectra},
                  {"structure_factors", o.structure_factors}};
  if (!o.fields.empty()) {
    toml::array fields;
    for (const std::string& f : o.fields) fields.push_back(f);
    tab.insert("fields", std::move(fields));
  }
  tab.insert("precision", o.float32 ? "float32" : "float64");
  tab.insert("compression", static_cast<std::int64_t>(o.compression));
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
  tab.insert("checkpoints_kept", static_cast<int64_t>(o.checkpoints_kept));
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

toml::table noise_table(const NoiseConfig& n) {
  return toml::table{{"enabled", n.enabled}, {"seed", static_cast<std::int64_t>(n.seed)}};
}

RunConfig parse_config_string(const std::string& toml_text, const std::string& source_name,
                              const InitialKinds& kinds) {
  return parse(toml_text, source_name, std::filesystem::current_path(), kinds);
}

RunConfig parse_config_file(const std::string& path, const InitialKinds& kinds) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    input_error("cannot read input file '" + path + "': is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) input_error("cannot read input file '" + path + "': " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) input_error("cannot read input file '" + path + "'");
  const std::filesystem::path base = std::filesystem::absolute(path).parent_path();
  return parse(text.str(), path, base, kinds);
}

}  // namespace ishydro
