#include "h5/hdf5_util.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <stdexcept>
#include <vector>

#include "parallel/comm.hpp"

namespace ishydro::h5 {

void silence_errors() {
  static const bool silenced = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)silenced;
}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = other.id_;
    closer_ = other.closer_;
    other.id_ = H5I_INVALID_HID;
  }
  return *this;
}

bool Handle::close() {
  if (id_ < 0) return true;
  if (!closer_) {  // a borrowed id such as H5P_DEFAULT
    id_ = H5I_INVALID_HID;
    return true;
  }
  const herr_t status = closer_(id_);
  id_ = H5I_INVALID_HID;
  return status >= 0;
}

namespace {

Handle wrap(hid_t id, Handle::Closer closer, const std::string& what) {
  if (id < 0) throw std::runtime_error("cannot " + what);
  return Handle(id, closer);
}

struct DimsOfSlab {
  std::array<hsize_t, 3> global;
  std::array<hsize_t, 3> start;
  std::array<hsize_t, 3> count;
};

DimsOfSlab slab_of(const Grid& grid) {
  DimsOfSlab d;
  for (int a = 0; a < 3; ++a) d.global[a] = static_cast<hsize_t>(grid.n[a]);
  d.start = {static_cast<hsize_t>(grid.x_offset), 0, 0};
  d.count = {static_cast<hsize_t>(grid.local_nx), d.global[1], d.global[2]};
  return d;
}

// Selects this process's rows in `file_space` and returns the matching memory dataspace.
Handle select_slab(hid_t file_space, const DimsOfSlab& d, const std::string& name) {
  const bool empty = d.count[0] == 0 || d.count[1] == 0 || d.count[2] == 0;
  if (empty) {
    check(H5Sselect_none(file_space), "select an empty slab of '" + name + "'");
    const hsize_t one = 1;
    Handle mem = dataspace(H5Screate_simple(1, &one, nullptr), "create a memory dataspace");
    check(H5Sselect_none(mem.get()), "select an empty slab of '" + name + "'");
    return mem;
  }
  check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, d.start.data(), nullptr, d.count.data(), nullptr),
        "select the slab of '" + name + "'");
  return dataspace(H5Screate_simple(3, d.count.data(), nullptr), "create a memory dataspace");
}

Handle open_attr(hid_t obj, const char* name) {
  if (!has_attr(obj, name)) throw std::runtime_error(std::string("attribute '") + name + "' is missing");
  return attribute(H5Aopen(obj, name, H5P_DEFAULT), std::string("open attribute '") + name + "'");
}

hssize_t attr_points(hid_t attr, const char* name) {
  Handle space = dataspace(H5Aget_space(attr), std::string("read the shape of attribute '") + name + "'");
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n < 0) throw std::runtime_error(std::string("cannot read the shape of attribute '") + name + "'");
  return n;
}

H5T_class_t attr_class(hid_t attr, const char* name) {
  Handle type = datatype(H5Aget_type(attr), std::string("read the type of attribute '") + name + "'");
  return H5Tget_class(type.get());
}

void create_and_write_attr(hid_t obj, const char* name, hid_t file_type, hid_t mem_type, hid_t space,
                           const void* buf) {
  if (has_attr(obj, name)) check(H5Adelete(obj, name), std::string("replace attribute '") + name + "'");
  Handle attr = attribute(H5Acreate2(obj, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT),
                          std::string("create attribute '") + name + "'");
  check(H5Awrite(attr.get(), mem_type, buf), std::string("write attribute '") + name + "'");
}

Handle simple_or_scalar_space(std::size_t n) {
  if (n == 1) return dataspace(H5Screate(H5S_SCALAR), "create a scalar dataspace");
  const hsize_t dim = n;
  return dataspace(H5Screate_simple(1, &dim, nullptr), "create an attribute dataspace");
}

}  // namespace

Handle file(hid_t id, const std::string& what) { return wrap(id, H5Fclose, what); }
Handle group(hid_t id, const std::string& what) { return wrap(id, H5Gclose, what); }
Handle dataset(hid_t id, const std::string& what) { return wrap(id, H5Dclose, what); }
Handle dataspace(hid_t id, const std::string& what) { return wrap(id, H5Sclose, what); }
Handle attribute(hid_t id, const std::string& what) { return wrap(id, H5Aclose, what); }
Handle datatype(hid_t id, const std::string& what) { return wrap(id, H5Tclose, what); }
Handle plist(hid_t id, const std::string& what) { return wrap(id, H5Pclose, what); }

void check(herr_t status, const std::string& what) {
  if (status < 0) throw std::runtime_error("cannot " + what);
}

void write_string_attr(hid_t obj, const char* name, const std::string& value) {
  // Variable-length UTF-8: no size limit from the object header, and h5py reads it as str.
  Handle type = datatype(H5Tcopy(H5T_C_S1), "create a string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "create a string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "create a string type");
  Handle space = dataspace(H5Screate(H5S_SCALAR), "create a scalar dataspace");
  const char* ptr = value.c_str();
  create_and_write_attr(obj, name, type.get(), type.get(), space.get(), &ptr);
}

void write_double_attr(hid_t obj, const char* name, std::span<const double> values) {
  Handle space = simple_or_scalar_space(values.size());
  create_and_write_attr(obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, space.get(), values.data());
}

void write_int64_attr(hid_t obj, const char* name, std::int64_t value) {
  Handle space = simple_or_scalar_space(1);
  create_and_write_attr(obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, space.get(), &value);
}

void write_int_array_attr(hid_t obj, const char* name, std::span<const int> values) {
  Handle space = simple_or_scalar_space(values.size());
  create_and_write_attr(obj, name, H5T_STD_I32LE, H5T_NATIVE_INT, space.get(), values.data());
}

bool has_attr(hid_t obj, const char* name) {
  const htri_t exists = H5Aexists(obj, name);
  if (exists < 0) throw std::runtime_error(std::string("cannot look up attribute '") + name + "'");
  return exists > 0;
}

std::string read_string_attr(hid_t obj, const char* name) {
  Handle attr = open_attr(obj, name);
  const std::string not_string = std::string("attribute '") + name + "' is not a single string";
  if (attr_class(attr.get(), name) != H5T_STRING || attr_points(attr.get(), name) != 1) {
    throw std::runtime_error(not_string);
  }
  Handle file_type = datatype(H5Aget_type(attr.get()), std::string("read attribute '") + name + "'");
  Handle mem_type = datatype(H5Tcopy(H5T_C_S1), "create a string type");
  check(H5Tset_cset(mem_type.get(), H5Tget_cset(file_type.get())), "create a string type");
  const htri_t variable = H5Tis_variable_str(file_type.get());
  if (variable < 0) throw std::runtime_error(not_string);
  if (variable > 0) {
    check(H5Tset_size(mem_type.get(), H5T_VARIABLE), "create a string type");
    char* buf = nullptr;
    check(H5Aread(attr.get(), mem_type.get(), &buf), std::string("read attribute '") + name + "'");
    std::string value = buf != nullptr ? std::string(buf) : std::string();
    H5free_memory(buf);
    return value;
  }
  const std::size_t size = H5Tget_size(file_type.get());
  if (size == 0) throw std::runtime_error(not_string);
  check(H5Tset_size(mem_type.get(), size + 1), "create a string type");
  check(H5Tset_strpad(mem_type.get(), H5T_STR_NULLTERM), "create a string type");
  std::string buf(size + 1, '\0');
  check(H5Aread(attr.get(), mem_type.get(), buf.data()), std::string("read attribute '") + name + "'");
  buf.resize(buf.find('\0'));
  if (H5Tget_strpad(file_type.get()) == H5T_STR_SPACEPAD) {
    const auto last = buf.find_last_not_of(' ');
    buf.resize(last == std::string::npos ? 0 : last + 1);
  }
  return buf;
}

std::vector<double> read_double_attr(hid_t obj, const char* name) {
  Handle attr = open_attr(obj, name);
  const H5T_class_t cls = attr_class(attr.get(), name);
  if (cls != H5T_FLOAT && cls != H5T_INTEGER) {
    throw std::runtime_error(std::string("attribute '") + name + "' is not numeric");
  }
  std::vector<double> values(static_cast<std::size_t>(attr_points(attr.get(), name)));
  if (!values.empty()) {
    check(H5Aread(attr.get(), H5T_NATIVE_DOUBLE, values.data()),
          std::string("read attribute '") + name + "'");
  }
  return values;
}

std::vector<std::int64_t> read_int_attr(hid_t obj, const char* name) {
  Handle attr = open_attr(obj, name);
  if (attr_class(attr.get(), name) != H5T_INTEGER) {
    throw std::runtime_error(std::string("attribute '") + name + "' is not an integer");
  }
  std::vector<std::int64_t> values(static_cast<std::size_t>(attr_points(attr.get(), name)));
  if (!values.empty()) {
    check(H5Aread(attr.get(), H5T_NATIVE_INT64, values.data()), std::string("read attribute '") + name + "'");
  }
  return values;
}

Handle file_access() {
#ifdef ISHYDRO_HAVE_MPI
  if (parallel::size() > 1) {
    Handle fapl = plist(H5Pcreate(H5P_FILE_ACCESS), "create a file access property list");
    check(H5Pset_fapl_mpio(fapl.get(), parallel::communicator(), MPI_INFO_NULL), "set MPI-IO file access");
    return fapl;
  }
#endif
  return Handle(H5P_DEFAULT, nullptr);
}

Handle transfer() {
#ifdef ISHYDRO_HAVE_MPI
  if (parallel::size() > 1) {
    Handle dxpl = plist(H5Pcreate(H5P_DATASET_XFER), "create a transfer property list");
    check(H5Pset_dxpl_mpio(dxpl.get(), H5FD_MPIO_COLLECTIVE), "set collective transfers");
    return dxpl;
  }
#endif
  return Handle(H5P_DEFAULT, nullptr);
}

bool writes_shared_files() { return parallel::root(); }

void write_field(hid_t loc, const char* name, const Grid& grid, std::span<const double> data,
                 const FieldFormat& format) {
  if (data.size() != grid.cells()) {
    throw std::invalid_argument(std::string("field '") + name + "' has " + std::to_string(data.size()) +
                                " values, expected " + std::to_string(grid.cells()));
  }
  const DimsOfSlab d = slab_of(grid);
  Handle file_space = dataspace(H5Screate_simple(3, d.global.data(), nullptr), "create a dataspace");
  Handle dcpl = plist(H5Pcreate(H5P_DATASET_CREATE), "create a dataset creation property list");
  if (format.compression > 0) {
    // Deflate needs chunks: x-planes (or parts of one) of at most 2^20 values. With several MPI
    // ranks the filtered write is collective (parallel HDF5 >= 1.10.2; checked at set-up).
    const hsize_t plane = d.global[1] * d.global[2];
    const hsize_t limit = hsize_t{1} << 20;
    std::array<hsize_t, 3> chunk = {1, d.global[1], d.global[2]};
    if (plane > limit) chunk = {1, std::max<hsize_t>(1, limit / d.global[2]), std::min(d.global[2], limit)};
    if (chunk[1] > d.global[1]) chunk[1] = d.global[1];
    check(H5Pset_chunk(dcpl.get(), 3, chunk.data()), std::string("chunk dataset '") + name + "'");
    check(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(format.compression)),
          std::string("set deflate on '") + name + "'");
  }
  Handle dset = dataset(H5Dcreate2(loc, name, format.float32 ? H5T_IEEE_F32LE : H5T_IEEE_F64LE,
                                   file_space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                        std::string("create dataset '") + name + "'");
  if (format.units) write_string_attr(dset.get(), "units", format.units);
  Handle mem_space = select_slab(file_space.get(), d, name);
  Handle xfer = transfer();
  if (format.float32) {
    // Converted here, not by HDF5: parallel HDF5 1.10 cannot convert types in a collective write of a
    // filtered (compressed) dataset.
    std::vector<float> values(data.begin(), data.end());
    check(
        H5Dwrite(dset.get(), H5T_NATIVE_FLOAT, mem_space.get(), file_space.get(), xfer.get(), values.data()),
        std::string("write dataset '") + name + "'");
    return;
  }
  check(H5Dwrite(dset.get(), H5T_NATIVE_DOUBLE, mem_space.get(), file_space.get(), xfer.get(), data.data()),
        std::string("write dataset '") + name + "'");
}

void write_vector(hid_t loc, const char* name, std::span<const double> values, const char* units,
                  bool every_rank) {
  const hsize_t n = values.size();
  Handle space = dataspace(H5Screate_simple(1, &n, nullptr), "create a dataspace");
  Handle dset =
      dataset(H5Dcreate2(loc, name, H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
              std::string("create dataset '") + name + "'");
  if (units) write_string_attr(dset.get(), "units", units);
  if (n == 0) return;
  // In a file every rank writes together, rank 0 writes the values and the others select nothing.
  Handle mem_space = dataspace(H5Screate_simple(1, &n, nullptr), "create a dataspace");
  if (every_rank && !parallel::root()) {
    check(H5Sselect_none(mem_space.get()), "select nothing");
    check(H5Sselect_none(space.get()), "select nothing");
  }
  Handle xfer = every_rank ? transfer() : Handle(H5P_DEFAULT, nullptr);
  check(H5Dwrite(dset.get(), H5T_NATIVE_DOUBLE, mem_space.get(), space.get(), xfer.get(), values.data()),
        std::string("write dataset '") + name + "'");
}

void write_component_view(hid_t loc, const char* name, const Grid& grid,
                          std::span<const std::string> components, bool float32, const char* units) {
  const std::array<hsize_t, 3> n = {static_cast<hsize_t>(grid.n[0]), static_cast<hsize_t>(grid.n[1]),
                                    static_cast<hsize_t>(grid.n[2])};
  const std::array<hsize_t, 4> shape = {n[0], n[1], n[2], components.size()};
  Handle view_space = dataspace(H5Screate_simple(4, shape.data(), nullptr), "create a dataspace");
  Handle source_space = dataspace(H5Screate_simple(3, n.data(), nullptr), "create a dataspace");
  Handle dcpl = plist(H5Pcreate(H5P_DATASET_CREATE), "create a dataset creation property list");
  for (std::size_t c = 0; c < components.size(); ++c) {
    const std::array<hsize_t, 4> start = {0, 0, 0, c}, count = {n[0], n[1], n[2], 1};
    check(H5Sselect_hyperslab(view_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
          std::string("select component ") + std::to_string(c) + " of '" + name + "'");
    // ".": the file that holds the view, wherever it is moved or renamed to.
    check(H5Pset_virtual(dcpl.get(), view_space.get(), ".", components[c].c_str(), source_space.get()),
          std::string("map '") + components[c] + "' into '" + name + "'");
  }
  check(H5Sselect_all(view_space.get()), "select all");
  Handle dset = dataset(H5Dcreate2(loc, name, float32 ? H5T_IEEE_F32LE : H5T_IEEE_F64LE, view_space.get(),
                                   H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                        std::string("create dataset '") + name + "'");
  if (units) write_string_attr(dset.get(), "units", units);
}

std::optional<std::vector<hsize_t>> dataset_shape(hid_t loc, const char* name) {
  const htri_t exists = H5Lexists(loc, name, H5P_DEFAULT);
  if (exists < 0) throw std::runtime_error(std::string("cannot look up '") + name + "'");
  if (exists == 0) return std::nullopt;
  const hid_t id = H5Dopen2(loc, name, H5P_DEFAULT);
  if (id < 0) throw std::runtime_error(std::string("'") + name + "' is not a dataset");
  Handle dset(id, H5Dclose);
  Handle type = datatype(H5Dget_type(dset.get()), std::string("read the type of '") + name + "'");
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_FLOAT && cls != H5T_INTEGER) {
    throw std::runtime_error(std::string("dataset '") + name + "' is not numeric");
  }
  Handle space = dataspace(H5Dget_space(dset.get()), std::string("read the shape of '") + name + "'");
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) throw std::runtime_error(std::string("cannot read the shape of '") + name + "'");
  std::vector<hsize_t> shape(static_cast<std::size_t>(rank));
  if (rank > 0) H5Sget_simple_extent_dims(space.get(), shape.data(), nullptr);
  return shape;
}

std::vector<double> read_field(hid_t loc, const char* name, const Grid& grid) {
  Handle dset = dataset(H5Dopen2(loc, name, H5P_DEFAULT), std::string("open dataset '") + name + "'");
  Handle file_space = dataspace(H5Dget_space(dset.get()), std::string("read the shape of '") + name + "'");
  const DimsOfSlab d = slab_of(grid);
  Handle mem_space = select_slab(file_space.get(), d, name);
  std::vector<double> values(grid.cells());
  if (values.empty()) return values;
  check(H5Dread(dset.get(), H5T_NATIVE_DOUBLE, mem_space.get(), file_space.get(), H5P_DEFAULT, values.data()),
        std::string("read dataset '") + name + "'");
  return values;
}

std::string shape_string(std::span<const hsize_t> shape) {
  if (shape.empty()) return "scalar";
  std::string s;
  for (std::size_t a = 0; a < shape.size(); ++a) {
    if (a > 0) s += " x ";
    s += std::to_string(shape[a]);
  }
  return s;
}

const char* coordinates_name(Coordinates c) { return c == Coordinates::milne ? "milne" : "cartesian"; }

void write_grid_attrs(hid_t obj, const Grid& grid) {
  write_int_array_attr(obj, "points", grid.n);
  write_double_attr(obj, "size", grid.L);
  write_string_attr(obj, "coordinates", coordinates_name(grid.coordinates));
}

std::vector<std::string> link_names(hid_t group, const std::string& what) {
  std::vector<std::string> names;
  auto add = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  hsize_t index = 0;
  check(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &index, add, &names), "list " + what);
  return names;
}

long long snapshot_index(std::string_view name) {
  constexpr std::string_view prefix = "snapshot_";
  if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) return -1;
  const char* first = name.data() + prefix.size();
  const char* last = name.data() + name.size();
  long long index = -1;
  const auto [ptr, ec] = std::from_chars(first, last, index);
  if (ec != std::errc() || ptr != last || *first < '0' || *first > '9') return -1;
  return index;
}

}  // namespace ishydro::h5
