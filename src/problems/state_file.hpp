#pragma once
// State files for [initial] kind = "file": an ishydro checkpoint (written by io/checkpoint.cpp) or
// the last snapshot of a fields.h5 (docs/usage.md, "State files").
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "grid/grid.hpp"

namespace ishydro {

// The checkpoint format's root attributes `format` and `version`.
inline constexpr const char* kCheckpointFormat = "ishydro-checkpoint";
inline constexpr std::int64_t kCheckpointVersion = 1;

struct StateFile {
  bool conserved = false;  // true: checkpoint (fields named by kVarNames); false: fields.h5 primitives
  double time = 0.0;
  long step = 0;
  // Each grid.cells() values (this process's x slab; the whole box, global_cells(), when serial), C order.
  std::map<std::string, std::vector<double>> fields;
};

// Reads a checkpoint.h5 or the last snapshot of a fields.h5. Refuses (InputError, one line naming
// the file and the problem) a missing file, missing datasets, wrong shapes, a different grid or
// non-finite values.
StateFile read_state_file(const std::string& path, const Grid& grid);

}  // namespace ishydro
