#pragma once
// The key tables of the input file (docs/input.md): for every key its name, type, unit, default,
// allowed range and help text, in one place. The parser's unknown-key check and its suggestions, the
// kind-specific key checks, the docs (tests/config/test_key_docs.cpp renders docs/input.md's tables
// from them) and the Python bindings read these tables.
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ishydro {

enum class KeyType { number, integer, boolean, string, number3, integer3, numbers, strings, table };

struct KeySpec {
  std::string_view name;
  KeyType type;
  std::string_view unit;      // "" when dimensionless or not a number
  std::string_view fallback;  // the default as docs/input.md shows it: "`0.4`", "required", "none", ...
  std::string_view range;     // the allowed values, e.g. "> 0", "in (0, 1]"
  std::string_view help;      // what the key means (may be empty)
};

// One table: a section ("grid", "transport.terms", ...) or, for [initial], one kind's own keys.
struct SectionKeys {
  std::string_view section;
  std::string_view kind;  // empty, or the initial kind these keys belong to
  std::vector<KeySpec> keys;
};

// "number", "array of 3 integers", ...
std::string_view type_label(KeyType type);
// The markdown table of docs/input.md for one key table.
std::string key_table_markdown(const SectionKeys& table);

// The sections owned by the config layer, in input order: grid, time, eos, transport,
// transport.terms, initial (its `kind` key only; each kind's keys live with the kind), output,
// numerics. The whole list, kinds included, is problems/registry.hpp's key_tables().
const std::vector<SectionKeys>& config_key_tables();

// A resolved value of a kind-specific key ([initial] keys): what the kind's parse stored.
using ConfigValue =
    std::variant<bool, long long, double, std::string, std::vector<long long>, std::vector<double>>;
using ConfigValues = std::map<std::string, ConfigValue, std::less<>>;

}  // namespace ishydro
