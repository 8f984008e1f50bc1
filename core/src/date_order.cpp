#include "core/date_order.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace core {
namespace {

struct Parts {
  std::array<std::string_view, 3> p;
  bool year_first = false;  // four digits first: 2023-01-23, 2023/1/23
};

bool digits(std::string_view s) {
  return !s.empty() && std::ranges::all_of(s, [](char c) { return c >= '0' && c <= '9'; });
}

// "1/23/23 10:00" -> {"1", "23", "23"}; nullopt if not three groups of digits.
std::optional<Parts> split(std::string_view v) {
  // A time after the date: "2023-01-23 00:00:00", "2023-01-23T00:00:00".
  if (auto cut = v.find_first_of(" T"); cut != std::string_view::npos) v = v.substr(0, cut);
  Parts out;
  for (int i = 0; i < 3; ++i) {
    auto cut = i < 2 ? v.find_first_of("/-.") : std::string_view::npos;
    if (i < 2 && cut == std::string_view::npos) return std::nullopt;
    out.p[i] = v.substr(0, cut);
    if (!digits(out.p[i])) return std::nullopt;
    if (cut != std::string_view::npos) v.remove_prefix(cut + 1);
  }
  out.year_first = out.p[0].size() == 4;
  return out;
}

int number(std::string_view s) {
  int n = 0;
  std::from_chars(s.data(), s.data() + s.size(), n);
  return n;
}

// POSIX strptime's %y: 69-99 are 1969-1999, 00-68 are 2000-2068.
std::optional<int> year_of(std::string_view s) {
  if (s.size() == 4) return number(s);
  if (s.size() != 2) return std::nullopt;
  int y = number(s);
  return y >= 69 ? 1900 + y : 2000 + y;
}

std::optional<Date> make(std::string_view y, std::string_view m, std::string_view d) {
  if (m.size() > 2 || d.size() > 2) return std::nullopt;
  auto year = year_of(y);
  if (!year) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(number(m))},
                                  std::chrono::day{static_cast<unsigned>(number(d))}};
  if (!ymd.ok()) return std::nullopt;
  return Date{ymd};
}

}  // namespace

std::optional<DateOrder> DateOrderFit::order() const {
  if (dmy == mdy) return dmy && !day_month_seen ? std::optional{DateOrder::YMD} : std::nullopt;
  return dmy ? DateOrder::DMY : DateOrder::MDY;
}

DateOrderFit fit_date_order(std::span<const std::string_view> values) {
  DateOrderFit fit;
  for (auto v : values) {
    auto parts = split(v);
    if (!parts || parts->year_first) continue;  // not a date (its cell says so), or the same in every order
    bool dmy = parse_date_as(v, DateOrder::DMY).has_value();
    bool mdy = parse_date_as(v, DateOrder::MDY).has_value();
    if (!dmy && !mdy) continue;
    fit.day_month_seen = true;
    fit.dmy = fit.dmy && dmy;
    fit.mdy = fit.mdy && mdy;
  }
  return fit;
}

std::optional<Date> parse_date_as(std::string_view value, DateOrder order) {
  auto parts = split(value);
  if (!parts) return std::nullopt;
  const auto& [a, b, c] = parts->p;
  if (parts->year_first) return make(a, b, c);
  switch (order) {
    case DateOrder::DMY: return make(c, b, a);
    case DateOrder::MDY: return make(c, a, b);
    case DateOrder::YMD: return make(a, b, c);
  }
  return std::nullopt;
}

}  // namespace core
