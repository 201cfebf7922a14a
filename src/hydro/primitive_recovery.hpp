#pragma once
// Primitive recovery (docs/equations.md, eqs. 14-17): from T^{tt}, T^{ti}, pi^{ij} and Pi find e and
// v^i. pi^{t nu} depends on v through u_mu pi^{mu nu} = 0, so an outer fixed point on v wraps the
// ideal-fluid inversion, which for p = cs2 e is the root of a quadratic in |v| (closed form, the
// stable root). Each iterate also removes the trace of pi along Delta^{ij}(v) (eq. 18), so the pi
// returned satisfies both constraints to round-off.
#include <cfloat>
#include <cmath>

// remove_trace is also instantiated on SIMD vectors (dissipative_rates.hpp), inline only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {

enum class RecoveryStatus { ok, not_finite, no_solution, superluminal, negative_energy, no_convergence };

inline const char* describe(RecoveryStatus s) {
  switch (s) {
    case RecoveryStatus::ok:
      return "ok";
    case RecoveryStatus::not_finite:
      return "NaN or Inf in the state";
    case RecoveryStatus::no_solution:
      return "no (e, v) reproduces T^{t nu} (T^{tt} too small for the momentum)";
    case RecoveryStatus::superluminal:
      return "|v| >= 1";
    case RecoveryStatus::negative_energy:
      return "e <= 0";
    case RecoveryStatus::no_convergence:
      return "primitive recovery did not converge";
  }
  return "?";
}

struct RecoveredCell {
  double e = 0;
  double v[3] = {0, 0, 0};
  double pi[6] = {0, 0, 0, 0, 0, 0};  // projected spatial pi^{ij} (xx, xy, xz, yy, yz, zz)
  int iterations = 0;
};

// Removes the trace -pi^{tt} + pi^{ii} (pi^{tt} = v_i v_j pi^{ij}) along Delta^{ij} = delta^{ij} +
// u^i u^j, whose own such trace is exactly 3 (eq. 18).
template <class Real>
inline void remove_trace(const Real v[3], Real pi[6]) {
  const Real vv[6] = {v[0] * v[0], 2.0 * v[0] * v[1], 2.0 * v[0] * v[2],
                      v[1] * v[1], 2.0 * v[1] * v[2], v[2] * v[2]};
  Real pitt = vv[0] * pi[0];
  for (int c = 1; c < 6; ++c) pitt += vv[c] * pi[c];
  const Real trace = pi[0] + pi[3] + pi[5] - pitt;
  const Real v2 = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
  const Real g2 = 1.0 / (1.0 - v2);
  const Real c3 = trace * (1.0 / 3.0);
  pi[0] -= c3 * (1.0 + g2 * v[0] * v[0]);
  pi[1] -= c3 * g2 * v[0] * v[1];
  pi[2] -= c3 * g2 * v[0] * v[2];
  pi[3] -= c3 * (1.0 + g2 * v[1] * v[1]);
  pi[4] -= c3 * g2 * v[1] * v[2];
  pi[5] -= c3 * (1.0 + g2 * v[2] * v[2]);
}

// The state of one cell's fixed point between iterations.
struct RecoveryIterate {
  double Ttt = 0, Tti[3] = {0, 0, 0}, Pi = 0;
  double pi[6] = {0, 0, 0, 0, 0, 0};  // the stored pi, projected afresh at each iterate's v
  double v[3] = {0, 0, 0};
  double previous_change = INFINITY;
};

// Starts a cell: checks the inputs and keeps pi in the iterate. Returns false (with the status) on NaN/Inf.
inline bool recovery_start(double Ttt, const double Tti[3], const double pi_in[6], double Pi,
                           RecoveryIterate& s, RecoveryStatus& status) {
  if (!std::isfinite(Ttt) || !std::isfinite(Tti[0]) || !std::isfinite(Tti[1]) || !std::isfinite(Tti[2]) ||
      !std::isfinite(Pi)) {
    status = RecoveryStatus::not_finite;
    return false;
  }
  for (int c = 0; c < 6; ++c) {
    if (!std::isfinite(pi_in[c])) {
      status = RecoveryStatus::not_finite;
      return false;
    }
    s.pi[c] = pi_in[c];
  }
  s.Ttt = Ttt;
  s.Tti[0] = Tti[0];
  s.Tti[1] = Tti[1];
  s.Tti[2] = Tti[2];
  s.Pi = Pi;
  s.v[0] = s.v[1] = s.v[2] = 0.0;
  s.previous_change = INFINITY;
  return true;
}

// Iteration `it` of the fixed point on v. Returns true when the cell is finished, with its status.
inline bool recovery_iteration(RecoveryIterate& s, double cs2, double tolerance, int it, RecoveredCell& out,
                               RecoveryStatus& status) {
  double* v = s.v;
  // Each iterate projects the stored pi at its own v (projections at different v do not compose).
  double* p = out.pi;
  for (int c = 0; c < 6; ++c) p[c] = s.pi[c];
  remove_trace(v, p);
  // pi^{ti} = pi^{ij} v_j, pi^{tt} = v_i pi^{ij} v_j (eq. 15).
  const double pti[3] = {p[0] * v[0] + p[1] * v[1] + p[2] * v[2], p[1] * v[0] + p[3] * v[1] + p[4] * v[2],
                         p[2] * v[0] + p[4] * v[1] + p[5] * v[2]};
  const double ptt = pti[0] * v[0] + pti[1] * v[1] + pti[2] * v[2];
  const double K0 = s.Ttt - ptt;
  const double K[3] = {s.Tti[0] - pti[0], s.Tti[1] - pti[1], s.Tti[2] - pti[2]};
  const double K2 = K[0] * K[0] + K[1] * K[1] + K[2] * K[2];
  // |v| solves cs2 |K| v^2 - B v + |K| = 0 with B = (1 + cs2) K0 + Pi (eq. 16); the stable root is
  // |v| = 2 |K| / (B + sqrt(disc)), so v = K * scale with scale = 2 / (B + sqrt(disc)): no |K|
  // (and no second square root or division) is needed on this iteration's dependency chain.
  const double B = (1.0 + cs2) * K0 + s.Pi;
  const double disc = B * B - 4.0 * cs2 * K2;
  if (B <= 0.0 || disc < 0.0) {
    status = RecoveryStatus::no_solution;
    return true;
  }
  const double scale = 2.0 / (B + std::sqrt(disc));
  const double kv = scale * K2;  // |K| |v|
  if (!(scale * kv < 1.0)) {     // |v|^2 < 1
    status = RecoveryStatus::superluminal;
    return true;
  }
  const double vn[3] = {K[0] * scale, K[1] * scale, K[2] * scale};
  const double change = std::abs(vn[0] - v[0]) + std::abs(vn[1] - v[1]) + std::abs(vn[2] - v[2]);
  v[0] = vn[0];
  v[1] = vn[1];
  v[2] = vn[2];
  out.e = K0 - kv;  // eq. 17: e = K0 - |K| |v|
  out.iterations = it;
  // Converged: below the tolerance, or at the round-off floor (the change no longer falls and is a few
  // ulp of v: at large gamma the iterate can cycle between neighbouring doubles).
  const double roundoff = 64.0 * DBL_EPSILON * (1.0 + std::abs(v[0]) + std::abs(v[1]) + std::abs(v[2]));
  const bool at_roundoff = change <= roundoff && change >= s.previous_change;
  s.previous_change = change;
  if (change <= tolerance || at_roundoff) {
    for (int c = 0; c < 6; ++c) out.pi[c] = s.pi[c];
    remove_trace(v, out.pi);
    out.v[0] = v[0];
    out.v[1] = v[1];
    out.v[2] = v[2];
    status = out.e > 0.0 ? RecoveryStatus::ok : RecoveryStatus::negative_energy;
    return true;
  }
  return false;
}

inline constexpr int kRecoveryMaxIterations = 200;

inline RecoveryStatus recover_primitive(double Ttt, const double Tti[3], const double pi_in[6], double Pi,
                                        double cs2, double tolerance, RecoveredCell& out) {
  RecoveryIterate s;
  RecoveryStatus status = RecoveryStatus::ok;
  if (!recovery_start(Ttt, Tti, pi_in, Pi, s, status)) return status;
  for (int it = 1; it <= kRecoveryMaxIterations; ++it)
    if (recovery_iteration(s, cs2, tolerance, it, out, status)) return status;
  return RecoveryStatus::no_convergence;
}

// The same for `L` independent cells at once, iterated in lockstep: each iteration is a chain of a
// square root and divisions, so interleaving cells lets their chains overlap. Every cell gets exactly
// the operations recover_primitive would do (a finished cell is left alone), so the results are
// identical. Inputs per lane l: Ttt[l], Tti[l], pi_in[l], Pi[l].
template <int L>
inline void recover_primitive_lanes(const double Ttt[L], const double Tti[L][3], const double pi_in[L][6],
                                    const double Pi[L], double cs2, double tolerance, RecoveredCell out[L],
                                    RecoveryStatus status[L]) {
  RecoveryIterate s[L];
  bool done[L];
  int active = 0;
  for (int l = 0; l < L; ++l) {
    status[l] = RecoveryStatus::ok;
    done[l] = !recovery_start(Ttt[l], Tti[l], pi_in[l], Pi[l], s[l], status[l]);
    active += done[l] ? 0 : 1;
  }
  for (int it = 1; it <= kRecoveryMaxIterations && active > 0; ++it)
    for (int l = 0; l < L; ++l)
      if (!done[l] && recovery_iteration(s[l], cs2, tolerance, it, out[l], status[l])) {
        done[l] = true;
        --active;
      }
  for (int l = 0; l < L; ++l)
    if (!done[l]) status[l] = RecoveryStatus::no_convergence;
}

}  // namespace ishydro

#pragma GCC diagnostic pop
