#pragma once
// An unphysical state found while evaluating the equations: where (cell) and what went wrong.
#include <array>
#include <stdexcept>
#include <string>

namespace ishydro {

struct PhysicsError : std::runtime_error {
  PhysicsError(const std::string& what, std::array<int, 3> cell_index, int exit_status)
      : std::runtime_error(what), cell(cell_index), status(exit_status) {}
  std::array<int, 3> cell;
  int status;  // documented exit status for this kind of failure (docs/usage.md)
};

}  // namespace ishydro
