#pragma once
// `ishydro bench` (docs/usage.md "Benchmark report").
#include <array>
#include <string>

#include "config/config.hpp"

namespace ishydro {

struct BenchOptions {
  std::array<int, 3> grid{64, 64, 64};
  std::array<double, 3> box{10.0, 10.0, 10.0};  // fm
  int steps = 5;
  int threads = 0;  // 0: all cores, as for `ishydro run`
  bool json = false;
  bool noise = false;    // thermal noise on ([noise] enabled, seed 1): the cost of the fluctuations
  bool charged = false;  // a baryon charge on top (qgp gas, n_B wave, dnmr's delta_VV and lambda_VV)
  std::string eos = to_string(EosKind::conformal);  // the standard problem's EOS: conformal or hotqcd
};

int run_bench(const BenchOptions& options);

}  // namespace ishydro
