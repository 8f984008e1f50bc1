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

// The days compliance_report looks at for `day`: the day, then the school
// days before it that it looks back over for repeats, newest first. It
// reads the log's hand-ins and form boxes of these days, and no others.
[[nodiscard]] std::vector<Date> compliance_days(const Settings& s, Date day, int repeat_window = 5);

// Forms first, then year groups, each in order. `handins` are the heads of
// the hand-in events and `form_boxes` the form boxes' events of (at least)
// compliance_days(); events of other types are passed over.
[[nodiscard]] std::vector<ComplianceRow> compliance_report(const State& s, std::span<const EventHead> handins,
                                                           std::span<const Event> form_boxes, Date day,
                                                           int repeat_window = 5);
// The same from whole events.
[[nodiscard]] std::vector<ComplianceRow> compliance_report(const State& s, std::span<const Event> events, Date day,
                                                           int repeat_window = 5);

}  // namespace core
