// The controller's inside: the desk's state as a plain struct, the steps of
// every flow, and the Flow context one input is handled in. Shared by the
// flow files (pupil.cpp, staff.cpp, ...), one per flow; nothing outside kiosk/desk/src sees it.
//
// A step: the owning flow's handler for the input (pupil_scan, ...) reads
// the state, asks core (Flow::ask, submit), moves the Desk to its next
// screen (Flow::go) and, for what lies outside the state (a PIN's hash, the
// printer, the log), appends an Effect (Flow::effect) rather than doing it.
// controller.cpp's shell carries the effect out and hands its Result to the
// same flow (pin: authorise_checked, then `authorised`; others: `result`).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/compliance.h"
#include "core/decide.h"
#include "core/queries.h"
#include "core/request.h"
#include "db/store.h"
#include "desk/controller.h"
#include "desk/effect.h"
#include "desk/lookup.h"
#include "desk/screen.h"

namespace kiosk::detail {

// Every screen the desk can show. The names (step_name) are the public
// `screen` values of the headless protocol: docs/headless.md lists them.
enum class Step : std::uint8_t {
  Home, Result, Error, Quit,
  // pupils (PH)
  HandinSlot, HandinMore, CollectPouch, CollectTyped, CollectAuthorise, CollectReason,
  // staff sign-in (SE2) and menu
  Pin, StaffMenu, HeldList,
  // loans (LN)
  SignoutScan, SignoutWhere, SignoutBorrower, SignoutDue, SignoutApproval,
  ReturnScan, ReturnCondition, ReturnNote, ReturnAccessories, LostScan, LostConfirm, PluginScan,
  // form boxes (PH6, PH7)
  FormboxScan, FormboxBox, FormboxList, CustodyTo,
  // confiscation (CF)
  ConfiscatePupil, ConfiscateReason, ConfiscateOtherReason, ConfiscateDone,
  ConfiscationList, ConfiscationItem, ReleaseCard, ReleaseParentName, ReleaseParentRelationship,
  ReleasePoliceOfficer, ReleasePoliceCollar, ReleasePoliceCrimeRef,
  // administrator
  AdminMenu, AdminFind, AdminDevice, AdminPerson, AdminEdit, AdminApprove, AuditLocation, Audit, PatScan, PatResult,
  Reports, Report, Settings, SettingEdit, QuitAuthorise,
  // first run: no administrator yet (stays last: controller.cpp counts the steps by it)
  Setup,
};
[[nodiscard]] std::string_view step_name(Step s);

// The flows, one file each (pupil.cpp, ...). Each screen belongs to exactly
// one (owner): handle() gives a step's inputs to its owner only. Setup has
// the desk to itself until it is done (setup.cpp), whatever the step.
enum class FlowId : std::uint8_t { Pupil, Staff, Loans, Confiscation, Formbox, Admin, Setup };
[[nodiscard]] FlowId owner(Step s);
// Steps anyone at reception may see with no one signed in (DP1).
[[nodiscard]] bool is_public(Step s);

// What pupil card scans on the public screen do: decided by the time and what
// the pupil has held, or fixed by a command card (HANDIN, COLLECT).
enum class PupilMode : std::uint8_t { Auto, HandIn, Collect };

// Who may authorise on a badge-and-PIN screen (authorise.cpp): a member of
// staff signing in, any member of staff, an administrator (core decides
// whether this one may, on the badge or after the PIN).
enum class Authoriser : std::uint8_t { SignIn, Staff, Administrator };
// The badge-and-PIN steps and who each asks for; none for other steps.
[[nodiscard]] std::optional<Authoriser> authoriser(Step s);

// A badge-and-PIN authorisation under way.
struct Authorise {
  std::string badge;            // scanned, awaiting its PIN
  Step then = Step::StaffMenu;  // signing in (Step::Pin): where the session starts
};

// What a flow has collected so far. Each flow uses the fields it needs and the
// request it builds is submitted again with each need filled (decide.h).
struct Draft {
  std::string pupil, device, held, slot, box, audit, person, key, field;
  Authorise auth;  // a badge-and-PIN screen's badge (authorise.cpp)
  core::SignOut signout;
  std::string borrower;  // LN1: someone other than the member of staff signed in; empty: themselves
  std::vector<core::DueChoice> longer;  // LN6: the longer off-site loans this device may go on
  // What the rules would refuse, known when the device is scanned: its message
  // and rules (empty: allowed, or still needing only what the screens ask for).
  core::Decision off_site_refusal;
  core::Return ret;
  core::Confiscate confiscate;
  core::ReleaseHeld release;
  core::Collect collect;
  std::vector<core::FormBoxEntry> entries;
  std::set<std::string> ticked;  // PH6: the pupils marked so far; the rest are not handed in
  std::vector<std::string> accessories, missing;
  std::set<std::string> expected;  // AR2: what the audit in progress expects to see
  std::vector<std::string> locations;  // AR2: the register's locations, to choose one to audit
  std::string report;  // which report Step::Report shows
  std::vector<core::ComplianceRow> compliance;  // PH8, read from the log when chosen
  std::vector<core::Event> conflicts;           // conflict.recorded (issue 21), read from the log when chosen
  // A report or the search results, worked out once when asked for: walking a
  // trust's register (read from the file) at every frame would cost a core.
  ScreenModel table;
};

// The decision's outcome shown on the next screen.
struct Outcome {
  Feedback feedback = Feedback::None;
  std::string message;
  std::optional<bool> allowed;
  std::vector<std::string> rules;
  std::vector<std::string> lines;  // notices
};

// Finds what the desk needs on every scan without walking the record: what
// each pupil has in the school's keeping, and the free pouch (PH2) of this
// desk's racks (issue 21) by walking only as far as the first not in use.
class DeskIndex {
 public:
  void build(const core::State& s);
  // The events about to be committed on state `before`; then committed(): the
  // index follows only once the store has the events.
  void prepare(const core::State& before, const std::vector<core::Event>& events);
  void committed();
  [[nodiscard]] std::string free_pouch(const core::State& s, std::string_view desk) const;  // empty when none
  [[nodiscard]] const std::set<std::string>& held_for(const std::string& pupil) const;

 private:
  std::map<std::string, int> occupied_;  // slots holding devices: how many each
  // No free pouch has a key below this: the walk starts here, so pouches
  // filled in order cost a row or two each, however many are in use.
  mutable std::string first_free_from_;
  std::map<std::string, std::set<std::string>> by_pupil_;
  struct Delta { std::string slot, pupil, held; int by = 0; };
  std::vector<Delta> pending_;
  std::vector<std::string> recorded_slots_;  // new or changed: may be free pouches now
  bool racks_moved_ = false;                 // any pouch may be this desk's now
  std::set<std::string> none_;
};

// First run: what setup has collected (setup.cpp).
struct SetupDraft {
  std::string field;  // the field being asked for: school, prefix, first, surname, pin, pin-again
  std::string school, prefix, first, surname, pin;
};

struct Desk {
  Step step = Step::Home;
  SetupDraft setup;
  PupilMode mode = PupilMode::Auto;
  std::string staff;                 // signed in (SE2); empty = public
  core::Time last_input{};
  core::Time shown_at{};             // when the current step was entered
  Draft draft;
  Outcome out;
  std::vector<std::string> session_notices;
  DeskIndex index;
  bool setup_needed = true;  // no administrator with a PIN yet: kept by Flow::commit
};

// One input being handled: the desk, the store, the time.
class Flow {
 public:
  Flow(Desk& d, db::Store& store, const ControllerOptions& opts, core::Time at)
      : desk(d), options(opts), now(at), store_(store) {}

  Desk& desk;
  const ControllerOptions& options;
  core::Time now;

  [[nodiscard]] const core::State& s() const { return store_.state(); }
  [[nodiscard]] const db::Store& store() const { return store_; }
  [[nodiscard]] Draft& draft() { return desk.draft; }
  [[nodiscard]] const std::string& actor() const { return desk.staff; }

  // Asks core without recording anything (a preview of what would happen).
  [[nodiscard]] core::Decision ask(const core::Request& r) const;
  // Decides, commits what the decision says to record, and puts the outcome
  // on the next screen. Returns the decision for the caller's next step.
  core::Decision submit(const core::Request& r);
  // Records a decision already asked for (see submit) and shows its outcome.
  void settle(const core::Decision& d);
  void commit(const std::vector<core::Event>& events);
  // What this step asks the shell to do (desk/effect.h): its result comes
  // back to the flow that owns the screen as an input of its own.
  void effect(Effect e) { effects.push_back(std::move(e)); }
  std::vector<Effect> effects;

  void go(Step s);                 // show step s (keeps the outcome)
  void refuse(std::string rule, std::string message);  // a refusal the shell makes itself (SE3)
  void notice(std::string message);
  void outcome(const core::Decision& d);
  // The transaction is done: the public result screen, the staff session over (DP2).
  void finish(const core::Decision& d);
  void home();                     // the public home screen, session over
  void sign_off();
  [[nodiscard]] std::string public_name(const std::string& person) const;
  [[nodiscard]] std::string slot_label(const std::string& slot) const;
  [[nodiscard]] std::string device_label(const std::string& device) const;

 private:
  db::Store& store_;
};

// ------------------------------------------------ the flows, one file each
// Each is given the inputs of the steps its flow owns (owner) and returns
// false for an input that step does not take; render_* fills its flow's steps.
bool pupil_scan(Flow& f, const Resolved& code);         // pupil.cpp
bool pupil_choose(Flow& f, const std::string& id);
bool pupil_text(Flow& f, const std::string& text);
void pupil_authorised(Flow& f, const std::string& person);
void start_pupil(Flow& f, const std::string& pupil);   // a pupil's card on a public screen

bool staff_scan(Flow& f, const Resolved& code);         // staff.cpp
bool staff_choose(Flow& f, const std::string& id);
void staff_authorised(Flow& f, const std::string& person);

// The badge-and-PIN step (authorise.cpp), on the steps authoriser() names.
// Signing in: from any screen, the badge's holder asked for a PIN on Step::Pin.
void start_sign_in(Flow& f, const std::string& badge, Step then);
// A scan there: a badge of someone who may authorise, and may start a
// session (SE2 lockout, roles, leavers), is taken and its PIN asked for;
// otherwise what is wanted, or the refusal, is shown.
void authorise_scan(Flow& f, const Resolved& code);
// A PIN there: a CheckPin effect for the badge taken.
void authorise_pin(Flow& f, const std::string& digits);
// The shell's part: does the PIN match (Argon2id, slow by design)? Throws
// db::Error when the key folder cannot be read.
[[nodiscard]] PinChecked check_pin(const db::Store& store, const CheckPin& c, core::Time now);
// Its result back (SE2: lockout, records PinFailed): the person authorising
// when it matched and they may start a session.
[[nodiscard]] std::optional<std::string> authorise_checked(Flow& f, const PinChecked& r);
// The screen's prompt: `scan` until a badge is taken, then `pin` and the keypad.
void authorise_screen(const Desk& d, ScreenModel& m, std::string scan, std::string pin = "Enter your PIN");

bool loans_scan(Flow& f, const Resolved& code);         // loans.cpp
bool loans_choose(Flow& f, const std::string& id);
bool loans_text(Flow& f, const std::string& text);
void loans_authorised(Flow& f, const std::string& person);
void start_device(Flow& f, const std::string& device);  // a device scanned on the staff menu

void start_confiscation(Flow& f, const std::string& pupil);  // a pupil scanned on the staff menu (CF1)
bool confiscation_scan(Flow& f, const Resolved& code);  // confiscation.cpp
bool confiscation_choose(Flow& f, const std::string& id);
bool confiscation_text(Flow& f, const std::string& text);

bool formbox_scan(Flow& f, const Resolved& code);       // formbox.cpp
bool formbox_choose(Flow& f, const std::string& id);
void start_box(Flow& f, const std::string& box);

bool admin_scan(Flow& f, const Resolved& code);         // admin.cpp
bool admin_choose(Flow& f, const std::string& id);
bool admin_text(Flow& f, const std::string& text);
void admin_authorised(Flow& f, const std::string& person);
void admin_result(Flow& f, const Result& result);  // a report printed, or read from the log

// Builds the screen for the desk's step: each flow fills its own steps.
ScreenModel render(const Desk& d, const core::State& s, const ControllerOptions& o, core::Time now);
bool render_pupil(const Desk& d, const core::State& s, ScreenModel& m);
bool render_staff(const Desk& d, const core::State& s, ScreenModel& m);
bool render_loans(const Desk& d, const core::State& s, ScreenModel& m);
bool render_confiscation(const Desk& d, const core::State& s, ScreenModel& m);
bool render_formbox(const Desk& d, const core::State& s, ScreenModel& m);
bool render_admin(const Desk& d, const core::State& s, ScreenModel& m);

// A pupil (and no member of staff too); anyone staff-like (SE2).
[[nodiscard]] bool is_pupil(const core::State& s, const std::string& id);
[[nodiscard]] bool is_staff(const core::State& s, const std::string& id);

// Choice ids that carry a value, such as a row's "device:LT001": the prefix
// says what was picked. The wire strings are docs/headless.md's.
enum class Pick : std::uint8_t { Device, Person, Rack, Held, Mark, Accessory, Until, Location, Setting, Edit };
// The id of a choice that picks `value`.
[[nodiscard]] std::string pick_id(Pick kind, std::string_view value);
// The value `id` picks when it is a choice of that kind; none otherwise.
[[nodiscard]] std::optional<std::string> picked(std::string_view id, Pick kind);

// Small helpers for building screens.
Choice choice(std::string id, std::string label, bool primary = false);
void back_cancel(ScreenModel& m);
[[nodiscard]] std::string public_name(const core::State& s, const std::string& person);
[[nodiscard]] std::string slot_label(const core::State& s, const std::string& slot);
[[nodiscard]] std::string device_label(const core::State& s, const std::string& device);
// The same from a row in hand (a report's thousands of rows, not read again).
[[nodiscard]] std::string device_label(const core::Device& d);

}  // namespace kiosk::detail
