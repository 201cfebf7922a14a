#pragma once
// diagnostics.csv: one line per time step (docs/usage.md). Buffered C stdio with a fixed
// format, so writing a line allocates nothing.
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include "hydro/state_summary.hpp"

namespace ishydro {

class DiagnosticsWriter {
 public:
  // Creates (truncates) the file. With `continue_through_step` (a run continued from this directory's
  // checkpoint.h5 at that step) the lines of an existing file up to that step are kept and the new
  // ones follow them.
  // A charged run's file has two more columns, total_N0 and max_u_V (docs/usage.md).
  explicit DiagnosticsWriter(const std::string& path,
                             std::optional<long> continue_through_step = std::nullopt, bool charged = false);
  ~DiagnosticsWriter();
  DiagnosticsWriter(const DiagnosticsWriter&) = delete;
  DiagnosticsWriter& operator=(const DiagnosticsWriter&) = delete;
  void write(long step, double time, double dt, const StateSummary& s);
  void flush();
  // Whether the file already has the line of this step (kept from the run being continued).
  bool holds(long step) const { return step <= kept_through_; }

 private:
  std::FILE* file_ = nullptr;
  // Line-buffered through this buffer (no allocation while stepping): each line reaches the file in one
  // write(2), so a killed run leaves only whole lines.
  std::array<char, 8192> buffer_{};
  long kept_through_ = -1;
  bool charged_ = false;
  double last_time_ = NAN, last_entropy_ = NAN;  // of the last line written (for dS/dt)
};

}  // namespace ishydro
