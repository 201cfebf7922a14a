// [initial] kind = "random_velocity": a random-phase velocity field with a chosen energy spectrum, for
// decaying turbulence (docs/problems.md). In Fourier space, by global mode s = (sx, sy, sz):
//   V(k) = A(|k|) [sqrt(1 - f) P_s xi / sqrt(2 (D - 1)) + sqrt(f) P_c xi / sqrt(2)],
// xi three complex standard normals (unit variance per real part) drawn by a counter-based generator
// keyed by (seed, global index of the mode) -- so the field is the same on any number of ranks --,
// P_s and P_c the projections across and along k, f = initial.compressive, D the number of axes with
// more than one point (components along the others are zero), and A^2 = E(k) / k^(D - 1) with
// E(k) = k^4 exp(-2 (k/k_peak)^2) ("peaked") or k^slope for k_min <= k <= k_max ("power_law"). The mean
// mode and the Nyquist modes are zero. v^i(x) = sum_k V(k) exp(i k.x), scaled so that the box average
// of |v|^2 is v_rms^2; u^i = gamma v^i, e = e0, pi = 0, Pi = 0.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstdint>
#include <numbers>
#include <span>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "noise/normal_noise.hpp"
#include "parallel/comm.hpp"
#include "problems/common_keys.hpp"

namespace ishydro {

namespace {
constexpr std::string_view kVrms = "v_rms", kSpectrum = "spectrum", kKpeak = "k_peak", kKmin = "k_min",
                           kKmax = "k_max", kSlope = "slope", kCompressive = "compressive", kSeed = "seed";
const SectionKeys kKeys{
    "initial",
    "random_velocity",
    {kE0Key,
     {kVrms, KeyType::number, "", "`0.1`", "in (0, 1)", "the rms of |v| over the box"},
     {kSpectrum, KeyType::string, "", "`\"peaked\"`", "`\"peaked\"` or `\"power_law\"`",
      "E(k) = k^4 exp(-2 (k/k_peak)^2), or k^slope for k_min <= k <= k_max"},
     {kKpeak, KeyType::number, "1/fm", "4 dk", "> 0",
      "peaked only; dk = 2 pi / the largest box length of the axes with more than 1 point"},
     {kKmin, KeyType::number, "1/fm", "dk", "> 0", "power_law only"},
     {kKmax, KeyType::number, "1/fm", "k_Nyquist / 3", "> k_min",
      "power_law only; k_Nyquist = the largest pi n/L of the axes with more than 1 point"},
     {kSlope, KeyType::number, "", "`-5/3`", "", "power_law only"},
     {kCompressive, KeyType::number, "", "`0`", "in [0, 1]",
      "the mean fraction of the energy in the compressive part (0: solenoidal)"},
     {kSeed, KeyType::integer, "", "`1`", ">= 0", "the field depends on it alone (any rank count)"}}};

void parse(const InitialParse& in, ConfigValues& values) {
  const Section& s = in.initial;
  const GridConfig& grid = in.grid;
  double longest = 0, k_nyquist = 0;
  for (int a = 0; a < 3; ++a)
    if (grid.points[a] > 1) {
      longest = std::max(longest, grid.size[a]);
      k_nyquist = std::max(k_nyquist, std::numbers::pi * grid.points[a] / grid.size[a]);
    }
  if (longest == 0) input_error(s.what("kind") + ": needs an axis with more than 1 point (grid.points)");
  const double dk = 2 * std::numbers::pi / longest;
  parse_e0(s, values);
  const double v_rms = positive(s, kVrms, 0.1);
  s.require(v_rms < 1, kVrms, "must be < 1 (the rms of |v|)");
  values[std::string(kVrms)] = v_rms;
  const std::string spectrum = s.choice(kSpectrum, {"peaked", "power_law"}, "peaked");
  values[std::string(kSpectrum)] = spectrum;
  const bool peaked = spectrum == "peaked";
  const std::array<std::string_view, 3> peaked_unused = {kKmin, kKmax, kSlope};
  const std::array<std::string_view, 1> power_law_unused = {kKpeak};
  for (std::string_view key : peaked ? std::span<const std::string_view>(peaked_unused)
                                     : std::span<const std::string_view>(power_law_unused))
    if (s.has(key)) input_error(s.what(key) + ": not used with initial.spectrum = \"" + spectrum + "\"");
  if (peaked) {
    values[std::string(kKpeak)] = positive(s, kKpeak, 4 * dk);
  } else {
    const double k_min = positive(s, kKmin, dk), k_max = positive(s, kKmax, k_nyquist / 3);
    s.require(k_max > k_min, kKmax, "must be > initial.k_min = " + format_number(k_min));
    values[std::string(kKmin)] = k_min;
    values[std::string(kKmax)] = k_max;
    values[std::string(kSlope)] = s.number(kSlope).value_or(-5.0 / 3.0);
  }
  const double compressive = s.number(kCompressive).value_or(0.0);
  s.require(compressive >= 0 && compressive <= 1, kCompressive,
            "must be in [0, 1] (the compressive fraction of the energy)");
  values[std::string(kCompressive)] = compressive;
  const long long seed = s.integer(kSeed).value_or(1);
  s.require(seed >= 0, kSeed, "must be an integer >= 0");
  values[std::string(kSeed)] = seed;
}

double fill(const ProblemContext& ctx, const StateView& state, long&) {
  if (!ctx.from_modes) throw std::logic_error("random_velocity needs the planned transforms");
  const InitialConfig& cfg = ctx.config.initial;
  struct {
    double e0, v_rms, k_peak = 0, k_min = 0, k_max = 0, slope = 0, compressive;
    std::string spectrum;
    long long seed;
  } in{cfg.number(kE0Key.name),
       cfg.number(kVrms),
       0,
       0,
       0,
       0,
       cfg.number(kCompressive),
       cfg.string(kSpectrum),
       std::get<long long>(cfg.values.find(kSeed)->second)};
  if (in.spectrum == "peaked") {
    in.k_peak = cfg.number(kKpeak);
  } else {
    in.k_min = cfg.number(kKmin);
    in.k_max = cfg.number(kKmax);
    in.slope = cfg.number(kSlope);
  }
  const Grid& g = ctx.grid;
  using Mode = std::complex<double>;
  int dims = 0;
  for (int a = 0; a < 3; ++a) dims += g.resolved(a) ? 1 : 0;
  const double f = dims == 1 ? 1.0 : in.compressive;  // 1D: no solenoidal part exists
  const double ws = dims > 1 ? std::sqrt((1.0 - f) / (2.0 * (dims - 1))) : 0.0, wc = std::sqrt(f / 2.0);
  const bool peaked = in.spectrum == "peaked";
  auto amplitude = [&](double k) {
    double E = 0;
    if (peaked) {
      const double r = k / in.k_peak;
      E = k * k * k * k * std::exp(-2.0 * r * r);
    } else if (k >= in.k_min && k <= in.k_max) {
      E = std::pow(k, in.slope);
    }
    return std::sqrt(E / std::pow(k, dims - 1));
  };
  // The random vector of a mode, the same for s and -s up to conjugation (the field is real).
  auto mode_vector = [&](int sx, int sy, int sz, int component) -> Mode {
    const int s[3] = {sx, sy, sz};
    for (int a = 0; a < 3; ++a)
      if (g.n[a] > 1 && 2 * std::abs(s[a]) == g.n[a]) return {};  // Nyquist
    if (sx == 0 && sy == 0 && sz == 0) return {};
    // The canonical one of s and -s: the first nonzero of (sz, sy, sx) positive.
    const int first = sz != 0 ? sz : sy != 0 ? sy : sx;
    const bool flip = first < 0;
    int c[3];
    for (int a = 0; a < 3; ++a) c[a] = flip ? -s[a] : s[a];
    double k[3];
    for (int a = 0; a < 3; ++a) k[a] = 2.0 * std::numbers::pi * c[a] / g.L[a];
    const double kn = std::sqrt(k[0] * k[0] + k[1] * k[1] + k[2] * k[2]);
    std::uint64_t index = 0;
    for (int a = 0; a < 3; ++a)
      index =
          index * static_cast<std::uint64_t>(g.n[a]) + static_cast<std::uint64_t>((c[a] + g.n[a]) % g.n[a]);
    double z[8];
    normals({static_cast<std::uint64_t>(in.seed), 0, 0, index, 0}, z);
    normals({static_cast<std::uint64_t>(in.seed), 0, 0, index, 1}, z + 4);
    Mode xi[3];
    for (int a = 0; a < 3; ++a) xi[a] = g.resolved(a) ? Mode(z[2 * a], z[2 * a + 1]) : Mode();
    const Mode along = (k[0] * xi[0] + k[1] * xi[1] + k[2] * xi[2]) / kn;
    const Mode xc = k[component] / kn * along;
    const Mode value = amplitude(kn) * (ws * (xi[component] - xc) + wc * xc);
    return flip ? std::conj(value) : value;
  };
  const std::size_t n = g.cells();
  std::vector<double> buffer(3 * n);
  double* v[3] = {buffer.data(), buffer.data() + n, buffer.data() + 2 * n};
  for (int a = 0; a < 3; ++a)
    ctx.from_modes([&](int sx, int sy, int sz) { return mode_vector(sx, sy, sz, a); }, v[a]);
  double sum2 = 0;
  for (std::size_t c = 0; c < n; ++c) sum2 += v[0][c] * v[0][c] + v[1][c] * v[1][c] + v[2][c] * v[2][c];
  const double mean2 = parallel::sum(sum2) / static_cast<double>(g.global_cells());
  if (!(mean2 > 0))
    throw InputError(
        "input error: initial.spectrum: no mode of the grid has energy (the spectrum's range holds no |k| of "
        "the grid)");
  const double scale = in.v_rms / std::sqrt(mean2);
  double max_v2 = 0;
  for (std::size_t c = 0; c < n; ++c)
    max_v2 = std::max(max_v2, (v[0][c] * v[0][c] + v[1][c] * v[1][c] + v[2][c] * v[2][c]) * scale * scale);
  max_v2 = parallel::max(max_v2);
  if (!(max_v2 < 0.99))
    throw InputError(fmt::format(
        "input error: initial.v_rms = {}: the field reaches |v| = {:.3g} (must stay below 1); lower v_rms",
        in.v_rms, std::sqrt(max_v2)));
  const double pi[6] = {};
  for (std::size_t c = 0; c < n; ++c) {
    const double vx = v[0][c] * scale, vy = v[1][c] * scale, vz = v[2][c] * scale;
    const double gamma = 1.0 / std::sqrt(1.0 - vx * vx - vy * vy - vz * vz);
    const double u[3] = {gamma * vx, gamma * vy, gamma * vz};
    double values[kNumVars];
    conserved_from_primitive(in.e0, u, pi, 0.0, ctx.eos, values);
    for (int var = 0; var < kNumVars; ++var) state.ptr(var)[c] = values[var];
  }
  return ctx.config.time.start;
}

const InitialKind kKind{kKeys, Coordinates::cartesian, false, &parse, nullptr};
}  // namespace

extern const Problem random_velocity_problem{kKind, &fill};

}  // namespace ishydro
