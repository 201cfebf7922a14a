// The HotQCD 2014 equation of state (src/eos/hotqcd.hpp, docs/eos_qcd_notes.md): the analytic
// derivatives against independent finite differences, the physics landmarks, and T(e) to round-off for
// one cell and for CellLanes.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <limits>
#include <vector>

#include "eos/eos.hpp"
#include "eos/hotqcd.hpp"

// SIMD vectors (CellLanes) are passed between inline functions only.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {
namespace {

static_assert(HotQcdEos::kHbarC == kHbarC, "one value of hbar c");

constexpr double kEps = std::numeric_limits<double>::epsilon();

// Log-spaced temperatures in [a, b].
std::vector<double> temperatures(double a, double b, int n) {
  std::vector<double> T(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) T[static_cast<std::size_t>(i)] = a * std::pow(b / a, i / (n - 1.0));
  T.back() = b;  // exactly (pow's rounding could step past the range)
  return T;
}

// 8th-order central difference of F at x with step d: truncation error ~ d^8 F^(9) / 630.
template <class F>
double derivative8(F&& F_, double x, double d) {
  static constexpr double c[4] = {4.0 / 5.0, -1.0 / 5.0, 4.0 / 105.0, -1.0 / 280.0};
  double sum = 0;
  for (int k = 1; k <= 4; ++k) sum += c[k - 1] * (F_(x + k * d) - F_(x - k * d));
  return sum / d;
}

// s = dp/dT and ds/dT = d^2p/dT^2 against an 8th-order finite difference of the formula's p and s
// (the test's only use of finite differences: an independent check of the derived formulas). Step
// d = 1e-3 T: truncation ~ (1e-3)^8 (T d/dT)^9 ~ 1e-24 x (ct t)^9 < 1e-17 relative, rounding
// ~ eps / 1e-3 ~ 2e-13 times the few units of the stencil's weights; 2e-11 relative is safely above.
TEST(HotqcdFormula, EntropyAndItsSlopeAreDerivativesOfThePressure) {
  for (double T : temperatures(HotQcdEos::kTMin, 100.0, 400)) {
    const QcdThermo th = HotQcdEos::at_temperature(T);
    const double d = 1e-3 * T;
    const double s_fd = derivative8([](double x) { return HotQcdEos::pressure_at_temperature(x); }, T, d);
    const double ds_fd = derivative8([](double x) { return HotQcdEos::entropy_at_temperature(x); }, T, d);
    EXPECT_NEAR(th.s / s_fd, 1.0, 2e-11) << "T = " << T;
    EXPECT_NEAR(th.ds_dT / ds_fd, 1.0, 2e-11) << "T = " << T;
  }
}

// e = T s - p (computed in the code as T^4 (3 f + f1), without the subtraction) and cs2 = dp/de as the
// ratio of independent finite differences of p(T) and e(T). e: a few ulp of each of T s and p, which
// are at most 4/3 e at high T and ~5 e at T_min (where p/e ~ 0.25): 1e-14. cs2: two ~1e-13
// differences (above) divided, 1e-11.
TEST(HotqcdFormula, EnergyAndSoundSpeedAreConsistent) {
  for (double T : temperatures(HotQcdEos::kTMin, 100.0, 400)) {
    const QcdThermo th = HotQcdEos::at_temperature(T);
    EXPECT_NEAR((T * th.s - th.p) / th.e, 1.0, 1e-14) << "T = " << T;
    const double d = 1e-3 * T;
    const double dp = derivative8([](double x) { return HotQcdEos::pressure_at_temperature(x); }, T, d);
    const double de = derivative8([](double x) { return HotQcdEos::energy_density(x); }, T, d);
    EXPECT_NEAR(th.cs2 / (dp / de), 1.0, 1e-11) << "T = " << T;
    EXPECT_GT(th.cs2, 0.0);
    EXPECT_LT(th.cs2, 1.0 / 3.0 + 1e-3);
  }
}

// d cs2 / d ln T (which holds the third derivative f3, used by the Newton step's first-order
// correction of cs2) against an 8th-order difference of cs2(T) in T: the difference's rounding is
// ~ eps cs2 / 1e-3 ~ 1e-14 absolute, and the slope is O(1) away from its zeros, so 1e-11 absolute.
TEST(HotqcdFormula, SoundSpeedSlopeIsItsDerivative) {
  for (double T : temperatures(HotQcdEos::kTMin, 100.0, 400)) {
    const double slope = hotqcd::p_over_T4(T / hotqcd::kTc).cs2_log_slope();
    const double fd = T * derivative8([](double x) { return HotQcdEos::cs2_at_temperature(x); }, T, 1e-3 * T);
    EXPECT_NEAR(slope, fd, 1e-11) << "T = " << T;
  }
}

// The crossover's softest point: Bazavov et al. quote cs2 ~ 0.14-0.15 at T ~ 145-150 MeV. Scanned on
// a 0.1 MeV grid (the minimum is flat: cs2 changes by ~1e-6 over 0.1 MeV), so the bounds are the
// physics' ranges, not round-off.
TEST(HotqcdFormula, SoundSpeedMinimumNearTheCrossover) {
  double cs2_min = 1, T_at_min = 0;
  for (double T = 0.10; T <= 0.20; T += 1e-4) {
    const double c = HotQcdEos::cs2_at_temperature(T);
    if (c < cs2_min) cs2_min = c, T_at_min = T;
  }
  EXPECT_GT(cs2_min, 0.140);
  EXPECT_LT(cs2_min, 0.150);
  EXPECT_GT(T_at_min, 0.140);
  EXPECT_LT(T_at_min, 0.155);
  std::cout << "cs2 minimum " << cs2_min << " at T = " << T_at_min << " GeV\n";
}

// Stefan-Boltzmann limit: p/T^4 -> pid = 95 pi^2 / 180 (hbar c = 1) as D -> 1 and N -> pid like 1/t:
// at T = 100 GeV (t = 650) the deficit is an/(pid t) - ad/t ~ 1e-3 x 0.7, at 10 GeV ten times more;
// cs2 -> 1/3 and e -> 3p as the deficit's logarithmic derivative, ~ 1/t.
TEST(HotqcdFormula, ApproachesStefanBoltzmannAtHighTemperature) {
  const double sb = hotqcd::kPid / (HotQcdEos::kHbarC * HotQcdEos::kHbarC * HotQcdEos::kHbarC);
  double previous = 0;
  for (double T : {1.0, 3.0, 10.0, 30.0, 100.0}) {
    const QcdThermo th = HotQcdEos::at_temperature(T);
    const double ratio = th.p / (sb * T * T * T * T);
    EXPECT_GT(ratio, previous) << "T = " << T;  // approaches from below, monotonically
    EXPECT_LT(ratio, 1.0);
    const double t = T / hotqcd::kTc;
    EXPECT_NEAR(ratio, 1.0, 2.0 / t) << "T = " << T;
    EXPECT_NEAR(th.cs2, 1.0 / 3.0, 1.0 / t) << "T = " << T;
    EXPECT_NEAR(th.e / (3.0 * th.p), 1.0, 1.0 / t) << "T = " << T;
    previous = ratio;
  }
}

// T(e) over [0.08, 10] GeV: e = e(T) from the formula, then T(e) must return T to round-off. The
// condition number of T(e) is d ln T / d ln e = cs2 e / (e + p) < 1/4, so e's own rounding costs
// < 1/4 ulp of T; the Newton step's residual e(T0) - e carries the formula's rounding (a few ulp of e,
// times the same 1/4) and T0 + dT one more rounding: 4 eps = 8.9e-16 is a bound with room.
TEST(HotqcdInversion, TemperatureOfEnergyDensityToRoundOff) {
  const HotQcdEos eos;
  double worst = 0, worst_T = 0, worst_residual = 0;
  for (double T : temperatures(HotQcdEos::kTMin, 10.0, 200001)) {
    const double e = HotQcdEos::energy_density(T);
    const double Te = eos.temperature(e);
    const double err = std::abs(Te / T - 1.0);
    if (err > worst) worst = err, worst_T = T;
    worst_residual = std::max(worst_residual, std::abs(HotQcdEos::energy_density(Te) / e - 1.0));
  }
  EXPECT_LT(worst, 4 * kEps) << "at T = " << worst_T;
  std::cout << "T(e) max relative error " << worst << " (" << worst / kEps << " eps) at T = " << worst_T
            << " GeV; max |e(T(e)) / e - 1| = " << worst_residual << "\n";
}

// The table's start (before the Newton step) and what the step leaves in p, s, cs2 at e. The start's
// error is the cubic Hermite interpolation's, ~ (h/2)^4 |d^4 ln T / d ln e^4| / 24 with h = 0.062 for
// 512 nodes: measured < 3e-9 (reported); the test bounds it at 1e-8, enough for the Newton step to
// leave < 1e-16. p, s, cs2 at e against the formula at T(e): each is the formula's at the start plus a
// first-order change, so both sides carry the formula's rounding (a few ulp) plus one ulp of T amplified
// by d ln X / d ln T: s T / p <= ~6 for p, 1/cs2 <= 7 for s, 2 + d ln K / d ln T ~ 10 for ds/dT
// (largest in the crossover): 32 eps.
TEST(HotqcdInversion, PressureEntropyAndSoundSpeedAtEnergyDensity) {
  const HotQcdEos eos;
  double worst_start = 0, worst_p = 0, worst_s = 0, worst_cs2 = 0, worst_ds = 0;
  for (double T : temperatures(HotQcdEos::kTMin, 100.0, 100001)) {
    const double e = HotQcdEos::energy_density(T);
    worst_start = std::max(worst_start, std::abs(eos.start_temperature(e) / T - 1.0));
    const QcdThermo at_e = eos.at_energy_density(e);
    const QcdThermo at_T = HotQcdEos::at_temperature(at_e.T);
    worst_p = std::max(worst_p, std::abs(at_e.p / at_T.p - 1.0));
    worst_s = std::max(worst_s, std::abs(at_e.s / at_T.s - 1.0));
    worst_cs2 = std::max(worst_cs2, std::abs(at_e.cs2 / at_T.cs2 - 1.0));
    worst_ds = std::max(worst_ds, std::abs(at_e.ds_dT / at_T.ds_dT - 1.0));
    EXPECT_EQ(eos.pressure(e), at_e.p);
    EXPECT_EQ(eos.entropy_density(e), at_e.s);
    EXPECT_EQ(eos.cs2(e), at_e.cs2);
  }
  EXPECT_LT(worst_start, 1e-8);
  EXPECT_LT(worst_p, 32 * kEps);
  EXPECT_LT(worst_s, 32 * kEps);
  EXPECT_LT(worst_cs2, 32 * kEps);
  EXPECT_LT(worst_ds, 32 * kEps);
  std::cout << "T(e) table start: max relative error " << worst_start << "; at e: max relative error p "
            << worst_p << ", s " << worst_s << ", cs2 " << worst_cs2 << ", ds/dT " << worst_ds << "\n";
}

// The same for kCellLanes cells at once: every lane to round-off against T, and equal to the one-cell
// result within 8 eps (the compiler fuses multiply-adds differently in vector and scalar code, and p's
// sensitivity to T, above, amplifies that).
TEST(HotqcdInversion, CellLanesAgreeWithOneCell) {
  const HotQcdEos eos;
  const std::vector<double> Ts = temperatures(HotQcdEos::kTMin, 10.0, 40000 * kCellLanes);
  double worst = 0, worst_vs_scalar = 0;
  for (std::size_t g = 0; g + kCellLanes <= Ts.size(); g += kCellLanes) {
    CellLanes e{};
    for (int l = 0; l < kCellLanes; ++l)
      e[l] = HotQcdEos::energy_density(Ts[g + static_cast<std::size_t>(l)]);
    const QcdThermoT<CellLanes> th = eos.at_energy_density(e);
    for (int l = 0; l < kCellLanes; ++l) {
      worst = std::max(worst, std::abs(th.T[l] / Ts[g + static_cast<std::size_t>(l)] - 1.0));
      const QcdThermo one = eos.at_energy_density(e[l]);
      worst_vs_scalar = std::max(worst_vs_scalar, std::abs(th.T[l] / one.T - 1.0));
      worst_vs_scalar = std::max(worst_vs_scalar, std::abs(th.p[l] / one.p - 1.0));
      worst_vs_scalar = std::max(worst_vs_scalar, std::abs(th.cs2[l] / one.cs2 - 1.0));
    }
  }
  EXPECT_LT(worst, 4 * kEps);
  EXPECT_LT(worst_vs_scalar, 8 * kEps);
  std::cout << "CellLanes vs one cell: max relative difference " << worst_vs_scalar << "\n";
}

// Out of range, for the solver to stop on: NaN below e(T_min), above e(T_max) (beyond the slack of
// 1e-14 relative, header) and for NaN, in that lane only; range_message names the temperature bound.
TEST(HotqcdInversion, OutOfRangeIsNaN) {
  const HotQcdEos eos(10.0);
  const double below = eos.e_min() * (1.0 - 2.0 * HotQcdEos::kRangeSlack);
  EXPECT_TRUE(std::isnan(eos.temperature(below)));
  EXPECT_TRUE(std::isnan(eos.pressure(0.0)));
  EXPECT_TRUE(std::isnan(eos.cs2(-1.0)));
  EXPECT_TRUE(std::isnan(eos.temperature(std::numeric_limits<double>::quiet_NaN())));
  EXPECT_TRUE(std::isnan(eos.temperature(eos.e_max() * (1.0 + 2.0 * HotQcdEos::kRangeSlack))));
  EXPECT_FALSE(std::isnan(eos.temperature(std::nextafter(eos.e_max(), 1e300))));
  EXPECT_FALSE(std::isnan(eos.temperature(std::nextafter(eos.e_min(), 0.0))));
  EXPECT_TRUE(std::isnan(eos.temperature(std::numeric_limits<double>::infinity())));
  EXPECT_NEAR(eos.temperature(eos.e_min()), HotQcdEos::kTMin, 4 * kEps * HotQcdEos::kTMin);
  EXPECT_NEAR(eos.temperature(eos.e_max()), 10.0, 4 * kEps * 10.0);
  EXPECT_FALSE(eos.in_range(below));
  EXPECT_TRUE(eos.in_range(eos.e_min()));
  EXPECT_NE(eos.range_message(below).find("T = 0.08 GeV"), std::string::npos) << eos.range_message(below);

  CellLanes e = splat<CellLanes>(1.0);
  e[kCellLanes - 1] = below;
  const CellLanes T = eos.temperature(e);
  for (int l = 0; l + 1 < kCellLanes; ++l) EXPECT_EQ(T[l], eos.temperature(1.0));
  EXPECT_TRUE(std::isnan(T[kCellLanes - 1]));
}

}  // namespace
}  // namespace ishydro
