// Staff at the desk: signing in (authorise.cpp's badge and PIN), the staff menu,
// and the end-of-day list of devices still held (PH5).
#include "desk.h"
#include "core/calendar.h"
#include "core/queries.h"

namespace kiosk::detail {
namespace {

// The staff menu's choices and where each leads.
constexpr std::pair<std::string_view, Step> kMenu[] = {
    {"signout", Step::SignoutScan},        {"return", Step::ReturnScan},
    {"confiscate", Step::ConfiscatePupil}, {"confiscations", Step::ConfiscationList},
    {"formbox", Step::FormboxScan},        {"held", Step::HeldList},
    {"lost", Step::LostScan},              {"plugin", Step::PluginScan},
    {"admin", Step::AdminMenu}};

void held_rows(const core::State& s, core::Time now, ScreenModel& m) {
  m.columns = {"Pupil", "Where", "Since"};
  for (const core::HeldItem* item : core::still_held(s)) {
    std::string since = core::describe_time(item->at);
    if (core::date_of(item->at) < core::date_of(now)) since += " (held overnight)";
    m.rows.push_back(Row{.cells = {public_name(s, item->pupil), slot_label(s, item->slot), since}, .choice = "",
                         .mark = ""});
  }
}

}  // namespace

bool staff_scan(Flow& f, const Resolved& code) {
  Desk& d = f.desk;
  const core::State& s = f.s();
  switch (d.step) {
    case Step::Pin:
      if (code.kind == CodeKind::Person && is_pupil(s, code.id)) start_pupil(f, code.id);  // a stray badge: the queue carries on
      else authorise_scan(f, code);
      return true;
    default:
      return false;
  }
}

bool staff_choose(Flow& f, const std::string& id) {
  Desk& d = f.desk;
  switch (d.step) {
    case Step::Pin:
      if (id != "back") return false;
      f.home();
      return true;
    case Step::StaffMenu: {
      for (const auto& [name, step] : kMenu) {
        if (id != name) continue;
        if (step == Step::AdminMenu) {
          if (core::Decision may = f.ask(core::OpenArea{.actor = d.staff}); !may.allowed()) {
            f.outcome(may);
            return true;
          }
        }
        d.draft = Draft{};
        f.go(step);
        return true;
      }
      if (id == "signoff" || id == "back") {
        f.home();
        return true;
      }
      return false;
    }
    case Step::HeldList:
      if (id != "back") return false;
      f.go(Step::StaffMenu);
      return true;
    default:
      return false;
  }
}

void staff_authorised(Flow& f, const std::string& person) {
  Desk& d = f.desk;
  Step then = d.draft.auth.then;
  d.staff = person;
  d.session_notices = d.out.lines;
  d.out.lines.clear();
  d.draft = Draft{};
  f.go(then);
}

bool render_staff(const Desk& d, const core::State& s, ScreenModel& m) {
  switch (d.step) {
    case Step::Pin:
      m.title = "Staff sign-in";
      authorise_screen(d, m, "Scan your staff badge");
      if (!d.draft.auth.badge.empty()) m.lines.push_back(public_name(s, d.draft.auth.badge));
      back_cancel(m);
      return true;
    case Step::StaffMenu: {
      m.title = "What would you like to do?";
      m.prompt = "Choose, or scan a device, a form box, or a pupil's card to confiscate";
      m.lines = d.session_notices;
      m.choices = {choice("signout", "Sign out a device", true), choice("return", "Return a device"),
                   choice("confiscate", "Confiscate"),           choice("confiscations", "Confiscated devices"),
                   choice("formbox", "Form box"),                choice("held", "Still held (end of day)"),
                   choice("lost", "Report lost or stolen"),      choice("plugin", "May I plug this in?")};
      const core::Person* p = s.person(d.staff);
      if (p && p->roles.has(core::Right::Admin)) m.choices.push_back(choice("admin", "Administration"));
      m.choices.push_back(choice("signoff", "Lock the desk"));
      return true;
    }
    case Step::HeldList:
      m.title = "Still held";
      m.prompt = "Pupils' devices still in the school's keeping";
      held_rows(s, d.shown_at, m);
      m.lines.push_back(std::to_string(m.rows.size()) + " still held");
      back_cancel(m);
      return true;
    default:
      return false;
  }
}

}  // namespace kiosk::detail
