// Spectral derivatives of smooth periodic functions are exact to round-off for band-limited inputs:
// the derivative of exp(sin(x)) converges exponentially, so at 64 points it is exact to ~1e-13. The
// tolerance 1e-12 (relative to the derivative's size) is that round-off with margin: FFT error grows
// ~ eps log N times the largest wavenumber.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "memory/arena.hpp"
#include "spectral/spectral.hpp"

namespace ishydro {
namespace {

struct SpectralFixture {
  Grid grid;
  Arena arena;
  std::unique_ptr<Spectral> spectral;
  std::size_t a, b;
  SpectralFixture(std::array<int, 3> n, std::array<double, 3> L, Dealiasing d = Dealiasing::none) {
    GridConfig gc;
    gc.points = n;
    gc.size = L;
    grid = Grid::from_config(gc);
    NumericsConfig nc;
    nc.dealiasing = d;
    nc.plan_rigor = PlanRigor::estimate;
    spectral = std::make_unique<Spectral>(grid, arena, nc);
    a = arena.reserve_real("test", grid.cells());
    b = arena.reserve_real("test", grid.cells());
    arena.commit();
    spectral->plan(arena, 1, "");
  }
};

TEST(Spectral, DerivativesOfSmoothPeriodicFunctionAreExact) {
  const double L[3] = {2.0, 3.0, 1.5};
  SpectralFixture fx({64, 48, 32}, {L[0], L[1], L[2]});
  auto f = fx.arena.real(fx.a);
  auto d = fx.arena.real(fx.b);
  const double k[3] = {2 * std::numbers::pi / L[0], 2 * std::numbers::pi / L[1], 2 * std::numbers::pi / L[2]};
  auto at = [&](int i, int j, int l) {
    return std::array<double, 3>{i * L[0] / 64, j * L[1] / 48, l * L[2] / 32};
  };
  for (int i = 0; i < 64; ++i)
    for (int j = 0; j < 48; ++j)
      for (int l = 0; l < 32; ++l) {
        const auto x = at(i, j, l);
        f[fx.grid.index(i, j, l)] =
            std::exp(std::sin(k[0] * x[0]) + 0.5 * std::cos(k[1] * x[1]) + 0.3 * std::sin(k[2] * x[2]));
      }
  Complex* spec = fx.spectral->spectrum_buffer();
  fx.spectral->forward(f.data(), spec);
  for (int axis = 0; axis < 3; ++axis) {
    fx.spectral->derivative(spec, axis, d.data());
    double max_err = 0, max_val = 0;
    for (int i = 0; i < 64; ++i)
      for (int j = 0; j < 48; ++j)
        for (int l = 0; l < 32; ++l) {
          const auto x = at(i, j, l);
          const double fv = f[fx.grid.index(i, j, l)];
          const double exact = axis == 0   ? fv * k[0] * std::cos(k[0] * x[0])
                               : axis == 1 ? -fv * 0.5 * k[1] * std::sin(k[1] * x[1])
                                           : fv * 0.3 * k[2] * std::cos(k[2] * x[2]);
          max_err = std::max(max_err, std::abs(d[fx.grid.index(i, j, l)] - exact));
          max_val = std::max(max_val, std::abs(exact));
        }
    EXPECT_LT(max_err / max_val, 1e-12) << "axis " << axis;
  }
}

TEST(Spectral, DivergenceSumsTermsInFourierSpace) {
  SpectralFixture fx({16, 16, 1}, {1.0, 1.0, 1.0});
  auto f = fx.arena.real(fx.a);
  auto d = fx.arena.real(fx.b);
  const double k = 2 * std::numbers::pi;
  // F = (sin(kx) cos(ky), cos(kx)): div F = k cos(kx) cos(ky).
  Complex* acc = fx.spectral->accumulator(0);
  for (int i = 0; i < 16; ++i)
    for (int j = 0; j < 16; ++j) f[fx.grid.index(i, j, 0)] = std::sin(k * i / 16.0) * std::cos(k * j / 16.0);
  fx.spectral->forward(f.data(), fx.spectral->spectrum_buffer());
  fx.spectral->add_derivative_term(fx.spectral->spectrum_buffer(), 0, 1.0, acc, true);
  for (int i = 0; i < 16; ++i)
    for (int j = 0; j < 16; ++j) f[fx.grid.index(i, j, 0)] = std::cos(k * i / 16.0);
  fx.spectral->forward(f.data(), fx.spectral->spectrum_buffer());
  fx.spectral->add_derivative_term(fx.spectral->spectrum_buffer(), 1, 1.0, acc, false);
  fx.spectral->inverse(acc, d.data());
  for (int i = 0; i < 16; ++i)
    for (int j = 0; j < 16; ++j)
      EXPECT_NEAR(d[fx.grid.index(i, j, 0)], k * std::cos(k * i / 16.0) * std::cos(k * j / 16.0), 1e-12 * k);
}

TEST(Spectral, TwoThirdsRuleRemovesHighModesOnly) {
  SpectralFixture fx({24, 1, 1}, {1.0, 1.0, 1.0}, Dealiasing::two_thirds);
  auto f = fx.arena.real(fx.a);
  auto d = fx.arena.real(fx.b);
  const double k = 2 * std::numbers::pi;
  // Mode 7 (3*7 < 24, kept) and mode 8 (3*8 = 24, removed).
  for (int i = 0; i < 24; ++i) f[i] = std::sin(7 * k * i / 24.0) + std::sin(8 * k * i / 24.0);
  fx.spectral->forward(f.data(), fx.spectral->spectrum_buffer());
  fx.spectral->derivative(fx.spectral->spectrum_buffer(), 0, d.data());
  for (int i = 0; i < 24; ++i) EXPECT_NEAR(d[i], 7 * k * std::cos(7 * k * i / 24.0), 1e-11);
}

TEST(Spectral, NyquistModeHasNoFirstDerivative) {
  SpectralFixture fx({8, 1, 1}, {1.0, 1.0, 1.0});
  auto f = fx.arena.real(fx.a);
  auto d = fx.arena.real(fx.b);
  for (int i = 0; i < 8; ++i) f[i] = (i % 2 == 0) ? 1.0 : -1.0;  // cos(pi i): the Nyquist mode
  fx.spectral->forward(f.data(), fx.spectral->spectrum_buffer());
  fx.spectral->derivative(fx.spectral->spectrum_buffer(), 0, d.data());
  for (int i = 0; i < 8; ++i) EXPECT_NEAR(d[i], 0.0, 1e-14);
}

}  // namespace
}  // namespace ishydro
