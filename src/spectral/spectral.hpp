#pragma once
// Fourier pseudo-spectral operators on the periodic box (docs/equations.md, section "Numerics"):
// r2c forward transforms, derivatives by i k (odd derivative: Nyquist mode zeroed), divergences summed
// in Fourier space so each costs one inverse transform, and dealiasing applied to every derivative
// (2/3 rule or an exponential filter). Plans are made once; every buffer comes from the arena.
#include <fftw3.h>

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "grid/grid.hpp"
#include "memory/arena.hpp"

namespace ishydro {

class Spectral {
 public:
  // Reserves buffers in `arena` (before Arena::commit); call plan() after commit.
  Spectral(const Grid& grid, Arena& arena, const NumericsConfig& numerics);
  ~Spectral();
  Spectral(const Spectral&) = delete;
  Spectral& operator=(const Spectral&) = delete;

  // Makes the r2c and c2r plans (FFTW wisdom from `wisdom_file` if readable; saved back after).
  // Returns the seconds spent planning.
  double plan(const Arena& arena, int threads, const std::string& wisdom_file);

  // spectrum <- FFT(field). The input is preserved (out-of-place r2c).
  void forward(const double* field, Complex* spectrum);
  // out <- d/dx_axis field, from its spectrum (dealiased). Uses accumulator 0.
  // `scale` multiplies the derivative (Milne: 1/tau for the eta_s axis, the orthonormal-frame derivative).
  void derivative(const Complex* spectrum, int axis, double* out, double scale = 1.0);
  // acc (= or +=) scale * i k_axis * mask * spectrum / N: a term of a divergence in Fourier space.
  void add_derivative_term(const Complex* spectrum, int axis, double scale, Complex* acc, bool first);
  // out <- inverse FFT of acc (acc is destroyed: c2r overwrites its input).
  void inverse(Complex* acc, double* out);
  // field <- mask applied (a dealiasing filter of the field itself, used by tests and filters). Uses
  // accumulator 0.
  void filter(double* field);

  // Shell spectrum of a vector field w^i (three real fields; docs/usage.md "spectra.h5"): the shell
  // sums over this rank's modes of (1/2)|W_s(k)|^2 and (1/2)|W_c(k)|^2 with W(k) = FFT(w)/cells, split
  // by the projection along k (k = 0 solenoidal), shell m holding |k| in [(m - 1/2) dk, (m + 1/2) dk),
  // dk = shell_width(). Adds into solenoidal/compressive (shell_count() entries each, zeroed by the
  // caller), not yet summed over ranks nor divided by dk. Uses accumulators 0-2; allocates nothing.
  void shell_spectrum(const double* const w[3], std::span<double> solenoidal, std::span<double> compressive);
  // out <- the real field sum_k F(k) exp(i k.x) (no 1/N) of the half spectrum F given by global signed
  // mode numbers (sx, sy, sz >= 0): mode(sx, sy, sz). For sz = 0 (and the Nyquist sz) F must be
  // Hermitian, F(-sx, -sy, sz) = conj F(sx, sy, sz). For set-up (initial states): uses accumulator 0.
  void from_modes(const std::function<Complex(int, int, int)>& mode, double* out);
  // 2 pi / the largest box length among the axes with more than one point.
  double shell_width() const;
  // Shells 0..M, M the shell of the largest |k| on the grid.
  int shell_count() const;

  Complex* spectrum_buffer() const { return spectrum_; }
  Complex* accumulator(int i) const { return accumulators_[i]; }
  static constexpr int kAccumulators = 4;

  std::uint64_t forward_count() const { return forward_count_; }
  std::uint64_t inverse_count() const { return inverse_count_; }
  std::size_t spectral_cells() const { return grid_.spectral_cells(); }
  const Grid& grid() const { return grid_; }

 private:
  struct Layout {
    int outer, middle;  // local slow index count, then the full middle axis
    int outer_axis;     // 0: x is outer (serial), 1: y is outer (MPI transposed)
    int offset;         // global index of the first outer plane
  };
  Layout layout() const;
  void copy_rows(const double* from, int from_stride, double* to, int to_stride) const;
  void make_axis_tables(const NumericsConfig& numerics);
  Grid grid_;
  PlanRigor rigor_;  // numerics.plan_rigor, used by plan()
  std::size_t spectrum_handle_, real_scratch_handle_;
  std::array<std::size_t, kAccumulators> accumulator_handles_{};
  Complex* spectrum_ = nullptr;
  double* real_scratch_ = nullptr;
  std::array<Complex*, kAccumulators> accumulators_{};
  // Per axis: wavenumber for a first derivative (Nyquist zeroed) and the dealiasing mask.
  std::array<std::vector<double>, 3> k_odd_, mask_;
  // Per axis: the wavenumber of every stored mode as numpy's 2 pi fftfreq computes it (the spectra).
  std::array<std::vector<double>, 3> k_shell_;
  fftw_plan forward_plan_ = nullptr, inverse_plan_ = nullptr;
  std::uint64_t forward_count_ = 0, inverse_count_ = 0;
};

}  // namespace ishydro
