// Where an MPI run allocates per step (docs/benchmarks.md, "Zero allocations, checked from outside"):
// the heap allocations (the counting allocator of src/profiling/alloc_counter.cpp) made by one call
// of each library operation the step uses, after warm-up calls. Run under mpirun:
//   mpirun -np 2 build/release/ishydro_mpi_allocations [N]
#include <fftw3-mpi.h>
#include <mpi.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "profiling/profiler.hpp"

namespace {
constexpr int kWarmUp = 3, kCalls = 20;

// Allocations per call of `op` on this rank, after kWarmUp calls.
double allocations_per_call(const std::function<void()>& op) {
  for (int i = 0; i < kWarmUp; ++i) op();
  const std::uint64_t before = ishydro::heap_allocations();
  for (int i = 0; i < kCalls; ++i) op();
  return static_cast<double>(ishydro::heap_allocations() - before) / kCalls;
}
}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  fftw_mpi_init();
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  const ptrdiff_t n = argc > 1 ? std::atoi(argv[1]) : 32;
  ptrdiff_t local_n0, start0, local_n1, start1;
  const ptrdiff_t count = fftw_mpi_local_size_3d_transposed(n, n, n / 2 + 1, MPI_COMM_WORLD, &local_n0,
                                                            &start0, &local_n1, &start1);
  double* real = fftw_alloc_real(2 * count);
  fftw_complex* spectrum = fftw_alloc_complex(count);
  // The solver's plans (src/spectral/spectral.cpp): transposed slabs, no buffering solvers.
  const unsigned flags = FFTW_MEASURE | FFTW_NO_BUFFERING;
  fftw_plan forward =
      fftw_mpi_plan_dft_r2c_3d(n, n, n, real, spectrum, MPI_COMM_WORLD, flags | FFTW_MPI_TRANSPOSED_OUT);
  fftw_plan inverse =
      fftw_mpi_plan_dft_c2r_3d(n, n, n, spectrum, real, MPI_COMM_WORLD, flags | FFTW_MPI_TRANSPOSED_IN);
  double values[6] = {1, 2, 3, 4, 5, 6};
  const double r2c = allocations_per_call([&] { fftw_execute(forward); });
  const double c2r = allocations_per_call([&] { fftw_execute(inverse); });
  const double allreduce = allocations_per_call(
      [&] { MPI_Allreduce(MPI_IN_PLACE, values, 6, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD); });
  if (rank == 0) {
    std::printf("%td^3 on rank 0: %.1f allocations per r2c, %.1f per c2r, %.1f per MPI_Allreduce\n", n, r2c,
                c2r, allreduce);
    std::printf("forward plan: ");
    fftw_print_plan(forward);
    std::printf("\ninverse plan: ");
    fftw_print_plan(inverse);
    std::printf("\n");
  }
  fftw_destroy_plan(forward);
  fftw_destroy_plan(inverse);
  fftw_free(real);
  fftw_free(spectrum);
  MPI_Finalize();
}
