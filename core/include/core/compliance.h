// PH8: the daily hand-in compliance report, per form and per year group.
//
//   for (const auto& row : core::compliance_report(state, events, today))
//     print(row.group, row.expected, row.handed_in, row.not_handed_in, row.repeat);
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/state.h"

namespace core {

struct ComplianceRow {
  std::string group;  // a form ("7A") or a year group ("Year 7")
  int expected = 0;   // active pupils in the group
  int handed_in = 0;
  int exempt = 0;     // PH4 exemption on record, or ticked exempt in the form box
  int absent = 0;     // ticked absent in the form box
  int no_device = 0;  // ticked "no device" in the form box
  int not_handed_in = 0;
  // Not handed in today and on another of the last `repeat_window` school days
  // on which the kiosk took any hand-in.
  int repeat = 0;
  bool operator==(const ComplianceRow&) const = default;
};

// The part of the log compliance_report reads for `day`: events of these
// types, at or after `from` and before `to` (the day, and as far back as it
// looks for the school days before it).
struct ComplianceLog {
  std::vector<std::string> types;
  Time from, to;
};
[[nodiscard]] ComplianceLog compliance_log(Date day, int repeat_window = 5);

// Forms first, then year groups, each in order. `events` holds at least the
// day's events (and the days before it, for repeats).
[[nodiscard]] std::vector<ComplianceRow> compliance_report(const State& s, std::span<const Event> events, Date day,
                                                           int repeat_window = 5);

}  // namespace core
