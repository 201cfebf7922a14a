#include "io/diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "util/fs_util.hpp"

namespace ishydro {

namespace {
constexpr const char* kHeader =
    "step,time,dt,total_T00,total_T0x,total_T0y,total_T0z,max_u_pi,max_trace_pi,min_e,max_v,"
    "max_signal_speed,regulated_cells,total_S,dS_dt,max_inv_Re_shear,max_inv_Re_bulk,max_Kn,enstrophy,"
    "max_vorticity,mean_v";
constexpr int kCommas = 20;  // fields per line - 1
// The columns a charged run adds (docs/usage.md).
constexpr const char* kChargeColumns = ",total_N0,max_u_V";
constexpr int kChargeCommas = 2;

std::string header(bool charged) { return std::string(kHeader) + (charged ? kChargeColumns : ""); }

// The lines of an existing diagnostics.csv of this format up to `last_step` (the header first): whole
// lines (kCommas + 1 fields) of consecutive steps from 0, stopping at the first that is not; empty if there
// is none or it is of another format. Sets `kept_through` to the last step kept.
std::vector<std::string> lines_through(const std::string& path, long last_step, long& kept_through,
                                       bool charged) {
  const long commas = kCommas + (charged ? kChargeCommas : 0);
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::string line;
  if (!std::getline(in, line) || line != header(charged)) return {};
  lines.push_back(line);
  while (std::getline(in, line) && !in.eof()) {  // a last line without its newline may be cut off
    char* end = nullptr;
    const long step = std::strtol(line.c_str(), &end, 10);
    const bool whole = std::count(line.begin(), line.end(), ',') == commas;
    if (end == line.c_str() || *end != ',' || !whole || step != kept_through + 1 || step > last_step) break;
    lines.push_back(line);
    kept_through = step;
  }
  return lines;
}
}  // namespace

DiagnosticsWriter::DiagnosticsWriter(const std::string& path, std::optional<long> continue_through_step,
                                     bool charged)
    : charged_(charged) {
  std::vector<std::string> kept;
  if (continue_through_step) kept = lines_through(path, *continue_through_step, kept_through_, charged);
  if (kept.empty()) {
    kept_through_ = -1;
    kept.push_back(header(charged));
  } else if (kept.size() > 1) {
    // The time and total entropy of the last kept line, for the next line's dS/dt.
    const std::string& last = kept.back();
    std::size_t field = 0, start = 0;
    for (std::size_t i = 0; i <= last.size() && field <= 13; ++i)
      if (i == last.size() || last[i] == ',') {
        if (field == 1) last_time_ = std::strtod(last.c_str() + start, nullptr);
        if (field == 13) last_entropy_ = std::strtod(last.c_str() + start, nullptr);
        ++field;
        start = i + 1;
      }
  }
  // The kept lines replace the file atomically (a run killed now leaves the old file whole); the new
  // lines are appended to it.
  std::string text;
  for (const std::string& line : kept) text += line + "\n";
  fsutil::write_file_atomically(path, text);
  file_ = std::fopen(path.c_str(), "a");
  if (!file_) throw std::runtime_error("cannot write " + path);
  std::setvbuf(file_, buffer_.data(), _IOLBF, buffer_.size());
}

DiagnosticsWriter::~DiagnosticsWriter() {
  if (file_) std::fclose(file_);
}

void DiagnosticsWriter::write(long step, double time, double dt, const StateSummary& s) {
  // dS/dt between this line and the previous one (nan on the first line, or at an equal time).
  const double dS_dt = time > last_time_ ? (s.total_entropy - last_entropy_) / (time - last_time_) : NAN;
  std::fprintf(
      file_,
      "%ld,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.6e,%.6e,%.17g,%.17g,%.17g,%ld,%.17g,%.17g,%.6e,%.6e,"
      "%.6e,%.17g,%.17g,%.17g",
      step, time, dt, s.total_Ttnu[0], s.total_Ttnu[1], s.total_Ttnu[2], s.total_Ttnu[3], s.max_u_pi,
      s.max_trace_pi, s.min_energy, s.max_speed, s.max_signal_speed, s.regulated_cells, s.total_entropy,
      dS_dt, s.max_inverse_reynolds_shear, s.max_inverse_reynolds_bulk, s.max_knudsen, s.enstrophy,
      s.max_vorticity, s.mean_speed);
  if (charged_) std::fprintf(file_, ",%.17g,%.6e", s.total_N0, s.max_u_V);
  std::fputc('\n', file_);
  last_time_ = time;
  last_entropy_ = s.total_entropy;
}

void DiagnosticsWriter::flush() { std::fflush(file_); }

}  // namespace ishydro
