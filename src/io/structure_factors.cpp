#include "io/structure_factors.hpp"

#include <hdf5.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numbers>
#include <stdexcept>

#include "h5/hdf5_util.hpp"
#include "parallel/comm.hpp"

namespace ishydro {

void compute_structure_factors(Spectral& spectral, const StateView& state, StructureFactors& out) {
  const Grid& g = spectral.grid();
  Complex* s00 = spectral.spectrum_buffer();
  Complex* sg[3] = {spectral.accumulator(1), spectral.accumulator(2), spectral.accumulator(3)};
  spectral.forward(state.ptr(kTtt), s00);
  for (int i = 0; i < 3; ++i) spectral.forward(state.ptr(kTtx + i), sg[i]);
  double dk = INFINITY;
  for (int a = 0; a < 3; ++a)
    if (g.resolved(a)) dk = std::min(dk, 2.0 * std::numbers::pi / g.L[a]);
  if (!std::isfinite(dk)) dk = 1.0;
  int shells = 1;
  double kmax2 = 0;
  for (int a = 0; a < 3; ++a) {
    const auto& k = spectral.derivative_wavenumbers(a);
    double m = 0;
    for (double x : k) m = std::max(m, std::abs(x));
    kmax2 += m * m;
  }
  shells = static_cast<int>(std::lround(std::sqrt(kmax2) / dk)) + 2;
  // Sums per shell: k, counts, T00, longitudinal, transverse.
  std::vector<double> sums(5 * static_cast<std::size_t>(shells), 0.0);
  const int nzc = g.nz_complex();
  const double V = g.L[0] * g.L[1] * g.L[2], dV = g.cell_volume();
  const double norm = dV * dV / V;
  const int outer = g.transposed ? g.local_ny_spectral : g.local_nx;
  const int middle = g.transposed ? g.n[0] : g.n[1];
  const int offset = g.transposed ? g.y_offset_spectral : g.x_offset;
  auto usable = [&](int axis, int m) {
    const bool nyquist = m != 0 && spectral.derivative_wavenumbers(axis)[m] == 0.0;
    return spectral.masks(axis)[m] > 0.0 && !nyquist;
  };
  for (int a = 0; a < outer; ++a)
    for (int b = 0; b < middle; ++b) {
      const int gi = g.transposed ? b : a + offset;
      const int j = g.transposed ? a + offset : b;
      if (!usable(0, gi) || !usable(1, j)) continue;
      for (int m = 0; m < nzc; ++m) {
        if (!usable(2, m) || (gi == 0 && j == 0 && m == 0)) continue;
        const double k[3] = {spectral.derivative_wavenumbers(0)[gi], spectral.derivative_wavenumbers(1)[j],
                             spectral.derivative_wavenumbers(2)[m]};
        const double kk = std::sqrt(k[0] * k[0] + k[1] * k[1] + k[2] * k[2]);
        const std::size_t at = (static_cast<std::size_t>(a) * middle + b) * nzc + m;
        const double weight = (g.n[2] > 1 && m > 0 && 2 * m < g.n[2]) ? 2.0 : 1.0;
        Complex longitudinal{};
        double g2 = 0;
        for (int i = 0; i < 3; ++i) {
          longitudinal += sg[i][at] * (k[i] / kk);
          g2 += std::norm(sg[i][at]);
        }
        const double l2 = std::norm(longitudinal);
        const std::size_t shell = static_cast<std::size_t>(std::lround(kk / dk));
        double* s = sums.data() + 5 * shell;
        s[0] += weight * kk;
        s[1] += weight;
        s[2] += weight * std::norm(s00[at]) * norm;
        s[3] += weight * l2 * norm;
        s[4] += weight * 0.5 * (g2 - l2) * norm;
      }
    }
  parallel::sum_in_place(sums.data(), static_cast<int>(sums.size()));
  out = {};
  for (int sh = 0; sh < shells; ++sh) {
    const double* s = sums.data() + 5 * sh;
    if (s[1] == 0) continue;
    out.k.push_back(s[0] / s[1]);
    out.counts.push_back(s[1]);
    out.T00.push_back(s[2] / s[1]);
    out.longitudinal.push_back(s[3] / s[1]);
    out.transverse.push_back(s[4] / s[1]);
  }
}

namespace {
void write_vector(hid_t loc, const char* name, const std::vector<double>& v) {
  const hsize_t dims[1] = {v.size()};
  h5::Handle space = h5::dataspace(H5Screate_simple(1, dims, nullptr), "create a dataspace");
  h5::Handle set =
      h5::dataset(H5Dcreate2(loc, name, H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                  "create " + std::string(name));
  h5::check(H5Dwrite(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()),
            "write " + std::string(name));
}
}  // namespace

StructureFactorWriter::StructureFactorWriter(const std::string& dir, bool continuing)
    : path_(dir + "/structure_factors.h5") {
  if (!parallel::root()) return;
  h5::silence_errors();
  if (continuing && std::filesystem::exists(path_)) {
    h5::Handle file = h5::file(H5Fopen(path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open " + path_);
    H5G_info_t info;
    h5::check(H5Gget_info(file.get(), &info), "read " + path_);
    next_ = static_cast<int>(info.nlinks);
    return;
  }
  h5::Handle file =
      h5::file(H5Fcreate(path_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "create " + path_);
  h5::write_string_attr(file.get(), "normalization",
                        "S_X(k) = <|X(k)|^2>/V, X(k) = sum_x X(x) exp(-i k.x) dV, shell average; GeV^2/fm^3");
}

void StructureFactorWriter::write(double time, const StructureFactors& s) {
  if (!parallel::root()) return;
  try {
    h5::Handle file = h5::file(H5Fopen(path_.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "open it");
    char name[32];
    std::snprintf(name, sizeof name, "snapshot_%06d", next_);
    if (H5Lexists(file.get(), name, H5P_DEFAULT) > 0) H5Ldelete(file.get(), name, H5P_DEFAULT);
    h5::Handle group =
        h5::group(H5Gcreate2(file.get(), name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "create a group");
    const double t[1] = {time};
    h5::write_double_attr(group.get(), "time", t);
    write_vector(group.get(), "k", s.k);
    write_vector(group.get(), "counts", s.counts);
    write_vector(group.get(), "S_T00", s.T00);
    write_vector(group.get(), "S_T0i_longitudinal", s.longitudinal);
    write_vector(group.get(), "S_T0i_transverse", s.transverse);
    ++next_;
  } catch (const std::runtime_error& err) {
    throw std::runtime_error(path_ + ": " + err.what());
  }
}

}  // namespace ishydro
