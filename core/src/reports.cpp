#include "core/reports.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/compliance.h"
#include "core/enum_names.h"
#include "core/pat.h"
#include "core/queries.h"
#include "core/request.h"

namespace core {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

// "2026-11-24 08:20": reports are read by people, not parsed.
std::string when(Time t) {
  auto s = format_time(t);
  return s.substr(0, 10) + " " + s.substr(11, 5);
}

std::string full_name(const State& s, const std::string& id) {
  const auto* p = s.person(id);
  if (!p) return id;
  return p->surname + ", " + (p->preferred_name.empty() ? p->first_name : p->preferred_name);
}

std::string device_name(const State& s, const std::string& id) {
  const auto* d = s.device(id);
  return d ? d->name.str() : std::string{};
}

std::string form_of(const State& s, const std::string& id) {
  const auto* p = s.person(id);
  return p ? p->form.str() : std::string{};
}

// "3 d 4 h", "5 h 10 min", "20 min"
std::string span(std::chrono::seconds d) {
  auto total = std::chrono::duration_cast<minutes>(d).count();
  auto dd = total / (24 * 60), hh = (total / 60) % 24, mm = total % 60;
  if (dd) return std::to_string(dd) + " d " + std::to_string(hh) + " h";
  if (hh) return std::to_string(hh) + " h " + std::to_string(mm) + " min";
  return std::to_string(mm) + " min";
}

std::string yes_no(bool b) { return b ? "yes" : "no"; }

}  // namespace

Report overdue_report(const State& s, Time now) {
  Report r{.title = "Overdue loans", .columns = {"Device", "Name", "Borrower", "Out", "Due", "Overdue by", "Off site"}};
  for (const auto* l : overdue_loans(s, now))
    r.rows.push_back({l->device, device_name(s, l->device), full_name(s, l->borrower), when(l->out_at), when(l->due_at),
                      span(now - l->due_at), yes_no(l->off_site)});
  r.notes.push_back(std::to_string(r.rows.size()) + " overdue of " + std::to_string(s.loans.size()) + " open loans");
  return r;
}

Report offsite_report(const State& s, Time now) {
  Report r{.title = "Devices off site", .columns = {"Device", "Name", "Borrower", "Out", "Due", "Approved by", "Overdue"}};
  for (const auto* l : off_site_loans(s))
    r.rows.push_back({l->device, device_name(s, l->device), full_name(s, l->borrower), when(l->out_at), when(l->due_at),
                      l->approved_by.empty() ? "" : full_name(s, l->approved_by), yes_no(l->due_at < now)});
  std::ranges::sort(r.rows);
  return r;
}

Report audit_due_report(const State& s, Date today) {
  Report r{.title = "Due for audit", .columns = {"Device", "Name", "Location", "Last seen"}};
  for (const Device& d : audit_due_list(s, today))
    r.rows.push_back({d.id, d.name, d.home_location, d.last_seen ? format_date(*d.last_seen) : "never"});
  r.notes.push_back(std::to_string(r.rows.size()) + " not seen by an audit in " +
                    std::to_string(s.settings.audit_interval_months) + " months");
  return r;
}

Report pat_due_report(const State& s, Date today) {
  Report r{.title = "PAT due and overdue",
           .columns = {"Device", "Name", "Location", "Class", "Type", "Last test", "Result", "Next due", "State"}};
  auto add = [&](const Device& d, const std::string& state) {
    auto next = pat_next_due(d, s.settings);
    r.rows.push_back({d.id, d.name, d.home_location, std::string{to_string(d.equipment_class)},
                      std::string{to_string(d.equipment_type)}, d.last_pat ? format_date(d.last_pat->date) : "",
                      d.last_pat ? (d.last_pat->passed ? "pass" : "fail") : "", next ? format_date(*next) : "", state});
  };
  for (const Device& d : pat_due(s, today)) {
    auto st = pat_status(d, s.settings, today);
    add(d, st == PatStatus::Failed ? "failed" : st == PatStatus::Overdue ? "overdue" : "due");
  }
  // A routine test applies but none is on record: as out of service as overdue (LN4).
  s.each_device(
      [&](const Device& d) {
        if (d.status != DeviceStatus::Retired && pat_status(d, s.settings, today) == PatStatus::Untested)
          add(d, "never tested");
      },
      pat_due_walk(s.settings, today));  // (a device with a pass on record is not untested)
  // Worst first: failed, overdue, never tested, due; then by date and id.
  auto rank = [](const std::string& st) { return st == "failed" ? 0 : st == "overdue" ? 1 : st == "never tested" ? 2 : 3; };
  std::ranges::stable_sort(r.rows, [&](const auto& a, const auto& b) {
    return std::tuple(rank(a[8]), a[7], a[0]) < std::tuple(rank(b[8]), b[7], b[0]);
  });
  r.notes.push_back("due = within " + std::to_string(s.settings.pat_due_window_days) + " days of " + format_date(today));
  return r;
}

Report uncollected_report(const State& s, Time now) {
  Report r{.title = "Pupils' devices not collected",
           .columns = {"Pupil", "Form", "Kind", "Description", "Slot", "Handed in", "Overnight"}};
  auto items = still_held(s);
  std::ranges::sort(items, [&](const HeldItem* a, const HeldItem* b) {
    return std::tuple(form_of(s, a->pupil), full_name(s, a->pupil), a->id) <
           std::tuple(form_of(s, b->pupil), full_name(s, b->pupil), b->id);
  });
  int overnight = 0;
  for (const auto* h : items) {
    bool night = date_of(h->at) < date_of(now);
    overnight += night;
    r.rows.push_back({full_name(s, h->pupil), form_of(s, h->pupil), std::string{to_string(h->kind)}, h->description,
                      h->slot, when(h->at), yes_no(night)});
  }
  r.notes.push_back(std::to_string(items.size()) + " held, " + std::to_string(overnight) + " overnight");
  return r;
}

Report confiscations_report(const State& s, Time now) {
  Report r{.title = "Confiscations held",
           .columns = {"Pupil", "Form", "Kind", "Slot", "Since", "By", "Release", "Not before", "Parent informed",
                       "Evidence hold", "Past release date"}};
  std::vector<const HeldItem*> items;
  for (const auto& [id, h] : s.held)
    if (h.confiscation) items.push_back(&h);
  std::ranges::sort(items, [](const HeldItem* a, const HeldItem* b) { return std::tie(a->at, a->id) < std::tie(b->at, b->id); });
  auto today = date_of(now);
  for (const auto* h : items) {
    const auto& c = *h->confiscation;
    bool past = release_date(*h) < today;  // CF4
    r.rows.push_back({full_name(s, h->pupil), form_of(s, h->pupil), std::string{to_string(h->kind)}, h->slot, when(h->at),
                      full_name(s, c.staff.empty() ? std::string{} : c.staff), std::string{to_string(c.release)},
                      c.not_before ? format_date(*c.not_before) : "", c.parent_informed ? when(*c.parent_informed) : "",
                      yes_no(c.evidence_hold), yes_no(past)});
  }
  return r;
}

Report handin_report(const std::vector<ComplianceRow>& rows, Date day) {
  Report r{.title = "Hand-in compliance " + format_date(day),
           .columns = {"Group", "Expected", "Handed in", "Exempt", "Absent", "No device", "Not handed in", "Repeat"}};
  for (const auto& row : rows)  // PH8: the rules' own count
    r.rows.push_back({row.group, std::to_string(row.expected), std::to_string(row.handed_in), std::to_string(row.exempt),
                      std::to_string(row.absent), std::to_string(row.no_device), std::to_string(row.not_handed_in),
                      std::to_string(row.repeat)});
  r.notes.push_back("Repeat: not handed in today, nor on another of the last 5 school days on which hand-ins were taken");
  return r;
}

Report audit_report(const State& s, const Event& finished) {
  Report r{.title = "Audit", .columns = {"Device", "Name", "Home location", "Result"}};
  const auto* f = std::get_if<AuditFinished>(&finished.data);
  if (!f) return r;
  r.title = "Audit " + f->audit + " (" + when(finished.at) + ")";
  auto add = [&](const std::vector<std::string>& ids, const char* result) {
    for (const auto& id : ids) {
      const auto* d = s.device(id);
      r.rows.push_back({id, d ? d->name : "", d ? d->home_location : "", result});
    }
  };
  add(f->missing, "missing");
  add(f->unexpected, "unexpected");
  add(f->found, "found");
  r.notes.push_back(std::to_string(f->found.size()) + " found, " + std::to_string(f->missing.size()) + " missing, " +
                    std::to_string(f->unexpected.size()) + " unexpected");
  return r;
}

Report breach_report(const State& s, const std::vector<Event>& reports, Time now) {
  Report r{.title = "Loss and breach clocks",
           .columns = {"Device", "Name", "Lost or stolen", "Known", "Reported", "Last custodian", "Encrypted",
                       "Likely breach", "School 24 h", "ICO 72 h"}};
  std::map<std::string, const Event*> latest;  // the latest report of each device
  for (const auto& e : reports)
    if (const auto* l = std::get_if<ReportedLost>(&e.data)) latest[l->device] = &e;
  for (const auto& [device, e] : latest) {
    const auto& l = std::get<ReportedLost>(e->data);
    const auto* d = s.device(device);
    if (d && d->status != DeviceStatus::Lost && d->status != DeviceStatus::Stolen) continue;  // found again
    // The school's clock stops when the loss is reported here; the ICO's runs
    // until the school tells the ICO, which tagdesk does not record.
    auto school_deadline = l.known + hours{24};
    std::string school = e->at <= school_deadline ? "met (" + span(e->at - l.known) + ")"
                                                  : "missed by " + span(e->at - school_deadline);
    auto ico_deadline = l.known + hours{72};
    std::string ico = !l.likely_breach          ? "not needed"
                      : now < ico_deadline      ? span(ico_deadline - now) + " left (" + when(ico_deadline) + ")"
                                                : "ended " + when(ico_deadline);
    r.rows.push_back({device, device_name(s, device), l.stolen ? "stolen" : "lost", when(l.known), when(e->at),
                      l.last_custodian.empty() ? "" : full_name(s, l.last_custodian), yes_no(l.encrypted),
                      yes_no(l.likely_breach), school, ico});
  }
  return r;
}

Report leavers_report(const State& s) {
  Report r{.title = "Leavers with devices", .columns = {"Person", "Name", "Device", "What", "Since", "Due"}};
  s.each_person([&](const Person& p) {
    if (p.active) return;
    const std::string id = p.id;
    for (const Loan* l : loans_of(s, id))
      r.rows.push_back({id, full_name(s, id), l->device, device_name(s, l->device) + " (on loan)", when(l->out_at),
                        when(l->due_at)});
    for (const HeldItem* h : held_for(s, id))
      r.rows.push_back({id, full_name(s, id), h->id,
                        std::string{to_string(h->kind)} + (h->confiscation ? " (confiscated)" : " (handed in)"), when(h->at), ""});
  });
  std::ranges::sort(r.rows);
  return r;
}

Report encryption_report(const State& s, Date today) {
  Report r{.title = "Sensitive devices without current encryption",
           .columns = {"Device", "Name", "Kind", "Location", "Encrypted", "Verified", "Problem"}};
  s.each_device([&](const Device& d) {
    if (d.status == DeviceStatus::Retired || !d.holds_sensitive_data()) return;
    if (encryption_current(d, s.settings, today)) return;  // LN3
    std::string problem = !d.encrypted              ? "not encrypted"
                          : !d.encryption_verified  ? "never verified"
                          : *d.encryption_verified > today ? "verified date in the future"
                                                    : "verified over " + std::to_string(s.settings.encryption_max_age_months) + " months ago";
    r.rows.push_back({d.id, d.name, std::string{to_string(d.kind)}, d.home_location, yes_no(d.encrypted),
                      d.encryption_verified ? format_date(*d.encryption_verified) : "", problem});
  });
  return r;
}

Report exports_report(const std::vector<Event>& exported) {
  Report r{.title = "Personal data exported or listed", .columns = {"When", "Who", "What", "Where to"}};
  for (auto it = exported.rbegin(); it != exported.rend(); ++it) {
    const auto* e = std::get_if<DataExported>(&it->data);
    if (!e) continue;
    std::string who = it->actor == kSystemActor ? "command line" + (e->os_user.empty() ? std::string{} : " (" + e->os_user + ")")
                                                : it->actor;
    r.rows.push_back({format_time(it->at), who, e->what, e->destination});
  }
  r.notes.push_back(std::to_string(r.rows.size()) + " exports and listings (DP4)");
  return r;
}

Report across_schools(const std::vector<std::pair<std::string, Report>>& by_school) {
  Report out;
  for (const auto& [school, r] : by_school) {
    if (out.columns.empty()) {
      out.title = r.title + ", every school";
      out.columns = r.columns;
      out.columns.insert(out.columns.begin(), "School");
    }
    for (auto row : r.rows) {
      row.insert(row.begin(), school);
      out.rows.push_back(std::move(row));
    }
    for (const auto& note : r.notes) out.notes.push_back(school + ": " + note);
  }
  return out;
}

namespace {

// "signed out to Kowalska, Zoë at desk reception, 2026-11-24 08:30, by S1 (event 3f2a...)"
std::string told(const State& s, const ConflictStory& c) {
  std::string what = c.type == SignedOut::kType      ? "signed out to " + full_name(s, c.person)
                     : c.type == Returned::kType     ? "returned from " + full_name(s, c.person)
                     : c.type == ReportedLost::kType ? "reported lost or stolen (last with " + full_name(s, c.person) + ")"
                     : c.type == Collected::kType    ? "collected by " + full_name(s, c.person)
                     : c.type == Released::kType     ? "released (" + full_name(s, c.person) + "'s)"
                                                     : c.type;
  return what + " at desk " + c.kiosk + ", " + when(c.at) + ", by " + c.actor + " (event " + c.event + ")";
}

}  // namespace

Report conflicts_report(const State& s, const std::vector<Event>& conflicts) {
  Report r{.title = "Conflicts between desks",
           .columns = {"Device", "Name", "First (in the server's order)", "Then, not knowing of it"}};
  for (auto it = conflicts.rbegin(); it != conflicts.rend(); ++it)
    if (const auto* c = std::get_if<ConflictRecorded>(&it->data))
      r.rows.push_back({c->device.empty() ? c->held : c->device,
                        c->device.empty() ? "a pupil's device (" + full_name(s, c->first.person) + ")"
                                          : device_name(s, c->device),
                        told(s, c->first), told(s, c->second)});
  r.notes.push_back(std::to_string(r.rows.size()) + (r.rows.size() == 1 ? " conflict" : " conflicts") +
                    ": two desks recorded these before either knew of the other's event. Both events "
                    "stand; find the device and put the record right (a return, or a loss report; for a pupil's device, "
                    "who has it now)");
  return r;
}

}  // namespace core
