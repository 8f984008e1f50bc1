// Requests: what someone at the desk (or the command line) asks the school to do.
//
// One plain struct per kind of request, in one closed variant, each carrying
// the actor (a person id, or "system" for setup and the command line) and what
// the flow collected on screen. `decide` (decide.h) answers each with a
// Decision; a request refused for want of something (a Need) is re-submitted
// with it filled in.
//
//   core::Request r = core::SignOut{.actor = "S0001", .borrower = "S0001", .device = "LT0042",
//                                   .off_site = true, .conditions_confirmed = true};
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/enum_names.h"
#include "core/event.h"
#include "core/model.h"
#include "core/settings.h"
#include "core/time.h"

namespace core {

// The actor the command line and setup act as: holds every administrator right.
inline constexpr std::string_view kSystemActor = "system";

// ---------------------------------------------------------------- sessions (SE2)
// The shell checked the PIN against the stored hash; core decides what follows.
struct StartSession { std::string actor; bool pin_ok = false; };
// AR1, SE1: the administration area, and closing the kiosk, are for administrators.
enum class Area : std::uint8_t { Administration, CloseKiosk };
struct OpenArea { std::string actor; Area area = Area::Administration; };

// ---------------------------------------------------------------- pupils' devices (PH)
// PH1, PH2: actor is whoever is at the desk (the pupil, or staff receiving);
// `desk` the kiosk taking it, which gives out only its own racks' pouches
// (issue 21; empty, as on the command line: any pouch).
struct HandIn {
  std::string actor; std::string pupil; HeldKind kind = HeldKind::Phone; std::string description;
  std::string slot; std::string desk; };
// PH3: the pupil's card was scanned; `held` one item, or `slot` the pouch handed
// over (what it holds of theirs), or neither: all the pupil's handed-in devices.
// Early release (before collection opens) needs `authorised_by` (staff) and a reason.
struct Collect {
  std::string actor; std::string pupil; std::string held; std::string authorised_by; std::string reason;
  std::string slot; };
struct FormBoxEntry { std::string pupil; FormMark mark = FormMark::HandedIn; HeldKind kind = HeldKind::Phone;
  std::string description; };
struct FormBoxHandIn {  // PH6: a tutor hands in a whole form in one transaction
  std::string actor; std::string box; std::vector<FormBoxEntry> entries; };
struct CollectFormBox {  // PH6: collection recorded for the whole box
  std::string actor; std::string box; };
struct TransferCustody {  // PH6, PH7: `to` a member of staff, or empty for the office
  std::string actor; std::string slot; std::string to; };

// ---------------------------------------------------------------- confiscation (CF)
struct Confiscate {  // CF1, CF2
  std::string actor; std::string pupil; HeldKind kind = HeldKind::Phone; std::string description;
  std::string slot; std::string reason; std::string rule_breached; std::string place; std::string witness;
  FoundState state_found = FoundState::Unknown; std::string condition_notes;
  std::optional<LadderStep> release_override;  // staff may set the condition; default: the ladder
  std::string desk;  // as HandIn's: the free pouch is one of this desk's racks'
};
struct InformParent { std::string actor; std::string held; Time informed{}; };  // CF5
// CF3: on a held item or a registered device (exactly one of the two).
struct PlaceEvidenceHold { std::string actor; std::string held; std::string device; };
struct ClearEvidenceHold { std::string actor; std::string held; std::string device; };
// CF2, CF3: a member of staff releases a confiscated device.
struct ReleaseHeld {
  std::string actor; std::string held; ReleaseTo to = ReleaseTo::Pupil;
  std::string pupil_card;                    // to the pupil: the pupil whose card was scanned
  std::string name; std::string relationship;  // to a parent or carer
  std::string officer; std::string collar; std::string crime_ref;  // to the police
};

// ---------------------------------------------------------------- loans (LN)
struct SignOut {
  std::string actor; std::string borrower; std::string device; bool off_site = false;
  std::optional<Time> due_at;        // default: LN6
  std::string admin_approver;        // LN2/LN11: an administrator whose PIN the shell checked
  bool aup_accepted = false;         // LN1: accepted on screen now
  bool conditions_confirmed = false; // LN13
  bool accessories_confirmed = false;  // LN7
};
struct Return {  // LN7, LN8
  std::string actor; std::string device; Condition condition = Condition::Fine; std::string note;
  std::vector<std::string> missing; bool accessories_confirmed = false; };
struct ReportLost {  // LN9
  std::string actor; std::string device; bool stolen = false; Time known{}; };
struct Recall { std::string actor; std::string device; std::string reason; };  // LN12
struct ClearRepair { std::string actor; std::string device; };              // LN8

// ---------------------------------------------------------------- PAT, register, audits
struct RecordPat { std::string actor; PatRecord record; };           // PT1
struct PlugInCheck { std::string actor; std::string device; };       // AR3: "may this be plugged in?"
struct StartAudit { std::string actor; std::string location; };      // AR2: empty = the whole site
struct AuditScan { std::string actor; std::string audit; std::string device; };
struct FinishAudit { std::string actor; std::string audit; };
struct RecordExemption { std::string actor; Exemption exemption; };  // PH4
struct RecordApproval { std::string actor; Approval approval; };     // LN2 in advance
struct ChangeSetting { std::string actor; std::string key; std::string value; };
struct RecordPerson { std::string actor; Person person; };
struct RecordDevice { std::string actor; Device device; };          // AR1
struct RecordSlot { std::string actor; Slot slot; };
// Issue 21, PH2: rack `rack` to desk `to`; `first` and `last` its pouches'
// ids (empty: as recorded; a new rack needs them). The rack "" is the pouches
// on no other rack.
struct MoveRack { std::string actor; std::string rack; std::string first; std::string last; std::string to; };
struct DeactivatePerson { std::string actor; std::string person; };  // LN10
// SE2: the shell hashes the PIN; core checks its shape from the length and digits.
struct SetPin { std::string actor; std::string person; std::string hash; std::size_t pin_length = 0;
  bool pin_all_digits = false; };
struct AcceptAup { std::string actor; std::string person; };        // LN1
struct Purge { std::string actor; bool apply = false; };              // DP3: preview, then apply
// DP4: an export or a listing of personal data; on the command line the
// actor is the administrator whose PIN was checked, or "system" with os_user.
struct Export { std::string actor; std::string what; std::string destination; std::string os_user; };
// A school with no active administrator, recovered on the machine itself (the
// command line only: actor "system"). `person`: an existing member of staff's
// id and nothing else, or a new person's id and name. The shell hashes the PIN.
struct RecoverAdmin { std::string actor; Person person; std::string os_user; std::string hash;
  std::size_t pin_length = 0; bool pin_all_digits = false; };

using Request = std::variant<
    StartSession, OpenArea, HandIn, Collect, FormBoxHandIn, CollectFormBox, TransferCustody, Confiscate, InformParent,
    PlaceEvidenceHold, ClearEvidenceHold, ReleaseHeld, SignOut, Return, ReportLost, Recall, ClearRepair,
    RecordPat, PlugInCheck, StartAudit, AuditScan, FinishAudit, RecordExemption, RecordApproval, ChangeSetting,
    RecordPerson, RecordDevice, RecordSlot, DeactivatePerson, SetPin, AcceptAup, Purge, Export, RecoverAdmin,
    MoveRack>;

}  // namespace core
