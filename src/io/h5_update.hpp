#pragma once
// Changes to an existing HDF5 output (a snapshot appended to fields.h5 or spectra.h5, later snapshots
// dropped on a continued run) made so that every state of the file a reader or a crash can observe is a
// complete file: the change is made to a copy, which is then renamed over the file (docs/usage.md,
// "Outputs appear whole"). A run killed at any moment leaves the file as it was before the change,
// plus at most a stale `<file>.tmp` that the next change overwrites.
#include <hdf5.h>

#include <functional>
#include <string>

namespace ishydro::h5io {

// Copies `path` to `path.tmp`, opens the copy read-write (with every rank when `every_rank`, through
// MPI-IO; else this process alone), applies `change`, closes, fsyncs and renames the copy over `path`.
// On failure removes the copy and throws std::runtime_error; `path` is then unchanged.
void update_by_copy(const std::string& path, const std::function<void(hid_t file)>& change, bool every_rank);

// For the tests that kill a writer half-way (tests/io/test_snapshot_crash.cpp): called with a label
// between the steps of a change ("copied", "dataset" after each dataset of a snapshot, "synced" before
// the rename). Null (the default) in a run.
extern void (*crash_point)(const char* label);
inline void at_crash_point(const char* label) {
  if (crash_point) crash_point(label);
}

}  // namespace ishydro::h5io
