// libFuzzer target: the input-file parser (src/io/config*.cpp) on arbitrary bytes.
// InputError is the expected outcome of bad input; any other exception escaping, a crash or a
// sanitizer report is a finding. Built only with -DISHYDRO_FUZZ=ON (preset "fuzz"); see
// scripts/run_fuzzers.sh.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "config/config.hpp"
#include "problems/registry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const ishydro::RunConfig cfg = ishydro::parse_config_string(text, "fuzz.toml");
    // A config that parses must parse again from its own resolved TOML to the same RunConfig
    // (config_sections.hpp promises this for write_resolved_toml).
    ishydro::RunConfig again = ishydro::parse_config_string(cfg.resolved_toml, "resolved.toml");
    if (!(again == cfg)) {
      std::fprintf(stderr, "fuzz_config: the resolved TOML does not parse back to the same config\n%s\n",
                   cfg.resolved_toml.c_str());
      std::abort();
    }
  } catch (const ishydro::InputError&) {
    // expected for bad input
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz_config: unexpected exception escaped parse_config_string: %s\n", e.what());
    std::abort();
  }
  return 0;
}
