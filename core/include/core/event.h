// Events: every change to the school's record, appended and never edited.
//
// A decision in core returns the events to append; the store gives each its
// sequence number, id and hash, and `apply` (state.h) projects it. Payloads
// are plain structs in one closed variant, so a `std::visit` that misses a
// kind of event does not compile; each compares by value (its JSON round trip
// is tested, tests/db/json_test.cpp).
//
//   core::Event e{.at = now, .actor = "S0001", .data = core::PatTested{record}};
//   std::string_view kind = core::event_type(e.data);   // "pat.tested"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/fields.h"
#include "core/model.h"
#include "core/time.h"

namespace core {

// ---------------------------------------------------------------- the register
struct SettingChanged { static constexpr std::string_view kType = "setting.changed";
  std::string key; std::string value;
  bool operator==(const SettingChanged&) const = default;
};
// A new person's record. (An older log also holds it for an edit: it then
// upserts, keeping the PIN, lockout and agreement fields, which change only
// through their own events.)
struct PersonRecorded { static constexpr std::string_view kType = "person.recorded";
  Person person;
  bool operator==(const PersonRecorded&) const = default;
};
// An edit of an existing person's record: only the fields it changed, named
// by FieldTable<Person> (core/fields.h). JSON: {"person": ID, "changed": {NAME: VALUE...}}.
struct PersonChanged { static constexpr std::string_view kType = "person.changed";
  std::string person; Changes<Person> changed;
  bool operator==(const PersonChanged&) const = default;
};
struct PersonDeactivated { static constexpr std::string_view kType = "person.deactivated";  // LN10
  std::string person;
  bool operator==(const PersonDeactivated&) const = default;
};
struct PinSet { static constexpr std::string_view kType = "pin.set";  // SE2: only the hash
  std::string person; std::string hash;
  bool operator==(const PinSet&) const = default;
};
struct PinFailed { static constexpr std::string_view kType = "pin.failed";
  std::string person;
  bool operator==(const PinFailed&) const = default;
};
struct SessionStarted { static constexpr std::string_view kType = "session.started";
  std::string person;
  bool operator==(const SessionStarted&) const = default;
};
struct AupAccepted { static constexpr std::string_view kType = "aup.accepted";  // LN1
  std::string person; Date date{};
  bool operator==(const AupAccepted&) const = default;
};
// A new device's record. (An older log also holds it for an edit: it then
// upserts the register's fields, keeping PAT, recall, hold and last-seen.)
struct DeviceRecorded { static constexpr std::string_view kType = "device.recorded";
  Device device;
  bool operator==(const DeviceRecorded&) const = default;
};
// An edit of a device already in the register: only the fields it changed,
// named by FieldTable<Device>. JSON: {"device": ID, "changed": {NAME: VALUE...}}.
struct DeviceChanged { static constexpr std::string_view kType = "device.changed";
  std::string device; Changes<Device> changed;
  bool operator==(const DeviceChanged&) const = default;
};
struct SlotRecorded { static constexpr std::string_view kType = "slot.recorded";
  Slot slot;
  bool operator==(const SlotRecorded&) const = default;
};
struct ExemptionRecorded { static constexpr std::string_view kType = "exemption.recorded";  // PH4
  Exemption exemption;
  bool operator==(const ExemptionRecorded&) const = default;
};
struct ApprovalRecorded { static constexpr std::string_view kType = "approval.recorded";  // LN2
  Approval approval;
  bool operator==(const ApprovalRecorded&) const = default;
};

// ---------------------------------------------------------------- pupils' devices
struct HandedIn { static constexpr std::string_view kType = "handin.recorded";  // PH2
  HeldItem item;
  bool operator==(const HandedIn&) const = default;
};
struct Collected { static constexpr std::string_view kType = "handin.collected";  // PH3
  std::string held; std::string pupil; bool early = false; std::string reason;
  bool operator==(const Collected&) const = default;
};

enum class FormMark : std::uint8_t { HandedIn, Absent, Exempt, NoDevice };
constexpr std::pair<FormMark, std::string_view> kFormMarkNames[] = {
    {FormMark::HandedIn, "handed-in"}, {FormMark::Absent, "absent"}, {FormMark::Exempt, "exempt"},
    {FormMark::NoDevice, "no-device"}};
inline EnumTable<FormMark> names(FormMark) { return kFormMarkNames; }
struct FormEntry { std::string pupil; FormMark mark = FormMark::HandedIn; std::string held;
  HeldKind kind = HeldKind::Phone; std::string description;
  bool operator==(const FormEntry&) const = default; };
struct FormBoxHandedIn { static constexpr std::string_view kType = "formbox.handed-in";  // PH6
  std::string box; std::string form; std::vector<FormEntry> entries;
  bool operator==(const FormBoxHandedIn&) const = default;
};
struct CustodyTransferred { static constexpr std::string_view kType = "custody.transferred";  // PH6, PH7
  std::string slot; std::string to;  // to: person id, or empty for the office
  bool operator==(const CustodyTransferred&) const = default;
};

struct Confiscated { static constexpr std::string_view kType = "confiscation.recorded";  // CF1, CF2
  HeldItem item;
  bool operator==(const Confiscated&) const = default;
};
struct ParentInformed { static constexpr std::string_view kType = "confiscation.parent-informed";  // CF5
  std::string held; Time informed{};
  bool operator==(const ParentInformed&) const = default;
};
// CF3: on a held item, or (LN5) on a registered device.
struct EvidenceHoldPlaced { static constexpr std::string_view kType = "evidence.placed";
  std::string held; std::string device;
  bool operator==(const EvidenceHoldPlaced&) const = default;
};
struct EvidenceHoldCleared { static constexpr std::string_view kType = "evidence.cleared";
  std::string held; std::string device;
  bool operator==(const EvidenceHoldCleared&) const = default;
};

enum class ReleaseTo : std::uint8_t { Pupil, Parent, Police };
constexpr std::pair<ReleaseTo, std::string_view> kReleaseToNames[] = {
    {ReleaseTo::Pupil, "pupil"}, {ReleaseTo::Parent, "parent"}, {ReleaseTo::Police, "police"}};
inline EnumTable<ReleaseTo> names(ReleaseTo) { return kReleaseToNames; }
struct Released { static constexpr std::string_view kType = "confiscation.released";  // CF2, CF3
  std::string held; std::string pupil; ReleaseTo to = ReleaseTo::Pupil;
  std::string name; std::string relationship;            // a parent or carer
  std::string officer; std::string collar; std::string crime_ref;  // the police
  bool operator==(const Released&) const = default;
};

// ---------------------------------------------------------------- loans
struct SignedOut { static constexpr std::string_view kType = "loan.signed-out";  // LN1-LN13
  Loan loan; bool conditions_confirmed = false;
  bool operator==(const SignedOut&) const = default;
};
struct Returned { static constexpr std::string_view kType = "loan.returned";  // LN7, LN8
  std::string loan; std::string device; std::string borrower; Condition condition = Condition::Fine;
  std::string note; std::vector<std::string> missing;
  bool operator==(const Returned&) const = default;
};
struct SignOutRefused { static constexpr std::string_view kType = "loan.refused";  // the audit trail
  std::string device; std::string person; bool off_site = false; std::vector<std::string> rules;
  bool operator==(const SignOutRefused&) const = default;
};
struct RepairCleared { static constexpr std::string_view kType = "device.repair-cleared";  // LN8
  std::string device;
  bool operator==(const RepairCleared&) const = default;
};
struct ReportedLost { static constexpr std::string_view kType = "device.reported-lost";  // LN9
  std::string device; bool stolen = false; Time known{}; std::string last_custodian; bool encrypted = false;
  bool likely_breach = false;
  bool operator==(const ReportedLost&) const = default;
};
struct Recalled { static constexpr std::string_view kType = "device.recalled";  // LN12
  std::string device; std::string reason;
  bool operator==(const Recalled&) const = default;
};

// ---------------------------------------------------------------- PAT and audits
struct PatTested { static constexpr std::string_view kType = "pat.tested";  // PT1
  PatRecord record;
  bool operator==(const PatTested&) const = default;
};
struct AuditStarted { static constexpr std::string_view kType = "audit.started";  // AR2
  std::string audit; std::string location;
  bool operator==(const AuditStarted&) const = default;
};
struct AuditScanned { static constexpr std::string_view kType = "audit.scanned";
  std::string audit; std::string device;
  bool operator==(const AuditScanned&) const = default;
};
struct AuditFinished { static constexpr std::string_view kType = "audit.finished";
  std::string audit; std::vector<std::string> found; std::vector<std::string> missing;
  std::vector<std::string> unexpected;
  bool operator==(const AuditFinished&) const = default;
};

// ---------------------------------------------------------------- data protection
// The store lists each deleted event's (seq, hash) in its `purged` table; digest
// pins that list into the hash chain, so the chain still verifies across the gaps.
struct RecordsPurged { static constexpr std::string_view kType = "records.purged";  // DP3
  Date handin_before{}; Date records_before{}; std::int64_t count = 0; std::string digest;
  bool operator==(const RecordsPurged&) const = default;
};
// DP4: every export or listing of personal data. The actor is the administrator,
// or on the command line "system" with the operating-system user who ran it.
struct DataExported { static constexpr std::string_view kType = "data.exported";  // DP4
  std::string what; std::string destination; std::string os_user;
  bool operator==(const DataExported&) const = default;
};

// ---------------------------------------------------------------- safeguards (docs/SECURITY.md)
// A school with no administrator recovered on the machine itself (tagdesk
// recover-admin): followed by the person's record and PIN.
struct AdminRecovered { static constexpr std::string_view kType = "admin.recovered";
  std::string person; std::string os_user;
  bool operator==(const AdminRecovered&) const = default;
};
// Desks' clocks may differ by this much without comment.
inline constexpr std::chrono::minutes kClockTolerance{2};
// The clock read earlier than the last event by more than kClockTolerance:
// recorded before the first event dated so, which is kept as dated.
struct ClockWentBack { static constexpr std::string_view kType = "clock.went-back";
  Time last{}; Time now{};
  bool operator==(const ClockWentBack&) const = default;
};
// SE1: the tables the kiosk reads were replaced by a replay of the log
// (`tagdesk rebuild`), by `user` of the machine; what differed before.
struct ProjectionsRebuilt { static constexpr std::string_view kType = "records.rebuilt";
  std::string user; std::vector<std::string> differences;
  bool operator==(const ProjectionsRebuilt&) const = default;
};

// ---------------------------------------------------------------- many desks (issue 21)
// One desk's side of a conflict: its event, as that desk recorded it.
struct ConflictStory {
  std::string event;   // the event's id
  std::string kiosk;   // the desk that recorded it
  Time at{};
  std::string actor;   // who recorded it
  std::string type;    // what it said: loan.signed-out, loan.returned, device.reported-lost,
                       // handin.collected, confiscation.released
  std::string person;  // the borrower (the last custodian of a device reported lost; the pupil of a
                       // phone collected or a confiscated item released)
  bool operator==(const ConflictStory&) const = default;
};
// Two desks recorded events about one device, or one pupil's phone or
// confiscated item, neither knowing of the other's (core/conflicts.h). Both
// events stand; this tells both stories.
struct ConflictRecorded { static constexpr std::string_view kType = "conflict.recorded";
  std::string device;  // a registered device; empty for a pupil's device in the school's keeping
  std::string held;    // a pupil's phone handed in or confiscated (HeldItem id); empty for a registered device
  ConflictStory first, second;  // first in the school's order
  bool operator==(const ConflictRecorded&) const = default;
};

// Issue 21: a rack moved to a desk (or first recorded: `from` empty), as it
// now stands. The rack with an empty id is the pouches on no other rack.
struct RackMoved { static constexpr std::string_view kType = "rack.moved";  // PH2
  Rack rack; std::string from;
  bool operator==(const RackMoved&) const = default;
};

using EventData = std::variant<
    SettingChanged, PersonRecorded, PersonDeactivated, PinSet, PinFailed, SessionStarted, AupAccepted,
    DeviceRecorded, SlotRecorded, ExemptionRecorded, ApprovalRecorded, HandedIn, Collected, FormBoxHandedIn,
    CustodyTransferred, Confiscated, ParentInformed, EvidenceHoldPlaced, EvidenceHoldCleared, Released,
    SignedOut, Returned, SignOutRefused, RepairCleared, ReportedLost, Recalled, PatTested, AuditStarted,
    AuditScanned, AuditFinished, RecordsPurged, DataExported, AdminRecovered, ClockWentBack,
    ProjectionsRebuilt, PersonChanged, DeviceChanged, ConflictRecorded, RackMoved>;

struct Event {
  std::int64_t seq = 0;    // position in the log; set by the store
  std::string id;          // globally unique; set by the store
  std::string kiosk;       // the kiosk (or "cli") that made it; set by the store
  Time at{};
  std::string actor;       // person id, or "system" for the command line and setup
  std::string authoriser;  // who authorised it, where different (an administrator's PIN)
  EventData data;
};

[[nodiscard]] std::string_view event_type(const EventData& data);

// The people, devices and slots an event is about: indexed by the store for history.
struct Subjects {
  std::string person;
  std::string device;
  std::string slot;
};
[[nodiscard]] Subjects subjects_of(const EventData& data);

// An event without its data: its type, time and subjects, which the store
// reads without parsing the data. Enough for a report that asks only who
// and when (PH8's hand-ins: the pupil is the person).
struct EventHead {
  std::string type;
  Time at{};
  Subjects subjects;
};
[[nodiscard]] EventHead head_of(const Event& e);

}  // namespace core
