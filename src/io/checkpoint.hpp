#pragma once
// checkpoint.h5: the evolved state (T^{t nu}, pi^{ij}, Pi) bit for bit, with time, step and the
// resolved input; and the reader for [initial] kind = "file" (a checkpoint or a fields.h5 snapshot).
#include <map>
#include <string>
#include <vector>

#include "grid/grid.hpp"
#include "hydro/state.hpp"

namespace ishydro {

// Written to path + ".tmp", flushed, closed, then renamed over path (atomic on POSIX).
void write_checkpoint(const std::string& path, const Grid& grid, double time, long step,
                      const StateView& state, const std::string& resolved_toml,
                      const std::string& metadata_json);

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
