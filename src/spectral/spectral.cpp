#include "spectral/spectral.hpp"

#include <fftw3.h>
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <stdexcept>
#include <string>

#include "parallel/comm.hpp"
#include "parallel/loops.hpp"
#include "util/fs_util.hpp"
#ifdef ISHYDRO_HAVE_MPI
#include <fftw3-mpi.h>
#endif

namespace ishydro {

namespace {
// Signed mode number of index m on an axis of n points.
int signed_mode(int m, int n) { return m <= n / 2 ? m : m - n; }

unsigned rigor_flag(PlanRigor rigor) {
  switch (rigor) {
    case PlanRigor::estimate:
      return FFTW_ESTIMATE;
    case PlanRigor::measure:
      return FFTW_MEASURE;
    case PlanRigor::patient:
      return FFTW_PATIENT;
  }
  return FFTW_MEASURE;
}

}  // namespace

Spectral::Spectral(const Grid& grid, Arena& arena, const NumericsConfig& numerics)
    : grid_(grid), rigor_(numerics.plan_rigor) {
  const std::size_t nc = grid.spectral_alloc;
  spectrum_handle_ = arena.reserve_complex("fft buffers", nc);
  // Serial: a plain real field to plan on. MPI: FFTW's padded real layout [x][y][2 (nz/2+1)], which
  // every transform goes through (the fields themselves stay unpadded).
  real_scratch_handle_ = arena.reserve_real("fft buffers", grid.transposed ? 2 * nc : grid.cells());
  for (auto& h : accumulator_handles_) h = arena.reserve_complex("fft buffers", nc);
  make_axis_tables(numerics);
}

Spectral::~Spectral() {
  if (forward_plan_) fftw_destroy_plan(forward_plan_);
  if (inverse_plan_) fftw_destroy_plan(inverse_plan_);
}

void Spectral::make_axis_tables(const NumericsConfig& numerics) {
  for (int axis = 0; axis < 3; ++axis) {
    const int n = grid_.n[axis];
    const int stored = axis == 2 ? grid_.nz_complex() : n;
    k_odd_[axis].assign(stored, 0.0);
    mask_[axis].assign(stored, 1.0);
    k_shell_[axis].assign(stored, 0.0);
    // numpy: 2 pi * (m * (1 / (n * d))) with d = L / n (ishydro.spectrum gives the same bits).
    const double fftfreq_unit = 1.0 / (n * (grid_.L[axis] / n));
    const double k0 = 2.0 * std::numbers::pi / grid_.L[axis];
    for (int m = 0; m < stored; ++m) {
      const int s = signed_mode(m, n);
      // The Nyquist mode of an even grid has no odd derivative (its sine part is not represented).
      const bool nyquist = (n % 2 == 0) && (2 * std::abs(s) == n);
      k_odd_[axis][m] = nyquist ? 0.0 : k0 * s;
      // numpy's fftfreq order: the Nyquist index n/2 of an even axis is the negative mode -n/2 (which
      // decides the direction of k, hence the Helmholtz split, of the Nyquist modes).
      const int s_numpy = m < (n - 1) / 2 + 1 ? m : m - n;
      k_shell_[axis][m] = n > 1 ? 2.0 * std::numbers::pi * (s_numpy * fftfreq_unit) : 0.0;
      switch (numerics.dealiasing) {
        case Dealiasing::two_thirds:
          mask_[axis][m] = (3 * std::abs(s) < n) ? 1.0 : 0.0;
          break;
        case Dealiasing::exponential: {
          const double ratio = n > 1 ? std::abs(s) / (0.5 * n) : 0.0;
          mask_[axis][m] = std::exp(-numerics.filter_alpha * std::pow(ratio, numerics.filter_order));
          break;
        }
        case Dealiasing::none:
          break;
      }
    }
  }
}

namespace {
// The wisdom file is shared by every run of the user: replaced atomically (never seen half written by
// a run that imports it meanwhile), through a temporary of this process's own. Best effort: wisdom
// only saves planning time, so a failure to save it is not an error of the run.
void export_wisdom(const std::string& path) {
  char* text = fftw_export_wisdom_to_string();
  if (!text) return;
  try {
    fsutil::write_file_atomically(path, text, ".tmp." + std::to_string(::getpid()));
  } catch (const std::runtime_error& err) {
    std::fprintf(stderr,
                 "ishydro: warning: FFTW wisdom not saved (%s); the next run of this size plans again\n",
                 err.what());
  }
  fftw_free(text);
}
}  // namespace

double Spectral::plan(const Arena& arena, int threads, const std::string& wisdom_file) {
  spectrum_ = arena.complex(spectrum_handle_).data();
  real_scratch_ = arena.real(real_scratch_handle_).data();
  for (int i = 0; i < kAccumulators; ++i) accumulators_[i] = arena.complex(accumulator_handles_[i]).data();

  const auto start = std::chrono::steady_clock::now();
  parallel::ensure_fftw_threads();
  fftw_plan_with_nthreads(threads);
  const unsigned flags = rigor_flag(rigor_) | FFTW_NO_BUFFERING;
  auto* cplx = reinterpret_cast<fftw_complex*>(spectrum_);
  // The inverse is planned on an accumulator: every c2r input is a k-space result in one of them.
  auto* wcplx = reinterpret_cast<fftw_complex*>(accumulators_[0]);
  const int n0 = grid_.n[0], n1 = grid_.n[1], n2 = grid_.n[2];
  if (!grid_.transposed) {
    if (!wisdom_file.empty()) fftw_import_wisdom_from_filename(wisdom_file.c_str());
    forward_plan_ = fftw_plan_dft_r2c_3d(n0, n1, n2, real_scratch_, cplx, flags);
    inverse_plan_ = fftw_plan_dft_c2r_3d(n0, n1, n2, wcplx, real_scratch_, flags);
    if (!wisdom_file.empty()) export_wisdom(wisdom_file);
  } else {
#ifdef ISHYDRO_HAVE_MPI
    // Wisdom: read on rank 0 and broadcast; gathered back and written by rank 0.
    const MPI_Comm comm = parallel::communicator();
    if (!wisdom_file.empty() && parallel::root()) fftw_import_wisdom_from_filename(wisdom_file.c_str());
    fftw_mpi_broadcast_wisdom(comm);
    forward_plan_ =
        fftw_mpi_plan_dft_r2c_3d(n0, n1, n2, real_scratch_, cplx, comm, flags | FFTW_MPI_TRANSPOSED_OUT);
    inverse_plan_ =
        fftw_mpi_plan_dft_c2r_3d(n0, n1, n2, wcplx, real_scratch_, comm, flags | FFTW_MPI_TRANSPOSED_IN);
    fftw_mpi_gather_wisdom(comm);
    if (!wisdom_file.empty() && parallel::root()) export_wisdom(wisdom_file);
#endif
  }
  if (!forward_plan_ || !inverse_plan_) throw std::runtime_error("FFTW could not plan the transforms");
  // Planning with FFTW_MEASURE overwrites the buffers it plans on: leave them clean.
  std::fill(real_scratch_, real_scratch_ + (grid_.transposed ? 2 * grid_.spectral_alloc : grid_.cells()),
            0.0);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Spectral::forward(const double* field, Complex* spectrum) {
  if (grid_.transposed) {
#ifdef ISHYDRO_HAVE_MPI
    copy_rows(field, grid_.n[2], real_scratch_, 2 * grid_.nz_complex());
    fftw_mpi_execute_dft_r2c(forward_plan_, real_scratch_, reinterpret_cast<fftw_complex*>(spectrum));
#endif
  } else {
    // FFTW's new-array execute: same sizes and alignment as planned (the arena aligns to 64 bytes).
    fftw_execute_dft_r2c(forward_plan_, const_cast<double*>(field),
                         reinterpret_cast<fftw_complex*>(spectrum));
  }
  ++forward_count_;
}

void Spectral::inverse(Complex* acc, double* out) {
  if (grid_.transposed) {
#ifdef ISHYDRO_HAVE_MPI
    fftw_mpi_execute_dft_c2r(inverse_plan_, reinterpret_cast<fftw_complex*>(acc), real_scratch_);
    copy_rows(real_scratch_, 2 * grid_.nz_complex(), out, grid_.n[2]);
#endif
  } else {
    fftw_execute_dft_c2r(inverse_plan_, reinterpret_cast<fftw_complex*>(acc), out);
  }
  ++inverse_count_;
}

void Spectral::copy_rows(const double* from, int from_stride, double* to, int to_stride) const {
  const std::size_t rows = static_cast<std::size_t>(grid_.local_nx) * grid_.n[1];
  const int nz = grid_.n[2];
  parallel::for_each(rows, [&](std::size_t r) {
    std::copy(from + r * from_stride, from + r * from_stride + nz, to + r * to_stride);
  });
}

Spectral::Layout Spectral::layout() const {
  // Serial: [x (local)][y][z]; transposed (MPI): [y (local)][x][z].
  if (grid_.transposed) return {grid_.local_ny_spectral, grid_.n[0], 1, grid_.y_offset_spectral};
  return {grid_.local_nx, grid_.n[1], 0, grid_.x_offset};
}

namespace {
// i f s for a real factor f.
inline Complex i_times(const Complex& s, double f) { return Complex(-s.imag() * f, s.real() * f); }

// row(offset, gi, j) for each z-row of this rank's spectrum: the offset of its first element and its
// global x and y indices (Spectral::Layout).
template <class Layout, class Row>
void for_each_row(const Layout& lay, int nzc, Row row) {
  parallel::for_each(lay.outer, [&](int a) {
    for (int b = 0; b < lay.middle; ++b) {
      const int gi = lay.outer_axis == 0 ? a + lay.offset : b;  // global x index
      const int j = lay.outer_axis == 0 ? b : a + lay.offset;   // global y index
      row((static_cast<std::size_t>(a) * lay.middle + b) * nzc, gi, j);
    }
  });
}
}  // namespace

void Spectral::add_derivative_term(const Complex* spectrum, int axis, double scale, Complex* acc,
                                   bool first) {
  const Layout lay = layout();
  const int nzc = grid_.nz_complex();
  const double norm = scale / static_cast<double>(grid_.global_cells());
  const double* kx = axis == 0 ? k_odd_[0].data() : nullptr;
  const double* ky = axis == 1 ? k_odd_[1].data() : nullptr;
  const double* kz = axis == 2 ? k_odd_[2].data() : nullptr;
  const double* mx = mask_[0].data();
  const double* my = mask_[1].data();
  const double* mz = mask_[2].data();
  for_each_row(lay, nzc, [&](std::size_t row, int gi, int j) {
    const double fxy = mx[gi] * my[j] * norm;
    Complex* out = acc + row;
    // A row the dealiasing removes (2/3 rule: most rows) contributes nothing.
    if (fxy == 0.0) {
      if (first) std::fill(out, out + nzc, Complex(0.0, 0.0));
      return;
    }
    const Complex* in = spectrum + row;
    // i k f s, with f = the row's factor times mz[k] times k along the axis.
    if (kz) {
      if (first)
        for (int k = 0; k < nzc; ++k) out[k] = i_times(in[k], fxy * mz[k] * kz[k]);
      else
        for (int k = 0; k < nzc; ++k) out[k] += i_times(in[k], fxy * mz[k] * kz[k]);
    } else {
      const double fk = fxy * (kx ? kx[gi] : ky[j]);
      if (first)
        for (int k = 0; k < nzc; ++k) out[k] = i_times(in[k], fk * mz[k]);
      else
        for (int k = 0; k < nzc; ++k) out[k] += i_times(in[k], fk * mz[k]);
    }
  });
}

void Spectral::derivative(const Complex* spectrum, int axis, double* out, double scale) {
  add_derivative_term(spectrum, axis, scale, accumulators_[0], true);
  inverse(accumulators_[0], out);
}

void Spectral::filter(double* field) {
  forward(field, spectrum_);
  const Layout lay = layout();
  const int nzc = grid_.nz_complex();
  const double norm = 1.0 / static_cast<double>(grid_.global_cells());
  for_each_row(lay, nzc, [&](std::size_t row, int gi, int j) {
    for (int k = 0; k < nzc; ++k)
      accumulators_[0][row + k] = spectrum_[row + k] * (mask_[0][gi] * mask_[1][j] * mask_[2][k] * norm);
  });
  inverse(accumulators_[0], field);
}

void Spectral::from_modes(const std::function<Complex(int, int, int)>& mode, double* out) {
  const Layout lay = layout();
  const int nzc = grid_.nz_complex();
  for (int a = 0; a < lay.outer; ++a)
    for (int b = 0; b < lay.middle; ++b) {
      const int gi = lay.outer_axis == 0 ? a + lay.offset : b;
      const int j = lay.outer_axis == 0 ? b : a + lay.offset;
      const std::size_t row = (static_cast<std::size_t>(a) * lay.middle + b) * nzc;
      for (int k = 0; k < nzc; ++k)
        accumulators_[0][row + k] =
            mode(signed_mode(gi, grid_.n[0]), signed_mode(j, grid_.n[1]), signed_mode(k, grid_.n[2]));
    }
  if (grid_.transposed) {
    inverse(accumulators_[0], out);  // (through the planned real buffer already)
    return;
  }
  // Into the planned real buffer (FFTW's new-array execute needs the planned alignment; `out` is any
  // caller's memory), then copied.
  inverse(accumulators_[0], real_scratch_);
  std::copy(real_scratch_, real_scratch_ + grid_.cells(), out);
}

double Spectral::shell_width() const {
  double longest = 0.0;
  for (int a = 0; a < 3; ++a)
    if (grid_.resolved(a)) longest = std::max(longest, grid_.L[a]);
  return longest > 0.0 ? 2.0 * std::numbers::pi / longest : 0.0;
}

int Spectral::shell_count() const {
  const double dk = shell_width();
  if (dk == 0.0) return 1;
  // The largest |k|: the most negative mode of every axis (numpy's fftfreq holds -n/2 for even n).
  double k2 = 0.0;
  for (int a = 0; a < 3; ++a) {
    const int n = grid_.n[a];
    if (n <= 1) continue;
    const double k = 2.0 * std::numbers::pi * (-(n / 2) * (1.0 / (n * (grid_.L[a] / n))));
    k2 += k * k;
  }
  return static_cast<int>(std::floor(std::sqrt(k2) / dk + 0.5)) + 1;
}

void Spectral::shell_spectrum(const double* const w[3], std::span<double> solenoidal,
                              std::span<double> compressive) {
  for (int i = 0; i < 3; ++i) forward(w[i], accumulators_[i]);
  const Layout lay = layout();
  const int nzc = grid_.nz_complex();
  const int nz = grid_.n[2];
  const double dk = shell_width();
  const double inv_cells = 1.0 / static_cast<double>(grid_.global_cells());
  const double norm = 0.5 * inv_cells * inv_cells;
  const std::size_t shells = solenoidal.size();
  // The split of (1/2)|W|^2 at a wavevector into (solenoidal, compressive), as ishydro.spectrum forms
  // it: |W_c|^2 = |k^ (k^.W)|^2, |W_s|^2 = |W - k^ (k^.W)|^2 (all solenoidal at k = 0).
  auto add = [&](const Complex W[3], double kx, double ky, double kz) {
    const double kn = std::sqrt(kx * kx + ky * ky + kz * kz);
    double sol = 0.0, along = 0.0;
    if (kn > 0.0) {
      const double hat[3] = {kx / kn, ky / kn, kz / kn};
      const Complex proj = hat[0] * W[0] + hat[1] * W[1] + hat[2] * W[2];
      for (int i = 0; i < 3; ++i) {
        const Complex c = hat[i] * proj;
        along += std::norm(c);
        sol += std::norm(W[i] - c);
      }
    } else {
      for (int i = 0; i < 3; ++i) sol += std::norm(W[i]);
    }
    const std::size_t shell = static_cast<std::size_t>(std::floor(kn / dk + 0.5));
    if (shell >= shells) return;  // (cannot happen: shell_count() covers the largest |k|)
    solenoidal[shell] += norm * sol;
    compressive[shell] += norm * along;
  };
  // One pass over this rank's modes, on one thread (once per snapshot). r2c stores kz >= 0 only: a
  // mode with 0 < kz < nz/2 also stands for its conjugate partner, the mode at minus its indices, whose
  // W is conj(W) (same norms) and whose k is -k except along an axis where the index is Nyquist (numpy's
  // -n/2 is its own negative), which changes the direction of k there.
  const int nx = grid_.n[0], ny = grid_.n[1];
  for (int a = 0; a < lay.outer; ++a)
    for (int b = 0; b < lay.middle; ++b) {
      const int gi = lay.outer_axis == 0 ? a + lay.offset : b;
      const int j = lay.outer_axis == 0 ? b : a + lay.offset;
      const std::size_t row = (static_cast<std::size_t>(a) * lay.middle + b) * nzc;
      const double kx = k_shell_[0][gi], ky = k_shell_[1][j];
      const double kx_partner = (nx > 1 && 2 * gi == nx) ? kx : -kx;
      const double ky_partner = (ny > 1 && 2 * j == ny) ? ky : -ky;
      for (int k = 0; k < nzc; ++k) {
        const Complex W[3] = {accumulators_[0][row + k], accumulators_[1][row + k],
                              accumulators_[2][row + k]};
        const double kz = k_shell_[2][k];
        add(W, kx, ky, kz);
        if (k != 0 && 2 * k != nz) add(W, kx_partner, ky_partner, -kz);
      }
    }
}

}  // namespace ishydro
