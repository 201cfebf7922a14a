#pragma once
// diagnostics.csv: one line per time step (../shared/interface.md). Buffered C stdio with a fixed
// format, so writing a line allocates nothing.
#include <cstdio>
#include <string>

#include "hydro/rhs.hpp"

namespace ishydro {

class DiagnosticsWriter {
 public:
  explicit DiagnosticsWriter(const std::string& path);
  ~DiagnosticsWriter();
  DiagnosticsWriter(const DiagnosticsWriter&) = delete;
  DiagnosticsWriter& operator=(const DiagnosticsWriter&) = delete;
  void write(long step, double time, double dt, const StateSummary& s);
  void flush();

 private:
  std::FILE* file_ = nullptr;
};

}  // namespace ishydro
