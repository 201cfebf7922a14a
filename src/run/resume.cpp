#include "run/resume.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "h5/hdf5_util.hpp"
#include "problems/registry.hpp"
#include "run/output_dir.hpp"

namespace ishydro {

namespace fs = std::filesystem;

namespace {
[[noreturn]] void refuse(const std::string& what) { throw InputError("input error: " + what); }

std::string checkpoint_input(const std::string& path) {
  h5::silence_errors();
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) return "";
  h5::Handle file = h5::file(id, "open " + path);
  return h5::has_attr(file.get(), "resolved_input") ? h5::read_string_attr(file.get(), "resolved_input") : "";
}
}  // namespace

ResumePlan plan_resume(const std::string& dir_arg, std::optional<double> end) {
  ResumePlan plan;
  std::error_code ec;
  if (!fs::is_directory(dir_arg, ec)) refuse(fmt::format("resume {}: no such directory", dir_arg));
  plan.dir = fs::absolute(dir_arg).lexically_normal().string();
  if (plan.dir.size() > 1 && plan.dir.back() == '/') plan.dir.pop_back();
  const fs::path checkpoint = fs::path(plan.dir) / "checkpoint.h5";
  if (!fs::is_regular_file(checkpoint, ec))
    refuse(
        fmt::format("resume {}: there is no checkpoint.h5 to continue from (a run writes one at every "
                    "snapshot, at its end and when stopped)",
                    plan.dir));
  // The input as the run recorded it: run.json, else the checkpoint's own copy.
  std::string text;
  std::ifstream in(fs::path(plan.dir) / "run.json");
  if (in) {
    try {
      const nlohmann::json info = nlohmann::json::parse(in);
      if (info.contains("resolved_input")) text = info["resolved_input"].get<std::string>();
      if (info.contains("threads")) plan.threads = info["threads"].get<int>();
    } catch (const std::exception&) {
      text.clear();
    }
  }
  if (text.empty()) {
    try {
      text = checkpoint_input(checkpoint.string());
    } catch (const std::exception&) {
      text.clear();
    }
  }
  if (text.empty())
    refuse(
        fmt::format("resume {}: neither run.json nor checkpoint.h5 records the input of the run", plan.dir));
  toml::table input;
  try {
    input = toml::parse(text);
  } catch (const toml::parse_error& e) {
    refuse(fmt::format("resume {}: the recorded input does not parse: {}", plan.dir, e.description()));
  }
  // As recorded (the run's own end and snapshot times, for run.json and the checkpoints), and as this
  // invocation runs (to --end).
  input.insert_or_assign("initial", toml::table{{"kind", "file"}, {"path", checkpoint.string()}});
  if (toml::table* time = input["time"].as_table()) {
    time->erase("start");
    time->erase("max_steps");  // resume runs to the end (or to --end)
  }
  if (toml::table* output = input["output"].as_table()) output->insert_or_assign("dir", plan.dir);
  toml::table effective = input;
  if (end) {
    if (toml::table* time = effective["time"].as_table()) time->insert_or_assign("end", *end);
    // Snapshot times after --end are not this invocation's.
    if (toml::array* times = effective["output"]["times"].as_array()) {
      toml::array kept;
      for (const auto& t : *times)
        if (t.value<double>().value_or(0) <= *end) kept.push_back(*t.value<double>());
      *times = std::move(kept);
    }
  }
  auto text_of = [](const toml::table& t) {
    std::ostringstream out;
    out << t;
    return out.str();
  };
  const std::string source = (fs::path(plan.dir) / "run.json").string();
  const double start = state_file_time(checkpoint.string());
  plan.config = parse_config_string(text_of(effective), source);
  plan.config.resolved_toml = parse_config_string(text_of(input), source).resolved_toml;
  if (!(plan.config.time.end > start))
    refuse(
        fmt::format("resume {}: the checkpoint is at t = {} fm, which is already the end of the run "
                    "(time.end = {}); give a later end with --end T",
                    plan.dir, start, plan.config.time.end));
  return plan;
}

}  // namespace ishydro
