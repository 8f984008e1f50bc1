// A small school to exercise every kind of request without a screen.
//
//   harness::School school;                          // people, devices, slots, terms
//   auto d = school.submit(core::HandIn{...}, harness::at("2026-11-23T08:00:00"));
//   EXPECT_TRUE(d.allowed());                        // and its events are applied
//
// Decisions' events are applied through core::apply, as the store would
// commit them (a refusal's own records, PinFailed and SignOutRefused, too),
// and kept in `log` so a test can rebuild the state from them.
#pragma once

#include <string>
#include <vector>

#include "core/decide.h"
#include "core/state.h"

namespace harness {

inline core::Time at(const char* iso) { return *core::parse_time(iso); }
inline core::Date day(const char* iso) { return *core::parse_date(iso); }

// The first refusal's message, or "" when there is none (so a test fails rather than crashes).
inline std::string refusal(const core::Decision& d) { return d.refusals.empty() ? "" : d.refusals.front().message; }

// 2026-11-23 is a Monday in the autumn term.
inline constexpr const char* kMonday = "2026-11-23";

struct School {
  core::State state;
  std::vector<core::Event> log;

  School();

  // Decides and applies the decision's events.
  core::Decision submit(const core::Request& request, core::Time now);
  // Appends a setup event directly (as the command line would, bypassing rules).
  void seed(core::EventData data, core::Time now = at("2026-09-01T07:00:00"));
  void setting(const std::string& key, const std::string& value);
  core::Device& device(const std::string& id) { return state.devices.at(id); }
  // Replays the whole log into a fresh state.
  [[nodiscard]] core::State rebuild() const;
  // The one open held item of a pupil, or "" (for tests that hand in one device).
  [[nodiscard]] std::string held_of(const std::string& pupil) const;
};

}  // namespace harness
