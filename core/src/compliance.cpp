#include "core/compliance.h"

#include <map>
#include <optional>
#include <set>

#include "core/calendar.h"
#include "core/queries.h"

namespace core {
namespace {

enum class Mark { NotHandedIn, NoDevice, Absent, Exempt, HandedIn };  // stronger marks win

using DayMarks = std::map<std::string, Mark>;

void mark(DayMarks& marks, const std::string& pupil, Mark m) {
  auto [it, inserted] = marks.try_emplace(pupil, m);
  if (!inserted && m > it->second) it->second = m;
}

Mark from_form(FormMark m) {
  switch (m) {
    case FormMark::HandedIn: return Mark::HandedIn;
    case FormMark::Absent: return Mark::Absent;
    case FormMark::Exempt: return Mark::Exempt;
    case FormMark::NoDevice: return Mark::NoDevice;
  }
  return Mark::NotHandedIn;
}

std::map<Date, DayMarks> marks_by_day(std::span<const Event> events, Date from, Date to) {
  std::map<Date, DayMarks> out;
  for (const auto& e : events) {
    Date d = date_of(e.at);
    if (d < from || d > to) continue;
    if (const auto* h = std::get_if<HandedIn>(&e.data)) mark(out[d], h->item.pupil, Mark::HandedIn);
    if (const auto* f = std::get_if<FormBoxHandedIn>(&e.data))
      for (const auto& entry : f->entries) mark(out[d], entry.pupil, from_form(entry.mark));
  }
  return out;
}

Mark status(const State& s, const std::map<Date, DayMarks>& days, const std::string& pupil, Date d) {
  Mark m = Mark::NotHandedIn;
  if (auto it = days.find(d); it != days.end())
    if (auto p = it->second.find(pupil); p != it->second.end()) m = p->second;
  if (m < Mark::Exempt && is_exempt(s, pupil, d)) m = Mark::Exempt;
  return m;
}

// How far back compliance_report looks for the school days before `day`.
Date lookback_start(Date day, int repeat_window) { return day - std::chrono::days{7 * (repeat_window + 2)}; }

}  // namespace

ComplianceLog compliance_log(Date day, int repeat_window) {
  return {.types = {std::string{HandedIn::kType}, std::string{FormBoxHandedIn::kType}},
          .from = at(lookback_start(day, repeat_window), {}),
          .to = at(day + std::chrono::days{1}, {})};
}

std::vector<ComplianceRow> compliance_report(const State& s, std::span<const Event> events, Date day,
                                             int repeat_window) {
  // The earlier school days to look back over, newest first.
  std::vector<Date> earlier;
  for (Date d = day - std::chrono::days{1}; static_cast<int>(earlier.size()) < repeat_window &&
                                            d > lookback_start(day, repeat_window);
       d -= std::chrono::days{1})
    if (is_school_day(s.settings, d)) earlier.push_back(d);
  auto days = marks_by_day(events, earlier.empty() ? day : earlier.back(), day);

  std::map<std::string, ComplianceRow> forms;
  std::map<int, ComplianceRow> years;
  s.each_person([&](const Person& p) {
    if (!p.active || !p.roles.has(Right::Pupil)) return;
    const std::string id = p.id;
    Mark today = status(s, days, id, day);
    bool repeat = false;
    if (today == Mark::NotHandedIn)
      for (Date d : earlier)
        if (days.contains(d) && status(s, days, id, d) == Mark::NotHandedIn) repeat = true;
    for (ComplianceRow* row : {&forms[p.form], &years[p.year]}) {
      ++row->expected;
      switch (today) {
        case Mark::HandedIn: ++row->handed_in; break;
        case Mark::Exempt: ++row->exempt; break;
        case Mark::Absent: ++row->absent; break;
        case Mark::NoDevice: ++row->no_device; break;
        case Mark::NotHandedIn: ++row->not_handed_in; break;
      }
      if (repeat) ++row->repeat;
    }
  }, Walk{.fields = {"id", "active", "roles", "form", "year"}});
  std::vector<ComplianceRow> out;
  for (auto& [form, row] : forms) {
    row.group = form.empty() ? "No form" : form;
    out.push_back(row);
  }
  for (auto& [year, row] : years) {
    row.group = "Year " + std::to_string(year);
    out.push_back(row);
  }
  return out;
}

}  // namespace core
