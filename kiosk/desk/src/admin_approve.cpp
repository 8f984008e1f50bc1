// The administrator's approval of taking a device home (LN2, recorded in
// advance): the person, the device or a kind of device, and the last day.
#include "admin.h"
#include "core/calendar.h"
#include "core/desk_rules.h"

namespace kiosk::detail {
namespace {

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

}  // namespace

bool approve_scan(Flow& f, const Resolved& code) {
  Draft& dr = f.desk.draft;
  if (dr.person.empty() && code.kind == CodeKind::Person) {
    dr.person = code.id;
  } else if (!dr.person.empty() && dr.field.empty() && code.kind == CodeKind::Device) {
    dr.device = code.id;
    dr.field = "chosen";
  } else {
    f.notice(dr.person.empty() ? "Scan the badge or card of the person to approve"
                               : "Scan the device, or choose a kind of device");
  }
  return true;
}

bool approve_choose(Flow& f, const std::string& id) {
  Draft& dr = f.desk.draft;
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
}

bool approve_text(Flow& f, const std::string& text) {
  if (f.desk.draft.field.empty()) return false;
  if (auto until = core::parse_date(text)) approve(f, *until);
  else f.refuse("LN2", "Type the last day as YYYY-MM-DD, for example 2026-12-18");
  return true;
}

void render_approve(const Desk& d, const core::State& s, ScreenModel& m) {
  const Draft& dr = d.draft;
  m.title = "Approve taking home";  // LN2, recorded in advance
  if (dr.person.empty()) {
    m.prompt = "Scan the badge or card of the person to approve";
    return;
  }
  m.lines.push_back("For " + public_name(s, dr.person));
  if (dr.field.empty()) {
    m.prompt = "Which device? Scan it, or choose a kind";
    m.choices.push_back(choice("any", "Any device"));
    for (const auto& [kind, name] : core::kDeviceKindNames)
      if (kind != core::DeviceKind::Charger && kind != core::DeviceKind::Other)
        m.choices.push_back(choice(std::string{core::kApprovalKindPrefix} + std::string{name}, as_words(name)));
    return;
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
}

}  // namespace kiosk::detail
