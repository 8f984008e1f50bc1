// Seeded random request sequences: whatever is asked, in whatever order, the
// record never reaches a state the rules forbid, and a rebuild from the
// appended events equals the live state.
#include <gtest/gtest.h>

#include <random>

#include "core/calendar.h"
#include "core/pat.h"
#include "core/queries.h"
#include "harness.h"

namespace {

using core::Time;

class Fuzzer {
 public:
  explicit Fuzzer(unsigned seed) : rng_(seed), now_(harness::at("2026-11-23T07:00:00")) {}

  // One random request, biased towards ones that could be allowed.
  core::Request next(const core::State& s) {
    advance();
    switch (int_in(0, 24)) {
      case 0: return core::HandIn{.actor = maybe(pupil(), anyone()), .pupil = pupil(), .kind = core::HeldKind::Phone,
                                  .description = "phone", .slot = chance(3) ? slot() : ""};
      case 1: {
        std::string p = pupil();
        return core::Collect{.actor = maybe(p, anyone()), .pupil = p, .held = chance(4) ? held(s) : "",
                             .authorised_by = chance(2) ? staff() : "", .reason = chance(2) ? "appointment" : ""};
      }
      case 2: {
        core::FormBoxHandIn r{.actor = staff(), .box = "FB7A", .entries = {}};
        for (const char* p : {"P0001", "P0002"})
          if (chance(2)) r.entries.push_back({.pupil = p, .mark = static_cast<core::FormMark>(int_in(0, 3))});
        return r;
      }
      case 3: return core::CollectFormBox{.actor = staff(), .box = "FB7A"};
      case 4: return core::TransferCustody{.actor = anyone(), .slot = "FB7A", .to = chance(2) ? staff() : ""};
      case 5: {
        core::Confiscate r{.actor = maybe(staff(), anyone()), .pupil = pupil(), .slot = chance(3) ? slot() : "",
                           .reason = "lesson", .rule_breached = "B4"};
        if (chance(4)) r.release_override = core::LadderStep{core::Release::ParentOnly, int_in(0, 3)};
        return r;
      }
      case 6: return core::InformParent{.actor = anyone(), .held = held(s)};
      case 7:
        return chance(2) ? core::Request{core::PlaceEvidenceHold{.actor = maybe("D0001", anyone()), .held = held(s)}}
                         : core::Request{core::PlaceEvidenceHold{.actor = maybe("D0001", anyone()), .device = device()}};
      case 8:
        return chance(2) ? core::Request{core::ClearEvidenceHold{.actor = maybe("D0001", anyone()), .held = held(s)}}
                         : core::Request{core::ClearEvidenceHold{.actor = maybe("D0001", anyone()), .device = device()}};
      case 9: case 10: {
        auto to = static_cast<core::ReleaseTo>(int_in(0, 2));
        return core::ReleaseHeld{.actor = maybe(staff(), anyone()), .held = held(s), .to = to,
                                 .pupil_card = chance(3) ? pupil() : "", .name = chance(2) ? "Mum" : "",
                                 .relationship = chance(2) ? "mother" : "", .officer = "PC A",
                                 .collar = chance(2) ? "42" : "", .crime_ref = "CR1"};
      }
      case 11: case 12: case 13: {
        std::string b = maybe(staff(), anyone());
        bool off = chance(2);
        std::optional<Time> due;
        if (chance(4)) due = now_ + std::chrono::hours{int_in(-2, 24 * 20)};
        return core::SignOut{.actor = maybe(b, staff()), .borrower = b, .device = device(), .off_site = off,
                             .due_at = due, .admin_approver = chance(2) ? maybe("A0001", anyone()) : "",
                             .aup_accepted = chance(3) ? false : true, .conditions_confirmed = !chance(5),
                             .accessories_confirmed = !chance(5)};
      }
      case 14: case 15: {
        core::Return r{.actor = maybe(staff(), anyone()), .device = device(), .accessories_confirmed = !chance(5)};
        if (chance(4)) {
          r.condition = core::Condition::Damaged;
          r.note = chance(2) ? "cracked" : "";
        }
        if (chance(5)) r.missing = {"CH01"};
        return r;
      }
      case 16: return core::ReportLost{.actor = maybe(staff(), anyone()), .device = device(), .stolen = chance(2)};
      case 17: return core::Recall{.actor = maybe("A0001", anyone()), .device = device(), .reason = "update"};
      case 18: return core::ClearRepair{.actor = maybe("A0001", anyone()), .device = device()};
      case 19: {
        std::string d = device();
        auto date = core::date_of(now_) - std::chrono::days{int_in(0, 1500)};
        return core::RecordPat{.actor = maybe("A0001", anyone()),
                               .record = {.device = d, .date = date, .passed = !chance(4), .tester = "A0001"}};
      }
      case 20: {
        // Register edits that change what the loan rules see.
        const core::Device* d = s.device(device());
        core::Device copy = d ? *d : core::Device{.id = "NEW1"};
        copy.encrypted = chance(2);
        copy.encryption_verified = core::date_of(now_) - std::chrono::days{int_in(0, 500)};
        copy.sensitivity = static_cast<core::Sensitivity>(int_in(0, 2));
        if (chance(6)) copy.status = core::DeviceStatus::Available;
        return core::RecordDevice{.actor = maybe("A0001", anyone()), .device = copy};
      }
      case 21: return core::DeactivatePerson{.actor = maybe("A0001", anyone()), .person = chance(3) ? "S0002" : "V0001"};
      case 22: return core::RecordApproval{.actor = maybe("A0001", anyone()),
                                           .approval = {.person = staff(), .device = device(),
                                                        .until = core::date_of(now_) + std::chrono::days{int_in(-2, 10)}}};
      case 23: return core::StartSession{.actor = staff(), .pin_ok = !chance(3)};
      default: return core::Purge{.actor = maybe("A0001", anyone()), .apply = chance(2)};
    }
  }

  Time now() const { return now_; }

 private:
  void advance() {
    if (chance(15)) {
      // A new morning.
      now_ = core::at(core::date_of(now_) + std::chrono::days{1}, std::chrono::hours{7} + std::chrono::minutes{int_in(0, 60)});
    } else {
      now_ += std::chrono::seconds{int_in(1, 2 * 3600)};
    }
  }
  int int_in(int lo, int hi) { return std::uniform_int_distribution<int>{lo, hi}(rng_); }
  bool chance(int one_in) { return int_in(1, one_in) == 1; }
  template <class T>
  T one_of(std::initializer_list<T> xs) { return *(xs.begin() + int_in(0, static_cast<int>(xs.size()) - 1)); }
  std::string maybe(std::string likely, std::string other) { return chance(4) ? other : likely; }
  std::string pupil() { return one_of({"P0001", "P0002", "P0003"}); }
  std::string staff() { return one_of({"A0001", "S0001", "S0002", "D0001"}); }
  std::string anyone() { return one_of({"A0001", "S0001", "S0002", "D0001", "P0001", "P0002", "V0001", "system", "X9"}); }
  std::string device() { return one_of({"LT01", "CH01", "CAM1", "PJ01", "VL01"}); }
  std::string slot() { return one_of({"S001", "S002", "S003", "FB7A", "NOPE"}); }
  std::string held(const core::State& s) {
    if (s.held.empty() || chance(8)) return "H-NONE";
    auto it = s.held.begin();
    std::advance(it, int_in(0, static_cast<int>(s.held.size()) - 1));
    return it->first;
  }

  std::mt19937 rng_;
  Time now_;
};

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
      if (!core::collection_open(before.settings, now) && (c->reason.empty() || e.authoriser.empty()) &&
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
