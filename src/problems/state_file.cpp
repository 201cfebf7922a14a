// The reader of state files for [initial] kind = "file" (docs/usage.md, "State files"): an ishydro
// checkpoint (the evolved variables, bit for bit) or a snapshot of a fields.h5 (primitives; the last unless
// initial.snapshot or initial.snapshot_time names one).
#include "problems/state_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <system_error>

#include "config/config.hpp"
#include "h5/hdf5_util.hpp"
#include "hydro/state.hpp"

namespace ishydro {

namespace {

// A bad initial.snapshot or initial.snapshot_time (its message starts with the key).
struct SnapshotChoiceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The primitive fields [initial] kind = "file" needs from a fields.h5 snapshot.
constexpr std::array<const char*, 11> kSnapshotFields = {"e",     "ux",    "uy",    "uz",    "Pi",   "pi_xx",
                                                         "pi_xy", "pi_xz", "pi_yy", "pi_yz", "pi_zz"};

// The charged fields of a snapshot: nB (which makes the state charged) and V^i (optional).
constexpr std::array<const char*, 4> kChargeFields = {"nB", "Vx", "Vy", "Vz"};

std::string grid_string(std::span<const std::int64_t> points, std::span<const double> size,
                        const std::string& coordinates) {
  std::string s = "points ";
  for (std::size_t a = 0; a < points.size(); ++a) s += (a > 0 ? " x " : "") + std::to_string(points[a]);
  s += ", size ";
  for (std::size_t a = 0; a < size.size(); ++a) s += fmt::format("{}{}", a > 0 ? " x " : "", size[a]);
  return s + ", " + coordinates;
}

std::string grid_string(const Grid& grid) {
  const std::array<std::int64_t, 3> points = {grid.n[0], grid.n[1], grid.n[2]};
  return grid_string(points, grid.L, h5::coordinates_name(grid.coordinates));
}

// Compares the box recorded in a file's root attributes with the input's grid.
void check_grid_attrs(hid_t file, const Grid& grid, const char* what) {
  const std::vector<std::int64_t> points = h5::read_int_attr(file, "points");
  const std::vector<double> size = h5::read_double_attr(file, "size");
  const std::string coordinates = h5::read_string_attr(file, "coordinates");
  bool same = points.size() == 3 && size.size() == 3 && coordinates == h5::coordinates_name(grid.coordinates);
  for (std::size_t a = 0; same && a < 3; ++a) {
    same = points[a] == grid.n[a] &&
           std::abs(size[a] - grid.L[a]) <= 1e-12 * std::max(std::abs(size[a]), std::abs(grid.L[a]));
  }
  if (!same) {
    throw std::runtime_error(fmt::format("the {} grid ({}) differs from the input grid ({})", what,
                                         grid_string(points, size, coordinates), grid_string(grid)));
  }
}

double scalar_double(hid_t obj, const char* name) {
  const std::vector<double> v = h5::read_double_attr(obj, name);
  if (v.size() != 1) throw std::runtime_error(std::string("attribute '") + name + "' is not a single number");
  return v[0];
}

std::int64_t scalar_int(hid_t obj, const char* name) {
  const std::vector<std::int64_t> v = h5::read_int_attr(obj, name);
  if (v.size() != 1)
    throw std::runtime_error(std::string("attribute '") + name + "' is not a single integer");
  return v[0];
}

// Reads dataset `name` under `loc` (shown as `label` in messages): present, shape grid.n, finite.
std::vector<double> read_checked_field(hid_t loc, const char* name, const std::string& label,
                                       const Grid& grid) {
  const std::optional<std::vector<hsize_t>> shape = h5::dataset_shape(loc, name);
  if (!shape) throw std::runtime_error("dataset '" + label + "' is missing");
  const std::vector<hsize_t> expected = {static_cast<hsize_t>(grid.n[0]), static_cast<hsize_t>(grid.n[1]),
                                         static_cast<hsize_t>(grid.n[2])};
  if (*shape != expected) {
    throw std::runtime_error(fmt::format("dataset '{}' has shape {}, expected {} (the input grid)", label,
                                         h5::shape_string(*shape), h5::shape_string(expected)));
  }
  std::vector<double> values = h5::read_field(loc, name, grid);
  const auto bad = std::find_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); });
  if (bad != values.end()) {
    const auto idx = static_cast<std::size_t>(bad - values.begin());
    const std::size_t nyz = static_cast<std::size_t>(grid.n[1]) * grid.n[2];
    const std::size_t i = grid.x_offset + idx / nyz;
    const std::size_t j = (idx / grid.n[2]) % grid.n[1];
    const std::size_t k = idx % grid.n[2];
    throw std::runtime_error(fmt::format(
        "dataset '{}' has a non-finite value ({}) at (i, j, k) = ({}, {}, {})", label, *bad, i, j, k));
  }
  return values;
}

// A state file's time must be a finite number: the run's clock starts from it.
double finite_time(double t) {
  if (!std::isfinite(t)) throw std::runtime_error(fmt::format("attribute 'time' is {} (must be finite)", t));
  return t;
}

void read_checkpoint(hid_t file, const Grid& grid, StateFile& out) {
  const std::int64_t version = scalar_int(file, "version");
  if (version != kCheckpointVersion) {
    throw std::runtime_error(fmt::format("unsupported checkpoint version {} (this build reads version {})",
                                         version, kCheckpointVersion));
  }
  out.conserved = true;
  out.time = finite_time(scalar_double(file, "time"));
  out.step = static_cast<long>(scalar_int(file, "step"));
  if (out.step < 0) throw std::runtime_error(fmt::format("attribute 'step' is {} (must be >= 0)", out.step));
  check_grid_attrs(file, grid, "checkpoint");
  // A charged run's checkpoint also holds N_t, V_x, V_y, V_z (hydro/state.hpp).
  const int vars = h5::dataset_shape(file, kVarNames[kNt]) ? kNumVarsCharged : kNumVars;
  for (int v = 0; v < vars; ++v)
    out.fields[kVarNames[v]] = read_checked_field(file, kVarNames[v], kVarNames[v], grid);
}

// The snapshot_NNNNNN groups in index order.
std::vector<std::string> snapshot_groups(hid_t file) {
  std::vector<std::pair<long long, std::string>> found;
  for (const std::string& name : h5::link_names(file, "the root group")) {
    const long long index = h5::snapshot_index(name);
    if (index >= 0) found.emplace_back(index, name);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> names;
  for (auto& f : found) names.push_back(std::move(f.second));
  return names;
}

double group_time(hid_t file, const std::string& gname) {
  const hid_t gid = H5Gopen2(file, gname.c_str(), H5P_DEFAULT);
  if (gid < 0) throw std::runtime_error("'" + gname + "' is not a group");
  h5::Handle group(gid, H5Gclose);
  try {
    return finite_time(scalar_double(group.get(), "time"));
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(gname + ": " + e.what());
  }
}

// The group that initial.snapshot / initial.snapshot_time names (default: the last).
std::string chosen_snapshot(hid_t file, const SnapshotChoice& choice) {
  const std::vector<std::string> groups = snapshot_groups(file);
  if (groups.empty()) {
    throw std::runtime_error(
        "no snapshot_* group: neither an ishydro checkpoint nor a fields.h5 with a snapshot");
  }
  const long long count = static_cast<long long>(groups.size());
  if (choice.index) {
    const long long i = *choice.index < 0 ? count + *choice.index : *choice.index;
    if (i < 0 || i >= count)
      throw SnapshotChoiceError(
          fmt::format("initial.snapshot = {}: the file has {} snapshot{} (indices 0 to {}, "
                      "or -{} to -1 from the end)",
                      *choice.index, count, count == 1 ? "" : "s", count - 1, count));
    return groups[static_cast<std::size_t>(i)];
  }
  if (choice.time) {
    const double t = *choice.time;
    std::string times;
    for (const std::string& g : groups) {
      const double gt = group_time(file, g);
      if (std::abs(gt - t) <= 1e-9 * std::max(1.0, std::abs(t))) return g;
      if (times.size() < 200) times += fmt::format("{}{}", times.empty() ? "" : ", ", gt);
    }
    throw SnapshotChoiceError(
        fmt::format("initial.snapshot_time = {}: no snapshot at that time (the file's times: {}{})", t, times,
                    times.size() >= 200 ? ", ..." : ""));
  }
  return groups.back();
}

void read_snapshot(hid_t file, const Grid& grid, const SnapshotChoice& choice, StateFile& out) {
  const std::string chosen = chosen_snapshot(file, choice);
  const std::optional<std::string> gname = chosen;
  // fields.h5 files written by SnapshotWriter record the box; older or foreign ones only have shapes.
  if (h5::has_attr(file, "points") && h5::has_attr(file, "size") && h5::has_attr(file, "coordinates")) {
    check_grid_attrs(file, grid, "fields.h5");
  }
  const hid_t gid = H5Gopen2(file, gname->c_str(), H5P_DEFAULT);
  if (gid < 0) throw std::runtime_error("'" + *gname + "' is not a group");
  h5::Handle group(gid, H5Gclose);
  try {
    out.time = finite_time(scalar_double(group.get(), "time"));
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(*gname + ": " + e.what());
  }
  out.conserved = false;
  out.step = 0;
  // Any stored precision is read as float64 (HDF5 converts float32); a snapshot written with fewer
  // fields (output.fields) is refused, naming the first one missing.
  for (const char* name : kSnapshotFields) {
    if (!h5::dataset_shape(group.get(), name))
      throw std::runtime_error(fmt::format(
          "dataset '{}/{}' is missing (a state file needs e, ux, uy, uz, Pi, pi_xx, pi_xy, pi_xz, pi_yy, "
          "pi_yz, pi_zz; a fields.h5 written with output.fields lacks some)",
          *gname, name));
    out.fields[name] = read_checked_field(group.get(), name, *gname + "/" + name, grid);
  }
  // A baryon density makes the state charged; its diffusion current is zero where a component is absent.
  for (const char* name : kChargeFields)
    if (h5::dataset_shape(group.get(), name))
      out.fields[name] = read_checked_field(group.get(), name, *gname + "/" + name, grid);
    else if (!out.fields.contains(kChargeFields[0]))
      break;
}

}  // namespace

bool state_file_charged(const std::string& path, const SnapshotChoice& choice) {
  h5::silence_errors();
  if (H5Fis_hdf5(path.c_str()) <= 0) return false;
  const hid_t fid = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (fid < 0) return false;
  h5::Handle file(fid, H5Fclose);
  try {
    if (h5::has_attr(file.get(), "format") && h5::read_string_attr(file.get(), "format") == kCheckpointFormat)
      return h5::dataset_shape(file.get(), kVarNames[kNt]).has_value();
    const std::string chosen = chosen_snapshot(file.get(), choice);
    const hid_t gid = H5Gopen2(file.get(), chosen.c_str(), H5P_DEFAULT);
    if (gid < 0) return false;
    h5::Handle group(gid, H5Gclose);
    return h5::dataset_shape(group.get(), kChargeFields[0]).has_value();
  } catch (const std::runtime_error&) {
    return false;  // read_state_file reports what is wrong with the file
  }
}

StateFile read_state_file(const std::string& path, const Grid& grid, const SnapshotChoice& choice) {
  h5::silence_errors();
  const std::string prefix = "input error: initial.path = '" + path + "': ";
  const auto cannot_open = [&](const std::string& why) {
    return InputError(prefix + "cannot open as HDF5 (" + why + ")");
  };
  std::error_code ec;
  const std::filesystem::file_status st = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(st)) throw cannot_open("no such file");
  if (std::filesystem::is_directory(st)) throw cannot_open("it is a directory");
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 < 0) throw cannot_open("cannot read the file");
  if (is_hdf5 == 0) throw cannot_open("not an HDF5 file");
  const hid_t fid = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (fid < 0) throw cannot_open("damaged, or open for writing elsewhere");
  h5::Handle file(fid, H5Fclose);

  StateFile out;
  try {
    bool checkpoint = false;
    if (h5::has_attr(file.get(), "format")) {
      try {
        checkpoint = h5::read_string_attr(file.get(), "format") == kCheckpointFormat;
      } catch (const std::runtime_error&) {
        checkpoint = false;  // some other `format` attribute: not ours
      }
    }
    if (checkpoint) {
      if (choice.index || choice.time)
        throw SnapshotChoiceError(fmt::format(
            "{}: a checkpoint holds one state; initial.snapshot and initial.snapshot_time choose a "
            "snapshot of a fields.h5",
            choice.index ? fmt::format("initial.snapshot = {}", *choice.index)
                         : fmt::format("initial.snapshot_time = {}", *choice.time)));
      read_checkpoint(file.get(), grid, out);
    } else {
      read_snapshot(file.get(), grid, choice, out);
    }
  } catch (const SnapshotChoiceError& e) {
    throw InputError("input error: " + std::string(e.what()) + " (initial.path = '" + path + "')");
  } catch (const std::runtime_error& e) {
    throw InputError(prefix + e.what());
  }
  return out;
}

}  // namespace ishydro
