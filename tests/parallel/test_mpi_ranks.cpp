// Results independent of the number of MPI ranks (docs/scaling.md): the same input run on R = 1, 2
// and 3 ranks (uneven slabs: nx = 16 over 3 ranks is 6, 6, 4 planes (FFTW blocks of ceil(16/3))) must agree
// field by field to 1e-12 relative (they are bit-identical in practice: the slab transforms do the same
// arithmetic as the serial ones, only the order of the diagnostic sums differs), a checkpoint written on 2
// ranks must restart on 3, and more ranks than x-planes are refused with a clear message.
#ifdef ISHYDRO_HAVE_MPI
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

#include "io/io_test_util.hpp"

namespace ishydro {
namespace {

using testing::TempDir;

std::string mpirun(int ranks) {
  return "mpirun --allow-run-as-root --oversubscribe -np " + std::to_string(ranks) + " " + ISHYDRO_BINARY;
}

int run(const std::string& command, std::string* output = nullptr) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  std::array<char, 4096> buf{};
  std::string text;
  while (fgets(buf.data(), buf.size(), pipe)) text += buf.data();
  const int status = pclose(pipe);
  if (output) *output = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string write_input(const TempDir& dir, const std::string& name, const std::string& initial, double end,
                        const std::string& times) {
  const std::string path = dir.file(name);
  std::ofstream(path) << "[grid]\npoints = [16, 12, 8]\nsize = [4.0, 3.0, 2.0]\n"
                      << "[time]\nend = " << end << "\n"
                      << "[transport]\neta_over_s = 0.2\nzeta_over_s = 0.05\nsecond_order = \"dnmr\"\n"
                      << "[initial]\n"
                      << initial << "[output]\ntimes = [" << times << "]\n"
                      << "[numerics]\nplan_rigor = \"estimate\"\n";
  return path;
}

// The output folder of the run on r ranks (built by append: GCC 12 warns falsely on "r" + to_string).
std::string rank_dir(const TempDir& dir, int r) {
  std::string name = "r";
  name.append(std::to_string(r));
  return dir.file(name);
}

const std::string kWave = "kind = \"sound_wave\"\ne0 = 5.0\namplitude = 0.2\nmode = [1, 1, 1]\n";

constexpr std::array<const char*, 13> kFluidFields = {
    "e", "T", "p", "ux", "uy", "uz", "Pi", "pi_xx", "pi_xy", "pi_xz", "pi_yy", "pi_yz", "pi_zz"};

template <std::size_t N = kFluidFields.size()>
double max_relative_difference(const std::string& a_file, int a_snap, const std::string& b_file, int b_snap,
                               const std::array<const char*, N>& fields = kFluidFields) {
  const hid_t a = H5Fopen(a_file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t b = H5Fopen(b_file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  char ga[32], gb[32];
  std::snprintf(ga, sizeof ga, "snapshot_%06d", a_snap);
  std::snprintf(gb, sizeof gb, "snapshot_%06d", b_snap);
  const hid_t A = H5Gopen2(a, ga, H5P_DEFAULT), B = H5Gopen2(b, gb, H5P_DEFAULT);
  double worst = 0;
  for (const char* f : fields) {
    const auto x = testing::h5_read_all(A, f), y = testing::h5_read_all(B, f);
    EXPECT_EQ(x.size(), y.size()) << f;
    double scale = 1e-300, diff = 0;
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
      scale = std::max(scale, std::abs(x[i]));
      diff = std::max(diff, std::abs(x[i] - y[i]));
    }
    worst = std::max(worst, diff / scale);
  }
  H5Gclose(A);
  H5Gclose(B);
  H5Fclose(a);
  H5Fclose(b);
  return worst;
}

TEST(Mpi, FieldsAgreeOnOneTwoAndThreeRanks) {
  TempDir dir;
  const std::string input = write_input(dir, "wave.toml", kWave, 0.5, "0.25, 0.5");
  for (int r : {1, 2, 3}) {
    std::string out;
    ASSERT_EQ(run(mpirun(r) + " run " + input + " --threads 1 --quiet --output " + rank_dir(dir, r), &out), 0)
        << out;
  }
  for (int r : {2, 3})
    for (int s : {0, 1})
      EXPECT_LT(
          max_relative_difference(rank_dir(dir, 1) + "/fields.h5", s, rank_dir(dir, r) + "/fields.h5", s),
          1e-12)
          << "ranks " << r << " snapshot " << s;
  // diagnostics.csv: same steps and times, totals to round-off of the reduction order.
  std::ifstream one(dir.file("r1/diagnostics.csv")), three(dir.file("r3/diagnostics.csv"));
  std::string l1, l3;
  int lines = 0;
  while (std::getline(one, l1) && std::getline(three, l3)) {
    ++lines;
    if (lines == 1) {
      EXPECT_EQ(l1, l3);
      continue;
    }
    double a[4], b[4];
    std::sscanf(l1.c_str(), "%lf,%lf,%lf,%lf", &a[0], &a[1], &a[2], &a[3]);
    std::sscanf(l3.c_str(), "%lf,%lf,%lf,%lf", &b[0], &b[1], &b[2], &b[3]);
    EXPECT_EQ(a[0], b[0]);
    EXPECT_EQ(a[1], b[1]);
    EXPECT_NEAR(a[3], b[3], 1e-12 * std::abs(a[3]));
  }
  EXPECT_GT(lines, 3);
}

// Thermal noise is keyed by the global cell index: the same seed gives the same bits on 1 and 2 ranks
// (e0 = 1e5 GeV/fm^3 keeps the fluctuations of these 1/64 fm^3 cells at a few per cent, eq. 45).
TEST(Mpi, NoiseIsTheSameOnOneAndTwoRanks) {
  TempDir dir;
  const std::string input = write_input(dir, "noise.toml", "kind = \"uniform\"\ne0 = 1e5\n", 0.5, "0.5");
  std::ofstream(input, std::ios::app) << "[noise]\nenabled = true\nseed = 3\n";
  for (int r : {1, 2}) {
    std::string out;
    ASSERT_EQ(run(mpirun(r) + " run " + input + " --threads 1 --quiet --output " + rank_dir(dir, r), &out), 0)
        << out;
  }
  EXPECT_EQ(max_relative_difference(rank_dir(dir, 1) + "/fields.h5", 0, rank_dir(dir, 2) + "/fields.h5", 0),
            0.0);
}

// A charged run (docs/equations.md, baryon charge): the charge's extra transforms and per-cell passes
// are rank-independent like the rest, so n_B, mu_B and V agree on 1, 2 and 3 ranks to round-off of the
// reductions, with the fluid fields; a moving, oblique diffusion wave with a nonlinear amplitude.
TEST(Mpi, ChargedFieldsAgreeOnOneTwoAndThreeRanks) {
  TempDir dir;
  const std::string input = write_input(dir, "charged.toml",
                                        "kind = \"diffusion_wave\"\ne0 = 2.0\nnB0 = 0.3\namplitude = 0.05\n"
                                        "mode = [1, 1, 1]\nvelocity = [0.3, -0.2, 0.1]\n",
                                        0.5, "0.25, 0.5");
  std::ofstream(input, std::ios::app) << "[eos]\nkind = \"qgp\"\n";
  for (int r : {1, 2, 3}) {
    std::string out;
    ASSERT_EQ(run(mpirun(r) + " run " + input + " --threads 1 --quiet --output " + rank_dir(dir, r), &out), 0)
        << out;
  }
  constexpr std::array<const char*, 5> kCharge = {"nB", "muB", "Vx", "Vy", "Vz"};
  for (int r : {2, 3})
    for (int s : {0, 1}) {
      const std::string one = rank_dir(dir, 1) + "/fields.h5", many = rank_dir(dir, r) + "/fields.h5";
      EXPECT_LT(max_relative_difference(one, s, many, s), 1e-12) << "ranks " << r << " snapshot " << s;
      EXPECT_LT(max_relative_difference(one, s, many, s, kCharge), 1e-12)
          << "ranks " << r << " snapshot " << s;
    }
  // The charge is there and moved: V is nonzero at the end.
  const hid_t f = H5Fopen((rank_dir(dir, 3) + "/fields.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t g = H5Gopen2(f, "snapshot_000001", H5P_DEFAULT);
  double largest_V = 0;
  for (double v : testing::h5_read_all(g, "Vx")) largest_V = std::max(largest_V, std::abs(v));
  H5Gclose(g);
  H5Fclose(f);
  EXPECT_GT(largest_V, 1e-4);
}

TEST(Mpi, CheckpointFromTwoRanksRestartsOnThree) {
  TempDir dir;
  ASSERT_EQ(run(mpirun(1) + " run " + write_input(dir, "full.toml", kWave, 0.5, "0.25, 0.5") +
                " --threads 1 --quiet --output " + dir.file("full")),
            0);
  ASSERT_EQ(run(mpirun(2) + " run " + write_input(dir, "half.toml", kWave, 0.25, "0.25") +
                " --threads 1 --quiet --output " + dir.file("half")),
            0);
  const std::string restart = "kind = \"file\"\npath = \"" + dir.file("half/checkpoint.h5") + "\"\n";
  std::string out;
  ASSERT_EQ(run(mpirun(3) + " run " + write_input(dir, "rest.toml", restart, 0.5, "0.5") +
                    " --threads 1 --quiet --output " + dir.file("rest"),
                &out),
            0)
      << out;
  EXPECT_LT(max_relative_difference(dir.file("full/fields.h5"), 1, dir.file("rest/fields.h5"), 0), 1e-12);
}

TEST(Mpi, MoreRanksThanXPlanesAreRefused) {
  TempDir dir;
  const std::string path = dir.file("tiny.toml");
  std::ofstream(path) << "[grid]\npoints = [2, 4, 1]\nsize = [1.0, 1.0, 1.0]\n[time]\nend = 0.1\n"
                      << "[initial]\nkind = \"sound_wave\"\nmode = [0, 1, 0]\n[output]\ndir = \""
                      << dir.file("out") << "\"\n";
  std::string out;
  EXPECT_EQ(run(mpirun(3) + " run " + path + " --threads 1", &out), 1) << out;
  EXPECT_NE(out.find("ranks <= nx"), std::string::npos) << out;
}

}  // namespace
}  // namespace ishydro
#endif
