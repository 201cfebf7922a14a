#include "io/spectra.hpp"

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "h5/hdf5_util.hpp"
#include "io/h5_update.hpp"

namespace ishydro {

SpectraWriter::SpectraWriter(std::string dir, std::optional<double> continue_before)
    : path_((std::filesystem::path(dir) / "spectra.h5").string()) {
  h5::silence_errors();
  std::error_code ec;
  if (continue_before && std::filesystem::is_regular_file(path_, ec)) {
    const hid_t id = H5Fopen(path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id >= 0) {
      H5Fclose(id);
      // The later snapshots are dropped in a copy renamed over the file (h5io::update_by_copy).
      h5io::update_by_copy(
          path_,
          [&continue_before](hid_t file) {
            const double tolerance = 1e-12 * std::max(1.0, std::abs(*continue_before));
            for (const std::string& name : h5::link_names(file, "the root group")) {
              bool keep = false;
              if (h5::snapshot_index(name) >= 0) {
                h5::Handle group = h5::group(H5Gopen2(file, name.c_str(), H5P_DEFAULT), "open " + name);
                if (h5::has_attr(group.get(), "time")) {
                  const std::vector<double> t = h5::read_double_attr(group.get(), "time");
                  keep = t.size() == 1 && t[0] < *continue_before - tolerance;
                }
              }
              if (!keep) h5::check(H5Ldelete(file, name.c_str(), H5P_DEFAULT), "delete " + name);
            }
          },
          false);
      return;
    }
  }
  // Made under a temporary name and renamed: an earlier run's spectra.h5 stays until this one exists.
  const std::string tmp = path_ + ".tmp";
  const hid_t id = H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (id < 0) throw std::runtime_error("cannot create '" + tmp + "'");
  h5::Handle file(id, H5Fclose);
  if (!file.close()) throw std::runtime_error("cannot close '" + tmp + "'");
  std::filesystem::rename(tmp, path_);
}

void SpectraWriter::write(int index, double time, std::span<const double> k,
                          std::span<const double> solenoidal, std::span<const double> compressive) const {
  char gname[32];
  std::snprintf(gname, sizeof gname, "snapshot_%06d", index);
  try {
    // Appended to a copy renamed over spectra.h5 (h5io::update_by_copy): never seen half written.
    h5io::update_by_copy(
        path_,
        [&](hid_t file) {
          if (H5Lexists(file, gname, H5P_DEFAULT) > 0)
            h5::check(H5Ldelete(file, gname, H5P_DEFAULT), std::string("replace ") + gname);
          h5::Handle group = h5::group(H5Gcreate2(file, gname, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                                       std::string("create group '") + gname + "'");
          const double t[1] = {time};
          h5::write_double_attr(group.get(), "time", t);
          h5::write_vector(group.get(), "k", k, "1/fm", false);
          h5::write_vector(group.get(), "E_solenoidal", solenoidal, "GeV/fm^2", false);
          h5::write_vector(group.get(), "E_compressive", compressive, "GeV/fm^2", false);
        },
        false);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("cannot write " + std::string(gname) + " to '" + path_ + "': " + e.what());
  }
}

}  // namespace ishydro
