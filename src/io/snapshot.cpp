#include "io/snapshot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "h5/hdf5_util.hpp"
#include "io/h5_update.hpp"
#include "parallel/comm.hpp"
#include "util/fs_util.hpp"

namespace ishydro {

namespace {

constexpr const char* kH5Name = "fields.h5";
constexpr const char* kXdmfName = "fields.xdmf";

std::string group_name(int index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "snapshot_%06d", index);
  return buf;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// Field names in the order of docs/usage.md (the order the run writes them), others after
// them by name: the fields.xdmf of a continued file lists them as an uninterrupted run's does.
std::vector<std::string> in_written_order(std::vector<std::string> names) {
  static const std::vector<std::string> order = {"e",     "T",     "p",     "ux",    "uy",    "uz",   "Pi",
                                                 "pi_xx", "pi_xy", "pi_xz", "pi_yy", "pi_yz", "pi_zz"};
  auto rank = [](const std::string& n) { return std::find(order.begin(), order.end(), n) - order.begin(); };
  // (std::sort with the name as tie-break: std::stable_sort's temporary buffer trips ASan's
  // new/free check against the counting allocator's operators.)
  std::sort(names.begin(), names.end(), [&rank](const std::string& a, const std::string& b) {
    return rank(a) != rank(b) ? rank(a) < rank(b) : a < b;
  });
  return names;
}

// The components of the views u and pi (docs/usage.md): u^i, and pi^{ij} in VTK's order of a
// symmetric tensor's six components (XX, YY, ZZ, XY, YZ, XZ), which ParaView names and uses so.
constexpr const char* kVectorParts[3] = {"ux", "uy", "uz"};
constexpr const char* kTensorParts[6] = {"pi_xx", "pi_yy", "pi_zz", "pi_xy", "pi_yz", "pi_xz"};
constexpr const char* kViewsGroup = "views";

bool contains_all(const std::vector<std::string>& names, std::span<const char* const> parts) {
  return std::all_of(parts.begin(), parts.end(), [&names](const char* p) {
    return std::find(names.begin(), names.end(), p) != names.end();
  });
}

// /views/<gname>/u (nx, ny, nz, 3) and /views/<gname>/pi (nx, ny, nz, 6): HDF5 virtual datasets over the
// snapshot's scalar datasets (no values copied; a few hundred bytes each), so that XDMF readers that do
// not evaluate XDMF functions (ParaView's default Xdmf3 reader) get u as a vector and pi as a tensor.
void write_views(hid_t file, const std::string& gname, const Grid& grid,
                 const std::vector<std::string>& names, bool float32) {
  if (H5Lexists(file, kViewsGroup, H5P_DEFAULT) <= 0)
    h5::group(H5Gcreate2(file, kViewsGroup, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "create group 'views'");
  const std::string path = std::string(kViewsGroup) + "/" + gname;
  if (H5Lexists(file, path.c_str(), H5P_DEFAULT) > 0) return;
  h5::Handle group = h5::group(H5Gcreate2(file, path.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                               "create group '" + path + "'");
  auto view = [&](const char* name, std::span<const char* const> parts) {
    if (!contains_all(names, parts)) return;
    std::vector<std::string> sources;
    for (const char* p : parts) sources.push_back("/" + gname + "/" + p);
    h5::write_component_view(group.get(), name, grid, sources, float32, field_units(name));
  };
  view("u", kVectorParts);
  view("pi", kTensorParts);
}

}  // namespace

const char* field_units(const std::string& name) {
  if (name == "T") return "GeV";
  if (name == "ux" || name == "uy" || name == "uz" || name == "u") return "1";
  if (name == "muB") return "GeV";
  if (name == "nB" || name == "Vx" || name == "Vy" || name == "Vz") return "1/fm^3";
  return "GeV/fm^3";  // e, p, Pi, pi_*
}

// /coordinates/xyz: each cell's position (x, y, z), float64, stored (nx, ny, 3 nz) (the three
// coordinates of a cell follow each other), so that fields.xdmf can describe a grid whose x, y, z are
// ishydro's (the fields' C order puts z fastest, which a 3DCoRectMesh makes ParaView's X axis).
void SnapshotWriter::write_coordinates(hid_t file) const {
  h5::Handle group = h5::group(H5Gcreate2(file, "coordinates", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                               "create group 'coordinates'");
  Grid triple = grid_;  // the same slabs, three values per cell
  triple.n[2] *= 3;
  std::vector<double> values(3 * grid_.cells());
  std::size_t c = 0;
  for (int i = 0; i < grid_.local_nx; ++i)
    for (int j = 0; j < grid_.n[1]; ++j)
      for (int k = 0; k < grid_.n[2]; ++k) {
        values[c++] = grid_.position(0, grid_.x_offset + i);
        values[c++] = grid_.position(1, j);
        values[c++] = grid_.position(2, k);
      }
  h5::write_field(group.get(), "xyz", triple, values);
}

SnapshotWriter::SnapshotWriter(std::string dir, const Grid& grid, std::string resolved_toml,
                               std::string metadata_json, std::optional<double> continue_before,
                               SnapshotFormat format)
    : dir_(std::move(dir)),
      grid_(grid),
      resolved_toml_(std::move(resolved_toml)),
      metadata_json_(std::move(metadata_json)),
      format_(format) {
  h5::silence_errors();
  for (int a = 0; a < 3; ++a) {
    if (grid_.n[a] <= 0) throw std::invalid_argument("SnapshotWriter: grid points must be positive");
  }
  if (grid_.local_nx < 0 || grid_.x_offset < 0 || grid_.x_offset + grid_.local_nx > grid_.n[0]) {
    throw std::invalid_argument("SnapshotWriter: the local slab does not fit in the grid");
  }
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) throw std::runtime_error("cannot create output directory '" + dir_ + "': " + ec.message());

  if (continue_before && keep_earlier_snapshots(*continue_before)) {
    if (h5::writes_shared_files()) write_xdmf();
    return;
  }
  const std::string path = (std::filesystem::path(dir_) / kH5Name).string();
  // Written whole under a temporary name, then renamed: a reader never sees a half-made file, and an
  // earlier fields.h5 stays until the new one is complete.
  const std::string tmp = path + ".tmp";
  try {
    h5::Handle fapl = h5::file_access();
    h5::Handle file = h5::file(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), "create it");
    h5::write_string_attr(file.get(), "resolved_input", resolved_toml_);
    h5::write_string_attr(file.get(), "metadata", metadata_json_);
    h5::write_grid_attrs(file.get(), grid_);
    // The coordinate axes: cell positions i dx from 0 (fm; Milne's z is eta_s, dimensionless).
    static constexpr const char* kAxes[3] = {"x", "y", "z"};
    for (int a = 0; a < 3; ++a) {
      std::vector<double> axis(static_cast<std::size_t>(grid_.n[a]));
      for (int i = 0; i < grid_.n[a]; ++i) axis[static_cast<std::size_t>(i)] = grid_.position(a, i);
      const bool eta = a == 2 && grid_.coordinates == Coordinates::milne;
      h5::write_vector(file.get(), kAxes[a], axis, eta ? "1" : "fm", true);
    }
    write_coordinates(file.get());
    if (!file.close()) throw std::runtime_error("cannot close it");
    parallel::barrier();
    if (h5::writes_shared_files()) {
      fsutil::fsync_file(tmp);
      std::filesystem::rename(tmp, path);
      fsutil::fsync_dir(dir_);
    }
    parallel::barrier();
  } catch (const std::exception& e) {
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error("cannot write '" + path + "': " + e.what());
  }
  // A fields.xdmf left by an earlier run in this directory would point at groups that are gone.
  if (h5::writes_shared_files()) std::filesystem::remove(std::filesystem::path(dir_) / kXdmfName, ec);
}

bool SnapshotWriter::keep_earlier_snapshots(double before) {
  const std::string path = (std::filesystem::path(dir_) / kH5Name).string();
  auto afresh = [&path](const char* why) {
    if (h5::writes_shared_files())
      std::fprintf(stderr, "ishydro: warning: %s %s: it and diagnostics.csv are started afresh\n",
                   path.c_str(), why);
    return false;
  };
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return afresh("is missing");
  h5::Handle fapl = h5::file_access();
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get());
  if (id < 0) return afresh("is not a readable HDF5 file");
  h5::Handle file = h5::file(id, "open it");
  const std::vector<hsize_t> shape = {static_cast<hsize_t>(grid_.n[0]), static_cast<hsize_t>(grid_.n[1]),
                                      static_cast<hsize_t>(grid_.n[2])};
  const double tolerance = 1e-12 * std::max(1.0, std::abs(before));
  int kept = 0;
  for (;; ++kept) {
    const std::string name = group_name(kept);
    if (H5Lexists(file.get(), name.c_str(), H5P_DEFAULT) <= 0) break;
    h5::Handle group = h5::group(H5Gopen2(file.get(), name.c_str(), H5P_DEFAULT), "open " + name);
    if (kept == 0 && h5::dataset_shape(group.get(), "e") != std::optional(shape))
      return afresh("holds snapshots of another grid");
    if (!h5::has_attr(group.get(), "time"))
      return afresh(("has a snapshot without a time (" + name + ")").c_str());
    const std::vector<double> t = h5::read_double_attr(group.get(), "time");
    if (t.size() != 1 || !(t[0] < before - tolerance)) break;
    times_.push_back(t[0]);
  }
  if (kept > 0) {
    h5::Handle first = h5::group(H5Gopen2(file.get(), group_name(0).c_str(), H5P_DEFAULT), "open the first");
    field_names_ = in_written_order(h5::link_names(first.get(), group_name(0)));
  }
  if (!file.close()) throw std::runtime_error("cannot close '" + path + "'");
  // The snapshots from the continuation time on are the continued run's to write (again), and so are
  // any past a gap in the numbering (not written by ishydro; they would clash with the new ones). The
  // kept ones get the views u and pi if the file was written before they existed.
  h5io::update_by_copy(
      path,
      [&](hid_t f) {
        for (const std::string& name : h5::link_names(f, "the root group"))
          if (h5::snapshot_index(name) >= kept)
            h5::check(H5Ldelete(f, name.c_str(), H5P_DEFAULT), "delete " + name);
        if (H5Lexists(f, kViewsGroup, H5P_DEFAULT) > 0) {
          h5::Handle views = h5::group(H5Gopen2(f, kViewsGroup, H5P_DEFAULT), "open group 'views'");
          for (const std::string& name : h5::link_names(views.get(), "group 'views'"))
            if (h5::snapshot_index(name) < 0 || h5::snapshot_index(name) >= kept)
              h5::check(H5Ldelete(views.get(), name.c_str(), H5P_DEFAULT), "delete views/" + name);
        }
        for (int s = 0; s < kept; ++s) write_views(f, group_name(s), grid_, field_names_, format_.float32);
      },
      true);
  count_ = kept;
  continued_ = true;
  return true;
}

void SnapshotWriter::write(double time, const std::vector<SnapshotField>& fields) {
  if (fields.empty()) throw std::invalid_argument("SnapshotWriter::write: no fields");
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const auto& f : fields) {
    if (f.name.empty() || f.name.find('/') != std::string::npos || f.name == ".") {
      throw std::invalid_argument("SnapshotWriter::write: bad field name '" + f.name + "'");
    }
    if (!seen.insert(f.name).second) {
      throw std::invalid_argument("SnapshotWriter::write: field '" + f.name + "' given twice");
    }
    if (f.data.size() != grid_.cells()) {
      throw std::invalid_argument("SnapshotWriter::write: field '" + f.name + "' has " +
                                  std::to_string(f.data.size()) + " values, expected " +
                                  std::to_string(grid_.cells()));
    }
    names.push_back(f.name);
  }
  // fields.xdmf describes every snapshot with one list of attributes.
  if (!field_names_.empty() && sorted(names) != sorted(field_names_)) {
    throw std::invalid_argument("SnapshotWriter::write: the fields differ from those of the first snapshot");
  }

  const std::string path = (std::filesystem::path(dir_) / kH5Name).string();
  const std::string gname = group_name(count_);
  try {
    // Appended to a copy renamed over fields.h5 (h5io::update_by_copy): a run killed while writing
    // leaves the file with all earlier snapshots.
    h5io::update_by_copy(
        path,
        [&](hid_t file) {
          {
            h5::Handle group =
                h5::group(H5Gcreate2(file, gname.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                          "create group '" + gname + "'");
            const double t[1] = {time};
            h5::write_double_attr(group.get(), "time", t);
            for (const auto& f : fields) {
              h5::write_field(group.get(), f.name.c_str(), grid_, f.data,
                              {format_.float32, format_.compression, field_units(f.name)});
              h5io::at_crash_point("dataset");
            }
          }
          write_views(file, gname, grid_, names, format_.float32);
        },
        true);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("cannot write snapshot " + gname + " to '" + path + "': " + e.what());
  }

  if (field_names_.empty()) field_names_ = std::move(names);
  times_.push_back(time);
  ++count_;
  if (h5::writes_shared_files()) write_xdmf();
}

void SnapshotWriter::write_xdmf() const {
  // ParaView's x, y, z are ishydro's (docs/usage.md, "Looking at results in ParaView"): a structured
  // mesh whose points carry their coordinates from fields.h5's /coordinates, the fields as point
  // arrays, u as a vector and pi as a symmetric tensor (6 components).
  const std::string dims = fmt::format("{} {} {}", grid_.n[0], grid_.n[1], grid_.n[2]);
  // A field's data item: float32 fields (output.precision) are Precision="4".
  const int precision = format_.float32 ? 4 : 8;
  auto item = [&dims, precision](const std::string& path) {
    return fmt::format(
        "<DataItem Dimensions=\"{}\" NumberType=\"Float\" Precision=\"{}\" Format=\"HDF\">{}:{}</DataItem>",
        dims, precision, kH5Name, path);
  };
  std::string xml;
  xml += "<?xml version=\"1.0\" ?>\n";
  xml += "<!DOCTYPE Xdmf SYSTEM \"Xdmf.dtd\" []>\n";
  xml += "<Xdmf Version=\"3.0\" xmlns:xi=\"http://www.w3.org/2001/XInclude\">\n";
  xml += "  <Domain>\n";
  xml +=
      "    <Information Name=\"units\" Value=\"lengths and times in fm (Milne: tau in fm, the third axis "
      "eta_s); e, p, Pi, pi in GeV/fm^3; T in GeV; u dimensionless (Milne: the orthonormal-frame "
      "components)\"/>\n";
  xml += "    <Grid Name=\"fields\" GridType=\"Collection\" CollectionType=\"Temporal\">\n";
  for (int s = 0; s < count_; ++s) {
    const std::string gname = group_name(s);
    xml += fmt::format("      <Grid Name=\"{}\" GridType=\"Uniform\">\n", gname);
    xml += fmt::format("        <Time Value=\"{}\"/>\n", times_[static_cast<std::size_t>(s)]);
    xml += fmt::format("        <Topology TopologyType=\"3DSMesh\" Dimensions=\"{}\"/>\n", dims);
    xml += "        <Geometry GeometryType=\"XYZ\">\n";
    xml += fmt::format(
        "          <DataItem Dimensions=\"{} 3\" NumberType=\"Float\" Precision=\"8\" "
        "Format=\"HDF\">{}:/coordinates/xyz</DataItem>\n",
        grid_.global_cells(), kH5Name);
    xml += "        </Geometry>\n";
    for (const auto& name : field_names_) {
      const std::string esc = xml_escape(name);
      xml += fmt::format("        <Attribute Name=\"{}\" AttributeType=\"Scalar\" Center=\"Node\">\n", esc);
      xml += fmt::format("          <Information Name=\"units\" Value=\"{}\"/>\n", field_units(name));
      xml += "          " + item("/" + gname + "/" + esc) + "\n";
      xml += "        </Attribute>\n";
    }
    // u and pi from fields.h5's /views (write_views), which every XDMF reader of ParaView reads as
    // plain datasets: u a Vector of 3 components, pi 6 components in VTK's order of a symmetric tensor.
    // pi is written as a "Matrix" (rows of 6 values), not a "Tensor6": the legacy XDMF Reader expands
    // a Tensor6 from XDMF's order (XX, XY, XZ, YY, YZ, ZZ) while the Xdmf3 readers pass the six values
    // through in VTK's (XX, YY, ZZ, XY, YZ, XZ); as a Matrix both readers give the same, correct, array.
    auto view = [&](const char* name, const char* type, std::span<const char* const> parts) {
      if (!contains_all(field_names_, parts)) return;
      xml +=
          fmt::format("        <Attribute Name=\"{}\" AttributeType=\"{}\" Center=\"Node\">\n", name, type);
      xml += fmt::format("          <Information Name=\"units\" Value=\"{}\"/>\n", field_units(name));
      xml += fmt::format(
          "          <DataItem Dimensions=\"{} {}\" NumberType=\"Float\" Precision=\"{}\" "
          "Format=\"HDF\">{}:/{}/{}/{}</DataItem>\n",
          dims, parts.size(), precision, kH5Name, kViewsGroup, gname, name);
      xml += "        </Attribute>\n";
    };
    view("u", "Vector", kVectorParts);
    view("pi", "Matrix", kTensorParts);
    xml += "      </Grid>\n";
  }
  xml += "    </Grid>\n";
  xml += "  </Domain>\n";
  xml += "</Xdmf>\n";
  fsutil::write_file_atomically((std::filesystem::path(dir_) / kXdmfName).string(), xml);
}

}  // namespace ishydro
