#include "problems/problem.hpp"

#include <cmath>

#include "hydro/primitive_recovery.hpp"

namespace ishydro {

namespace {
// With the total isotropic pressure P = p + Pi.
void conserved_with_pressure(double e, const double u[3], const double pi_in[6], double Pi, double P,
                             double out[kNumVars]) {
  const double gamma = std::sqrt(1.0 + u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
  const double v[3] = {u[0] / gamma, u[1] / gamma, u[2] / gamma};
  double pi[6];
  for (int q = 0; q < 6; ++q) pi[q] = pi_in[q];
  remove_trace(v, pi);
  const double w = e + P;
  // pi^{ti} = pi^{ij} u_j / gamma, pi^{tt} = pi^{ti} u_i / gamma (orthogonality, eq. 15).
  const double pti[3] = {(pi[0] * u[0] + pi[1] * u[1] + pi[2] * u[2]) / gamma,
                         (pi[1] * u[0] + pi[3] * u[1] + pi[4] * u[2]) / gamma,
                         (pi[2] * u[0] + pi[4] * u[1] + pi[5] * u[2]) / gamma};
  const double ptt = (pti[0] * u[0] + pti[1] * u[1] + pti[2] * u[2]) / gamma;
  out[kTtt] = w * gamma * gamma - P + ptt;
  for (int i = 0; i < 3; ++i) out[kTtx + i] = w * gamma * u[i] + pti[i];
  for (int q = 0; q < 6; ++q) out[kPixx + q] = pi[q];
  out[kBulk] = Pi;
}
}  // namespace

void conserved_from_primitive(double e, const double u[3], const double pi_in[6], double Pi, double cs2,
                              double out[kNumVars]) {
  conserved_with_pressure(e, u, pi_in, Pi, cs2 * e + Pi, out);
}

void conserved_from_primitive(double e, const double u[3], const double pi_in[6], double Pi, const Eos& eos,
                              double out[kNumVars]) {
  if (eos.constant_cs2())
    conserved_from_primitive(e, u, pi_in, Pi, eos.cs2(), out);
  else
    conserved_with_pressure(e, u, pi_in, Pi, eos.pressure(e) + Pi, out);
}

double set_initial_state(const ProblemContext& ctx, const StateView& state, long& step) {
  step = 0;
  const std::string& kind = ctx.config.initial.kind;
  if (kind == "sound_wave") {
    sound_wave(ctx, state);
  } else if (kind == "shear_wave") {
    shear_wave(ctx, state);
  } else if (kind == "uniform") {
    uniform(ctx, state);
  } else if (kind == "bjorken") {
    bjorken(ctx, state);
  } else if (kind == "gubser") {
    gubser(ctx, state);
  } else if (kind == "file") {
    return from_file(ctx, state, step);
  } else {
    throw InputError("input error: initial.kind = \"" + kind +
                     "\": unknown (allowed: sound_wave, shear_wave, uniform, bjorken, gubser, file)");
  }
  return ctx.config.time.start;
}

}  // namespace ishydro
