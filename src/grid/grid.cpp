#include "grid/grid.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "parallel/comm.hpp"
#ifdef ISHYDRO_HAVE_MPI
#include <fftw3-mpi.h>
#endif

namespace ishydro {

Grid Grid::from_config(const GridConfig& cfg) {
  Grid g;
  g.n = cfg.points;
  g.L = cfg.size;
  g.coordinates = cfg.coordinates;
  g.local_nx = cfg.points[0];
  g.x_offset = 0;
  g.transposed = false;
  g.local_ny_spectral = cfg.points[1];
  g.y_offset_spectral = 0;
  g.spectral_alloc = g.spectral_cells();
  return g;
}

Grid Grid::decomposed(const GridConfig& cfg) {
  Grid g = from_config(cfg);
  const int ranks = parallel::size();
  if (ranks == 1) return g;
#ifdef ISHYDRO_HAVE_MPI
  if (ranks > cfg.points[0])
    throw InputError(
        fmt::format("input error: grid.points = [{}, {}, {}]: {} MPI ranks need at least {} points along x "
                    "(slabs along x: ranks <= nx)",
                    cfg.points[0], cfg.points[1], cfg.points[2], ranks, ranks));
  ptrdiff_t local_n0 = 0, start0 = 0, local_n1 = 0, start1 = 0;
  const ptrdiff_t alloc =
      fftw_mpi_local_size_3d_transposed(cfg.points[0], cfg.points[1], cfg.points[2] / 2 + 1,
                                        parallel::communicator(), &local_n0, &start0, &local_n1, &start1);
  const long long smallest = parallel::min(static_cast<long long>(local_n0));
  if (smallest < 1)
    throw InputError(
        fmt::format("input error: grid.points = [{}, {}, {}]: FFTW's slabs leave a rank with no x-plane "
                    "on {} ranks (choose ranks dividing nx, or fewer ranks)",
                    cfg.points[0], cfg.points[1], cfg.points[2], ranks));
  g.local_nx = static_cast<int>(local_n0);
  g.x_offset = static_cast<int>(start0);
  g.transposed = true;
  g.local_ny_spectral = static_cast<int>(local_n1);
  g.y_offset_spectral = static_cast<int>(start1);
  g.spectral_alloc = static_cast<std::size_t>(std::max<ptrdiff_t>(alloc, 1));
#endif
  return g;
}

}  // namespace ishydro
