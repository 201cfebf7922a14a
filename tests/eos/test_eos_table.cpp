// Equation of state tables (src/eos/eos_table.hpp, docs/eos_qcd_notes.md): each refused table with its
// line, the interpolant's consistency (cs2 = dp/de exactly, C1 across rows), and the accuracy of a
// table made from the HotQCD formula.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <sstream>
#include <vector>

#include "eos/eos_table.hpp"

// SIMD vectors (CellLanes) are passed between inline functions only.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ishydro {
namespace {

const HotQcdEos& hotqcd() {
  static const HotQcdEos eos;
  return eos;
}

// A good table's text: two comment lines, a blank line, then `rows` rows from the formula with 17
// digits; row i (0-based) is on line i + 4.
std::vector<std::string> good_lines(int rows = 10) {
  std::vector<std::string> lines = {"# e p s T", "   # a comment", ""};
  for (const EosTableRow& r : hotqcd_table_rows(hotqcd(), rows, 0.1, 1.0))
    lines.push_back(fmt::format("{:.17g} {:.17g} {:.17g} {:.17g}  # trailing comment", r.e, r.p, r.s, r.T));
  return lines;
}
std::string join(const std::vector<std::string>& lines) {
  std::string s;
  for (const std::string& l : lines) s += l + "\n";
  return s;
}
EosTable parse(const std::vector<std::string>& lines) {
  std::istringstream in(join(lines));
  return EosTable::parse(in, "eos.dat");
}
// The error a bad table raises: it must name the file and the line, and contain `what`.
void expect_refused(const std::vector<std::string>& lines, int line, const std::string& what) {
  try {
    parse(lines);
    ADD_FAILURE() << "accepted a table that should be refused at line " << line << " (" << what << ")";
  } catch (const EosTableError& err) {
    EXPECT_EQ(err.line(), line) << err.what();
    EXPECT_EQ(err.path(), "eos.dat");
    EXPECT_NE(std::string(err.what()).find(fmt::format("eos.dat:{}: ", line)), std::string::npos)
        << err.what();
    EXPECT_NE(std::string(err.what()).find(what), std::string::npos) << err.what();
  }
}
// Row i's values, replaced.
std::string row(const EosTableRow& r) {
  return fmt::format("{:.17g} {:.17g} {:.17g} {:.17g}", r.e, r.p, r.s, r.T);
}
EosTableRow row_values(int i) {
  return hotqcd_table_rows(hotqcd(), 10, 0.1, 1.0)[static_cast<std::size_t>(i)];
}

TEST(EosTable, GoodTableLoads) {
  const EosTable t = parse(good_lines());
  EXPECT_EQ(t.rows(), 10u);
  EXPECT_EQ(t.T_min(), row_values(0).T);
  EXPECT_EQ(t.e_max(), row_values(9).e);
}

TEST(EosTable, RefusesNonIncreasingEnergyDensity) {
  std::vector<std::string> lines = good_lines();
  EosTableRow r = row_values(5);
  r.e = row_values(4).e;  // equal to the previous row's
  lines[5 + 3] = row(r);
  expect_refused(lines, 9, "e = ");
  expect_refused(lines, 9, "does not increase (line 8: e = ");
}

TEST(EosTable, RefusesNaNAndNonNumbers) {
  std::vector<std::string> lines = good_lines();
  lines[2 + 3] =
      fmt::format("{:.17g} nan {:.17g} {:.17g}", row_values(2).e, row_values(2).s, row_values(2).T);
  expect_refused(lines, 6, "column 2 (p) is not finite: 'nan'");
  lines = good_lines();
  lines[7 + 3] =
      fmt::format("{:.17g} {:.17g} 1.2x {:.17g}", row_values(7).e, row_values(7).p, row_values(7).T);
  expect_refused(lines, 11, "column 3 (s) is not a number: '1.2x'");
  lines = good_lines();
  lines[0 + 3] =
      fmt::format("{:.17g} {:.17g} {:.17g} inf", row_values(0).e, row_values(0).p, row_values(0).s);
  expect_refused(lines, 4, "column 4 (T) is not finite");
}

TEST(EosTable, RefusesTooFewRows) {
  // 7 rows: refused at the file's last line (lines 4-10 hold the rows).
  std::vector<std::string> lines = good_lines(7);
  expect_refused(lines, 10, "7 rows of data (e p s T), at least 8 needed");
  lines.push_back("# the end");
  expect_refused(lines, 11, "at least 8 needed");
}

TEST(EosTable, RefusesInconsistentThermodynamics) {
  // s 1% off: e + p = T s broken by 1e-2 > 1e-3. T in MeV: broken by a factor 1000.
  std::vector<std::string> lines = good_lines();
  EosTableRow r = row_values(3);
  r.s *= 1.01;
  lines[3 + 3] = row(r);
  expect_refused(lines, 7, "relative mismatch 0.01");
  lines = good_lines();
  for (int i = 0; i < 10; ++i) {
    EosTableRow q = row_values(i);
    q.T *= 1000.0;
    lines[static_cast<std::size_t>(i + 3)] = row(q);
  }
  expect_refused(lines, 4, "exceeds the tolerance 0.001");
  // s 1e-4 off is within the tolerance (a table printed with 5 digits).
  lines = good_lines();
  r = row_values(3);
  r.s *= 1.0 + 1e-4;
  lines[3 + 3] = row(r);
  EXPECT_NO_THROW(parse(lines));
}

TEST(EosTable, RefusesWrongColumnCount) {
  std::vector<std::string> lines = good_lines();
  lines[6 + 3] = fmt::format("{:.17g} {:.17g} {:.17g}", row_values(6).e, row_values(6).p, row_values(6).s);
  expect_refused(lines, 10, "expected 4 columns (e p s T), found 3");
  lines[6 + 3] = row(row_values(6)) + " 1.0";
  expect_refused(lines, 10, "found 5");
}

TEST(EosTable, RefusesDecreasingPressureAndTemperature) {
  std::vector<std::string> lines = good_lines();
  EosTableRow r = row_values(8);
  r.p = row_values(7).p * 0.999;
  r.s = (r.e + r.p) / r.T;  // stays consistent: only the monotonicity is wrong
  lines[8 + 3] = row(r);
  expect_refused(lines, 12, "p = ");
  lines = good_lines();
  r = row_values(8);
  r.T = row_values(7).T;
  r.s = (r.e + r.p) / r.T;
  lines[8 + 3] = row(r);
  expect_refused(lines, 12, "T = ");
}

TEST(EosTable, RefusesMissingFile) {
  try {
    EosTable::load("/nonexistent/eos.dat");
    ADD_FAILURE() << "loaded a missing file";
  } catch (const EosTableError& err) {
    EXPECT_EQ(err.line(), 0);
    EXPECT_NE(std::string(err.what()).find("/nonexistent/eos.dat: cannot open"), std::string::npos)
        << err.what();
  }
}

// The sound speed is the derivative of the pressure interpolant, exactly: a 4th-order central
// difference in y = ln e, inside one interval, is exact for the cubic p(y) but for rounding,
// ~ eps p / (h/100) ~ 1e-12 relative with h ~ 0.1 (200 rows): 1e-9. And the interpolant is C1: cs2
// on both sides of each row agrees to the rounding of evaluating the two cubics, 1e-12.
TEST(EosTable, SoundSpeedIsTheDerivativeOfThePressureInterpolant) {
  const EosTable t = EosTable::from_rows(hotqcd_table_rows(hotqcd(), 200, 0.08, 10.0), "formula");
  const std::vector<EosTableRow> rows = hotqcd_table_rows(hotqcd(), 200, 0.08, 10.0);
  for (std::size_t j = 0; j + 1 < rows.size(); j += 7) {
    const double y0 = std::log(rows[j].e), y1 = std::log(rows[j + 1].e);
    const double y = 0.5 * (y0 + y1), d = (y1 - y0) / 100.0;
    auto p = [&](double yy) { return t.pressure(std::exp(yy)); };
    const double dp_dy = (8.0 * (p(y + d) - p(y - d)) - (p(y + 2 * d) - p(y - 2 * d))) / (12.0 * d);
    const double e = std::exp(y);
    EXPECT_NEAR(t.cs2(e) * e / dp_dy, 1.0, 1e-9) << "row " << j;
    if (j > 0) {
      const double below = t.cs2(std::nextafter(rows[j].e, 0.0)),
                   above = t.cs2(std::nextafter(rows[j].e, 1e300));
      EXPECT_NEAR(below / above, 1.0, 1e-12) << "row " << j;
    }
  }
}

// A table made from the formula, against the formula (exact to round-off, HotQcdEos): the maximum
// relative errors of p, T and cs2 over 40 points per interval, for 200, 500 and 2000 rows log-spaced
// in e from T = 0.08 to 10 GeV. The spline's errors scale as h^4 (p, T) and h^3 (cs2), h the spacing
// in ln e; the bounds are the measured errors (docs/eos_qcd_notes.md) with a factor ~2 of room, to
// catch a change in the interpolation's order rather than round-off.
TEST(EosTable, AccuracyAgainstTheFormula) {
  struct Case {
    int rows;
    double p, T, cs2;  // bounds
  };
  const Case cases[] = {{200, 1e-5, 1.5e-7, 5e-4}, {500, 3e-7, 5e-9, 3e-5}, {2000, 1e-9, 2e-11, 5e-7}};
  for (const Case& c : cases) {
    const std::vector<EosTableRow> rows = hotqcd_table_rows(hotqcd(), c.rows, 0.08, 10.0);
    const EosTable t = EosTable::from_rows(rows, "formula");
    double ep = 0, eT = 0, ec = 0, Tp = 0, Tc = 0;
    for (std::size_t j = 0; j + 1 < rows.size(); ++j) {
      for (int k = 1; k < 40; ++k) {
        const double e = rows[j].e * std::pow(rows[j + 1].e / rows[j].e, k / 40.0);
        const QcdThermo exact = hotqcd().at_energy_density(e);
        const QcdThermo table = t.at_energy_density(e);
        if (std::abs(table.p / exact.p - 1) > ep) ep = std::abs(table.p / exact.p - 1), Tp = exact.T;
        eT = std::max(eT, std::abs(table.T / exact.T - 1));
        if (std::abs(table.cs2 / exact.cs2 - 1) > ec) ec = std::abs(table.cs2 / exact.cs2 - 1), Tc = exact.T;
      }
    }
    EXPECT_LT(ep, c.p) << c.rows << " rows";
    EXPECT_LT(eT, c.T) << c.rows << " rows";
    EXPECT_LT(ec, c.cs2) << c.rows << " rows";
    std::cout << c.rows << " rows: max relative error p " << ep << " (T = " << Tp << " GeV), T " << eT
              << ", cs2 " << ec << " (T = " << Tc << " GeV)\n";
  }
}

// A written table reads back to the same interpolant (17 digits lose nothing), and CellLanes give
// each lane the one-cell value exactly (the same scalar code per lane).
TEST(EosTable, WrittenTableReadsBackAndLanesMatch) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            fmt::format("ishydro_eos_table_{}.dat", static_cast<long>(::getpid())))
                               .string();
  write_hotqcd_table(path, hotqcd(), 100, 0.08, 2.0);
  const EosTable read = EosTable::load(path);
  std::remove(path.c_str());
  const EosTable direct = EosTable::from_rows(hotqcd_table_rows(hotqcd(), 100, 0.08, 2.0), "formula");
  ASSERT_EQ(read.rows(), 100u);
  for (int i = 0; i < 1000; ++i) {
    const double e = read.e_min() * std::pow(read.e_max() / read.e_min(), i / 999.0);
    EXPECT_EQ(read.pressure(e), direct.pressure(e));
    EXPECT_EQ(read.temperature(e), direct.temperature(e));
    EXPECT_EQ(read.cs2(e), direct.cs2(e));
  }
  CellLanes e{};
  for (int l = 0; l < kCellLanes; ++l) e[l] = read.e_min() * (1.0 + 10.0 * l);
  e[kCellLanes - 1] = read.e_min() * 0.5;  // out of range
  const QcdThermoT<CellLanes> th = read.at_energy_density(e);
  for (int l = 0; l + 1 < kCellLanes; ++l) {
    EXPECT_EQ(th.T[l], read.temperature(e[l]));
    EXPECT_EQ(th.p[l], read.pressure(e[l]));
    EXPECT_EQ(th.cs2[l], read.cs2(e[l]));
    EXPECT_EQ(th.s[l], read.entropy_density(e[l]));
  }
  EXPECT_TRUE(std::isnan(th.T[kCellLanes - 1]));
  EXPECT_TRUE(std::isnan(read.pressure(read.e_max() * 1.0000001)));
  EXPECT_TRUE(std::isnan(read.cs2(std::numeric_limits<double>::quiet_NaN())));
  EXPECT_FALSE(std::isnan(read.cs2(read.e_max())));
  EXPECT_NE(read.range_message(read.e_min() * 0.5).find("T = 0.08 GeV"), std::string::npos)
      << read.range_message(read.e_min() * 0.5);
}

}  // namespace
}  // namespace ishydro
