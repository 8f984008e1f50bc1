// The administrator's area: its menu, closing the kiosk with an admin's PIN,
// and the dispatch of each step's inputs to the file of its area (admin.h):
// admin_find.cpp, admin_approve.cpp, admin_audit.cpp, admin_pat.cpp,
// admin_reports.cpp, admin_settings.cpp.
#include "admin.h"

namespace kiosk::detail {

bool admin_scan(Flow& f, const Resolved& code) {
  switch (f.desk.step) {
    case Step::AdminFind: return find_scan(f, code);
    case Step::Audit: return audit_scan(f, code);
    case Step::AdminApprove: return approve_scan(f, code);
    case Step::PatScan: return pat_scan(f, code);
    case Step::QuitAuthorise:
      authorise_scan(f, code);
      return true;
    default:
      return false;
  }
}

bool admin_choose(Flow& f, const std::string& id) {
  Desk& d = f.desk;
  Draft& dr = d.draft;
  switch (d.step) {
    case Step::AdminMenu:
      if (id == "find") start_find(f);
      else if (id == "audit") choose_location(f);
      else if (id == "pat") f.go(Step::PatScan);
      else if (id == "reports") f.go(Step::Reports);
      else if (id == "settings") f.go(Step::Settings);
      else if (id == "approve") {
        dr = Draft{};
        f.go(Step::AdminApprove);
      } else if (id == "quit") {
        f.home();  // the administrator is signed in: no second badge and PIN
        f.go(Step::Quit);
      } else if (id == "back") f.go(Step::StaffMenu);
      else return false;
      return true;
    case Step::AdminFind:
    case Step::Report:  // a row of either table: a device's or person's page, a rack (the racks report)
      if (id == "print" && d.step == Step::Report) print_report(f);
      else if (open_row(f, id)) {}
      else if (auto rack = picked(id, Pick::Rack); rack && f.s().racks.contains(*rack)) move_rack_here(f, *rack);
      else if (id == "back") f.go(d.step == Step::Report ? Step::Reports : Step::AdminMenu);
      else return false;
      return true;
    case Step::AdminDevice:
    case Step::AdminPerson:
    case Step::AdminEdit:
      return find_choose(f, id);
    case Step::AdminApprove: return approve_choose(f, id);
    case Step::AuditLocation:
    case Step::Audit:
      return audit_choose(f, id);
    case Step::PatScan:
    case Step::PatResult:
      return pat_choose(f, id);
    case Step::Reports:
      if (choose_report(f, id)) return true;
      if (id != "back") return false;
      f.go(Step::AdminMenu);
      return true;
    case Step::Settings:
    case Step::SettingEdit:
      return settings_choose(f, id);
    case Step::QuitAuthorise:
      if (id != "back") return false;
      if (!dr.auth.badge.empty()) dr.auth.badge.clear();
      else f.home();
      return true;
    default:
      return false;
  }
}

void admin_authorised(Flow& f, const std::string& person) {
  if (core::Decision may = f.ask(core::OpenArea{.actor = person, .area = core::Area::CloseKiosk}); !may.allowed()) {
    f.outcome(may);
    f.desk.draft.auth.badge.clear();
    return;
  }
  f.home();
  f.go(Step::Quit);
}

bool admin_text(Flow& f, const std::string& text) {
  switch (f.desk.step) {
    case Step::AdminFind:
    case Step::AdminEdit:
      return find_text(f, text);
    case Step::AuditLocation:
      f.desk.draft.key = text;  // narrows the list: a location is chosen from it, never typed free
      return true;
    case Step::AdminApprove: return approve_text(f, text);
    case Step::SettingEdit: return settings_text(f, text);
    default:
      return false;
  }
}

bool render_admin(const Desk& d, const core::State& s, ScreenModel& m) {
  const Draft& dr = d.draft;
  switch (d.step) {
    case Step::AdminMenu:
      m.title = "Administration";
      m.prompt = "Choose";
      m.choices = {choice("find", "Find a device or person", true), choice("audit", "Audit"),
                   choice("pat", "PAT tests"), choice("reports", "Reports"), choice("settings", "Settings"),
                   choice("approve", "Approve taking home"), choice("quit", "Close the kiosk")};
      break;
    case Step::AdminFind:
    case Step::AdminDevice:
    case Step::AdminPerson:
    case Step::AdminEdit:
      render_find(d, s, m);
      break;
    case Step::AdminApprove:
      render_approve(d, s, m);
      break;
    case Step::AuditLocation:
    case Step::Audit:
      render_audit(d, s, m);
      break;
    case Step::PatScan:
    case Step::PatResult:
      render_pat(d, s, m);
      break;
    case Step::Reports:
      m.title = "Reports";
      m.prompt = "Choose a report";
      report_choices(m);
      break;
    case Step::Report:
      m.title = dr.table.title;
      m.columns = dr.table.columns;
      m.rows = dr.table.rows;
      m.lines = dr.table.lines;
      m.choices = {choice("print", "Print")};
      m.choices.back().enabled = !m.rows.empty();  // nothing to print
      break;
    case Step::Settings:
    case Step::SettingEdit:
      render_settings(d, s, m);
      break;
    case Step::QuitAuthorise:
      m.title = "Close the kiosk";
      authorise_screen(d, m, "An administrator: scan your badge");
      break;
    default:
      return false;
  }
  back_cancel(m);
  return true;
}

}  // namespace kiosk::detail
