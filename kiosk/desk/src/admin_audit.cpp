// The administrator's audits (AR2): choosing a location (or the whole site),
// then scanning what is there, with live found, missing and unexpected counts.
#include <algorithm>

#include "admin.h"
#include "core/desk_rules.h"
#include "core/strings.h"

namespace kiosk::detail {
namespace {

// AR2: what an audit of the location expects to see, found once, when the audit starts.
std::set<std::string> expected_in(const core::State& s, const std::string& location) {
  std::set<std::string> out;
  s.each_device([&](const core::Device& d) {
    if (core::audit_expects(s, d, location)) out.insert(d.id);
  }, {.fields = {"id", "owner", "status", "home_location"}});
  return out;
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

bool audit_scan(Flow& f, const Resolved& code) {
  if (code.kind != CodeKind::Device) {
    f.notice("Scan each device's tag");
    return true;
  }
  f.submit(core::AuditScan{.actor = f.actor(), .audit = f.desk.draft.audit, .device = code.id});
  return true;
}

bool audit_choose(Flow& f, const std::string& id) {
  Draft& dr = f.desk.draft;
  if (f.desk.step == Step::AuditLocation) {
    if (id == "site") start_audit(f, "");
    else if (auto at = picked(id, Pick::Location); at && std::ranges::find(dr.locations, *at) != dr.locations.end())
      start_audit(f, *at);
    else if (id == "back") f.go(Step::AdminMenu);
    else return false;
    return true;
  }
  if (id == "finish") {
    // The result stays in the administrator's area, on the menu's band.
    if (f.submit(core::FinishAudit{.actor = f.actor(), .audit = dr.audit}).allowed()) f.go(Step::AdminMenu);
  } else if (id == "back") {
    f.go(Step::AdminMenu);  // the audit stays open: it can be finished later
  } else {
    return false;
  }
  return true;
}

void render_audit(const Desk& d, const core::State& s, ScreenModel& m) {
  const Draft& dr = d.draft;
  if (d.step == Step::AuditLocation) {
    m.title = "Audit";
    m.prompt = "Which location? Tap it (type to narrow the list), or audit the whole site";
    m.wants_text = true;
    m.text_label = "Location";
    m.columns = {"Location"};
    const std::string q = core::ascii_lower(dr.key);
    for (const auto& l : dr.locations)
      if (matches(l, q)) m.rows.push_back(Row{.cells = {l}, .choice = pick_id(Pick::Location, l), .mark = ""});
    m.choices = {choice("site", "Whole site")};
    return;
  }
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
}

}  // namespace kiosk::detail
