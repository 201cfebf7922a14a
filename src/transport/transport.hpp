#pragma once
// Transport coefficients at one cell (docs/equations.md, eqs. 23-27): eta, zeta, the relaxation
// times and the second-order coefficients of the chosen set, each term switchable on its own.
#include "config/config.hpp"
#include "eos/eos.hpp"
#include "transport/parametrization.hpp"

// Vectors are passed between inline functions only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {

// `Real` is double, or a SIMD vector holding several cells' values (simd/cell_lanes.hpp).
template <class Real>
struct TransportCoefficientsT {
  Real eta{}, zeta{};                                    // GeV/fm^2
  Real tau_pi{}, tau_Pi{};                               // fm
  Real delta_pipi{}, tau_pipi{}, phi7{}, lambda_piPi{};  // shear set (eq. 12)
  Real delta_PiPi{}, lambda_Pipi{};                      // bulk set (eq. 13)
  Real vorticity{};                                      // 2 tau_pi (eq. 12, the DNMR vorticity term)
};
using TransportCoefficients = TransportCoefficientsT<double>;

class Transport {
 public:
  Transport(const TransportConfig& cfg, const Eos& eos);

  // Coefficients at energy density e (pressure and temperature from the EOS), one cell; the passes of
  // the right-hand side use at_cells on kCellLanes cells at once.
  TransportCoefficients at(double e) const;

  // A field with zero relaxation time is held at its Navier-Stokes value, zero: happens when the
  // viscosity is zero and the relaxation time is given as a multiple of eta/(e+p).
  bool shear_active() const { return shear_active_; }
  bool bulk_active() const { return bulk_active_; }
  const SecondOrderTerms& terms() const { return cfg_.terms; }

  // Squared front speed of linear sound in the rest frame (eq. 30):
  //   cs2 + 4 eta / (3 (e+p) tau_pi) + zeta / ((e+p) tau_Pi), with the local cs2 and p.
  double front_speed_squared(double e) const { return front_speed_squared(e, at(e)); }
  // The same from coefficients already evaluated at e (tc = at(e)).
  double front_speed_squared(double e, const TransportCoefficients& tc) const;
  // The same two for one cell (Real = double) or kCellLanes cells (Real = CellLanes): the only
  // branches are on the configuration, so every lane takes the same path. With a constant cs2
  // (eos().constant_cs2()) from T alone, with p = cs2 e; otherwise from the EOS state at e
  // (eos.state(e): T, p, cs2). The two are separate code, so that the constant-cs2 expressions round
  // exactly as before the general EOS existed.
  template <class Real>
  TransportCoefficientsT<Real> at_cells(const Real& e, const Real& T) const;
  template <class Real>
  TransportCoefficientsT<Real> at_cells(const Real& e, const EosStateT<Real>& st) const;
  // A charged run (qgp, p = e/3): eta = (eta/s)(T) s with the T and s of (e, n_B), which differ from
  // those of e alone (s = (e + p - mu_B n_B)/T).
  template <class Real>
  TransportCoefficientsT<Real> at_cells_charged(const Real& e, const Real& T, const Real& s) const;
  template <class Real>
  Real front_speed_squared_cells(const Real& e, const TransportCoefficientsT<Real>& tc) const;
  template <class Real>
  Real front_speed_squared_cells(const Real& e, const EosStateT<Real>& st,
                                 const TransportCoefficientsT<Real>& tc) const;
  const Eos& eos() const { return eos_; }

  // The static causality check over the EOS's temperature range (eq. 30 with the coefficient forms
  // of the relaxation times, where the front speed depends on T only): the largest
  // cs2 + 4/(3 tau_pi_coeff) + bulk term over [T_lo, T_hi] and where it is reached. Only meaningful
  // for tau_pi and tau_Pi given as coefficients (an absolute relaxation time is checked per step).
  struct CausalityScan {
    double max_front2 = 0, T_at_max = 0;
  };
  CausalityScan scan_causality(double T_lo, double T_hi, int samples = 2000) const;

 private:
  // `entropy`: s (1/fm^3) where it is not (e + p)/T (a charged run); null otherwise.
  template <bool kConstantCs2, class Real>
  TransportCoefficientsT<Real> coefficients(const Real& e, const EosStateT<Real>& st,
                                            const Real* entropy = nullptr) const;

  TransportConfig cfg_;
  Eos eos_;
  bool shear_active_ = false, bulk_active_ = false;
  bool constant_cs2_ = true, bulk_cs2_form_ = false;
  std::optional<OverS> eta_over_s_T_, zeta_over_s_T_;  // from cfg_'s tables
};

inline TransportCoefficients Transport::at(double e) const {
  return constant_cs2_ ? at_cells(e, eos_.temperature(e)) : at_cells(e, eos_.state(e));
}

template <class Real>
inline TransportCoefficientsT<Real> Transport::at_cells(const Real& e, const Real& T) const {
  return coefficients<true>(e, EosStateT<Real>{T, Real{}, Real{}});
}

template <class Real>
inline TransportCoefficientsT<Real> Transport::at_cells(const Real& e, const EosStateT<Real>& st) const {
  return coefficients<false>(e, st);
}

template <class Real>
inline TransportCoefficientsT<Real> Transport::at_cells_charged(const Real& e, const Real& T,
                                                                const Real& s) const {
  return coefficients<true>(e, EosStateT<Real>{T, Real{}, Real{}}, &s);
}

template <bool kConstantCs2, class Real>
[[gnu::always_inline]] inline TransportCoefficientsT<Real> Transport::coefficients(
    const Real& e, const EosStateT<Real>& st, const Real* entropy) const {
  TransportCoefficientsT<Real> c;
  const Real& T = st.T;
  // With a constant cs2, p = cs2 e and the expressions of before (bit-identical runs); otherwise the
  // local p and cs2 of st.
  Real p, cs2;
  if constexpr (kConstantCs2) {
    p = eos_.cs2() * e;
    cs2 = splat<Real>(eos_.cs2());
  } else {
    p = st.p;
    cs2 = st.cs2;
  }
  const Real enthalpy = e + p;
  // Two divisions per cell (by T and by e + p), each used twice.
  const Real s_hbarc = entropy ? *entropy * kHbarC : enthalpy / T * kHbarC;
  const Real inv_enthalpy = 1.0 / enthalpy;
  // eta = (eta/s) s hbar c with s = (e+p)/T in 1/fm^3 gives GeV/fm^2 (eq. 23); eta/s and zeta/s
  // constant or functions of the local T (transport/parametrization.hpp).
  if (eta_over_s_T_)
    c.eta = eta_over_s_T_->at(T) * s_hbarc;
  else
    c.eta = cfg_.eta_over_s ? *cfg_.eta_over_s * s_hbarc : splat<Real>(cfg_.eta.value_or(0.0));
  if (zeta_over_s_T_)
    c.zeta = zeta_over_s_T_->at(T) * s_hbarc;
  else
    c.zeta = cfg_.zeta_over_s ? *cfg_.zeta_over_s * s_hbarc : splat<Real>(cfg_.zeta.value_or(0.0));
  c.tau_pi = cfg_.tau_pi ? splat<Real>(*cfg_.tau_pi) : cfg_.tau_pi_coeff.value_or(5.0) * c.eta * inv_enthalpy;
  if (cfg_.tau_Pi) {
    c.tau_Pi = splat<Real>(*cfg_.tau_Pi);
  } else if (bulk_cs2_form_) {
    // tau_Pi = tau_Pi_coeff zeta / ((1/3 - cs2)^2 (e + p)) (MUSIC's form; refused at setup where cs2
    // reaches 1/3 with zeta > 0).
    const Real d = 1.0 / 3.0 - cs2;
    c.tau_Pi = cfg_.tau_Pi_coeff.value_or(1.0 / 14.55) * c.zeta * inv_enthalpy / (d * d);
  } else {
    c.tau_Pi = cfg_.tau_Pi_coeff.value_or(5.0) * c.zeta * inv_enthalpy;
  }
  const SecondOrderTerms& t = cfg_.terms;
  // The 14-moment values (Denicol et al. PRD 85 114047), eqs. 26-27, with the local p and cs2.
  if (t.delta_pipi) c.delta_pipi = 4.0 / 3.0 * c.tau_pi;
  if (t.tau_pipi) c.tau_pipi = 10.0 / 7.0 * c.tau_pi;
  if (t.phi7) {
    if constexpr (kConstantCs2)
      c.phi7 = 9.0 / 70.0 * (1.0 + eos_.cs2()) / eos_.cs2() * inv_enthalpy;  // 9 / (70 p)
    else
      c.phi7 = (9.0 / 70.0) / p;
  }
  if (t.lambda_piPi) c.lambda_piPi = 6.0 / 5.0 * c.tau_pi;
  if (t.delta_PiPi) c.delta_PiPi = 2.0 / 3.0 * c.tau_Pi;
  if (t.lambda_Pipi) {
    if constexpr (kConstantCs2)
      c.lambda_Pipi = 8.0 / 5.0 * (1.0 / 3.0 - eos_.cs2()) * c.tau_Pi;
    else
      c.lambda_Pipi = 8.0 / 5.0 * (1.0 / 3.0 - cs2) * c.tau_Pi;
  }
  if (t.vorticity) c.vorticity = 2.0 * c.tau_pi;
  return c;
}

inline double Transport::front_speed_squared(double e, const TransportCoefficients& c) const {
  return constant_cs2_ ? front_speed_squared_cells<double>(e, c)
                       : front_speed_squared_cells<double>(e, eos_.state(e), c);
}

template <class Real>
inline Real Transport::front_speed_squared_cells(const Real& e, const TransportCoefficientsT<Real>& c) const {
  const Real enthalpy = e + eos_.cs2() * e;
  Real v2 = splat<Real>(eos_.cs2());
  // Per cell, a term only where its relaxation time is positive (selects: no branch on the value).
  if (shear_active_) v2 += c.tau_pi > 0.0 ? 4.0 * c.eta / (3.0 * enthalpy * c.tau_pi) : Real{};
  if (bulk_active_) v2 += c.tau_Pi > 0.0 ? c.zeta / (enthalpy * c.tau_Pi) : Real{};
  return v2;
}

template <class Real>
inline Real Transport::front_speed_squared_cells(const Real& e, const EosStateT<Real>& st,
                                                 const TransportCoefficientsT<Real>& c) const {
  const Real enthalpy = e + st.p;
  Real v2 = st.cs2;
  if (shear_active_) v2 += c.tau_pi > 0.0 ? 4.0 * c.eta / (3.0 * enthalpy * c.tau_pi) : Real{};
  if (bulk_active_) v2 += c.tau_Pi > 0.0 ? c.zeta / (enthalpy * c.tau_Pi) : Real{};
  return v2;
}

#pragma GCC diagnostic pop

}  // namespace ishydro
