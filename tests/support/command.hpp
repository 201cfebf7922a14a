#pragma once
// Runs a shell command (the ishydro binary, in the tests of the command line) and captures its exit
// status and its output, stdout and stderr together.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace ishydro::testing {

struct CommandResult {
  int status;  // the exit status, or -1 if the command did not exit normally
  std::string output;
};

inline CommandResult run_command(const std::string& command) {
  CommandResult r{-1, ""};
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  std::array<char, 4096> buf{};
  while (fgets(buf.data(), buf.size(), pipe)) r.output += buf.data();
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace ishydro::testing
