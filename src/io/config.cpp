#include "io/config.hpp"
namespace ishydro {}
