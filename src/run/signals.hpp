#pragma once
// SIGINT and SIGTERM ask a run to stop cleanly: the current step finishes, a checkpoint is written and
// the program exits with kExitInterrupted (docs/usage.md). The handler only sets a flag.
namespace ishydro {

void install_stop_handlers();
bool stop_requested();
int stop_signal();  // the signal that asked, or 0

}  // namespace ishydro
