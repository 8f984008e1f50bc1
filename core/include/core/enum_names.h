// Text names for domain enums, used by files, JSON and the command line.
//
//   core::to_string(core::DeviceKind::StaffLaptop)  // "staff-laptop"
//   core::parse_enum<core::DeviceKind>("Staff-Laptop")  // case-insensitive
//
// Each enum declares `names(E)` returning its table; these templates do the rest.
#pragma once

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace core {

template <class E>
using EnumTable = std::span<const std::pair<E, std::string_view>>;

template <class E>
[[nodiscard]] std::string_view to_string(E value) {
  for (const auto& [v, name] : names(E{}))
    if (v == value) return name;
  return "?";
}

template <class E>
[[nodiscard]] std::optional<E> parse_enum(std::string_view text) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  for (const auto& [v, name] : names(E{}))
    if (std::ranges::equal(name, text, {}, lower, lower)) return v;
  return std::nullopt;
}

// "a, b or c": for messages that list what would have been accepted.
template <class E>
[[nodiscard]] std::string enum_choices() {
  std::string out;
  auto table = names(E{});
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (i > 0) out += (i + 1 == table.size()) ? " or " : ", ";
    out += table[i].second;
  }
  return out;
}

}  // namespace core
