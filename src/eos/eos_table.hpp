#pragma once
// An equation of state from a text table (docs/eos_qcd_notes.md): rows "e p s T" in GeV/fm^3,
// GeV/fm^3, 1/fm^3, GeV, e increasing, '#' starting a comment (the layout of MUSIC's hotQCD table and
// of the osu-hydro / hic-eos tables).
//
// Interpolation: not-a-knot cubic splines in y = ln e of p and of ln T, so p(e) and T(e) are C2, and
//   cs2 = dp/de = (dp/dy) / e
// is the exact derivative of the p interpolant (C1), never a separate fit; s = (e + p) / T from the
// interpolants (the identity the table satisfies row by row). Why these choices: ln e, because tables
// span many decades of e and p, T are close to powers of e (p ~ e/3, T ~ e^(1/4) at high T), which a
// cubic in ln e follows with a relative error ~ h^4 independent of the decade; ln T for the same
// reason (T > 0); p itself rather than ln p, so that a table whose p starts at 0 (or is shifted by a
// constant) still loads; not-a-knot rather than natural end conditions, because
// p''(y) is not zero at a table's ends (the natural spline's error there is ~ h^2 instead of h^4).
// The measured accuracy of tables made from the HotQCD formula is in docs/eos_qcd_notes.md.
//
// Out of range (e below the first row's e or above the last's, or NaN): every function of e returns
// NaN (in that lane only), like HotQcdEos; range_message(e) names the bound's temperature.
//
// Loading checks every row (an EosTableError names the file, the 1-based line and what is wrong):
// exactly 4 columns, finite numbers, e > 0 and T > 0 (logarithms), e strictly increasing, p
// non-decreasing, T strictly increasing, e + p = T s within a relative tolerance
// (kEosTableConsistencyTolerance unless given), and at least kEosTableMinRows rows.
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

#include "eos/hotqcd.hpp"
#include "eos/qcd_lanes.hpp"

// Vectors are passed between inline functions only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {

// |e + p - T s| <= tolerance (e + p) on every row. Tables are printed with 6 or more significant
// digits (MUSIC's hotQCD table, hic-eos), so a sound table satisfies the identity to ~1e-5 relative
// (more where a column was rounded to fewer digits); a wrong column order or wrong units (s in
// GeV^3, T in MeV, "e p T s") break it by O(1). 1e-3 passes the first with room and refuses the
// second; a table known to be looser can be loaded with a larger tolerance.
inline constexpr double kEosTableConsistencyTolerance = 1e-3;
// The fewest rows: the not-a-knot spline needs 5; 8 is a floor below which the interpolation error
// (~h^4, h the spacing in ln e) cannot be small over any useful range; real tables have hundreds.
inline constexpr int kEosTableMinRows = 8;

// A refused table: what() is "<path>:<line>: <what is wrong>" (line 0: the file as a whole, e.g. it
// cannot be opened). The caller turns it into its own input error naming the configuration key.
class EosTableError : public std::runtime_error {
 public:
  EosTableError(std::string path, int line, const std::string& problem);
  const std::string& path() const { return path_; }
  int line() const { return line_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string path_;
  int line_;
  std::string problem_;
};

struct EosTableRow {
  double e, p, s, T;  // GeV/fm^3, GeV/fm^3, 1/fm^3, GeV
};

class EosTable {
 public:
  // Reads and checks the file (throws EosTableError).
  static EosTable load(const std::string& path, double consistency_tolerance = kEosTableConsistencyTolerance);
  // The same from a stream; `name` stands for the path in messages.
  static EosTable parse(std::istream& in, const std::string& name,
                        double consistency_tolerance = kEosTableConsistencyTolerance);
  // From rows already in memory (row i is reported as line i + 1).
  static EosTable from_rows(const std::vector<EosTableRow>& rows, const std::string& name,
                            double consistency_tolerance = kEosTableConsistencyTolerance);

  const std::string& name() const { return name_; }
  std::size_t rows() const { return y_.size(); }
  double e_min() const { return e_min_; }
  double e_max() const { return e_max_; }
  double T_min() const { return T_min_; }
  double T_max() const { return T_max_; }
  bool in_range(double e) const { return e >= e_min_ && e <= e_max_; }
  // E.g. "energy density 0.001 GeV/fm^3 is below the first row of eos.dat, e = 0.0043 GeV/fm^3
  // (T = 0.08 GeV)".
  std::string range_message(double e) const;

  // Everything at e (ds_dT = s / (T cs2), the identity cs2 = s / (T ds/dT)); NaN out of range.
  template <class Real>
  QcdThermoT<Real> at_energy_density(const Real& e) const {
    QcdThermoT<Real> r{};
    for (int l = 0; l < kLanesOf<Real>; ++l) {
      const QcdThermo one = at(qcd_detail::lane(e, l));
      qcd_detail::set_lane(r.T, l, one.T);
      qcd_detail::set_lane(r.p, l, one.p);
      qcd_detail::set_lane(r.e, l, one.e);
      qcd_detail::set_lane(r.s, l, one.s);
      qcd_detail::set_lane(r.cs2, l, one.cs2);
      qcd_detail::set_lane(r.ds_dT, l, one.ds_dT);
    }
    return r;
  }
  template <class Real>
  Real temperature(const Real& e) const {
    return at_energy_density(e).T;
  }
  template <class Real>
  Real pressure(const Real& e) const {
    return at_energy_density(e).p;
  }
  template <class Real>
  Real cs2(const Real& e) const {
    return at_energy_density(e).cs2;
  }
  template <class Real>
  Real entropy_density(const Real& e) const {
    return at_energy_density(e).s;
  }

 private:
  EosTable() = default;
  // Checks the rows (lines[i]: row i's line in the file; last_line: the file's end) and builds the
  // splines.
  static EosTable checked(const std::vector<EosTableRow>& rows, const std::vector<int>& lines,
                          const std::string& name, double tol, int last_line);
  QcdThermo at(double e) const;

  std::string name_;
  double e_min_ = 0, e_max_ = 0, T_min_ = 0, T_max_ = 0;
  std::vector<double> y_;       // ln e at the rows
  std::vector<double> p_, Mp_;  // p and d^2p/dy^2 at the rows
  std::vector<double> z_, Mz_;  // ln T and d^2 ln T/dy^2
};

// Rows made from the HotQCD formula: `rows` values of e log-spaced from e(T_lo) to e(T_hi), with T, p
// and s exact to round-off (HotQcdEos::at_energy_density).
std::vector<EosTableRow> hotqcd_table_rows(const HotQcdEos& eos, int rows, double T_lo, double T_hi);
// The same written as a table file (17 significant digits, so that reading it back loses nothing);
// throws std::runtime_error if the file cannot be written.
void write_hotqcd_table(const std::string& path, const HotQcdEos& eos, int rows, double T_lo, double T_hi);

}  // namespace ishydro

#pragma GCC diagnostic pop
