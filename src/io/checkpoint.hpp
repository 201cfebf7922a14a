#pragma once
// checkpoint.h5: the evolved state (T^{t nu}, pi^{ij}, Pi) bit for bit, with time, step and the
// resolved input. Its reader is problems/state_file.hpp (a state file is an initial condition).
#include <string>

#include "grid/grid.hpp"
#include "hydro/state.hpp"

namespace ishydro {

// Written to path + ".tmp", flushed, closed, then renamed over path (atomic on POSIX).
void write_checkpoint(const std::string& path, const Grid& grid, double time, long step,
                      const StateView& state, const std::string& resolved_toml,
                      const std::string& metadata_json);

}  // namespace ishydro
