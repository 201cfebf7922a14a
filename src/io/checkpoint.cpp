// checkpoint.h5: the evolved state bit for bit, 11 or (charged) 15 variables (read back by
// problems/state_file.cpp).
#include "io/checkpoint.hpp"

#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "h5/hdf5_util.hpp"
#include "parallel/comm.hpp"
#include "problems/state_file.hpp"
#include "util/fs_util.hpp"

namespace ishydro {

void write_checkpoint(const std::string& path, const Grid& grid, double time, long step,
                      const StateView& state, const std::string& resolved_toml,
                      const std::string& metadata_json) {
  h5::silence_errors();
  if (state.cells != grid.cells() || state.data.size() < static_cast<std::size_t>(state.vars) * state.cells) {
    throw std::invalid_argument("write_checkpoint: the state does not match the grid");
  }
  const std::string tmp = path + ".tmp";
  try {
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    {
      h5::Handle fapl = h5::file_access();
      h5::Handle file =
          h5::file(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), "create " + tmp);
      h5::write_string_attr(file.get(), "format", kCheckpointFormat);
      h5::write_int64_attr(file.get(), "version", kCheckpointVersion);
      const double t[1] = {time};
      h5::write_double_attr(file.get(), "time", t);
      h5::write_int64_attr(file.get(), "step", step);
      h5::write_grid_attrs(file.get(), grid);
      h5::write_string_attr(file.get(), "resolved_input", resolved_toml);
      h5::write_string_attr(file.get(), "metadata", metadata_json);
      // Every evolved variable: a charged run's also N_t, V_x, V_y, V_z (hydro/state.hpp).
      for (int v = 0; v < state.vars; ++v) h5::write_field(file.get(), kVarNames[v], grid, state.var(v));
      h5::check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "flush " + tmp);
      if (!file.close()) throw std::runtime_error("cannot close " + tmp);
    }
    // Every rank has closed its part; one process makes the file durable and renames it.
    parallel::barrier();
    if (h5::writes_shared_files()) {
      fsutil::fsync_file(tmp);
      std::filesystem::rename(tmp, path);
      fsutil::fsync_dir(parent.empty() ? std::string(".") : parent.string());
    }
    parallel::barrier();
  } catch (const std::exception& e) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error("cannot write checkpoint '" + path + "': " + e.what());
  }
}

}  // namespace ishydro
