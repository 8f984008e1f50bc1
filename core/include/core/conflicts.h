// Conflicts between desks (issue 21): what two desks of a school recorded
// about one device before either knew of the other's event (signed out at
// both, or returned at one while the other recorded it lost), or about one
// pupil's phone (collected at both) or confiscated item (released at both). A physical
// hand-over is a fact, so both events stand; a conflict.recorded event tells
// both stories for the administrator (tagdesk report conflicts).
//
// Exactly one desk records each conflict: the one whose own event comes later
// in the server's order (or is not ordered yet), when it pulls the earlier
// one (which its own event cannot have known: it was not in its log). The
// conflict's id is made of the two events' ids, so a retry finds it recorded.
//
//   auto found = core::find_conflicts(pulled, own);   // conflict.recorded events to append after `pulled`
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/event.h"

namespace core {

// An event with its place in the school's order (0: not ordered yet).
struct Placed {
  const Event* event = nullptr;
  std::int64_t pos = 0;
};

// Whether two desks' events conflict when neither knew the other: any two of
// a sign-out, a return and a loss report of one device (LN1: one person at a
// time; LN9), or two collections (PH3) or releases (CF2) of one held item.
[[nodiscard]] bool in_conflict(const EventData& a, const EventData& b);
// Whose events to look among for those `data` may conflict with: its device,
// or for a collection or a release the pupil's. All empty: it conflicts with none.
[[nodiscard]] Subjects conflict_subjects(const EventData& data);

// The conflicts between `pulled` (other desks' events new to this desk, in
// the server's order) and this desk's `own` events the server placed after
// them or not yet (in this desk's order): for each pulled event, one with the
// first own event it conflicts with, dated as that own event.
[[nodiscard]] std::vector<Event> find_conflicts(const std::vector<Placed>& pulled, const std::vector<Placed>& own);

}  // namespace core
