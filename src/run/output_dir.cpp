#include "run/output_dir.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "h5/hdf5_util.hpp"
#include "problems/file.hpp"

namespace ishydro {

namespace fs = std::filesystem;

std::optional<long> kept_checkpoint_step(const std::string& filename) {
  const std::string prefix = "checkpoint_", suffix = ".h5";
  if (filename.size() <= prefix.size() + suffix.size() || filename.rfind(prefix, 0) != 0 ||
      filename.compare(filename.size() - suffix.size(), suffix.size(), suffix) != 0)
    return std::nullopt;
  const std::string digits = filename.substr(prefix.size(), filename.size() - prefix.size() - suffix.size());
  if (digits.empty() || digits.size() > 18 || !std::all_of(digits.begin(), digits.end(), ::isdigit))
    return std::nullopt;
  return std::stol(digits);
}

std::vector<std::string> run_outputs_in(const std::string& dir) {
  static const char* const kNames[] = {"fields.h5", "fields.xdmf",  "diagnostics.csv", "checkpoint.h5",
                                       "run.json",  "profile.json", "spectra.h5"};
  std::vector<std::string> found;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return found;
  for (const char* name : kNames)
    if (fs::exists(fs::path(dir) / name, ec)) found.push_back(name);
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (kept_checkpoint_step(entry.path().filename().string()))
      found.push_back(entry.path().filename().string());
  std::sort(found.begin(), found.end());
  return found;
}

bool continues_own_checkpoint(const RunConfig& config, const std::string& dir) {
  const std::string* file = initial_state_file(config.initial);
  if (!file) return false;
  const fs::path path(*file);
  const std::string name = path.filename().string();
  if (name != "checkpoint.h5" && !kept_checkpoint_step(name)) return false;
  std::error_code ec;
  return fs::equivalent(path.parent_path(), dir, ec) && !ec;
}

namespace {
std::optional<std::string> root_string_attr(const std::string& path, const char* name) {
  h5::silence_errors();
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) return std::nullopt;
  h5::Handle file = h5::file(id, "open " + path);
  if (!h5::has_attr(file.get(), name)) return std::nullopt;
  return h5::read_string_attr(file.get(), name);
}
}  // namespace

double state_file_time(const std::string& path) {
  h5::silence_errors();
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) return 0.0;
  try {
    h5::Handle file = h5::file(id, "open " + path);
    if (h5::has_attr(file.get(), "time")) {
      const std::vector<double> t = h5::read_double_attr(file.get(), "time");
      return t.size() == 1 ? t[0] : 0.0;
    }
    int last = -1;
    std::string last_name;
    for (const std::string& name : h5::link_names(file.get(), "the root group"))
      if (h5::snapshot_index(name) > last) {
        last = h5::snapshot_index(name);
        last_name = name;
      }
    if (last < 0) return 0.0;
    h5::Handle group = h5::group(H5Gopen2(file.get(), last_name.c_str(), H5P_DEFAULT), "open " + last_name);
    const std::vector<double> t = h5::read_double_attr(group.get(), "time");
    return t.size() == 1 ? t[0] : 0.0;
  } catch (const std::exception&) {
    return 0.0;
  }
}

std::vector<std::string> changed_physics_keys(const std::string& state_file,
                                              const std::string& resolved_toml) {
  std::optional<std::string> recorded;
  try {
    recorded = root_string_attr(state_file, "resolved_input");
  } catch (const std::exception&) {
    return {};
  }
  if (!recorded) return {};
  toml::table before, now;
  try {
    before = toml::parse(*recorded);
    now = toml::parse(resolved_toml);
  } catch (const toml::parse_error&) {
    return {};
  }
  auto flat = [](const toml::table& root) {
    std::map<std::string, std::string> out;
    for (const char* section : {"eos", "transport", "numerics"}) {
      const toml::table* t = root[section].as_table();
      if (!t) continue;
      for (const auto& [key, value] : *t) {
        const std::string k(key.str());
        // How the transforms are planned changes nothing in the solution.
        if (std::string(section) == "numerics" && (k == "plan_rigor" || k == "wisdom_file")) continue;
        std::ostringstream v;
        if (const auto* f = value.as_floating_point())
          v << fmt::format("{}", f->get());  // the shortest form that reads back the same
        else
          value.visit([&v](const auto& node) { v << node; });
        out[std::string(section) + "." + k] = v.str();
      }
    }
    return out;
  };
  const auto a = flat(before), b = flat(now);
  std::vector<std::string> changed;
  for (const auto& [k, v] : b) {
    const auto it = a.find(k);
    if (it == a.end() || it->second != v)
      changed.push_back(k + " (" + (it == a.end() ? "unset" : it->second) + " -> " + v + ")");
  }
  for (const auto& [k, v] : a)
    if (!b.count(k)) changed.push_back(k + " (" + v + " -> unset)");
  return changed;
}

}  // namespace ishydro
