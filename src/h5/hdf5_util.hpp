#pragma once
// Small helpers over the HDF5 C API shared by snapshot.cpp and checkpoint.cpp: owning handles,
// scalar/array/string attributes and (nx, ny, nz) datasets written and read through the x slab of
// this process (rows [x_offset, x_offset + local_nx)). Failures throw std::runtime_error with a short
// description; callers add the file name.
#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "grid/grid.hpp"

namespace ishydro::h5 {

// Turns off HDF5's automatic error-stack printing (once per process); errors are reported by us.
void silence_errors();

// Owns one hid_t and closes it with the matching H5?close function.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = H5I_INVALID_HID; }
  Handle& operator=(Handle&& other) noexcept;
  ~Handle() { reset(); }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  // Closes now; returns false if the close call failed (e.g. H5Fclose could not flush).
  bool close();
  void reset() { close(); }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// Each throws std::runtime_error("cannot " + what) if id < 0, else wraps it with its closer.
Handle file(hid_t id, const std::string& what);
Handle group(hid_t id, const std::string& what);
Handle dataset(hid_t id, const std::string& what);
Handle dataspace(hid_t id, const std::string& what);
Handle attribute(hid_t id, const std::string& what);
Handle datatype(hid_t id, const std::string& what);
Handle plist(hid_t id, const std::string& what);
// Property lists for files written by every rank together: MPI-IO file access and collective
// transfers when the run has several ranks (parallel HDF5), the defaults otherwise.
Handle file_access();
Handle transfer();
// Whether this process writes the files that only one process writes (XDMF, renames): rank 0.
bool writes_shared_files();

// Throws std::runtime_error("cannot " + what) if status < 0.
void check(herr_t status, const std::string& what);

// Attributes on a file, group or dataset.
void write_string_attr(hid_t obj, const char* name, const std::string& value);
void write_double_attr(hid_t obj, const char* name, std::span<const double> values);  // size 1: scalar
void write_int64_attr(hid_t obj, const char* name, std::int64_t value);
void write_int_array_attr(hid_t obj, const char* name, std::span<const int> values);
bool has_attr(hid_t obj, const char* name);
// Readers throw std::runtime_error("attribute 'name' ...") if missing or of the wrong kind.
std::string read_string_attr(hid_t obj, const char* name);
std::vector<double> read_double_attr(hid_t obj, const char* name);
std::vector<std::int64_t> read_int_attr(hid_t obj, const char* name);

// How a field is stored: float64 (default) or float32, deflate level (0: none, contiguous; else
// chunked), and a `units` attribute when given.
struct FieldFormat {
  bool float32 = false;
  int compression = 0;
  const char* units = nullptr;
};

// Creates a dataset of shape grid.n under `loc` and writes this process's slab from `data`
// (grid.cells() values, C order).
void write_field(hid_t loc, const char* name, const Grid& grid, std::span<const double> data,
                 const FieldFormat& format = {});
// A float64 1D dataset (with a `units` attribute when given). `every_rank`: the file is written by all
// ranks together (rank 0 supplies the values); otherwise by this process alone.
void write_vector(hid_t loc, const char* name, std::span<const double> values, const char* units,
                  bool every_rank);

// A virtual dataset (HDF5 >= 1.10) of shape grid.n x components.size() whose last index c reads the
// (nx, ny, nz) dataset at path components[c] of the same file: a view, no values copied. Its type is
// float32 or float64 as the sources'.
void write_component_view(hid_t loc, const char* name, const Grid& grid,
                          std::span<const std::string> components, bool float32, const char* units);

// Shape of an existing dataset (empty if `name` is missing or not a dataset).
std::optional<std::vector<hsize_t>> dataset_shape(hid_t loc, const char* name);
// Reads this process's slab of a dataset already checked to have shape grid.n.
std::vector<double> read_field(hid_t loc, const char* name, const Grid& grid);

std::string shape_string(std::span<const hsize_t> shape);  // "4 x 3 x 2"

// The names of the links in a group, by name; `what` names the group in an error.
std::vector<std::string> link_names(hid_t group, const std::string& what);
// The index of a snapshot_NNNNNN group (fields.h5), or -1 for any other name.
long long snapshot_index(std::string_view name);

// The box as root attributes: points (int[3]), size (double[3]), coordinates ("cartesian"/"milne").
const char* coordinates_name(Coordinates c);
void write_grid_attrs(hid_t obj, const Grid& grid);

}  // namespace ishydro::h5
