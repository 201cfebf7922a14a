// The guard against toml++ 3.3.0's undefined behaviour on some non-ASCII characters (toml_guard.hpp).
#include "config/toml_guard.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "config/config_reader.hpp"

namespace ishydro {

namespace {

// toml++ 3.3.0 (Debian 12) reaches TOML_UNREACHABLE (undefined behaviour) in
// is_non_ascii_horizontal_whitespace() for the code points U+00A1..U+0499, U+2C5E..U+3057 other
// than U+3000, and U+FB26..U+FEFE (found by running that function on every code point; upstream
// marzer/tomlplusplus issues #190 and #295). The parser asks that question of characters outside
// strings and comments (where TOML 1.0 allows only ASCII anyway) and, inside a multi-line basic
// string, of the character after a backslash and of the first one after a line-ending backslash.
// Found by fuzz/fuzz_config.cpp.
bool toml_whitespace_ub(char32_t c) {
  return (c >= 0xA1 && c <= 0x499) || (c >= 0x2C5E && c <= 0x3057 && c != 0x3000) ||
         (c >= 0xFB26 && c <= 0xFEFE);
}

// Decodes the UTF-8 sequence at text[i] into c and returns its length; a malformed sequence gives
// length 1 and U+FFFD (toml++ itself refuses malformed UTF-8 before classifying the character).
std::size_t decode_utf8(std::string_view text, std::size_t i, char32_t& c) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char b0 = byte(0);
  const std::size_t len = b0 < 0x80             ? 1
                          : (b0 & 0xE0) == 0xC0 ? 2
                          : (b0 & 0xF0) == 0xE0 ? 3
                          : (b0 & 0xF8) == 0xF0 ? 4
                                                : 0;
  if (len == 0 || i + len > text.size()) {
    c = 0xFFFD;
    return 1;
  }
  c = len == 1 ? b0 : len == 2 ? (b0 & 0x1Fu) : len == 3 ? (b0 & 0x0Fu) : (b0 & 0x07u);
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(k) & 0xC0) != 0x80) {
      c = 0xFFFD;
      return 1;
    }
    c = (c << 6) | (byte(k) & 0x3Fu);
  }
  return len;
}

bool toml_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; }

// What toml++ skips after a line-ending backslash in a multi-line basic string: ASCII blanks and
// line breaks (U+0009..U+000D, space) and the non-ASCII characters its is_horizontal_whitespace()
// accepts (listed by running it on every code point).
bool toml_skipped_after_line_ending_backslash(char32_t c) {
  return c == U' ' || (c >= U'\t' && c <= U'\r') || c == 0xA0 || c == 0x1680 || c == 0x180E ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x2060 || c == 0x3000 ||
         c == 0xFEFF;
}

}  // namespace

// Refuses, before toml++ sees them, the characters that would lead it into the undefined behaviour
// above: any non-ASCII character outside strings and comments (never valid TOML there), and the
// affected code points where a multi-line basic string tests them for whitespace. A small lexer of
// TOML's comments and four kinds of string that follows where toml++ expects a key or a value:
//  - a quote opens a string only where a key or a value begins: after a line break, '=' or '.' of a
//    key, '[' or '{' that opens something, or ',' (blanks and comments aside);
//  - in a value, a token that is not a string, array or inline table (a number, a date, true, ...)
//    runs up to ']', '}', ',', '#' or a line break, and toml++ may scan it whole before it reports
//    it (e.g. 0"..., 1["..., 5.'''..., and past a blank in 1979-05-27 1"...): quotes, '[', '{', '='
//    and '.' inside it are plain characters. In valid TOML only those terminators (after blanks)
//    follow such a token, so this refuses nothing valid.
void check_toml_characters(std::string_view text, const std::string& source_name) {
  enum class Mode { normal, comment, basic, literal, ml_basic, ml_literal };
  Mode mode = Mode::normal;
  bool opener = true;    // the last character outside strings and comments (blanks aside) opens
  bool value = false;    // in a value (after '=', or in an array), not in a key
  bool token = false;    // inside a token of a value that is scanned up to its end
  std::string brackets;  // open '[' of arrays, 'h' of table headers, '{' of inline tables
  std::size_t line = 1, column = 1, i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // a UTF-8 byte order mark, skipped by toml++
  const auto refuse = [&](char32_t c, const char* where) {
    input_error(fmt::format("{}:{}:{}: TOML syntax error: character U+{:04X} {}", source_name, line, column,
                            static_cast<std::uint32_t>(c), where));
  };
  // Steps over one character (of any length), keeping line and column; returns it.
  const auto step = [&] {
    char32_t c = 0;
    i += decode_utf8(text, i, c);
    if (c == U'\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    return c;
  };
  const auto peek = [&] {
    char32_t c = 0;
    decode_utf8(text, i, c);
    return c;
  };
  // Closes a string: what follows it is neither an opener nor inside a token.
  const auto string_closed = [&] {
    mode = Mode::normal;
    opener = false;
    token = false;
  };
  while (i < text.size()) {
    switch (mode) {
      case Mode::normal: {
        const char ch = text[i];
        if (static_cast<unsigned char>(ch) >= 0x80)
          refuse(peek(), "outside a string or comment (TOML allows only ASCII there)");
        const bool in_token = value && token;  // '[', '{', '=', '.' and quotes are plain here
        const std::string_view rest = text.substr(i);
        if ((ch == '"' || ch == '\'') && opener && !in_token) {
          const bool multi = rest.starts_with("\"\"\"") || rest.starts_with("'''");
          mode =
              ch == '"' ? (multi ? Mode::ml_basic : Mode::basic) : (multi ? Mode::ml_literal : Mode::literal);
          const std::size_t n = multi ? 3 : 1;
          i += n;
          column += n;
          break;
        }
        switch (ch) {
          case '\n':
            opener = true;
            token = false;
            if (brackets.empty()) value = false;
            break;
          case ' ':
          case '\t':
          case '\r':
          case '\v':
          case '\f':
            break;  // a blank does not end a token: toml++ scans "1979-05-27 1..." on past it
          case '#':
            mode = Mode::comment;
            token = false;
            break;
          case ',':
            opener = true;
            token = false;
            value = brackets.empty() || brackets.back() != '{';
            break;
          case ']':
          case '}':
            opener = false;
            token = false;
            value = brackets.empty() || brackets.back() != 'h';
            if (!brackets.empty()) brackets.pop_back();
            break;
          case '=':
          case '.':
            if (!value) {
              opener = true;
              token = false;
              value = ch == '=';
            } else {
              opener = false;
              token = true;
            }
            break;
          case '[':
          case '{':
            if (in_token) {
              opener = false;
            } else {
              brackets += ch == '{' ? '{' : value ? '[' : 'h';
              opener = true;
              token = false;
              if (ch == '{') value = false;
            }
            break;
          default:
            opener = false;
            token = true;
            break;
        }
        step();
        break;
      }
      case Mode::comment:
        if (step() == U'\n') {
          mode = Mode::normal;
          opener = true;
          if (brackets.empty()) value = false;
        }
        break;
      case Mode::basic:
      case Mode::literal: {
        const char32_t c = step();
        if (c == U'\n' || (mode == Mode::basic && c == U'"') || (mode == Mode::literal && c == U'\'')) {
          string_closed();  // a line break ends it too: invalid, toml++ stops there
        } else if (mode == Mode::basic && c == U'\\' && i < text.size() && step() == U'\n') {
          string_closed();  // an escaped line break: invalid, toml++ stops there
        }
        break;
      }
      case Mode::ml_basic:
      case Mode::ml_literal: {
        const char quote = mode == Mode::ml_basic ? '"' : '\'';
        if (text[i] == quote) {  // up to two quotes of content may precede the closing three
          std::size_t n = 0;
          while (i + n < text.size() && text[i + n] == quote) ++n;
          i += n;
          column += n;
          if (n >= 3) string_closed();
          break;
        }
        if (step() != U'\\' || mode != Mode::ml_basic || i >= text.size()) break;
        if (toml_whitespace_ub(peek())) refuse(peek(), "after a backslash in a multi-line string");
        if (!toml_space(text[i])) {
          step();  // the escaped character
          break;
        }
        while (i < text.size() && toml_skipped_after_line_ending_backslash(peek()))
          step();  // line-ending '\'
        if (i < text.size() && toml_whitespace_ub(peek()))
          refuse(peek(), "first after a line-ending backslash in a multi-line string");
        break;
      }
    }
  }
}

}  // namespace ishydro
