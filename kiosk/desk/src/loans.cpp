// Loans of the school's devices (LN1-LN13): sign-out on or off site (what
// the borrower agrees to shown with the choice, so one tap confirms it),
// return with condition and accessories (from the public screen too), lost or
// stolen reports, recall notices on scan, and the AR3 "may I plug this in?" check.
#include <algorithm>

#include "desk.h"
#include "core/calendar.h"
#include "core/queries.h"

namespace kiosk::detail {
namespace {

// LN13: what the borrower confirms on screen.
constexpr std::string_view kConditions[] = {
    "Keep it with you or locked away.",
    "It is not insured if left unattended in a vehicle.",
    "Report loss or damage to IT within 24 hours.",
};

const std::string& borrower(const Desk& d) { return d.draft.borrower.empty() ? d.staff : d.draft.borrower; }

std::string actor_or_system(const Flow& f) {
  return f.actor().empty() ? std::string{core::kSystemActor} : f.actor();
}

// LN12: a recalled device asks to be handed in whenever it is scanned.
void recall_notice(Flow& f, const std::string& device) {
  if (auto prompt = core::scan_prompt(f.s(), device)) {
    if (f.desk.out.feedback == Feedback::None) f.desk.out.feedback = Feedback::Notice;  // a refusal stays one
    f.desk.out.lines.push_back(*prompt);
  }
}

// Asks again with what has been collected; shows the next need, the refusal or the result.
void advance_signout(Flow& f) {
  Draft& dr = f.desk.draft;
  core::Decision d = f.ask(dr.signout);
  if (!d.refusals.empty()) {
    f.settle(d);  // the refusal's audit record (SignOutRefused)
    dr.signout.admin_approver.clear();
    if (d.refused_by("LN2") || d.refused_by("LN11")) {
      dr.auth.badge.clear();
      f.go(Step::SignoutApproval);
    } else {
      f.go(Step::SignoutScan);
    }
    return;
  }
  if (d.allowed()) {
    f.settle(d);
    f.finish(d);
    return;
  }
  // The agreement, conditions and accessories were confirmed with the
  // choice (agreement_lines): only the administrator can be left.
  if (std::ranges::find(d.needs, core::Need::AdminApproval) != d.needs.end()) {
    dr.auth.badge.clear();
    f.go(Step::SignoutApproval);
  } else {
    f.outcome(d);
  }
}

// What choosing where it goes agrees to (LN1, LN7, LN13), shown above the
// choices so that the one tap confirms it: the agreement when this year's is
// not on record, the conditions when it may go home, and what goes with it.
void agreement_lines(const Desk& d, const core::State& s, ScreenModel& m, bool off_site_offered) {
  const core::Person* p = s.person(borrower(d));
  if (p && !core::aup_current(s, *p, core::date_of(d.shown_at)))
    m.lines.push_back("Choosing accepts the acceptable-use agreement for this school year: I will use school "
                      "devices for school work, keep them secure and follow the school's e-safety policy.");
  if (off_site_offered) {
    std::string conditions = "Taking it home, you agree:";
    for (auto c : kConditions) conditions += " " + std::string{c};
    m.lines.push_back(conditions);
  }
  if (const core::Device* dev = s.device(d.draft.device)) {
    std::string with;
    for (const auto& a : dev->accessories)
      if (std::ranges::find(dev->missing_accessories, a) == dev->missing_accessories.end())
        with += (with.empty() ? "" : ", ") + device_label(s, a);
    if (!with.empty()) m.lines.push_back("Check these go with it: " + with);
  }
}

// What the rules say of this sign-out with every confirmation given: a
// refusal now is one the screens could never lift.
core::Decision probe_signout(const Flow& f, const std::string& device, bool off_site) {
  return f.ask(core::SignOut{.actor = f.desk.staff, .borrower = borrower(f.desk), .device = device,
                             .off_site = off_site, .due_at = core::default_due(f.s().settings, f.now, off_site),
                             .admin_approver = "", .aup_accepted = true, .conditions_confirmed = true,
                             .accessories_confirmed = true});
}

// For the member of staff signed in, or (LN1, LN11) for `someone` else: a
// pupil, a visitor, a colleague, whose card was scanned on signout.borrower.
void start_signout(Flow& f, std::string device, std::string someone = "") {  // copies: the draft is reset
  f.desk.draft = Draft{};
  Draft& dr = f.desk.draft;
  dr.device = device;
  dr.borrower = someone;
  // Refusals known at the scan: offer only what is allowed and say why not the rest.
  core::Decision on_site = probe_signout(f, device, false);
  if (!on_site.refusals.empty()) {
    f.settle(on_site);  // the refusal's audit record (SignOutRefused), as if tapped
    recall_notice(f, device);
    f.go(someone.empty() ? Step::SignoutScan : Step::SignoutBorrower);
    return;
  }
  if (core::Decision off = probe_signout(f, device, true); !off.refusals.empty()) dr.off_site_refusal = off;
  else if (const core::Device* d = f.s().device(device)) dr.longer = core::longer_off_site_dues(f.s().settings, *d, f.now);
  recall_notice(f, device);
  f.go(Step::SignoutWhere);
}

// The request, once where it goes (and for a longer loan, until when) is
// chosen: that choice confirmed what agreement_lines showed with it. Its
// due-back time (LN6) is fixed on it now, so the screens that follow and the
// record agree.
void begin_signout(Flow& f, bool off_site, std::optional<core::Time> until) {
  Draft& dr = f.desk.draft;
  dr.signout = core::SignOut{.actor = f.desk.staff, .borrower = borrower(f.desk), .device = dr.device,
                             .off_site = off_site, .due_at = std::nullopt, .admin_approver = "",
                             .aup_accepted = true, .conditions_confirmed = off_site, .accessories_confirmed = true};
  dr.signout.due_at = until ? *until : core::default_due(f.s().settings, f.now, off_site);
  advance_signout(f);
}

// From the staff menu, or on the public screen with no one signed in, where it
// is the borrower who hands it back.
void start_return(Flow& f, const std::string& device) {
  const core::Loan* loan = f.s().loan_of(device);
  std::string actor = f.actor().empty() && loan ? loan->borrower : f.actor();
  core::Decision check = f.ask(core::Return{.actor = actor, .device = device, .condition = core::Condition::Fine,
                                            .note = "", .missing = {}, .accessories_confirmed = true});
  if (!check.refusals.empty()) {
    f.outcome(check);
    recall_notice(f, device);
    return;
  }
  f.desk.draft = Draft{};
  f.desk.draft.device = device;
  f.desk.draft.ret = core::Return{.actor = actor, .device = device, .condition = core::Condition::Fine,
                                  .note = "", .missing = {}, .accessories_confirmed = false};
  recall_notice(f, device);
  f.go(Step::ReturnCondition);
}

void finish_return(Flow& f) {
  Draft& dr = f.desk.draft;
  const core::Loan* loan = f.s().loan_of(dr.device);
  if (loan && !loan->accessories.empty() && !dr.ret.accessories_confirmed) {
    if (f.desk.step != Step::ReturnAccessories) {
      dr.accessories = loan->accessories;
      dr.missing.clear();
    }
    f.go(Step::ReturnAccessories);
    return;
  }
  core::Decision d = f.submit(dr.ret);
  if (d.allowed()) f.finish(d);
}

// A date on a button, with its year when that is not this one.
std::string day_label(core::Date day, core::Date today) {
  using std::chrono::year_month_day;
  bool this_year = year_month_day{day}.year() == year_month_day{today}.year();
  return this_year ? core::describe_date(day) : core::describe_date_long(day);
}

void signout_lines(const Desk& d, const core::State& s, ScreenModel& m) {
  m.title = "Sign out";
  m.lines.push_back(device_label(s, d.draft.device) + " for " + public_name(s, borrower(d)));
  if (d.draft.signout.due_at) m.lines.push_back("Due back " + core::describe_time(*d.draft.signout.due_at));
}

// A screen that waits for a device: where its tag is, and its code typed
// instead when the tag will not scan (controller.cpp's typed_code).
void device_scan_screen(ScreenModel& m, std::string title, std::string prompt) {
  m.title = std::move(title);
  m.prompt = std::move(prompt);
  m.lines.push_back("The tag is the square code on the device's label; the code is printed under it");
  m.wants_text = true;
  m.text_label = "Or type the code";
}

}  // namespace

void start_device(Flow& f, const std::string& device) {
  if (f.s().loan_of(device)) start_return(f, device);
  else start_signout(f, device);
}

bool loans_scan(Flow& f, const Resolved& code) {
  Desk& d = f.desk;
  switch (d.step) {
    case Step::SignoutScan:
    case Step::ReturnScan:
    case Step::LostScan:
    case Step::PluginScan:
      if (code.kind != CodeKind::Device) {
        f.notice("Scan the device's tag");
        return true;
      }
      if (d.step == Step::SignoutScan) {
        start_signout(f, code.id);
      } else if (d.step == Step::ReturnScan) {
        start_return(f, code.id);
      } else if (d.step == Step::LostScan) {
        d.draft = Draft{};
        d.draft.device = code.id;
        f.go(Step::LostConfirm);
      } else {
        // AR3: a question, not a transaction: nothing is recorded. The
        // answer shows here, ready for the next plug.
        core::Decision answer = f.ask(core::PlugInCheck{.actor = actor_or_system(f), .device = code.id});
        f.outcome(answer);
      }
      return true;
    case Step::SignoutBorrower:
      if (code.kind != CodeKind::Person) {
        f.notice("Scan the borrower's card or badge");
        return true;
      }
      start_signout(f, d.draft.device, code.id == d.staff ? "" : code.id);
      return true;
    case Step::SignoutApproval: {
      if (code.kind == CodeKind::Person) {  // LN2: this administrator may approve it
        core::SignOut check = d.draft.signout;
        check.admin_approver = code.id;
        check.aup_accepted = check.conditions_confirmed = check.accessories_confirmed = true;
        if (core::Decision preview = f.ask(check); !preview.refusals.empty()) {
          f.outcome(preview);
          return true;
        }
      }
      authorise_scan(f, code);
      return true;
    }
    default:
      return false;
  }
}

bool loans_choose(Flow& f, const std::string& id) {
  Desk& d = f.desk;
  Draft& dr = d.draft;
  switch (d.step) {
    case Step::SignoutScan:
    case Step::ReturnScan:
    case Step::LostScan:
    case Step::PluginScan:
      if (id != "back") return false;
      if (d.staff.empty()) f.home();
      else f.go(Step::StaffMenu);
      return true;
    case Step::SignoutWhere:
      if (id == "onsite" || id == "offsite") begin_signout(f, id == "offsite", std::nullopt);
      else if (id == "longer" && !dr.longer.empty()) f.go(Step::SignoutDue);
      else if (id == "someone") f.go(Step::SignoutBorrower);
      else if (id == "back") f.go(Step::SignoutScan);
      else return false;
      return true;
    case Step::SignoutBorrower:
      if (id != "back") return false;
      f.go(Step::SignoutWhere);
      return true;
    case Step::SignoutDue: {  // LN6: home until a longer date, one of those offered
      auto until = std::ranges::find_if(dr.longer, [&](const core::DueChoice& c) {
        return id == pick_id(Pick::Until, core::format_date(core::date_of(c.at)));
      });
      if (until != dr.longer.end()) begin_signout(f, true, until->at);
      else if (id == "back") f.go(Step::SignoutWhere);
      else return false;
      return true;
    }
    case Step::SignoutApproval:
      if (id != "back") return false;
      dr.signout.admin_approver.clear();
      dr.auth.badge.clear();
      f.go(Step::SignoutWhere);
      return true;
    case Step::ReturnCondition:
      if (id == "fine") {
        dr.ret.condition = core::Condition::Fine;
        finish_return(f);
      } else if (id == "damaged") {
        dr.ret.condition = core::Condition::Damaged;
        f.go(Step::ReturnNote);
      } else if (id == "back") {
        if (d.staff.empty()) f.home();  // a return begun on the public screen
        else f.go(Step::ReturnScan);
      } else {
        return false;
      }
      return true;
    case Step::ReturnNote:
      if (id != "back") return false;
      f.go(Step::ReturnCondition);
      return true;
    case Step::ReturnAccessories:
      if (auto accessory = picked(id, Pick::Accessory)) {
        const std::string& name = *accessory;
        if (std::ranges::find(dr.accessories, name) == dr.accessories.end()) return false;
        if (auto it = std::ranges::find(dr.missing, name); it != dr.missing.end()) dr.missing.erase(it);
        else dr.missing.push_back(name);
      } else if (id == "confirm") {
        dr.ret.missing = dr.missing;
        dr.ret.accessories_confirmed = true;
        finish_return(f);
      } else if (id == "back") {
        f.go(Step::ReturnCondition);
      } else {
        return false;
      }
      return true;
    case Step::LostConfirm:
      if (id == "lost" || id == "stolen") {
        core::Decision dec = f.submit(core::ReportLost{.actor = d.staff, .device = dr.device,
                                                       .stolen = id == "stolen", .known = f.now});
        if (dec.allowed()) f.finish(dec);
      } else if (id == "back") {
        f.go(Step::LostScan);
      } else {
        return false;
      }
      return true;
    default:
      return false;
  }
}

void loans_authorised(Flow& f, const std::string& person) {
  f.desk.out = {};  // no welcome for the approver: the borrower is still the one at the desk
  f.desk.draft.signout.admin_approver = person;  // LN2: approved at the kiosk
  advance_signout(f);
}

bool loans_text(Flow& f, const std::string& text) {
  Desk& d = f.desk;
  if (d.step != Step::ReturnNote) return false;
  if (text.empty()) {
    f.notice("Say what is damaged");
    return true;
  }
  d.draft.ret.note = text;
  finish_return(f);
  return true;
}

bool render_loans(const Desk& d, const core::State& s, ScreenModel& m) {
  switch (d.step) {
    case Step::SignoutScan:
      device_scan_screen(m, "Sign out", "Scan the device");
      break;
    case Step::SignoutWhere: {
      signout_lines(d, s, m);
      m.prompt = "Where will it be used?";
      m.choices = {choice("onsite", "On site", true), choice("offsite", "Take home")};
      const auto& no = d.draft.off_site_refusal.refusals;
      if (!no.empty()) {
        // LN3 and the like: it cannot go home, but it can be used here.
        m.prompt = "It can be used on site only";
        m.choices.front().label = "Use it on site";
        m.choices.back().enabled = false;
        for (const auto& r : no) m.lines.push_back("Take home: " + r.message);
      }
      if (!d.draft.longer.empty()) m.choices.push_back(choice("longer", "Take home for longer"));
      m.choices.push_back(choice("someone", "For someone else"));
      agreement_lines(d, s, m, no.empty());
      break;
    }
    case Step::SignoutBorrower:
      signout_lines(d, s, m);
      m.prompt = "Who borrows it? Scan their card or badge";
      break;
    case Step::SignoutDue:
      m.title = "Sign out";
      m.lines.push_back(device_label(s, d.draft.device));
      m.prompt = "When will it come back?";
      if (!d.draft.longer.empty())
        m.lines.push_back("Due back at " + core::format_time_of_day(core::time_of_day(d.draft.longer.front().at)) +
                          " on the day chosen");
      for (const auto& c : d.draft.longer)
        m.choices.push_back(choice(pick_id(Pick::Until, core::format_date(core::date_of(c.at))),
                                   c.what + ": " + day_label(core::date_of(c.at), core::date_of(d.shown_at))));
      agreement_lines(d, s, m, true);
      break;
    case Step::SignoutApproval:
      signout_lines(d, s, m);
      m.lines.push_back("Taking equipment off site needs an administrator's approval");
      authorise_screen(d, m, "An administrator: scan your badge", "Administrator: enter your PIN");
      break;
    case Step::ReturnScan:
      device_scan_screen(m, "Return", "Scan the device");
      break;
    case Step::ReturnCondition:
      m.title = "Return";
      m.lines.push_back(device_label(s, d.draft.device));
      m.prompt = "What condition is it in?";
      m.choices = {choice("fine", "Fine", true), choice("damaged", "Damaged")};
      break;
    case Step::ReturnNote:
      m.title = "Return";
      m.lines.push_back(device_label(s, d.draft.device));
      m.prompt = "What is damaged?";
      m.wants_text = true;
      m.text_label = "Damage";
      break;
    case Step::ReturnAccessories:
      m.title = "Return";
      m.lines.push_back(device_label(s, d.draft.device));
      m.prompt = "Tap anything that is missing, then confirm";
      m.columns = {"Accessory", "Status"};
      for (const auto& a : d.draft.accessories) {
        bool missing = std::ranges::find(d.draft.missing, a) != d.draft.missing.end();
        m.rows.push_back(Row{.cells = {device_label(s, a), missing ? "missing" : "returned"}, .choice = pick_id(Pick::Accessory, a),
                             .mark = missing ? "missing" : "returned"});
      }
      m.choices = {choice("confirm", "Confirm", true)};
      break;
    case Step::LostScan:
      device_scan_screen(m, "Report lost or stolen", "Scan the device's tag, or type its code");
      break;
    case Step::LostConfirm:
      m.title = "Report lost or stolen";
      m.lines.push_back(device_label(s, d.draft.device));
      m.prompt = "Is it lost or stolen?";
      m.choices = {choice("lost", "Lost"), choice("stolen", "Stolen")};
      break;
    case Step::PluginScan:
      device_scan_screen(m, "May I plug this in?", "Scan the PAT label or asset tag, one after another");
      break;
    default:
      return false;
  }
  back_cancel(m);
  return true;
}

}  // namespace kiosk::detail
