// The administrator's area, split by what it does: admin.cpp (the menu,
// find, the register's pages, audits, PAT, approvals, settings, closing the
// kiosk) and admin_reports.cpp (the reports and printing).
#pragma once

#include "desk.h"

namespace kiosk::detail {

// An id as a screen says it: "staff-laptop" is "Staff laptop", "due-soon" "Due soon".
[[nodiscard]] std::string as_words(std::string_view id);

// admin_reports.cpp: a report chosen on Step::Reports (false: not a report's
// id), the menu's report choices, the Print button, a rack tapped in the
// racks report (issue 21, PH2: it moves to this desk).
bool choose_report(Flow& f, const std::string& id);
void report_choices(ScreenModel& m);
void print_report(Flow& f);
void move_rack_here(Flow& f, const std::string& rack);

}  // namespace kiosk::detail
