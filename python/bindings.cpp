// The compiled part of the Python module `ishydro` (docs/python.md): Simulation over the C++
// Simulation. Parsing, stepping and outputs are the library's own (src/); this file only converts
// between Python and C++ and holds the rules of the Python API (GIL, Ctrl-C, array copies).
#include <fmt/format.h>
#include <omp.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/config_reader.hpp"
#include "eos/eos.hpp"
#include "hydro/physics_error.hpp"
#include "problems/problem.hpp"
#include "problems/registry.hpp"
#include "run/signals.hpp"
#include "run/simulation.hpp"

namespace py = pybind11;

namespace ishydro {
namespace {

// ---- dict -> toml::table (then the input file's own checks, parse_config_table) ----

toml::table to_table(const py::dict& dict, const std::string& where);

// Where a converted value goes: the end of an array, or a key of a table (two types, so the
// recursion below instantiates two functions).
struct ArrayPut {
  toml::array& array;
  template <class T>
  void operator()(T&& x) const {
    array.push_back(std::forward<T>(x));
  }
};
struct TablePut {
  toml::table& table;
  const std::string& key;
  template <class T>
  void operator()(T&& x) const {
    table.insert_or_assign(key, std::forward<T>(x));
  }
};

// Calls put(value) with the TOML value of `v` (key path `where`, for messages).
template <class Put>
void to_toml(py::handle v, const std::string& where, const Put& put) {
  auto fail = [&](const std::string& what) {
    throw InputError("input error: " + where + ": " + what + " (got Python " +
                     std::string(py::str(py::type::handle_of(v).attr("__name__"))) + ")");
  };
  if (py::hasattr(v, "tolist") && py::hasattr(v, "shape")) {  // numpy arrays and scalars: as Python's
    to_toml(v.attr("tolist")(), where, put);
  } else if (py::isinstance<py::bool_>(v)) {
    put(v.cast<bool>());
  } else if (py::isinstance<py::str>(v)) {
    put(v.cast<std::string>());
  } else if (py::isinstance<py::dict>(v)) {
    put(to_table(v.cast<py::dict>(), where));
  } else if (py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) {
    toml::array array;
    int i = 0;
    for (py::handle item : v) to_toml(item, where + "[" + std::to_string(i++) + "]", ArrayPut{array});
    put(std::move(array));
  } else if (py::hasattr(v, "__index__")) {  // int and other integers
    std::int64_t i = 0;
    try {
      i = py::int_(py::reinterpret_borrow<py::object>(v)).cast<std::int64_t>();
    } catch (const py::cast_error&) {
      fail("an integer beyond TOML's 64 bits");
    }
    put(i);
  } else if (py::hasattr(v, "__float__")) {  // float and other reals
    put(v.cast<double>());
  } else if (py::hasattr(v, "__fspath__")) {
    put(py::str(py::module_::import("os").attr("fspath")(v)).cast<std::string>());
  } else {
    fail("not a TOML value (bool, int, float, str, list or dict)");
  }
}

toml::table to_table(const py::dict& dict, const std::string& where) {
  toml::table table;
  for (auto [key, value] : dict) {
    if (!py::isinstance<py::str>(key))
      throw InputError("input error: " + (where.empty() ? std::string("the input") : where) + ": key " +
                       std::string(py::repr(key)) + " is not a string");
    const std::string name = key.cast<std::string>();
    to_toml(value, where.empty() ? name : where + "." + name, TablePut{table, name});
  }
  return table;
}

// A dict shaped like the input file, or the path (str or os.PathLike) of one.
RunConfig config_from_python(const py::object& config) {
  if (py::isinstance<py::dict>(config))
    return parse_config_table(to_table(config.cast<py::dict>(), ""), std::filesystem::current_path(),
                              initial_kinds());
  if (py::isinstance<py::str>(config) || py::hasattr(config, "__fspath__"))
    return parse_config_file(py::str(py::module_::import("os").attr("fspath")(config)).cast<std::string>());
  throw py::type_error("Simulation: config must be a dict shaped like the input file or a path, got " +
                       std::string(py::str(py::type::handle_of(config).attr("__name__"))));
}

// ---- Ctrl-C while the GIL is released ----

// For the duration of a call: SIGINT and SIGTERM set the library's stop flag (src/run/signals.hpp),
// which the run loop polls between steps; afterwards Python's handlers are back and a signal that
// arrived is raised again, so Python handles it as usual (SIGINT: KeyboardInterrupt).
class StopSignals {
 public:
  StopSignals() {
    sigaction(SIGINT, nullptr, &old_int_);
    sigaction(SIGTERM, nullptr, &old_term_);
    install_stop_handlers();
  }
  ~StopSignals() { restore(); }
  // Restores Python's handlers; raises the signal that stopped the run, if any, and reports
  // whether Python now has an exception set (KeyboardInterrupt, or what its handler raised).
  // Needs the GIL. A Python handler that returns without raising (a SIGTERM handler, say) lets the
  // call return early. Off the main thread the signal is not raised again (Python runs handlers on
  // its main thread only); KeyboardInterrupt is set instead, so a stopped call never looks finished.
  bool restore_and_reraise(bool main_thread) {
    restore();
    if (stop_signal() == 0) return false;
    if (main_thread) {
      std::raise(stop_signal());
      return PyErr_CheckSignals() != 0;
    }
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    return true;
  }

 private:
  void restore() {
    if (restored_) return;
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
    restored_ = true;
  }
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
  bool restored_ = false;
};

bool on_main_thread() {
  const py::module_ threading = py::module_::import("threading");
  return threading.attr("current_thread")().is(threading.attr("main_thread")());
}

// ---- the Python Simulation ----

// The last four exist in a run with a baryon charge only (docs/usage.md, "Fields of a charged run").
constexpr int kPrimitiveCount = 15, kUnchargedPrimitives = 11;
constexpr const char* kPrimitiveArgs[kPrimitiveCount] = {"e",     "ux",    "uy",    "uz",    "Pi",
                                                         "pi_xx", "pi_xy", "pi_xz", "pi_yy", "pi_yz",
                                                         "pi_zz", "nB",    "Vx",    "Vy",    "Vz"};

class PySimulation {
 public:
  PySimulation(const py::object& config, std::optional<std::string> output_dir, int threads,
               std::optional<bool> write_outputs) {
    if (threads < 0)
      throw py::value_error("Simulation: threads = " + std::to_string(threads) + ": must be >= 0");
    RunOptions options;
    options.output_dir = output_dir;
    options.threads = threads;
    options.write_outputs = write_outputs.value_or(output_dir.has_value());
    RunConfig parsed = config_from_python(config);
    py::gil_scoped_release release;  // FFTW planning can take a while
    sim_ = std::make_unique<Simulation>(std::move(parsed), options);
  }

  py::dict advance(double t_end) {
    if (!std::isfinite(t_end))
      throw py::value_error("advance: t_end = " + std::to_string(t_end) + ": must be finite");
    if (t_end < sim_->time())
      throw py::value_error(
          fmt::format("advance: t_end = {}: earlier than the current time {}", t_end, sim_->time()));
    Busy busy(*this);
    const bool main_thread = on_main_thread();
    StopSignals signals;
    RunResult result;
    {
      py::gil_scoped_release release;
      omp_set_num_threads(sim_->threads());
      result = sim_->advance(t_end);
    }
    if (signals.restore_and_reraise(main_thread)) throw py::error_already_set();
    if (result.exit_status != 0 && result.exit_status != kExitInterrupted)
      throw std::runtime_error(result.message);
    py::dict out;
    out["steps"] = result.steps;
    out["time"] = result.time;
    out["wall_seconds"] = result.wall_seconds;
    out["output_dir"] = result.output_dir;
    return out;
  }

  double time() const { return sim_->time(); }
  long step() const { return sim_->step_count(); }
  int threads() const { return sim_->threads(); }
  std::string resolved_input() const { return sim_->config().resolved_toml; }
  py::dict grid() const {
    const Grid& g = sim_->grid();
    py::dict out;
    out["points"] = py::make_tuple(g.n[0], g.n[1], g.n[2]);
    out["size"] = py::make_tuple(g.L[0], g.L[1], g.L[2]);
    out["coordinates"] = g.coordinates == Coordinates::milne ? "milne" : "cartesian";
    return out;
  }

  py::dict fields(py::object self, bool copy) {
    Busy busy(*this);
    omp_set_num_threads(sim_->threads());
    const std::vector<SnapshotField> fields = sim_->snapshot_fields();
    const Grid& g = sim_->grid();
    const std::vector<py::ssize_t> shape = {g.n[0], g.n[1], g.n[2]};
    py::dict out;
    for (const SnapshotField& f : fields) {
      if (!copy && f.name == "Pi") {  // the evolved state itself: a read-only view, kept alive by self
        py::array_t<double> view(shape, f.data.data(), self);
        view.attr("flags").attr("writeable") = false;
        out[f.name.c_str()] = view;
      } else {
        py::array_t<double> array(shape);
        std::copy(f.data.begin(), f.data.end(), array.mutable_data());
        out[f.name.c_str()] = array;
      }
    }
    return out;
  }

  // values: the arguments in the order of kPrimitiveArgs (None: absent).
  void set_fields(const std::array<py::object, kPrimitiveCount>& values) {
    Busy busy(*this);
    const Grid& g = sim_->grid();
    const std::size_t cells = g.cells();
    std::vector<py::array_t<double, py::array::c_style>> arrays;  // keeps the buffers alive
    arrays.reserve(kPrimitiveCount);
    const std::vector<double> zeros(cells, 0.0);
    std::span<const double> spans[kPrimitiveCount];
    for (int q = 0; q < kPrimitiveCount; ++q) {
      const char* name = kPrimitiveArgs[q];
      if (values[q].is_none()) {
        if (q == 0) throw py::type_error("set_fields: e is required");
        spans[q] = zeros;
        continue;
      }
      if (q >= kUnchargedPrimitives && !sim_->charged())
        throw py::value_error(fmt::format(
            "set_fields: {} exists in a run with a baryon charge only (this simulation's input has none)",
            name));
      arrays.push_back(checked_array(values[q], name, g));
      spans[q] = {arrays.back().data(), cells};
      if (q == 0)
        for (std::size_t c = 0; c < cells; ++c)
          if (!(spans[0][c] > 0))
            throw py::value_error(fmt::format("set_fields: e{} = {}: must be > 0", index(c, g), spans[0][c]));
    }
    // The new state, made as a fields.h5 state file's is (from_file); the old one back on failure.
    StateView state = sim_->state();
    const std::vector<double> old(state.data.begin(), state.data.end());
    state_from_primitives({spans[0],
                           spans[1],
                           spans[2],
                           spans[3],
                           spans[4],
                           {spans[5], spans[6], spans[7], spans[8], spans[9], spans[10]},
                           spans[11],
                           {spans[12], spans[13], spans[14]}},
                          Eos::from_config(sim_->config().eos), state);
    try {
      sim_->snapshot_fields();  // recovers (e, u) from the new state: throws if none does
    } catch (const PhysicsError& err) {
      std::copy(old.begin(), old.end(), state.data.begin());
      throw py::value_error(std::string("set_fields: ") + err.what());
    }
    sim_->state_changed();  // the next advance evaluates the new state afresh
  }

 private:
  // One call at a time: advance releases the GIL, so another Python thread could come in.
  struct Busy {
    explicit Busy(PySimulation& s) : sim(s) {
      if (sim.busy_) throw std::runtime_error("Simulation: busy in another thread (one call at a time)");
      sim.busy_ = true;
    }
    ~Busy() { sim.busy_ = false; }
    PySimulation& sim;
  };

  static std::string index(std::size_t c, const Grid& g) {
    const std::size_t nyz = static_cast<std::size_t>(g.n[1]) * g.n[2];
    return fmt::format("[{}, {}, {}]", c / nyz, (c / g.n[2]) % g.n[1], c % g.n[2]);
  }

  // A float64 array of the grid's shape with finite values (a C-ordered copy if it was not).
  static py::array_t<double, py::array::c_style> checked_array(py::handle value, const char* name,
                                                               const Grid& g) {
    if (!py::isinstance<py::array>(value))
      throw py::type_error(fmt::format("set_fields: {} must be a numpy array of float64, got {}", name,
                                       std::string(py::str(py::type::handle_of(value).attr("__name__")))));
    const py::array array = py::reinterpret_borrow<py::array>(value);
    if (!array.dtype().is(py::dtype::of<double>()))
      throw py::type_error(fmt::format("set_fields: {} must have dtype float64, got {}", name,
                                       std::string(py::str(array.dtype()))));
    const bool shape_ok =
        array.ndim() == 3 && array.shape(0) == g.n[0] && array.shape(1) == g.n[1] && array.shape(2) == g.n[2];
    if (!shape_ok)
      throw py::value_error(fmt::format("set_fields: {} has shape {}, expected ({}, {}, {}) (the grid)", name,
                                        std::string(py::str(py::tuple(array.attr("shape")))), g.n[0], g.n[1],
                                        g.n[2]));
    auto c_array = py::array_t<double, py::array::c_style>::ensure(array);
    const double* data = c_array.data();
    for (std::size_t c = 0; c < g.cells(); ++c)
      if (!std::isfinite(data[c]))
        throw py::value_error(
            fmt::format("set_fields: {}{} = {}: must be finite", name, index(c, g), data[c]));
    return c_array;
  }

  std::unique_ptr<Simulation> sim_;
  bool busy_ = false;
};

}  // namespace
}  // namespace ishydro

PYBIND11_MODULE(_ishydro, m) {
  using ishydro::PySimulation;
  m.doc() = "The compiled part of ishydro (import ishydro, not this).";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ishydro::InputError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (
        const ishydro::PhysicsError& e) {  // a bad initial state is bad input; anything else a failed step
      PyErr_SetString(e.status == ishydro::kExitInput ? PyExc_ValueError : PyExc_RuntimeError, e.what());
    }
  });

  py::class_<PySimulation>(m, "Simulation", R"doc(
One ishydro run, stepped from Python.

Simulation(config, *, output_dir=None, threads=1, write_outputs=None)

config: a dict shaped like the input file ({"grid": {"points": [64, 1, 1], ...}, "time": {...}, ...})
    or the path (str or os.PathLike) of a TOML input file. Checked exactly as `ishydro run` checks
    the file: bad input raises ValueError with the command line's one-line message. Relative paths in
    a dict (initial.path) are relative to the current directory, in a file to the file's directory.
output_dir: where outputs go (as `ishydro run --output`); giving one turns write_outputs on.
threads: OpenMP/FFTW threads (0: all cores). Set again at every call, so Simulations with different
    counts can live side by side.
write_outputs: write fields.h5, checkpoint.h5, diagnostics.csv, run.json like `ishydro run`
    (default: only when output_dir is given; by default nothing is written).

The initial state is the input's [initial]; set_fields replaces it.)doc")
      .def(py::init<const py::object&, std::optional<std::string>, int, std::optional<bool>>(),
           py::arg("config"), py::kw_only(), py::arg("output_dir") = py::none(), py::arg("threads") = 1,
           py::arg("write_outputs") = py::none())
      .def("advance", &PySimulation::advance, py::arg("t_end"), R"doc(
Steps on to t_end (fm; Milne: tau) with the same steps, checks and outputs as `ishydro run` with
time.end = t_end: so advance(t1); advance(t2) gives the same state as advance(t2) when t1 is one of
the input's output times, and both equal `ishydro run` bit for bit. Returns {"steps", "time",
"wall_seconds", "output_dir"}. t_end equal to the current time does nothing; earlier raises ValueError.

The GIL is released while stepping (other Python threads run; one call per Simulation at a time).
Ctrl-C (SIGINT) or SIGTERM stops after the current step: the state is the last completed step (still
usable; call advance again to go on), then KeyboardInterrupt is raised (SIGTERM: Python's handling of
it). An unphysical state or a failed step raises RuntimeError with the command line's message; the
state is the last good one.)doc")
      .def_property_readonly("time", &PySimulation::time, "The time now (fm; Milne: proper time tau).")
      .def_property_readonly("step", &PySimulation::step,
                             "Steps taken (a start from a checkpoint continues its count).")
      .def_property_readonly("threads", &PySimulation::threads, "Threads used (0 given: all cores).")
      .def_property_readonly("grid", &PySimulation::grid,
                             "The box: {'points': (nx, ny, nz), 'size': (Lx, Ly, Lz), 'coordinates': str}.")
      .def_property_readonly("resolved_input", &PySimulation::resolved_input,
                             "The full input with every default filled in, as TOML text (as in run.json).")
      .def(
          "fields", [](py::object self, bool copy) { return self.cast<PySimulation&>().fields(self, copy); },
          py::kw_only(), py::arg("copy") = true, R"doc(
The fields of the current state with the names and units of a fields.h5 snapshot: e, T, p, ux, uy,
uz, Pi, pi_xx, pi_xy, pi_xz, pi_yy, pi_yz, pi_zz, each a float64 array of shape (nx, ny, nz).

Copies, except with copy=False for Pi: the solver evolves T^{t nu}, pi^{ij} and Pi, so e, T, p and u
are computed (recovered from T^{t nu}) and pi is projected for the call, into scratch buffers that
the next step overwrites; they are copied out. Pi is the evolved state itself: with copy=False it is
a zero-copy, read-only view that follows the simulation (it changes on advance and set_fields, and
keeps the Simulation alive).)doc")
      .def(
          "set_fields",
          [](PySimulation& s, py::object e, py::object ux, py::object uy, py::object uz, py::object Pi,
             py::object pi_xx, py::object pi_xy, py::object pi_xz, py::object pi_yy, py::object pi_yz,
             py::object pi_zz, py::object nB, py::object Vx, py::object Vy, py::object Vz) {
            s.set_fields({e, ux, uy, uz, Pi, pi_xx, pi_xy, pi_xz, pi_yy, pi_yz, pi_zz, nB, Vx, Vy, Vz});
          },
          py::kw_only(), py::arg("e"), py::arg("ux") = py::none(), py::arg("uy") = py::none(),
          py::arg("uz") = py::none(), py::arg("Pi") = py::none(), py::arg("pi_xx") = py::none(),
          py::arg("pi_xy") = py::none(), py::arg("pi_xz") = py::none(), py::arg("pi_yy") = py::none(),
          py::arg("pi_yz") = py::none(), py::arg("pi_zz") = py::none(), py::arg("nB") = py::none(),
          py::arg("Vx") = py::none(), py::arg("Vy") = py::none(), py::arg("Vz") = py::none(), R"doc(
A new state from primitive fields (those absent are 0; e is required; nB, Vx, Vy, Vz, the rest-frame
baryon density and the diffusion current, only for a run with a baryon charge), each a float64 numpy array of
shape (nx, ny, nz), made exactly as a fields.h5 state file's ([initial] kind = "file"): pi^{ij} is
made traceless and orthogonal to u, T^{t nu} follows from (e, u, pi, Pi). ux, uy, uz are the spatial
components u^i of the four-velocity (any finite value is slower than light). The time and step count
stay. A wrong type or dtype raises TypeError, a wrong shape, a non-finite value, e <= 0 or a state no
(e, u) reproduces raises ValueError, each naming the argument (and cell); the state is then unchanged.)doc");
}
