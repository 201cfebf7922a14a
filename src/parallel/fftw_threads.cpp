// fftw_init_threads once per process, before any plan and before fftw_mpi_init (kept apart from
// comm.cpp so that code without FFTW, such as the fuzz targets, can use the communicator).
#include <fftw3.h>

#include "parallel/comm.hpp"

namespace ishydro::parallel {

void ensure_fftw_threads() {
  static bool ready = false;
  if (!ready) {
    fftw_init_threads();
    ready = true;
  }
}

}  // namespace ishydro::parallel
