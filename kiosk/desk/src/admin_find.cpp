// The administrator's find (AR1): search the register by a few letters or a
// scan, a device's and a person's page with what can be done there, and
// editing one of their basic fields.
#include "admin.h"
#include "core/calendar.h"
#include "core/pat.h"
#include "core/strings.h"
#include "core/queries.h"

namespace kiosk::detail {
namespace {

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

}  // namespace

bool matches(std::string_view field, const std::string& query) {
  return !field.empty() && core::ascii_lower(field).find(query) != std::string::npos;
}

void start_find(Flow& f) {
  f.desk.draft.key.clear();
  f.go(Step::AdminFind);
  search(f);
}

bool open_row(Flow& f, const std::string& id) {
  if (auto dev = picked(id, Pick::Device); dev && f.s().device(*dev)) open_device(f, *dev);
  else if (auto person = picked(id, Pick::Person); person && f.s().person(*person)) open_person(f, *person);
  else return false;
  return true;
}

bool find_scan(Flow& f, const Resolved& code) {
  if (code.kind == CodeKind::Device) open_device(f, code.id);
  else if (code.kind == CodeKind::Person) open_person(f, code.id);
  else f.notice("Scan a device or a card, or type to search");
  return true;
}

bool find_choose(Flow& f, const std::string& id) {
  Desk& d = f.desk;
  Draft& dr = d.draft;
  switch (d.step) {
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
    default:
      return false;
  }
}

bool find_text(Flow& f, const std::string& text) {
  if (f.desk.step == Step::AdminEdit) {
    save_edit(f, text);
  } else {
    f.desk.draft.key = text;
    search(f);
  }
  return true;
}

void render_find(const Desk& d, const core::State& s, ScreenModel& m) {
  const Draft& dr = d.draft;
  switch (d.step) {
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
    default:
      break;
  }
}

}  // namespace kiosk::detail
