#include <gtest/gtest.h>
#include <hdf5.h>

#include <algorithm>
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

// u and pi are HDF5 virtual datasets over the scalars (fields.h5's /views, docs/usage.md): reading
// them gives the components in order (pi in VTK's symmetric-tensor order XX, YY, ZZ, XY, YZ, XZ), and
// fields.xdmf shows them as a 3-component Vector and a 6-component Matrix.
TEST(Snapshot, ViewsJoinTheComponentsOfUAndPi) {
  TempDir tmp;
  const Grid g = small_grid();
  const std::string dir = tmp.file("run");
  const std::vector<std::string> names = {"e",     "ux",    "uy",    "uz",    "pi_xx",
                                          "pi_xy", "pi_xz", "pi_yy", "pi_yz", "pi_zz"};
  std::vector<std::vector<double>> data;
  for (std::size_t f = 0; f < names.size(); ++f) data.push_back(make_field(g, 1, static_cast<int>(f)));
  std::vector<SnapshotField> fields;
  for (std::size_t f = 0; f < names.size(); ++f) fields.push_back({names[f], data[f]});
  for (const bool float32 : {false, true}) {
    SCOPED_TRACE(float32 ? "float32" : "float64");
    SnapshotWriter w(dir, g, "", "{}", std::nullopt, {float32, 0});
    w.write(0.0, fields);
    w.write(1.0, fields);
    const hid_t file = H5Fopen((dir + "/fields.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    auto index_of = [&names](const char* n) {
      return std::find(names.begin(), names.end(), n) - names.begin();
    };
    const std::vector<std::pair<const char*, std::vector<const char*>>> views = {
        {"u", {"ux", "uy", "uz"}}, {"pi", {"pi_xx", "pi_yy", "pi_zz", "pi_xy", "pi_yz", "pi_xz"}}};
    for (const auto& [view, parts] : views) {
      const std::string path = std::string("views/snapshot_000001/") + view;
      EXPECT_EQ(testing::h5_shape(file, path.c_str()), (std::vector<hsize_t>{4, 3, 2, parts.size()}));
      if (float32) continue;  // (the test's reader reads float64 datasets)
      const std::vector<double> got = testing::h5_read_all(file, path.c_str());
      ASSERT_EQ(got.size(), 24 * parts.size());
      for (std::size_t c = 0; c < 24; ++c)
        for (std::size_t p = 0; p < parts.size(); ++p)
          ASSERT_EQ(got[c * parts.size() + p], data[static_cast<std::size_t>(index_of(parts[p]))][c])
              << view << " cell " << c << " component " << p;
    }
    H5Fclose(file);
    const std::string xml = testing::read_text(dir + "/fields.xdmf");
    const std::string precision = float32 ? "4" : "8";
    EXPECT_EQ(count_of(xml, "<Attribute Name=\"u\" AttributeType=\"Vector\""), 2u);
    EXPECT_EQ(count_of(xml, "<Attribute Name=\"pi\" AttributeType=\"Matrix\""), 2u);
    EXPECT_NE(xml.find("<DataItem Dimensions=\"4 3 2 3\" NumberType=\"Float\" Precision=\"" + precision +
                       "\" Format=\"HDF\">fields.h5:/views/snapshot_000001/u<"),
              std::string::npos);
    EXPECT_NE(xml.find("<DataItem Dimensions=\"4 3 2 6\" NumberType=\"Float\" Precision=\"" + precision +
                       "\" Format=\"HDF\">fields.h5:/views/snapshot_000000/pi<"),
              std::string::npos);
  }
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
