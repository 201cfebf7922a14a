#include "spectral/spectral.hpp"

#include <fftw3.h>
#include <omp.h>

#include <chrono>
#include <cmath>
#include <numbers>
#include <stdexcept>

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

PlanRigor g_rigor = PlanRigor::measure;
}  // namespace

Spectral::Spectral(const Grid& grid, Arena& arena, const NumericsConfig& numerics) : grid_(grid) {
  const std::size_t nc = grid.spectral_cells();
  spectrum_handle_ = arena.reserve_complex("fft buffers", nc);
  work_handle_ = arena.reserve_complex("fft buffers", nc);
  real_scratch_handle_ = arena.reserve_real("fft buffers", grid.cells());
  for (auto& h : accumulator_handles_) h = arena.reserve_complex("fft buffers", nc);
  make_axis_tables(numerics);
  g_rigor = numerics.plan_rigor;
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
    const double k0 = 2.0 * std::numbers::pi / grid_.L[axis];
    for (int m = 0; m < stored; ++m) {
      const int s = signed_mode(m, n);
      // The Nyquist mode of an even grid has no odd derivative (its sine part is not represented).
      const bool nyquist = (n % 2 == 0) && (2 * std::abs(s) == n);
      k_odd_[axis][m] = nyquist ? 0.0 : k0 * s;
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

double Spectral::plan(const Arena& arena, int threads, const std::string& wisdom_file) {
  spectrum_ = arena.complex(spectrum_handle_).data();
  work_ = arena.complex(work_handle_).data();
  real_scratch_ = arena.real(real_scratch_handle_).data();
  for (int i = 0; i < kAccumulators; ++i) accumulators_[i] = arena.complex(accumulator_handles_[i]).data();

  const auto start = std::chrono::steady_clock::now();
  static bool threads_ready = false;
  if (!threads_ready) {
    fftw_init_threads();
    threads_ready = true;
  }
  fftw_plan_with_nthreads(threads);
  if (!wisdom_file.empty()) fftw_import_wisdom_from_filename(wisdom_file.c_str());
  const unsigned flags = rigor_flag(g_rigor);
  auto* cplx = reinterpret_cast<fftw_complex*>(spectrum_);
  auto* wcplx = reinterpret_cast<fftw_complex*>(work_);
  forward_plan_ = fftw_plan_dft_r2c_3d(grid_.local_nx, grid_.n[1], grid_.n[2], real_scratch_, cplx, flags);
  inverse_plan_ = fftw_plan_dft_c2r_3d(grid_.local_nx, grid_.n[1], grid_.n[2], wcplx, real_scratch_, flags);
  if (!forward_plan_ || !inverse_plan_) throw std::runtime_error("FFTW could not plan the transforms");
  if (!wisdom_file.empty()) fftw_export_wisdom_to_filename(wisdom_file.c_str());
  // Planning with FFTW_MEASURE overwrites the buffers it plans on: leave them clean.
  std::fill(real_scratch_, real_scratch_ + grid_.cells(), 0.0);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Spectral::forward(const double* field, Complex* spectrum) {
  // FFTW's new-array execute: same sizes and alignment as planned (the arena aligns to 64 bytes).
  fftw_execute_dft_r2c(forward_plan_, const_cast<double*>(field), reinterpret_cast<fftw_complex*>(spectrum));
  ++forward_count_;
}

void Spectral::inverse(Complex* acc, double* out) {
  fftw_execute_dft_c2r(inverse_plan_, reinterpret_cast<fftw_complex*>(acc), out);
  ++inverse_count_;
}

void Spectral::add_derivative_term(const Complex* spectrum, int axis, double scale, Complex* acc, bool first) {
  const int nx = grid_.local_nx, ny = grid_.n[1], nzc = grid_.nz_complex();
  const double norm = scale / static_cast<double>(grid_.global_cells());
  const double* kx = axis == 0 ? k_odd_[0].data() : nullptr;
  const double* ky = axis == 1 ? k_odd_[1].data() : nullptr;
  const double* kz = axis == 2 ? k_odd_[2].data() : nullptr;
  const double* mx = mask_[0].data();
  const double* my = mask_[1].data();
  const double* mz = mask_[2].data();
#pragma omp parallel for schedule(static)
  for (int i = 0; i < nx; ++i) {
    const int gi = i + grid_.x_offset;
    for (int j = 0; j < ny; ++j) {
      const double fxy = mx[gi] * my[j] * norm;
      const double kxy = kx ? kx[gi] : (ky ? ky[j] : 0.0);
      const std::size_t row = (static_cast<std::size_t>(i) * ny + j) * nzc;
      for (int k = 0; k < nzc; ++k) {
        const double kk = kz ? kz[k] : kxy;
        const double f = fxy * mz[k] * kk;
        const Complex s = spectrum[row + k];
        const Complex term(-s.imag() * f, s.real() * f);  // i k f s
        if (first)
          acc[row + k] = term;
        else
          acc[row + k] += term;
      }
    }
  }
}

void Spectral::derivative(const Complex* spectrum, int axis, double* out, double scale) {
  add_derivative_term(spectrum, axis, scale, work_, true);
  inverse(work_, out);
}

void Spectral::filter(double* field) {
  forward(field, spectrum_);
  const int nx = grid_.local_nx, ny = grid_.n[1], nzc = grid_.nz_complex();
  const double norm = 1.0 / static_cast<double>(grid_.global_cells());
  for (int i = 0; i < nx; ++i)
    for (int j = 0; j < ny; ++j)
      for (int k = 0; k < nzc; ++k) {
        const std::size_t idx = (static_cast<std::size_t>(i) * ny + j) * nzc + k;
        work_[idx] = spectrum_[idx] * (mask_[0][i + grid_.x_offset] * mask_[1][j] * mask_[2][k] * norm);
      }
  inverse(work_, field);
}

}  // namespace ishydro
