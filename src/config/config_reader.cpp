#include "config/config_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "config/initial_kind.hpp"
#include "config/suggest.hpp"

namespace ishydro {

void input_error(const std::string& message) { throw InputError("input error: " + message); }

std::string format_number(double x) { return fmt::format("{}", x); }

std::string format_float(double x) {
  std::string text = format_number(x);
  if (text.find_first_not_of("-0123456789") == std::string::npos) text += ".0";
  return text;
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
          out += fmt::format("\\u{:04X}", static_cast<unsigned>(c));
        else
          out += c;
    }
  }
  return out + "\"";
}

std::string format_node(const toml::node& node) {
  if (auto s = node.as_string()) return quote(s->get());
  if (auto i = node.as_integer()) return std::to_string(i->get());
  if (auto f = node.as_floating_point()) return format_float(f->get());
  if (auto b = node.as_boolean()) return b->get() ? "true" : "false";
  if (auto a = node.as_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < a->size(); ++i) out += (i ? ", " : "") + format_node(*a->get(i));
    return out + "]";
  }
  if (auto t = node.as_table()) {
    std::string out = "{";
    bool first = true;
    for (auto&& [k, v] : *t) {
      out += (first ? " " : ", ") + std::string(k.str()) + " = " + format_node(v);
      first = false;
    }
    return out + (first ? "}" : " }");
  }
  std::ostringstream os;  // dates and times
  os << toml::node_view<const toml::node>(node);
  return os.str();
}

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "string";
    case toml::node_type::integer:
      return "integer";
    case toml::node_type::floating_point:
      return "float";
    case toml::node_type::boolean:
      return "boolean";
    case toml::node_type::array:
      return "array";
    case toml::node_type::table:
      return "table";
    case toml::node_type::date:
      return "date";
    case toml::node_type::time:
      return "time";
    case toml::node_type::date_time:
      return "date-time";
    default:
      return "nothing";
  }
}

std::string Section::qualified(std::string_view key) const { return name_ + "." + std::string(key); }

const toml::node* Section::node(std::string_view key) const { return table_ ? table_->get(key) : nullptr; }

std::vector<std::string> Section::keys() const {
  std::vector<std::string> out;
  if (table_)
    for (auto&& [k, v] : *table_) out.emplace_back(k.str());
  return out;
}

std::string Section::what(std::string_view key) const {
  const toml::node* n = node(key);
  return qualified(key) + " = " + (n ? format_node(*n) : std::string("(absent)"));
}

void Section::require(bool ok, std::string_view key, std::string_view rule) const {
  if (!ok) input_error(what(key) + ": " + std::string(rule));
}

void Section::missing(std::string_view key, std::string_view what_is_expected) const {
  input_error(qualified(key) + " is required (" + std::string(what_is_expected) + ") but was not given");
}

void Section::wrong_type(std::string_view key, std::string_view expected) const {
  input_error(what(key) + ": expected " + std::string(expected) + ", got " + type_name(*node(key)));
}

std::optional<double> Section::number(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  double x = 0.0;
  if (auto i = n->as_integer())
    x = static_cast<double>(i->get());
  else if (auto f = n->as_floating_point())
    x = f->get();
  else
    wrong_type(key, "a number");
  require(std::isfinite(x), key, "must be a finite number");
  return x;
}

std::optional<long long> Section::integer(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  auto i = n->as_integer();
  if (!i) wrong_type(key, "an integer");
  return static_cast<long long>(i->get());
}

std::optional<bool> Section::boolean(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  auto b = n->as_boolean();
  if (!b) wrong_type(key, "a boolean (true or false)");
  return b->get();
}

std::optional<std::string> Section::string(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  auto s = n->as_string();
  if (!s) wrong_type(key, "a string");
  return s->get();
}

std::optional<std::vector<double>> Section::numbers(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  auto a = n->as_array();
  if (!a) wrong_type(key, "an array of numbers");
  std::vector<double> out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const toml::node& e = *a->get(i);
    if (auto v = e.as_integer())
      out.push_back(static_cast<double>(v->get()));
    else if (auto f = e.as_floating_point())
      out.push_back(f->get());
    else
      input_error(what(key) + ": expected an array of numbers, got " + type_name(e) + " at index " +
                  std::to_string(i));
    require(std::isfinite(out.back()), key, "every entry must be a finite number");
  }
  return out;
}

std::optional<std::vector<std::string>> Section::strings(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  auto a = n->as_array();
  if (!a) wrong_type(key, "an array of strings");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const toml::node& e = *a->get(i);
    if (auto v = e.as_string())
      out.push_back(v->get());
    else
      input_error(what(key) + ": expected an array of strings, got " + type_name(e) + " at index " +
                  std::to_string(i));
  }
  return out;
}

std::optional<std::array<double, 3>> Section::number3(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  auto a = n->as_array();
  if (!a) wrong_type(key, "an array of 3 numbers");
  if (a->size() != 3)
    input_error(what(key) + ": expected an array of 3 numbers, got " + std::to_string(a->size()) +
                " entries");
  auto v = numbers(key);
  return std::array<double, 3>{(*v)[0], (*v)[1], (*v)[2]};
}

std::optional<std::array<long long, 3>> Section::integer3(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  auto a = n->as_array();
  if (!a) wrong_type(key, "an array of 3 integers");
  if (a->size() != 3)
    input_error(what(key) + ": expected an array of 3 integers, got " + std::to_string(a->size()) +
                " entries");
  std::array<long long, 3> out{};
  for (std::size_t i = 0; i < 3; ++i) {
    auto v = a->get(i)->as_integer();
    if (!v)
      input_error(what(key) + ": expected an array of 3 integers, got " + type_name(*a->get(i)) +
                  " at index " + std::to_string(i));
    out[i] = v->get();
  }
  return out;
}

double Section::required_number(std::string_view key) const {
  auto v = number(key);
  if (!v) missing(key, "a number");
  return *v;
}

std::string Section::required_string(std::string_view key) const {
  auto v = string(key);
  if (!v) missing(key, "a string");
  return *v;
}

std::string Section::choice(std::string_view key, std::initializer_list<std::string_view> allowed,
                            std::string_view fallback) const {
  return choice(key, std::vector<std::string_view>(allowed), fallback);
}

std::string Section::choice(std::string_view key, const std::vector<std::string_view>& allowed,
                            std::string_view fallback) const {
  auto v = string(key);
  if (!v) return std::string(fallback);
  if (std::find(allowed.begin(), allowed.end(), *v) != allowed.end()) return *v;
  std::string list;
  std::vector<std::string> candidates;
  for (auto a : allowed) {
    list += (list.empty() ? "" : ", ") + quote(a);
    candidates.emplace_back(a);
  }
  std::string msg = what(key) + ": must be one of " + list;
  const std::string best = nearest(*v, candidates);
  if (2 * edit_distance(*v, best) <= best.size()) msg += "; did you mean " + quote(best) + "?";
  input_error(msg);
}

std::vector<SectionSchema> input_schema(const InitialKinds& kinds) {
  std::vector<SectionSchema> schema;
  auto add = [&schema](std::string_view section, std::string_view key) {
    auto it =
        std::find_if(schema.begin(), schema.end(), [&](const SectionSchema& s) { return s.name == section; });
    if (it == schema.end()) it = schema.insert(schema.end(), {std::string(section), {}});
    if (std::find(it->keys.begin(), it->keys.end(), key) == it->keys.end()) it->keys.emplace_back(key);
  };
  for (const SectionKeys& table : config_key_tables()) {
    const auto dot = table.section.find('.');
    if (dot != std::string_view::npos) add(table.section.substr(0, dot), table.section.substr(dot + 1));
    for (const KeySpec& k : table.keys) add(table.section, k.name);
    if (table.section == "initial")
      for (const InitialKind* kind : kinds)
        for (const KeySpec& k : kind->keys.keys) add(table.section, k.name);
  }
  return schema;
}

namespace {
bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// A top-level name that is neither a section nor a table: find the closest "section.key" by leaf.
std::string nearest_anywhere(const std::vector<SectionSchema>& schema, std::string_view word) {
  std::string best;
  std::size_t best_distance = static_cast<std::size_t>(-1);
  for (const auto& s : schema) {
    if (s.name == "transport.terms") continue;
    for (const auto& k : s.keys) {
      const std::size_t d = edit_distance(word, k);
      if (d < best_distance) best_distance = d, best = s.name + "." + k;
    }
  }
  return best;
}

// Where `key` is a valid key other than in `here` ("section" or "transport.terms"): "section.key", or
// empty. A key that exists elsewhere verbatim was most likely put in the wrong place.
std::string exact_elsewhere(const std::vector<SectionSchema>& schema, const std::string& key,
                            std::string_view here) {
  for (const auto& other : schema)
    if (other.name != here && contains(other.keys, key)) return other.name + "." + key;
  return "";
}

void check_section_keys(const std::vector<SectionSchema>& all, const SectionSchema& schema,
                        const toml::table& table) {
  for (auto&& [k, v] : table) {
    const std::string key(k.str());
    if (contains(schema.keys, key)) {
      const std::string sub = schema.name + "." + key;
      auto nested =
          std::find_if(all.begin(), all.end(), [&sub](const SectionSchema& s) { return s.name == sub; });
      if (nested != all.end() && v.is_table()) check_section_keys(all, *nested, *v.as_table());
      continue;
    }
    std::string suggestion = exact_elsewhere(all, key, schema.name);
    if (suggestion.empty()) suggestion = schema.name + "." + nearest(key, schema.keys);
    input_error("unknown key '" + schema.name + "." + key + "'; did you mean '" + suggestion + "'?");
  }
}
}  // namespace

void check_unknown_keys(const toml::table& root, const InitialKinds& kinds) {
  const std::vector<SectionSchema> schema = input_schema(kinds);
  std::vector<std::string> sections;
  for (const auto& s : schema)
    if (s.name.find('.') == std::string::npos) sections.push_back(s.name);
  for (auto&& [k, v] : root) {
    const std::string name(k.str());
    auto it =
        std::find_if(schema.begin(), schema.end(), [&](const SectionSchema& s) { return s.name == name; });
    if (it == schema.end() || name.find('.') != std::string::npos) {
      if (v.is_table())
        input_error("unknown section '[" + name + "]'; did you mean '[" + nearest(name, sections) + "]'?");
      input_error("unknown key '" + name + "'; did you mean '" + nearest_anywhere(schema, name) + "'?");
    }
    if (!v.is_table())
      input_error(name + " = " + format_node(v) + ": expected a table (section [" + name + "]), got " +
                  type_name(v));
    check_section_keys(schema, *it, *v.as_table());
  }
}

}  // namespace ishydro
