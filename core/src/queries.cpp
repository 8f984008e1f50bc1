#include "core/queries.h"

#include <algorithm>

#include "core/calendar.h"
#include "core/desk_rules.h"
#include "core/pat.h"

namespace core {

bool is_exempt(const State& s, const std::string& pupil, Date day) {
  auto it = s.exemptions.find(pupil);
  if (it == s.exemptions.end()) return false;
  return std::ranges::any_of(it->second, [&](const Exemption& e) { return e.start <= day && day <= e.end; });
}

std::vector<const HeldItem*> still_held(const State& s) {
  std::vector<const HeldItem*> out;
  for (const auto& [id, item] : s.held)
    if (!item.confiscation) out.push_back(&item);
  return out;
}

std::vector<const HeldItem*> held_overnight(const State& s, Time now) {
  std::vector<const HeldItem*> out;
  for (const HeldItem* item : still_held(s))
    if (date_of(item->at) < date_of(now)) out.push_back(item);
  return out;
}

std::vector<const HeldItem*> held_for(const State& s, const std::string& pupil) {
  std::vector<const HeldItem*> out;
  for (const auto& [id, item] : s.held)
    if (item.pupil == pupil) out.push_back(&item);
  return out;
}

const Rack* rack_of(const State& s, std::string_view slot) {
  for (const auto& [id, rack] : s.racks)
    if (!id.empty() && rack.first <= slot && slot <= rack.last) return &rack;
  auto rest = s.racks.find("");
  return rest == s.racks.end() ? nullptr : &rest->second;
}

bool gives_out(const State& s, std::string_view desk, std::string_view slot) {
  if (desk.empty()) return true;
  const Rack* rack = rack_of(s, slot);
  return !rack || rack->desk == desk;
}

LadderOutcome ladder_step_for(const State& s, const std::string& pupil, Time now) {
  const Settings& cfg = s.settings;
  Date today = date_of(now);
  auto term = term_of(cfg, today);
  Date from = term ? term->first : academic_year_start(cfg, today);
  Date to = term ? term->last : today;
  int before = 0;
  if (auto it = s.confiscations.find(pupil); it != s.confiscations.end())
    before = static_cast<int>(std::ranges::count_if(it->second, [&](Time t) {
      return date_of(t) >= from && date_of(t) <= to && t <= now;
    }));
  LadderOutcome out;
  out.nth = before + 1;
  // Past the top of the ladder the last rung repeats.
  out.step = cfg.ladder.empty() ? LadderStep{}
                                : cfg.ladder[std::min<std::size_t>(before, cfg.ladder.size() - 1)];
  if (out.step.not_before_school_days > 0)
    out.not_before = add_school_days(cfg, today, out.step.not_before_school_days);
  return out;
}

Date release_date(const HeldItem& item) {
  if (item.confiscation && item.confiscation->not_before) return *item.confiscation->not_before;
  return date_of(item.at);
}

std::vector<const HeldItem*> past_release_date(const State& s, Date today) {
  std::vector<const HeldItem*> out;
  for (const auto& [id, item] : s.held)
    if (item.confiscation && release_date(item) < today) out.push_back(&item);
  std::ranges::sort(out, {}, [](const HeldItem* i) { return release_date(*i); });
  return out;
}

std::vector<const Loan*> overdue_loans(const State& s, Time now) {
  std::vector<const Loan*> out;
  for (const auto& [id, loan] : s.loans)
    if (loan.due_at < now) out.push_back(&loan);
  std::ranges::sort(out, {}, &Loan::due_at);
  return out;
}

std::vector<const Loan*> off_site_loans(const State& s) {
  std::vector<const Loan*> out;
  for (const auto& [id, loan] : s.loans)
    if (loan.off_site) out.push_back(&loan);
  return out;
}

std::vector<const Loan*> loans_of(const State& s, const std::string& person) {
  std::vector<const Loan*> out;
  for (const auto& [id, loan] : s.loans)
    if (loan.borrower == person) out.push_back(&loan);
  return out;
}

int max_loan_days(const Device& d, const Settings& s) {
  if (d.max_loan_days) return *d.max_loan_days;
  if (auto it = s.max_loan_days.find(d.kind); it != s.max_loan_days.end()) return it->second;
  return s.offsite_max_days;
}

Time default_due(const Settings& s, Time now, bool off_site) {
  Date today = date_of(now);
  if (off_site) return at(add_school_days(s, today, 1), s.offsite_due);
  Time due = at(today, s.onsite_due);
  return due > now ? due : at(add_school_days(s, today, 1), s.onsite_due);
}

std::vector<DueChoice> longer_off_site_dues(const Settings& s, const Device& d, Time now) {
  Date today = date_of(now);
  Date after = date_of(default_due(s, now, true));
  Date longest = today + std::chrono::days{max_loan_days(d, s)};
  std::vector<std::pair<std::string, Date>> wanted{{"In a week", today + std::chrono::days{7}},
                                                   {"In two weeks", today + std::chrono::days{14}}};
  if (auto term = term_of(s, today)) wanted.emplace_back("End of term", term->last);
  wanted.emplace_back("Longest", longest);
  std::vector<DueChoice> out;
  for (auto [what, day] : wanted) {
    if (day > longest) continue;
    while (day > after && !is_school_day(s, day)) day -= std::chrono::days{1};
    if (day <= after) continue;
    Time due = at(day, s.offsite_due);
    if (std::ranges::none_of(out, [&](const DueChoice& c) { return c.at == due; })) out.push_back({what, due});
  }
  std::ranges::sort(out, {}, &DueChoice::at);
  return out;
}

std::vector<Device> missing_accessories(const State& s) {
  std::vector<Device> out;
  s.each_device([&](const Device& d) {
    if (!d.missing_accessories.empty()) out.push_back(d);
  });
  return out;
}

std::optional<std::string> scan_prompt(const State& s, const std::string& device) {
  const Device* d = s.device(device);
  if (!d || !d->recalled) return std::nullopt;
  std::string text = "IT has recalled " + (d->name.empty() ? d->id : d->name) + ": please hand it in at the desk";
  if (!d->recall_reason.empty()) text += " (" + d->recall_reason + ")";
  return text;
}

const Approval* approval_for(const State& s, const std::string& person, const std::string& device, Date day) {
  // The device itself, then any of its kind, then any device.
  std::vector<std::string> covers{device};
  if (const Device* d = s.device(device)) covers.push_back(std::string{kApprovalKindPrefix} + std::string{to_string(d->kind)});
  covers.emplace_back();
  for (const auto& what : covers) {
    auto it = s.approvals.find(approval_key(person, what));
    if (it != s.approvals.end() && it->second.until >= day) return &it->second;
  }
  return nullptr;
}

bool aup_current(const State& s, const Person& p, Date day) {
  return p.aup_accepted && *p.aup_accepted >= academic_year_start(s.settings, day) && *p.aup_accepted <= day;
}

std::vector<Device> pat_due(const State& s, Date today, std::vector<std::string_view> fields) {
  std::vector<Device> due;
  std::vector<std::pair<Date, std::size_t>> order;  // next due (none: failed, first), worked out once
  Walk walk = pat_due_walk(s.settings, today);
  walk.skip_untested = true;  // not due: pat_due_report lists them apart
  walk.fields = std::move(fields);
  s.each_device(
      [&](const Device& d) {
        if (d.status == DeviceStatus::Retired) return;
        auto st = pat_status(d, s.settings, today);
        if (st == PatStatus::DueSoon || st == PatStatus::Overdue || st == PatStatus::Failed) {
          order.emplace_back(pat_next_due(d, s.settings).value_or(Date{}), due.size());
          due.push_back(d);
        }
      },
      walk);
  std::ranges::sort(order);  // by date, then as walked (in key order)
  std::vector<Device> out;
  out.reserve(due.size());
  for (auto [date, i] : order) out.push_back(std::move(due[i]));
  return out;
}

bool audit_expects(const State& s, const Device& d, const std::string& location) {
  if (d.owner == Owner::Personal || d.status == DeviceStatus::Retired || d.status == DeviceStatus::Lost ||
      d.status == DeviceStatus::Stolen || s.loan_of(d.id))
    return false;
  return location.empty() || d.home_location == location;
}

std::vector<Device> audit_due_list(const State& s, Date today) {
  std::vector<Device> out;
  s.each_device([&](const Device& d) {
    if (d.status != DeviceStatus::Retired && d.owner != Owner::Personal && audit_due(d, s.settings, today))
      out.push_back(d);
  });
  return out;
}

}  // namespace core
