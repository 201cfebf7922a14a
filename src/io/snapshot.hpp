#pragma once
// fields.h5 (one group per snapshot) and its fields.xdmf sidecar, as docs/usage.md lays out.
#include <hdf5.h>

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "grid/grid.hpp"

namespace ishydro {

struct SnapshotField {
  std::string name;              // e, T, p, ux, uy, uz, Pi, pi_xx, ...
  std::span<const double> data;  // grid.cells() values, C order [i][j][k]
};

// How fields.h5 stores its fields ([output] precision and compression).
struct SnapshotFormat {
  bool float32 = false;
  int compression = 0;  // deflate level 0-9
};

// The unit of a fields.h5 dataset (its `units` attribute, and fields.xdmf's Information "units"):
// GeV/fm^3 for e, p, Pi, pi_* and the view pi; GeV for T and muB; 1 for u^i and the view u; 1/fm^3 for
// nB and V^i.
const char* field_units(const std::string& name);

class SnapshotWriter {
 public:
  // Creates (truncates) dir/fields.h5; `metadata_json` (resolved input, version, build) is stored as
  // root attributes so every output records how it was made. With `continue_before` (a run continued
  // from this directory's checkpoint.h5 at that time) an existing fields.h5 of the same grid keeps its
  // snapshots earlier than that time and drops the later ones, and the new snapshots follow them.
  SnapshotWriter(std::string dir, const Grid& grid, std::string resolved_toml, std::string metadata_json,
                 std::optional<double> continue_before = std::nullopt, SnapshotFormat format = {});
  // Appends /snapshot_NNNNNN with attribute `time` and one (nx, ny, nz) dataset per field (float64, or
  // float32 as SnapshotFormat says; a `units` attribute each),
  // then rewrites fields.xdmf atomically (temporary file + rename).
  void write(double time, const std::vector<SnapshotField>& fields);
  int count() const { return count_; }
  // Whether an existing fields.h5 was continued (see the constructor).
  bool continued() const { return continued_; }

 private:
  void write_xdmf() const;
  void write_coordinates(hid_t file) const;
  bool keep_earlier_snapshots(double before);
  std::string dir_;
  Grid grid_;
  std::string resolved_toml_, metadata_json_;
  SnapshotFormat format_;
  std::vector<double> times_;
  std::vector<std::string> field_names_;
  int count_ = 0;
  bool continued_ = false;
};

}  // namespace ishydro
