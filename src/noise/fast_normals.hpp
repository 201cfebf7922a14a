#pragma once
// Box-Muller for many cells at once (docs/validation_fluctuations.md, "Speed"): log and sin/cos of
// 2 pi u as branch-free polynomials (selects, no calls), so a loop over cells vectorizes; each cell
// goes through the same arithmetic, so its bits do not depend on where it falls in the loop. Accurate
// to a few units in the last place for the arguments Box-Muller gives them (u in (0, 1)).
#include <bit>
#include <cstddef>
#include <cstdint>
#include <numbers>

namespace ishydro {

// ln x for 0 < x <= 1 (normal numbers): x = 2^e m with m in [sqrt(1/2), sqrt(2)), ln m = 2 atanh(s),
// s = (m - 1)/(m + 1), |s| <= 0.1716, the atanh series summed to s^23 (remainder < 1e-17).
inline double poly_log(double x) {
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
  double e = static_cast<double>(static_cast<std::int64_t>(bits >> 52) - 1023);
  double m = std::bit_cast<double>((bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull);
  const bool big = m > std::numbers::sqrt2;
  m = big ? 0.5 * m : m;
  e = big ? e + 1.0 : e;
  const double s = (m - 1.0) / (m + 1.0), s2 = s * s;
  // Horner in s2 with the coefficients 1/(2k + 1), k = 11 ... 0 (written out: a loop here would keep
  // the loop over cells from vectorizing).
  double p = 1.0 / 23.0;
  p = p * s2 + 1.0 / 21.0;
  p = p * s2 + 1.0 / 19.0;
  p = p * s2 + 1.0 / 17.0;
  p = p * s2 + 1.0 / 15.0;
  p = p * s2 + 1.0 / 13.0;
  p = p * s2 + 1.0 / 11.0;
  p = p * s2 + 1.0 / 9.0;
  p = p * s2 + 1.0 / 7.0;
  p = p * s2 + 1.0 / 5.0;
  p = p * s2 + 1.0 / 3.0;
  p = p * s2 + 1.0;
  return e * std::numbers::ln2 + 2.0 * s * p;
}

// sin and cos of 2 pi u for 0 <= u < 1: 4u = q + r with q an integer and |r| <= 1/2, x = r pi/2 in
// [-pi/4, pi/4], Taylor polynomials to x^17 and x^18 (remainder < 3e-18), and the quadrant q mod 4.
namespace detail {
// (-1)^j / (2j + 1)! (sin) and (-1)^j / (2j)! (cos).
consteval double taylor(int n) {
  double f = 1.0;
  for (int i = 2; i <= n; ++i) f *= i;
  return ((n / 2) % 2 ? -1.0 : 1.0) / f;
}
}  // namespace detail

inline void poly_sincos_2pi(double u, double& sin_out, double& cos_out) {
  const double v = 4.0 * u;
  const double q = static_cast<double>(static_cast<std::int64_t>(v + 0.5));
  const double x = (v - q) * (0.5 * std::numbers::pi), x2 = x * x;
  using detail::taylor;  // Horner written out (see poly_log)
  double sp = taylor(17);
  sp = sp * x2 + taylor(15);
  sp = sp * x2 + taylor(13);
  sp = sp * x2 + taylor(11);
  sp = sp * x2 + taylor(9);
  sp = sp * x2 + taylor(7);
  sp = sp * x2 + taylor(5);
  sp = sp * x2 + taylor(3);
  sp = sp * x2 + taylor(1);
  double cp = taylor(18);
  cp = cp * x2 + taylor(16);
  cp = cp * x2 + taylor(14);
  cp = cp * x2 + taylor(12);
  cp = cp * x2 + taylor(10);
  cp = cp * x2 + taylor(8);
  cp = cp * x2 + taylor(6);
  cp = cp * x2 + taylor(4);
  cp = cp * x2 + taylor(2);
  const double sn = x * sp;
  const double cs = cp * x2 + 1.0;
  const int quadrant = static_cast<int>(static_cast<std::int64_t>(q) & 3);
  const double s_sel = (quadrant & 1) ? cs : sn, c_sel = (quadrant & 1) ? sn : cs;
  sin_out = (quadrant & 2) ? -s_sel : s_sel;
  cos_out = ((quadrant + 1) & 2) ? -c_sel : c_sel;
}

// Box-Muller with the two functions above: (r cos t, r sin t), r = sqrt(-2 ln u1), t = 2 pi u2.
inline void box_muller_poly(double u1, double u2, double& z0, double& z1) {
  const double r = __builtin_sqrt(-2.0 * poly_log(u1));
  double s, c;
  poly_sincos_2pi(u2, s, c);
  z0 = r * c;
  z1 = r * s;
}

// Box-Muller over a fixed number of cells, kCells a multiple of the vector width: the loop always runs
// in full, so every cell goes through the vector body (no remainder loop, whose scalar code may round
// one contraction differently) and gets the same bits whichever lane it falls in.
inline constexpr std::size_t kNormalChunk = 64;
inline void box_muller_chunk(const double* u1, const double* u2, double* z0, double* z1) {
  for (std::size_t i = 0; i < kNormalChunk; ++i) box_muller_poly(u1[i], u2[i], z0[i], z1[i]);
}

}  // namespace ishydro
