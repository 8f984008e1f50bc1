// One badge-and-PIN authorisation step (SE2, with core's lockout), used by
// every screen that needs one: staff signing in (pin), an early collection
// (collect.authorise), an administrator's approval of a sign-out
// (signout.approval) and closing the kiosk (quit.authorise). The step says
// who may authorise (authoriser); the badge, the PIN and what is said about
// them are handled here, once; what follows is the owning flow's
// `authorised` handler (controller.cpp gives it the person).
#include <utility>

#include "desk.h"
#include "db/pin.h"

namespace kiosk::detail {
namespace {

// What a screen asks for while it waits for a badge (and, with " first",
// when a PIN comes before one).
std::string scan_prompt(Authoriser who) {
  switch (who) {
    case Authoriser::SignIn: return "Scan your staff badge";
    case Authoriser::Staff: return "A member of staff: scan your badge";
    case Authoriser::Administrator: return "An administrator: scan your badge";
  }
  std::unreachable();
}

// SE2: whether the badge's holder may start a session at all (lockout,
// roles, leavers); if not, the refusal is shown.
bool may_start(Flow& f, const std::string& badge) {
  core::Decision check = f.ask(core::StartSession{.actor = badge, .pin_ok = true});
  if (check.refusals.empty()) return true;
  f.outcome(check);
  return false;
}

}  // namespace

std::optional<Authoriser> authoriser(Step s) {
  switch (s) {
    case Step::Pin: return Authoriser::SignIn;
    case Step::CollectAuthorise: return Authoriser::Staff;
    case Step::SignoutApproval:
    case Step::QuitAuthorise: return Authoriser::Administrator;
    default: return std::nullopt;
  }
}

void start_sign_in(Flow& f, const std::string& badge, Step then) {
  if (!may_start(f, badge)) return;
  f.sign_off();
  f.desk.draft.auth = Authorise{.badge = badge, .then = then};
  f.go(Step::Pin);
}

void authorise_scan(Flow& f, const Resolved& code) {
  Authoriser who = authoriser(f.desk.step).value();
  const core::State& s = f.s();
  bool fits = code.kind == CodeKind::Person && (who == Authoriser::SignIn  ? is_staff(s, code.id)
                                                : who == Authoriser::Staff ? !is_pupil(s, code.id)
                                                                           : true);
  if (!fits) f.notice(scan_prompt(who));
  else if (who == Authoriser::SignIn) start_sign_in(f, code.id, f.desk.draft.auth.then);
  else if (may_start(f, code.id)) f.desk.draft.auth.badge = code.id;
}

void authorise_pin(Flow& f, const std::string& digits) {
  const std::string& badge = f.desk.draft.auth.badge;
  if (badge.empty()) f.notice(scan_prompt(authoriser(f.desk.step).value()) + " first");
  else f.effect(CheckPin{.person = badge, .digits = digits});
}

PinChecked check_pin(const db::Store& store, const CheckPin& c, core::Time now) {
  const core::Person* p = store.state().person(c.person);
  bool locked = p && p->locked_until && now < *p->locked_until;
  // Argon2id is slow by design: not worth running for a locked badge.
  PinChecked out{.person = c.person, .ok = p && !locked && !p->pin_hash.empty(), .untried = ""};
  if (!out.ok) return out;
  auto check = db::check_pin(store, p->pin_hash, c.digits);
  if (!check) throw db::Error(check.error());  // the key folder: shown as the desk's error, not a wrong PIN
  out.ok = check->outcome == db::PinOutcome::Right;
  out.untried = check->message;
  return out;
}

std::optional<std::string> authorise_checked(Flow& f, const PinChecked& r) {
  if (!r.untried.empty()) {
    f.refuse("SE2", r.untried);
    return std::nullopt;
  }
  if (!f.submit(core::StartSession{.actor = r.person, .pin_ok = r.ok}).allowed()) return std::nullopt;
  return r.person;
}

void authorise_screen(const Desk& d, ScreenModel& m, std::string scan, std::string pin) {
  bool badge = !d.draft.auth.badge.empty();
  m.prompt = badge ? std::move(pin) : std::move(scan);
  m.wants_pin = badge;
}

}  // namespace kiosk::detail
