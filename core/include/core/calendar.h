// The school calendar: when hand-in and collection open, which days are school
// days, which term a date falls in. Every rule that counts days asks here.
//
//   core::collection_open(settings, now)             // PH3: may pupils collect yet?
//   core::add_school_days(settings, today, 5)        // CF2: "not before 5 school days"
#pragma once

#include <optional>

#include "core/settings.h"
#include "core/time.h"

namespace core {

// A weekday inside a term. With no terms configured every weekday counts, so a
// school that has not yet entered its dates still gets sensible answers.
[[nodiscard]] bool is_school_day(const Settings& s, Date d);
// The n-th school day after d (n = 0: d itself).
[[nodiscard]] Date add_school_days(const Settings& s, Date d, int n);
[[nodiscard]] std::optional<Term> term_of(const Settings& s, Date d);
// The first day of the academic year d falls in (1 September by default).
[[nodiscard]] Date academic_year_start(const Settings& s, Date d);

// PH1
[[nodiscard]] TimeOfDay collection_opens_on(const Settings& s, Date d);
[[nodiscard]] bool collection_open(const Settings& s, Time now);
[[nodiscard]] bool handin_open(const Settings& s, Time now);

// DP2: a session, or a flow left half-done, ends after the idle time (the
// school's session.idle-seconds, or a desk's own).
[[nodiscard]] bool session_expired(Time last_activity, Time now, int idle_seconds);

// "Mon 24 Nov 09:00": how screens state a time.
[[nodiscard]] std::string describe_time(Time t);
[[nodiscard]] std::string describe_date(Date d);
// "Mon 20 Nov 2028": for dates that may be in another year.
[[nodiscard]] std::string describe_date_long(Date d);

}  // namespace core
