#include "eos/eos_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <istream>
#include <limits>
#include <sstream>

namespace ishydro {

namespace {

// Second derivatives M of the not-a-knot cubic spline through (x[i], f[i]) (x increasing, n >= 4):
// the interior equations h[i-1] M[i-1] + 2 (h[i-1] + h[i]) M[i] + h[i] M[i+1] = 6 (d[i] - d[i-1]),
// d[i] = (f[i+1] - f[i]) / h[i], and a continuous third derivative at x[1] and x[n-2], which give
//   M[0] = ((h0 + h1) M[1] - h0 M[2]) / h1,   M[n-1] = ((a + b) M[n-2] - b M[n-3]) / a
// (a = h[n-3], b = h[n-2]); substituted into the first and last interior equations, the system for
// M[1..n-2] is tridiagonal and diagonally dominant (solved without pivoting).
std::vector<double> not_a_knot_second_derivatives(const std::vector<double>& x,
                                                  const std::vector<double>& f) {
  const std::size_t n = x.size();
  std::vector<double> h(n - 1), d(n - 1);
  for (std::size_t i = 0; i + 1 < n; ++i) {
    h[i] = x[i + 1] - x[i];
    d[i] = (f[i + 1] - f[i]) / h[i];
  }
  const std::size_t m = n - 2;  // unknowns M[1..n-2], stored at k = i - 1
  std::vector<double> sub(m), diag(m), sup(m), rhs(m);
  for (std::size_t k = 0; k < m; ++k) {
    const std::size_t i = k + 1;
    sub[k] = h[i - 1];
    diag[k] = 2.0 * (h[i - 1] + h[i]);
    sup[k] = h[i];
    rhs[k] = 6.0 * (d[i] - d[i - 1]);
  }
  const double h0 = h[0], h1 = h[1], a = h[n - 3], b = h[n - 2];
  diag[0] += h0 * (h0 + h1) / h1;
  sup[0] -= h0 * h0 / h1;
  diag[m - 1] += b * (a + b) / a;
  sub[m - 1] -= b * b / a;
  if (m == 1) {
    // n = 4 would make one unknown carry both end conditions; kEosTableMinRows >= 8 excludes it.
    throw std::logic_error("not_a_knot_second_derivatives: fewer than 5 nodes");
  }
  for (std::size_t k = 1; k < m; ++k) {  // Thomas algorithm
    const double w = sub[k] / diag[k - 1];
    diag[k] -= w * sup[k - 1];
    rhs[k] -= w * rhs[k - 1];
  }
  std::vector<double> M(n);
  M[m] = rhs[m - 1] / diag[m - 1];
  for (std::size_t k = m - 1; k-- > 0;) M[k + 1] = (rhs[k] - sup[k] * M[k + 2]) / diag[k];
  M[0] = ((h0 + h1) * M[1] - h0 * M[2]) / h1;
  M[n - 1] = ((a + b) * M[n - 2] - b * M[n - 3]) / a;
  return M;
}

constexpr const char* kColumn[4] = {"e", "p", "s", "T"};

}  // namespace

EosTableError::EosTableError(std::string path, int line, const std::string& problem)
    : std::runtime_error(line > 0 ? fmt::format("{}:{}: {}", path, line, problem)
                                  : fmt::format("{}: {}", path, problem)),
      path_(std::move(path)),
      line_(line),
      problem_(problem) {}

EosTable EosTable::load(const std::string& path, double consistency_tolerance) {
  std::ifstream in(path);
  if (!in) throw EosTableError(path, 0, "cannot open the equation of state table");
  return parse(in, path, consistency_tolerance);
}

EosTable EosTable::parse(std::istream& in, const std::string& name, double consistency_tolerance) {
  std::vector<EosTableRow> rows;
  std::vector<int> lines;
  std::string text;
  int line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (const std::size_t hash = text.find('#'); hash != std::string::npos) text.erase(hash);
    std::istringstream words(text);
    std::vector<std::string> tokens;
    for (std::string w; words >> w;) tokens.push_back(w);
    if (tokens.empty()) continue;
    if (tokens.size() != 4)
      throw EosTableError(name, line, fmt::format("expected 4 columns (e p s T), found {}", tokens.size()));
    double v[4];
    for (int c = 0; c < 4; ++c) {
      const char* begin = tokens[static_cast<std::size_t>(c)].c_str();
      char* end = nullptr;
      v[c] = std::strtod(begin, &end);
      if (end == begin || *end != '\0')
        throw EosTableError(name, line,
                            fmt::format("column {} ({}) is not a number: '{}'", c + 1, kColumn[c], begin));
      if (!std::isfinite(v[c]))
        throw EosTableError(name, line,
                            fmt::format("column {} ({}) is not finite: '{}'", c + 1, kColumn[c], begin));
    }
    rows.push_back({v[0], v[1], v[2], v[3]});
    lines.push_back(line);
  }
  if (in.bad()) throw EosTableError(name, 0, "read error");
  return checked(rows, lines, name, consistency_tolerance, line);
}

EosTable EosTable::from_rows(const std::vector<EosTableRow>& rows, const std::string& name,
                             double consistency_tolerance) {
  std::vector<int> lines(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) lines[i] = static_cast<int>(i) + 1;
  return checked(rows, lines, name, consistency_tolerance, static_cast<int>(rows.size()));
}

EosTable EosTable::checked(const std::vector<EosTableRow>& rows, const std::vector<int>& lines,
                           const std::string& name, double tol, int last_line) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const EosTableRow& r = rows[i];
    const int line = lines[i];
    for (double v : {r.e, r.p, r.s, r.T})
      if (!std::isfinite(v)) throw EosTableError(name, line, "a value is not finite");
    if (!(r.e > 0)) throw EosTableError(name, line, fmt::format("e = {} must be positive", r.e));
    if (!(r.T > 0)) throw EosTableError(name, line, fmt::format("T = {} must be positive", r.T));
    if (i > 0) {
      const EosTableRow& q = rows[i - 1];
      if (!(r.e > q.e))
        throw EosTableError(
            name, line, fmt::format("e = {} does not increase (line {}: e = {})", r.e, lines[i - 1], q.e));
      if (!(r.p >= q.p))
        throw EosTableError(name, line,
                            fmt::format("p = {} decreases (line {}: p = {})", r.p, lines[i - 1], q.p));
      if (!(r.T > q.T))
        throw EosTableError(
            name, line, fmt::format("T = {} does not increase (line {}: T = {})", r.T, lines[i - 1], q.T));
    }
    const double mismatch = std::abs(r.e + r.p - r.T * r.s) / std::abs(r.e + r.p);
    if (!(mismatch <= tol))
      throw EosTableError(
          name, line,
          fmt::format("e + p = {} but T s = {}: relative mismatch {:.3g} exceeds the tolerance {} "
                      "(columns must be e p s T in GeV/fm^3, GeV/fm^3, 1/fm^3, GeV)",
                      r.e + r.p, r.T * r.s, mismatch, tol));
  }
  if (rows.size() < static_cast<std::size_t>(kEosTableMinRows))
    throw EosTableError(
        name, last_line,
        fmt::format("{} rows of data (e p s T), at least {} needed", rows.size(), kEosTableMinRows));

  const std::size_t n = rows.size();
  std::vector<double> y(n), p(n), z(n);
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = std::log(rows[i].e);
    p[i] = rows[i].p;
    z[i] = std::log(rows[i].T);
  }
  for (std::size_t i = 1; i < n; ++i)
    if (!(y[i] > y[i - 1]))  // e increasing by less than an ulp of ln e
      throw EosTableError(name, lines[i], fmt::format("e = {} too close to the previous row's", rows[i].e));
  EosTable t;
  t.name_ = name;
  t.e_min_ = rows.front().e;
  t.e_max_ = rows.back().e;
  t.T_min_ = rows.front().T;
  t.T_max_ = rows.back().T;
  t.Mp_ = not_a_knot_second_derivatives(y, p);
  t.Mz_ = not_a_knot_second_derivatives(y, z);
  t.y_ = std::move(y);
  t.p_ = std::move(p);
  t.z_ = std::move(z);
  return t;
}

QcdThermo EosTable::at(double e) const {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (!in_range(e)) return {nan, nan, nan, nan, nan, nan};
  const double y = std::log(e);
  // The interval [y_[j], y_[j+1]] holding y (the last one for e = e_max).
  const std::size_t n = y_.size();
  std::size_t j = static_cast<std::size_t>(std::upper_bound(y_.begin(), y_.end(), y) - y_.begin());
  j = std::clamp<std::size_t>(j, 1, n - 1) - 1;
  const double h = y_[j + 1] - y_[j];
  const double B = (y - y_[j]) / h, A = 1.0 - B;
  const double h6 = h * h / 6.0;
  // f = A f_j + B f_j+1 + ((A^3 - A) M_j + (B^3 - B) M_j+1) h^2/6,
  // df/dy = (f_j+1 - f_j)/h + (-(3A^2 - 1) M_j + (3B^2 - 1) M_j+1) h/6.
  const double p = A * p_[j] + B * p_[j + 1] + ((A * A * A - A) * Mp_[j] + (B * B * B - B) * Mp_[j + 1]) * h6;
  const double dp_dy = (p_[j + 1] - p_[j]) / h +
                       (-(3.0 * A * A - 1.0) * Mp_[j] + (3.0 * B * B - 1.0) * Mp_[j + 1]) * (h / 6.0);
  const double z = A * z_[j] + B * z_[j + 1] + ((A * A * A - A) * Mz_[j] + (B * B * B - B) * Mz_[j + 1]) * h6;
  const double T = std::exp(z);
  const double s = (e + p) / T;
  const double cs2 = dp_dy / e;
  return {T, p, e, s, cs2, s / (T * cs2)};
}

std::string EosTable::range_message(double e) const {
  if (std::isnan(e)) return "energy density is NaN";
  if (e < e_min_)
    return fmt::format(
        "energy density {:.6g} GeV/fm^3 is below the first row of {}, e = {:.6g} GeV/fm^3 (T = {:.6g} GeV)",
        e, name_, e_min_, T_min_);
  if (e > e_max_)
    return fmt::format(
        "energy density {:.6g} GeV/fm^3 is above the last row of {}, e = {:.6g} GeV/fm^3 (T = {:.6g} GeV)", e,
        name_, e_max_, T_max_);
  return fmt::format("energy density {:.6g} GeV/fm^3 is in the range of {}", e, name_);
}

std::vector<EosTableRow> hotqcd_table_rows(const HotQcdEos& eos, int rows, double T_lo, double T_hi) {
  if (rows < 2) throw std::invalid_argument("hotqcd_table_rows: at least 2 rows");
  const double e_lo = HotQcdEos::energy_density(T_lo), e_hi = HotQcdEos::energy_density(T_hi);
  if (!eos.in_range(e_lo) || !eos.in_range(e_hi) || !(T_lo < T_hi))
    throw std::invalid_argument(fmt::format("hotqcd_table_rows: [{}, {}] GeV is not inside [{}, {}] GeV",
                                            T_lo, T_hi, eos.T_min(), eos.T_max()));
  std::vector<EosTableRow> out(static_cast<std::size_t>(rows));
  for (int i = 0; i < rows; ++i) {
    const double e = i == 0 ? e_lo : i == rows - 1 ? e_hi : e_lo * std::pow(e_hi / e_lo, i / (rows - 1.0));
    const QcdThermo th = eos.at_energy_density(e);
    out[static_cast<std::size_t>(i)] = {e, th.p, th.s, th.T};
  }
  return out;
}

void write_hotqcd_table(const std::string& path, const HotQcdEos& eos, int rows, double T_lo, double T_hi) {
  const std::vector<EosTableRow> table = hotqcd_table_rows(eos, rows, T_lo, T_hi);
  std::ofstream out(path);
  out << "# HotQCD 2014 equation of state (Bazavov et al., PRD 90, 094503), made by ishydro: " << rows
      << " rows log-spaced in e, T = " << T_lo << " to " << T_hi << " GeV\n"
      << "# e [GeV/fm^3]  p [GeV/fm^3]  s [1/fm^3]  T [GeV]\n";
  for (const EosTableRow& r : table)
    out << fmt::format("{:.17g} {:.17g} {:.17g} {:.17g}\n", r.e, r.p, r.s, r.T);
  out.close();
  if (!out) throw std::runtime_error(fmt::format("cannot write the equation of state table {}", path));
}

}  // namespace ishydro
