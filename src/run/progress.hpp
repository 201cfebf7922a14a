#pragma once
// What the user sees while a run goes: on a terminal one progress line rewritten in place (percent,
// simulation time, steps per second, time left); otherwise a plain log line every 10% of the run.
// Formats into a fixed buffer, so reporting allocates nothing inside the time loop.
#include <chrono>
#include <cstdio>

namespace ishydro {

enum class Verbosity { quiet, normal, verbose };

class Progress {
 public:
  Progress(double start, double end, Verbosity verbosity);
  void update(long step, double time, double dt);
  void finish();

 private:
  double start_, end_;
  Verbosity verbosity_;
  bool terminal_;
  std::chrono::steady_clock::time_point wall_start_, last_print_;
  long first_step_ = -1;
  int next_decile_ = 1;
  bool printed_ = false;
};

}  // namespace ishydro
