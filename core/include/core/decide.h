// core/: the domain (types, settings, events, the rules and their decisions), in
// standard C++ only: no I/O, no clock, no SQLite, no UI.
//
// The school's rules, decided: one pure function from the record, a request
// and the time to the events to append.
//
// A refusal is a value, not an error: the decision names the POLICY.md rule
// and says in plain English what the person at the desk can do. A request
// that lacks something the flow can still collect (an administrator's PIN,
// the conditions confirmed) comes back with `needs`; the shell collects them
// and submits the request again.
//
//   core::Decision d = core::decide(state, core::SignOut{...}, now);
//   if (d.allowed()) store.commit(d.events);        // then show d.message
//   else if (!d.needs.empty()) ask_for(d.needs);
//   else show(d.refusals.front().message);          // and commit d.events: the audit trail
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.h"
#include "core/event.h"
#include "core/request.h"
#include "core/state.h"
#include "core/time.h"

namespace core {

struct Refusal {
  std::string rule;     // "LN3"
  std::string message;  // for the person at the desk: plain English, no codes
  bool operator==(const Refusal&) const = default;
};

// What a request still needs before it can be allowed.
enum class Need : std::uint8_t {
  AdminApproval,         // LN2, LN11: an administrator's PIN at the kiosk
  AupAcceptance,         // LN1: the first sign-out of the academic year
  ConditionsConfirmed,   // LN13
  AccessoriesConfirmed,  // LN7
  StaffAuthorisation,    // PH3: early release
  Reason,                // PH3: early release
  ParentDetails,         // CF2: name and relationship
  PoliceDetails,         // CF3: officer, collar number, crime reference
  PupilCard,             // PH3, CF2: the pupil's card scanned
  DamageNote,            // LN8
};
constexpr std::pair<Need, std::string_view> kNeedNames[] = {
    {Need::AdminApproval, "admin-approval"},
    {Need::AupAcceptance, "aup-acceptance"},
    {Need::ConditionsConfirmed, "conditions-confirmed"},
    {Need::AccessoriesConfirmed, "accessories-confirmed"},
    {Need::StaffAuthorisation, "staff-authorisation"},
    {Need::Reason, "reason"},
    {Need::ParentDetails, "parent-details"},
    {Need::PoliceDetails, "police-details"},
    {Need::PupilCard, "pupil-card"},
    {Need::DamageNote, "damage-note"}};
inline EnumTable<Need> names(Need) { return kNeedNames; }

struct Decision {
  // To append: when allowed, or the records a refusal itself requires
  // (PinFailed for SE2, SignOutRefused for the audit trail).
  std::vector<Event> events;
  std::vector<Refusal> refusals;     // non-empty = refused
  std::vector<Need> needs;           // allowed once these are supplied
  std::vector<std::string> notices;  // shown, not blocking
  std::string message;               // what the screen says: "Due back Mon 09:00", "Pouch 0042"

  [[nodiscard]] bool allowed() const { return refusals.empty() && needs.empty(); }
  [[nodiscard]] bool refused_by(std::string_view rule) const;
};

// Events come back with at = now, actor and authoriser filled; the store sets
// seq, id and kiosk. New ids (held items, loans, audits) derive from the
// state and the time, so the same request on the same state decides the same.
[[nodiscard]] Decision decide(const State& state, const Request& request, Time now);

// SE3: a code the shell could not resolve to a tag, card, slot or command card.
[[nodiscard]] Decision refuse_unknown_code(std::string_view code);

}  // namespace core
