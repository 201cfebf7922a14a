#include "io/diagnostics.hpp"

#include <stdexcept>

namespace ishydro {

DiagnosticsWriter::DiagnosticsWriter(const std::string& path) {
  file_ = std::fopen(path.c_str(), "w");
  if (!file_) throw std::runtime_error("cannot write " + path);
  std::fprintf(file_,
               "step,time,dt,total_T00,total_T0x,total_T0y,total_T0z,max_u_pi,max_trace_pi,min_e,max_v,"
               "max_signal_speed,regulated_cells\n");
}

DiagnosticsWriter::~DiagnosticsWriter() {
  if (file_) std::fclose(file_);
}

void DiagnosticsWriter::write(long step, double time, double dt, const StateSummary& s) {
  std::fprintf(file_, "%ld,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.6e,%.6e,%.17g,%.17g,%.17g,%ld\n", step, time,
               dt, s.total_Ttnu[0], s.total_Ttnu[1], s.total_Ttnu[2], s.total_Ttnu[3], s.max_u_pi,
               s.max_trace_pi, s.min_energy, s.max_speed, s.max_signal_speed, s.regulated_cells);
}

void DiagnosticsWriter::flush() { std::fflush(file_); }

}  // namespace ishydro
