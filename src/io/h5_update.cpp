#include "io/h5_update.hpp"

#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "h5/hdf5_util.hpp"
#include "parallel/comm.hpp"
#include "util/fs_util.hpp"

namespace ishydro::h5io {

void (*crash_point)(const char* label) = nullptr;

void update_by_copy(const std::string& path, const std::function<void(hid_t file)>& change, bool every_rank) {
  const std::string tmp = path + ".tmp";
  // One process copies and renames; with `every_rank` all change the copy together between barriers.
  const bool leader = !every_rank || h5::writes_shared_files();
  auto together = [every_rank] {
    if (every_rank) parallel::barrier();
  };
  try {
    if (leader) fsutil::copy_file(path, tmp);
    at_crash_point("copied");
    together();
    {
      h5::Handle fapl = every_rank ? h5::file_access() : h5::Handle(H5P_DEFAULT, nullptr);
      h5::Handle file = h5::file(H5Fopen(tmp.c_str(), H5F_ACC_RDWR, fapl.get()), "open its copy for writing");
      change(file.get());
      if (!file.close()) throw std::runtime_error("cannot close its copy");
    }
    together();
    if (leader) {
      fsutil::fsync_file(tmp);
      at_crash_point("synced");
      std::filesystem::rename(tmp, path);
      fsutil::fsync_dir(std::filesystem::path(path).parent_path().string());
    }
    together();
  } catch (const std::exception& e) {
    std::error_code ec;
    if (leader) std::filesystem::remove(tmp, ec);
    throw std::runtime_error(e.what());
  }
}

}  // namespace ishydro::h5io
