#include "kiosk/lookup.h"

namespace kiosk {
namespace {

std::string trimmed_upper(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  std::string out{s};
  for (auto& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// The printed command cards (DESIGN "Codes"), so a desk runs on the scanner alone.
constexpr std::string_view kCommands[] = {"HANDIN", "COLLECT", "SIGNOUT", "RETURN", "CANCEL"};

}  // namespace

Resolved resolve_code(const core::State& state, std::string_view code) {
  std::string key = trimmed_upper(code);
  if (key.empty()) return {CodeKind::Unknown, "", "Nothing was scanned."};
  for (auto command : kCommands)
    if (key == command) return {CodeKind::Command, key, ""};
  if (state.devices.count(key)) return {CodeKind::Device, key, ""};
  if (state.people.count(key)) return {CodeKind::Person, key, ""};
  if (state.slots.count(key)) return {CodeKind::Slot, key, ""};
  // Existing codes are looked up exactly as printed, then case-insensitively.
  std::string raw{code};
  for (const auto& candidate : {raw, key}) {
    if (auto it = state.device_by_code.find(candidate); it != state.device_by_code.end())
      return {CodeKind::Device, it->second, ""};
    if (auto it = state.person_by_card.find(candidate); it != state.person_by_card.end())
      return {CodeKind::Person, it->second, ""};
  }
  return {CodeKind::Unknown, "", "This code is not one of the school's tags or cards."};
}

}  // namespace kiosk
