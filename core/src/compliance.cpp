#include "core/compliance.h"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "core/calendar.h"
#include "core/queries.h"

namespace core {
namespace {

enum class Mark { NotHandedIn, NoDevice, Absent, Exempt, HandedIn };  // stronger marks win

// Each marked pupil's mark on each day looked at (0 = the day itself), and
// the days on which any mark was taken. A trust has a hundred thousand
// pupils and a few thousand marks: the report counts the roll, then looks
// at the marked pupils one by one.
struct Marks {
  std::unordered_map<std::string, std::vector<Mark>> of;
  std::vector<bool> taken;
};

// Forms as a school lists them: 7A before 10A (the year's number as a
// number), then the letters.
bool form_order(std::string_view a, std::string_view b) {
  auto split = [](std::string_view f) {
    std::size_t digits = 0;
    while (digits < f.size() && f[digits] >= '0' && f[digits] <= '9') ++digits;
    std::string_view number = f.substr(0, digits);
    while (number.size() > 1 && number.front() == '0') number.remove_prefix(1);
    return std::tuple{number.size(), number, f.substr(digits)};
  };
  return split(a) < split(b);
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

// The hand-ins need only their heads (the pupil is the event's person);
// a form box's marks are in its data.
Marks marks_of(std::span<const EventHead> handins, std::span<const Event> form_boxes, const std::vector<Date>& days) {
  Marks out{.of = {}, .taken = std::vector<bool>(days.size())};
  auto mark = [&](Time at, const std::string& pupil, Mark m) {
    auto day = std::ranges::find(days, date_of(at));
    if (day == days.end()) return;
    auto i = static_cast<std::size_t>(day - days.begin());
    auto& marks = out.of.try_emplace(pupil, days.size(), Mark::NotHandedIn).first->second;
    marks[i] = std::max(marks[i], m);  // stronger marks win
    out.taken[i] = true;
  };
  for (const auto& h : handins)
    if (h.type == HandedIn::kType) mark(h.at, h.subjects.person, Mark::HandedIn);
  for (const auto& e : form_boxes)
    if (const auto* f = std::get_if<FormBoxHandedIn>(&e.data))
      for (const auto& entry : f->entries) mark(e.at, entry.pupil, from_form(entry.mark));
  return out;
}

}  // namespace

std::vector<Date> compliance_days(const Settings& s, Date day, int repeat_window) {
  std::vector<Date> days{day};
  // Back over holidays, but not for ever: as many weeks as days wanted, and two.
  for (Date d = day - std::chrono::days{1}; static_cast<int>(days.size()) <= repeat_window &&
                                            d > day - std::chrono::days{7 * (repeat_window + 2)};
       d -= std::chrono::days{1})
    if (is_school_day(s, d)) days.push_back(d);
  return days;
}

std::vector<ComplianceRow> compliance_report(const State& s, std::span<const Event> events, Date day,
                                             int repeat_window) {
  std::vector<EventHead> handins;
  for (const auto& e : events)
    if (std::holds_alternative<HandedIn>(e.data)) handins.push_back(head_of(e));
  return compliance_report(s, handins, events, day, repeat_window);
}

std::vector<ComplianceRow> compliance_report(const State& s, std::span<const EventHead> handins,
                                             std::span<const Event> form_boxes, Date day, int repeat_window) {
  auto looked_at = compliance_days(s.settings, day, repeat_window);
  Marks marks = marks_of(handins, form_boxes, looked_at);

  bool taken_before = std::ranges::any_of(marks.taken.begin() + 1, marks.taken.end(), std::identity{});

  // Every active pupil, as the roll counts them, first as one with no mark:
  // not handed in, and so a repeat if any marks were taken on a day before...
  std::map<std::string, ComplianceRow, std::less<>> forms;
  std::map<int, ComplianceRow> years;
  auto rows_of = [&](const Text& form, int year) {
    auto row = forms.find(form.view());
    if (row == forms.end()) row = forms.emplace(form, ComplianceRow{}).first;
    return std::array{&row->second, &years[year]};
  };
  for (const auto& [group, pupils] : s.pupils_by_form_year)
    for (ComplianceRow* row : rows_of(group.form, group.year)) {
      row->expected += pupils;
      row->not_handed_in += pupils;
      if (taken_before) row->repeat += pupils;
    }
  // ...then those with a mark or an exemption, as they are.
  auto recount = [&](const std::string& id) {
    const Person* p = s.person(id);
    if (!p || !p->active || !p->roles.has(Right::Pupil)) return;
    auto found = marks.of.find(id);
    bool exemptions = s.exemptions.contains(id);
    auto status = [&](std::size_t i) {
      Mark m = found == marks.of.end() ? Mark::NotHandedIn : found->second[i];
      if (m < Mark::Exempt && exemptions && is_exempt(s, id, looked_at[i])) m = Mark::Exempt;
      return m;
    };
    Mark today = status(0);
    bool repeat = false;
    if (today == Mark::NotHandedIn)
      for (std::size_t i = 1; i < looked_at.size() && !repeat; ++i)
        repeat = marks.taken[i] && status(i) == Mark::NotHandedIn;
    for (ComplianceRow* row : rows_of(p->form, p->year)) {
      --row->not_handed_in;
      if (taken_before) --row->repeat;
      switch (today) {
        case Mark::HandedIn: ++row->handed_in; break;
        case Mark::Exempt: ++row->exempt; break;
        case Mark::Absent: ++row->absent; break;
        case Mark::NoDevice: ++row->no_device; break;
        case Mark::NotHandedIn: ++row->not_handed_in; break;
      }
      if (repeat) ++row->repeat;
    }
  };
  for (const auto& [id, m] : marks.of) recount(id);
  for (const auto& [id, e] : s.exemptions)
    if (!marks.of.contains(id)) recount(id);
  std::vector<ComplianceRow> out;
  for (auto& [form, row] : forms) {
    row.group = form.empty() ? "No form" : form;
    out.push_back(row);
  }
  std::ranges::stable_sort(out, form_order, &ComplianceRow::group);
  for (auto& [year, row] : years) {
    row.group = "Year " + std::to_string(year);
    out.push_back(row);
  }
  return out;
}

}  // namespace core
