// Small ASCII/UTF-8 helpers shared by the tag codec and the wedge decoder
// (trimming, case and UTF-8 validation are core/strings.h).
#pragma once

#include <string>
#include <string_view>

namespace scanner {

constexpr bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
constexpr char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Appends `cp` as UTF-8 (invalid code points become U+FFFD).
void append_utf8(std::string& out, char32_t cp);

}  // namespace scanner
