// QCD matter wired into the solver (issue 13): the EOS as a runtime kind, primitive recovery with
// p(e), temperature-dependent transport with the local T, p and cs2, the configuration keys, Gubser's
// refusal of delta_pipi off, and Bjorken flow through the crossover against an independent ODE.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "config/config.hpp"
#include "config/config_test_util.hpp"
#include "eos/eos.hpp"
#include "eos/hotqcd.hpp"
#include "hydro/physics_error.hpp"
#include "hydro/primitive_recovery.hpp"
#include "problems/problem.hpp"
#include "problems/registry.hpp"
#include "run/eos_checks.hpp"
#include "support/run_helpers.hpp"
#include "transport/parametrization.hpp"
#include "transport/transport.hpp"

namespace ishydro {
namespace {

constexpr double kHc = 0.1973269804;
const OverS kKink = OverS::kink(0.223, 0.071, -1.188, 0.389);
const OverS kCauchy = OverS::cauchy(0.102, 0.156, 0.093, -0.161);

TEST(QcdEos, RuntimeKindGivesTheLibrarysThermodynamics) {
  const Eos eos = Eos::hotqcd();
  const HotQcdEos lib;
  EXPECT_FALSE(eos.constant_cs2());
  EXPECT_STREQ(eos.kind_name(), "hotqcd");
  for (double T : {0.08, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0}) {
    const double e = HotQcdEos::energy_density(T);
    const EosStateT<double> st = eos.state(e);
    const QcdThermo q = lib.at_energy_density(e);
    EXPECT_EQ(st.T, q.T);
    EXPECT_EQ(st.p, q.p);
    EXPECT_EQ(st.cs2, q.cs2);
    EXPECT_NEAR(st.T / T, 1.0, 1e-14);
    EXPECT_NEAR(eos.energy_density(T) / e, 1.0, 1e-15);
  }
  // Out of range: NaN, and a message naming eos.kind and the temperature range.
  EXPECT_TRUE(std::isnan(eos.state(0.5 * eos.e_min()).T));
  EXPECT_NE(eos.range_message(0.5 * eos.e_min()).find("eos.kind = \"hotqcd\""), std::string::npos);
  EXPECT_NE(eos.range_message(0.5 * eos.e_min()).find("0.08"), std::string::npos);
  // The constant kinds keep p = cs2 e.
  const Eos conformal(1.0 / 3.0, 47.5);
  EXPECT_TRUE(conformal.constant_cs2());
  EXPECT_EQ(conformal.state(2.0).p, 2.0 / 3.0);
  EXPECT_EQ(conformal.state(2.0).T, conformal.temperature(2.0));
  // Lanes: the same bits as one cell at a time.
  CellLanes e{};
  for (int l = 0; l < kCellLanes; ++l) e[l] = HotQcdEos::energy_density(0.1 + 0.05 * l);
  const EosStateT<CellLanes> lanes = eos.state(e);
  for (int l = 0; l < kCellLanes; ++l) {
    const EosStateT<double> one = eos.state(e[l]);
    // (The library's vector and scalar code round differently: a few ulp.)
    EXPECT_NEAR(lanes.T[l] / one.T, 1, 1e-15);
    EXPECT_NEAR(lanes.p[l] / one.p, 1, 1e-15);
    EXPECT_NEAR(lanes.cs2[l] / one.cs2, 1, 1e-15);
  }
}

// T^{t nu} made from random (e, u, pi, Pi) with p = p(e) of HotQCD is inverted back to the same e and v.
TEST(QcdRecovery, RoundTripsWithTheHotQcdPressure) {
  const Eos eos = Eos::hotqcd();
  std::mt19937_64 rng(13);
  std::uniform_real_distribution<double> uni(-1.0, 1.0);
  double worst_e = 0, worst_v = 0;
  int max_iterations = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    const double T = 0.085 + 0.9 * (0.5 + 0.5 * uni(rng));
    const double e = eos.energy_density(T);
    const double umax = trial % 2 ? 0.5 : 5.0;
    const double u[3] = {umax * uni(rng), umax * uni(rng), umax * uni(rng)};
    double pi[6];
    for (double& x : pi) x = 0.1 * e * uni(rng);
    const double Pi = 0.05 * e * uni(rng);
    double state[kNumVars];
    conserved_from_primitive(e, u, pi, Pi, eos, state);
    const double Tti[3] = {state[kTtx], state[kTty], state[kTtz]};
    RecoveredCell cell;
    const RecoveryStatus status =
        recover_primitive_eos(state[kTtt], Tti, &state[kPixx], Pi, eos, 1e-15, cell);
    ASSERT_EQ(status, RecoveryStatus::ok)
        << trial << " e " << e << " u " << u[0] << " " << u[1] << " " << u[2] << " Pi " << Pi << " it "
        << cell.iterations << " e_rec " << cell.e;
    const double gamma = std::sqrt(1 + u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
    worst_e = std::max(worst_e, std::abs(cell.e / e - 1));
    for (int i = 0; i < 3; ++i) worst_v = std::max(worst_v, std::abs(cell.v[i] - u[i] / gamma));
    max_iterations = std::max(max_iterations, cell.iterations);
  }
  EXPECT_LT(worst_e, 1e-12);
  EXPECT_LT(worst_v, 1e-13);
  EXPECT_LT(max_iterations, 60);
  RecordProperty("worst_e", std::to_string(worst_e));
}

TEST(QcdRecovery, LanesGiveTheBitsOfOneCell) {
  const Eos eos = Eos::hotqcd();
  RecoveryInput<CellLanes> in[1];
  double state[kCellLanes][kNumVars];
  for (int l = 0; l < kCellLanes; ++l) {
    const double e = eos.energy_density(0.12 + 0.07 * l);
    const double u[3] = {0.3 * l, -0.2, 0.1 * l * l};
    const double pi[6] = {0.01 * e, 0.002 * e, 0, -0.004 * e, 0.001 * e, 0.0};
    conserved_from_primitive(e, u, pi, -0.01 * e, eos, state[l]);
    in[0].Ttt[l] = state[l][kTtt];
    for (int i = 0; i < 3; ++i) in[0].Tti[i][l] = state[l][kTtx + i];
    for (int q = 0; q < 6; ++q) in[0].pi[q][l] = state[l][kPixx + q];
    in[0].Pi[l] = state[l][kBulk];
  }
  RecoveredT<CellLanes> out[1];
  RecoveryStatus status[kCellLanes];
  EosStateT<CellLanes> states[1];
  recover_primitive_groups_eos<1>(in, eos, 1e-15, out, status, nullptr, &states);
  for (int l = 0; l < kCellLanes; ++l) {
    // The EOS state handed on is that of the recovered e, to round-off (a few ulp).
    const EosStateT<double> at_e = eos.state(out[0].e[l]);
    EXPECT_NEAR(states[0].T[l] / at_e.T, 1.0, 2e-15) << l;
    EXPECT_NEAR(states[0].p[l] / at_e.p, 1.0, 2e-15) << l;
    EXPECT_NEAR(states[0].cs2[l] / at_e.cs2, 1.0, 2e-15) << l;
    RecoveredCell one;
    const double Tti[3] = {state[l][kTtx], state[l][kTty], state[l][kTtz]};
    ASSERT_EQ(recover_primitive_eos(state[l][kTtt], Tti, &state[l][kPixx], state[l][kBulk], eos, 1e-15, one),
              RecoveryStatus::ok);
    EXPECT_EQ(status[l], RecoveryStatus::ok);
    EXPECT_EQ(out[0].e[l], one.e);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(out[0].v[i][l], one.v[i]);
  }
}

TransportConfig qcd_transport(const std::string& form) {
  TransportConfig t;
  t.eta_over_s_T = kKink;
  t.zeta_over_s_T = kCauchy;
  t.tau_pi_coeff = 5.0;
  t.tau_Pi_form = form;
  t.tau_Pi_coeff = form == "cs2" ? 1.0 / 14.55 : 5.0;
  t.second_order = "dnmr";
  t.terms = {true, true, true, true, true, true};
  return t;
}

TEST(QcdTransport, CoefficientsFromTheLocalTemperaturePressureAndSoundSpeed) {
  const Eos eos = Eos::hotqcd();
  for (const std::string form : {"constant", "cs2"}) {
    const Transport transport(qcd_transport(form), eos);
    for (double T : {0.1, 0.15, 0.2, 0.3}) {
      const double e = HotQcdEos::energy_density(T), p = HotQcdEos::pressure_at_temperature(T);
      const double cs2 = HotQcdEos::cs2_at_temperature(T);
      const double s = (e + p) / T;
      const TransportCoefficients c = transport.at(e);
      const double eta = kKink.at(T) * s * kHc, zeta = kCauchy.at(T) * s * kHc;
      const double tau_pi = 5 * eta / (e + p);
      const double tau_Pi =
          form == "cs2" ? zeta / (14.55 * (1.0 / 3 - cs2) * (1.0 / 3 - cs2) * (e + p)) : 5 * zeta / (e + p);
      EXPECT_NEAR(c.eta / eta, 1, 1e-13);
      EXPECT_NEAR(c.zeta / zeta, 1, 1e-13);
      EXPECT_NEAR(c.tau_pi / tau_pi, 1, 1e-13);
      EXPECT_NEAR(c.tau_Pi / tau_Pi, 1, 1e-12);
      EXPECT_NEAR(c.phi7 / (9 / (70 * p)), 1, 1e-13);
      EXPECT_NEAR(c.lambda_Pipi / (1.6 * (1.0 / 3 - cs2) * tau_Pi), 1, 1e-12);
      EXPECT_NEAR(c.delta_PiPi / (2.0 / 3 * tau_Pi), 1, 1e-12);
      EXPECT_NEAR(c.lambda_piPi / (1.2 * tau_pi), 1, 1e-13);
      EXPECT_NEAR(transport.front_speed_squared(e) / (cs2 + 4.0 / 15 + zeta / ((e + p) * tau_Pi)), 1, 1e-12);
    }
  }
}

// ---- configuration ----------------------------------------------------------------------------
const std::string kQcdGrid = "[grid]\npoints = [4, 1, 1]\nsize = [1.0, 1.0, 1.0]\n[time]\nend = 1\n";
const std::string kQcdWave = "[initial]\nkind = \"sound_wave\"\n";

TEST(QcdConfig, KeysAreReadAndRoundTrip) {
  const std::string text =
      kQcdGrid +
      "[eos]\nkind = \"hotqcd\"\n[transport]\n"
      "eta_over_s = { kind = \"kink\", T_kink = 0.223, value = 0.071, slope_low = -1.188, "
      "slope_high = 0.389 }\n"
      "zeta_over_s = { kind = \"cauchy\", max = 0.102, T_peak = 0.156, width = 0.093, "
      "asymmetry = -0.161 }\ntau_Pi_form = \"cs2\"\nsecond_order = \"dnmr\"\n" +
      kQcdWave;
  const RunConfig c = parse_config_string(text);
  EXPECT_EQ(c.eos.kind, EosKind::hotqcd);
  ASSERT_TRUE(c.transport.eta_over_s_T);
  EXPECT_EQ(*c.transport.eta_over_s_T, kKink);
  ASSERT_TRUE(c.transport.zeta_over_s_T);
  EXPECT_EQ(*c.transport.zeta_over_s_T, kCauchy);
  EXPECT_FALSE(c.transport.eta_over_s);
  EXPECT_EQ(c.transport.tau_Pi_form, "cs2");
  EXPECT_EQ(*c.transport.tau_Pi_coeff, 1.0 / 14.55);
  // The resolved input parses back to the same configuration.
  const RunConfig again = parse_config_string(c.resolved_toml);
  EXPECT_EQ(again.eos, c.eos);
  EXPECT_EQ(again.transport, c.transport);
  EXPECT_NE(c.resolved_toml.find("tau_Pi_form"), std::string::npos);
  // A number keeps meaning a constant; the default form is "constant".
  const RunConfig plain =
      parse_config_string(kQcdGrid + "[eos]\nkind = \"hotqcd\"\n[transport]\neta_over_s = 0.1\n" + kQcdWave);
  EXPECT_EQ(plain.transport.eta_over_s, 0.1);
  EXPECT_FALSE(plain.transport.eta_over_s_T);
  EXPECT_EQ(plain.transport.tau_Pi_form, "constant");
}

// The checks that need the equation of state, made at setup (Simulation) before any output: parsing
// `text` succeeds and the setup refuses it with a one-line message containing every one of `parts`.
void expect_setup_error(const std::string& text, std::initializer_list<std::string> parts) {
  std::string msg;
  try {
    const RunConfig cfg = parse_config_string(text);
    const Eos eos = eos_for_run(cfg.eos);
    const Transport transport(cfg.transport, eos);
    check_against_eos(cfg, eos, transport);
    ADD_FAILURE() << "no InputError for input:\n" << text;
  } catch (const InputError& e) {
    msg = e.what();
  }
  EXPECT_EQ(msg.find('\n'), std::string::npos) << "message is not one line: " << msg;
  EXPECT_EQ(msg.rfind("input error: ", 0), 0u) << msg;
  for (const auto& part : parts)
    EXPECT_NE(msg.find(part), std::string::npos) << "'" << part << "' not in: " << msg;
}

TEST(QcdConfig, BadInputIsRefusedNamingTheKey) {
  using test::expect_error;
  const std::string qcd = kQcdGrid + "[eos]\nkind = \"hotqcd\"\n";
  expect_error(
      qcd + "[transport]\neta_over_s = { kind = \"kink\", T_kink = 0.2, value = 0.1, slope_low = 1 }\n" +
          kQcdWave,
      {"transport.eta_over_s.slope_high"});
  expect_error(qcd +
                   "[transport]\neta_over_s = { kind = \"kink\", T_kink = 0.2, value = 0.1, slope_low = 1, "
                   "slope_high = 1, width = 2 }\n" +
                   kQcdWave,
               {"transport.eta_over_s.width", "not a key"});
  expect_error(qcd +
                   "[transport]\nzeta_over_s = { kind = \"cauchy\", max = 0.1, T_peak = 0.16, width = -0.1, "
                   "asymmetry = 0 }\n" +
                   kQcdWave,
               {"transport.zeta_over_s.width = -0.1", "> 0"});
  expect_error(qcd + "[transport]\nzeta_over_s = { kind = \"gauss\" }\n" + kQcdWave,
               {"transport.zeta_over_s.kind = \"gauss\""});
  // tau_Pi_form = "cs2" where cs2 = 1/3 with bulk viscosity: tau_Pi diverges.
  expect_setup_error(kQcdGrid + "[transport]\nzeta_over_s = 0.05\ntau_Pi_form = \"cs2\"\n" + kQcdWave,
                     {"transport.tau_Pi_form = \"cs2\"", "1/3", "eos.kind = \"conformal\""});
  // Acausal over the range: names the temperature.
  expect_setup_error(qcd + "[transport]\neta_over_s = 0.1\ntau_pi_coeff = 1.0\n" + kQcdWave,
                     {"transport.tau_pi_coeff", "acausal", "at T = "});
  // Below the HotQCD range.
  expect_setup_error(qcd + "[initial]\nkind = \"sound_wave\"\ne0 = 0.001\n",
                     {"initial.e0 = 0.001", "T < 0.08 GeV"});
  expect_setup_error(
      "[grid]\npoints = [1, 1, 1]\nsize = [1.0, 1.0, 1.0]\ncoordinates = \"milne\"\n[time]\nstart = "
      "0.5\nend = 1\n[eos]\nkind = \"hotqcd\"\n[initial]\nkind = \"bjorken\"\nT0 = 0.07\n",
      {"initial.T0 = 0.07", "eos.kind = \"hotqcd\"", "0.08"});
  // Keys of other kinds.
  expect_error(qcd + "cs2 = 0.2\n" + kQcdWave, {"eos.cs2 = 0.2", "not used"});
  expect_error(kQcdGrid + "[eos]\nkind = \"table\"\n" + kQcdWave, {"eos.path is required"});
  expect_setup_error(kQcdGrid + "[eos]\nkind = \"table\"\npath = \"/nonexistent/eos.dat\"\n" + kQcdWave,
                     {"eos.path = \"/nonexistent/eos.dat\""});
}

TEST(QcdConfig, GubserNeedsDeltaPipi) {
  using test::expect_error;
  const std::string grid =
      "[grid]\npoints = [8, 8, 1]\nsize = [10.0, 10.0, 1.0]\ncoordinates = \"milne\"\n[time]\nstart = 1\nend "
      "= "
      "2\n";
  const std::string gubser = "[initial]\nkind = \"gubser\"\n";
  expect_error(grid + "[transport]\neta_over_s = 0.2\n" + gubser,
               {"transport.second_order = \"is\" (default)", "delta_pipi", "is43"});
  expect_error(
      grid +
          "[transport]\neta_over_s = 0.2\nsecond_order = \"dnmr\"\n[transport.terms]\ndelta_pipi = false\n" +
          gubser,
      {"transport.second_order = \"dnmr\"", "transport.terms.delta_pipi = false"});
  EXPECT_NO_THROW(
      parse_config_string(grid + "[transport]\neta_over_s = 0.2\nsecond_order = \"is43\"\n" + gubser));
}

// ---- runs ----------------------------------------------------------------------------------------
// A state cooling below T = 0.08 GeV stops with the physics-error status, naming eos.kind and the cell.
TEST(QcdRun, LeavingTheRangeStopsWithThePhysicsErrorStatus) {
  RunConfig cfg = testing::base_config({1, 1, 1}, {1.0, 1.0, 1.0}, 100.0);
  cfg.grid.coordinates = Coordinates::milne;
  cfg.time.start = 1.0;
  cfg.time.start_given = true;
  cfg.time.cfl = 0.05;
  cfg.eos.kind = EosKind::hotqcd;
  cfg.initial = make_initial("bjorken", {{"T0", 0.1}});
  cfg.transport.eta_over_s = 0.0;
  cfg.transport.zeta_over_s = 0.0;
  RunOptions opts;
  opts.write_outputs = false;
  opts.threads = 1;
  Simulation sim(cfg, opts);
  const RunResult r = sim.run();
  EXPECT_EQ(r.exit_status, kExitUnphysical);
  EXPECT_NE(r.message.find("eos.kind = \"hotqcd\""), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("T in [0.08"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("cell (0, 0, 0)"), std::string::npos) << r.message;
}

// Bjorken flow through the crossover (T0 = 0.5 GeV at tau0 = 0.4 fm down to ~0.15 GeV) with the kink
// eta/s, the Cauchy zeta/s and the full DNMR set, against an RK4 integration of the Bjorken ODEs
// written here from docs/equations.md with the HotQCD formula (independent of the solver's Transport):
//   de/dtau = -(e + p + Pi - phi)/tau
//   tau_pi dphi/dtau = -phi + 4 eta/(3 tau) - (delta_pipi + tau_pipi/3) phi/tau + phi7 phi^2/2
//                      + (2/3) lambda_piPi Pi/tau
//   tau_Pi dPi/dtau = -Pi - zeta/tau - delta_PiPi Pi/tau + lambda_Pipi phi/tau
struct Bj {
  double e, phi, Pi;
};
Bj bjorken_qcd_rhs(double tau, const Bj& y, bool cs2_form) {
  static const HotQcdEos eos;
  const QcdThermo th = eos.at_energy_density(y.e);
  const double T = th.T, p = th.p, cs2 = th.cs2, w = y.e + p;
  const double s_hc = w / T * kHc;
  const double eta = kKink.at(T) * s_hc, zeta = kCauchy.at(T) * s_hc;
  const double tau_pi = 5 * eta / w;
  const double d = 1.0 / 3.0 - cs2;
  const double tau_Pi = cs2_form ? zeta / (14.55 * d * d * w) : 5 * zeta / w;
  const double delta_pipi = 4.0 / 3 * tau_pi, tau_pipi = 10.0 / 7 * tau_pi, phi7 = 9.0 / (70 * p),
               lambda_piPi = 1.2 * tau_pi, delta_PiPi = 2.0 / 3 * tau_Pi, lambda_Pipi = 1.6 * d * tau_Pi;
  Bj r;
  r.e = -(y.e + p + y.Pi - y.phi) / tau;
  r.phi = (-y.phi + 4 * eta / (3 * tau) - (delta_pipi + tau_pipi / 3) * y.phi / tau +
           phi7 * y.phi * y.phi / 2 + 2.0 / 3 * lambda_piPi * y.Pi / tau) /
          tau_pi;
  r.Pi = (-y.Pi - zeta / tau - delta_PiPi * y.Pi / tau + lambda_Pipi * y.phi / tau) / tau_Pi;
  return r;
}
Bj bjorken_qcd_reference(Bj y, double tau0, double tau1, bool cs2_form) {
  const int n = 20000;
  const double ds = std::log(tau1 / tau0) / n;
  auto f = [&](double s, const Bj& y) {
    const double tau = std::exp(s);
    const Bj d = bjorken_qcd_rhs(tau, y, cs2_form);
    return Bj{tau * d.e, tau * d.phi, tau * d.Pi};
  };
  auto axpy = [](const Bj& y, double a, const Bj& k) {
    return Bj{y.e + a * k.e, y.phi + a * k.phi, y.Pi + a * k.Pi};
  };
  double s = std::log(tau0);
  for (int i = 0; i < n; ++i, s = std::log(tau0) + (i * ds)) {
    const Bj k1 = f(s, y), k2 = f(s + ds / 2, axpy(y, ds / 2, k1)), k3 = f(s + ds / 2, axpy(y, ds / 2, k2)),
             k4 = f(s + ds, axpy(y, ds, k3));
    y.e += ds / 6 * (k1.e + 2 * k2.e + 2 * k3.e + k4.e);
    y.phi += ds / 6 * (k1.phi + 2 * k2.phi + 2 * k3.phi + k4.phi);
    y.Pi += ds / 6 * (k1.Pi + 2 * k2.Pi + 2 * k3.Pi + k4.Pi);
  }
  return y;
}

class QcdBjorken : public ::testing::TestWithParam<const char*> {};

TEST_P(QcdBjorken, MatchesAnIndependentOdeThroughTheCrossover) {
  const std::string form = GetParam();
  const double tau0 = 0.4, T0 = 0.5, tau1 = 40.0;  // T(tau1) ~ 0.15 GeV
  RunConfig cfg = testing::base_config({1, 1, 1}, {1.0, 1.0, 1.0}, tau1);
  cfg.grid.coordinates = Coordinates::milne;
  cfg.time.start = tau0;
  cfg.time.start_given = true;
  cfg.time.cfl = 0.005;
  cfg.eos.kind = EosKind::hotqcd;
  cfg.transport = qcd_transport(form);
  cfg.initial = make_initial("bjorken", {{"T0", T0}, {"pi", std::string("zero")}});
  const testing::Fields f = testing::run_to_end(cfg);
  const Bj ref = bjorken_qcd_reference({HotQcdEos::energy_density(T0), 0, 0}, tau0, f.time, form == "cs2");
  const HotQcdEos eos;
  const double T = eos.temperature(f.e[0]), T_ref = eos.temperature(ref.e);
  RecordProperty("T_final", std::to_string(T_ref));
  EXPECT_LT(T_ref, 0.17);
  EXPECT_NEAR(T / T_ref, 1.0, 1e-6);
  EXPECT_NEAR(-f.pi[5][0] / ref.phi, 1.0, 1e-6);
  EXPECT_NEAR(f.Pi[0] / ref.Pi, 1.0, 1e-6);
  std::printf(
      "[%s] tau = %.6g: T = %.10g (ref %.10g, rel %.2e), phi rel %.2e, Pi = %.6g (ref %.6g, rel %.2e)\n",
      form.c_str(), f.time, T, T_ref, T / T_ref - 1, -f.pi[5][0] / ref.phi - 1, f.Pi[0], ref.Pi,
      f.Pi[0] / ref.Pi - 1);
}

INSTANTIATE_TEST_SUITE_P(Forms, QcdBjorken, ::testing::Values("constant", "cs2"));

}  // namespace
}  // namespace ishydro
