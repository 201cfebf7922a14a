#pragma once
// Shared by the io tests: a unique temporary directory per test, and plain HDF5 C API readers that do
// not go through the code under test.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace ishydro::testing {

class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::random_device rd;
    std::string name = "ishydro_test_" + std::to_string(::getpid()) + "_" + std::to_string(rd());
    if (info != nullptr) name += std::string("_") + info->test_suite_name() + "_" + info->name();
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Shape of dataset `name` (rank from the file).
inline std::vector<hsize_t> h5_shape(hid_t loc, const char* name) {
  const hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
  EXPECT_GE(d, 0) << name;
  const hid_t s = H5Dget_space(d);
  std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(s)));
  H5Sget_simple_extent_dims(s, dims.data(), nullptr);
  H5Sclose(s);
  H5Dclose(d);
  return dims;
}

// Whole dataset as doubles, C order; also checks the file type is little-endian IEEE float64.
inline std::vector<double> h5_read_all(hid_t loc, const char* name) {
  const hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
  EXPECT_GE(d, 0) << name;
  const hid_t t = H5Dget_type(d);
  EXPECT_GT(H5Tequal(t, H5T_IEEE_F64LE), 0) << name;
  H5Tclose(t);
  const hid_t s = H5Dget_space(d);
  std::vector<double> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(s)));
  EXPECT_GE(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), 0) << name;
  H5Sclose(s);
  H5Dclose(d);
  return v;
}

// One field of fields.h5's snapshot number `index` (group snapshot_NNNNNN), C order.
inline std::vector<double> h5_snapshot_field(const std::string& file, int index, const char* field) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_GE(f, 0) << file;
  char group[64];
  std::snprintf(group, sizeof group, "snapshot_%06d", index);
  const hid_t g = H5Gopen2(f, group, H5P_DEFAULT);
  EXPECT_GE(g, 0) << file << ": " << group;
  std::vector<double> data = h5_read_all(g, field);
  H5Gclose(g);
  H5Fclose(f);
  return data;
}

inline std::vector<double> h5_attr_doubles(hid_t obj, const char* name) {
  const hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
  EXPECT_GE(a, 0) << name;
  const hid_t s = H5Aget_space(a);
  std::vector<double> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(s)));
  EXPECT_GE(H5Aread(a, H5T_NATIVE_DOUBLE, v.data()), 0) << name;
  H5Sclose(s);
  H5Aclose(a);
  return v;
}

inline std::vector<long long> h5_attr_ints(hid_t obj, const char* name) {
  const hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
  EXPECT_GE(a, 0) << name;
  const hid_t s = H5Aget_space(a);
  std::vector<long long> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(s)));
  EXPECT_GE(H5Aread(a, H5T_NATIVE_LLONG, v.data()), 0) << name;
  H5Sclose(s);
  H5Aclose(a);
  return v;
}

// A variable-length string attribute.
inline std::string h5_attr_string(hid_t obj, const char* name) {
  const hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
  EXPECT_GE(a, 0) << name;
  const hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  char* buf = nullptr;
  EXPECT_GE(H5Aread(a, t, &buf), 0) << name;
  std::string s = buf != nullptr ? buf : "";
  H5free_memory(buf);
  H5Tclose(t);
  H5Aclose(a);
  return s;
}

// Replaces (or creates) dataset `name` with a float64 one of the given shape filled with `value`.
inline void h5_replace_dataset(hid_t loc, const char* name, std::vector<hsize_t> shape, double value) {
  if (H5Lexists(loc, name, H5P_DEFAULT) > 0) H5Ldelete(loc, name, H5P_DEFAULT);
  const hid_t s = H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr);
  const hid_t d = H5Dcreate2(loc, name, H5T_IEEE_F64LE, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  std::vector<double> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(s)), value);
  H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  H5Dclose(d);
  H5Sclose(s);
}

// Opens a file read-write, runs f(file), closes it.
template <class F>
void h5_edit(const std::string& path, F&& f) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0) << path;
  f(file);
  H5Fclose(file);
}

}  // namespace ishydro::testing
