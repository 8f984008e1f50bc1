// Questions the kiosk, reports and command line ask of the record. One
// implementation each, so a screen and a report cannot disagree.
//
//   for (const core::Loan* l : core::overdue_loans(state, now)) ...   // LN6
//   core::is_exempt(state, "P0042", today)                            // PH4
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/settings.h"
#include "core/state.h"
#include "core/time.h"

namespace core {

// ---------------------------------------------------------------- PH
// PH4: an exemption covers the date (start and end inclusive).
[[nodiscard]] bool is_exempt(const State& s, const std::string& pupil, Date day);
// PH5: handed-in (not confiscated) devices still held now.
[[nodiscard]] std::vector<const HeldItem*> still_held(const State& s);
// PH5: handed-in devices held since before today: flagged on the morning screen.
[[nodiscard]] std::vector<const HeldItem*> held_overnight(const State& s, Time now);
// The devices a pupil has in the school's keeping.
[[nodiscard]] std::vector<const HeldItem*> held_for(const State& s, const std::string& pupil);
// Issue 21, PH2: the rack holding a pouch: the named rack whose ids it falls
// between, else the rack "" (the pouches on no other rack), else none.
[[nodiscard]] const Rack* rack_of(const State& s, std::string_view slot);
// PH2: whether `desk` gives out this pouch: it is on one of the desk's racks,
// or on no rack at all. An empty desk (the command line) gives out any.
[[nodiscard]] bool gives_out(const State& s, std::string_view desk, std::string_view slot);

// ---------------------------------------------------------------- CF
struct LadderOutcome {
  int nth = 1;                    // this would be the pupil's nth confiscation this term
  LadderStep step;
  std::optional<Date> not_before;  // from step.not_before_school_days
};
// CF2: counts the pupil's confiscations in the term containing now (or, out of
// term, since the academic year began) and picks the rung.
[[nodiscard]] LadderOutcome ladder_step_for(const State& s, const std::string& pupil, Time now);
// CF2/CF4: the first day a confiscated device may go back (the day it was
// taken for an end-of-day release).
[[nodiscard]] Date release_date(const HeldItem& item);
// CF4: confiscated devices past their release date, oldest first. Listed, never disposed of.
[[nodiscard]] std::vector<const HeldItem*> past_release_date(const State& s, Date today);

// ---------------------------------------------------------------- LN
// LN6: open loans due before now (due 16:00:00 is overdue at 16:00:01).
[[nodiscard]] std::vector<const Loan*> overdue_loans(const State& s, Time now);
[[nodiscard]] std::vector<const Loan*> off_site_loans(const State& s);
// LN10: devices still with a person.
[[nodiscard]] std::vector<const Loan*> loans_of(const State& s, const std::string& person);
// LN6: the longest loan of this device, in days: its own, its kind's, or the off-site maximum.
[[nodiscard]] int max_loan_days(const Device& d, const Settings& s);
// LN6: on site, today at the on-site time (or the next school day's once it
// has passed); off site, the next school day at the off-site time.
[[nodiscard]] Time default_due(const Settings& s, Time now, bool off_site);
// LN6: the longer off-site loans offered at the desk: in a week, in two weeks,
// at the end of the term and the longest this device may be lent for, each on
// the last school day not after it, at the off-site time; only those after
// the default and within the maximum, soonest first, one a day.
struct DueChoice {
  std::string what;  // "In a week", "End of term", "Longest"...
  Time at;
};
[[nodiscard]] std::vector<DueChoice> longer_off_site_dues(const Settings& s, const Device& d, Time now);
// LN7: devices with accessories recorded missing.
[[nodiscard]] std::vector<Device> missing_accessories(const State& s);
// LN12: what the kiosk says when a device is scanned, if anything ("recalled: please hand it in").
[[nodiscard]] std::optional<std::string> scan_prompt(const State& s, const std::string& device);
// LN2: an approval recorded in advance covers the person, device and date.
[[nodiscard]] const Approval* approval_for(const State& s, const std::string& person, const std::string& device,
                                          Date day);
// LN1: the person accepted the agreement in the academic year containing day.
[[nodiscard]] bool aup_current(const State& s, const Person& p, Date day);

// ---------------------------------------------------------------- PT, AR
// PT4: devices overdue, failed or due within the window, soonest first. With
// `fields` (Walk::fields: kPatFields and what the caller shows), a register
// read from a file gives only those: the rest of each row is left default.
[[nodiscard]] std::vector<Device> pat_due(const State& s, Date today, std::vector<std::string_view> fields = {});
// AR2: devices due for audit.
[[nodiscard]] std::vector<Device> audit_due_list(const State& s, Date today);
// AR2: whether an audit of `location` (empty: the whole site) expects to see
// the device. Devices out on loan, lost, stolen or retired, and personal ones,
// are accounted for elsewhere.
[[nodiscard]] bool audit_expects(const State& s, const Device& d, const std::string& location);

}  // namespace core
