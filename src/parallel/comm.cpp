#include "parallel/comm.hpp"

#ifdef ISHYDRO_HAVE_MPI
#include <fftw3-mpi.h>
#include <fftw3.h>
#endif

namespace ishydro::parallel {

#ifdef ISHYDRO_HAVE_MPI
namespace {
bool g_initialized_here = false;
}

void initialize(int* argc, char*** argv) {
  int ready = 0;
  MPI_Initialized(&ready);
  if (!ready) {
    int provided = 0;
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
    g_initialized_here = true;
  }
  ensure_fftw_threads();
  fftw_mpi_init();
}

void finalize() {
  int finished = 0;
  MPI_Finalized(&finished);
  if (g_initialized_here && !finished) {
    fftw_mpi_cleanup();
    MPI_Finalize();
  }
}

bool mpi_build() { return true; }
MPI_Comm communicator() { return MPI_COMM_WORLD; }

namespace {
// Before initialize() (unit tests that never call it) behave as one rank.
bool active() {
  int ready = 0, finished = 0;
  MPI_Initialized(&ready);
  MPI_Finalized(&finished);
  return ready && !finished;
}
}  // namespace

int rank() {
  int r = 0;
  if (active()) MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}
int size() {
  int s = 1;
  if (active()) MPI_Comm_size(MPI_COMM_WORLD, &s);
  return s;
}
double max(double x) {
  if (active()) MPI_Allreduce(MPI_IN_PLACE, &x, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return x;
}
double min(double x) {
  if (active()) MPI_Allreduce(MPI_IN_PLACE, &x, 1, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
  return x;
}
double sum(double x) {
  if (active()) MPI_Allreduce(MPI_IN_PLACE, &x, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return x;
}
long long sum(long long x) {
  if (active()) MPI_Allreduce(MPI_IN_PLACE, &x, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
  return x;
}
long long min(long long x) {
  if (active()) MPI_Allreduce(MPI_IN_PLACE, &x, 1, MPI_LONG_LONG, MPI_MIN, MPI_COMM_WORLD);
  return x;
}
void max_in_place(double* x, int n) {
  if (active()) MPI_Allreduce(MPI_IN_PLACE, x, n, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
}
void sum_in_place(double* x, int n) {
  if (active()) MPI_Allreduce(MPI_IN_PLACE, x, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
}
void barrier() {
  if (active()) MPI_Barrier(MPI_COMM_WORLD);
}
void abort(int status) {
  if (active() && size() > 1) MPI_Abort(MPI_COMM_WORLD, status);
}
#else
void initialize(int*, char***) {}
void finalize() {}
bool mpi_build() { return false; }
int rank() { return 0; }
int size() { return 1; }
double max(double x) { return x; }
double min(double x) { return x; }
double sum(double x) { return x; }
long long sum(long long x) { return x; }
long long min(long long x) { return x; }
void max_in_place(double*, int) {}
void sum_in_place(double*, int) {}
void barrier() {}
void abort(int) {}
#endif

bool root() { return rank() == 0; }

}  // namespace ishydro::parallel
