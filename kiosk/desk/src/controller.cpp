// The controller's shell and dispatch. How an input flows:
//
//   handle(input)
//     update(input): idle time, code resolution, the global inputs (command
//       cards, "cancel", a card that starts a flow on the public screens or
//       the staff menu), then the input to the flow that owns the step
//       (kSteps, handlers()). The flow's step changes the Desk (the next
//       screen) and may ask for effects (Flow::effect: CheckPin, Print,
//       ReadLog), which it does not carry out itself.
//     carry_out(effect): the shell does it (the PIN's hash, the printer, the log)
//     feed(result): on_result gives it to the step's owner (a PIN's to
//       authorise.cpp, then the flow's `authorised`), which may ask for more.
//
// db::Error, from any of the three, is caught here (failed): the error screen.
// Commits are still made inline, through Flow::commit, not yet as effects.
#include "desk/controller.h"

#include <algorithm>
#include <utility>

#include "desk.h"
#include "setup.h"
#include "core/calendar.h"
#include "core/overloaded.h"
#include "desk/compliance.h"

namespace kiosk {
namespace detail {
namespace {

// Every step: its public name (docs/headless.md) and the flow that owns it.
struct StepInfo {
  Step step;
  std::string_view name;
  FlowId owner;
};

constexpr StepInfo kSteps[] = {
    {Step::Home, "home", FlowId::Pupil},
    {Step::Setup, "setup", FlowId::Setup},
    {Step::Result, "result", FlowId::Pupil},
    {Step::Error, "error", FlowId::Pupil},
    {Step::Quit, "quit", FlowId::Pupil},
    {Step::HandinSlot, "handin.slot", FlowId::Pupil},
    {Step::HandinMore, "handin.more", FlowId::Pupil},
    {Step::CollectPouch, "collect.pouch", FlowId::Pupil},
    {Step::CollectTyped, "collect.typed", FlowId::Pupil},
    {Step::CollectAuthorise, "collect.authorise", FlowId::Pupil},
    {Step::CollectReason, "collect.reason", FlowId::Pupil},
    {Step::Pin, "pin", FlowId::Staff},
    {Step::StaffMenu, "staff.menu", FlowId::Staff},
    {Step::HeldList, "held.list", FlowId::Staff},
    {Step::SignoutScan, "signout.scan", FlowId::Loans},
    {Step::SignoutWhere, "signout.where", FlowId::Loans},
    {Step::SignoutBorrower, "signout.borrower", FlowId::Loans},
    {Step::SignoutDue, "signout.due", FlowId::Loans},
    {Step::SignoutApproval, "signout.approval", FlowId::Loans},
    {Step::ReturnScan, "return.scan", FlowId::Loans},
    {Step::ReturnCondition, "return.condition", FlowId::Loans},
    {Step::ReturnNote, "return.note", FlowId::Loans},
    {Step::ReturnAccessories, "return.accessories", FlowId::Loans},
    {Step::LostScan, "lost.scan", FlowId::Loans},
    {Step::LostConfirm, "lost.confirm", FlowId::Loans},
    {Step::PluginScan, "plugin.scan", FlowId::Loans},
    {Step::FormboxScan, "formbox.scan", FlowId::Formbox},
    {Step::FormboxBox, "formbox.box", FlowId::Formbox},
    {Step::FormboxList, "formbox.list", FlowId::Formbox},
    {Step::CustodyTo, "custody.to", FlowId::Formbox},
    {Step::ConfiscatePupil, "confiscate.pupil", FlowId::Confiscation},
    {Step::ConfiscateReason, "confiscate.reason", FlowId::Confiscation},
    {Step::ConfiscateOtherReason, "confiscate.other", FlowId::Confiscation},
    {Step::ConfiscateDone, "confiscate.done", FlowId::Confiscation},
    {Step::ConfiscationList, "confiscation.list", FlowId::Confiscation},
    {Step::ConfiscationItem, "confiscation.item", FlowId::Confiscation},
    {Step::ReleaseCard, "release.card", FlowId::Confiscation},
    {Step::ReleaseParentName, "release.parent.name", FlowId::Confiscation},
    {Step::ReleaseParentRelationship, "release.parent.relationship", FlowId::Confiscation},
    {Step::ReleasePoliceOfficer, "release.police.officer", FlowId::Confiscation},
    {Step::ReleasePoliceCollar, "release.police.collar", FlowId::Confiscation},
    {Step::ReleasePoliceCrimeRef, "release.police.crime-ref", FlowId::Confiscation},
    {Step::AdminMenu, "admin.menu", FlowId::Admin},
    {Step::AdminFind, "admin.find", FlowId::Admin},
    {Step::AdminDevice, "admin.device", FlowId::Admin},
    {Step::AdminPerson, "admin.person", FlowId::Admin},
    {Step::AdminEdit, "admin.edit", FlowId::Admin},
    {Step::AdminApprove, "admin.approve", FlowId::Admin},
    {Step::AuditLocation, "audit.location", FlowId::Admin},
    {Step::Audit, "audit", FlowId::Admin},
    {Step::PatScan, "pat.scan", FlowId::Admin},
    {Step::PatResult, "pat.result", FlowId::Admin},
    {Step::Reports, "admin.reports", FlowId::Admin},
    {Step::Report, "admin.report", FlowId::Admin},
    {Step::Settings, "admin.settings", FlowId::Admin},
    {Step::SettingEdit, "admin.setting", FlowId::Admin},
    {Step::QuitAuthorise, "quit.authorise", FlowId::Admin},
};

// Every step has exactly one entry, and no two share a name: a step added to
// the enum without one does not compile (it would otherwise show as "home").
constexpr bool steps_complete() {
  constexpr auto count = static_cast<std::size_t>(Step::Setup) + 1;  // Setup stays last
  if (std::size(kSteps) != count) return false;
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t seen = 0;
    for (const auto& info : kSteps) seen += static_cast<std::size_t>(info.step) == i ? 1 : 0;
    if (seen != 1) return false;
    for (std::size_t j = i + 1; j < count; ++j)
      if (kSteps[i].name == kSteps[j].name) return false;
  }
  return true;
}
static_assert(steps_complete(), "each Step needs exactly one entry in kSteps, with a name of its own");

constexpr const StepInfo& info(Step s) {
  for (const auto& i : kSteps)
    if (i.step == s) return i;
  std::unreachable();  // steps_complete()
}

// What each flow does with the inputs of the steps it owns (null: it asks
// for no such input). A handler returns false for an input its screen does
// not take; handle() then says so.
struct Handlers {
  bool (*scan)(Flow&, const Resolved&) = nullptr;
  bool (*choose)(Flow&, const std::string&) = nullptr;
  bool (*text)(Flow&, const std::string&) = nullptr;
  bool (*render)(const Desk&, const core::State&, ScreenModel&) = nullptr;
  // What follows a badge-and-PIN screen's PIN (authorise.cpp), given who authorised.
  void (*authorised)(Flow&, const std::string&) = nullptr;
  // An effect's result (desk/effect.h) other than a PIN's.
  void (*result)(Flow&, const Result&) = nullptr;
};

Handlers handlers(FlowId id) {
  switch (id) {
    case FlowId::Pupil: return {pupil_scan, pupil_choose, pupil_text, render_pupil, pupil_authorised};
    case FlowId::Staff: return {staff_scan, staff_choose, nullptr, render_staff, staff_authorised};
    case FlowId::Loans: return {loans_scan, loans_choose, loans_text, render_loans, loans_authorised};
    case FlowId::Confiscation: return {confiscation_scan, confiscation_choose, confiscation_text, render_confiscation};
    case FlowId::Formbox: return {formbox_scan, formbox_choose, nullptr, render_formbox};
    case FlowId::Admin: return {admin_scan, admin_choose, admin_text, render_admin, admin_authorised, admin_result};
    case FlowId::Setup: return {};  // setup_input and render_setup, while the desk needs setting up
  }
  std::unreachable();
}

int idle_limit(const ControllerOptions& o, const core::State& s) {
  return o.idle_seconds.value_or(s.settings.idle_seconds);
}

// Steps that end by themselves after the idle time (DP2).
bool expires(Step s) { return s != Step::Home && s != Step::Quit && s != Step::Result && s != Step::Error; }

// DP2: the warning shown this long before an idle session or flow ends.
constexpr std::chrono::seconds kIdleWarning{15};

}  // namespace

std::string_view step_name(Step s) { return info(s).name; }
FlowId owner(Step s) { return info(s).owner; }

bool is_public(Step s) {
  switch (s) {
    case Step::Home: case Step::Result: case Step::Error: case Step::HandinSlot: case Step::HandinMore:
    case Step::CollectPouch: case Step::CollectTyped:
    case Step::CollectAuthorise: case Step::CollectReason: case Step::Pin: case Step::PluginScan:
    case Step::QuitAuthorise: case Step::Quit:
      return true;
    default:
      return false;
  }
}

// ---------------------------------------------------------------- Flow

core::Decision Flow::ask(const core::Request& r) const { return core::decide(s(), r, now); }

void Flow::commit(const std::vector<core::Event>& events) {
  if (events.empty()) return;
  desk.index.prepare(store_.state(), events);
  store_.commit(events);  // throws db::Error: caught once, in Controller::handle
  desk.index.committed();
  desk.setup_needed = false;  // the file has a history now
  if (options.sync.committed) options.sync.committed();
}

core::Decision Flow::submit(const core::Request& r) {
  core::Decision d = ask(r);
  settle(d);
  return d;
}

void Flow::settle(const core::Decision& d) {
  // Allowed: its events. Refused: the records a refusal itself requires.
  // Waiting on needs: nothing yet.
  if (d.allowed() || !d.refusals.empty()) commit(d.events);
  outcome(d);
}

void Flow::outcome(const core::Decision& d) {
  Outcome o;
  if (!d.refusals.empty()) {
    o.feedback = Feedback::Refused;
    o.allowed = false;
    o.message = d.refusals.front().message;
    for (const auto& r : d.refusals) {
      if (std::ranges::find(o.rules, r.rule) == o.rules.end()) o.rules.push_back(r.rule);
      if (r.message != o.message) o.lines.push_back(r.message);
    }
  } else if (d.allowed()) {
    o.feedback = Feedback::Accepted;
    o.allowed = true;
    o.message = d.message;
  } else {
    o.feedback = d.notices.empty() ? Feedback::None : Feedback::Notice;
    o.message = d.message;
  }
  for (const auto& n : d.notices) o.lines.push_back(n);
  desk.out = std::move(o);
}

void Flow::go(Step step) {
  desk.step = step;
  desk.shown_at = now;
}

void Flow::refuse(std::string rule, std::string message) {
  desk.out = Outcome{.feedback = Feedback::Refused, .message = std::move(message), .allowed = false,
                     .rules = {std::move(rule)}, .lines = {}};
}

void Flow::notice(std::string message) {
  desk.out = Outcome{.feedback = Feedback::Notice, .message = std::move(message), .allowed = std::nullopt,
                     .rules = {}, .lines = {}};
}

void Flow::finish(const core::Decision& d) {
  outcome(d);
  sign_off();
  desk.mode = PupilMode::Auto;
  go(Step::Result);
}

void Flow::sign_off() {
  desk.staff.clear();
  desk.session_notices.clear();
  desk.draft = Draft{};
}

void Flow::home() {
  sign_off();
  desk.mode = PupilMode::Auto;
  desk.out = {};  // a caller with something to say sets it after
  go(Step::Home);
}

std::string Flow::public_name(const std::string& person) const { return detail::public_name(s(), person); }
std::string Flow::slot_label(const std::string& slot) const { return detail::slot_label(s(), slot); }
std::string Flow::device_label(const std::string& device) const { return detail::device_label(s(), device); }


// ---------------------------------------------------------------- helpers

namespace {
constexpr std::pair<Pick, std::string_view> kPicks[] = {
    {Pick::Device, "device:"}, {Pick::Person, "person:"},  {Pick::Rack, "rack:"},        {Pick::Held, "held:"},
    {Pick::Mark, "mark:"},     {Pick::Accessory, "acc:"}, {Pick::Until, "until:"},      {Pick::Location, "location:"},
    {Pick::Setting, "setting:"}, {Pick::Edit, "edit-"}};

std::string_view prefix(Pick kind) {
  for (const auto& [k, p] : kPicks)
    if (k == kind) return p;
  std::unreachable();
}
}  // namespace

std::string pick_id(Pick kind, std::string_view value) { return std::string{prefix(kind)} + std::string{value}; }

std::optional<std::string> picked(std::string_view id, Pick kind) {
  if (!id.starts_with(prefix(kind))) return std::nullopt;
  return std::string{id.substr(prefix(kind).size())};
}

bool is_pupil(const core::State& s, const std::string& id) {
  const core::Person* p = s.person(id);
  return p && p->roles.has(core::Right::Pupil) && !p->roles.is_staff_like();
}

bool is_staff(const core::State& s, const std::string& id) {
  const core::Person* p = s.person(id);
  return p && p->roles.is_staff_like();
}

Choice choice(std::string id, std::string label, bool primary) {
  return Choice{.id = std::move(id), .label = std::move(label), .primary = primary, .enabled = true};
}

void back_cancel(ScreenModel& m) {
  m.choices.push_back(choice("back", "Back"));
  m.choices.push_back(choice("cancel", "Cancel"));
}

std::string public_name(const core::State& s, const std::string& person) {
  const core::Person* p = s.person(person);
  return p ? p->public_name() : person;
}

std::string slot_label(const core::State& s, const std::string& slot) {
  const core::Slot* sl = s.slot(slot);
  if (!sl) return slot;
  return sl->label.empty() ? sl->id : sl->label;
}

std::string device_label(const core::State& s, const std::string& device) {
  const core::Device* d = s.device(device);
  return d ? device_label(*d) : device;
}

std::string device_label(const core::Device& d) { return d.name.empty() ? d.id.str() : d.name + " (" + d.id + ")"; }

namespace {

std::string clock_text(core::Time now) {
  return core::describe_time(now);
}

std::string ago(std::int64_t seconds) {
  if (seconds < 5) return "just now";
  if (seconds < 120) return std::to_string(seconds) + " s ago";
  if (seconds < 2 * 3600) return std::to_string(seconds / 60) + " min ago";
  return std::to_string(seconds / 3600) + " h ago";
}

// The header's quiet word on sync.
std::string sync_header(const SyncStatus& s) {
  if (!s.update_needed.empty()) return "update needed";
  std::string waiting = s.waiting > 0 ? ", " + std::to_string(s.waiting) + " waiting" : "";
  if (s.reachable) return "synced " + ago(s.seconds_since.value_or(0)) + waiting;
  if (s.problem.empty()) return "connecting" + waiting;  // the first round is under way
  return "offline" + waiting;
}

// The administrator's menu says more: when, how many wait, and why not.
std::vector<std::string> sync_lines(const SyncStatus& s) {
  std::vector<std::string> out;
  out.push_back("Sync: last synced " + (s.seconds_since ? ago(*s.seconds_since) : std::string{"not since the desk started"}) +
                "; " + std::to_string(s.waiting) + " of this desk's events waiting to be sent");
  if (s.reachable) out.push_back("The central server answers");
  else if (!s.problem.empty()) out.push_back("The central server is not reachable: " + s.problem);
  else out.push_back("Connecting to the central server");
  if (!s.update_needed.empty()) out.push_back("Update needed: " + s.update_needed);
  if (s.conflicts > 0)
    out.push_back(std::to_string(s.conflicts) + (s.conflicts == 1 ? " conflict" : " conflicts") +
                  " between desks recorded: see Reports, Conflicts between desks");
  return out;
}

}  // namespace

ScreenModel render(const Desk& d, const core::State& s, const ControllerOptions& o, core::Time now) {
  ScreenModel m;
  m.screen = std::string{step_name(d.step)};
  m.title = s.settings.school_name;
  bool setting_up = d.setup_needed && render_setup(d, m);
  if (auto fill = handlers(owner(d.step)).render; !setting_up && fill) fill(d, s, m);
  m.feedback = d.out.feedback;
  m.message = d.out.message;
  m.allowed = d.out.allowed;
  m.rules = d.out.rules;
  m.lines.insert(m.lines.end(), d.out.lines.begin(), d.out.lines.end());
  // DP2: a warning before the idle time ends the session; a touch or key keeps it.
  auto left = std::chrono::seconds{idle_limit(o, s)} - (now - d.last_input);
  if (expires(d.step) && left > std::chrono::seconds{0} && left <= kIdleWarning && m.message.empty()) {
    auto secs = std::chrono::ceil<std::chrono::seconds>(left).count();
    m.feedback = Feedback::Notice;
    m.message = "Still there? Touch the screen to carry on: " +
                std::string{d.staff.empty() ? "this screen closes" : "you will be signed out"} + " in " +
                std::to_string(secs) + (secs == 1 ? " second" : " seconds");
  }
  // DP1: a public screen names no one signed in; a staff screen shows who is.
  if (!d.staff.empty() && !is_public(d.step)) m.signed_in = public_name(s, d.staff);
  m.clock = clock_text(now);
  if (o.sync.status) {
    auto sync = o.sync.status();
    m.sync = sync_header(sync);
    if (d.step == Step::AdminMenu) m.lines = sync_lines(sync);
  }
  return m;
}

// ---------------------------------------------------------------- dispatch

namespace {

void command(Flow& f, const std::string& id) {
  Desk& d = f.desk;
  if (id == "CANCEL") {
    if (!d.staff.empty() && !is_public(d.step)) {
      d.draft = Draft{};
      f.go(Step::StaffMenu);
    } else {
      f.home();
    }
    return;
  }
  if (id == "HANDIN" || id == "COLLECT") {
    f.home();
    d.mode = id == "HANDIN" ? PupilMode::HandIn : PupilMode::Collect;
    return;
  }
  Step target = id == "SIGNOUT" ? Step::SignoutScan : Step::ReturnScan;
  if (!d.staff.empty()) {
    d.draft = Draft{};
    f.go(target);
    return;
  }
  f.home();
  d.draft.auth.then = target;
  f.go(Step::Pin);
}

// A card or tag scanned on the public screens or the staff menu starts a
// flow: the one place a scan may leave the screen's own flow.
bool start_by_card(Flow& f, const Resolved& code) {
  Desk& d = f.desk;
  const core::State& s = f.s();
  switch (d.step) {
    case Step::Home:
    case Step::Result:
    case Step::Error:
      if (code.kind == CodeKind::Person) {
        if (is_pupil(s, code.id)) start_pupil(f, code.id);
        else start_sign_in(f, code.id, Step::StaffMenu);
      } else if (code.kind == CodeKind::Device && s.loan_of(code.id)) {
        start_device(f, code.id);  // a return needs no sign-in: the borrower hands it back (LN8)
      } else if (code.kind == CodeKind::Device) {
        f.notice("Staff: scan your badge first. To check a plug, tap \"May I plug this in?\"");
      } else {
        f.notice("Scan your card first");
      }
      return true;
    case Step::StaffMenu:
      if (code.kind == CodeKind::Device) {
        start_device(f, code.id);
      } else if (code.kind == CodeKind::Slot) {
        start_box(f, code.id);
      } else if (code.kind == CodeKind::Person && is_staff(s, code.id) && code.id != d.staff) {
        start_sign_in(f, code.id, Step::StaffMenu);  // someone else takes over the desk
      } else if (code.kind == CodeKind::Person && !is_staff(s, code.id)) {
        start_confiscation(f, code.id);
      } else {
        f.notice("Choose what to do first");
      }
      return true;
    default:
      return false;
  }
}

void on_scan(Flow& f, const std::string& code) {
  Resolved r = resolve_code(f.s(), code);
  if (r.kind == CodeKind::Unknown) {
    // SE3: refused plainly; nothing changes, not even the step.
    f.outcome(core::refuse_unknown_code(code));
    if (r.problem != "This code is not one of the school's tags or cards.") f.desk.out.lines.push_back(r.problem);
    return;
  }
  if (r.kind == CodeKind::Command) {
    command(f, r.id);
    return;
  }
  if (start_by_card(f, r)) return;
  if (auto scan = handlers(owner(f.desk.step)).scan; scan && scan(f, r)) return;
  f.notice("That scan does not fit this screen: choose what to do first");
}

void on_choose(Flow& f, const std::string& id) {
  Desk& d = f.desk;
  if (id == "cancel") {
    if (!d.staff.empty() && !is_public(d.step) && d.step != Step::StaffMenu) {
      d.draft = Draft{};
      f.go(Step::StaffMenu);
    } else {
      f.home();
    }
    return;
  }
  if (auto choose = handlers(owner(d.step)).choose; choose && choose(f, id)) return;
  if (id == "back" || id == "ok") {
    if (!d.staff.empty() && !is_public(d.step)) f.go(Step::StaffMenu);
    else f.home();
    return;
  }
  f.notice("That choice is not on this screen");
}

void on_pin(Flow& f, const std::string& digits) {
  if (authoriser(f.desk.step)) {  // every PIN the desk asks for is a badge-and-PIN step's
    authorise_pin(f, digits);
    return;
  }
  f.notice("No PIN is asked for on this screen");
}

// The screens that wait for a device's tag also take its code typed (a tag
// too worn to scan): the same as scanning it.
bool typed_code(Step s) {
  return s == Step::SignoutScan || s == Step::ReturnScan || s == Step::LostScan || s == Step::PluginScan;
}

void on_text(Flow& f, const std::string& text) {
  if (typed_code(f.desk.step) && !text.empty()) {
    on_scan(f, text);
    return;
  }
  if (auto take = handlers(owner(f.desk.step)).text; take && take(f, text)) return;
  f.notice("No text is asked for on this screen");
}

// An effect's result, to the flow that owns the screen (a PIN's to the
// badge-and-PIN step, then the flow's `authorised`).
void on_result(Flow& f, const Result& result) {
  Step step = f.desk.step;
  if (const auto* pin = std::get_if<PinChecked>(&result)) {
    if (!authoriser(step) || f.desk.draft.auth.badge != pin->person) return;  // not this screen's PIN
    if (auto person = authorise_checked(f, *pin)) handlers(owner(step)).authorised(f, *person);
    return;
  }
  if (auto take = handlers(owner(step)).result) take(f, result);
}

void on_tick(Flow& f) {
  Desk& d = f.desk;
  // A recorded hand-in shows as long as a result: the queue moves on by itself.
  if ((d.step == Step::Result || d.step == Step::Error || d.step == Step::HandinSlot) &&
      f.now - d.shown_at >= std::chrono::seconds{f.options.result_seconds})
    f.home();
}

// DP2: a session, or a flow left half-done, ends after the idle time.
void expire(Flow& f) {
  Desk& d = f.desk;
  if (!expires(d.step)) return;
  if (!core::session_expired(d.last_input, f.now, idle_limit(f.options, f.s()))) return;
  bool was_signed_in = !d.staff.empty();
  f.home();
  if (was_signed_in) f.notice("Signed out: the desk was left idle");
}

}  // namespace
}  // namespace detail

Controller::Controller(db::Store& store, ControllerOptions options)
    : store_(&store), options_(std::move(options)), desk_(std::make_unique<detail::Desk>()) {
  desk_->index.build(store.state());
  desk_->setup_needed = detail::needs_setup(store);
}

Controller::Controller(Controller&&) noexcept = default;
Controller& Controller::operator=(Controller&&) noexcept = default;
Controller::~Controller() = default;

ScreenModel Controller::handle(const Input& input, core::Time now) {
  std::vector<Effect> effects = update(input, now);
  for (std::size_t i = 0; i < effects.size(); ++i) {
    std::optional<Result> result;
    try {
      result = carry_out(effects[i], now);
    } catch (const db::Error&) {
      failed(now);
      break;
    }
    std::ranges::move(feed(*result, now), std::back_inserter(effects));
  }
  return screen(now);
}

std::vector<Effect> Controller::update(const Input& input, core::Time now) {
  detail::Desk& d = *desk_;
  if (d.step == detail::Step::Quit) return {};
  bool tick = std::holds_alternative<Tick>(input);
  // Other desks' events come in on ticks only, so a scan or a tap never
  // waits behind a bite of them (the window ticks at once while they wait).
  if (tick) take_in();
  detail::Flow f{d, *store_, options_, now};
  bool active = !tick || std::get<Tick>(input).active;  // DP2: any touch, key or scan
  if (!tick) d.out = {};
  try {
    // A desk whose file was deleted, moved or replaced takes no more input.
    if (auto lost = store_->file_problem(); !tick && !lost.empty()) throw db::Error(lost);
    if (d.setup_needed && !tick) {
      detail::setup_input(f, input);
    } else {
      detail::expire(f);
      std::visit(
          [&](const auto& in) {
            using T = std::decay_t<decltype(in)>;
            if constexpr (std::is_same_v<T, Scan>) detail::on_scan(f, in.code);
            else if constexpr (std::is_same_v<T, Choose>) detail::on_choose(f, in.id);
            else if constexpr (std::is_same_v<T, Pin>) detail::on_pin(f, in.digits);
            else if constexpr (std::is_same_v<T, Text>) detail::on_text(f, in.value);
            else detail::on_tick(f);
          },
          input);
    }
  } catch (const db::Error&) {
    failed(now);
    f.effects.clear();
  }
  if (active) d.last_input = now;
  return std::move(f.effects);
}

Result Controller::carry_out(const Effect& effect, core::Time now) const {
  return std::visit(
      core::overloaded{
          [&](const CheckPin& c) -> Result { return detail::check_pin(*store_, c, now); },
          [&](const Print& p) -> Result {
            if (!options_.print_report) return Printed{std::unexpected("no printer is set up")};
            return Printed{options_.print_report(p.report, now)};
          },
          [&](const ReadLog& r) -> Result {
            if (r.what == LogQuery::Compliance)
              return LogRead{.what = r.what, .compliance = compliance_from_log(*store_, r.day), .conflicts = {}};
            return LogRead{.what = r.what, .compliance = {}, .conflicts = store_->events({.types = {"conflict.recorded"}})};
          },
      },
      effect);
}

std::vector<Effect> Controller::feed(const Result& result, core::Time now) {
  detail::Flow f{*desk_, *store_, options_, now};
  try {
    detail::on_result(f, result);
  } catch (const db::Error&) {
    failed(now);
    f.effects.clear();
  }
  return std::move(f.effects);
}

void Controller::failed(core::Time now) {
  // The one boundary for infrastructure failures: the transaction rolled
  // back, so nothing was recorded; the desk starts again from home.
  detail::Desk& d = *desk_;
  detail::Flow f{d, *store_, options_, now};
  f.home();
  f.go(detail::Step::Error);
  auto lost = store_->file_problem();
  d.out = detail::Outcome{.feedback = Feedback::Refused,
                          .message = lost.empty() ? "Could not save \u2014 nothing was recorded. Please try again or "
                                                    "call the office."
                                                  : "This desk has stopped: " + lost,
                          .allowed = std::nullopt, .rules = {}, .lines = {}};
  d.index.build(store_->state());
  d.setup_needed = detail::needs_setup(*store_);
}

void Controller::take_in() {
  if (!options_.sync.take_in) return;
  try {
    if (options_.sync.take_in(*store_) == 0) return;
  } catch (const db::Error&) {
    // Not this input's failure: the store read the file again, and the
    // events wait for the next input (the desk's own commits fail
    // alike, and show it, if the trouble lasts).
  }
  desk_->index.build(store_->state());
  if (desk_->setup_needed) desk_->setup_needed = detail::needs_setup(*store_);
}

ScreenModel Controller::screen(core::Time now) const { return detail::render(*desk_, store_->state(), options_, now); }

}  // namespace kiosk
