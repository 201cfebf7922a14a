#include "io/spectra.hpp"

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "h5/hdf5_util.hpp"

namespace ishydro {

SpectraWriter::SpectraWriter(std::string dir, std::optional<double> continue_before)
    : path_((std::filesystem::path(dir) / "spectra.h5").string()) {
  h5::silence_errors();
  std::error_code ec;
  if (continue_before && std::filesystem::is_regular_file(path_, ec)) {
    const hid_t id = H5Fopen(path_.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    if (id >= 0) {
      h5::Handle file(id, H5Fclose);
      const double tolerance = 1e-12 * std::max(1.0, std::abs(*continue_before));
      for (const std::string& name : h5::link_names(file.get(), "the root group")) {
        bool keep = false;
        if (h5::snapshot_index(name) >= 0) {
          h5::Handle group = h5::group(H5Gopen2(file.get(), name.c_str(), H5P_DEFAULT), "open " + name);
          if (h5::has_attr(group.get(), "time")) {
            const std::vector<double> t = h5::read_double_attr(group.get(), "time");
            keep = t.size() == 1 && t[0] < *continue_before - tolerance;
          }
        }
        if (!keep) h5::check(H5Ldelete(file.get(), name.c_str(), H5P_DEFAULT), "delete " + name);
      }
      if (!file.close()) throw std::runtime_error("cannot close '" + path_ + "'");
      return;
    }
  }
  const hid_t id = H5Fcreate(path_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (id < 0) throw std::runtime_error("cannot create '" + path_ + "'");
  h5::Handle file(id, H5Fclose);
  if (!file.close()) throw std::runtime_error("cannot close '" + path_ + "'");
}

void SpectraWriter::write(int index, double time, std::span<const double> k,
                          std::span<const double> solenoidal, std::span<const double> compressive) const {
  char gname[32];
  std::snprintf(gname, sizeof gname, "snapshot_%06d", index);
  try {
    h5::Handle file = h5::file(H5Fopen(path_.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "open it for writing");
    {
      if (H5Lexists(file.get(), gname, H5P_DEFAULT) > 0)
        h5::check(H5Ldelete(file.get(), gname, H5P_DEFAULT), std::string("replace ") + gname);
      h5::Handle group = h5::group(H5Gcreate2(file.get(), gname, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                                   std::string("create group '") + gname + "'");
      const double t[1] = {time};
      h5::write_double_attr(group.get(), "time", t);
      h5::write_vector(group.get(), "k", k, "1/fm", false);
      h5::write_vector(group.get(), "E_solenoidal", solenoidal, "GeV/fm^2", false);
      h5::write_vector(group.get(), "E_compressive", compressive, "GeV/fm^2", false);
    }
    if (!file.close()) throw std::runtime_error("cannot close it");
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("cannot write " + std::string(gname) + " to '" + path_ + "': " + e.what());
  }
}

}  // namespace ishydro
