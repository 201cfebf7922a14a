#pragma once
// The output directory of a run (docs/usage.md, "Output directories"): what another run left there,
// whether this run continues it, the checkpoints kept, and what a state file says about itself.
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace ishydro {

// The names of the run outputs in `dir` (fields.h5, fields.xdmf, diagnostics.csv, checkpoint.h5,
// checkpoint_<step>.h5, run.json, profile.json), sorted; empty when there is none or no directory.
std::vector<std::string> run_outputs_in(const std::string& dir);
// Whether this input continues the run in `dir` from one of its own checkpoints (initial.kind = "file"
// with a checkpoint.h5 or checkpoint_<step>.h5 of that directory).
bool continues_own_checkpoint(const RunConfig& config, const std::string& dir);
// checkpoint_<step>.h5 -> step; nullopt for any other name.
std::optional<long> kept_checkpoint_step(const std::string& filename);
// The time a state file starts at (a checkpoint's time, or a fields.h5's last snapshot time), read
// without reading its fields; 0 when it says none.
double state_file_time(const std::string& path);
// The physics keys ([eos], [transport], and the [numerics] keys that change the solution) whose
// values in the state file's recorded input differ from `resolved_toml`, as "section.key"; empty when
// the file records no input.
std::vector<std::string> changed_physics_keys(const std::string& state_file,
                                              const std::string& resolved_toml);

}  // namespace ishydro
