// The administrator's area: find a device or person, edit basic register
// fields, audits with live found/missing/unexpected (AR2), PAT entry (PT1),
// settings, and closing the kiosk with an admin's PIN; its reports are in
// admin_reports.cpp.
#include <algorithm>

#include "admin.h"
#include "core/calendar.h"
#include "core/desk_rules.h"
#include "core/pat.h"
#include "core/strings.h"
#include "core/queries.h"

namespace kiosk::detail {
namespace {

bool matches(std::string_view field, const std::string& query) {
  return !field.empty() && core::ascii_lower(field).find(query) != std::string::npos;
}

constexpr std::size_t kMaxResults = 20;

void find_rows(const core::State& s, const std::string& text, ScreenModel& m) {
  m.columns = {"Found", "Kind"};
  std::string q = core::ascii_lower(text);
  if (q.empty()) return;
  s.each_device([&](const core::Device& d) {
    if (m.rows.size() == kMaxResults) return false;
    if (matches(d.id, q) || matches(d.name, q) || matches(d.asset_tag, q) || matches(d.serial, q))
      m.rows.push_back(Row{.cells = {device_label(s, d.id), std::string{core::to_string(d.kind)}},
                           .choice = pick_id(Pick::Device, d.id), .mark = ""});
    return true;
  }, {.fields = {"id", "name", "asset_tag", "serial", "kind"}});
  s.each_person([&](const core::Person& p) {
    if (m.rows.size() == kMaxResults) return false;
    if (matches(p.id, q) || matches(p.first_name, q) || matches(p.surname, q) || matches(p.card, q))
      m.rows.push_back(Row{.cells = {p.public_name(), core::format_roles(p.roles)}, .choice = pick_id(Pick::Person, p.id),
                           .mark = ""});
    return true;
  }, {.fields = {"id", "first_name", "preferred_name", "surname", "card", "roles"}});
}

// AR2: what an audit of the location expects to see, found once, when the audit starts.
std::set<std::string> expected_in(const core::State& s, const std::string& location) {
  std::set<std::string> out;
  s.each_device([&](const core::Device& d) {
    if (core::audit_expects(s, d, location)) out.insert(d.id);
  }, {.fields = {"id", "owner", "status", "home_location"}});
  return out;
}

void search(Flow& f) {
  f.desk.draft.table = {};
  find_rows(f.s(), f.desk.draft.key, f.desk.draft.table);
}

void open_device(Flow& f, const std::string& id) {
  f.desk.draft.device = id;
  f.desk.draft.person.clear();
  f.go(Step::AdminDevice);
}

void open_person(Flow& f, const std::string& id) {
  f.desk.draft.person = id;
  f.desk.draft.device.clear();
  f.go(Step::AdminPerson);
}

// Records an edited copy of the register entry (AR1).
void save_edit(Flow& f, const std::string& value) {
  Draft& dr = f.desk.draft;
  if (!dr.device.empty()) {
    const core::Device* d = f.s().device(dr.device);
    if (!d) return;
    core::Device copy = *d;
    if (dr.field == "name") copy.name = value;
    else if (dr.field == "location") copy.home_location = value;
    else if (dr.field == "serial") copy.serial = value;
    else if (dr.field == "asset-tag") copy.asset_tag = value;
    else if (dr.field == "make") copy.make = value;
    else if (dr.field == "model") copy.model = value;
    else copy.notes = value;
    f.submit(core::RecordDevice{.actor = f.actor(), .device = copy});
    f.go(Step::AdminDevice);
  } else {
    const core::Person* p = f.s().person(dr.person);
    if (!p) return;
    core::Person copy = *p;
    if (dr.field == "first-name") copy.first_name = value;
    else if (dr.field == "surname") copy.surname = value;
    else copy.form = value;
    f.submit(core::RecordPerson{.actor = f.actor(), .person = copy});
    f.go(Step::AdminPerson);
  }
}

void record_pat(Flow& f, core::Inspection inspection, bool passed) {
  const core::Device* d = f.s().device(f.desk.draft.device);
  if (!d) return;
  core::PatRecord r{.device = d->id, .date = core::date_of(f.now), .inspection = inspection, .passed = passed,
                    .equipment_class = d->equipment_class, .equipment_type = d->equipment_type,
                    .tester = f.actor(), .instrument = "", .notes = "", .label_applied = passed};
  f.submit(core::RecordPat{.actor = f.actor(), .record = r});
  f.go(Step::PatScan);  // ready for the next item
}

// LN2 in advance: the dates an approval may run to, from today.
std::vector<std::pair<std::string, core::Date>> approval_ends(const core::State& s, core::Date today) {
  std::vector<std::pair<std::string, core::Date>> out = {{"For a week", today + std::chrono::days{7}},
                                                         {"For two weeks", today + std::chrono::days{14}}};
  if (auto term = core::term_of(s.settings, today)) out.emplace_back("To the end of term", term->last);
  return out;
}

// LN2 in advance: records the approval the screen has collected.
void approve(Flow& f, core::Date until) {
  Draft& dr = f.draft();
  core::Decision d = f.submit(core::RecordApproval{
      .actor = f.actor(), .approval = {.person = dr.person, .device = dr.device, .until = until, .approved_by = ""}});
  if (d.allowed()) f.go(Step::AdminMenu);
}

// AR2: the locations register (settings location.NAME, which an audit is
// checked against) when there is one, else the devices' home locations, read
// once, to choose one from.
void choose_location(Flow& f) {
  Draft& dr = f.draft();
  dr = Draft{};
  std::set<std::string> seen;
  for (const auto& [name, note] : f.s().settings.locations) seen.insert(name);
  if (seen.empty())
    f.s().each_device([&](const core::Device& d) {
      if (!d.home_location.empty()) seen.insert(d.home_location.str());
      return true;
    }, {.fields = {"home_location"}});
  dr.locations.assign(seen.begin(), seen.end());
  f.go(Step::AuditLocation);
}

void start_audit(Flow& f, const std::string& location) {
  Draft& dr = f.draft();
  core::Decision dec = f.submit(core::StartAudit{.actor = f.actor(), .location = location});
  if (!dec.allowed()) return;
  for (const auto& e : dec.events)
    if (const auto* a = std::get_if<core::AuditStarted>(&e.data)) dr.audit = a->audit;
  dr.field = location;
  dr.expected = expected_in(f.s(), location);
  f.go(Step::Audit);
}

}  // namespace

bool admin_scan(Flow& f, const Resolved& code) {
  Desk& d = f.desk;
  switch (d.step) {
    case Step::AdminFind:
      if (code.kind == CodeKind::Device) open_device(f, code.id);
      else if (code.kind == CodeKind::Person) open_person(f, code.id);
      else f.notice("Scan a device or a card, or type to search");
      return true;
    case Step::Audit:
      if (code.kind != CodeKind::Device) {
        f.notice("Scan each device's tag");
        return true;
      }
      f.submit(core::AuditScan{.actor = f.actor(), .audit = d.draft.audit, .device = code.id});
      return true;
    case Step::AdminApprove:
      if (d.draft.person.empty() && code.kind == CodeKind::Person) {
        d.draft.person = code.id;
      } else if (!d.draft.person.empty() && d.draft.field.empty() && code.kind == CodeKind::Device) {
        d.draft.device = code.id;
        d.draft.field = "chosen";
      } else {
        f.notice(d.draft.person.empty() ? "Scan the badge or card of the person to approve"
                                        : "Scan the device, or choose a kind of device");
      }
      return true;
    case Step::PatScan:
      if (code.kind != CodeKind::Device) {
        f.notice("Scan the item's tag");
        return true;
      }
      d.draft.device = code.id;
      f.go(Step::PatResult);
      return true;
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
      if (id == "find") {
        dr.key.clear();
        f.go(Step::AdminFind);
        search(f);
      } else if (id == "audit") {
        choose_location(f);
      }
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
    case Step::Report:
      if (id == "print" && d.step == Step::Report) print_report(f);
      else if (auto dev = picked(id, Pick::Device); dev && f.s().device(*dev)) open_device(f, *dev);
      else if (auto person = picked(id, Pick::Person); person && f.s().person(*person)) open_person(f, *person);
      else if (auto rack = picked(id, Pick::Rack); rack && f.s().racks.contains(*rack)) move_rack_here(f, *rack);
      else if (id == "back") f.go(d.step == Step::Report ? Step::Reports : Step::AdminMenu);
      else return false;
      return true;
    case Step::AdminDevice:
    case Step::AdminPerson:
      if (auto field = picked(id, Pick::Edit)) {
        dr.field = *field;
        f.go(Step::AdminEdit);
      } else if (id == "recall" && d.step == Step::AdminDevice) {
        f.submit(core::Recall{.actor = f.actor(), .device = dr.device, .reason = "Recalled by the administrator"});
      } else if (id == "clear-repair" && d.step == Step::AdminDevice) {
        f.submit(core::ClearRepair{.actor = f.actor(), .device = dr.device});
      } else if (id == "pat" && d.step == Step::AdminDevice) {
        f.go(Step::PatResult);
      } else if ((id == "encrypted" || id == "not-encrypted") && d.step == Step::AdminDevice) {
        // LN3: the encryption the administrator has just checked, dated today.
        if (const core::Device* dev = f.s().device(dr.device)) {
          core::Device copy = *dev;
          copy.encrypted = id == "encrypted";
          copy.encryption_verified = copy.encrypted ? std::optional{core::date_of(f.now)} : std::nullopt;
          f.submit(core::RecordDevice{.actor = f.actor(), .device = copy});
        }
      } else if (id == "deactivate" && d.step == Step::AdminPerson) {
        f.submit(core::DeactivatePerson{.actor = f.actor(), .person = dr.person});
      } else if (id == "back") {
        f.go(Step::AdminFind);
        search(f);  // again: the record may have changed
      } else {
        return false;
      }
      return true;
    case Step::AdminEdit:
      if (id != "back") return false;
      f.go(dr.device.empty() ? Step::AdminPerson : Step::AdminDevice);
      return true;
    case Step::AdminApprove:
      if (id == "back") {
        if (!dr.field.empty()) {
          dr.field.clear();
          dr.device.clear();
        } else if (!dr.person.empty()) {
          dr.person.clear();
        } else {
          f.go(Step::AdminMenu);
        }
      } else if (!dr.person.empty() && dr.field.empty() && (id == "any" || id.starts_with(core::kApprovalKindPrefix))) {
        dr.device = id == "any" ? "" : id;
        dr.field = "chosen";
      } else if (auto day = picked(id, Pick::Until); day && !dr.field.empty()) {
        if (auto until = core::parse_date(*day)) approve(f, *until);
      } else {
        return false;
      }
      return true;
    case Step::AuditLocation:
      if (id == "site") start_audit(f, "");
      else if (auto at = picked(id, Pick::Location); at && std::ranges::find(dr.locations, *at) != dr.locations.end())
        start_audit(f, *at);
      else if (id == "back") f.go(Step::AdminMenu);
      else return false;
      return true;
    case Step::Audit:
      if (id == "finish") {
        // The result stays in the administrator's area, on the menu's band.
        if (f.submit(core::FinishAudit{.actor = f.actor(), .audit = dr.audit}).allowed()) f.go(Step::AdminMenu);
      } else if (id == "back") {
        f.go(Step::AdminMenu);  // the audit stays open: it can be finished later
      } else {
        return false;
      }
      return true;
    case Step::PatScan:
      if (id != "back") return false;
      f.go(Step::AdminMenu);
      return true;
    case Step::PatResult:
      if (id == "pass-visual") record_pat(f, core::Inspection::Visual, true);
      else if (id == "pass-combined") record_pat(f, core::Inspection::Combined, true);
      else if (id == "fail") record_pat(f, core::Inspection::Combined, false);
      else if (id == "back") f.go(Step::PatScan);
      else return false;
      return true;
    case Step::Reports:
      if (choose_report(f, id)) return true;
      if (id != "back") return false;
      f.go(Step::AdminMenu);
      return true;
    case Step::Settings:
      if (auto key = picked(id, Pick::Setting)) {
        dr.key = *key;
        f.go(Step::SettingEdit);
      } else if (id == "back") {
        f.go(Step::AdminMenu);
      } else {
        return false;
      }
      return true;
    case Step::SettingEdit:
      if (id != "back") return false;
      f.go(Step::Settings);
      return true;
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
  Desk& d = f.desk;
  Draft& dr = d.draft;
  switch (d.step) {
    case Step::AdminFind:
      dr.key = text;
      search(f);
      return true;
    case Step::AdminEdit:
      save_edit(f, text);
      return true;
    case Step::AuditLocation:
      dr.key = text;  // narrows the list: a location is chosen from it, never typed free
      return true;
    case Step::AdminApprove:
      if (dr.field.empty()) return false;
      if (auto until = core::parse_date(text)) approve(f, *until);
      else f.refuse("LN2", "Type the last day as YYYY-MM-DD, for example 2026-12-18");
      return true;
    case Step::SettingEdit: {
      core::Decision dec = f.submit(core::ChangeSetting{.actor = f.actor(), .key = dr.key, .value = text});
      if (dec.allowed()) f.go(Step::Settings);
      return true;
    }
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
      m.title = "Find";
      m.prompt = "Type to search, or scan a tag or card";
      m.wants_text = true;
      m.text_label = "Search";
      m.columns = dr.table.columns;
      m.rows = dr.table.rows;
      break;
    case Step::AdminDevice: {
      const core::Device* dev = s.device(dr.device);
      if (!dev) break;
      core::Date today = core::date_of(d.shown_at);
      m.title = device_label(s, dev->id);
      auto or_dash = [](const core::Text& t) { return t.empty() ? std::string{"-"} : t.str(); };
      m.lines = {"Kind: " + std::string{core::to_string(dev->kind)} + "; make and model: " + or_dash(dev->make) + " " +
                     or_dash(dev->model),
                 "Serial: " + or_dash(dev->serial) + "; asset tag: " + or_dash(dev->asset_tag),
                 "Status: " + std::string{core::to_string(dev->status)},
                 "Home: " + (dev->home_location.empty() ? std::string{"-"} : dev->home_location.str()),
                 std::string{"Encrypted: "} + (dev->encrypted ? "yes" : "no") +
                     (dev->encryption_verified ? ", verified " + core::describe_date(*dev->encryption_verified) : ""),
                 "PAT: " + std::string{core::to_string(core::pat_status(*dev, s.settings, today))}};
      if (const core::Loan* l = s.loan_of(dev->id))
        m.lines.push_back("On loan to " + public_name(s, l->borrower) + ", due back " + core::describe_time(l->due_at));
      if (dev->recalled) m.lines.push_back("Recalled: " + dev->recall_reason);
      if (dev->evidence_hold) m.lines.push_back("Under evidence hold");
      m.prompt = "Choose";
      m.choices = {choice("edit-name", "Edit name"), choice("edit-location", "Edit home location"),
                   dev->encrypted ? choice("not-encrypted", "Not encrypted")
                                  : choice("encrypted", "Encrypted: checked today"),
                   choice("pat", "Record a PAT test"), choice("recall", "Recall"),
                   choice("clear-repair", "Clear after repair"), choice("edit-serial", "Edit serial"),
                   choice("edit-asset-tag", "Edit asset tag"), choice("edit-make", "Edit make"),
                   choice("edit-model", "Edit model"), choice("edit-notes", "Edit notes")};
      if (dev->encrypted) m.choices.push_back(choice("encrypted", "Encryption checked today"));
      break;
    }
    case Step::AdminPerson: {
      const core::Person* p = s.person(dr.person);
      if (!p) break;
      m.title = p->public_name();
      m.lines = {"Roles: " + core::format_roles(p->roles), std::string{"Active: "} + (p->active ? "yes" : "no")};
      for (const core::Loan* l : core::loans_of(s, p->id))
        m.lines.push_back("Has " + device_label(s, l->device) + ", due back " + core::describe_time(l->due_at));
      m.prompt = "Choose";
      m.choices = {choice("edit-first-name", "Edit first name"), choice("edit-surname", "Edit surname"),
                   choice("edit-form", "Edit form"), choice("deactivate", "Has left")};
      break;
    }
    case Step::AdminEdit:
      m.title = "Edit";
      m.prompt = "Type the new " + dr.field;
      m.wants_text = true;
      m.text_label = dr.field;
      break;
    case Step::AdminApprove:
      m.title = "Approve taking home";  // LN2, recorded in advance
      if (dr.person.empty()) {
        m.prompt = "Scan the badge or card of the person to approve";
        break;
      }
      m.lines.push_back("For " + public_name(s, dr.person));
      if (dr.field.empty()) {
        m.prompt = "Which device? Scan it, or choose a kind";
        m.choices.push_back(choice("any", "Any device"));
        for (const auto& [kind, name] : core::kDeviceKindNames)
          if (kind != core::DeviceKind::Charger && kind != core::DeviceKind::Other)
            m.choices.push_back(choice(std::string{core::kApprovalKindPrefix} + std::string{name}, as_words(name)));
        break;
      }
      m.lines.push_back(dr.device.empty() ? "Any device"
                        : dr.device.starts_with(core::kApprovalKindPrefix)
                            ? "Any device of the kind: " + as_words(dr.device.substr(core::kApprovalKindPrefix.size()))
                            : device_label(s, dr.device));
      m.prompt = "Until when? (or type the last day, YYYY-MM-DD)";
      m.wants_text = true;
      m.text_label = "Last day";
      for (const auto& [label, day] : approval_ends(s, core::date_of(d.shown_at)))
        m.choices.push_back(choice(pick_id(Pick::Until, core::format_date(day)), label + ": " + core::describe_date_long(day)));
      break;
    case Step::AuditLocation: {
      m.title = "Audit";
      m.prompt = "Which location? Tap it (type to narrow the list), or audit the whole site";
      m.wants_text = true;
      m.text_label = "Location";
      m.columns = {"Location"};
      const std::string q = core::ascii_lower(dr.key);
      for (const auto& l : dr.locations)
        if (matches(l, q)) m.rows.push_back(Row{.cells = {l}, .choice = pick_id(Pick::Location, l), .mark = ""});
      m.choices = {choice("site", "Whole site")};
      break;
    }
    case Step::Audit: {
      m.title = "Audit: " + (dr.field.empty() ? std::string{"whole site"} : dr.field);
      m.prompt = "Scan every device you see, then finish";
      auto it = s.audits.find(dr.audit);
      std::size_t found = 0, seen = 0;
      if (it != s.audits.end()) {
        seen = it->second.seen.size();
        for (const auto& id : it->second.seen) found += dr.expected.contains(id) ? 1 : 0;
        m.columns = {"Device", "Result"};
        for (const auto& id : it->second.seen)
          m.rows.push_back(Row{.cells = {device_label(s, id), dr.expected.contains(id) ? "found" : "unexpected"},
                               .choice = "", .mark = dr.expected.contains(id) ? "found" : "unexpected"});
      }
      m.lines = {"Found " + std::to_string(found), "Missing " + std::to_string(dr.expected.size() - found),
                 "Unexpected " + std::to_string(seen - found)};
      m.choices = {choice("finish", "Finish the audit", true)};
      break;
    }
    case Step::PatScan:
      m.title = "PAT tests";
      m.prompt = "Scan the item's tag";
      break;
    case Step::PatResult:
      m.title = "PAT: " + device_label(s, dr.device);
      m.prompt = "Record today's test";
      m.choices = {choice("pass-combined", "Passed (inspection and test)", true),
                   choice("pass-visual", "Passed (visual inspection)"), choice("fail", "Failed")};
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
      m.title = "Settings";
      m.prompt = "Tap a setting to change it";
      m.columns = {"Setting", "Value"};
      for (const auto& [key, value] : core::all_settings(s.settings))
        m.rows.push_back(Row{.cells = {key, value}, .choice = pick_id(Pick::Setting, key), .mark = ""});
      break;
    case Step::SettingEdit:
      m.title = dr.key;
      m.prompt = "Type the new value";
      if (auto now = core::get_setting(s.settings, dr.key)) m.lines.push_back("Now: " + *now);
      m.wants_text = true;
      m.text_label = dr.key;
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
