// Small ASCII/UTF-8 helpers shared by the tag codec and the wedge decoder.
#pragma once

#include <string>
#include <string_view>

namespace scanner {

constexpr bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
constexpr char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
std::string to_ascii_upper(std::string_view s);

// Without leading and trailing spaces, tabs, CR and LF.
std::string_view trim_whitespace(std::string_view s);

// Well-formed UTF-8 with no C0/C1 control characters and no DEL.
bool is_printable_utf8(std::string_view s);

// Appends `cp` as UTF-8 (invalid code points become U+FFFD).
void append_utf8(std::string& out, char32_t cp);

}  // namespace scanner
