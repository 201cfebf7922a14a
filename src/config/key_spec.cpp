// Rendering of the key tables (docs/input.md) and the typed access to [initial] values.
#include "config/key_spec.hpp"

#include <stdexcept>

#include "config/config.hpp"

namespace ishydro {

std::string_view type_label(KeyType type) {
  switch (type) {
    case KeyType::number:
      return "number";
    case KeyType::integer:
      return "integer";
    case KeyType::boolean:
      return "boolean";
    case KeyType::string:
      return "string";
    case KeyType::number3:
      return "array of 3 numbers";
    case KeyType::integer3:
      return "array of 3 integers";
    case KeyType::numbers:
      return "array of numbers";
    case KeyType::strings:
      return "array of strings";
    case KeyType::table:
      return "table";
  }
  return "";
}

namespace {
// A table cell: a literal | would end the cell.
std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}
}  // namespace

std::string key_table_markdown(const SectionKeys& table) {
  std::string out = "| key | type | default | allowed |\n|-----|------|---------|---------|\n";
  for (const KeySpec& k : table.keys) {
    std::string type(type_label(k.type));
    if (!k.unit.empty()) type += " (" + std::string(k.unit) + ")";
    std::string allowed(k.range);
    if (!k.range.empty() && !k.help.empty()) allowed += ": ";
    allowed += k.help;
    out += "| `" + std::string(k.name) + "` | " + type + " | " + cell(k.fallback) + " | " + cell(allowed) +
           " |\n";
  }
  return out;
}

namespace {
template <class T>
const T& value_of(const ConfigValues& values, std::string_view key) {
  auto it = values.find(key);
  if (it == values.end()) throw std::out_of_range("initial." + std::string(key) + " is not set");
  return std::get<T>(it->second);
}
}  // namespace

double InitialConfig::number(std::string_view key) const { return value_of<double>(values, key); }

const std::string& InitialConfig::string(std::string_view key) const {
  return value_of<std::string>(values, key);
}

std::array<int, 3> InitialConfig::integer3(std::string_view key) const {
  const auto& v = value_of<std::vector<long long>>(values, key);
  return {static_cast<int>(v.at(0)), static_cast<int>(v.at(1)), static_cast<int>(v.at(2))};
}

std::array<double, 3> InitialConfig::number3(std::string_view key) const {
  const auto& v = value_of<std::vector<double>>(values, key);
  return {v.at(0), v.at(1), v.at(2)};
}

}  // namespace ishydro
