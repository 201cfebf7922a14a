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
    static constexpr const char* kPi[6] = {"pi_xx", "pi_xy", "pi_xz", "pi_yy", "pi_yz", "pi_zz"};
    for (std::size_t c = 0; c < n; ++c) {
      const double u[3] = {file.fields.at("ux")[c], file.fields.at("uy")[c], file.fields.at("uz")[c]};
      double pi[6];
      for (int q = 0; q < 6; ++q) pi[q] = file.fields.at(kPi[q])[c];
      double values[kNumVars];
      conserved_from_primitive(file.fields.at("e")[c], u, pi, file.fields.at("Pi")[c], ctx.eos, values);
      for (int v = 0; v < kNumVars; ++v) state.ptr(v)[c] = values[v];
    }
    step = 0;
  }
  return file.time;
}

}  // namespace ishydro
