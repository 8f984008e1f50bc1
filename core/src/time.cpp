#include "core/time.h"

#include <charconv>
#include <cstdio>

namespace core {
namespace {

bool parse_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

}  // namespace

Date date_of(Time t) { return std::chrono::floor<std::chrono::days>(t); }

TimeOfDay time_of_day(Time t) { return t - date_of(t); }

Time at(Date d, TimeOfDay tod) { return Time{d.time_since_epoch()} + tod; }

std::chrono::weekday weekday_of(Date d) { return std::chrono::weekday{d}; }

std::string format_date(Date d) {
  std::chrono::year_month_day ymd{d};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::optional<Date> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!parse_int(s.substr(0, 4), y) || !parse_int(s.substr(5, 2), m) || !parse_int(s.substr(8, 2), d))
    return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Date{ymd};
}

std::string format_time_of_day(TimeOfDay tod) {
  auto s = tod.count();
  char buf[48];
  if (s % 60 == 0)
    std::snprintf(buf, sizeof buf, "%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60));
  else
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  return buf;
}

std::optional<TimeOfDay> parse_time_of_day(std::string_view s) {
  int h = 0, m = 0, sec = 0;
  if (s.size() != 5 && s.size() != 8) return std::nullopt;
  if (s[2] != ':' || !parse_int(s.substr(0, 2), h) || !parse_int(s.substr(3, 2), m)) return std::nullopt;
  if (s.size() == 8 && (s[5] != ':' || !parse_int(s.substr(6, 2), sec))) return std::nullopt;
  if (h > 23 || m > 59 || sec > 59) return std::nullopt;
  return TimeOfDay{h * 3600 + m * 60 + sec};
}

std::string format_time(Time t) {
  auto s = time_of_day(t).count();
  char buf[48];
  std::snprintf(buf, sizeof buf, "T%02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  return format_date(date_of(t)) + buf;
}

std::optional<Time> parse_time(std::string_view s) {
  if (s.size() < 16 || (s[10] != 'T' && s[10] != ' ')) return std::nullopt;
  auto d = parse_date(s.substr(0, 10));
  if (!d) return std::nullopt;
  std::string_view rest = s.substr(11);
  // Drop a zone designator: the wall-clock part is what the school means.
  if (auto z = rest.find_first_of("Z+-"); z != std::string_view::npos) rest = rest.substr(0, z);
  if (auto dot = rest.find('.'); dot != std::string_view::npos) rest = rest.substr(0, dot);
  auto tod = parse_time_of_day(rest);
  if (!tod) return std::nullopt;
  return at(*d, *tod);
}

Date add_months(Date d, int months) {
  std::chrono::year_month_day ymd{d};
  auto ym = std::chrono::year_month{ymd.year(), ymd.month()} + std::chrono::months{months};
  auto last = std::chrono::year_month_day_last{ym.year(), std::chrono::month_day_last{ym.month()}};
  auto day = std::min(ymd.day(), last.day());
  return Date{std::chrono::year_month_day{ym.year(), ym.month(), day}};
}

}  // namespace core
