// What a scanned or typed code names: one of our tags, an existing asset tag,
// serial or card number, or nothing the school knows (SE3).
//
//   auto r = kiosk::resolve_code(store.state(), "NFA-1042");
//   if (r.kind == kiosk::CodeKind::Device) ...
#pragma once

#include <string>
#include <string_view>

#include "core/state.h"

namespace kiosk {

enum class CodeKind { Person, Device, Slot, Command, Unknown };

struct Resolved {
  CodeKind kind = CodeKind::Unknown;
  std::string id;       // the person, device or slot id; the command's name
  std::string problem;  // why an Unknown code was not accepted, in plain English
};

[[nodiscard]] Resolved resolve_code(const core::State& state, std::string_view code);

}  // namespace kiosk
