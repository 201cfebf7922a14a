// [initial] kind = "file": a checkpoint restarts bit for bit; a fields.h5 snapshot is converted from
// its primitive fields (docs/problems.md).
#include "problems/file.hpp"

#include <fstream>
#include <system_error>
#include <variant>

#include "problems/problem.hpp"
#include "problems/state_file.hpp"

namespace ishydro {

namespace {
constexpr std::string_view kPathKey = "path", kSnapshotKey = "snapshot", kSnapshotTimeKey = "snapshot_time";
const SectionKeys kKeys{
    "initial",
    "file",
    {{kPathKey, KeyType::string, "", "required", "", "an existing, readable file"},
     {kSnapshotKey, KeyType::integer, "", "the last", "",
      "a fields.h5 only: the snapshot to start from, by position among the file's `snapshot_*` groups in "
      "index order (0 the first; negative counts from the end, -1 the last); out of range is refused "
      "naming the key and the count"},
     {kSnapshotTimeKey, KeyType::number, "fm", "none", "",
      "a fields.h5 only, instead of `snapshot`: the snapshot whose `time` equals this (to 1e-9 relative); "
      "refused listing the file's times when none does"}}};

void parse(const InitialParse& in, ConfigValues& values) {
  const Section& s = in.initial;
  auto path = s.string(kPathKey);
  if (!path) s.missing(kPathKey, "the checkpoint or snapshot file to start from");
  s.require(!path->empty(), kPathKey, "must name a file");
  std::filesystem::path p(*path);
  if (p.is_relative()) p = in.base_dir / p;
  p = std::filesystem::absolute(p).lexically_normal();
  std::error_code ec;
  const bool regular = std::filesystem::is_regular_file(p, ec);
  std::ifstream probe;
  if (regular) probe.open(p, std::ios::binary);
  s.require(regular && probe.good(), kPathKey,
            "the file '" + p.string() + "' does not exist or is not a readable file");
  values[std::string(kPathKey)] = p.string();
  const auto index = s.integer(kSnapshotKey);
  const auto time = s.number(kSnapshotTimeKey);
  if (index && time)
    input_error(s.what(kSnapshotKey) + " and " + s.what(kSnapshotTimeKey) +
                ": give only one (a snapshot by index or by time)");
  if (index) values[std::string(kSnapshotKey)] = *index;
  if (time) values[std::string(kSnapshotTimeKey)] = *time;
}

SnapshotChoice snapshot_choice(const ConfigValues& values) {
  SnapshotChoice choice;
  if (auto it = values.find(kSnapshotKey); it != values.end()) choice.index = std::get<long long>(it->second);
  if (auto it = values.find(kSnapshotTimeKey); it != values.end()) choice.time = std::get<double>(it->second);
  return choice;
}

// A state file with a baryon density (a fields.h5 snapshot with nB, a checkpoint with N_t) is charged.
std::string charged(const ConfigValues& values) {
  const auto it = values.find(kPathKey);
  if (it == values.end()) return "";  // make_initial("file") before its path is set
  const std::string& path = std::get<std::string>(it->second);
  return state_file_charged(path, snapshot_choice(values))
             ? "initial.path = '" + path + "' (a state with a baryon density)"
             : "";
}

// Each charged cell of a snapshot checked against the EOS (ChargedCellCheck), naming its global index.
void check_charged_cells(const ProblemContext& ctx, const StateFile& file) {
  const std::optional<ChargedCellCheck> check = charged_cell_check(ctx);
  if (!check) return;
  const Grid& g = ctx.grid;
  const std::vector<double>&e = file.fields.at("e"), &nB = file.fields.at("nB");
  for (int i = 0; i < g.local_nx; ++i)
    for (int j = 0; j < g.n[1]; ++j)
      for (int k = 0; k < g.n[2]; ++k) {
        const std::size_t c = g.index(i, j, k);
        (*check)(e[c], nB[c], {i + g.x_offset, j, k});
      }
}

double fill(const ProblemContext& ctx, const StateView& state, long& step) {
  const InitialConfig& in = ctx.config.initial;
  const StateFile file = read_state_file(in.string(kPathKey), ctx.grid, snapshot_choice(in.values));
  const Grid& g = ctx.grid;
  // The reader returns this process's x slab of every field (grid.cells() values).
  const std::size_t n = g.cells();
  if (file.conserved) {
    for (int v = 0; v < state.vars; ++v) {
      const auto it = file.fields.find(kVarNames[v]);
      if (it == file.fields.end()) continue;  // not charged: parse made the run uncharged
      std::copy(it->second.begin(), it->second.begin() + n, state.var(v).begin());
    }
    step = file.step;
  } else {
    auto field = [&file](const char* name) {
      const auto it = file.fields.find(name);
      return it == file.fields.end() ? std::span<const double>() : std::span<const double>(it->second);
    };
    check_charged_cells(ctx, file);
    state_from_primitives(
        {field("e"),
         field("ux"),
         field("uy"),
         field("uz"),
         field("Pi"),
         {field("pi_xx"), field("pi_xy"), field("pi_xz"), field("pi_yy"), field("pi_yz"), field("pi_zz")},
         field("nB"),
         {field("Vx"), field("Vy"), field("Vz")}},
        ctx.eos, state);
    step = 0;
  }
  return file.time;
}

const InitialKind kKind{kKeys, std::nullopt, true, &parse, nullptr, &charged};
}  // namespace

extern const Problem file_problem{kKind, &fill};

const std::string* initial_state_file(const InitialConfig& initial) {
  return initial.kind == kKeys.kind ? &initial.string(kPathKey) : nullptr;
}

}  // namespace ishydro
