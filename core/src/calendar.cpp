#include "core/calendar.h"

#include <array>

namespace core {
namespace {

bool is_weekday(Date d) {
  auto wd = weekday_of(d);
  return wd != std::chrono::Saturday && wd != std::chrono::Sunday;
}

}  // namespace

bool is_school_day(const Settings& s, Date d) {
  if (!is_weekday(d)) return false;
  if (s.terms.empty()) return true;
  return term_of(s, d).has_value();
}

Date add_school_days(const Settings& s, Date d, int n) {
  // Past the last configured term weekdays stand in, so the answer is still a
  // date rather than a loop without end.
  auto counts = [&](Date x) {
    if (!s.terms.empty() && x > s.terms.back().last) return is_weekday(x);
    return is_school_day(s, x);
  };
  while (n > 0) {
    d += std::chrono::days{1};
    if (counts(d)) --n;
  }
  return d;
}

std::optional<Term> term_of(const Settings& s, Date d) {
  for (const auto& t : s.terms)
    if (t.first <= d && d <= t.last) return t;
  return std::nullopt;
}

Date academic_year_start(const Settings& s, Date d) {
  std::chrono::year_month_day ymd{d};
  auto month = std::chrono::month{static_cast<unsigned>(s.academic_year_start_month)};
  auto year = ymd.month() >= month ? ymd.year() : ymd.year() - std::chrono::years{1};
  return Date{std::chrono::year_month_day{year, month, std::chrono::day{1}}};
}

TimeOfDay collection_opens_on(const Settings& s, Date d) {
  if (auto it = s.collection_on.find(d); it != s.collection_on.end()) return it->second;
  return s.collection_opens[weekday_of(d).c_encoding()];
}

bool collection_open(const Settings& s, Time now) {
  return time_of_day(now) >= collection_opens_on(s, date_of(now));
}

bool handin_open(const Settings& s, Time now) { return time_of_day(now) >= s.handin_opens; }

bool session_expired(Time last_activity, Time now, int idle_seconds) {
  return now - last_activity >= std::chrono::seconds{idle_seconds};
}

std::string describe_date(Date d) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::chrono::year_month_day ymd{d};
  return std::string{kDays[weekday_of(d).c_encoding()]} + " " + std::to_string(static_cast<unsigned>(ymd.day())) +
         " " + kMonths[static_cast<unsigned>(ymd.month()) - 1];
}

std::string describe_date_long(Date d) {
  return describe_date(d) + " " + std::to_string(static_cast<int>(std::chrono::year_month_day{d}.year()));
}

std::string describe_time(Time t) { return describe_date(date_of(t)) + " " + format_time_of_day(time_of_day(t)); }

}  // namespace core
