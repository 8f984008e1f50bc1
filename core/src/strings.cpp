#include "core/strings.h"

namespace core {
namespace {

// Calls `each` with every code point of `s`; false as soon as a sequence is
// not UTF-8 (or `each` says stop).
template <class F>
bool each_code_point(std::string_view s, F each) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    char32_t cp = 0;
    if (b < 0x80) cp = b;
    else if ((b & 0xE0) == 0xC0) { extra = 1; cp = b & 0x1F; }
    else if ((b & 0xF0) == 0xE0) { extra = 2; cp = b & 0x0F; }
    else if ((b & 0xF8) == 0xF0) { extra = 3; cp = b & 0x07; }
    else return false;
    if (extra > 0 && i + extra >= s.size()) return false;  // cut short
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    constexpr char32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    if (!each(cp)) return false;
    i += extra + 1;
  }
  return true;
}

}  // namespace

std::string trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return std::string{s.substr(first, s.find_last_not_of(kSpace) - first + 1)};
}

bool valid_utf8(std::string_view s) {
  return each_code_point(s, [](char32_t) { return true; });
}

bool printable_utf8(std::string_view s) {
  return each_code_point(s, [](char32_t cp) { return cp >= 0x20 && !(cp >= 0x7F && cp <= 0x9F); });
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::string ascii_upper(std::string_view s) {
  std::string out{s};
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::string ascii_lower(std::string_view s) {
  std::string out{s};
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace core
