// Seeded random request sequences: whatever is asked, in whatever order, the
// record never reaches a state the rules forbid, and a rebuild from the
// appended events equals the live state.
#include <gtest/gtest.h>

#include <random>

#include "core/calendar.h"
#include "core/desk_rules.h"
#include "core/pat.h"
#include "core/queries.h"
#include "harness.h"
#include "request_fuzzer.h"

namespace {

using core::Time;
using harness::Fuzzer;

// Checks one decision against the state it was made on. Returns what went wrong, or "".
std::string violation(const core::State& before, const core::State& after, const core::Decision& d, Time now) {
  const auto today = core::date_of(now);
  for (const auto& e : d.events) {
    if (e.at != now) return "event time is not now";
    if (const auto* so = std::get_if<core::SignedOut>(&e.data)) {
      const core::Device* dev = before.device(so->loan.device);
      const core::Person* who = before.person(so->loan.borrower);
      if (!dev || !who) return "sign-out of an unknown device or person";
      if (before.loan_of(dev->id)) return "device with two custodians";
      if (!who->active) return "deactivated person borrowing";
      if (dev->evidence_hold) return "evidence-held device signed out";
      if (dev->status != core::DeviceStatus::Available || dev->recalled) return "unavailable device signed out";
      if (core::pat_out_of_service(core::pat_status(*dev, before.settings, today))) return "PAT out of service signed out";
      if (so->loan.off_site) {
        if (dev->holds_sensitive_data() && !core::encryption_current(*dev, before.settings, today))
          return "unencrypted sensitive device off site";
        if (so->loan.approved_by.empty()) return "off site without approval";
        if (!so->conditions_confirmed) return "off site without the conditions";
      }
    }
    if (const auto* c = std::get_if<core::Collected>(&e.data)) {
      auto it = before.held.find(c->held);
      if (it == before.held.end()) return "collected an item not held";
      if (it->second.pupil != c->pupil) return "held phone released to another pupil";
      if (it->second.confiscation) return "confiscated phone collected without release";
      bool undone = c->reason == core::kUndoReason && e.actor == c->pupil && it->second.received_by == c->pupil &&
                    now - it->second.at <= core::kUndoHandIn;
      if (!core::collection_open(before.settings, now) && (c->reason.empty() || e.authoriser.empty()) && !undone &&
          !(before.person(e.actor) && before.person(e.actor)->roles.is_staff_like()))
        return "early collection without authorisation";
    }
    if (const auto* r = std::get_if<core::Released>(&e.data)) {
      auto it = before.held.find(r->held);
      if (it == before.held.end() || !it->second.confiscation) return "released an item not confiscated";
      const auto& conf = *it->second.confiscation;
      if (r->pupil != it->second.pupil) return "release names another pupil";
      if (conf.evidence_hold && r->to != core::ReleaseTo::Police) return "evidence-held device released";
      if (r->to == core::ReleaseTo::Police && (r->officer.empty() || r->collar.empty() || r->crime_ref.empty()))
        return "police release without details";
      if (r->to == core::ReleaseTo::Parent && (r->name.empty() || r->relationship.empty()))
        return "parent release without name";
      if (r->to == core::ReleaseTo::Pupil && conf.release == core::Release::ParentOnly)
        return "parent-only release to pupil";
      if (r->to != core::ReleaseTo::Police && conf.not_before && today < *conf.not_before)
        return "released before its date";
    }
    if (std::holds_alternative<core::EvidenceHoldCleared>(e.data) || std::holds_alternative<core::EvidenceHoldPlaced>(e.data)) {
      const core::Person* p = before.person(e.actor);
      if (e.actor != "system" && (!p || !p->roles.has(core::Right::Dsl))) return "evidence hold changed by a non-DSL";
    }
  }
  // Held items under evidence hold leave only to the police.
  for (const auto& [id, item] : before.held) {
    if (!item.confiscation || !item.confiscation->evidence_hold || after.held.contains(id)) continue;
    bool police = false;
    for (const auto& e : d.events)
      if (const auto* r = std::get_if<core::Released>(&e.data); r && r->held == id && r->to == core::ReleaseTo::Police)
        police = true;
    if (!police) return "evidence-held item left other than to the police";
  }
  std::map<std::string, int> loans_per_device;
  for (const auto& [id, loan] : after.loans)
    if (++loans_per_device[loan.device] > 1) return "device with two open loans";
  if (!d.allowed()) {
    // A refusal records only what it itself requires.
    for (const auto& e : d.events)
      if (!std::holds_alternative<core::PinFailed>(e.data) && !std::holds_alternative<core::SignOutRefused>(e.data))
        return "refused decision with other events";
  }
  return {};
}

}  // namespace

TEST(Properties, RandomSequencesNeverReachAnImpossibleStateAndRebuildEqualsLive) {
  constexpr int kSequences = 1500;
  constexpr int kSteps = 60;
  int allowed = 0;
  int refused = 0;
  std::map<std::string, int> kinds;
  for (int seq = 0; seq < kSequences; ++seq) {
    harness::School school;
    Fuzzer fuzz{static_cast<unsigned>(20261124 + seq)};
    for (int step = 0; step < kSteps; ++step) {
      core::Request req = fuzz.next(school.state);
      core::State before = school.state;
      core::Decision d = school.submit(req, fuzz.now());
      (d.allowed() ? allowed : refused)++;
      for (const auto& e : d.events) kinds[std::string{core::event_type(e.data)}]++;
      auto v = violation(before, school.state, d, fuzz.now());
      ASSERT_EQ(v, "") << "sequence " << seq << " step " << step << " at " << core::format_time(fuzz.now());
    }
    ASSERT_TRUE(school.rebuild() == school.state) << "sequence " << seq;
  }
  // The sequences must exercise both paths and the interesting events.
  EXPECT_GT(allowed, kSequences * kSteps / 10);
  EXPECT_GT(refused, kSequences * kSteps / 10);
  for (const char* kind : {"loan.signed-out", "loan.returned", "handin.recorded", "handin.collected",
                           "confiscation.recorded", "confiscation.released", "evidence.placed", "evidence.cleared",
                           "device.reported-lost", "loan.refused", "pin.failed", "formbox.handed-in"})
    EXPECT_GT(kinds[kind], 10) << kind;
}

// Issue 21: a desk replaying some rows only (db::Store, Then::Replay) trusts
// core::footprint_of to name every row an event changes, in whatever state
// (an audit's scan and a purge's confiscations aside, as it says).
TEST(Properties, AnEventChangesNoRowOutsideItsFootprint) {
  for (int seq = 0; seq < 300; ++seq) {
    harness::School school;
    Fuzzer fuzz{static_cast<unsigned>(20261206 + seq)};
    for (int step = 0; step < 60; ++step) {
      core::State state = school.state;
      core::Decision d = school.submit(fuzz.next(school.state), fuzz.now());
      for (const auto& e : d.events) {
        auto loans = state.loans;
        auto touched = core::apply(state, e);
        auto footprint = core::footprint_of(e);
        // A loan of a device in it is in it (a loss report closes the device's loan).
        std::erase_if(touched.loans, [&](const std::string& id) {
          auto it = loans.find(id);
          return it != loans.end() && footprint.rows.devices.contains(it->second.device);
        });
        if (std::holds_alternative<core::AuditScanned>(e.data)) touched.audits.clear();
        if (footprint.every_confiscation) touched.confiscations.clear();
        touched.settings = false;
        auto outside = touched;
        outside.merge(footprint.rows);
        ASSERT_TRUE(outside.people == footprint.rows.people && outside.devices == footprint.rows.devices &&
                    outside.slots == footprint.rows.slots && outside.loans == footprint.rows.loans &&
                    outside.held == footprint.rows.held && outside.exemptions == footprint.rows.exemptions &&
                    outside.approvals == footprint.rows.approvals && outside.audits == footprint.rows.audits &&
                    outside.confiscations == footprint.rows.confiscations && outside.racks == footprint.rows.racks)
            << core::event_type(e.data) << " in sequence " << seq << " step " << step;
      }
    }
  }
}
