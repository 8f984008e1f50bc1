#include "core/pat.h"

namespace core {

std::optional<int> pat_interval_months(const Device& d, const Settings& s) {
  if (d.pat_interval_months) return *d.pat_interval_months;
  auto it = s.pat_intervals.find({d.equipment_class, d.equipment_type});
  if (it == s.pat_intervals.end()) return std::nullopt;
  const PatInterval& i = it->second;
  bool combined = !d.last_pat || d.last_pat->inspection == Inspection::Combined;
  auto first = combined ? i.combined : i.visual;
  auto second = combined ? i.visual : i.combined;
  return first ? first : second;
}

std::optional<Date> pat_next_due(const Device& d, const Settings& s) {
  auto months = pat_interval_months(d, s);
  if (!months || !d.last_pat_pass) return std::nullopt;
  return add_months(*d.last_pat_pass, *months);
}

PatStatus pat_status(const Device& d, const Settings& s, Date today) {
  // PT3: the latest test decides; a pass before a failure does not count.
  if (d.last_pat && !d.last_pat->passed) return PatStatus::Failed;
  if (!pat_interval_months(d, s)) return PatStatus::NotRequired;
  auto due = pat_next_due(d, s);
  if (!due) return PatStatus::Untested;
  if (*due < today) return PatStatus::Overdue;
  if (*due <= today + std::chrono::days{s.pat_due_window_days}) return PatStatus::DueSoon;
  return PatStatus::Ok;
}

bool pat_out_of_service(PatStatus status) { return status == PatStatus::Overdue || status == PatStatus::Failed; }

Walk pat_due_walk(const Settings& s, Date today) {
  Walk w{.skip_retired = true};
  Date limit = today + std::chrono::days{s.pat_due_window_days};
  for (const auto& [key, interval] : s.pat_intervals)
    for (auto inspection : {Inspection::Visual, Inspection::Combined}) {
      // The interval pat_status() would use for such a device.
      Device probe{.equipment_class = key.first, .equipment_type = key.second};
      probe.last_pat = PatRecord{.inspection = inspection};
      auto months = pat_interval_months(probe, s);
      if (!months) continue;
      // The last pass date still due by the window's end: add_months() only
      // grows with its date, so every later pass is due after the window.
      // Found by steps, as month ends make add_months() uneven (31 January +
      // 1 month = 28 February).
      Date last = add_months(limit, -*months);
      while (add_months(last + std::chrono::days{1}, *months) <= limit) last += std::chrono::days{1};
      while (add_months(last, *months) > limit) last -= std::chrono::days{1};
      w.only_pat_cutoffs.push_back({key.first, key.second, inspection, last});
    }
  return w;
}

bool encryption_current(const Device& d, const Settings& s, Date today) {
  return d.encrypted && d.encryption_verified && *d.encryption_verified <= today &&
         *d.encryption_verified >= add_months(today, -s.encryption_max_age_months);
}

bool audit_due(const Device& d, const Settings& s, Date today) {
  return !d.last_seen || *d.last_seen <= add_months(today, -s.audit_interval_months);
}

}  // namespace core
