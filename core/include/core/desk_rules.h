// Two allowances the rules make for the desk, kept apart from request.h so a
// change here rebuilds only what uses them.
//
//   core::Collect{.actor = pupil, .pupil = pupil, .held = id}  // within kUndoHandIn: allowed (PH3)
//   core::Approval{.person = "S001", .device = "kind:staff-laptop"}  // LN2 for any staff laptop
#pragma once

#include <chrono>
#include <string_view>

namespace core {

// PH3: a pupil may take back, alone and before collection opens, one device
// they handed in themselves within this long (the desk's Undo); the Collected
// event then carries kUndoReason.
inline constexpr std::chrono::seconds kUndoHandIn{60};
inline constexpr std::string_view kUndoReason = "Undone at the desk";

// LN2: an approval's device may be a device's id, kApprovalKindPrefix and a
// kind ("kind:staff-laptop": any device of that kind), or empty (any device).
// approval_for looks for the device itself first, then its kind, then any.
inline constexpr std::string_view kApprovalKindPrefix = "kind:";

}  // namespace core
