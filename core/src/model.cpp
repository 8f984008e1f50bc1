#include "core/model.h"

namespace core {

std::string format_roles(Roles r) {
  std::string out;
  for (const auto& [right, name] : kRightNames) {
    if (!r.has(right)) continue;
    if (!out.empty()) out += '+';
    out += name;
  }
  return out;
}

std::optional<Roles> parse_roles(std::string_view text) {
  Roles roles;
  while (!text.empty()) {
    auto cut = text.find_first_of("+;|");
    auto part = text.substr(0, cut);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) {
      auto right = parse_enum<Right>(part);
      if (!right) return std::nullopt;
      roles.add(*right);
    }
    if (cut == std::string_view::npos) break;
    text.remove_prefix(cut + 1);
  }
  return roles;
}

std::string Person::public_name() const {
  std::string name = preferred_name.empty() ? first_name : preferred_name;
  if (!surname.empty()) {
    // The initial is the first UTF-8 character, not the first byte (Łukasz).
    std::string_view last = surname;
    std::size_t len = 1;
    auto lead = static_cast<unsigned char>(last[0]);
    if (lead >= 0xF0) len = 4;
    else if (lead >= 0xE0) len = 3;
    else if (lead >= 0xC0) len = 2;
    name.append(" ").append(last.substr(0, len)).append(".");
  }
  if (!form.empty()) name += " (" + form + ")";
  return name;
}

bool kind_likely_sensitive(DeviceKind k) {
  switch (k) {
    case DeviceKind::StaffLaptop:
    case DeviceKind::Tablet:
    case DeviceKind::Camera:
    case DeviceKind::MemoryStick:
    case DeviceKind::Other:  // not known: sensitive until an administrator records otherwise
      return true;
    default:
      return false;
  }
}

bool Device::holds_sensitive_data() const {
  switch (sensitivity) {
    case Sensitivity::Holds: return true;
    case Sensitivity::HoldsNone: return false;
    case Sensitivity::ByKind: break;
  }
  return kind_likely_sensitive(kind);
}

}  // namespace core
