#pragma once
// The process group of a run (docs/scaling.md): MPI_COMM_WORLD in an MPI build, a single
// rank otherwise, behind one interface so the serial build runs the same code path. Reductions of the
// per-step diagnostics and of dt go through here.
#include <cstdint>

#ifdef ISHYDRO_HAVE_MPI
#include <mpi.h>
#endif

namespace ishydro::parallel {

// MPI_Init_thread (funneled: only the main thread calls MPI) and fftw_mpi_init; no-ops when serial.
void initialize(int* argc, char*** argv);
void finalize();

bool mpi_build();
int rank();
int size();
bool root();  // rank 0

double max(double x);
double min(double x);
double sum(double x);
long long sum(long long x);
long long min(long long x);
// Element-wise reductions of small arrays, in place.
void max_in_place(double* x, int n);
void sum_in_place(double* x, int n);
void barrier();
// MPI_Abort when several ranks run (a failure on one rank only); nothing otherwise.
void abort(int status);
// fftw_init_threads once per process (before any plan, and before fftw_mpi_init).
void ensure_fftw_threads();

#ifdef ISHYDRO_HAVE_MPI
MPI_Comm communicator();
#endif

}  // namespace ishydro::parallel
