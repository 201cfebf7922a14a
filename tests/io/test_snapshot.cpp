#include <gtest/gtest.h>
#include <hdf5.h>

#include <filesystem>
#include <string>
#include <vector>

#include "grid/grid.hpp"
#include "io/io_test_util.hpp"
#include "io/snapshot.hpp"

namespace ishydro {
namespace {

using testing::TempDir;

Grid small_grid() {
  GridConfig cfg;
  cfg.points = {4, 3, 2};
  cfg.size = {1.0, 2.0, 3.0};
  return Grid::from_config(cfg);
}

// A value that encodes (snapshot, field, i, j, k), so any transposition or offset shows.
double value(int snap, int field, int i, int j, int k) {
  return 1000.0 * snap + 100.0 * field + 10.0 * i + 1.0 * j + 0.125 * k - 3.0;
}

std::vector<double> make_field(const Grid& g, int snap, int field) {
  std::vector<double> v(g.cells());
  for (int i = 0; i < g.n[0]; ++i)
    for (int j = 0; j < g.n[1]; ++j)
      for (int k = 0; k < g.n[2]; ++k) v[g.index(i, j, k)] = value(snap, field, i, j, k);
  return v;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
  return n;
}

const std::vector<std::string> kNames = {"e", "ux", "pi_xy"};

TEST(Snapshot, WritesGroupsDatasetsAndAttributes) {
  TempDir tmp;
  const Grid g = small_grid();
  const std::string dir = tmp.file("out/run");  // created by the writer
  SnapshotWriter w(dir, g, "[grid]\npoints = [4, 3, 2]\n", R"({"version":"test"})");
  EXPECT_TRUE(std::filesystem::exists(dir + "/fields.h5"));
  EXPECT_EQ(w.count(), 0);

  const double times[2] = {0.0, 0.25};
  for (int s = 0; s < 2; ++s) {
    std::vector<std::vector<double>> data;
    std::vector<SnapshotField> fields;
    for (std::size_t f = 0; f < kNames.size(); ++f) data.push_back(make_field(g, s, static_cast<int>(f)));
    for (std::size_t f = 0; f < kNames.size(); ++f) fields.push_back({kNames[f], data[f]});
    w.write(times[s], fields);
    EXPECT_EQ(w.count(), s + 1);

    // The file is closed and complete after each write.
    const hid_t file = H5Fopen((dir + "/fields.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    char gname[32];
    std::snprintf(gname, sizeof gname, "snapshot_%06d", s);
    const hid_t group = H5Gopen2(file, gname, H5P_DEFAULT);
    ASSERT_GE(group, 0) << gname;
    EXPECT_EQ(testing::h5_attr_doubles(group, "time"), std::vector<double>{times[s]});
    for (std::size_t f = 0; f < kNames.size(); ++f) {
      EXPECT_EQ(testing::h5_shape(group, kNames[f].c_str()), (std::vector<hsize_t>{4, 3, 2}));
      const std::vector<double> got = testing::h5_read_all(group, kNames[f].c_str());
      ASSERT_EQ(got.size(), 24u);
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 3; ++j)
          for (int k = 0; k < 2; ++k) {
            EXPECT_EQ(got[(static_cast<std::size_t>(i) * 3 + j) * 2 + k],
                      value(s, static_cast<int>(f), i, j, k))
                << kNames[f] << " [" << i << "][" << j << "][" << k << "]";
          }
    }
    H5Gclose(group);
    EXPECT_EQ(testing::h5_attr_string(file, "resolved_input"), "[grid]\npoints = [4, 3, 2]\n");
    EXPECT_EQ(testing::h5_attr_string(file, "metadata"), R"({"version":"test"})");
    EXPECT_EQ(testing::h5_attr_ints(file, "points"), (std::vector<long long>{4, 3, 2}));
    EXPECT_EQ(testing::h5_attr_doubles(file, "size"), (std::vector<double>{1.0, 2.0, 3.0}));
    EXPECT_EQ(testing::h5_attr_string(file, "coordinates"), "cartesian");
    H5Fclose(file);
  }
}

TEST(Snapshot, XdmfDescribesEverySnapshot) {
  TempDir tmp;
  const Grid g = small_grid();
  const std::string dir = tmp.file("run");
  SnapshotWriter w(dir, g, "", "{}");
  const std::vector<double> a = make_field(g, 0, 0), b = make_field(g, 0, 1);
  w.write(0.5, {{"e", a}, {"ux", b}});
  std::string xml = testing::read_text(dir + "/fields.xdmf");
  EXPECT_EQ(count_of(xml, "<Grid Name=\"snapshot_"), 1u);
  w.write(1.75, {{"e", b}, {"ux", a}});
  xml = testing::read_text(dir + "/fields.xdmf");

  EXPECT_FALSE(std::filesystem::exists(dir + "/fields.xdmf.tmp"));
  EXPECT_NE(xml.find("<Xdmf Version=\"3.0\""), std::string::npos);
  EXPECT_NE(xml.find("CollectionType=\"Temporal\""), std::string::npos);
  EXPECT_EQ(count_of(xml, "<Grid Name=\"snapshot_"), 2u);
  EXPECT_NE(xml.find("<Time Value=\"0.5\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<Time Value=\"1.75\"/>"), std::string::npos);
  // A structured mesh on the cells' coordinates (ParaView's x, y, z are ishydro's; docs/usage.md).
  EXPECT_EQ(count_of(xml, "TopologyType=\"3DSMesh\" Dimensions=\"4 3 2\""), 2u);
  EXPECT_EQ(count_of(xml, "GeometryType=\"XYZ\""), 2u);
  EXPECT_EQ(count_of(xml,
                     "Dimensions=\"24 3\" NumberType=\"Float\" Precision=\"8\" "
                     "Format=\"HDF\">fields.h5:/coordinates/xyz<"),
            2u);
  {
    const hid_t f = H5Fopen((dir + "/fields.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    std::vector<double> xyz(24 * 3);
    const hid_t d = H5Dopen2(f, "coordinates/xyz", H5P_DEFAULT);
    ASSERT_GE(d, 0);
    H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, xyz.data());
    H5Dclose(d);
    H5Fclose(f);
    // Cell (i, j, k) = (3, 2, 1) is point 3 * 6 + 2 * 2 + 1 = 23: (3 dx, 2 dy, 1 dz).
    EXPECT_DOUBLE_EQ(xyz[23 * 3 + 0], 3 * 0.25);
    EXPECT_DOUBLE_EQ(xyz[23 * 3 + 1], 2 * (2.0 / 3.0));
    EXPECT_DOUBLE_EQ(xyz[23 * 3 + 2], 1 * 1.5);
  }
  EXPECT_EQ(count_of(xml, "Center=\"Node\""), 4u);
  EXPECT_EQ(
      count_of(xml, "<DataItem Dimensions=\"4 3 2\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">"),
      4u);
  for (const char* ref : {">fields.h5:/snapshot_000000/e<", ">fields.h5:/snapshot_000000/ux<",
                          ">fields.h5:/snapshot_000001/e<", ">fields.h5:/snapshot_000001/ux<"}) {
    EXPECT_NE(xml.find(ref), std::string::npos) << ref;
  }
  // Relative references only, so the directory can be moved.
  EXPECT_EQ(xml.find(tmp.path().string()), std::string::npos);
  EXPECT_NE(xml.rfind("</Xdmf>"), std::string::npos);
}

TEST(Snapshot, ConstructorTruncatesAnEarlierRun) {
  TempDir tmp;
  const Grid g = small_grid();
  const std::string dir = tmp.file("run");
  const std::vector<double> a = make_field(g, 0, 0);
  {
    SnapshotWriter w(dir, g, "", "{}");
    w.write(0.0, {{"e", a}});
    w.write(1.0, {{"e", a}});
  }
  ASSERT_TRUE(std::filesystem::exists(dir + "/fields.xdmf"));
  SnapshotWriter w(dir, g, "second", "{}");
  EXPECT_FALSE(std::filesystem::exists(dir + "/fields.xdmf"));  // stale sidecar removed
  const hid_t file = H5Fopen((dir + "/fields.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  EXPECT_EQ(H5Lexists(file, "snapshot_000000", H5P_DEFAULT), 0);
  EXPECT_EQ(testing::h5_attr_string(file, "resolved_input"), "second");
  H5Fclose(file);
}

TEST(Snapshot, LargeResolvedInputIsStored) {
  // Attributes in the object header are limited to 64 KiB; the resolved input must not be.
  TempDir tmp;
  const Grid g = small_grid();
  const std::string big(200000, 'x');
  SnapshotWriter w(tmp.file("run"), g, big, "{}");
  const hid_t file = H5Fopen(tmp.file("run/fields.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  EXPECT_EQ(testing::h5_attr_string(file, "resolved_input"), big);
  H5Fclose(file);
}

TEST(Snapshot, RefusesBadFields) {
  TempDir tmp;
  const Grid g = small_grid();
  SnapshotWriter w(tmp.file("run"), g, "", "{}");
  const std::vector<double> good = make_field(g, 0, 0);
  const std::vector<double> short_field(5, 0.0);
  EXPECT_THROW(w.write(0.0, {{"e", short_field}}), std::invalid_argument);
  EXPECT_THROW(w.write(0.0, {{"e", good}, {"e", good}}), std::invalid_argument);
  EXPECT_THROW(w.write(0.0, {{"a/b", good}}), std::invalid_argument);
  EXPECT_THROW(w.write(0.0, {}), std::invalid_argument);
  EXPECT_EQ(w.count(), 0);
  w.write(0.0, {{"e", good}, {"ux", good}});
  // fields.xdmf lists one set of attributes for all snapshots.
  EXPECT_THROW(w.write(1.0, {{"e", good}}), std::invalid_argument);
  EXPECT_EQ(w.count(), 1);
}

}  // namespace
}  // namespace ishydro
