// Wall-clock time at the school, as the people at the desk read it.
//
// The kiosk serves one school in one place, so every rule ("hand-in opens at
// 07:30", "due back 16:00") speaks of local civil time. Core never reads a
// clock: the shell passes `now` in.
//
//   core::Time t = *core::parse_time("2026-11-24T08:20:00");
//   core::format_time(t + std::chrono::hours{1});  // "2026-11-24T09:20:00"
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace core {

using Time = std::chrono::local_seconds;
using Date = std::chrono::local_days;
using TimeOfDay = std::chrono::seconds;  // since midnight

[[nodiscard]] Date date_of(Time t);
[[nodiscard]] TimeOfDay time_of_day(Time t);
[[nodiscard]] Time at(Date d, TimeOfDay tod);
[[nodiscard]] std::chrono::weekday weekday_of(Date d);

// ISO 8601 without a zone: "2026-11-24T08:20:00" (a trailing "Z" or offset is
// accepted on input and the wall-clock part kept).
[[nodiscard]] std::string format_time(Time t);
[[nodiscard]] std::optional<Time> parse_time(std::string_view text);
// "2026-11-24"; impossible dates (2026-02-30) are refused.
[[nodiscard]] std::string format_date(Date d);
[[nodiscard]] std::optional<Date> parse_date(std::string_view text);
// "07:30" or "07:30:15".
[[nodiscard]] std::string format_time_of_day(TimeOfDay tod);
[[nodiscard]] std::optional<TimeOfDay> parse_time_of_day(std::string_view text);

// Calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb).
[[nodiscard]] Date add_months(Date d, int months);

}  // namespace core
