// [initial] kind = "file": a checkpoint restarts bit for bit; a fields.h5 snapshot is converted from
// its primitive fields (docs/problems.md).
#include "problems/problem.hpp"
#include "problems/state_file.hpp"

namespace ishydro {

double from_file(const ProblemContext& ctx, const StateView& state, long& step) {
  const StateFile file = read_state_file(ctx.config.initial.path, ctx.grid);
  const Grid& g = ctx.grid;
  // The reader returns this process's x slab of every field (grid.cells() values).
  const std::size_t n = g.cells();
  if (file.conserved) {
    for (int v = 0; v < kNumVars; ++v) {
      const std::vector<double>& src = file.fields.at(kVarNames[v]);
      std::copy(src.begin(), src.begin() + n, state.var(v).begin());
    }
    step = file.step;
  } else {
    auto field = [&file](const char* name) { return std::span<const double>(file.fields.at(name)); };
    state_from_primitives(
        {field("e"),
         field("ux"),
         field("uy"),
         field("uz"),
         field("Pi"),
         {field("pi_xx"), field("pi_xy"), field("pi_xz"), field("pi_yy"), field("pi_yz"), field("pi_zz")}},
        ctx.eos, state);
    step = 0;
  }
  return file.time;
}

}  // namespace ishydro
