// The administrator's reports on screen (AR2, LN, PH5, PH8, PT1, issue 21's
// conflicts and racks) and the Print button.
#include <algorithm>
#include <cctype>

#include "admin.h"
#include "core/calendar.h"
#include "core/pat.h"
#include "core/queries.h"
#include "core/reports.h"

namespace kiosk::detail {
namespace {

constexpr std::pair<std::string_view, std::string_view> kReports[] = {
    {"overdue", "Overdue loans"},        {"offsite", "Off site"},
    {"pat-due", "PAT due"},              {"held", "Phones still held"},
    {"confiscations", "Confiscations past release"}, {"missing", "Missing accessories"},
    {"handin", "Hand-in compliance"},    {"audit-due", "Due for audit"},
    {"conflicts", "Conflicts between desks"}, {"racks", "Racks of pouches"}};

void report_rows(const Desk& d, const core::State& s, ScreenModel& m) {
  const std::string& r = d.draft.report;
  core::Time now = d.shown_at;
  auto loans = [&](const std::vector<const core::Loan*>& list) {
    m.columns = {"Device", "Borrower", "Due back"};
    for (const core::Loan* l : list)
      m.rows.push_back(Row{.cells = {device_label(s, l->device), public_name(s, l->borrower),
                                     core::describe_time(l->due_at)},
                           .choice = pick_id(Pick::Device, l->device), .mark = ""});
  };
  auto held = [&](const std::vector<const core::HeldItem*>& list) {
    m.columns = {"Pupil", "Where", "Since"};
    for (const core::HeldItem* i : list)
      m.rows.push_back(Row{.cells = {public_name(s, i->pupil), slot_label(s, i->slot), core::describe_time(i->at)},
                           .choice = "", .mark = ""});
  };
  if (r == "overdue") {
    m.title = "Overdue loans";
    loans(core::overdue_loans(s, now));
  } else if (r == "offsite") {
    m.title = "Off site";
    loans(core::off_site_loans(s));
  } else if (r == "held") {
    m.title = "Phones still held";
    held(core::still_held(s));
  } else if (r == "confiscations") {
    m.title = "Confiscations past their release date";
    held(core::past_release_date(s, core::date_of(now)));
  } else if (r == "pat-due") {
    m.title = "PAT due";
    m.columns = {"Device", "Status", "Next due"};
    auto fields = core::kPatFields;  // and the label's
    fields.push_back("name");
    for (const core::Device& dev : core::pat_due(s, core::date_of(now), fields)) {
      auto due = core::pat_next_due(dev, s.settings);
      // Words, not the status's id; a date with its year, which may not be this one.
      m.rows.push_back(Row{.cells = {device_label(dev),
                                     as_words(core::to_string(core::pat_status(dev, s.settings, core::date_of(now)))),
                                     due ? core::describe_date_long(*due) : "-"},
                           .choice = pick_id(Pick::Device, dev.id), .mark = ""});
    }
  } else if (r == "handin") {
    m.title = "Hand-in compliance today";
    m.columns = {"Group", "Expected", "Handed in", "Exempt", "Absent", "No device", "Not handed in", "Repeat"};
    for (const auto& row : d.draft.compliance)
      m.rows.push_back(Row{.cells = {row.group, std::to_string(row.expected), std::to_string(row.handed_in),
                                     std::to_string(row.exempt), std::to_string(row.absent),
                                     std::to_string(row.no_device), std::to_string(row.not_handed_in),
                                     std::to_string(row.repeat)},
                           .choice = "", .mark = ""});
  } else if (r == "audit-due") {
    m.title = "Due for audit";
    m.columns = {"Device", "Location", "Last seen"};
    for (const core::Device& dev : core::audit_due_list(s, core::date_of(now)))
      m.rows.push_back(Row{.cells = {device_label(dev), dev.home_location,
                                     dev.last_seen ? core::describe_date(*dev.last_seen) : "never"},
                           .choice = pick_id(Pick::Device, dev.id), .mark = ""});
  } else if (r == "conflicts") {
    auto report = core::conflicts_report(s, d.draft.conflicts);
    m.title = report.title;
    m.columns = report.columns;
    for (auto& row : report.rows) {
      std::string device = pick_id(Pick::Device, row[0]);
      m.rows.push_back(Row{.cells = std::move(row), .choice = std::move(device), .mark = ""});
    }
    m.lines = report.notes;
  } else if (r == "racks") {
    // Issue 21, PH2: tapping a rack moves it to this desk.
    m.title = "Racks of pouches: tap one to move it to this desk";
    m.columns = {"Rack", "Pouches", "Desk"};
    for (const auto& [id, rack] : s.racks)
      m.rows.push_back(Row{.cells = {id.empty() ? "On no other rack" : id,
                                     id.empty() ? "" : rack.first + " to " + rack.last, rack.desk},
                           .choice = pick_id(Pick::Rack, id), .mark = ""});
  } else if (r == "missing") {
    m.title = "Missing accessories";
    m.columns = {"Device", "Missing"};
    for (const core::Device& dev : core::missing_accessories(s)) {
      std::string missing;
      for (const auto& a : dev.missing_accessories) missing += (missing.empty() ? "" : ", ") + a;
      m.rows.push_back(Row{.cells = {device_label(dev), missing}, .choice = pick_id(Pick::Device, dev.id), .mark = ""});
    }
  }
  m.lines.push_back(std::to_string(m.rows.size()) + (m.rows.size() == 1 ? " entry" : " entries"));
}

// The report on screen as core::Report, so paper shows exactly what the
// screen does: its title, columns, rows and the count under them.
core::Report shown_report(const Desk& d) {
  const ScreenModel& m = d.draft.table;
  core::Report r{.title = m.title, .columns = m.columns, .rows = {}, .notes = m.lines};
  for (const auto& row : m.rows) r.rows.push_back(row.cells);
  return r;
}

// What the printer said.
void printed(Flow& f, const Printed& p) {
  if (p.sent)
    f.desk.out = Outcome{.feedback = Feedback::Accepted, .message = *p.sent, .allowed = std::nullopt, .rules = {},
                         .lines = {}};
  else
    f.desk.out = Outcome{.feedback = Feedback::Refused, .message = "Not printed: " + p.sent.error(),
                         .allowed = std::nullopt, .rules = {}, .lines = {}};
}

// The report chosen, worked out once (Draft::table).
void show_report(Flow& f) {
  f.go(Step::Report);
  f.desk.draft.table = {};
  report_rows(f.desk, f.s(), f.desk.draft.table);
}


}  // namespace

// An id as a screen says it: "staff-laptop" is "Staff laptop", "due-soon" "Due soon".
std::string as_words(std::string_view id) {
  std::string out{id};
  std::ranges::replace(out, '-', ' ');
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

// The Print button: the shell's printer, or how to set one up (no dead end).
void print_report(Flow& f) {
  if (!f.options.print_report) {
    // For the person at the desk, not the technician: the README's
    // "Printing" says where the printer is named.
    f.notice("No printer is set up for this kiosk: ask your IT technician to set one up");
    return;
  }
  f.effect(Print{shown_report(f.desk)});
}

// Issue 21, PH2: this desk gives out the rack's pouches from now on.
void move_rack_here(Flow& f, const std::string& rack) {
  f.submit(core::MoveRack{.actor = f.actor(), .rack = rack, .first = "", .last = "", .to = f.options.kiosk});
  f.desk.draft.table = {};
  report_rows(f.desk, f.s(), f.desk.draft.table);
}

bool choose_report(Flow& f, const std::string& id) {
  for (const auto& [name, label] : kReports)
    if (id == name) {
      f.desk.draft.report = std::string{name};
      // These two read the log first (LogRead, admin_result).
      if (name == "handin") f.effect(ReadLog{.what = LogQuery::Compliance, .day = core::date_of(f.now)});
      else if (name == "conflicts") f.effect(ReadLog{.what = LogQuery::Conflicts, .day = {}});
      else show_report(f);
      return true;
    }
  return false;
}

void report_choices(ScreenModel& m) {
  for (const auto& [name, label] : kReports) m.choices.push_back(choice(std::string{name}, std::string{label}));
}

void admin_result(Flow& f, const Result& result) {
  Draft& dr = f.desk.draft;
  if (const auto* p = std::get_if<Printed>(&result); p && f.desk.step == Step::Report) {
    printed(f, *p);
  } else if (const auto* log = std::get_if<LogRead>(&result); log && f.desk.step == Step::Reports) {
    if (log->what == LogQuery::Compliance) dr.compliance = log->compliance;  // PH8, repeats over the last school days
    else dr.conflicts = log->conflicts;
    show_report(f);
  }
}

}  // namespace kiosk::detail
