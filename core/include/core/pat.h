// Portable appliance testing (PT1-PT4) and the encryption check (LN3): when a
// device is next due, and whether it may be used or leave site today.
//
//   auto due = core::pat_next_due(device, settings);          // PT2
//   if (core::pat_status(device, settings, today) == core::PatStatus::Overdue) ...  // LN4
#pragma once

#include <optional>

#include "core/enum_names.h"
#include "core/model.h"
#include "core/settings.h"
#include "core/state.h"
#include "core/time.h"

namespace core {

enum class PatStatus : std::uint8_t {
  Ok,           // passed, next test not within the window
  DueSoon,      // PT4: due within the window (due today counts)
  Overdue,      // past its due date: out of service (LN4)
  Failed,       // PT3: out of service until repaired and passed again
  NotRequired,  // the table has no routine test for its class and type
  Untested,     // a routine test applies but none is recorded yet
};
constexpr std::pair<PatStatus, std::string_view> kPatStatusNames[] = {
    {PatStatus::Ok, "ok"},           {PatStatus::DueSoon, "due-soon"},
    {PatStatus::Overdue, "overdue"}, {PatStatus::Failed, "failed"},
    {PatStatus::NotRequired, "not-required"}, {PatStatus::Untested, "untested"}};
inline EnumTable<PatStatus> names(PatStatus) { return kPatStatusNames; }

// PT2: months until the next test, from the per-item override or the school's
// table by (class, type) and the inspection type of the last pass; if the
// table has no interval for that inspection type, the other type's applies.
[[nodiscard]] std::optional<int> pat_interval_months(const Device& d, const Settings& s);
// PT2: last pass + interval; nullopt when never passed or not required.
[[nodiscard]] std::optional<Date> pat_next_due(const Device& d, const Settings& s);
[[nodiscard]] PatStatus pat_status(const Device& d, const Settings& s, Date today);
// The fields of a device that pat_status() and pat_next_due() read (names as
// Walk::fields has them: the latest test's result and inspection alone).
inline const std::vector<std::string_view> kPatFields{
    "status", "equipment_class", "equipment_type", "pat_interval_months", "last_pat_pass", "last_pat_passed",
    "last_pat_inspection"};
// LN4, AR3: overdue and failed items are out of service.
[[nodiscard]] bool pat_out_of_service(PatStatus status);
// The walk that finds the devices due by `today` (PT4), or never tested, whole
// rows: it leaves out retired devices, those whose last pass is too recent to
// be due under the interval of the table that applies to them and those it
// gives no interval, so a register read from a file passes only the few that
// may be due or are untested.
[[nodiscard]] Walk pat_due_walk(const Settings& s, Date today);

// LN3: marked encrypted, verified no longer ago than the configured months
// (verified exactly that many months ago still counts).
[[nodiscard]] bool encryption_current(const Device& d, const Settings& s, Date today);

// AR2: never seen, or last seen at least the audit interval ago.
[[nodiscard]] bool audit_due(const Device& d, const Settings& s, Date today);

}  // namespace core
