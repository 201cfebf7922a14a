#pragma once
// [initial] kind = "file" (file.cpp): what the run needs to know of a start from a state file.
#include <string>

#include "config/config.hpp"

namespace ishydro {

// The absolute path of the state file the run starts from, or null when it does not start from one.
const std::string* initial_state_file(const InitialConfig& initial);

}  // namespace ishydro
