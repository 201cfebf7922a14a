#pragma once
// Exact solutions of the linearized Israel-Stewart equations for one Fourier mode (docs/equations.md,
// eqs. 50-53): the full linear ODE system y' = M y, solved with a matrix exponential (scaling and
// squaring of a Taylor series, accurate to ~1e-15), not a small-k expansion.
#include <array>
#include <cmath>
#include <complex>
#include <vector>

namespace ishydro::testing {

using cd = std::complex<double>;
using CMatrix = std::vector<std::vector<cd>>;

inline CMatrix identity(std::size_t n) {
  CMatrix m(n, std::vector<cd>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i) m[i][i] = 1.0;
  return m;
}

inline CMatrix multiply(const CMatrix& a, const CMatrix& b) {
  const std::size_t n = a.size();
  CMatrix c(n, std::vector<cd>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t j = 0; j < n; ++j) c[i][j] += a[i][k] * b[k][j];
  return c;
}

inline CMatrix expm(CMatrix m, double t) {
  const std::size_t n = m.size();
  double norm = 0;
  for (auto& row : m)
    for (auto& x : row) {
      x *= t;
      norm = std::max(norm, std::abs(x));
    }
  norm *= static_cast<double>(n);
  int squarings = 0;
  while (norm > 0.25) {
    norm *= 0.5;
    ++squarings;
  }
  const double scale = std::ldexp(1.0, -squarings);
  for (auto& row : m)
    for (auto& x : row) x *= scale;
  CMatrix result = identity(n), term = identity(n);
  for (int k = 1; k <= 24; ++k) {
    term = multiply(term, m);
    for (auto& row : term)
      for (auto& x : row) x /= static_cast<double>(k);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) result[i][j] += term[i][j];
  }
  for (int s = 0; s < squarings; ++s) result = multiply(result, result);
  return result;
}

struct Background {
  double e0, cs2, eta, zeta, tau_pi, tau_Pi;
  bool shear = true, bulk = true;
  double p0 = NAN;  // the background pressure (a general EOS); NaN: p0 = cs2 e0
  double enthalpy() const { return std::isnan(p0) ? e0 * (1 + cs2) : e0 + p0; }
};

// Sound mode with wavenumber k: y = (delta e, u_par, pi_par, Pi), pi_par = khat_i khat_j pi^{ij}.
//   d_t de = -(e+p) i k u;  (e+p) d_t u = -i k (cs2 de + Pi + pi_par);
//   tau_pi d_t pi_par = -pi_par - (4/3) eta i k u;  tau_Pi d_t Pi = -Pi - zeta i k u.
inline std::array<cd, 4> sound_mode(const Background& b, double k, std::array<cd, 4> y0, double t) {
  const double w = b.enthalpy();
  const cd ik(0, k);
  CMatrix M(4, std::vector<cd>(4, 0.0));
  M[0][1] = -w * ik;
  M[1][0] = -ik * b.cs2 / w;
  if (b.shear) M[1][2] = -ik / w;
  if (b.bulk) M[1][3] = -ik / w;
  if (b.shear) {
    M[2][1] = -4.0 / 3.0 * b.eta * ik / b.tau_pi;
    M[2][2] = -1.0 / b.tau_pi;
  }
  if (b.bulk) {
    M[3][1] = -b.zeta * ik / b.tau_Pi;
    M[3][3] = -1.0 / b.tau_Pi;
  }
  const CMatrix E = expm(M, t);
  std::array<cd, 4> y{};
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) y[i] += E[i][j] * y0[j];
  return y;
}

// Shear mode: y = (u_perp, pi_{par perp}); (e+p) d_t u = -i k pi; tau_pi d_t pi = -pi - eta i k u.
inline std::array<cd, 2> shear_mode(const Background& b, double k, std::array<cd, 2> y0, double t) {
  const double w = b.enthalpy();
  const cd ik(0, k);
  CMatrix M(2, std::vector<cd>(2, 0.0));
  if (b.shear) {
    M[0][1] = -ik / w;
    M[1][0] = -b.eta * ik / b.tau_pi;
    M[1][1] = -1.0 / b.tau_pi;
  }
  const CMatrix E = expm(M, t);
  return {E[0][0] * y0[0] + E[0][1] * y0[1], E[1][0] * y0[0] + E[1][1] * y0[1]};
}

}  // namespace ishydro::testing
