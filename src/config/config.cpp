// Parsing and validation of the input file; docs/input.md lists every key and rule checked here.
#include "config/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <system_error>

#include "config/config_sections.hpp"
#include "config/toml_guard.hpp"

namespace ishydro {

namespace {
constexpr long long kMaxCells = 1LL << 40;
constexpr long long kMaxAxis = std::numeric_limits<int>::max();
constexpr const char* kAxis[3] = {"x", "y", "z"};

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
RunConfig parse_config_table(const toml::table& root, const std::filesystem::path& base_dir) {
  check_unknown_keys(root);
  auto section = [&root](const char* name) { return Section(section_table(root, name), name); };
  const Section grid = section("grid"), time = section("time"), eos = section("eos"),
                transport = section("transport"), initial = section("initial"), output = section("output"),
                numerics = section("numerics");

  RunConfig cfg;
  cfg.grid = parse_grid(grid);
  const std::string kind =
      initial.choice("kind", {"sound_wave", "shear_wave", "uniform", "file", "bjorken", "gubser"}, "");
  if (kind.empty()) initial.missing("kind", "one of sound_wave, shear_wave, uniform, file, bjorken, gubser");
  cfg.time = parse_time(time, cfg.grid, kind);
  cfg.eos = parse_eos(eos, base_dir);
  cfg.transport = parse_transport(transport, Section(terms_table(transport), "transport.terms"), cfg.eos);
  cfg.initial = parse_initial(initial, cfg.grid, cfg.eos, cfg.transport, transport, base_dir);
  cfg.output = parse_output(output, cfg.time);
  cfg.numerics = parse_numerics(numerics);
  // Gubser flow's dilute, compressed outer region grows grid-scale shear stress under the sharp 2/3
  // cut (docs/validation_milne.md): its default is the smooth exponential filter of order 8.
  if (kind == "gubser" && !numerics.has("dealiasing")) {
    cfg.numerics.dealiasing = Dealiasing::exponential;
    if (!numerics.has("filter_order")) cfg.numerics.filter_order = 8.0;
  }
  if (kind == "sound_wave" || kind == "shear_wave")
    check_wave_survives_dealiasing(initial, cfg.grid, cfg.initial, cfg.numerics);
  cfg.resolved_toml = write_resolved_toml(cfg);
  return cfg;
}

namespace {
RunConfig parse(const std::string& text, const std::string& source_name,
                const std::filesystem::path& base_dir) {
  return parse_config_table(parse_toml(text, source_name), base_dir);
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

TimeConfig parse_time(const Section& s, const GridConfig& grid, const std::string& initial_kind) {
  TimeConfig t;
  auto start = s.number("start");
  // Only a start from a checkpoint file may leave time.start open (the file then supplies it).
  t.start_given = start.has_value() || initial_kind != "file";
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

EosConfig parse_eos(const Section& s, const std::filesystem::path& base_dir) {
  EosConfig e;
  const std::string kind = s.choice("kind", {"conformal", "ideal", "hotqcd", "table"}, "conformal");
  e.kind = kind == "ideal"    ? EosKind::ideal
           : kind == "hotqcd" ? EosKind::hotqcd
           : kind == "table"  ? EosKind::table
                              : EosKind::conformal;
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

OutputConfig parse_output(const Section& s, const TimeConfig& time) {
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
  o.profile = s.boolean("profile").value_or(true);
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

const char* to_string(Coordinates c) { return c == Coordinates::milne ? "milne" : "cartesian"; }
const char* to_string(EosKind k) {
  switch (k) {
    case EosKind::ideal:
      return "ideal";
    case EosKind::hotqcd:
      return "hotqcd";
    case EosKind::table:
      return "table";
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

RunConfig parse_config_string(const std::string& toml_text, const std::string& source_name) {
  return parse(toml_text, source_name, std::filesystem::current_path());
}

RunConfig parse_config_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    input_error("cannot read input file '" + path + "': is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) input_error("cannot read input file '" + path + "': " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) input_error("cannot read input file '" + path + "'");
  const std::filesystem::path base = std::filesystem::absolute(path).parent_path();
  return parse(text.str(), path, base);
}

}  // namespace ishydro
