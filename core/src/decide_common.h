// Shared by the decide_*.cpp files: the decision being built and the checks
// every kind of request makes (who the actor is, what rights they hold).
#pragma once

#include <string>

#include "core/decide.h"
#include "core/state.h"

namespace core::detail {

class Ctx {
 public:
  Ctx(const State& s, const std::string& actor, Time now);

  const State& s;
  const Settings& cfg;
  Time now;
  Date today;
  std::string actor;
  const Person* who = nullptr;  // nullptr for the system actor or an unknown one

  [[nodiscard]] bool is_system() const { return actor == kSystemActor; }
  // The system actor (setup, command line) holds every right but a pupil's or visitor's.
  [[nodiscard]] bool can(Right r) const;
  [[nodiscard]] bool staff() const;  // staff, DSL or administrator
  // SE1: every action has a known, active actor. Refuses and returns false otherwise.
  bool known_actor();
  // Refuses with `rule` unless the actor holds the right.
  bool require(Right r, const std::string& rule, const std::string& message);
  bool require_staff(const std::string& rule, const std::string& message);

  void refuse(std::string rule, std::string message);
  void need(Need n);
  void notice(std::string text);
  void emit(EventData data, std::string authoriser = {});
  // An edit of a record as events: a new record whole (person.recorded,
  // device.recorded), an existing one as what changed (person.changed,
  // device.changed), and nothing if nothing did.
  void record(const Person& p);
  void record(const Device& d);
  [[nodiscard]] bool refused() const { return !d.refusals.empty(); }

  Decision d;
};

// How a screen names a person: pupils only by their public name (DP1).
[[nodiscard]] std::string display_name(const Person& p);
[[nodiscard]] std::string display_name(const State& s, const std::string& person);
[[nodiscard]] std::string device_label(const Device& d);
// "laptop", "camera": how a refusal speaks of the device.
[[nodiscard]] std::string device_noun(const Device& d);
[[nodiscard]] std::string slot_label(const State& s, const std::string& slot);
[[nodiscard]] std::string ordinal(int n);

// A deterministic new id: prefix-key-YYYYMMDDhhmmss, with -2, -3... if taken.
template <class Taken>
[[nodiscard]] std::string new_id(const std::string& prefix, const std::string& key, Time now, Taken taken) {
  std::string stamp;
  for (char c : format_time(now))
    if (c >= '0' && c <= '9') stamp += c;
  std::string base = prefix + "-" + key + "-" + stamp;
  std::string id = base;
  for (int n = 2; taken(id); ++n) id = base + "-" + std::to_string(n);
  return id;
}

// A free pouch or slot (holding nothing) for a new held device, of those
// `desk` gives out (issue 21; empty: any); empty if none.
[[nodiscard]] std::string free_slot(const State& s, std::string_view desk = {});
// PH2: the pouch for a new held device at `desk`: `slot` if named, else the
// first free one the desk gives out. Refuses with `rule` when there is none
// (saying `none_free` when no pouch of any desk is free), or the named one is
// another desk's, missing or full; then returns empty.
[[nodiscard]] std::string pouch_for(Ctx& c, const std::string& slot, const std::string& desk, const std::string& rule,
                                    const std::string& none_free);
// PH2: checks a named slot exists and has room; refuses with `rule` otherwise.
bool check_slot(Ctx& c, const std::string& slot, const std::string& rule);

// The per-kind deciders, one overload per request (decide.cpp visits them).
Decision decide_one(const State&, const StartSession&, Time);
Decision decide_one(const State&, const OpenArea&, Time);
Decision decide_one(const State&, const HandIn&, Time);
Decision decide_one(const State&, const Collect&, Time);
Decision decide_one(const State&, const FormBoxHandIn&, Time);
Decision decide_one(const State&, const CollectFormBox&, Time);
Decision decide_one(const State&, const TransferCustody&, Time);
Decision decide_one(const State&, const Confiscate&, Time);
Decision decide_one(const State&, const InformParent&, Time);
Decision decide_one(const State&, const PlaceEvidenceHold&, Time);
Decision decide_one(const State&, const ClearEvidenceHold&, Time);
Decision decide_one(const State&, const ReleaseHeld&, Time);
Decision decide_one(const State&, const SignOut&, Time);
Decision decide_one(const State&, const Return&, Time);
Decision decide_one(const State&, const ReportLost&, Time);
Decision decide_one(const State&, const Recall&, Time);
Decision decide_one(const State&, const ClearRepair&, Time);
Decision decide_one(const State&, const RecordPat&, Time);
Decision decide_one(const State&, const PlugInCheck&, Time);
Decision decide_one(const State&, const StartAudit&, Time);
Decision decide_one(const State&, const AuditScan&, Time);
Decision decide_one(const State&, const FinishAudit&, Time);
Decision decide_one(const State&, const RecordExemption&, Time);
Decision decide_one(const State&, const RecordApproval&, Time);
Decision decide_one(const State&, const ChangeSetting&, Time);
Decision decide_one(const State&, const RecordPerson&, Time);
Decision decide_one(const State&, const RecordDevice&, Time);
Decision decide_one(const State&, const RecordSlot&, Time);
Decision decide_one(const State&, const DeactivatePerson&, Time);
Decision decide_one(const State&, const SetPin&, Time);
Decision decide_one(const State&, const AcceptAup&, Time);
Decision decide_one(const State&, const Purge&, Time);
Decision decide_one(const State&, const Export&, Time);
Decision decide_one(const State&, const RecoverAdmin&, Time);
Decision decide_one(const State&, const MoveRack&, Time);

}  // namespace core::detail
