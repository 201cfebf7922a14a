// libFuzzer target: read_state_file (src/io/checkpoint.cpp) on an arbitrary file, read as a
// checkpoint.h5 or a fields.h5 for a small fixed grid (the grid of the seeds in corpus_state/).
// InputError is the expected outcome of a bad file; any other exception escaping, a crash, a
// sanitizer report or an HDF5 object left open is a finding. Built only with -DISHYDRO_FUZZ=ON.
#include <hdf5.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "config/config.hpp"
#include "grid/grid.hpp"
#include "io/checkpoint.hpp"
#include "problems/state_file.hpp"

namespace {

// The grid of the seed files (fuzz/make_state_corpus.sh): 4 x 2 x 1 points, box 2 x 1 x 1.
ishydro::Grid fuzz_grid() {
  ishydro::GridConfig cfg;
  cfg.points = {4, 2, 1};
  cfg.size = {2.0, 1.0, 1.0};
  cfg.coordinates = ishydro::Coordinates::cartesian;
  return ishydro::Grid::from_config(cfg);
}

// One temporary file per process (mkstemp), rewritten for every input and removed at exit.
std::string g_path;

void remove_temp() {
  if (!g_path.empty()) ::unlink(g_path.c_str());
}

const std::string& temp_path() {
  if (g_path.empty()) {
    const char* dir = std::getenv("TMPDIR");
    std::string templ =
        std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/ishydro_fuzz_state_XXXXXX";
    const int fd = ::mkstemp(templ.data());
    if (fd < 0) {
      std::perror("fuzz_state_file: mkstemp");
      std::abort();
    }
    ::close(fd);
    g_path = templ;
    std::atexit(remove_temp);
  }
  return g_path;
}

void write_all(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr || (size > 0 && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0) {
    std::perror("fuzz_state_file: write the temporary file");
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ishydro::Grid grid = fuzz_grid();
  const std::string& path = temp_path();
  write_all(path, data, size);
  try {
    const ishydro::StateFile state = ishydro::read_state_file(path, grid);
    // Accepted: every field has exactly one value per cell.
    for (const auto& [name, values] : state.fields) {
      if (values.size() != grid.cells()) {
        std::fprintf(stderr, "fuzz_state_file: field '%s' has %zu values, expected %zu\n", name.c_str(),
                     values.size(), grid.cells());
        std::abort();
      }
    }
  } catch (const ishydro::InputError&) {
    // expected for a bad file
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz_state_file: unexpected exception escaped read_state_file: %s\n", e.what());
    std::abort();
  }
  // Every HDF5 object the reader opened must be closed again, whatever happened.
  const ssize_t open = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL);
  if (open != 0) {
    std::fprintf(stderr, "fuzz_state_file: %zd HDF5 objects left open after read_state_file\n", open);
    std::abort();
  }
  return 0;
}
