// The baryon charge of the initial states (docs/problems.md, "Baryon charge"): which inputs are
// charged, the N^t and V^i each kind writes, and the refusals of a charge the EOS cannot hold.
// Exact values: N^t = n_B u^t + V^t with V = 0 (docs/equations.md, N^mu = n_B u^mu + V^mu), n_B as
// docs/problems.md defines it per kind; the qgp gas's e(T, mu_B), n_B(T, mu_B) written out below from
// its pressure p = [(8 pi^2/45) + (7 pi^2/60) nf] T^4 + (nf/2) mu_q^2 T^2 + nf mu_q^4/(4 pi^2).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "config/config_test_util.hpp"
#include "problems/problem.hpp"
#include "problems/registry.hpp"
#include "run/eos_checks.hpp"

namespace ishydro {
namespace {

using test::expect_error;
using test::kGrid;
using test::kTime;

constexpr double kHbarC3 = 0.1973269804 * 0.1973269804 * 0.1973269804;
const std::string kQgp = "[eos]\nkind = \"qgp\"\n";

// The charged state of an input, filled as a charged run fills it (15 variables).
struct Filled {
  RunConfig cfg;
  Grid grid;
  std::vector<double> data;
  StateView state;
  double time = 0;
};

Filled fill(const std::string& text) {
  Filled f{parse_config_string(text), {}, {}, {}};
  f.grid = Grid::decomposed(f.cfg.grid);
  const Eos eos = eos_for_run(f.cfg.eos);
  const Transport transport(f.cfg.transport, eos);
  const int vars = evolved_variables(f.cfg.initial.charged);
  f.data.assign(static_cast<std::size_t>(vars) * f.grid.cells(), NAN);
  f.state = {f.data, f.grid.cells(), vars};
  const ProblemContext ctx{f.cfg, f.grid, eos, transport};
  long step = 0;
  f.time = set_initial_state(ctx, f.state, step);
  return f;
}

TEST(ChargeInitial, WhichInputsAreCharged) {
  auto charged = [](const std::string& initial, const std::string& eos = kQgp) {
    return parse_config_string(kGrid + kTime + eos + "[initial]\n" + initial).initial.charged;
  };
  EXPECT_FALSE(charged("kind = \"sound_wave\"\n", ""));
  EXPECT_FALSE(charged("kind = \"sound_wave\"\nnB0 = 0\n", ""));  // an explicit 0: no charge, any EOS
  EXPECT_TRUE(charged("kind = \"sound_wave\"\nnB0 = 0.1\n"));
  EXPECT_TRUE(charged("kind = \"uniform\"\nnB0 = -0.1\n"));
  EXPECT_TRUE(charged("kind = \"diffusion_wave\"\n"));  // nB0 = 0: the wave itself is a charge
  const RunConfig c =
      parse_config_string(kGrid + kTime + kQgp + "[initial]\nkind = \"sound_wave\"\nnB0 = 0.1\n");
  EXPECT_EQ(parse_config_string(c.resolved_toml), c);  // charged again from the resolved input
  EXPECT_EQ(c.transport.kappa_coeff, 0.4);
}

TEST(ChargeInitial, SoundWaveCarriesTheChargeWithTheEnergy) {
  const Filled f = fill("[grid]\npoints = [8, 1, 1]\nsize = [4.0, 1.0, 1.0]\n" + kTime + kQgp +
                        "[initial]\nkind = \"sound_wave\"\ne0 = 2\namplitude = 0.1\nnB0 = 0.3\n");
  for (int i = 0; i < 8; ++i) {
    const double profile = 1.0 + 0.1 * std::cos(2.0 * std::numbers::pi * i / 8.0);
    EXPECT_NEAR(f.state.ptr(kTtt)[i], 2.0 * profile, 1e-15 * 2.0);
    EXPECT_NEAR(f.state.ptr(kNt)[i], 0.3 * profile, 1e-15);  // u = 0: N^t = n_B
    for (int v = kVx; v <= kVz; ++v) EXPECT_EQ(f.state.ptr(v)[i], 0.0);
  }
}

TEST(ChargeInitial, DiffusionWaveOnAMovingBackground) {
  const Filled f = fill("[grid]\npoints = [8, 1, 1]\nsize = [4.0, 1.0, 1.0]\n" + kTime + kQgp +
                        "[initial]\nkind = \"diffusion_wave\"\ne0 = 1.5\nnB0 = 0.2\namplitude = "
                        "0.01\nvelocity = [0.3, 0.4, 0]\n");
  const double gamma = 1.0 / std::sqrt(1.0 - 0.25), w = 1.5 * 4.0 / 3.0;  // e + p, p = e/3
  for (int i = 0; i < 8; ++i) {
    const double nB = 0.2 + 0.01 * std::cos(2.0 * std::numbers::pi * i / 8.0);
    EXPECT_NEAR(f.state.ptr(kNt)[i], gamma * nB, 1e-15);  // V = 0: N^t = n_B u^t
    EXPECT_NEAR(f.state.ptr(kTtt)[i], w * gamma * gamma - 0.5, 1e-14);
    EXPECT_NEAR(f.state.ptr(kTtx)[i], w * gamma * gamma * 0.3,
                1e-14);  // T^{ti} = w gamma u^i, u^i = gamma v^i
    EXPECT_NEAR(f.state.ptr(kTty)[i], w * gamma * gamma * 0.4, 1e-14);
    EXPECT_EQ(f.state.ptr(kVx)[i], 0.0);
  }
  expect_error(kGrid + kTime + kQgp + "[initial]\nkind = \"diffusion_wave\"\nvelocity = [0.6, 0.8, 0]\n",
               {"initial.velocity = [0.6, 0.8, 0]", "< 1"});
}

TEST(ChargeInitial, UniformMovingCharge) {
  const Filled f =
      fill(kGrid + kTime + kQgp + "[initial]\nkind = \"uniform\"\nnB0 = 0.25\nux = 0.5\nuy = -1\n");
  const double ut = std::sqrt(1.0 + 0.25 + 1.0);
  for (std::size_t c = 0; c < f.grid.cells(); ++c) EXPECT_NEAR(f.state.ptr(kNt)[c], 0.25 * ut, 1e-15);
}

TEST(ChargeInitial, BjorkenFromTemperatureAndChemicalPotential) {
  const double T0 = 0.3, muB0 = 0.6, nf = 3.0, mq = muB0 / 3.0, pi2 = std::numbers::pi * std::numbers::pi;
  const Filled f = fill(
      "[grid]\npoints = [1, 1, 1]\nsize = [1.0, 1.0, 1.0]\ncoordinates = \"milne\"\n[time]\nstart = 0.5\nend "
      "= "
      "1.0\n" +
      kQgp + "[initial]\nkind = \"bjorken\"\nT0 = 0.3\nmuB0 = 0.6\n");
  const double p = ((8.0 * pi2 / 45.0 + 7.0 * pi2 / 60.0 * nf) * std::pow(T0, 4) +
                    nf / 2.0 * mq * mq * T0 * T0 + nf * std::pow(mq, 4) / (4.0 * pi2)) /
                   kHbarC3;
  const double nB = nf / 3.0 * mq * (T0 * T0 + mq * mq / pi2) / kHbarC3;  // d p / d mu_B
  EXPECT_TRUE(f.cfg.initial.charged);
  EXPECT_EQ(f.time, 0.5);
  EXPECT_NEAR(f.state.ptr(kTtt)[0], 3.0 * p, 1e-14 * 3.0 * p);  // at rest: T^{tau tau} = e = 3 p
  EXPECT_NEAR(f.state.ptr(kNt)[0], nB, 1e-14 * nB);
}

TEST(ChargeInitial, ChargeNeedsAnEosWithAChemicalPotential) {
  for (const char* eos : {"", "[eos]\nkind = \"ideal\"\ncs2 = 0.3\n", "[eos]\nkind = \"hotqcd\"\n"}) {
    const std::string kind = std::string(eos).empty()                              ? "conformal"
                             : std::string(eos).find("ideal") != std::string::npos ? "ideal"
                                                                                   : "hotqcd";
    expect_error(kGrid + kTime + eos + "[initial]\nkind = \"sound_wave\"\nnB0 = 0.1\n",
                 {"initial.nB0 = 0.1", "eos.kind = \"" + kind + "\" has no", "use eos.kind = \"qgp\""});
  }
  expect_error(
      "[grid]\npoints = [1, 1, 1]\nsize = [1.0, 1.0, 1.0]\ncoordinates = \"milne\"\n[time]\nstart = "
      "0.5\nend = 1.0\n[initial]\nkind = \"bjorken\"\nT0 = 0.3\nmuB0 = 0.1\n",
      {"initial.muB0 = 0.1", "baryon chemical potential"});
  expect_error(kGrid + kTime + "[initial]\nkind = \"diffusion_wave\"\n",
               {"initial.kind = \"diffusion_wave\"", "eos.kind = \"conformal\" has no"});
  expect_error(kGrid + kTime + kQgp + "[initial]\nkind = \"diffusion_wave\"\n[transport]\nkappa_coeff = 0\n",
               {"transport.kappa_coeff = 0", "> 0"});
  expect_error(kGrid + kTime + "[initial]\nkind = \"sound_wave\"\n[output]\nfields = [\"e\", \"nB\"]\n",
               {"output.fields", "\"nB\"", "baryon charge only"});
}

// The qgp gas at mu_B/T = alpha, e = 1 GeV/fm^3: its n_B.
double qgp_density(double alpha) {
  const QgpGas gas(3.0);
  const double T = std::pow(1.0 / gas.energy_density(1.0, alpha), 0.25);  // e scales as T^4 at fixed alpha
  return gas.baryon_density(T, alpha * T);
}

std::string uniform_charge(double nB) {
  return kGrid + kTime + kQgp + "[initial]\nkind = \"uniform\"\ne0 = 1\nnB0 = " + format_number(nB) + "\n";
}

TEST(ChargeInitial, AcausalOrUnrepresentableChargeIsRefusedNamingTheCell) {
  // The front speed sqrt(kappa_B (d alpha/d n_B)_e / tau_V) reaches 1 near alpha = 2.8 (eq. 92): 2 is
  // below, 3.5 above; 1.01 n_max has no temperature at all.
  EXPECT_NO_THROW(fill(uniform_charge(qgp_density(2.0))));
  try {
    fill(uniform_charge(qgp_density(3.5)));
    ADD_FAILURE() << "no refusal";
  } catch (const InputError& e) {
    const std::string m = e.what();
    for (const char* part : {"initial.nB0 = ", "(i, j, k) = (0, 0, 0)", "front speed", ">= 1"})
      EXPECT_NE(m.find(part), std::string::npos) << m;
  }
  const double n_max = QgpGas(3.0).max_baryon_density(1.0);
  try {
    fill(uniform_charge(-1.01 * n_max));
    ADD_FAILURE() << "no refusal";
  } catch (const InputError& e) {
    const std::string m = e.what();
    for (const char* part : {"initial.nB0 = -", "no temperature", "(i, j, k) = (0, 0, 0)"})
      EXPECT_NE(m.find(part), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace ishydro
