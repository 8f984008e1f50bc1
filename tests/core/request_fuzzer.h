// Seeded random requests over the harness's school (harness.h): biased
// towards ones that could be allowed, from anyone, in any order. Used by the
// property tests (property_test.cpp, working_set_test.cpp).
#pragma once

#include <random>

#include "core/calendar.h"
#include "core/request.h"
#include "core/state.h"
#include "harness.h"

namespace harness {

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

}  // namespace harness
