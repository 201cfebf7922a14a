#pragma once
// State files for [initial] kind = "file": an ishydro checkpoint (written by io/checkpoint.cpp) or
// the last snapshot of a fields.h5 (docs/usage.md, "State files").
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grid/grid.hpp"

namespace ishydro {

// The checkpoint format's root attributes `format` and `version`.
inline constexpr const char* kCheckpointFormat = "ishydro-checkpoint";
inline constexpr std::int64_t kCheckpointVersion = 1;

struct StateFile {
  bool conserved = false;  // true: checkpoint (fields named by kVarNames); false: fields.h5 primitives
  // With a baryon charge: the checkpoint's N_t, V_x, V_y, V_z, or the snapshot's nB (and Vx, Vy, Vz
  // where present).
  double time = 0.0;
  long step = 0;
  // Each grid.cells() values (this process's x slab; the whole box, global_cells(), when serial), C order.
  std::map<std::string, std::vector<double>> fields;
};

// Which snapshot of a fields.h5 (initial.snapshot, initial.snapshot_time): at most one is set; neither
// means the last.
struct SnapshotChoice {
  std::optional<long long> index;  // position among the snapshots in index order; negative from the end
  std::optional<double> time;      // the snapshot whose time attribute equals this (to 1e-9 relative)
};

// Reads a checkpoint.h5 or a snapshot of a fields.h5 (the chosen one, by default the last). Refuses
// (InputError, one line naming the file and the problem) a missing file, missing datasets, wrong
// shapes, a different grid, non-finite values, or a choice that names no snapshot (naming the key).
StateFile read_state_file(const std::string& path, const Grid& grid, const SnapshotChoice& choice = {});

// Whether the state file holds a baryon charge (a checkpoint with N_t, a chosen fields.h5 snapshot with
// nB): the run is then charged. False for a file read_state_file refuses (it says why).
bool state_file_charged(const std::string& path, const SnapshotChoice& choice = {});

}  // namespace ishydro
