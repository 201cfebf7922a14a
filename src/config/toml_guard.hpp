#pragma once
// A guard run on the input text before toml++ parses it. toml++ 3.3.0 (Debian 12) runs into
// undefined behaviour (__builtin_unreachable) when it asks whether certain non-ASCII characters are
// whitespace (upstream marzer/tomlplusplus issues #190 and #295; found by fuzz/fuzz_config.cpp).
// check_toml_characters() refuses those characters where toml++ would ask, with an InputError
// naming the line and column; everywhere else (comments, strings) non-ASCII text stays allowed.
#include <string>
#include <string_view>

namespace ishydro {

// Throws InputError("input error: SOURCE:LINE:COLUMN: TOML syntax error: character U+XXXX ...").
void check_toml_characters(std::string_view text, const std::string& source_name);

}  // namespace ishydro
