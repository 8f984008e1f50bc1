// LN1-LN13: lending the school's devices, returns, losses, recalls and repairs.
#include <algorithm>

#include "core/calendar.h"
#include "core/pat.h"
#include "core/queries.h"
#include "decide_common.h"

namespace core::detail {
namespace {

std::string status_text(DeviceStatus st) {
  switch (st) {
    case DeviceStatus::AwaitingRepair: return "is waiting for repair";
    case DeviceStatus::Lost: return "is reported lost";
    case DeviceStatus::Stolen: return "is reported stolen";
    case DeviceStatus::Retired: return "has been retired";
    case DeviceStatus::Available: break;
  }
  return "is available";
}

// LN4: the device and every registered accessory issued with it (a charger).
void check_pat(Ctx& c, const Device& d) {
  auto check = [&](const Device& item, const std::string& what) {
    auto st = pat_status(item, c.cfg, c.today);
    if (st == PatStatus::Failed)
      c.refuse("LN4", what + " failed its electrical safety test (PAT), so it cannot be lent until it passes");
    else if (st == PatStatus::Overdue)
      c.refuse("LN4", what + "'s electrical safety test (PAT) is overdue, so it cannot be lent");
  };
  check(d, "This " + device_noun(d));
  for (const auto& a : d.accessories)
    if (const Device* acc = c.s.device(a)) check(*acc, "Its " + device_noun(*acc) + " (" + device_label(*acc) + ")");
}

std::vector<std::string> issued_accessories(const Device& d) {
  std::vector<std::string> out;
  for (const auto& a : d.accessories)
    if (std::ranges::find(d.missing_accessories, a) == d.missing_accessories.end()) out.push_back(a);
  return out;
}

}  // namespace

Decision decide_one(const State& s, const SignOut& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.known_actor()) return std::move(c.d);
  const Person* borrower = s.person(r.borrower);
  const Device* d = s.device(r.device);
  if (!borrower) {
    c.refuse("LN1", "Scan the badge of the person borrowing it");
    return std::move(c.d);
  }
  if (!d) {
    c.refuse("AR1", "That device is not in the register");
    return std::move(c.d);
  }
  bool visitor_only = borrower->roles.has(Right::Visitor) && !borrower->roles.is_staff_like();

  // Rights: staff and visitors sign out to themselves; staff may sign out to others.
  if (r.actor != r.borrower && !c.staff())
    c.refuse("LN1", "You can sign devices out only to yourself");
  else if (r.actor == r.borrower && !borrower->roles.is_staff_like() && !visitor_only)
    c.refuse("LN1", "Pupils borrow devices through a member of staff");
  if (!borrower->active) c.refuse("LN10", display_name(*borrower) + " has left and cannot borrow");
  if (d->owner == Owner::Personal) c.refuse("AR1", "Personal equipment is not lent");
  if (const Loan* loan = s.loan_of(r.device))
    c.refuse("LN1", "This " + device_noun(*d) + " is already signed out to " + display_name(s, loan->borrower) +
                        ": it must be returned first");
  if (d->evidence_hold) c.refuse("LN5", "This " + device_noun(*d) + " is under evidence hold");
  if (d->status != DeviceStatus::Available) c.refuse("LN5", "This " + device_noun(*d) + " " + status_text(d->status));
  if (d->recalled) c.refuse("LN12", "IT has recalled this " + device_noun(*d) + ": please hand it in at the desk");
  check_pat(c, *d);
  if (r.off_site && d->holds_sensitive_data() && !encryption_current(*d, c.cfg, c.today)) {
    if (!d->encrypted || !d->encryption_verified)
      c.refuse("LN3", "This " + device_noun(*d) + " is not marked encrypted, so it cannot leave site");
    else
      c.refuse("LN3", "This " + device_noun(*d) + "'s encryption was last checked on " +
                          describe_date_long(*d->encryption_verified) + ", more than " +
                          std::to_string(c.cfg.encryption_max_age_months) +
                          " months ago, so it cannot leave site until IT checks it again");
  }
  if (visitor_only && !d->visitor_equipment)
    c.refuse("LN11", "This " + device_noun(*d) + " is not designated for visitors");

  Time due = r.due_at.value_or(default_due(c.cfg, now, r.off_site));
  int max_days = max_loan_days(*d, c.cfg);
  if (due <= now) c.refuse("LN6", "The due-back time must be later than now");
  else if (date_of(due) > c.today + std::chrono::days{max_days})
    c.refuse("LN6", "This " + device_noun(*d) + " can be lent for at most " + std::to_string(max_days) + " days");

  if (c.refused()) {
    // The audit trail keeps every refused sign-out with the rules that refused it.
    std::vector<std::string> rules;
    for (const auto& ref : c.d.refusals)
      if (std::ranges::find(rules, ref.rule) == rules.end()) rules.push_back(ref.rule);
    c.emit(SignOutRefused{.device = r.device, .person = r.borrower, .off_site = r.off_site, .rules = rules});
    return std::move(c.d);
  }

  // LN2, LN11: off site needs an administrator: at the kiosk, or recorded in advance.
  std::string approver;
  if (r.off_site) {
    if (!r.admin_approver.empty()) {
      const Person* admin = s.person(r.admin_approver);
      if (!admin || !admin->active || !admin->roles.has(Right::Admin))
        c.refuse(visitor_only ? "LN11" : "LN2", "Only an administrator can approve taking equipment off site");
      approver = r.admin_approver;
    } else if (const Approval* a = approval_for(s, r.borrower, r.device, c.today)) {
      approver = a->approved_by;
    } else if (c.can(Right::Admin)) {
      approver = r.actor;
    } else {
      c.need(Need::AdminApproval);
    }
    if (!r.conditions_confirmed) c.need(Need::ConditionsConfirmed);  // LN13
  }
  bool aup = aup_current(s, *borrower, c.today);
  if (!aup && !r.aup_accepted) c.need(Need::AupAcceptance);  // LN1
  auto accessories = issued_accessories(*d);
  if (!accessories.empty() && !r.accessories_confirmed) c.need(Need::AccessoriesConfirmed);  // LN7
  if (!c.d.allowed()) return std::move(c.d);

  if (!aup) c.emit(AupAccepted{.person = r.borrower, .date = c.today});
  Loan loan{.id = new_id("L", r.device, now, [&](const std::string& id) { return s.loans.contains(id); }),
            .device = r.device, .borrower = r.borrower, .out_at = now, .due_at = due, .off_site = r.off_site,
            .approved_by = approver, .accessories = accessories};
  c.emit(SignedOut{.loan = loan, .conditions_confirmed = r.conditions_confirmed}, approver);
  c.d.message = "Due back " + describe_time(due);
  // PT4: warn when the test falls due while the device is out.
  auto pat_due_date = pat_next_due(*d, c.cfg);
  if (pat_due_date && *pat_due_date < date_of(due))
    c.notice("Its electrical safety test (PAT) falls due on " + describe_date_long(*pat_due_date) +
             ", before it is back");
  if (pat_status(*d, c.cfg, c.today) == PatStatus::Untested) c.notice("No electrical safety test (PAT) is on record");
  if (!d->missing_accessories.empty()) c.notice("Not issued, recorded missing: " + d->missing_accessories.front());
  return std::move(c.d);
}

Decision decide_one(const State& s, const Return& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.known_actor()) return std::move(c.d);
  const Device* d = s.device(r.device);
  const Loan* loan = d ? s.loan_of(r.device) : nullptr;
  if (!loan) {
    c.refuse("LN1", d ? "This " + device_noun(*d) + " is not signed out" : "That device is not in the register");
    return std::move(c.d);
  }
  if (r.actor != loan->borrower && !c.staff()) {
    c.refuse("LN8", "Only the borrower or a member of staff can return this " + device_noun(*d));
    return std::move(c.d);
  }
  for (const auto& m : r.missing)
    if (std::ranges::find(loan->accessories, m) == loan->accessories.end())
      c.refuse("LN7", m + " was not issued with this " + device_noun(*d));
  if (!loan->accessories.empty() && !r.accessories_confirmed) c.need(Need::AccessoriesConfirmed);
  if (r.condition == Condition::Damaged && r.note.empty()) c.need(Need::DamageNote);
  if (!c.d.allowed()) return std::move(c.d);

  c.emit(Returned{.loan = loan->id, .device = r.device, .borrower = loan->borrower, .condition = r.condition,
                  .note = r.note, .missing = r.missing});
  c.d.message = "Thank you: " + device_label(*d) + " is back";
  if (now > loan->due_at) c.notice("Returned late: it was due back " + describe_time(loan->due_at));
  for (const auto& m : r.missing) c.notice("Recorded missing: " + m);
  if (r.condition == Condition::Damaged) c.notice("Sent for repair: it cannot be lent until IT clears it");
  if (d->recalled) c.notice("IT has recalled this " + device_noun(*d) + ": keep it at the desk for IT");
  return std::move(c.d);
}

Decision decide_one(const State& s, const ReportLost& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.known_actor()) return std::move(c.d);
  const Device* d = s.device(r.device);
  if (!d) {
    c.refuse("LN9", "That device is not in the register");
    return std::move(c.d);
  }
  const Loan* loan = s.loan_of(r.device);
  if (!c.staff() && (!loan || loan->borrower != r.actor))
    c.refuse("LN9", "Only the borrower or a member of staff can report this " + device_noun(*d) + " lost");
  if (d->status == DeviceStatus::Lost || d->status == DeviceStatus::Stolen)
    c.refuse("LN9", "This " + device_noun(*d) + " " + status_text(d->status) + " already");
  if (d->status == DeviceStatus::Retired) c.refuse("LN9", "This " + device_noun(*d) + " has been retired");
  Time known = r.known == Time{} ? now : r.known;
  if (known > now) c.refuse("LN9", "When it became known cannot be in the future");
  if (c.refused()) return std::move(c.d);

  bool encrypted = encryption_current(*d, c.cfg, c.today);
  bool breach = d->holds_sensitive_data() && !encrypted;
  c.emit(ReportedLost{.device = r.device, .stolen = r.stolen, .known = known,
                      .last_custodian = loan ? loan->borrower : std::string{}, .encrypted = encrypted,
                      .likely_breach = breach});
  c.d.message = device_label(*d) + (r.stolen ? " reported stolen" : " reported lost");
  // LN9: the school's 24-hour clock and the ICO's 72-hour clock, from when it became known.
  c.notice("Tell IT by " + describe_time(known + std::chrono::hours{24}));
  c.notice("If personal data may be affected, the ICO must be told by " + describe_time(known + std::chrono::hours{72}));
  if (breach) c.notice("Likely reportable personal-data breach: it may hold sensitive data and is not encrypted");
  return std::move(c.d);
}

Decision decide_one(const State& s, const Recall& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Admin, "LN12", "Only an administrator can recall a device")) return std::move(c.d);
  const Device* d = s.device(r.device);
  if (!d) c.refuse("LN12", "That device is not in the register");
  else if (d->recalled) c.refuse("LN12", "This " + device_noun(*d) + " is already recalled");
  else if (d->status != DeviceStatus::Available && d->status != DeviceStatus::AwaitingRepair)
    c.refuse("LN12", "This " + device_noun(*d) + " " + status_text(d->status));
  if (c.refused()) return std::move(c.d);
  c.emit(Recalled{.device = r.device, .reason = r.reason});
  const Loan* loan = s.loan_of(r.device);
  c.d.message = device_label(*d) + " recalled" +
                (loan ? ": the kiosk will ask for it when " + display_name(s, loan->borrower) + " next scans it"
                      : std::string{});
  return std::move(c.d);
}

Decision decide_one(const State& s, const ClearRepair& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Admin, "LN8", "Only IT can clear a device for lending after repair")) return std::move(c.d);
  const Device* d = s.device(r.device);
  if (!d || d->status != DeviceStatus::AwaitingRepair) {
    c.refuse("LN8", "That device is not waiting for repair");
    return std::move(c.d);
  }
  c.emit(RepairCleared{.device = r.device});
  c.d.message = device_label(*d) + " can be lent again";
  if (pat_status(*d, c.cfg, c.today) == PatStatus::Failed)
    c.notice("Its last electrical safety test failed: it stays out of service until it passes");
  return std::move(c.d);
}

}  // namespace core::detail
