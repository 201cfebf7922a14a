#pragma once
// Primitive recovery (docs/equations.md, eqs. 14-17a): from T^{tt}, T^{ti}, pi^{ij} and Pi find e and
// v^i. pi^{t nu} depends on v through u_mu pi^{mu nu} = 0, so an outer iteration on v (a Newton step,
// eq. 17a) wraps the ideal-fluid inversion, which for p = cs2 e is the root of a quadratic in |v|
// (closed form, the stable root). Each iterate also removes the trace of pi along Delta^{ij}(v) (eq.
// 18), so the pi returned satisfies both constraints to round-off.
#include <cfloat>
#include <cmath>

#include "eos/eos.hpp"
#include "simd/cell_lanes.hpp"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {

enum class RecoveryStatus {
  ok,
  not_finite,
  no_solution,
  superluminal,
  negative_energy,
  no_convergence,
  outside_eos_range
};

inline const char* describe(RecoveryStatus s) {
  switch (s) {
    case RecoveryStatus::ok:
      return "ok";
    case RecoveryStatus::not_finite:
      return "NaN or Inf in the state";
    case RecoveryStatus::no_solution:
      return "no (e, v) reproduces T^{t nu} (eq. 16 needs B = (1 + cs2)(T^{tt} - pi^{tt}) + Pi > 2 cs "
             "|T^{ti} - pi^{ti}|)";
    case RecoveryStatus::superluminal:
      return "|v| >= 1";
    case RecoveryStatus::negative_energy:
      return "e <= 0";
    case RecoveryStatus::no_convergence:
      return "primitive recovery did not converge";
    case RecoveryStatus::outside_eos_range:
      return "energy density outside the range of the equation of state";
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
#pragma GCC unroll 8
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

inline constexpr int kRecoveryMaxIterations = 200;

// The recovered primitives of one cell (Real = double) or of kCellLanes cells (Real = CellLanes).
template <class Real>
struct RecoveredT {
  Real e{};
  Real v[3] = {};
  Real pi[6] = {};  // projected spatial pi^{ij}
};

// One group's inputs: T^{t nu}, the stored pi^{ij} and Pi, per lane.
template <class Real>
struct RecoveryInput {
  Real Ttt{}, Tti[3] = {}, pi[6] = {}, Pi{};
};

// One group's iterate between iterations of eq. 17a.
template <class Real>
struct RecoveryIterate {
  using Mask = LaneMask<Real>;
  Mask ok_input{}, done{}, no_solution{}, superluminal{}, converged{};
  Real v[3] = {}, previous_change{}, e{}, iteration{};
  Real previous_scale{};  // the last iteration's scale (below); 0 before the first
};

template <class Real>
inline void recovery_begin(const RecoveryInput<Real>& in, RecoveryIterate<Real>& s) {
  using Mask = LaneMask<Real>;
  auto finite = [](const Real& x) -> Mask { return lane_abs(x) <= DBL_MAX; };  // false for NaN, Inf
  s.ok_input = finite(in.Ttt) & finite(in.Tti[0]) & finite(in.Tti[1]) & finite(in.Tti[2]) & finite(in.Pi);
#pragma GCC unroll 8
  for (int c = 0; c < 6; ++c) s.ok_input = s.ok_input & finite(in.pi[c]);
  const Mask none = Real{} != Real{};
  s.done = s.ok_input == 0;
  s.no_solution = s.superluminal = s.converged = none;
  s.previous_change = splat<Real>(INFINITY);
}

// Iteration `it` of eq. 17a for the lanes not yet done. `cs2` is the ratio p/e: the constant sound
// speed (a double), or per lane (Real) the ratio p(e)/e of a general EOS at the previous iterate's e,
// for which the quadratic below solves the system exactly; with `track_e` the relative change of e
// then counts towards convergence too (e and v converge together).
template <bool track_e = false, class Real, class C>
[[gnu::always_inline]] inline void recovery_iteration(const RecoveryInput<Real>& in, const C& cs2,
                                                      double tolerance, int it, RecoveryIterate<Real>& s) {
  using Mask = LaneMask<Real>;
  // Each iterate projects the stored pi at its own v (projections at different v do not compose).
  Real p[6];
#pragma GCC unroll 8
  for (int c = 0; c < 6; ++c) p[c] = in.pi[c];
  remove_trace(s.v, p);
  // pi^{ti} = pi^{ij} v_j, pi^{tt} = v_i pi^{ij} v_j (eq. 15).
  const Real pti[3] = {p[0] * s.v[0] + p[1] * s.v[1] + p[2] * s.v[2],
                       p[1] * s.v[0] + p[3] * s.v[1] + p[4] * s.v[2],
                       p[2] * s.v[0] + p[4] * s.v[1] + p[5] * s.v[2]};
  const Real ptt = pti[0] * s.v[0] + pti[1] * s.v[1] + pti[2] * s.v[2];
  const Real K0 = in.Ttt - ptt;
  const Real K[3] = {in.Tti[0] - pti[0], in.Tti[1] - pti[1], in.Tti[2] - pti[2]};
  const Real K2 = K[0] * K[0] + K[1] * K[1] + K[2] * K[2];
  // The Newton step's matrix (eq. 17a): the map v -> G(v) = scale K(v) below has Jacobian
  // -scale pi^{ij} + O(v^2 pi), so v + (1 + scale pi)^{-1} (G(v) - v) converges like Newton's method
  // up to that O(v^2) part, against the plain fixed point's factor ~ scale |pi| ~ |pi|/(e+p). Built
  // from the previous iteration's scale, off this iteration's chain of square root and divisions.
  const Real a00 = 1.0 + s.previous_scale * p[0], a01 = s.previous_scale * p[1],
             a02 = s.previous_scale * p[2];
  const Real a11 = 1.0 + s.previous_scale * p[3], a12 = s.previous_scale * p[4];
  const Real a22 = 1.0 + s.previous_scale * p[5];
  const Real c00 = a11 * a22 - a12 * a12, c01 = a02 * a12 - a01 * a22, c02 = a01 * a12 - a02 * a11;
  const Real c11 = a00 * a22 - a02 * a02, c12 = a01 * a02 - a00 * a12, c22 = a00 * a11 - a01 * a01;
  const Real det = a00 * c00 + a01 * c01 + a02 * c02;
  const Real inv_det = 1.0 / det;
  // |v| solves cs2 |K| v^2 - B v + |K| = 0 with B = (1 + cs2) K0 + in.Pi (eq. 16); the stable root is
  // |v| = 2 |K| / (B + sqrt(disc)), so v = K * scale with scale = 2 / (B + sqrt(disc)): no |K|
  // (and no second square root or division) is needed on this iteration's dependency chain.
  const Real B = (1.0 + cs2) * K0 + in.Pi;
  const Real disc = B * B - 4.0 * cs2 * K2;
  const Mask no_root = (B <= 0.0) | (disc < 0.0);
  const Real scale = 2.0 / (B + lane_sqrt(disc));  // NaN in no_root lanes, which stop here
  const Real kv = scale * K2;                      // |K| |v|
  const Mask subluminal = scale * kv < 1.0;        // |v|^2 < 1 (false for NaN)
  const Real fixed_point[3] = {K[0] * scale, K[1] * scale, K[2] * scale};  // G(v)
  const Real step[3] = {fixed_point[0] - s.v[0], fixed_point[1] - s.v[1], fixed_point[2] - s.v[2]};
  const Real newton[3] = {s.v[0] + (c00 * step[0] + c01 * step[1] + c02 * step[2]) * inv_det,
                          s.v[1] + (c01 * step[0] + c11 * step[1] + c12 * step[2]) * inv_det,
                          s.v[2] + (c02 * step[0] + c12 * step[1] + c22 * step[2]) * inv_det};
  // The Newton step where its matrix is well conditioned and it stays subluminal; else G(v).
  const Mask use_newton =
      (det > 0.5) & (newton[0] * newton[0] + newton[1] * newton[1] + newton[2] * newton[2] < 1.0);
  const Real vn[3] = {use_newton ? newton[0] : fixed_point[0], use_newton ? newton[1] : fixed_point[1],
                      use_newton ? newton[2] : fixed_point[2]};
  Real change = lane_abs(vn[0] - s.v[0]) + lane_abs(vn[1] - s.v[1]) + lane_abs(vn[2] - s.v[2]);
  if constexpr (track_e) {
    const Real e_new = K0 - kv;
    change += lane_abs(e_new - s.e) / lane_abs(e_new);
  }
  // Converged: below the tolerance, or at the round-off floor (the change no longer falls and is a
  // few ulp of v: at large gamma the iterate can cycle between neighbouring doubles).
  Real roundoff = 64.0 * DBL_EPSILON * (1.0 + lane_abs(vn[0]) + lane_abs(vn[1]) + lane_abs(vn[2]));
  // With a general EOS the round-off of p(e)/e enters e amplified by gamma^2.
  if constexpr (track_e)
    roundoff += 64.0 * DBL_EPSILON / (1.0 - (vn[0] * vn[0] + vn[1] * vn[1] + vn[2] * vn[2]));
  const Mask at_roundoff = (change <= roundoff) & (change >= s.previous_change);
  const Mask active = s.done == 0;
  const Mask advance = active & (no_root == 0) & subluminal;
  const Mask finished = advance & ((change <= tolerance) | at_roundoff);
  s.no_solution = s.no_solution | (active & no_root);
  s.superluminal = s.superluminal | (active & (no_root == 0) & (subluminal == 0));
  s.converged = s.converged | finished;
#pragma GCC unroll 8
  for (int i = 0; i < 3; ++i) s.v[i] = advance ? vn[i] : s.v[i];
  s.previous_change = advance ? change : s.previous_change;
  s.previous_scale = advance ? scale : s.previous_scale;
  s.e = advance ? K0 - kv : s.e;  // eq. 17: e = K0 - |K| |v|
  s.iteration = advance ? splat<Real>(it) : s.iteration;
  s.done = s.done | s.no_solution | s.superluminal | s.converged;
}

template <class Real>
inline void recovery_finish(const RecoveryInput<Real>& in, const RecoveryIterate<Real>& s,
                            RecoveredT<Real>& out, RecoveryStatus* status, int* iterations) {
  out.e = s.e;
#pragma GCC unroll 8
  for (int i = 0; i < 3; ++i) out.v[i] = s.v[i];
#pragma GCC unroll 8
  for (int c = 0; c < 6; ++c) out.pi[c] = in.pi[c];
  remove_trace(s.v, out.pi);
  constexpr int lanes = kLanesOf<Real>;
#pragma GCC unroll 8
  for (int l = 0; l < lanes; ++l) {
    if (!lane_set(s.ok_input, l))
      status[l] = RecoveryStatus::not_finite;
    else if (lane_set(s.no_solution, l))
      status[l] = RecoveryStatus::no_solution;
    else if (lane_set(s.superluminal, l))
      status[l] = RecoveryStatus::superluminal;
    else if (!lane_set(s.converged, l))
      status[l] = RecoveryStatus::no_convergence;
    else
      status[l] = lane_set(s.e > 0.0, l) ? RecoveryStatus::ok : RecoveryStatus::negative_energy;
    if (iterations) {
      if constexpr (kIsLanes<Real>)
        iterations[l] = static_cast<int>(s.iteration[l]);
      else
        iterations[l] = static_cast<int>(s.iteration);
    }
  }
}

// The iteration for G groups of one cell (Real = double) or kCellLanes cells (Real = CellLanes) each,
// in lockstep (cell_lanes.hpp): each iteration is a chain of a square root and divisions, so running
// lanes and groups together overlaps the chains. A lane that has finished (converged or failed) is
// frozen by selects while the others go on, so a lane's result does not depend on the other lanes or
// groups. Per group g and lane l the outcome is status[g * lanes + l] and iterations[...].
template <int G, class Real>
inline void recover_primitive_groups(const RecoveryInput<Real> (&in)[G], double cs2, double tolerance,
                                     RecoveredT<Real> (&out)[G], RecoveryStatus* status, int* iterations) {
  RecoveryIterate<Real> s[G];
  for (int g = 0; g < G; ++g) recovery_begin(in[g], s[g]);
  for (int it = 1; it <= kRecoveryMaxIterations; ++it) {
    bool active = false;
    for (int g = 0; g < G; ++g)
      if (any_lane(s[g].done == 0)) {
        recovery_iteration(in[g], cs2, tolerance, it, s[g]);
        active = true;
      }
    if (!active) break;
  }
  constexpr int lanes = kLanesOf<Real>;
  for (int g = 0; g < G; ++g)
    recovery_finish(in[g], s[g], out[g], status + g * lanes, iterations ? iterations + g * lanes : nullptr);
}

// The same for a general equation of state p(e) (eos/eos.hpp: `state`, `e_min`, `e_max`): each
// iteration solves the quadratic with cs2 -> c = p(e)/e at the previous iterate's e (the first with
// p/e = kFirstRatio; e clamped into the EOS's range, so that a state outside it converges and is then
// reported by the caller), until v and e both converge: for fixed c the quadratic is exact, so the
// converged (e, v) reproduce T^{t nu} with p = p(e) to the tolerance. The EOS is evaluated again only
// where e moved by more than kEosReuse (relative) since its last evaluation in the group (late
// iterations refine v at a fixed e). `state` (optional) receives T, p and cs2 at the recovered e: the
// last evaluation carried to it to first order (de/e below kEosReuse, the error ~ (de/e)^2), or a
// fresh one.
inline constexpr double kEosReuse = 8.0 * DBL_EPSILON;
inline constexpr double kFirstRatio = 0.25;  // p/e of the first iterate (HotQCD: 0.1 to 1/3)
template <int G, class Real, class EosT>
inline void recover_primitive_groups_eos(const RecoveryInput<Real> (&in)[G], const EosT& eos,
                                         double tolerance, RecoveredT<Real> (&out)[G], RecoveryStatus* status,
                                         int* iterations, EosStateT<Real> (*state)[G] = nullptr) {
  RecoveryIterate<Real> s[G];
  EosStateT<Real> st[G];
  Real e_eval[G] = {}, c[G] = {};
  for (int g = 0; g < G; ++g) recovery_begin(in[g], s[g]);
  const double e_lo = eos.e_min(), e_hi = eos.e_max();
  for (int it = 1; it <= kRecoveryMaxIterations; ++it) {
    bool active = false;
    for (int g = 0; g < G; ++g)
      if (any_lane(s[g].done == 0)) {
        Real e = s[g].e >= e_lo ? s[g].e : splat<Real>(e_lo);  // also NaN
        e = e <= e_hi ? e : splat<Real>(e_hi);
        if (it == 1) {
          // The first iterate needs no EOS: any ratio starts it (e depends on c only through v^2).
          c[g] = splat<Real>(kFirstRatio);
        } else {
          // Per lane (a lane's result does not depend on its neighbours): the lanes whose e moved.
          const auto stale = !(lane_abs(e - e_eval[g]) <= kEosReuse * e_eval[g]);
          if (any_lane(stale)) {
            const EosStateT<Real> fresh = eos.state(e);
            st[g].T = stale ? fresh.T : st[g].T;
            st[g].p = stale ? fresh.p : st[g].p;
            st[g].cs2 = stale ? fresh.cs2 : st[g].cs2;
            e_eval[g] = stale ? e : e_eval[g];
            c[g] = stale ? fresh.p / e : c[g];
          }
        }
        recovery_iteration<true>(in[g], c[g], tolerance, it, s[g]);
        active = true;
      }
    if (!active) break;
  }
  constexpr int lanes = kLanesOf<Real>;
  for (int g = 0; g < G; ++g)
    recovery_finish(in[g], s[g], out[g], status + g * lanes, iterations ? iterations + g * lanes : nullptr);
  if (!state) return;
  for (int g = 0; g < G; ++g) {
    const Real de = out[g].e - e_eval[g];
    // dp/de = cs2, dT/de = cs2 T/(e + p) (de = T ds, s = (e + p)/T, cs2 = s/(T ds/dT)).
    EosStateT<Real> carried;
    carried.p = st[g].p + st[g].cs2 * de;
    carried.T = st[g].T + st[g].cs2 * st[g].T / (e_eval[g] + st[g].p) * de;
    carried.cs2 = st[g].cs2;
    const auto stale = !(lane_abs(de) <= kEosReuse * e_eval[g]);
    if (any_lane(stale)) {
      const EosStateT<Real> fresh = eos.state(out[g].e);
      carried.T = stale ? fresh.T : carried.T;
      carried.p = stale ? fresh.p : carried.p;
      carried.cs2 = stale ? fresh.cs2 : carried.cs2;
    }
    (*state)[g] = carried;
  }
}

// One group.
template <class Real>
inline void recover_primitive_cells(const Real& Ttt, const Real Tti[3], const Real pi_in[6], const Real& Pi,
                                    double cs2, double tolerance, RecoveredT<Real>& out,
                                    RecoveryStatus* status, int* iterations) {
  RecoveryInput<Real> in[1];
  in[0].Ttt = Ttt;
  in[0].Pi = Pi;
  for (int i = 0; i < 3; ++i) in[0].Tti[i] = Tti[i];
  for (int c = 0; c < 6; ++c) in[0].pi[c] = pi_in[c];
  RecoveredT<Real> result[1];
  recover_primitive_groups<1>(in, cs2, tolerance, result, status, iterations);
  out = result[0];
}

// One cell.
inline RecoveryStatus recover_primitive(double Ttt, const double Tti[3], const double pi_in[6], double Pi,
                                        double cs2, double tolerance, RecoveredCell& out) {
  RecoveredT<double> r;
  RecoveryStatus status;
  recover_primitive_cells(Ttt, Tti, pi_in, Pi, cs2, tolerance, r, &status, &out.iterations);
  out.e = r.e;
#pragma GCC unroll 8
  for (int i = 0; i < 3; ++i) out.v[i] = r.v[i];
#pragma GCC unroll 8
  for (int c = 0; c < 6; ++c) out.pi[c] = r.pi[c];
  return status;
}

// One cell, general EOS.
template <class EosT>
inline RecoveryStatus recover_primitive_eos(double Ttt, const double Tti[3], const double pi_in[6], double Pi,
                                            const EosT& eos, double tolerance, RecoveredCell& out) {
  RecoveryInput<double> in[1];
  in[0].Ttt = Ttt;
  in[0].Pi = Pi;
  for (int i = 0; i < 3; ++i) in[0].Tti[i] = Tti[i];
  for (int c = 0; c < 6; ++c) in[0].pi[c] = pi_in[c];
  RecoveredT<double> r[1];
  RecoveryStatus status;
  recover_primitive_groups_eos<1>(in, eos, tolerance, r, &status, &out.iterations);
  out.e = r[0].e;
  for (int i = 0; i < 3; ++i) out.v[i] = r[0].v[i];
  for (int c = 0; c < 6; ++c) out.pi[c] = r[0].pi[c];
  return status;
}

}  // namespace ishydro

#pragma GCC diagnostic pop
