#include "app/bench.hpp"

namespace ishydro {
int run_bench(const BenchOptions&) { return 0; }
}  // namespace ishydro
