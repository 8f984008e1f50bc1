// Text helpers every module shares, each written once: trimming and UTF-8.
//
//   std::string v = core::trim("  7A \r\n");        // "7A"
//   if (!core::valid_utf8(cell)) refuse("not UTF-8");
//   core::utf8_length("Zoë");                        // 3
//   core::ascii_upper("nfa-a0042");                  // "NFA-A0042"
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace core {

// Without leading and trailing spaces, tabs, CR, LF, VT and FF.
[[nodiscard]] std::string trim(std::string_view s);

// Well-formed UTF-8: every sequence complete, no overlong forms, no UTF-16
// surrogates, nothing past U+10FFFF.
[[nodiscard]] bool valid_utf8(std::string_view s);
// valid_utf8, and no control characters (C0, DEL or C1): text a person could
// read off a label or a screen.
[[nodiscard]] bool printable_utf8(std::string_view s);
// Characters, not bytes, as a person counts them (for UTF-8 text).
[[nodiscard]] std::size_t utf8_length(std::string_view s);

// A-Z and a-z changed, every other byte kept (so UTF-8 passes through).
[[nodiscard]] std::string ascii_upper(std::string_view s);
[[nodiscard]] std::string ascii_lower(std::string_view s);

}  // namespace core
