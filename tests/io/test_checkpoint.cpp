#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "grid/grid.hpp"
#include "hydro/state.hpp"
#include "io/checkpoint.hpp"
#include "io/io_test_util.hpp"
#include "io/snapshot.hpp"
#include "problems/state_file.hpp"

namespace ishydro {
namespace {

using testing::TempDir;

Grid make_grid(std::array<int, 3> n, std::array<double, 3> L = {1.0, 2.0, 3.0},
               Coordinates c = Coordinates::cartesian) {
  GridConfig cfg;
  cfg.points = n;
  cfg.size = L;
  cfg.coordinates = c;
  return Grid::from_config(cfg);
}

// Values that a decimal or float round trip would not preserve: random mantissas, -0, subnormals,
// extremes.
std::vector<double> make_state(const Grid& g, unsigned seed) {
  std::vector<double> data(static_cast<std::size_t>(kNumVars) * g.cells());
  std::uint64_t x = 0x9E3779B97F4A7C15ull * (seed + 1);
  for (auto& v : data) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    v = (static_cast<double>(x >> 11) / 9007199254740992.0 - 0.5) * 3.7;
  }
  data[1] = -0.0;
  data[2] = std::numeric_limits<double>::denorm_min();
  data[3] = std::numeric_limits<double>::max();
  data[4] = -std::numeric_limits<double>::min();
  return data;
}

StateView view_of(std::vector<double>& data, const Grid& g) { return StateView{data, g.cells()}; }

// Runs f and returns the InputError message (fails the test if nothing or something else is thrown).
template <class F>
std::string input_error(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected InputError, got: " << e.what();
    return {};
  }
  ADD_FAILURE() << "expected InputError, nothing thrown";
  return {};
}

bool contains(const std::string& s, const std::string& what) { return s.find(what) != std::string::npos; }

std::string prefix_of(const std::string& path) { return "input error: initial.path = '" + path + "': "; }

TEST(Checkpoint, RoundTripIsBitForBit) {
  TempDir tmp;
  const Grid g = make_grid({4, 3, 2});
  std::vector<double> data = make_state(g, 1);
  const std::string path = tmp.file("checkpoint.h5");
  const double time = 1.2345678901234567;
  write_checkpoint(path, g, time, 42, view_of(data, g), "[grid]\n", R"({"commit":"abc"})");
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));

  const StateFile s = read_state_file(path, g);
  EXPECT_TRUE(s.conserved);
  EXPECT_EQ(std::memcmp(&s.time, &time, sizeof time), 0);
  EXPECT_EQ(s.step, 42);
  ASSERT_EQ(s.fields.size(), static_cast<std::size_t>(kNumVars));
  const StateView view = view_of(data, g);
  for (int v = 0; v < kNumVars; ++v) {
    const auto it = s.fields.find(kVarNames[v]);
    ASSERT_NE(it, s.fields.end()) << kVarNames[v];
    ASSERT_EQ(it->second.size(), g.cells());
    EXPECT_EQ(std::memcmp(it->second.data(), view.ptr(v), g.cells() * sizeof(double)), 0) << kVarNames[v];
  }
}

TEST(Checkpoint, RootAttributesAndLayout) {
  TempDir tmp;
  const Grid g = make_grid({4, 3, 2}, {10.0, 5.0, 2.0}, Coordinates::milne);
  std::vector<double> data = make_state(g, 2);
  const std::string path = tmp.file("checkpoint.h5");
  write_checkpoint(path, g, 0.6, 7, view_of(data, g), "toml text", "{\"a\":1}");

  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  EXPECT_EQ(testing::h5_attr_string(file, "format"), "ishydro-checkpoint");
  EXPECT_EQ(testing::h5_attr_ints(file, "version"), std::vector<long long>{1});
  EXPECT_EQ(testing::h5_attr_doubles(file, "time"), std::vector<double>{0.6});
  EXPECT_EQ(testing::h5_attr_ints(file, "step"), std::vector<long long>{7});
  EXPECT_EQ(testing::h5_attr_ints(file, "points"), (std::vector<long long>{4, 3, 2}));
  EXPECT_EQ(testing::h5_attr_doubles(file, "size"), (std::vector<double>{10.0, 5.0, 2.0}));
  EXPECT_EQ(testing::h5_attr_string(file, "coordinates"), "milne");
  EXPECT_EQ(testing::h5_attr_string(file, "resolved_input"), "toml text");
  EXPECT_EQ(testing::h5_attr_string(file, "metadata"), "{\"a\":1}");
  const StateView view = view_of(data, g);
  for (int v = 0; v < kNumVars; ++v) {
    EXPECT_EQ(testing::h5_shape(file, kVarNames[v]), (std::vector<hsize_t>{4, 3, 2}));
    const std::vector<double> got = testing::h5_read_all(file, kVarNames[v]);
    // [i][j][k] in the file is the state's C-order index.
    EXPECT_EQ(std::memcmp(&got[(2 * 3 + 1) * 2 + 1], view.ptr(v) + g.index(2, 1, 1), sizeof(double)), 0);
    EXPECT_EQ(std::memcmp(got.data(), view.ptr(v), g.cells() * sizeof(double)), 0) << kVarNames[v];
  }
  H5Fclose(file);
}

TEST(Checkpoint, ReplacesAnEarlierCheckpoint) {
  TempDir tmp;
  const Grid g = make_grid({4, 3, 2});
  std::vector<double> first = make_state(g, 3), second = make_state(g, 4);
  const std::string path = tmp.file("checkpoint.h5");
  write_checkpoint(path, g, 1.0, 10, view_of(first, g), "", "{}");
  write_checkpoint(path, g, 2.0, 20, view_of(second, g), "", "{}");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  const StateFile s = read_state_file(path, g);
  EXPECT_EQ(s.time, 2.0);
  EXPECT_EQ(s.step, 20);
  EXPECT_EQ(std::memcmp(s.fields.at("T_tt").data(), second.data(), g.cells() * sizeof(double)), 0);
}

TEST(Checkpoint, FailedWriteLeavesNoTemporaryAndKeepsTheOldFile) {
  TempDir tmp;
  const Grid g = make_grid({4, 3, 2});
  std::vector<double> data = make_state(g, 5);
  const std::string path = tmp.file("checkpoint.h5");
  write_checkpoint(path, g, 1.0, 1, view_of(data, g), "", "{}");
  // A directory where the temporary should go makes the write fail.
  std::filesystem::create_directory(path + ".tmp");
  std::filesystem::create_directory(path + ".tmp/blocker");
  EXPECT_THROW(write_checkpoint(path, g, 2.0, 2, view_of(data, g), "", "{}"), std::runtime_error);
  std::filesystem::remove_all(path + ".tmp");
  EXPECT_EQ(read_state_file(path, g).step, 1);
}

TEST(Checkpoint, MissingFile) {
  TempDir tmp;
  const std::string path = tmp.file("nope.h5");
  const std::string msg = input_error([&] { read_state_file(path, make_grid({4, 3, 2})); });
  EXPECT_EQ(msg.rfind(prefix_of(path), 0), 0u) << msg;
  EXPECT_TRUE(contains(msg, "cannot open as HDF5")) << msg;
  EXPECT_TRUE(contains(msg, "no such file")) << msg;
}

TEST(Checkpoint, NotHdf5) {
  TempDir tmp;
  const std::string path = tmp.file("text.h5");
  testing::write_text(path, "this is not HDF5\n");
  const std::string msg = input_error([&] { read_state_file(path, make_grid({4, 3, 2})); });
  EXPECT_EQ(msg.rfind(prefix_of(path), 0), 0u) << msg;
  EXPECT_TRUE(contains(msg, "cannot open as HDF5 (not an HDF5 file)")) << msg;

  const std::string dir_msg = input_error([&] {
    read_state_file(tmp.path().string(), make_grid({4, 3, 2}));
  });
  EXPECT_TRUE(contains(dir_msg, "cannot open as HDF5")) << dir_msg;
}

TEST(Checkpoint, WrongGrid) {
  TempDir tmp;
  const Grid g = make_grid({4, 3, 2});
  std::vector<double> data = make_state(g, 6);
  const std::string path = tmp.file("checkpoint.h5");
  write_checkpoint(path, g, 1.0, 1, view_of(data, g), "", "{}");

  std::string msg = input_error([&] { read_state_file(path, make_grid({4, 3, 3})); });
  EXPECT_EQ(msg.rfind(prefix_of(path), 0), 0u) << msg;
  EXPECT_TRUE(contains(msg, "points 4 x 3 x 2")) << msg;
  EXPECT_TRUE(contains(msg, "points 4 x 3 x 3")) << msg;

  msg = input_error([&] { read_state_file(path, make_grid({4, 3, 2}, {1.0, 2.0, 3.5})); });
  EXPECT_TRUE(contains(msg, "size 1 x 2 x 3,")) << msg;
  EXPECT_TRUE(contains(msg, "size 1 x 2 x 3.5,")) << msg;

  msg = input_error([&] {
    read_state_file(path, make_grid({4, 3, 2}, {1.0, 2.0, 3.0}, Coordinates::milne));
  });
  EXPECT_TRUE(contains(msg, "cartesian")) << msg;
  EXPECT_TRUE(contains(msg, "milne")) << msg;

  // Sizes equal to 1e-12 relative are the same box.
  EXPECT_NO_THROW(read_state_file(path, make_grid({4, 3, 2}, {1.0, 2.0 * (1 + 1e-14), 3.0})));
}

TEST(Checkpoint, MissingDataset) {
  TempDir tmp;
  const Grid g = make_grid({4, 3, 2});
  std::vector<double> data = make_state(g, 7);
  const std::string path = tmp.file("checkpoint.h5");
  write_checkpoint(path, g, 1.0, 1, view_of(data, g), "", "{}");
  testing::h5_edit(path, [](hid_t f) { H5Ldelete(f, "pi_yz", H5P_DEFAULT); });
  const std::string msg = input_error([&] { read_state_file(path, g); });
  EXPECT_EQ(msg.rfind(prefix_of(path), 0), 0u) << msg;
  EXPECT_TRUE(contains(msg, "dataset 'pi_yz' is missing")) << msg;
}

TEST(Checkpoint, WrongShape) {
  TempDir tmp;
  const Grid g = make_grid({4, 3, 2});
  std::vector<double> data = make_state(g, 8);
  const std::string path = tmp.file("checkpoint.h5");
  write_checkpoint(path, g, 1.0, 1, view_of(data, g), "", "{}");
  testing::h5_edit(path, [](hid_t f) { testing::h5_replace_dataset(f, "T_tx", {4, 3, 1}, 0.0); });
  const std::string msg = input_error([&] { read_state_file(path, g); });
  EXPECT_TRUE(contains(msg, "dataset 'T_tx' has shape 4 x 3 x 1, expected 4 x 3 x 2")) << msg;
}

TEST(Checkpoint, NonFiniteValue) {
  TempDir tmp;
  const Grid g = make_grid({4, 3, 2});
  std::vector<double> data = make_state(g, 9);
  StateView view = view_of(data, g);
  view.var(kPixy)[g.index(2, 1, 1)] = std::numeric_limits<double>::quiet_NaN();
  view.var(kPixy)[g.index(3, 2, 1)] = std::numeric_limits<double>::infinity();
  const std::string path = tmp.file("checkpoint.h5");
  write_checkpoint(path, g, 1.0, 1, view, "", "{}");
  const std::string msg = input_error([&] { read_state_file(path, g); });
  EXPECT_TRUE(contains(msg, "dataset 'pi_xy'")) << msg;
  EXPECT_TRUE(contains(msg, "(i, j, k) = (2, 1, 1)")) << msg;
  EXPECT_TRUE(contains(msg, "nan")) << msg;
}

TEST(Checkpoint, UnsupportedVersion) {
  TempDir tmp;
  const Grid g = make_grid({4, 3, 2});
  std::vector<double> data = make_state(g, 10);
  const std::string path = tmp.file("checkpoint.h5");
  write_checkpoint(path, g, 1.0, 1, view_of(data, g), "", "{}");
  testing::h5_edit(path, [](hid_t f) {
    const long long two = 2;
    const hid_t a = H5Aopen(f, "version", H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_LLONG, &two);
    H5Aclose(a);
  });
  const std::string msg = input_error([&] { read_state_file(path, g); });
  EXPECT_TRUE(contains(msg, "unsupported checkpoint version 2")) << msg;
}

// --- fields.h5 as a start file ---

const std::vector<std::string> kPrimitives = {"e",     "T",     "p",     "ux",    "uy",    "uz",   "Pi",
                                              "pi_xx", "pi_xy", "pi_xz", "pi_yy", "pi_yz", "pi_zz"};

// Writes a fields.h5 with `snapshots` snapshots at times 0, 0.5, 1.0, ...; field f of snapshot s is
// make_state's value shifted by 10 s + f. Returns the path of fields.h5.
std::string write_fields(const TempDir& tmp, const Grid& g, int snapshots,
                         const std::vector<std::string>& names = kPrimitives) {
  const std::string dir = tmp.file("run");
  SnapshotWriter w(dir, g, "", "{}");
  std::vector<double> base = make_state(g, 11);
  for (int s = 0; s < snapshots; ++s) {
    std::vector<std::vector<double>> data;
    std::vector<SnapshotField> fields;
    for (std::size_t f = 0; f < names.size(); ++f) {
      std::vector<double> v(base.begin(), base.begin() + static_cast<std::ptrdiff_t>(g.cells()));
      for (auto& x : v) x += 10.0 * s + static_cast<double>(f);
      data.push_back(std::move(v));
    }
    for (std::size_t f = 0; f < names.size(); ++f) fields.push_back({names[f], data[f]});
    w.write(0.5 * s, fields);
  }
  return dir + "/fields.h5";
}

TEST(StateFileFromSnapshots, ReadsTheLastSnapshot) {
  TempDir tmp;
  const Grid g = make_grid({4, 3, 2});
  const std::string path = write_fields(tmp, g, 3);
  const StateFile s = read_state_file(path, g);
  EXPECT_FALSE(s.conserved);
  EXPECT_EQ(s.time, 1.0);
  EXPECT_EQ(s.step, 0);
  const std::vector<double> base = make_state(g, 11);
  for (const char* name :
       {"e", "ux", "uy", "uz", "Pi", "pi_xx", "pi_xy", "pi_xz", "pi_yy", "pi_yz", "pi_zz"}) {
    const auto it = s.fields.find(name);
    ASSERT_NE(it, s.fields.end()) << name;
    ASSERT_EQ(it->second.size(), g.cells());
    std::size_t f = 0;
    while (kPrimitives[f] != name) ++f;
    for (std::size_t c = 0; c < g.cells(); ++c) {
      EXPECT_EQ(it->second[c], base[c] + (20.0 + static_cast<double>(f))) << name << " " << c;
    }
  }
}

TEST(StateFileFromSnapshots, PicksTheHighestIndexNotTheLastName) {
  TempDir tmp;
  const Grid g = make_grid({4, 3, 2});
  const std::string path = write_fields(tmp, g, 2);
  // A group named with more digits still counts by its number; other names are ignored.
  testing::h5_edit(path, [](hid_t f) {
    H5Lmove(f, "snapshot_000001", f, "snapshot_0000010", H5P_DEFAULT, H5P_DEFAULT);
    H5Gclose(H5Gcreate2(f, "snapshot_x", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  });
  EXPECT_EQ(read_state_file(path, g).time, 0.5);
}

TEST(StateFileFromSnapshots, NoSnapshot) {
  TempDir tmp;
  const Grid g = make_grid({4, 3, 2});
  const std::string path = write_fields(tmp, g, 0);
  const std::string msg = input_error([&] { read_state_file(path, g); });
  EXPECT_EQ(msg.rfind(prefix_of(path), 0), 0u) << msg;
  EXPECT_TRUE(contains(msg, "no snapshot_* group")) << msg;
}

TEST(StateFileFromSnapshots, MissingDataset) {
  TempDir tmp;
  const Grid g = make_grid({4, 3, 2});
  std::vector<std::string> names = kPrimitives;
  names.erase(names.begin() + 6);  // Pi
  const std::string path = write_fields(tmp, g, 1, names);
  const std::string msg = input_error([&] { read_state_file(path, g); });
  EXPECT_TRUE(contains(msg, "dataset 'snapshot_000000/Pi' is missing")) << msg;
}

TEST(StateFileFromSnapshots, WrongGrid) {
  TempDir tmp;
  const Grid g = make_grid({4, 3, 2});
  const std::string path = write_fields(tmp, g, 1);
  // Recorded by SnapshotWriter: the box is compared as a whole.
  std::string msg = input_error([&] { read_state_file(path, make_grid({4, 4, 2})); });
  EXPECT_TRUE(contains(msg, "points 4 x 3 x 2")) << msg;
  EXPECT_TRUE(contains(msg, "points 4 x 4 x 2")) << msg;
  // Without the root attributes (a foreign fields.h5) the dataset shapes decide.
  testing::h5_edit(path, [](hid_t f) {
    H5Adelete(f, "points");
    H5Adelete(f, "size");
    H5Adelete(f, "coordinates");
  });
  msg = input_error([&] { read_state_file(path, make_grid({4, 4, 2})); });
  EXPECT_TRUE(contains(msg, "has shape 4 x 3 x 2, expected 4 x 4 x 2")) << msg;
  EXPECT_NO_THROW(read_state_file(path, g));
}

TEST(StateFileFromSnapshots, NonFiniteValue) {
  TempDir tmp;
  const Grid g = make_grid({4, 3, 2});
  const std::string path = write_fields(tmp, g, 1);
  testing::h5_edit(path, [](hid_t f) {
    testing::h5_replace_dataset(f, "snapshot_000000/uy", {4, 3, 2}, 0.0);
    const hid_t d = H5Dopen2(f, "snapshot_000000/uy", H5P_DEFAULT);
    const hid_t space = H5Dget_space(d);
    const hsize_t start[3] = {1, 2, 0}, count[3] = {1, 1, 1};
    H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nullptr, count, nullptr);
    const hsize_t one = 1;
    const hid_t mem = H5Screate_simple(1, &one, nullptr);
    const double inf = -std::numeric_limits<double>::infinity();
    H5Dwrite(d, H5T_NATIVE_DOUBLE, mem, space, H5P_DEFAULT, &inf);
    H5Sclose(mem);
    H5Sclose(space);
    H5Dclose(d);
  });
  const std::string msg = input_error([&] { read_state_file(path, g); });
  EXPECT_TRUE(
      contains(msg, "dataset 'snapshot_000000/uy' has a non-finite value (-inf) at (i, j, k) = (1, 2, 0)"))
      << msg;
}

}  // namespace
}  // namespace ishydro
