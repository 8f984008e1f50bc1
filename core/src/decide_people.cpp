// People, sessions and the school's settings: SE2 PINs and lockout, LN1
// agreements, LN10 leavers, PH4 exemptions, LN2 approvals, DP3 purges, DP4 exports.
#include <algorithm>

#include "core/calendar.h"
#include "core/desk_rules.h"
#include "core/queries.h"
#include "core/safeguards.h"
#include "decide_common.h"

namespace core::detail {
namespace {

// A decision that emitted its events before a check of them refused it.
Decision refused(Ctx&& c, Refusal r) {
  c.d.events.clear();
  c.d.refusals.push_back(std::move(r));
  return std::move(c.d);
}

// SE2: how long a badge with `failures` recent wrong PINs waits for its next
// guess: none for the first three, then 15 s, 30 s and 60 s from the fourth on.
// So one desk gets at most 9 guesses at a badge in any 5 minutes (Cyber
// Essentials allows 10), and the hard lock-out is never reached from it.
std::chrono::seconds pin_wait(long failures) {
  if (failures < 3) return std::chrono::seconds{0};
  return std::chrono::seconds{15 << std::min(failures - 3, 2L)};
}

}  // namespace

Decision decide_one(const State& s, const OpenArea& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.known_actor()) return std::move(c.d);
  if (r.area == Area::CloseKiosk) c.require(Right::Admin, "SE1", "Only an administrator can close the kiosk");
  else c.require(Right::Admin, "AR1", "Only an administrator can open the administration area");
  return std::move(c.d);
}

Decision decide_one(const State& s, const StartSession& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.who) {
    c.refuse("SE3", "That badge is not recognised");
    return std::move(c.d);
  }
  if (!c.known_actor()) return std::move(c.d);
  const Person& p = *c.who;
  if (!p.roles.is_staff_like()) {
    c.refuse("SE2", "Only staff sign in with a PIN: pupils just scan their card");
    return std::move(c.d);
  }
  if (p.locked_until && now < *p.locked_until) {
    c.refuse("SE2", "Too many wrong PINs: this badge is locked until " + format_time_of_day(time_of_day(*p.locked_until)));
    return std::move(c.d);
  }
  if (p.pin_hash.empty()) {
    c.refuse("SE2", "No PIN is set for this badge: ask the administrator");
    return std::move(c.d);
  }
  auto window = std::chrono::minutes{c.cfg.pin_failure_window_minutes};
  auto recent = std::ranges::count_if(p.pin_failures, [&](Time t) { return t > now - window; });
  if (auto wait = pin_wait(recent); recent > 0 && now < p.pin_failures.back() + wait) {
    // SE2 without a lock-out anyone could cause (docs/SECURITY.md, "PIN
    // guessing"): a guess too soon is not even tried, so not counted.
    auto left = std::chrono::duration_cast<std::chrono::seconds>(p.pin_failures.back() + wait - now).count();
    c.refuse("SE2", "Too many wrong PINs: wait " + std::to_string(left) + " seconds, then try again");
    return std::move(c.d);
  }
  if (!r.pin_ok) {
    // SE2: the failure is recorded even though the request is refused.
    c.emit(PinFailed{.person = r.actor});
    ++recent;
    if (recent >= c.cfg.pin_max_failures)
      c.refuse("SE2", "Wrong PIN. This badge is now locked for " + std::to_string(c.cfg.pin_lockout_minutes) +
                          " minutes");
    else if (auto wait = pin_wait(recent); wait.count() > 0)
      c.refuse("SE2", "Wrong PIN: the next try can be in " + std::to_string(wait.count()) + " seconds");
    else  // a warning before the waits begin
      c.refuse("SE2", "Wrong PIN: " + std::to_string(3 - recent) + (recent == 2 ? " more try" : " more tries") +
                          " before a wait");
    return std::move(c.d);
  }
  c.emit(SessionStarted{.person = r.actor});
  c.d.message = "Hello, " + display_name(p);
  // PH5: devices held overnight are flagged on the next morning's screen for staff.
  if (auto overnight = held_overnight(s, now); !overnight.empty())
    c.notice(std::to_string(overnight.size()) + " pupil devices were held overnight");
  for (const Loan* l : loans_of(s, r.actor))
    if (l->due_at < now) c.notice("Overdue: " + l->device + " was due back " + describe_time(l->due_at));
  return std::move(c.d);
}

Decision decide_one(const State& s, const RecordPerson& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Admin, "AR1", "Only an administrator can change people's records")) return std::move(c.d);
  const Person& p = r.person;
  if (p.id.empty()) c.refuse("AR1", "A person needs the id their card carries");
  if (p.first_name.empty() && p.surname.empty()) c.refuse("AR1", "A person needs a name");
  if (!p.card.empty())
    if (std::string holder = s.person_by_card_number(p.card); !holder.empty() && holder != p.id)
      c.refuse("AR1", "Card " + p.card + " already belongs to someone else");
  if (c.refused()) return std::move(c.d);
  c.record(p);
  if (auto last = keeps_an_administrator(s, c.d.events)) return refused(std::move(c), *last);
  c.d.message = display_name(p) + (s.person(p.id) ? " updated" : " added");
  return std::move(c.d);
}

Decision decide_one(const State& s, const DeactivatePerson& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Admin, "LN10", "Only an administrator can record that someone has left")) return std::move(c.d);
  const Person* p = s.person(r.person);
  if (!p) c.refuse("LN10", "That person is not on record");
  else if (!p->active) c.refuse("LN10", display_name(*p) + " has already left");
  if (c.refused()) return std::move(c.d);
  c.emit(PersonDeactivated{.person = r.person});
  if (auto last = keeps_an_administrator(s, c.d.events)) return refused(std::move(c), *last);
  c.d.message = display_name(*p) + " has left and can borrow nothing more";
  // LN10: what is still with them.
  for (const Loan* l : loans_of(s, r.person)) {
    const Device* d = s.device(l->device);
    c.notice("Still has " + (d ? device_label(*d) : l->device) + ", due back " + describe_time(l->due_at));
  }
  for (const HeldItem* i : held_for(s, r.person)) c.notice("Still held for them: " + slot_label(s, i->slot));
  return std::move(c.d);
}

Decision decide_one(const State& s, const SetPin& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.known_actor()) return std::move(c.d);
  if (r.actor != r.person && !c.can(Right::Admin)) {
    c.refuse("SE2", "You can set only your own PIN");
    return std::move(c.d);
  }
  if (!s.person(r.person)) c.refuse("SE2", "That person is not on record");
  if (r.pin_length < 6 || !r.pin_all_digits) c.refuse("SE2", "A PIN must be at least 6 digits");
  if (r.hash.empty()) c.refuse("SE2", "The PIN could not be stored");
  if (c.refused()) return std::move(c.d);
  c.emit(PinSet{.person = r.person, .hash = r.hash});
  c.d.message = "PIN set";
  return std::move(c.d);
}

Decision decide_one(const State& s, const AcceptAup& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.known_actor()) return std::move(c.d);
  if (r.actor != r.person && !c.staff()) {
    c.refuse("LN1", "Only the person themselves can accept the agreement");
    return std::move(c.d);
  }
  const Person* p = s.person(r.person);
  if (!p || !p->active) {
    c.refuse("LN1", "That person is not on record");
    return std::move(c.d);
  }
  c.emit(AupAccepted{.person = r.person, .date = c.today});
  c.d.message = "Acceptable-use agreement accepted";
  return std::move(c.d);
}

Decision decide_one(const State& s, const RecordExemption& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.known_actor()) return std::move(c.d);
  if (!c.can(Right::Admin) && !c.can(Right::Dsl)) {
    c.refuse("PH4", "Only an administrator or the DSL can record an exemption");
    return std::move(c.d);
  }
  Exemption e = r.exemption;
  const Person* p = s.person(e.pupil);
  if (!p || !p->roles.has(Right::Pupil)) c.refuse("PH4", "That is not a pupil on record");
  if (e.end < e.start) c.refuse("PH4", "An exemption cannot end before it starts");
  if (e.review < e.start) c.refuse("PH4", "The review date cannot be before the start");
  if (c.refused()) return std::move(c.d);
  if (e.approver.empty()) e.approver = r.actor;
  c.emit(ExemptionRecorded{e});
  // DP1: the category is on record; the screen says only that it is recorded.
  c.d.message = "Exemption recorded for " + p->public_name();
  return std::move(c.d);
}

Decision decide_one(const State& s, const RecordApproval& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Admin, "LN2", "Only an administrator can approve taking equipment off site"))
    return std::move(c.d);
  Approval a = r.approval;
  if (!s.person(a.person)) c.refuse("LN2", "That person is not on record");
  std::string_view covers = a.device;
  if (covers.starts_with(kApprovalKindPrefix)) {
    if (!parse_enum<DeviceKind>(covers.substr(kApprovalKindPrefix.size())))
      c.refuse("LN2", "There is no kind of device called '" + std::string{covers.substr(kApprovalKindPrefix.size())} + "'");
  } else if (!covers.empty() && !s.device(a.device)) {
    c.refuse("LN2", "That device is not in the register");
  }
  if (a.until < c.today) c.refuse("LN2", "The approval would already have ended");
  if (c.refused()) return std::move(c.d);
  if (a.approved_by.empty() || !c.is_system()) a.approved_by = r.actor;
  c.emit(ApprovalRecorded{a});
  c.d.message = "Approved off site until " + describe_date_long(a.until);
  return std::move(c.d);
}

Decision decide_one(const State& s, const ChangeSetting& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Admin, "AR1", "Only an administrator can change settings")) return std::move(c.d);
  Settings trial = s.settings;
  if (auto err = set_setting(trial, r.key, r.value)) {
    c.refuse("AR1", *err);
    return std::move(c.d);
  }
  c.emit(SettingChanged{.key = r.key, .value = r.value});
  c.d.message = r.key + " = " + get_setting(trial, r.key).value_or(r.value);
  return std::move(c.d);
}

Decision decide_one(const State& s, const Purge& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Admin, "DP3", "Only an administrator can delete records")) return std::move(c.d);
  // DP3: a hand-in record from academic year Y goes once year Y+1 has ended;
  // confiscation, evidence-hold and loss records after the retention years.
  Date year = academic_year_start(c.cfg, c.today);
  Date handin_before = add_months(year, -12 * c.cfg.handin_retention_academic_years);
  Date records_before = add_months(c.today, -12 * c.cfg.record_retention_years);
  std::int64_t count = 0;
  for (const auto& [pupil, times] : s.confiscations)
    count += std::ranges::count_if(times, [&](Time t) { return date_of(t) < records_before; });
  c.d.message = "Deletes daily hand-in records before " + describe_date_long(handin_before) +
                " and confiscation, evidence-hold and loss records before " + describe_date_long(records_before) + " (" +
                std::to_string(count) + " confiscations)";
  if (r.apply)
    c.emit(RecordsPurged{.handin_before = handin_before, .records_before = records_before, .count = count});
  else
    c.notice("Preview only: nothing has been deleted");
  return std::move(c.d);
}

Decision decide_one(const State& s, const Export& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Admin, "DP4", "Only an administrator can export personal data")) return std::move(c.d);
  if (r.what.empty()) {
    c.refuse("DP4", "Choose what to export");
    return std::move(c.d);
  }
  c.emit(DataExported{.what = r.what, .destination = r.destination, .os_user = r.os_user});
  c.d.message = "Exported " + r.what;
  return std::move(c.d);
}

Decision decide_one(const State& s, const RecoverAdmin& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.is_system()) {
    c.refuse("SE1", "An administrator is recovered only on the machine itself: tagdesk recover-admin");
    return std::move(c.d);
  }
  if (auto admins = active_administrators(s); !admins.empty()) {
    c.refuse("SE1", display_name(s, admins.front()) + " (" + admins.front() +
                        ") is an active administrator: ask them, or reset their PIN with tagdesk pin reset");
    return std::move(c.d);
  }
  Person p = r.person;
  if (const Person* old = s.person(p.id)) {
    p = *old;
    if (!p.roles.is_staff_like() && p.roles.has(Right::Pupil)) c.refuse("SE1", "A pupil cannot be an administrator");
  } else if (p.id.empty() || p.first_name.empty() || p.surname.empty()) {
    c.refuse("SE1", p.id.empty() ? "Name an existing member of staff, or give a new administrator's id and name"
                                 : p.id + " is not on record: give the new administrator's first name and surname");
  }
  if (r.pin_length < 6 || !r.pin_all_digits) c.refuse("SE2", "A PIN must be at least 6 digits");
  if (r.hash.empty()) c.refuse("SE2", "The PIN could not be stored");
  if (c.refused()) return std::move(c.d);
  p.active = true;
  p.roles.add(Right::Staff).add(Right::Admin);
  c.emit(AdminRecovered{.person = p.id, .os_user = r.os_user});
  c.record(p);
  c.emit(PinSet{.person = p.id, .hash = r.hash});
  c.d.message = display_name(p) + " (" + p.id + ") is an administrator again, with a new PIN";
  return std::move(c.d);
}

}  // namespace core::detail
