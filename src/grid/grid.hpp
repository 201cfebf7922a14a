#pragma once
// The periodic box: points, lengths, cell positions and the local slab of this process.
#include <array>
#include <cstddef>

#include "config/config.hpp"

namespace ishydro {

struct Grid {
  std::array<int, 3> n{};     // global points nx, ny, nz
  std::array<double, 3> L{};  // box lengths (Milne: third is the eta_s range)
  Coordinates coordinates = Coordinates::cartesian;
  // Slab along x (docs/scaling.md); a serial run holds the whole box.
  int local_nx = 0;
  int x_offset = 0;
  // Fourier-space layout. Serial: [x][y][z] like the real fields. Over several MPI ranks FFTW's
  // transposed-out layout [y][x][z] split in y (fftw_mpi_local_size_3d_transposed): this rank holds
  // local_ny_spectral planes from y_offset_spectral.
  bool transposed = false;
  int local_ny_spectral = 0;
  int y_offset_spectral = 0;
  std::size_t spectral_alloc = 0;  // complex elements each spectral buffer needs (FFTW may need more)

  // The whole box on one process (serial layout).
  static Grid from_config(const GridConfig& cfg);
  // The slab of this process: serial when there is one rank; FFTW's MPI slabs otherwise. Throws
  // InputError if some rank would hold no x-plane.
  static Grid decomposed(const GridConfig& cfg);

  double dx(int axis) const { return L[axis] / n[axis]; }
  double position(int axis, int index) const { return index * dx(axis); }
  std::size_t cells() const { return static_cast<std::size_t>(local_nx) * n[1] * n[2]; }
  std::size_t global_cells() const { return static_cast<std::size_t>(n[0]) * n[1] * n[2]; }
  // r2c layout: the last axis keeps nz/2+1 complex modes.
  int nz_complex() const { return n[2] / 2 + 1; }
  std::size_t spectral_cells() const {
    return transposed ? static_cast<std::size_t>(local_ny_spectral) * n[0] * nz_complex()
                      : static_cast<std::size_t>(local_nx) * n[1] * nz_complex();
  }
  double cell_volume() const { return dx(0) * dx(1) * dx(2); }
  std::size_t index(int i, int j, int k) const { return (static_cast<std::size_t>(i) * n[1] + j) * n[2] + k; }
  bool resolved(int axis) const { return n[axis] > 1; }
};

}  // namespace ishydro
