#pragma once
// Typed, checked access to one section of the input file. Every failure throws InputError with a
// one-line message that names the key, the value given and what is allowed.
#include <toml++/toml.h>

#include <array>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace ishydro {

// The checks of parse_config_string on an already parsed TOML table (the Python module builds one from
// a dict); relative paths (initial.path) are taken relative to base_dir.
RunConfig parse_config_table(const toml::table& root, const std::filesystem::path& base_dir,
                             const InitialKinds& kinds);

// Inserts a resolved value into a TOML table (integers as int64, lists as arrays): the resolved input
// and the tables made in code (problems/registry.cpp make_initial) write values the same way.
void insert_config_value(toml::table& table, const std::string& key, const ConfigValue& value);

// Throws InputError("input error: " + message).
[[noreturn]] void input_error(const std::string& message);

// A TOML basic string: double quotes, with escapes for quotes, backslashes and control characters.
std::string quote(std::string_view s);
// A TOML value as it would be written in the input ("milne" quoted, arrays in brackets).
std::string format_node(const toml::node& node);
// A number in its shortest round-trip form (5.0 prints as 5).
std::string format_number(double x);
// A TOML float in its shortest round-trip form, always with a decimal point or exponent (5.0).
std::string format_float(double x);
// "integer", "float", "string", "boolean", "array", "table", ...
std::string type_name(const toml::node& node);

class Section {
 public:
  // `table` may be null (the section is absent): every key is then missing.
  Section(const toml::table* table, std::string name) : table_(table), name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  std::string qualified(std::string_view key) const;
  bool has(std::string_view key) const { return node(key) != nullptr; }
  const toml::node* node(std::string_view key) const;
  std::vector<std::string> keys() const;  // the keys present, in table order
  // "section.key = value"
  std::string what(std::string_view key) const;

  // Each returns nullopt when the key is absent and throws on a wrong type. Numbers accept integers
  // and must be finite.
  std::optional<double> number(std::string_view key) const;
  std::optional<long long> integer(std::string_view key) const;
  std::optional<bool> boolean(std::string_view key) const;
  std::optional<std::string> string(std::string_view key) const;
  std::optional<std::vector<double>> numbers(std::string_view key) const;
  std::optional<std::vector<std::string>> strings(std::string_view key) const;
  std::optional<std::array<double, 3>> number3(std::string_view key) const;
  std::optional<std::array<long long, 3>> integer3(std::string_view key) const;

  // Like the above, but a missing key is an error.
  double required_number(std::string_view key) const;
  std::string required_string(std::string_view key) const;

  // A string from a fixed set of choices (suggests the nearest on a miss); `fallback` if absent.
  std::string choice(std::string_view key, std::initializer_list<std::string_view> allowed,
                     std::string_view fallback) const;
  std::string choice(std::string_view key, const std::vector<std::string_view>& allowed,
                     std::string_view fallback) const;

  // Throws "section.key = value: <rule>" unless ok.
  void require(bool ok, std::string_view key, std::string_view rule) const;
  [[noreturn]] void missing(std::string_view key, std::string_view what_is_expected) const;

 private:
  [[noreturn]] void wrong_type(std::string_view key, std::string_view expected) const;
  const toml::table* table_;
  std::string name_;
};

// The valid keys of every section, for unknown-key detection, from the key tables: the config
// layer's sections and, for [initial], `kind` and the keys of every kind in `kinds`. Sections in
// input order; [transport.terms] is its own entry.
struct SectionSchema {
  std::string name;
  std::vector<std::string> keys;
};
std::vector<SectionSchema> input_schema(const InitialKinds& kinds);

// Rejects unknown sections and keys anywhere in the document, suggesting the nearest valid name.
void check_unknown_keys(const toml::table& root, const InitialKinds& kinds);

}  // namespace ishydro
