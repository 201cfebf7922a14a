#pragma once
// spectra.h5 ([output] spectra = true; docs/usage.md, "spectra.h5"):
// one group per snapshot, named as the fields.h5 snapshot it belongs to, with the shell spectra of
// W = sqrt(e + p) u^i. Written by rank 0 alone (the spectra are already summed over ranks).
#include <optional>
#include <span>
#include <string>

namespace ishydro {

class SpectraWriter {
 public:
  // Creates (truncates) dir/spectra.h5, or with `continue_before` keeps an existing file's groups
  // of earlier times and drops the rest (a run continued from this directory's checkpoint).
  SpectraWriter(std::string dir, std::optional<double> continue_before = std::nullopt);
  // Writes /snapshot_NNNNNN (NNNNNN = `index`) with attribute `time` and datasets k (1/fm),
  // E_solenoidal and E_compressive (GeV/fm^2).
  void write(int index, double time, std::span<const double> k, std::span<const double> solenoidal,
             std::span<const double> compressive) const;

 private:
  std::string path_;
};

}  // namespace ishydro
