#pragma once
// An unphysical state found while evaluating the equations: where (cell) and what went wrong.
#include <array>
#include <stdexcept>
#include <string>

namespace ishydro {

// Exit statuses of the ishydro command (docs/usage.md).
inline constexpr int kExitInput = 1, kExitRuntime = 2, kExitUnphysical = 3, kExitInterrupted = 4,
                     kExitNotFinite = 5, kExitNoConvergence = 6;

struct PhysicsError : std::runtime_error {
  PhysicsError(const std::string& what, std::array<int, 3> cell_index, int exit_status)
      : std::runtime_error(what), cell(cell_index), status(exit_status) {}
  std::array<int, 3> cell;
  int status;  // documented exit status for this kind of failure (docs/usage.md)
};

}  // namespace ishydro
