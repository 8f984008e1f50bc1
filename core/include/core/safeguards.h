// What no action may do to the school as a whole, however many events it
// makes: leave it without an active administrator, or quietly deactivate a
// large share of its staff or pupils. Decided on a whole batch, so a kiosk
// deactivation (one event), a command and an import (thousands) share the rule.
//
//   if (auto r = core::keeps_an_administrator(state, plan.events)) refuse(*r);
//   core::Leavers l = core::leavers_of(state, plan.events);
//   if (l.too_many(state.settings)) ask_to_confirm(l.ids);
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/decide.h"
#include "core/event.h"
#include "core/state.h"

namespace core {

// Refuses (SE1: every action needs an administrator who can answer for it)
// when after `events` no active person holds the administrator right, naming
// the administrators the events would remove. nullopt when one remains.
[[nodiscard]] std::optional<Refusal> keeps_an_administrator(const State& state, std::span<const Event> events);

// Every active administrator's id.
[[nodiscard]] std::vector<std::string> active_administrators(const State& state);

// The active people `events` would deactivate, staff and pupils apart, out
// of how many of each are active now.
struct Leavers {
  std::vector<std::string> staff, pupils;  // ids, in the order of the events
  int active_staff = 0, active_pupils = 0;
  // More than settings.max_leavers_percent of the staff or of the pupils.
  [[nodiscard]] bool too_many(const Settings& settings) const;
  [[nodiscard]] std::size_t size() const { return staff.size() + pupils.size(); }
};
[[nodiscard]] Leavers leavers_of(const State& state, std::span<const Event> events);

}  // namespace core
