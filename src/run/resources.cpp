#include "run/resources.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "hydro/state.hpp"

namespace ishydro {

namespace {
// A number of bytes with an optional K, M, G or T suffix (powers of 1024); nullopt if it is not one.
std::optional<std::uint64_t> parse_bytes(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !(v >= 0) || !std::isfinite(v)) return std::nullopt;
  double scale = 1;
  std::string suffix(end);
  if (!suffix.empty() && (suffix.back() == 'B' || suffix.back() == 'b')) suffix.pop_back();
  if (suffix == "K" || suffix == "k")
    scale = 1024.0;
  else if (suffix == "M" || suffix == "m")
    scale = 1024.0 * 1024;
  else if (suffix == "G" || suffix == "g")
    scale = 1024.0 * 1024 * 1024;
  else if (suffix == "T" || suffix == "t")
    scale = 1024.0 * 1024 * 1024 * 1024;
  else if (!suffix.empty())
    return std::nullopt;
  return static_cast<std::uint64_t>(v * scale);
}

std::optional<std::uint64_t> read_number(const char* path) {
  std::ifstream in(path);
  std::string word;
  if (!(in >> word) || word == "max") return std::nullopt;
  return parse_bytes(word);
}

std::optional<std::uint64_t> mem_available() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::uint64_t kib = 0;
  std::string unit;
  while (in >> key >> kib) {
    std::getline(in, unit);
    if (key == "MemAvailable:") return kib * 1024;
  }
  return std::nullopt;
}
}  // namespace

MemoryNeed memory_need(const Grid& grid, std::uint64_t arena_bytes, int ranks) {
  MemoryNeed need;
  need.arena = arena_bytes;
  // FFTW keeps twiddle tables and, for the multi-dimensional real transforms, work buffers of up to
  // one complex field of this slab; over MPI its transposes need about two more.
  const std::uint64_t complex_field = grid.spectral_cells() * 16ull;
  need.fftw = complex_field + (8ull << 20);
  need.mpi = ranks > 1 ? 2 * complex_field : 0;
  need.other = 64ull << 20;  // the program and its libraries, HDF5's caches
  return need;
}

std::optional<MemoryAvailable> available_memory() {
  if (const char* limit = std::getenv("ISHYDRO_MEMORY_LIMIT"); limit && *limit) {
    if (auto bytes = parse_bytes(limit)) return MemoryAvailable{*bytes, "ISHYDRO_MEMORY_LIMIT"};
  }
  std::optional<MemoryAvailable> best;
  auto consider = [&best](std::optional<std::uint64_t> bytes, const char* source) {
    if (bytes && (!best || *bytes < best->bytes)) best = MemoryAvailable{*bytes, source};
  };
  // cgroup v2, then v1 (a v1 "no limit" is a huge number, which MemAvailable then undercuts).
  if (auto max = read_number("/sys/fs/cgroup/memory.max")) {
    const std::uint64_t used = read_number("/sys/fs/cgroup/memory.current").value_or(0);
    consider(*max > used ? *max - used : 0, "the cgroup limit (memory.max - memory.current)");
  } else if (auto v1 = read_number("/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
    const std::uint64_t used = read_number("/sys/fs/cgroup/memory/memory.usage_in_bytes").value_or(0);
    consider(*v1 > used ? *v1 - used : 0, "the cgroup limit (memory.limit_in_bytes - usage)");
  }
  consider(mem_available(), "MemAvailable in /proc/meminfo");
  return best;
}

int ranks_on_this_node() {
  for (const char* name : {"OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS", "SLURM_NTASKS_PER_NODE"}) {
    if (const char* v = std::getenv(name)) {
      const int n = std::atoi(v);
      if (n > 0) return n;
    }
  }
  return 1;
}

std::string format_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int u = 0;
  while (bytes >= 1024 && u < 5) {
    bytes /= 1024;
    ++u;
  }
  return u == 0 ? fmt::format("{:.0f} B", bytes) : fmt::format("{:.3g} {}", bytes, units[u]);
}

long estimated_steps(const RunConfig& config, const Grid& grid, double start) {
  const double span = config.time.end - start;
  if (!(span > 0)) return 0;
  long steps = 0;
  if (config.time.dt) {
    steps = static_cast<long>(std::ceil(span / *config.time.dt));
  } else {
    const bool milne = grid.coordinates == Coordinates::milne;
    double min_dx = INFINITY;  // of the axes whose spacing does not grow with tau
    for (int a = 0; a < (milne ? 2 : 3); ++a)
      if (grid.resolved(a)) min_dx = std::min(min_dx, grid.dx(a));
    const double cfl = config.time.cfl;
    if (std::isfinite(min_dx)) steps = static_cast<long>(std::ceil(span / (cfl * min_dx)));
    if (milne && start > 0) {
      // dt <= cfl tau min(d eta, 1): tau grows geometrically.
      const double eta = grid.resolved(2) ? std::min(grid.dx(2), 1.0) : 1.0;
      steps = std::max(
          steps, static_cast<long>(std::ceil(std::log(config.time.end / start) / std::log1p(cfl * eta))));
    }
    if (!milne && !std::isfinite(min_dx)) steps = 1;  // a single cell: its relaxation rate sets dt
  }
  if (config.time.max_steps > 0) steps = std::min(steps, config.time.max_steps);
  return steps;
}

std::uint64_t estimated_output_bytes(const RunConfig& config, const Grid& grid, double start, long steps) {
  const double cells = static_cast<double>(grid.global_cells());
  long snapshots = 0;
  if (config.output.every) {
    snapshots = static_cast<long>(std::floor((config.time.end - start) / *config.output.every + 1e-9)) + 1;
  } else {
    for (double t : config.output.times)
      if (t >= start) ++snapshots;
  }
  // A charged run writes 5 more fields (nB, muB, Vx, Vy, Vz) and checkpoints 4 more variables.
  const bool charged = config.initial.charged;
  const double fields = (charged ? 18.0 : 13.0) * 8.0 * cells * static_cast<double>(snapshots);
  const double checkpoints = static_cast<double>(evolved_variables(charged)) * 8.0 * cells *
                             static_cast<double>(config.output.checkpoints_kept);
  const double diagnostics = 250.0 * static_cast<double>(steps + 1);
  return static_cast<std::uint64_t>(fields + checkpoints + diagnostics + 65536);
}

int default_threads(std::size_t global_cells) {
  const int cores = omp_get_num_procs();
  const long by_size = static_cast<long>(global_cells / 32768);
  return static_cast<int>(std::max(1L, std::min<long>(cores, by_size)));
}

bool set_passive_wait_policy() {
  if (std::getenv("OMP_WAIT_POLICY") || std::getenv("KMP_BLOCKTIME") || std::getenv("GOMP_SPINCOUNT"))
    return false;
  setenv("OMP_WAIT_POLICY", "passive", 0);
  return true;
}

}  // namespace ishydro
