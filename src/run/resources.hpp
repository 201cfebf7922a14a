#pragma once
// What a run needs before it allocates (docs/usage.md, "Memory"): the memory a run will use, the memory
// this machine (or container) lets it have, the estimated number of steps and the size of the outputs.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "config/config.hpp"
#include "grid/grid.hpp"

namespace ishydro {

struct MemoryNeed {
  std::uint64_t arena = 0;  // every field of the solver (one block)
  std::uint64_t fftw = 0;   // FFTW's plans and work buffers (estimate)
  std::uint64_t mpi = 0;    // MPI transpose buffers (estimate; 0 on one rank)
  std::uint64_t other = 0;  // the program, libraries, HDF5 (estimate)
  std::uint64_t total() const { return arena + fftw + mpi + other; }
};

// Estimates of the FFTW, MPI and other bytes of one rank with this grid slab and arena.
MemoryNeed memory_need(const Grid& grid, std::uint64_t arena_bytes, int ranks);

struct MemoryAvailable {
  std::uint64_t bytes = 0;
  std::string source;  // "ISHYDRO_MEMORY_LIMIT", "cgroup memory.max", "MemAvailable" ...
};
// The memory this process may still use: ISHYDRO_MEMORY_LIMIT (bytes, or with a K/M/G/T suffix) when
// set (tests, or a limit of the user's own), else the smaller of the cgroup limit (v2 memory.max minus
// memory.current, v1 memory.limit_in_bytes minus memory.usage_in_bytes) and /proc/meminfo MemAvailable.
// Empty when nothing is known.
std::optional<MemoryAvailable> available_memory();
// Ranks of this job that share this machine's memory (Open MPI, MPICH and Slurm set it), else 1.
int ranks_on_this_node();

// "1.23 GiB" and the like.
std::string format_bytes(double bytes);

// Steps from the start time to time.end: exact with a fixed time.dt, else the CFL bound with the
// largest signal speed causality allows (1), so the run takes at most about this many.
long estimated_steps(const RunConfig& config, const Grid& grid, double start);
// Bytes of fields.h5 (13 float64 fields per snapshot), of the checkpoints kept and of diagnostics.csv.
std::uint64_t estimated_output_bytes(const RunConfig& config, const Grid& grid, double start, long steps);

// The OpenMP threads a run uses when --threads is not given (docs/usage.md, "Threads"): one per core
// this process may use, at most one per 32^3 cells (smaller grids lose more to the threads' start-up and
// synchronisation than they gain), at least 1.
int default_threads(std::size_t global_cells);
// Threads that wait passively (they sleep instead of spinning, so a loaded or oversubscribed machine
// is not slowed down): sets OMP_WAIT_POLICY=passive unless the user set OMP_WAIT_POLICY, GOMP_SPINCOUNT
// or KMP_BLOCKTIME, and says whether it did. GCC's libgomp reads it when it is loaded, before main:
// the command then executes itself again (app/main.cpp).
bool set_passive_wait_policy();

}  // namespace ishydro

namespace ishydro {
// A run refused for want of a resource (exit status 2), before anything was allocated or written.
struct ResourceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
}  // namespace ishydro
