// The resolved input round-trips, and file inputs resolve their paths (docs/input.md).
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "config/config_test_util.hpp"

namespace ishydro {
using test::expect_error;
using test::kGrid;
using test::kMinimal;
using test::kTime;
using test::TempDir;

namespace {
void expect_round_trip(const std::string& text) {
  const RunConfig first = parse_config_string(text);
  const RunConfig again = parse_config_string(first.resolved_toml, "resolved");
  EXPECT_EQ(again, first) << "resolved:\n" << first.resolved_toml;
  EXPECT_EQ(again.resolved_toml, first.resolved_toml);
}
}  // namespace

TEST(ConfigResolved, ListsDefaultsAndOnlyRelevantKeys) {
  const std::string r = parse_config_string(kMinimal).resolved_toml;
  for (const char* key : {"[grid]",
                          "coordinates = \"cartesian\"",
                          "[time]",
                          "cfl = 0.4",
                          "start = 0.0",
                          "[eos]",
                          "dof = 47.5",
                          "[transport]",
                          "eta_over_s = 0.0",
                          "tau_pi_coeff = 5.0",
                          "tau_Pi_coeff = 5.0",
                          "second_order = \"is\"",
                          "[transport.terms]",
                          "phi7 = false",
                          "[initial]",
                          "amplitude = 1e-06",
                          "mode = [1, 0, 0]",
                          "[output]",
                          "times = [1.0]",
                          "profile = true",
                          "[numerics]",
                          "dealiasing = \"two_thirds\"",
                          "plan_rigor = \"measure\"",
                          "recovery_tolerance = 1e-15",
                          "filter_order = 36.0"})
    EXPECT_NE(r.find(key), std::string::npos) << key << " not in:\n" << r;
  for (const char* key : {"\ncs2 =", "\neta =", "\ntau_pi =", "\ndt =", "\nmax_steps =", "\nT0 =", "\npath =",
                          "\nevery =", "\npi_xy ="})
    EXPECT_EQ(r.find(key), std::string::npos) << key << " in:\n" << r;
}

TEST(ConfigResolved, RoundTripsEveryKind) {
  expect_round_trip(kMinimal);
  expect_round_trip(
      kGrid +
      "[time]\nstart = 0.25\nend = 3.5\ncfl = 0.3\ndt = 0.001\nmax_steps = 1000\n"
      "[eos]\nkind = \"ideal\"\ncs2 = 0.2\ndof = 37\n"
      "[transport]\neta = 0.02\nzeta = 0.001\ntau_pi = 0.5\ntau_Pi = 0.7\nsecond_order = \"dnmr\"\n"
      "[transport.terms]\nphi7 = false\n"
      "[initial]\nkind = \"shear_wave\"\ne0 = 3.25\namplitude = -0.01\nmode = [3, 0, 0]\n"
      "[output]\ndir = \"runs/a b \\\"q\\\" \\\\ \u00e9\"\nevery = 0.1\ncheckpoint_every = 0.7\nprofile = "
      "false\n"
      "[numerics]\ndealiasing = \"exponential\"\nfilter_order = 16\nfilter_alpha = 0.1\n"
      "plan_rigor = \"patient\"\nwisdom_file = \"/tmp/w\"\nrecovery_tolerance = 1e-12\n");
  expect_round_trip(kGrid + kTime +
                    "[transport]\neta_over_s = 0.08\nzeta_over_s = 0.04\nsecond_order = \"is43\"\n"
                    "[initial]\nkind = \"uniform\"\ne0 = 0.1\nux = 0.1\nuy = -0.2\nuz = 0.3\npi_xx = 1e-3\n"
                    "pi_xy = 2e-3\npi_xz = 3e-3\npi_yy = 4e-3\npi_yz = 5e-3\npi_zz = 6e-3\nPi = -7e-3\n"
                    "[output]\ntimes = [0.1, 0.30000000000000004, 1]\n");
  expect_round_trip(kMinimal + "[output]\ntimes = []\n");  // no snapshots
  const std::string milne =
      "[grid]\npoints = [16, 16, 1]\nsize = [20, 20, 1]\ncoordinates = \"milne\"\n"
      "[time]\nstart = 1\nend = 3\n";
  expect_round_trip(milne + "[initial]\nkind = \"bjorken\"\nT0 = 0.35\npi = \"navier-stokes\"\n");
  expect_round_trip(milne +
                    "[transport]\neta_over_s = 0.2\nsecond_order = \"is43\"\n"
                    "[initial]\nkind = \"gubser\"\nq = 1.5\nT_hat0 = 1.1\npi_bar0 = 0.05\n");
  expect_round_trip(milne + "[initial]\nkind = \"gubser\"\nwindow_inner = 6.25\nwindow_outer = 9.75\n");
}

TEST(ConfigResolved, FileStartResolvesPathAgainstInputDirectory) {
  TempDir dir;
  dir.write("data/state.h5", "not really hdf5");
  const auto input = dir.write("data/run.toml", kGrid +
                                                    "[time]\nend = 5\n[initial]\nkind = \"file\"\n"
                                                    "path = \"state.h5\"\n");
  const RunConfig c = parse_config_file(input.string());
  EXPECT_EQ(c.initial.string("path"), (dir.path / "data" / "state.h5").string());
  EXPECT_FALSE(c.time.start_given);  // the start time comes from the file
  EXPECT_EQ(c.output.times, std::vector<double>{5.0});
  // The resolved text carries the absolute path and no start, and reads back the same.
  EXPECT_EQ(c.resolved_toml.find("\nstart ="), std::string::npos) << c.resolved_toml;
  EXPECT_EQ(parse_config_string(c.resolved_toml), c);

  // With time.start given the flag is set and the start is checked against end.
  const auto with_start =
      dir.write("data/run2.toml", kGrid +
                                      "[time]\nstart = 2\nend = 5\n"
                                      "[initial]\nkind = \"file\"\npath = \"state.h5\"\n");
  const RunConfig s = parse_config_file(with_start.string());
  EXPECT_TRUE(s.time.start_given);
  EXPECT_EQ(s.time.start, 2.0);
  EXPECT_EQ(parse_config_string(s.resolved_toml), s);
}

TEST(ConfigResolved, FileStartErrors) {
  TempDir dir;
  const auto input =
      dir.write("run.toml", kGrid + kTime + "[initial]\nkind = \"file\"\npath = \"missing.h5\"\n");
  try {
    parse_config_file(input.string());
    ADD_FAILURE() << "no error for a missing file";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("initial.path = \"missing.h5\""), std::string::npos) << msg;
    EXPECT_NE(msg.find((dir.path / "missing.h5").string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("does not exist"), std::string::npos) << msg;
  }
  // A string input resolves relative paths against the working directory.
  expect_error(kGrid + kTime + "[initial]\nkind = \"file\"\npath = \"surely/not/here.h5\"\n",
               {"initial.path = \"surely/not/here.h5\"",
                (std::filesystem::current_path() / "surely/not/here.h5").string()});
  expect_error(kGrid + kTime + "[initial]\nkind = \"file\"\npath = \"" + dir.path.string() + "\"\n",
               {"initial.path", "is not a readable file"});
  const auto state = dir.write("state.h5", "x");
  expect_error(kGrid + kTime + "[initial]\nkind = \"file\"\npath = \"" + state.string() + "\"\ne0 = 1\n",
               {"initial.e0 = 1", "not used by initial.kind = \"file\""});
}

TEST(ConfigResolved, InputFileErrors) {
  TempDir dir;
  try {
    parse_config_file((dir.path / "nope.toml").string());
    ADD_FAILURE() << "no error for a missing input file";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot read input file"), std::string::npos) << e.what();
  }
  const auto bad = dir.write("bad.toml", "[grid]\npoints = [8, 8, 8\n");
  try {
    parse_config_file(bad.string());
    ADD_FAILURE() << "no error for a syntax error";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(bad.string() + ":2:"), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  }
}

}  // namespace ishydro
