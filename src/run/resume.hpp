#pragma once
// `ishydro resume DIR [--end T]` (docs/usage.md, "Resume"): the input of the run in DIR, as recorded
// there, set to continue from DIR's checkpoint.h5.
#include <optional>
#include <string>

#include "config/config.hpp"

namespace ishydro {

struct ResumePlan {
  RunConfig config;  // initial.kind = "file" from DIR/checkpoint.h5, output.dir = DIR
  int threads = 0;   // the thread count recorded in run.json (0: unknown)
  std::string dir;   // absolute
};

// Reads the resolved input from DIR/run.json (or, without it, from checkpoint.h5's `resolved_input`).
// Refuses (InputError) a directory without a checkpoint or without a recorded input, and an end that
// is not after the checkpoint's time.
ResumePlan plan_resume(const std::string& dir, std::optional<double> end);

}  // namespace ishydro
