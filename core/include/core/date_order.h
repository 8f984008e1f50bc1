// Dates as other systems write them, read a whole column at a time.
//
// Spreadsheets and other systems write dates in the order of their country
// (3/1/23 is 1 March in the US, 3 January in the UK). One value rarely says
// which, but a column usually does: if any value can only be month/day
// (11/14/22), the whole column is month/day, as a spreadsheet reads it. A
// column where every value reads either way is ambiguous, and the importer
// asks once for the column (`--date-format DMY|MDY|YMD`), not once per row.
//
//   std::vector<std::string_view> column = {"1/23/23", "3/1/23"};
//   core::DateOrderFit fit = core::fit_date_order(column);   // only MDY fits
//   auto d = core::parse_date_as("3/1/23", *fit.order());    // 2023-03-01
//
// Two-digit years follow POSIX strptime's %y window: 69-99 are 1969-1999,
// 00-68 are 2000-2068.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/enum_names.h"
#include "core/time.h"

namespace core {

enum class DateOrder : std::uint8_t { DMY, MDY, YMD };
constexpr std::pair<DateOrder, std::string_view> kDateOrderNames[] = {
    {DateOrder::DMY, "DMY"}, {DateOrder::MDY, "MDY"}, {DateOrder::YMD, "YMD"}};
inline EnumTable<DateOrder> names(DateOrder) { return kDateOrderNames; }

// Which of day/month and month/day read every value of a column that is written
// with them (values written year first, or not dates at all, settle nothing).
struct DateOrderFit {
  bool dmy = true, mdy = true;
  bool day_month_seen = false;  // some value was written day and month first, in some order
  // The one order that reads the column: YMD when no value needs day or month
  // told apart; nullopt when both orders do (ambiguous()) or neither does
  // (values that contradict each other: 13/1/23 and 1/13/23).
  [[nodiscard]] std::optional<DateOrder> order() const;
  [[nodiscard]] bool ambiguous() const { return day_month_seen && dmy && mdy; }
};
[[nodiscard]] DateOrderFit fit_date_order(std::span<const std::string_view> values);

// One value in a given order: numbers separated by '/', '-' or '.', a two- or
// four-digit year, and an optional time after a space or 'T', which is dropped
// ("2023-01-23 00:00:00"). A four-digit year first is read as YMD whatever the
// order. nullopt if it is not a date in the calendar.
[[nodiscard]] std::optional<Date> parse_date_as(std::string_view value, DateOrder order);

}  // namespace core
