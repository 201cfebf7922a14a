#include "problems/problem.hpp"
namespace ishydro {
void gubser(const ProblemContext&, const StateView&) { throw InputError("input error: initial.kind = \"gubser\": not implemented yet"); }
}  // namespace ishydro
