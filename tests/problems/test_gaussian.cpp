// [initial] kind = "gaussian": the pulse it fills, its defaults and its checks.
#include <gtest/gtest.h>

#include <cmath>

#include "config/config_test_util.hpp"
#include "problems/registry.hpp"
#include "run/simulation.hpp"
#include "support/run_helpers.hpp"

namespace ishydro {
namespace {

TEST(Gaussian, FillsThePulseAtRest) {
  const RunConfig cfg = parse_config_string(
      "[grid]\npoints = [16, 8, 1]\nsize = [8.0, 4.0, 1.0]\n[time]\nend = 1.0\n[numerics]\nplan_rigor = "
      "\"estimate\"\n[output]\nprofile = false\n"
      "[initial]\nkind = \"gaussian\"\ne0 = 2\namplitude = 0.5\nwidth = 1.5\ncentre = [1.0, 2.0, 0.0]\n");
  RunOptions opts;
  opts.write_outputs = false;
  opts.threads = 1;
  Simulation sim(cfg, opts);
  const testing::Fields f = testing::primitive_fields(sim);
  for (int i = 0; i < 16; ++i)
    for (int j = 0; j < 8; ++j) {
      const double x = i * 0.5, y = j * 0.5;
      const double dx = std::remainder(x - 1.0, 8.0), dy = std::remainder(y - 2.0, 4.0);
      const double e = 2.0 * (1.0 + 0.5 * std::exp(-(dx * dx + dy * dy) / (2 * 1.5 * 1.5)));
      const std::size_t c = static_cast<std::size_t>(i) * 8 + j;
      EXPECT_NEAR(f.e[c], e, 1e-13 * e) << i << " " << j;
      EXPECT_EQ(f.ux[c], 0.0);
      EXPECT_EQ(f.uy[c], 0.0);
    }
}

TEST(Gaussian, DefaultsAndChecks) {
  using test::expect_error;
  using test::kGrid;
  using test::kTime;
  const RunConfig c = parse_config_string(kGrid + kTime + "[initial]\nkind = \"gaussian\"\nwidth = 1\n");
  EXPECT_EQ(c.initial.number("e0"), 1.0);
  EXPECT_EQ(c.initial.number("amplitude"), 1.0);
  EXPECT_EQ(c.initial.number3("centre"), (std::array<double, 3>{5.0, 5.0, 5.0}));
  EXPECT_EQ(parse_config_string(c.resolved_toml), c);
  expect_error(kGrid + kTime + "[initial]\nkind = \"gaussian\"\n", {"initial.width is required"});
  expect_error(kGrid + kTime + "[initial]\nkind = \"gaussian\"\nwidth = 0\n", {"initial.width = 0", "> 0"});
  expect_error(kGrid + kTime + "[initial]\nkind = \"gaussian\"\nwidth = 1\namplitude = -1\n",
               {"initial.amplitude = -1", "> -1"});
  expect_error(kGrid + kTime + "[initial]\nkind = \"gaussian\"\nwidth = 1\nmode = [1, 0, 0]\n",
               {"not used by initial.kind = \"gaussian\""});
}

}  // namespace
}  // namespace ishydro
