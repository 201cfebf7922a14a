#include "hydro/rhs.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

#include "hydro/physics_error.hpp"
#include "hydro/primitive_recovery.hpp"
#include "hydro/spectral_terms.hpp"
#include "hydro/tensor.hpp"
#include "parallel/comm.hpp"
#include "parallel/loops.hpp"
#include "profiling/profiler.hpp"

// SIMD vectors (CellLanes) are passed between inline functions only.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {

using namespace spectral_terms;  // the spectral operations (hydro/spectral_terms.hpp)

namespace {
// The recovery pass runs kRecoveryGroups groups of kCellLanes cells in lockstep (eq. 17a): one
// register per operation within a group (16 lanes in one generic vector measured 2.5x slower: the
// iteration's live values no longer fit the register file), two independent groups per iteration so
// that their chains of square roots and divisions overlap (measured: 2 groups 18% faster than 1;
// 3 and 4 no better; docs/benchmarks.md).
constexpr int kRecoveryGroups = 2;

// What follows from a group's recovered primitives (eqs. 1, 30, 31, 15, 18), all lanes at once.
template <class V>
struct CellDerived {
  V u[3];                       // u^i = gamma v^i
  V flux[6];                    // T^{ij} (eq. 1)
  V rate_shear{}, rate_bulk{};  // 1/(gamma tau_pi), 1/(gamma tau_Pi); 0 where inactive
  V front2{};                   // rest-frame front speed squared (eq. 30)
  V speed{};                    // |v|
  V signal{};                   // eq. 31
  V u_pi{}, trace{};            // constraint residuals max_nu |u_mu pi^{mu nu}|, |pi^mu_mu|
  V T{};                        // temperature (NaN outside the EOS's range)
  V entropy{};                  // s u^t = gamma (e + p) / T
  V reynolds_shear{};           // pi:pi / p^2 (its square root is the inverse Reynolds number)
  V reynolds_bulk{};            // |Pi| / p
  V rate_diffusion{};           // 1/(gamma tau_V) (charged runs; 0 otherwise)
  V u_V{}, Nt{};                // |u_mu V^mu| and N^t (charged runs; 0 otherwise)
};

// kConstantCs2: p = cs2 e, with the expressions of the constant-sound-speed EOS exactly (a separate
// instantiation, so that no expression of the general path can share or change their rounding).
// eos_state: T, p, cs2 at r.e (the recovery's; general EOS only). charge: the charged thermodynamics
// (charged runs, qgp: constant cs2), whose T and s replace those of e alone in every coefficient.
template <bool kConstantCs2, class V>
CellDerived<V> derive_cells(const RecoveredT<V>& r, const V& Pi, double cs2, const Transport& transport,
                            const Eos& eos, const RelaxationSwitches& on, const EosStateT<V>& eos_state,
                            const ChargedCells* charge) {
  CellDerived<V> d;
  const V& e = r.e;
  const V v2 = r.v[0] * r.v[0] + r.v[1] * r.v[1] + r.v[2] * r.v[2];
  const V gamma = 1.0 / lane_sqrt(1.0 - v2);
  for (int i = 0; i < 3; ++i) d.u[i] = gamma * r.v[i];
  // T alone with a constant cs2; otherwise the recovery's T, p, cs2.
  EosStateT<V> st;
  if constexpr (kConstantCs2)
    st.T = charge ? charge->T : eos.temperature(e);
  else
    st = eos_state;
  V P;
  if constexpr (kConstantCs2)
    P = cs2 * e + Pi;
  else
    P = st.p + Pi;
  const V w = e + P;
  // T^{ij} = (e + p + Pi) u^i u^j + (p + Pi) delta^{ij} + pi^{ij} (eq. 1).
  for (int q = 0; q < 6; ++q) {
    const int i = kSymRow[q], j = kSymCol[q];
    d.flux[q] = w * d.u[i] * d.u[j] + (i == j ? P : V{}) + r.pi[q];
  }
  d.T = st.T;
  TransportCoefficientsT<V> tc;
  V p_eq;
  if constexpr (kConstantCs2) {
    tc = charge ? transport.at_cells_charged(e, st.T, charge->s) : transport.at_cells(e, st.T);
    p_eq = cs2 * e;
  } else {
    tc = transport.at_cells(e, st);
    p_eq = st.p;
  }
  d.entropy = charge ? gamma * charge->s : gamma * (e + p_eq) / st.T;
  const V inv_p = 1.0 / p_eq;
  d.reynolds_bulk = lane_abs(Pi) * inv_p;
  d.rate_shear = on.shear ? (tc.tau_pi > 0.0 ? 1.0 / (gamma * tc.tau_pi) : V{}) : V{};
  d.rate_bulk = on.bulk ? (tc.tau_Pi > 0.0 ? 1.0 / (gamma * tc.tau_Pi) : V{}) : V{};
  // Signal speed (eq. 31): rest-frame front speed boosted by |v|, at most 1.
  if constexpr (kConstantCs2)
    d.front2 = transport.front_speed_squared_cells(e, tc);
  else
    d.front2 = transport.front_speed_squared_cells(e, st, tc);
  if (charge) {  // the faster of the sound and diffusion fronts (eq. 92)
    d.front2 = d.front2 < charge->front2 ? charge->front2 : d.front2;
    d.rate_diffusion = charge->rate;
    d.u_V = charge->u_V;
    d.Nt = charge->Nt;
  }
  const V front = lane_sqrt(d.front2 < 1.0 ? d.front2 : 1.0);
  d.speed = lane_sqrt(v2);
  d.signal = (d.speed + front) / (1.0 + d.speed * front);
  // Constraint residuals with pi^{t nu} from orthogonality and the projected pi (eqs. 15, 18).
  const V* p = r.pi;
  const V* u = d.u;
  const V inv_gamma = 1.0 / gamma;
  const TimeComponents<V> pt = time_components(p, u, inv_gamma);
  const V* pti = pt.ti;
  const V ptt = pt.tt;
  d.u_pi = lane_abs(-gamma * ptt + pti[0] * u[0] + pti[1] * u[1] + pti[2] * u[2]);
  for (int i = 0; i < 3; ++i) {
    const V residual = lane_abs(-gamma * pti[i] + contract(p, u, i));  // pi^{ij} u_j
    d.u_pi = residual > d.u_pi ? residual : d.u_pi;
  }
  d.trace = lane_abs(-ptt + p[0] + p[3] + p[5]);
  // pi:pi = pi^{tt}^2 - 2 pi^{ti} pi^{ti} + pi^{ij} pi^{ij} (metric -,+,+,+).
  const V pipi = ptt * ptt - 2.0 * (pti[0] * pti[0] + pti[1] * pti[1] + pti[2] * pti[2]) + p[0] * p[0] +
                 p[3] * p[3] + p[5] * p[5] + 2.0 * (p[1] * p[1] + p[2] * p[2] + p[4] * p[4]);
  d.reynolds_shear = lane_abs(pipi) * inv_p * inv_p;
  return d;
}

// The reductions of the recovery pass over this rank's cells, kept per lane (one vector operation per
// quantity and group; the lanes are combined at the end).
inline CellLanes lane_max(const CellLanes& a, const CellLanes& b) { return a > b ? a : b; }
inline CellLanes lane_min(const CellLanes& a, const CellLanes& b) { return a < b ? a : b; }
struct BoxReductions {
  CellLanes max_signal{}, min_e = splat<CellLanes>(INFINITY), max_u_pi{}, max_trace{}, max_speed{},
                          max_front2{}, max_rate{}, max_re_shear{}, max_re_bulk{}, max_u_V{};
  CellLanes total[4] = {};       // sums of T^{t nu}
  CellLanes total_N{};           // sum of N^t (charged runs)
  CellLanes entropy{}, speed{};  // sums of s u^t and |v|
  void merge(const BoxReductions& o) {
    max_signal = lane_max(max_signal, o.max_signal);
    min_e = lane_min(min_e, o.min_e);
    max_u_pi = lane_max(max_u_pi, o.max_u_pi);
    max_trace = lane_max(max_trace, o.max_trace);
    max_speed = lane_max(max_speed, o.max_speed);
    max_front2 = lane_max(max_front2, o.max_front2);
    max_rate = lane_max(max_rate, o.max_rate);
    max_re_shear = lane_max(max_re_shear, o.max_re_shear);
    max_re_bulk = lane_max(max_re_bulk, o.max_re_bulk);
    max_u_V = lane_max(max_u_V, o.max_u_V);
    for (int i = 0; i < 4; ++i) total[i] += o.total[i];
    total_N += o.total_N;
    entropy += o.entropy;
    speed += o.speed;
  }
  // Every lane of a group (see neutral_lanes for groups with lanes that must not count).
  void add(const CellDerived<CellLanes>& d, const CellLanes& e, const CellLanes& Ttt,
           const CellLanes Tti[3]) {
    max_rate = lane_max(max_rate, lane_max(lane_max(d.rate_shear, d.rate_bulk), d.rate_diffusion));
    max_front2 = lane_max(max_front2, d.front2);
    max_signal = lane_max(max_signal, d.signal);
    max_speed = lane_max(max_speed, d.speed);
    min_e = lane_min(min_e, e);
    total[0] += Ttt;
    for (int i = 0; i < 3; ++i) total[1 + i] += Tti[i];
    max_u_pi = lane_max(max_u_pi, d.u_pi);
    max_trace = lane_max(max_trace, d.trace);
    max_re_shear = lane_max(max_re_shear, d.reynolds_shear);
    max_re_bulk = lane_max(max_re_bulk, d.reynolds_bulk);
    max_u_V = lane_max(max_u_V, d.u_V);
    total_N += d.Nt;
    entropy += d.entropy;
    speed += d.speed;
  }
};
// The lanes outside `valid` (a short group's padding, failed cells) given values that change no
// reduction: 0 for the maxima (every one is of a quantity >= 0) and the sums, +inf for e.
void neutral_lanes(const LaneMask<CellLanes>& valid, CellDerived<CellLanes>& d, CellLanes& e, CellLanes& Ttt,
                   CellLanes Tti[3]) {
  for (CellLanes* x : {&d.rate_shear, &d.rate_bulk, &d.front2, &d.signal, &d.speed, &d.u_pi, &d.trace,
                       &d.entropy, &d.reynolds_shear, &d.reynolds_bulk, &d.rate_diffusion, &d.u_V, &d.Nt,
                       &Ttt, &Tti[0], &Tti[1], &Tti[2]})
    *x = valid ? *x : CellLanes{};
  e = valid ? e : splat<CellLanes>(INFINITY);
}
// The lanes of x combined by op (max, min, +), lane 0 first.
template <class Op>
double fold(const CellLanes& x, Op op) {
  double r = x[0];
  for (int l = 1; l < kCellLanes; ++l) r = op(r, x[l]);
  return r;
}
double fold_max(const CellLanes& x) {
  return fold(x, [](double a, double b) { return std::max(a, b); });
}

int exit_status_of(RecoveryStatus s) {
  switch (s) {
    case RecoveryStatus::not_finite:
      return kExitNotFinite;
    case RecoveryStatus::no_convergence:
      return kExitNoConvergence;
    default:
      return kExitUnphysical;
  }
}

}  // namespace

RightHandSide::RightHandSide(const Grid& grid, Arena& arena, Spectral& spectral, const Eos& eos,
                             const Transport& transport, double recovery_tolerance,
                             const ChargeSettings& charge)
    : grid_(grid),
      spectral_(spectral),
      eos_(eos),
      transport_(transport),
      tolerance_(recovery_tolerance),
      charge_(charge) {
  milne_ = grid.coordinates == Coordinates::milne;
  switches_.shear = transport.shear_active();
  switches_.bulk = transport.bulk_active();
  const std::size_t n = grid.cells();
  for (auto& h : prim_h_) h = arena.reserve_real("primitives", n);
  for (auto& h : T_ij_h_) h = arena.reserve_real("fluxes", n);
  for (auto& h : grad_h_) h = arena.reserve_real("velocity gradients", n);
  for (auto& h : tmp_h_) h = arena.reserve_real("derivative scratch", n);
  // T, p, cs2 of the recovered e (general EOS only), evaluated once per right-hand side.
  if (!eos.constant_cs2())
    for (auto& h : eos_h_) h = arena.reserve_real("EOS state", n);
  // The charge's fields (charged runs only): with the qgp gas p = e/3 at any n_B, so the recovery of
  // e and u (the constant-cs2 one) is exact and n_B follows from it (docs/equations.md).
  if (charge_.charged) {
    if (!eos.has_baryon_charge())
      throw std::invalid_argument("a charged run needs eos.kind = \"qgp\" (p = e/3 at any n_B)");
    for (auto& h : charge_h_) h = arena.reserve_real("baryon charge", n);
  }
}

void RightHandSide::bind(const Arena& arena) {
  e_ = arena.real(prim_h_[0]);
  ux_ = arena.real(prim_h_[1]);
  uy_ = arena.real(prim_h_[2]);
  uz_ = arena.real(prim_h_[3]);
  for (int i = 0; i < 6; ++i) T_ij_[i] = arena.real(T_ij_h_[i]);
  for (int i = 0; i < 9; ++i) grad_u_[i] = arena.real(grad_h_[i]);
  for (int i = 0; i < 3; ++i) tmp_[i] = arena.real(tmp_h_[i]);
  if (!eos_.constant_cs2()) {
    eos_T_ = arena.real(eos_h_[0]);
    eos_p_ = arena.real(eos_h_[1]);
    eos_cs2_ = arena.real(eos_h_[2]);
  }
  if (charge_.charged) {
    for (int f = 0; f < kChargeFields; ++f) charge_fields_[f] = arena.real(charge_h_[f]);
    nB_ = charge_fields_[kNB];
    muB_ = charge_fields_[kMuB];
    alpha_ = charge_fields_[kAlpha];
    charge_T_ = charge_fields_[kChargeT];
  }
}

int RightHandSide::ffts_per_evaluation() const {
  // Counted with the same rules as spectral_phase (docs/benchmarks.md explains each term).
  const bool r[3] = {grid_.resolved(0), grid_.resolved(1), grid_.resolved(2)};
  const int resolved = int(r[0]) + int(r[1]) + int(r[2]);
  int count = resolved;  // T^{ti}
  std::array<bool, 4> started{};
  for (int i = 0; i < 3; ++i) started[0] = started[0] || r[i];
  for (int i = 0; i < 3; ++i)
    for (int j = i; j < 3; ++j) {
      if (!r[i] && !(r[j] && i != j)) continue;
      ++count;
      if (r[i]) started[1 + j] = true;
      if (i != j && r[j]) started[1 + i] = true;
    }
  for (bool s : started) count += s ? 1 : 0;
  count += 3 + 3 * resolved;  // velocity gradients
  const int advected = (switches_.shear ? 6 : 0) + (switches_.bulk ? 1 : 0);
  return count + advected * (1 + resolved) + charge_ffts();
}

void RightHandSide::check_failure(std::size_t bad_cell, const char* prefix, const char* what, int status,
                                  const StateView& in) const {
  // (C strings: nothing is allocated unless something failed.)
  // Collective: every rank learns of a failure anywhere and stops; the rank holding the first bad cell
  // (in global order) reports it, the others throw without a message of their own.
  const std::size_t n = grid_.cells();
  const long long none = std::numeric_limits<long long>::max();
  const long long offset = static_cast<long long>(grid_.x_offset) * grid_.n[1] * grid_.n[2];
  const long long mine = bad_cell < n ? offset + static_cast<long long>(bad_cell) : none;
  const long long first = parallel::min(mine);
  if (first == none) return;
  const long long owner_status = parallel::min(mine == first ? -static_cast<long long>(status) : 0);
  if (mine == first) fail(bad_cell, std::string(prefix) + what, status, in);
  throw PhysicsError("", {-1, -1, -1}, static_cast<int>(-owner_status));
}

void RightHandSide::fail(std::size_t cell, const std::string& what, int status, const StateView& in) const {
  const int k = static_cast<int>(cell % grid_.n[2]);
  const int j = static_cast<int>((cell / grid_.n[2]) % grid_.n[1]);
  const int i = static_cast<int>(cell / (static_cast<std::size_t>(grid_.n[2]) * grid_.n[1])) + grid_.x_offset;
  // The evolved fields there, so the message alone says what went wrong.
  std::string fields;
  for (int v = 0; v < in.vars; ++v)
    fields += fmt::format("{}{} = {:.17g}", v ? ", " : "", kVarNames[v], in.ptr(v)[cell]);
  throw PhysicsError(fmt::format("{} at cell ({}, {}, {}), x = ({:.6g}, {:.6g}, {:.6g}); {}", what, i, j, k,
                                 grid_.position(0, i), grid_.position(1, j), grid_.position(2, k), fields),
                     {i, j, k}, status);
}

void RightHandSide::recover_and_fluxes(const StateView& in, StateSummary& summary,
                                       std::span<double> shear_rate, std::span<double> bulk_rate,
                                       std::span<double> diffusion_rate,
                                       std::array<std::span<double>, 6> pi_out, bool fluxes) {
  const std::size_t n = grid_.cells();
  const double cs2 = eos_.cs2();
  const bool constant_cs2 = eos_.constant_cs2();
  const bool charged = charge_.charged;
  double* const diffusion_rate_out = diffusion_rate.empty() ? nullptr : diffusion_rate.data();
  std::size_t bad_cell = n;
  std::size_t charge_bad_cell = n, acausal_cell = n;  // charged runs (check_charge)
  RecoveryStatus bad_status = RecoveryStatus::ok;
  const double* Ttt = in.ptr(kTtt);
  const double* Ttx = in.ptr(kTtx);
  const double* Tty = in.ptr(kTty);
  const double* Ttz = in.ptr(kTtz);
  const double* Bulk = in.ptr(kBulk);
  constexpr std::size_t kBlock = kRecoveryGroups * kCellLanes;
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  const BoxReductions box = parallel::reduce<BoxReductions>(blocks, [&](std::size_t block, BoxReductions& r) {
    // kRecoveryGroups groups of kCellLanes cells recovered in lockstep (eq. 17a; cell_lanes.hpp);
    // a short group repeats its last cell in the unused lanes, an empty one the block's last cell.
    CellGroup groups[kRecoveryGroups];
    RecoveryInput<CellLanes> input[kRecoveryGroups];
    for (int k = 0; k < kRecoveryGroups; ++k) {
      const std::size_t c0 = block * kBlock + static_cast<std::size_t>(k) * kCellLanes;
      groups[k] = c0 < n ? CellGroup{c0, static_cast<int>(std::min<std::size_t>(kCellLanes, n - c0))}
                         : CellGroup{n - 1, 0};
      const CellGroup g = groups[k].count > 0 ? groups[k] : CellGroup{n - 1, 1};
      load(input[k].Ttt, Ttt, g);
      load(input[k].Tti[0], Ttx, g);
      load(input[k].Tti[1], Tty, g);
      load(input[k].Tti[2], Ttz, g);
      for (int q = 0; q < 6; ++q) load(input[k].pi[q], in.ptr(kPixx + q), g);
      load(input[k].Pi, Bulk, g);
    }
    RecoveredT<CellLanes> recovered[kRecoveryGroups];
    RecoveryStatus statuses[kRecoveryGroups * kCellLanes];
    EosStateT<CellLanes> eos_states[kRecoveryGroups];
    if (constant_cs2)
      recover_primitive_groups<kRecoveryGroups>(input, cs2, tolerance_, recovered, statuses, nullptr);
    else
      recover_primitive_groups_eos<kRecoveryGroups>(input, eos_, tolerance_, recovered, statuses, nullptr,
                                                    &eos_states);
    for (int k = 0; k < kRecoveryGroups && groups[k].count > 0; ++k) {
      const CellGroup g = groups[k];
      const std::size_t c0 = g.c0;
      const int count = g.count;
      const RecoveredT<CellLanes>& lanes = recovered[k];
      const RecoveryStatus* lane_status = statuses + k * kCellLanes;
      const CellLanes& lane_Ttt = input[k].Ttt;
      const CellLanes* lane_Tti = input[k].Tti;
      const CellLanes& lane_Pi = input[k].Pi;
      ChargedCells charge;
      if (charged) charge_cells(in, g, lanes.e, lanes.v, diffusion_rate_out, fluxes, charge);
      const ChargedCells* q = charged ? &charge : nullptr;
      const CellDerived<CellLanes> d =
          constant_cs2
              ? derive_cells<true>(lanes, lane_Pi, cs2, transport_, eos_, switches_, eos_states[k], q)
              : derive_cells<false>(lanes, lane_Pi, cs2, transport_, eos_, switches_, eos_states[k], q);
      const CellLanes& e = lanes.e;
      const CellLanes* u = d.u;
      const CellLanes* p = lanes.pi;
      // (A failed lane's outputs are written too: the failure is reported below, before any use.)
      store(e_.data(), e, g);
      if (!constant_cs2) {  // for relaxation_pass, at the same e
        store(eos_T_.data(), eos_states[k].T, g);
        store(eos_p_.data(), eos_states[k].p, g);
        store(eos_cs2_.data(), eos_states[k].cs2, g);
      }
      store(ux_.data(), u[0], g);
      store(uy_.data(), u[1], g);
      store(uz_.data(), u[2], g);
      for (int q = 0; q < 6; ++q)
        store(fluxes ? T_ij_[q].data() : pi_out[q].data(), fluxes ? d.flux[q] : p[q], g);
      if (!shear_rate.empty()) {
        store(shear_rate.data(), d.rate_shear, g);
        store(bulk_rate.data(), d.rate_bulk, g);
      }
      LaneMask<CellLanes> valid{};
      for (int l = 0; l < count; ++l) {
        RecoveryStatus status = lane_status[l];
        // A recovered e outside the EOS's range (T NaN there): the physics-error status.
        if (status == RecoveryStatus::ok && !constant_cs2 && !(d.T[l] > 0.0))
          status = RecoveryStatus::outside_eos_range;
        if (status == RecoveryStatus::ok) {
          valid[l] = -1;
          if (charged && (charge.bad[l] || charge.acausal[l])) {
            const std::size_t c = c0 + static_cast<std::size_t>(l);
#pragma omp critical
            {
              if (charge.bad[l]) charge_bad_cell = std::min(charge_bad_cell, c);
              if (!charge.bad[l]) acausal_cell = std::min(acausal_cell, c);
            }
          }
          continue;
        }
        const std::size_t c = c0 + static_cast<std::size_t>(l);
#pragma omp critical
        if (c < bad_cell) {
          bad_cell = c;
          bad_status = status;
        }
      }
      if (!any_lane(valid == 0)) {  // every lane recovered (a short group has padding)
        r.add(d, e, lane_Ttt, lane_Tti);
        continue;
      }
      CellDerived<CellLanes> kept = d;
      CellLanes kept_e = e, kept_Ttt = lane_Ttt, kept_Tti[3] = {lane_Tti[0], lane_Tti[1], lane_Tti[2]};
      neutral_lanes(valid, kept, kept_e, kept_Ttt, kept_Tti);
      r.add(kept, kept_e, kept_Ttt, kept_Tti);
    }
  });
  // (The message about the EOS's range is built only when that is what failed here.)
  std::string range;
  if (bad_cell < n && bad_status == RecoveryStatus::outside_eos_range)
    range = fmt::format("the temperature leaves the range of the equation of state ({})",
                        eos_.range_message(e_[bad_cell]));
  check_failure(bad_cell, "unphysical state: ", range.empty() ? describe(bad_status) : range.c_str(),
                exit_status_of(bad_status), in);
  if (charged) check_charge(charge_bad_cell, acausal_cell, in);
  // Milne: the totals are of tau T^{tau nu} (docs/usage.md, diagnostics.csv), dV = dx dy d(eta_s).
  const double dV = grid_.cell_volume() * (milne_ ? tau_ : 1.0);
  // Over all ranks: the same summary (hence the same dt) everywhere.
  double maxima[9] = {fold_max(box.max_signal),   fold_max(box.max_u_pi),    fold_max(box.max_trace),
                      fold_max(box.max_speed),    fold_max(box.max_front2),  fold_max(box.max_rate),
                      fold_max(box.max_re_shear), fold_max(box.max_re_bulk), fold_max(box.max_u_V)};
  parallel::max_in_place(maxima, 9);
  double totals[7];
  for (int i = 0; i < 4; ++i) totals[i] = fold(box.total[i], std::plus<double>()) * dV;
  totals[4] = fold(box.entropy, std::plus<double>()) * dV;
  totals[5] = fold(box.speed, std::plus<double>());
  totals[6] = fold(box.total_N, std::plus<double>()) * dV;
  parallel::sum_in_place(totals, 7);
  summary.max_signal_speed = maxima[0];
  summary.min_energy = parallel::min(fold(box.min_e, [](double a, double b) { return std::min(a, b); }));
  summary.total_Ttnu = {totals[0], totals[1], totals[2], totals[3]};
  summary.max_u_pi = maxima[1];
  summary.max_trace_pi = maxima[2];
  summary.max_speed = maxima[3];
  summary.max_front_speed_squared = maxima[4];
  summary.max_relaxation_rate = maxima[5];
  summary.max_inverse_reynolds_shear = std::sqrt(maxima[6]);
  summary.max_inverse_reynolds_bulk = maxima[7];
  summary.total_entropy = totals[4];
  summary.mean_speed = totals[5] / static_cast<double>(grid_.global_cells());
  if (charged) {
    summary.total_N0 = totals[6];
    summary.max_u_V = maxima[8];
  }
}

void RightHandSide::primitives(const StateView& in, double time, StateSummary& summary,
                               std::array<std::span<double>, 6> pi_out) {
  tau_ = time;
  recover_and_fluxes(in, summary, {}, {}, {}, pi_out, false);
}

void RightHandSide::advect(const double* field, double* advected) {
  // u^k d_k f: the spectrum once, one inverse per resolved axis, then one fused pass over the cells
  // (reads each derivative once; the sum is formed in registers, not in memory).
  Complex* spec = spectral_.spectrum_buffer();
  forward_fft(spectral_, field, spec);
  const std::size_t n = grid_.cells();
  const double* u[3] = {ux_.data(), uy_.data(), uz_.data()};
  const double* uk[3] = {nullptr, nullptr, nullptr};
  const double* dk[3] = {nullptr, nullptr, nullptr};
  int axes = 0;
  for (int axis = 0; axis < 3; ++axis) {
    if (!grid_.resolved(axis)) continue;
    derivative(spectral_, spec, axis, tmp_[axis].data(), axis_scale(axis));
    uk[axes] = u[axis];
    dk[axes] = tmp_[axis].data();
    ++axes;
  }
  ISHYDRO_PROFILE("advection products");
  if (axes == 3) {
    parallel::for_each(n, [&](std::size_t c) {
      advected[c] = uk[0][c] * dk[0][c] + uk[1][c] * dk[1][c] + uk[2][c] * dk[2][c];
    });
  } else if (axes == 2) {
    parallel::for_each(n, [&](std::size_t c) { advected[c] = uk[0][c] * dk[0][c] + uk[1][c] * dk[1][c]; });
  } else if (axes == 1) {
    parallel::for_each(n, [&](std::size_t c) { advected[c] = uk[0][c] * dk[0][c]; });
  } else {
    std::fill(advected, advected + n, 0.0);
  }
}

void RightHandSide::spectral_phase(const StateView& in, const StateView& out) {
  Complex* spec = spectral_.spectrum_buffer();
  // d_t T^{t nu} = -d_i T^{i nu} (eq. 2): each unique flux transformed once, its derivative terms
  // accumulated into the divergence of every nu it belongs to, one inverse per nu.
  std::array<bool, 4> started{};
  auto add = [&](int nu, int axis) {
    k_space_term(spectral_, spec, axis, -axis_scale(axis), spectral_.accumulator(nu), !started[nu]);
    started[nu] = true;
  };
  for (int i = 0; i < 3; ++i) {
    if (!grid_.resolved(i)) continue;
    forward_fft(spectral_, in.ptr(kTtx + i), spec);  // T^{it} = T^{ti}
    add(0, i);
  }
  int q = 0;
  for (int i = 0; i < 3; ++i)
    for (int j = i; j < 3; ++j, ++q) {
      const bool di = grid_.resolved(i), dj = grid_.resolved(j);
      if (!di && !(dj && i != j)) continue;
      forward_fft(spectral_, T_ij_[q].data(), spec);
      if (di) add(1 + j, i);            // d_i T^{ij} in the divergence for nu = j
      if (i != j && dj) add(1 + i, j);  // d_j T^{ji} in the divergence for nu = i
    }
  for (int nu = 0; nu < 4; ++nu) {
    if (started[nu])
      inverse_fft(spectral_, spectral_.accumulator(nu), out.ptr(kTtt + nu));
    else
      std::fill(out.var(kTtt + nu).begin(), out.var(kTtt + nu).end(), 0.0);
  }
  // Velocity gradients d_k u^j.
  const double* u[3] = {ux_.data(), uy_.data(), uz_.data()};
  for (int j = 0; j < 3; ++j) {
    forward_fft(spectral_, u[j], spec);
    for (int k = 0; k < 3; ++k)
      if (grid_.resolved(k)) derivative(spectral_, spec, k, grad_u_[j * 3 + k].data(), axis_scale(k));
  }
  if (switches_.shear)
    for (int c = 0; c < 6; ++c) advect(in.ptr(kPixx + c), out.ptr(kPixx + c));
  if (switches_.bulk) advect(in.ptr(kBulk), out.ptr(kBulk));
}

void RightHandSide::add_milne_sources(const StateView& in, const StateView& out) {
  // Eq. 60: d_tau T^{tau nu} = -(orthonormal divergence) + (S^nu - T^{tau nu}) / tau with
  // S^tau = -T^{eta eta}, S^eta = -T^{tau eta}, S^x = S^y = 0 (all components orthonormal).
  const std::size_t n = grid_.cells();
  const double inv_tau = 1.0 / tau_;
  const double* Ttt = in.ptr(kTtt);
  const double* Ttx = in.ptr(kTtx);
  const double* Tty = in.ptr(kTty);
  const double* Ttz = in.ptr(kTtz);
  const double* Tzz = T_ij_[5].data();
  double* dtt = out.ptr(kTtt);
  double* dtx = out.ptr(kTtx);
  double* dty = out.ptr(kTty);
  double* dtz = out.ptr(kTtz);
  // Eq. 86 (a charged run): d_tau N^tau gets -N^tau/tau (tau N^tau is conserved), in the same pass.
  const double* Nt = charge_.charged ? in.ptr(kNt) : nullptr;
  double* dNt = charge_.charged ? out.ptr(kNt) : nullptr;
  parallel::for_each(n, [&](std::size_t c) {
    dtt[c] -= (Tzz[c] + Ttt[c]) * inv_tau;
    dtx[c] -= Ttx[c] * inv_tau;
    dty[c] -= Tty[c] * inv_tau;
    dtz[c] -= 2.0 * Ttz[c] * inv_tau;
    if (Nt) dNt[c] -= Nt[c] * inv_tau;
  });
}

namespace {
// The arrays the relaxation pass reads and writes.
struct RelaxationArrays {
  const double *e, *u[3], *pi[6], *Pi, *grad_u[9], *advect[7], *dT[4];
  double *dpi[6], *dPi;
  double cs2;
  RelaxationSwitches on;
  const Transport* transport;
  const Eos* eos;
  const double *eos_T, *eos_p, *eos_cs2;  // T, p, cs2 at e (general EOS)
  // A charged run: T and s of (e, n_B) for the coefficients, and d_t V^i (diffusion_group) from the
  // group's exact d_t e and D u^i.
  const double *charge_T = nullptr, *charge_s = nullptr;
  const DiffusionArrays* diffusion = nullptr;
  bool milne;      // add the connection terms of eq. 62
  double inv_tau;  // 1/tau (Milne)
};

// The reductions of the relaxation pass (docs/usage.md, "diagnostics.csv"): of the cells of a group
// that count (its first g.count lanes), one lane at a time.
struct FlowReductions {
  double max_knudsen = 0, enstrophy = 0, max_vorticity2 = 0;
  void merge(const FlowReductions& o) {
    max_knudsen = std::max(max_knudsen, o.max_knudsen);
    enstrophy += o.enstrophy;
    max_vorticity2 = std::max(max_vorticity2, o.max_vorticity2);
  }
  // |curl u|^2 with grad[j][k] = d_k u^j (Milne: the orthonormal-frame derivatives, no connection).
  template <class Real>
  static Real vorticity2(const Real (&grad)[3][3]) {
    const Real wx = grad[2][1] - grad[1][2], wy = grad[0][2] - grad[2][0], wz = grad[1][0] - grad[0][1];
    return wx * wx + wy * wy + wz * wz;
  }
  void add(const CellLanes& knudsen, const CellLanes& omega2, int count) {
    for (int l = 0; l < count; ++l) {
      max_knudsen = std::max(max_knudsen, knudsen[l]);
      enstrophy += 0.5 * omega2[l];
      max_vorticity2 = std::max(max_vorticity2, omega2[l]);
    }
  }
};

// A group of cells as one SIMD vector (dissipative_rates.hpp, cell_lanes.hpp). Returns false, writing
// nothing, when the lanes would branch differently on their transport coefficients or a lane's
// Jacobian is singular (the caller then redoes the cells one group each, which gives the same bits:
// a lane's result does not depend on the other lanes).
// kConstantCs2: the expressions of the constant-sound-speed EOS (a separate instantiation).
template <bool kConstantCs2>
inline bool relax_group(const RelaxationArrays& a, CellGroup g, FlowReductions& reductions) {
  CellLanes e{};
  load(e, a.e, g);
  EosStateT<CellLanes> st;
  TransportCoefficientsT<CellLanes> tc;
  if constexpr (kConstantCs2) {
    if (a.charge_T) {
      CellLanes T{}, s{};
      load(T, a.charge_T, g);
      load(s, a.charge_s, g);
      tc = a.transport->at_cells_charged(e, T, s);
    } else {
      tc = a.transport->at_cells(e, a.eos->temperature(e));
    }
  } else {
    load(st.T, a.eos_T, g);
    load(st.p, a.eos_p, g);
    load(st.cs2, a.eos_cs2, g);
    tc = a.transport->at_cells(e, st);
  }
  if (!same_branches_in_all_lanes(tc)) return false;
  CellFlowT<CellLanes> f;
  load(f.e, a.e, g);
  if constexpr (kConstantCs2) {
    f.cs2 = splat<CellLanes>(a.cs2);
    f.p = a.cs2 * f.e;
  } else {
    f.constant_cs2 = false;
    f.cs2 = st.cs2;
    f.p = st.p;
  }
  for (int i = 0; i < 3; ++i) load(f.u[i], a.u[i], g);
  const CellLanes gamma2 = 1.0 + f.u[0] * f.u[0] + f.u[1] * f.u[1] + f.u[2] * f.u[2];
  f.gamma = lane_sqrt(gamma2);
  const CellLanes inv_gamma = 1.0 / f.gamma;
  const CellLanes v[3] = {f.u[0] * inv_gamma, f.u[1] * inv_gamma, f.u[2] * inv_gamma};
  for (int q = 0; q < 6; ++q) load(f.pi[q], a.pi[q], g);
  remove_trace(v, f.pi);
  load(f.Pi, a.Pi, g);
  for (int j = 0; j < 3; ++j)
    for (int k = 0; k < 3; ++k) load(f.grad_u[j][k], a.grad_u[j * 3 + k], g);
  if (a.on.shear)
    for (int q = 0; q < 6; ++q) load(f.advect_pi[q], a.advect[q], g);
  if (a.on.bulk) load(f.advect_Pi, a.advect[6], g);
  if (a.milne) add_milne_connection(f, a.inv_tau);
  CellLanes dT_dt[4];
  for (int nu = 0; nu < 4; ++nu) load(dT_dt[nu], a.dT[nu], g);
  CellLanes dpi[6], dPi, Du[3], de_dt;
  if (!dissipative_time_derivatives(f, tc, a.on, dT_dt, dpi, dPi, Du, &de_dt)) return false;
  for (int q = 0; q < 6; ++q) store(a.dpi[q], dpi[q], g);
  store(a.dPi, dPi, g);
  if (a.diffusion) diffusion_group(*a.diffusion, g, f, Du, de_dt);
  // Knudsen number tau |theta|, theta = d_t u^t + d_k u^k with d_t u^k = (Du^k - u^m d_m u^k)/gamma
  // (as first_order_at); the vorticity before the Milne connection (only grad_u[2][2] gets one).
  CellLanes u_dt_u{}, div_u{};
  for (int k = 0; k < 3; ++k) {
    const CellLanes a_k = f.u[0] * f.grad_u[k][0] + f.u[1] * f.grad_u[k][1] + f.u[2] * f.grad_u[k][2];
    u_dt_u += f.u[k] * (Du[k] - a_k);
    div_u += f.grad_u[k][k];
  }
  const CellLanes theta = u_dt_u * (inv_gamma * inv_gamma) + div_u;
  const CellLanes tau = a.on.shear ? tc.tau_pi : tc.tau_Pi;
  reductions.add(lane_abs(tau * theta), FlowReductions::vorticity2(f.grad_u), g.count);
  return true;
}
}  // namespace

void RightHandSide::relaxation_pass(const StateView& in, const StateView& out, StateSummary& summary) {
  const std::size_t n = grid_.cells();
  std::size_t bad_cell = n;
  // (A charged run needs d_t e and D u^i even when ideal: it takes the pass below.)
  if (!switches_.shear && !switches_.bulk && !charge_.charged) {
    for (int v = kPixx; v <= kBulk; ++v) std::fill(out.var(v).begin(), out.var(v).end(), 0.0);
    // Ideal: no relaxation pass to fold the vorticity into, so a pass of its own (Knudsen number 0).
    const FlowReductions flow = parallel::reduce<FlowReductions>(n, [&](std::size_t c, FlowReductions& r) {
      double grad[3][3];
      for (int j = 0; j < 3; ++j)
        for (int k = 0; k < 3; ++k) grad[j][k] = grad_u_[j * 3 + k][c];
      const double omega2 = FlowReductions::vorticity2(grad);
      r.enstrophy += 0.5 * omega2;
      r.max_vorticity2 = std::max(r.max_vorticity2, omega2);
    });
    finish_flow_reductions(flow.max_knudsen, flow.enstrophy, flow.max_vorticity2, summary);
    return;
  }
  RelaxationArrays arrays{};
  arrays.e = e_.data();
  arrays.u[0] = ux_.data();
  arrays.u[1] = uy_.data();
  arrays.u[2] = uz_.data();
  for (int q = 0; q < 6; ++q) {
    arrays.pi[q] = in.ptr(kPixx + q);
    arrays.dpi[q] = out.ptr(kPixx + q);
  }
  arrays.Pi = in.ptr(kBulk);
  arrays.dPi = out.ptr(kBulk);
  for (int q = 0; q < 9; ++q) arrays.grad_u[q] = grad_u_[q].data();
  // The advection terms were written where d_t pi and d_t Pi go (spectral_phase): each group reads
  // them before it writes its rates over them.
  for (int q = 0; q < 6; ++q) arrays.advect[q] = out.ptr(kPixx + q);
  arrays.advect[6] = out.ptr(kBulk);
  for (int nu = 0; nu < 4; ++nu) arrays.dT[nu] = out.ptr(kTtt + nu);
  arrays.cs2 = eos_.cs2();
  arrays.on = switches_;
  arrays.transport = &transport_;
  arrays.eos = &eos_;
  arrays.eos_T = eos_T_.data();
  arrays.eos_p = eos_p_.data();
  arrays.eos_cs2 = eos_cs2_.data();
  arrays.milne = milne_;
  arrays.inv_tau = 1.0 / tau_;
  DiffusionArrays diffusion;
  if (charge_.charged) {
    arrays.charge_T = charge_fields_[kChargeT].data();
    arrays.charge_s = charge_fields_[kChargeS].data();
    diffusion = diffusion_arrays(in, out);
    arrays.diffusion = &diffusion;
  }
  // Every cell goes through the vector code: a group whose lanes would branch differently (or with a
  // singular lane) is redone one cell per group, which gives each cell the same bits.
  const std::size_t groups = (n + kCellLanes - 1) / kCellLanes;
  const FlowReductions flow =
      parallel::reduce<FlowReductions>(groups, [&](std::size_t group, FlowReductions& r) {
        const std::size_t c0 = group * kCellLanes;
        const int count = static_cast<int>(std::min<std::size_t>(kCellLanes, n - c0));
        auto relax = [&arrays, &r, constant = eos_.constant_cs2()](CellGroup g) {
          return constant ? relax_group<true>(arrays, g, r) : relax_group<false>(arrays, g, r);
        };
        if (!relax({c0, count}))
          for (int l = 0; l < count; ++l)
            if (!relax({c0 + l, 1})) {
#pragma omp critical
              bad_cell = std::min(bad_cell, c0 + l);
            }
      });
  check_failure(bad_cell, "", "singular Jacobian of T^{t nu}(e, u, pi, Pi)", kExitUnphysical, in);
  finish_flow_reductions(flow.max_knudsen, flow.enstrophy, flow.max_vorticity2, summary);
}

void RightHandSide::finish_flow_reductions(double max_knudsen, double enstrophy, double max_vorticity2,
                                           StateSummary& summary) const {
  double maxima[2] = {max_knudsen, max_vorticity2};
  parallel::max_in_place(maxima, 2);
  summary.max_knudsen = maxima[0];
  summary.max_vorticity = std::sqrt(maxima[1]);
  summary.enstrophy = parallel::sum(enstrophy) * grid_.cell_volume() * (milne_ ? tau_ : 1.0);
}

long RightHandSide::regulate(const StateView& state, double max_ratio) {
  const std::size_t n = grid_.cells();
  const double cs2 = eos_.cs2();
  struct Count {
    long cells = 0;
    void merge(const Count& o) { cells += o.cells; }
  };
  const Count changed = parallel::reduce<Count>(n, [&](std::size_t c, Count& count) {
    const double u[3] = {ux_[c], uy_[c], uz_[c]};
    const double gamma = std::sqrt(1.0 + u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
    double p[6];
    for (int q = 0; q < 6; ++q) p[q] = state.ptr(kPixx + q)[c];
    const TimeComponents<double> pt = time_components_by_division(p, u, gamma);
    const double* pti = pt.ti;
    const double ptt = pt.tt;
    // pi:pi = pi^{tt}^2 - 2 pi^{ti} pi^{ti} + pi^{ij} pi^{ij} (metric -,+,+,+).
    const double pipi = ptt * ptt - 2 * (pti[0] * pti[0] + pti[1] * pti[1] + pti[2] * pti[2]) + p[0] * p[0] +
                        p[3] * p[3] + p[5] * p[5] + 2 * (p[1] * p[1] + p[2] * p[2] + p[4] * p[4]);
    const double limit =
        eos_.constant_cs2() ? max_ratio * e_[c] * (1.0 + cs2) : max_ratio * (e_[c] + eos_.pressure(e_[c]));
    bool touched = false;
    if (pipi > limit * limit) {
      const double scale = limit / std::sqrt(pipi);
      for (int q = 0; q < 6; ++q) state.ptr(kPixx + q)[c] *= scale;
      touched = true;
    }
    double& Pi = state.ptr(kBulk)[c];
    if (std::abs(Pi) > limit) {
      Pi = std::copysign(limit, Pi);
      touched = true;
    }
    // T^{t nu} is kept: the regulated stress changes the fluid's e and u, not its conserved densities.
    count.cells += touched ? 1 : 0;
  });
  return static_cast<long>(parallel::sum(static_cast<long long>(changed.cells)));
}

void RightHandSide::evaluate(const StateView& in, const StateView& out, double time, StateSummary& summary,
                             std::span<double> shear_rate, std::span<double> bulk_rate,
                             std::span<double> diffusion_rate) {
  tau_ = time;
  {
    ISHYDRO_PROFILE("primitive recovery + fluxes");
    recover_and_fluxes(in, summary, shear_rate, bulk_rate, diffusion_rate, {}, true);
  }
  if (charge_.charged) charge_divergence(out);
  spectral_phase(in, out);  // its phases: fft forward, k-space work, fft inverse, advection products
  if (milne_) add_milne_sources(in, out);
  if (charge_.charged) charge_spectral_phase(in, out);
  ISHYDRO_PROFILE("relaxation sources");
  relaxation_pass(in, out, summary);
}

}  // namespace ishydro
