// A run killed while writing fields.h5 or spectra.h5 leaves every earlier snapshot intact
// (io/h5_update.hpp): a child process writes snapshots and is killed with SIGKILL at a crash point
// between two HDF5 calls of a later snapshot; the parent then opens the files with the plain HDF5 API.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <string>
#include <vector>

#include "grid/grid.hpp"
#include "io/h5_update.hpp"
#include "io/io_test_util.hpp"
#include "io/snapshot.hpp"
#include "io/spectra.hpp"

namespace ishydro {
namespace {

using testing::TempDir;

const std::vector<std::string> kFields = {"e",     "ux",    "uy",    "uz",    "pi_xx",
                                          "pi_xy", "pi_xz", "pi_yy", "pi_yz", "pi_zz"};

Grid box() {
  GridConfig cfg;
  cfg.points = {6, 5, 4};
  cfg.size = {1.0, 1.0, 1.0};
  return Grid::from_config(cfg);
}

// Snapshot s's field f at cell c: distinct everywhere, so a torn or misplaced value shows.
double value(int s, std::size_t f, std::size_t c) {
  return 1e4 * s + 1e2 * static_cast<double>(f) + 1e-3 * c + 1;
}

// The crash point at which the child kills itself, and how many times it has to be passed first.
const char* g_label = nullptr;
int g_left = 0;
void kill_here(const char* label) {
  if (std::strcmp(label, g_label) == 0 && g_left-- == 0) std::raise(SIGKILL);
}

// Writes 4 snapshots (and their spectra) in a child that SIGKILLs itself at the `skip`-th passage of
// `label` after two whole snapshots. Returns whether the child died of SIGKILL.
bool killed_while_writing(const std::string& dir, const char* label, int skip) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const Grid g = box();
    SnapshotWriter w(dir, g, "", "{}");
    SpectraWriter spectra(dir);
    std::vector<std::vector<double>> data(kFields.size(), std::vector<double>(g.cells()));
    const std::vector<double> k = {0.0, 1.0}, e = {2.0, 3.0};
    for (int s = 0; s < 4; ++s) {
      if (s == 2) {
        g_label = label;
        g_left = skip;
        h5io::crash_point = &kill_here;
      }
      std::vector<SnapshotField> fields;
      for (std::size_t f = 0; f < kFields.size(); ++f) {
        for (std::size_t c = 0; c < g.cells(); ++c) data[f][c] = value(s, f, c);
        fields.push_back({kFields[f], data[f]});
      }
      w.write(0.5 * s, fields);
      spectra.write(s, 0.5 * s, k, e, e);
    }
    ::_exit(0);  // not reached when the crash point is
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

// fields.h5 holds exactly snapshots 0 .. n-1, each whole (every value, the views u and pi).
void expect_whole_snapshots(const std::string& dir, int n) {
  const hid_t file = H5Fopen((dir + "/fields.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0) << "fields.h5 does not open after the kill";
  const Grid g = box();
  for (int s = 0; s < 4; ++s) {
    char name[32];
    std::snprintf(name, sizeof name, "snapshot_%06d", s);
    ASSERT_EQ(H5Lexists(file, name, H5P_DEFAULT) > 0, s < n) << name;
    if (s >= n) continue;
    const hid_t group = H5Gopen2(file, name, H5P_DEFAULT);
    for (std::size_t f = 0; f < kFields.size(); ++f) {
      const std::vector<double> got = testing::h5_read_all(group, kFields[f].c_str());
      ASSERT_EQ(got.size(), g.cells()) << name << "/" << kFields[f];
      for (std::size_t c = 0; c < got.size(); ++c)
        ASSERT_EQ(got[c], value(s, f, c)) << name << "/" << kFields[f];
    }
    H5Gclose(group);
    const std::vector<double> u = testing::h5_read_all(file, ("views/" + std::string(name) + "/u").c_str());
    ASSERT_EQ(u.size(), 3 * g.cells());
    EXPECT_EQ(u[3 * 7 + 2], value(s, 3, 7));  // cell 7's uz
  }
  H5Fclose(file);
  const hid_t spectra = H5Fopen((dir + "/spectra.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(spectra, 0) << "spectra.h5 does not open after the kill";
  EXPECT_GT(H5Lexists(spectra, "snapshot_000001", H5P_DEFAULT), 0);
  H5Fclose(spectra);
}

// Killed between two datasets of snapshot 2 (the 4th of 10), after the copy, or after the copy is
// complete and synced but before the rename: fields.h5 holds snapshots 0 and 1, whole.
TEST(SnapshotCrash, KilledWhileWritingLeavesEarlierSnapshotsWhole) {
  for (const auto& [label, skip] :
       std::vector<std::pair<const char*, int>>{{"dataset", 3}, {"copied", 0}, {"synced", 0}}) {
    SCOPED_TRACE(std::string(label) + " #" + std::to_string(skip));
    TempDir tmp;
    const std::string dir = tmp.file("run");
    ASSERT_TRUE(killed_while_writing(dir, label, skip));
    expect_whole_snapshots(dir, 2);
    // The xdmf names only whole snapshots.
    const std::string xml = testing::read_text(dir + "/fields.xdmf");
    EXPECT_NE(xml.find("snapshot_000001"), std::string::npos);
    EXPECT_EQ(xml.find("snapshot_000002"), std::string::npos);
  }
}

// The next passage past the kill point completes the snapshot: the crash points are on the write path
// (a test whose kill never fires would pass vacuously).
TEST(SnapshotCrash, UnkilledWriterWritesEverySnapshot) {
  TempDir tmp;
  const std::string dir = tmp.file("run");
  EXPECT_FALSE(killed_while_writing(dir, "never", 0));
  expect_whole_snapshots(dir, 4);
}

}  // namespace
}  // namespace ishydro
