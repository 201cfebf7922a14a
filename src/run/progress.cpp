#include "run/progress.hpp"

#include <unistd.h>

#include <algorithm>

namespace ishydro {

Progress::Progress(double start, double end, Verbosity verbosity)
    : start_(start), end_(end), verbosity_(verbosity), terminal_(isatty(STDERR_FILENO) == 1) {
  wall_start_ = last_print_ = std::chrono::steady_clock::now();
}

void Progress::update(long step, double time, double dt) {
  if (verbosity_ == Verbosity::quiet) return;
  if (first_step_ < 0) first_step_ = step;
  const auto now = std::chrono::steady_clock::now();
  const double fraction = std::clamp((time - start_) / (end_ - start_), 0.0, 1.0);
  const double wall = std::chrono::duration<double>(now - wall_start_).count();
  const double since_print = std::chrono::duration<double>(now - last_print_).count();
  const bool decile = fraction * 10 >= next_decile_;
  const bool due = verbosity_ == Verbosity::verbose || (terminal_ ? since_print > 0.25 : decile);
  if (!due) return;
  while (fraction * 10 >= next_decile_) ++next_decile_;
  last_print_ = now;
  const double rate = wall > 0 ? (step - first_step_) / wall : 0.0;
  const double left = fraction > 0 ? wall * (1 - fraction) / fraction : 0.0;
  char line[160];
  std::snprintf(line, sizeof line,
                "%5.1f%%  t = %-11.6g fm  step %-8ld dt = %-10.4g %8.1f steps/s  %7.1f s left",
                100 * fraction, time, step, dt, rate, left);
  if (terminal_ && verbosity_ != Verbosity::verbose)
    std::fprintf(stderr, "\r%s", line);
  else
    std::fprintf(stderr, "ishydro: %s\n", line);
  printed_ = true;
}

void Progress::finish() {
  if (printed_ && terminal_ && verbosity_ == Verbosity::normal) std::fprintf(stderr, "\n");
}

}  // namespace ishydro
