#include "desk/lookup.h"

#include <variant>

#include "core/strings.h"
#include "scanner/tag.h"

namespace kiosk {
namespace {

bool is_command(std::string_view id) {
  for (auto command : scanner::kCommandIds)
    if (id == command) return true;
  return false;
}

// One of our tags: its kind says where to look.
Resolved our_tag(const core::State& state, const scanner::OurTag& tag) {
  switch (tag.kind) {
    case scanner::TagKind::Asset:
      if (state.device(tag.id)) return {CodeKind::Device, tag.id, ""};
      break;
    case scanner::TagKind::Person:
      if (state.person(tag.id)) return {CodeKind::Person, tag.id, ""};
      break;
    case scanner::TagKind::Slot:
      if (state.slot(tag.id)) return {CodeKind::Slot, tag.id, ""};
      break;
    case scanner::TagKind::Command:
      if (is_command(tag.id)) return {CodeKind::Command, tag.id, ""};
      break;
  }
  return {CodeKind::Unknown, "", "This tag is not in the school's register."};
}

// Ids, imported asset tags and serials, existing card numbers, and the
// command card ids typed or printed plainly.
Resolved plain(const core::State& state, std::string_view code) {
  std::string key = core::ascii_upper(core::trim(code));
  if (key.empty()) return {CodeKind::Unknown, "", "Nothing was scanned."};
  if (is_command(key)) return {CodeKind::Command, key, ""};
  if (state.device(key)) return {CodeKind::Device, key, ""};
  if (state.person(key)) return {CodeKind::Person, key, ""};
  if (state.slot(key)) return {CodeKind::Slot, key, ""};
  // Existing codes are looked up exactly as printed, then case-insensitively.
  std::string raw{code};
  for (const auto& candidate : {raw, key}) {
    if (std::string device = state.device_by_tag_or_serial(candidate); !device.empty())
      return {CodeKind::Device, device, ""};
    if (std::string person = state.person_by_card_number(candidate); !person.empty())
      return {CodeKind::Person, person, ""};
  }
  return {CodeKind::Unknown, "", "This code is not one of the school's tags or cards."};
}

}  // namespace

Resolved resolve_code(const core::State& state, std::string_view code) {
  scanner::ParsedCode parsed = scanner::parse_code(code, state.settings.school_prefix);
  if (const auto* tag = std::get_if<scanner::OurTag>(&parsed)) return our_tag(state, *tag);
  if (const auto* p = std::get_if<scanner::PlainCode>(&parsed)) return plain(state, p->text);
  // An imported tag may happen to look like another school's: ours if on record.
  if (std::holds_alternative<scanner::ForeignTag>(parsed) || std::holds_alternative<scanner::MisreadTag>(parsed))
    if (Resolved known = plain(state, code); known.kind != CodeKind::Unknown) return known;
  // Another school's tag, a misread, a web address: refused plainly (SE3).
  return {CodeKind::Unknown, "", scanner::describe(parsed)};
}

}  // namespace kiosk
