// The administrator's reports, as data: a title, columns and rows of text.
//
// Pure functions of the record (and, where a report is about a day, that
// day's events), so the command line's table, CSV and PDF and the kiosk's
// admin screens show the same values.
//
//   core::Report r = core::overdue_report(state, now);
//   for (const auto& row : r.rows) ...;   // {"LT001", "Staff laptop 1", "Ní Bhriain, Siobhán", ...}
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/compliance.h"
#include "core/event.h"
#include "core/state.h"
#include "core/time.h"

namespace core {

struct Report {
  std::string title;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> notes;  // shown under the table: totals, what the report could not see
  bool operator==(const Report&) const = default;
};

// DP4: every export or listing of personal data (the data.exported events
// given), newest first: when, who (the administrator, or the command line and
// its operating-system user), what and where to.
[[nodiscard]] Report exports_report(const std::vector<Event>& exported);

// Issue 21: conflicts between desks (the conflict.recorded events given),
// newest first: the device, and each desk's story (what it recorded, when,
// by whom, about whom, and the event's id).
[[nodiscard]] Report conflicts_report(const State& s, const std::vector<Event>& conflicts);

// LN6: open loans past their due-back time, most overdue first.
[[nodiscard]] Report overdue_report(const State& s, Time now);
// Devices off site now (LN2).
[[nodiscard]] Report offsite_report(const State& s, Time now);
// PT2, PT4: PAT overdue, failed, never tested, or due within the window.
[[nodiscard]] Report pat_due_report(const State& s, Date today);
// PH5: pupils' devices still held; those held overnight flagged.
[[nodiscard]] Report uncollected_report(const State& s, Time now);
// CF4: confiscations held, and whether each is past its release date.
[[nodiscard]] Report confiscations_report(const State& s, Time now);
// PH8: hand-in compliance per form and year on `day`, from compliance_report's rows.
[[nodiscard]] Report handin_report(const std::vector<ComplianceRow>& rows, Date day);
// AR2: devices no audit has seen within audit.interval_months (never seen ones too).
[[nodiscard]] Report audit_due_report(const State& s, Date today);
// AR2: an audit's found, missing and unexpected devices (the AuditFinished event's).
[[nodiscard]] Report audit_report(const State& s, const Event& finished);
// LN9: devices reported lost or stolen and still missing, with the school's
// 24-hour and the ICO's 72-hour clocks. `reports` are ReportedLost events.
[[nodiscard]] Report breach_report(const State& s, const std::vector<Event>& reports, Time now);
// LN10: people no longer active who still have devices on loan or held.
[[nodiscard]] Report leavers_report(const State& s);
// LN3: devices that hold sensitive data without current encryption.
[[nodiscard]] Report encryption_report(const State& s, Date today);

// A trust's view: one report of each school (by code, in order) as one, with
// the school as its first column and each school's notes under its code.
[[nodiscard]] Report across_schools(const std::vector<std::pair<std::string, Report>>& by_school);

}  // namespace core
