// The administrator's area, one file per area, admin.cpp dispatching each
// step's inputs to the file that owns it: admin.cpp (the menu, closing the
// kiosk), admin_find.cpp (find, a device's and a person's page, editing a
// field), admin_approve.cpp (approving taking home, LN2), admin_audit.cpp
// (audits, AR2), admin_pat.cpp (PAT tests, PT1), admin_reports.cpp (the
// reports and printing), admin_settings.cpp (the settings and a setting's edit).
#pragma once

#include "desk.h"

namespace kiosk::detail {

// An id as a screen says it: "staff-laptop" is "Staff laptop", "due-soon" "Due soon".
[[nodiscard]] std::string as_words(std::string_view id);
// Whether `field` holds `query` (already lower case), ignoring case; never an empty field.
[[nodiscard]] bool matches(std::string_view field, const std::string& query);

// admin_find.cpp: find (Step::AdminFind, started from the menu), a device's
// or person's page (AdminDevice, AdminPerson) and a field's edit (AdminEdit);
// a device's or person's row tapped in find's or a report's table opens its
// page (false: not such a row).
void start_find(Flow& f);
bool open_row(Flow& f, const std::string& id);
bool find_scan(Flow& f, const Resolved& code);
bool find_choose(Flow& f, const std::string& id);  // AdminDevice, AdminPerson, AdminEdit
bool find_text(Flow& f, const std::string& text);  // AdminFind, AdminEdit
void render_find(const Desk& d, const core::State& s, ScreenModel& m);

// admin_approve.cpp: Step::AdminApprove.
bool approve_scan(Flow& f, const Resolved& code);
bool approve_choose(Flow& f, const std::string& id);
bool approve_text(Flow& f, const std::string& text);
void render_approve(const Desk& d, const core::State& s, ScreenModel& m);

// admin_audit.cpp: choosing the location (started from the menu,
// Step::AuditLocation) and the audit (Step::Audit).
void choose_location(Flow& f);
bool audit_scan(Flow& f, const Resolved& code);  // Audit
bool audit_choose(Flow& f, const std::string& id);
void render_audit(const Desk& d, const core::State& s, ScreenModel& m);

// admin_pat.cpp: Step::PatScan and Step::PatResult.
bool pat_scan(Flow& f, const Resolved& code);  // PatScan
bool pat_choose(Flow& f, const std::string& id);
void render_pat(const Desk& d, const core::State& s, ScreenModel& m);

// admin_settings.cpp: Step::Settings and Step::SettingEdit.
bool settings_choose(Flow& f, const std::string& id);
bool settings_text(Flow& f, const std::string& text);  // SettingEdit
void render_settings(const Desk& d, const core::State& s, ScreenModel& m);

// admin_reports.cpp: a report chosen on Step::Reports (false: not a report's
// id), the menu's report choices, the Print button, a rack tapped in the
// racks report (issue 21, PH2: it moves to this desk).
bool choose_report(Flow& f, const std::string& id);
void report_choices(ScreenModel& m);
void print_report(Flow& f);
void move_rack_here(Flow& f, const std::string& rack);

}  // namespace kiosk::detail
