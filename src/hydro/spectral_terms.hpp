#pragma once
// The spectral operations of the right-hand side (hydro/rhs.cpp, hydro/rhs_charge.cpp), each a profiler
// phase (docs/benchmarks.md "Profiler"): a disabled profiler costs one branch per call.
#include "profiling/profiler.hpp"
#include "spectral/spectral.hpp"

namespace ishydro::spectral_terms {

inline void forward_fft(Spectral& sp, const double* field, Complex* spec) {
  ISHYDRO_PROFILE("fft forward");
  sp.forward(field, spec);
}
inline void inverse_fft(Spectral& sp, Complex* acc, double* out) {
  ISHYDRO_PROFILE("fft inverse");
  sp.inverse(acc, out);
}
inline void k_space_term(Spectral& sp, const Complex* spec, int axis, double scale, Complex* acc,
                         bool first) {
  ISHYDRO_PROFILE("k-space work");
  sp.add_derivative_term(spec, axis, scale, acc, first);
}
// scale * d/dx_axis of a field from its spectrum: the k-space multiply into the first divergence
// accumulator (free once the divergences of T^{i nu} are inverted, spectral_phase), then one inverse.
// One axis at a time: the multiply's output is still in cache when the inverse reads it (the three
// terms of a gradient in one pass over the spectrum, into three buffers, were 10% slower per step at
// 128^3; docs/benchmarks.md round 3).
inline void derivative(Spectral& sp, const Complex* spec, int axis, double* out, double scale) {
  k_space_term(sp, spec, axis, scale, sp.accumulator(0), true);
  inverse_fft(sp, sp.accumulator(0), out);
}

}  // namespace ishydro::spectral_terms
