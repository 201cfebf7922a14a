#pragma once
// Baryon diffusion coefficients from the charged state (docs/equations.md, eqs. 91-92):
//   tau_V = C_B hbar c / T                                          (fm)
//   kappa_B = tau_V n_B (coth(alpha)/3 - n_B T/(e + p))              (1/fm^2)
//           = tau_V [(n_B/alpha) (alpha coth alpha)/3 - n_B^2 T/(e + p)]   (no 0/0 at alpha = 0)
// with the limit kappa_B -> tau_V T chi_B/3 = C_B hbar c chi_B/3 at n_B = 0 (n_B/alpha -> T chi_B
// there; the contract's "C_B chi_B/3" in units hbar = c = 1), and the rest-frame diffusion front speed
// squared kappa_B (d alpha/d n_B)_e / tau_V, which does not depend on C_B (1/3 at alpha = 0 for the qgp gas,
// eq. 92).
#include <cmath>

#include "eos/qgp.hpp"
#include "simd/cell_lanes.hpp"
#include "simd/lane_math.hpp"

namespace ishydro {

// Vectors are passed between inline functions only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

template <class Real>
struct DiffusionCoefficientsT {
  Real tau_V{};    // fm
  Real kappa_B{};  // 1/fm^2
};
using DiffusionCoefficients = DiffusionCoefficientsT<double>;

// alpha coth(alpha), even, 1 at alpha = 0: its Taylor series (Bernoulli numbers) through alpha^12
// below |alpha| = 0.1 (first omitted term < 1e-18), alpha/tanh(alpha) = |alpha| (2 + m)/(-m) with
// m = expm1(-2|alpha|) above (eq. 91; for lanes one vector expm1, simd/lane_math.hpp; a few ulp, tested).
template <class Real>
inline Real alpha_coth_alpha(const Real& alpha) {
  const Real a2 = alpha * alpha;
  const Real series =
      1.0 + a2 * (1.0 / 3.0 +
                  a2 * (-1.0 / 45.0 +
                        a2 * (2.0 / 945.0 +
                              a2 * (-1.0 / 4725.0 + a2 * (2.0 / 93555.0 + a2 * (-1382.0 / 638512875.0))))));
  if (!any_lane(a2 >= 0.01)) return series;
  const Real a = lane_abs(alpha);
  const Real m = lane_expm1(-2.0 * a);
  return a2 < 0.01 ? series : a * (2.0 + m) / -m;
}

// kappa_B / tau_V (1/fm^3): what both kappa_B and the front speed are built from (eqs. 91-92).
template <class Real>
inline Real kappa_over_tau(const ChargedStateT<Real>& st, const Real& e, const Real& nB) {
  return st.n_over_alpha * alpha_coth_alpha(st.alpha) / 3.0 - nB * nB * st.T / (e + st.p);
}

// tau_V and kappa_B at a cell (or kCellLanes cells) with energy density e (GeV/fm^3), baryon density nB
// (1/fm^3), its state st (QgpGas::state(e, nB)) and C_B = transport.kappa_coeff (eq. 91).
template <class Real>
inline DiffusionCoefficientsT<Real> diffusion_coefficients(const ChargedStateT<Real>& st, const Real& e,
                                                           const Real& nB, double C_B) {
  DiffusionCoefficientsT<Real> c;
  c.tau_V = C_B * QgpGas::kHbarC / st.T;
  c.kappa_B = c.tau_V * kappa_over_tau(st, e, nB);
  return c;
}

// The rest-frame diffusion front speed squared kappa_B (d alpha/d nB)_e / tau_V (eq. 92).
template <class Real>
inline Real diffusion_front_speed_squared(const ChargedStateT<Real>& st, const Real& e, const Real& nB) {
  return kappa_over_tau(st, e, nB) * st.dalpha_dn;
}

#pragma GCC diagnostic pop

}  // namespace ishydro
