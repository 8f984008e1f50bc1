// The school's things and people, as plain values.
//
// These are what the projections hold and what the rules read. Ids are short
// upper-case alphanumeric strings: they are what our QR tags carry.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/box.h"
#include "core/enum_names.h"
#include "core/text.h"
#include "core/time.h"

namespace core {

// ---------------------------------------------------------------- people

enum class Right : std::uint8_t { Pupil, Staff, Confiscate, Dsl, Admin, Visitor };
constexpr std::pair<Right, std::string_view> kRightNames[] = {
    {Right::Pupil, "pupil"}, {Right::Staff, "staff"}, {Right::Confiscate, "confiscate"},
    {Right::Dsl, "dsl"},     {Right::Admin, "admin"}, {Right::Visitor, "visitor"}};
inline EnumTable<Right> names(Right) { return kRightNames; }

// A person's rights; one person may hold several (POLICY "Who is who").
struct Roles {
  std::uint8_t bits = 0;
  [[nodiscard]] bool has(Right r) const { return bits & (1u << static_cast<int>(r)); }
  Roles& add(Right r) { bits |= static_cast<std::uint8_t>(1u << static_cast<int>(r)); return *this; }
  [[nodiscard]] bool is_staff_like() const { return has(Right::Staff) || has(Right::Admin) || has(Right::Dsl); }
  bool operator==(const Roles&) const = default;
};
// "staff+dsl" <-> Roles; parse returns nullopt on an unknown name.
[[nodiscard]] std::string format_roles(Roles r);
[[nodiscard]] std::optional<Roles> parse_roles(std::string_view text);

struct Person {
  Text id;                   // what the person card's tag carries
  Text first_name;           // legal forename
  Text preferred_name;
  Text surname;
  Roles roles;
  Text form;                 // registration group, pupils only ("7A")
  int year = 0;              // national curriculum year, pupils only
  Text card;                 // an existing card number (Code 128/39), looked up as is
  Text admission_no;         // pupils
  Text staff_code;           // staff
  Text email;
  bool active = true;
  Text pin_hash;                    // Argon2id string; empty = no PIN set (SE2)
  std::optional<Date> aup_accepted;  // last acceptance of the acceptable-use agreement (LN1)
  std::vector<Time> pin_failures;   // recent wrong PINs, for the SE2 lockout
  std::optional<Time> locked_until;

  // DP1: what a public screen may show. "Zoë K. (7A)"
  [[nodiscard]] std::string public_name() const;
  bool operator==(const Person&) const = default;
};

// ---------------------------------------------------------------- devices

enum class DeviceKind : std::uint8_t {
  StaffLaptop, PupilLaptop, Tablet, Camera, MemoryStick, Charger, Projector, Phone, Other
};
constexpr std::pair<DeviceKind, std::string_view> kDeviceKindNames[] = {
    {DeviceKind::StaffLaptop, "staff-laptop"}, {DeviceKind::PupilLaptop, "pupil-laptop"},
    {DeviceKind::Tablet, "tablet"},            {DeviceKind::Camera, "camera"},
    {DeviceKind::MemoryStick, "memory-stick"}, {DeviceKind::Charger, "charger"},
    {DeviceKind::Projector, "projector"},      {DeviceKind::Phone, "phone"},
    {DeviceKind::Other, "other"}};
inline EnumTable<DeviceKind> names(DeviceKind) { return kDeviceKindNames; }

// LN3: kinds likely to hold sensitive data or photographs of children, and
// "other", a kind not known (an import that could not tell), until an
// administrator records the device's kind or that it holds no such data.
[[nodiscard]] bool kind_likely_sensitive(DeviceKind k);

enum class DeviceStatus : std::uint8_t { Available, AwaitingRepair, Lost, Stolen, Retired };
constexpr std::pair<DeviceStatus, std::string_view> kDeviceStatusNames[] = {
    {DeviceStatus::Available, "available"}, {DeviceStatus::AwaitingRepair, "awaiting-repair"},
    {DeviceStatus::Lost, "lost"},           {DeviceStatus::Stolen, "stolen"},
    {DeviceStatus::Retired, "retired"}};
inline EnumTable<DeviceStatus> names(DeviceStatus) { return kDeviceStatusNames; }

enum class Owner : std::uint8_t { School, Trust, Personal };
constexpr std::pair<Owner, std::string_view> kOwnerNames[] = {
    {Owner::School, "school"}, {Owner::Trust, "trust"}, {Owner::Personal, "personal"}};
inline EnumTable<Owner> names(Owner) { return kOwnerNames; }

// LN3: whether the device holds sensitive data. Unknown falls back to its kind.
enum class Sensitivity : std::uint8_t { ByKind, Holds, HoldsNone };
constexpr std::pair<Sensitivity, std::string_view> kSensitivityNames[] = {
    {Sensitivity::ByKind, "by-kind"}, {Sensitivity::Holds, "yes"}, {Sensitivity::HoldsNone, "no"}};
inline EnumTable<Sensitivity> names(Sensitivity) { return kSensitivityNames; }

// PT1/PT2
enum class EquipmentClass : std::uint8_t { I, II, BatteryOrElv };
constexpr std::pair<EquipmentClass, std::string_view> kEquipmentClassNames[] = {
    {EquipmentClass::I, "I"}, {EquipmentClass::II, "II"}, {EquipmentClass::BatteryOrElv, "battery"}};
inline EnumTable<EquipmentClass> names(EquipmentClass) { return kEquipmentClassNames; }

enum class EquipmentType : std::uint8_t { It, Portable, HandHeld, Movable, Stationary, ExtensionLead };
constexpr std::pair<EquipmentType, std::string_view> kEquipmentTypeNames[] = {
    {EquipmentType::It, "it"},           {EquipmentType::Portable, "portable"},
    {EquipmentType::HandHeld, "hand-held"}, {EquipmentType::Movable, "movable"},
    {EquipmentType::Stationary, "stationary"}, {EquipmentType::ExtensionLead, "extension-lead"}};
inline EnumTable<EquipmentType> names(EquipmentType) { return kEquipmentTypeNames; }

enum class Inspection : std::uint8_t { Visual, Combined };
constexpr std::pair<Inspection, std::string_view> kInspectionNames[] = {
    {Inspection::Visual, "visual"}, {Inspection::Combined, "combined"}};
inline EnumTable<Inspection> names(Inspection) { return kInspectionNames; }

struct PatRecord {
  Text device;
  Date date{};
  Inspection inspection = Inspection::Combined;
  bool passed = true;
  EquipmentClass equipment_class = EquipmentClass::I;  // unknown counts as I (PT1)
  EquipmentType equipment_type = EquipmentType::It;
  Text tester;
  Text instrument;
  Text notes;
  bool label_applied = false;
  bool operator==(const PatRecord&) const = default;
};

struct Device {
  Text id;                   // what our asset tag carries
  Text asset_tag;            // an existing, imported tag, looked up as is
  Text serial;
  Text name;                 // "Staff laptop 42"
  Text make;
  Text model;
  DeviceKind kind = DeviceKind::Other;
  Owner owner = Owner::School;
  Text home_location;
  DeviceStatus status = DeviceStatus::Available;
  Sensitivity sensitivity = Sensitivity::ByKind;
  bool encrypted = false;
  std::optional<Date> encryption_verified;
  bool mdm_enrolled = false;
  EquipmentClass equipment_class = EquipmentClass::I;
  EquipmentType equipment_type = EquipmentType::It;
  std::optional<int> pat_interval_months;  // per-item override of the table (PT2)
  Box<PatRecord> last_pat;                 // the latest test, pass or fail
  std::optional<Date> last_pat_pass;
  std::optional<Date> purchase_date;
  std::optional<Date> disposal_date;
  Text disposal_route;
  std::vector<std::string> accessories;  // LN7: names, or ids of registered devices (chargers)
  std::vector<std::string> missing_accessories;  // LN7: recorded missing at a return, until re-registered
  bool visitor_equipment = false;         // LN11: designated for visitors and volunteers
  Text use_permitted_by;                  // AR3: personal equipment: who permitted its use on site
  std::optional<int> max_loan_days;       // LN6 per-device override
  bool recalled = false;                  // LN12
  Text recall_reason;
  bool evidence_hold = false;             // CF3/LN5
  std::optional<Date> last_seen;          // AR2
  Text notes;

  [[nodiscard]] bool holds_sensitive_data() const;
  bool operator==(const Device&) const = default;
};

// ---------------------------------------------------------------- storage

enum class SlotKind : std::uint8_t { Pouch, Slot, Locker, FormBox };
constexpr std::pair<SlotKind, std::string_view> kSlotKindNames[] = {
    {SlotKind::Pouch, "pouch"}, {SlotKind::Slot, "slot"}, {SlotKind::Locker, "locker"},
    {SlotKind::FormBox, "form-box"}};
inline EnumTable<SlotKind> names(SlotKind) { return kSlotKindNames; }

struct Slot {
  Text id;
  SlotKind kind = SlotKind::Pouch;
  Text label;             // "Pouch 0042", "Form box 9C"
  Text form;              // form boxes
  Text custodian;         // PH6/PH7: who has the box now; empty = the office
  bool operator==(const Slot&) const = default;
};

// Issue 21, PH2: a rack of pouches, at one desk. It holds every pouch or slot
// whose id sorts from `first` to `last`; only its desk (a kiosk's name) gives
// out its free pouches, so two desks never give out the same one. The rack
// with an empty id holds the pouches on no other rack (the desk that
// published the school to the central server). Where no rack says otherwise
// (a school of one desk), every desk gives out every pouch.
struct Rack {
  std::string id;
  std::string first, last;
  std::string desk;
  bool operator==(const Rack&) const = default;
};

// ---------------------------------------------------------------- loans

enum class Condition : std::uint8_t { Fine, Damaged };
constexpr std::pair<Condition, std::string_view> kConditionNames[] = {
    {Condition::Fine, "fine"}, {Condition::Damaged, "damaged"}};
inline EnumTable<Condition> names(Condition) { return kConditionNames; }

struct Loan {
  std::string id;
  std::string device;
  std::string borrower;
  Time out_at{};
  Time due_at{};
  bool off_site = false;
  std::string approved_by;  // LN2: the administrator who approved off-site
  std::vector<std::string> accessories;
  bool operator==(const Loan&) const = default;
};

// LN2: approval recorded in advance for a person and device until a date.
struct Approval {
  std::string person;
  std::string device;
  Date until{};
  std::string approved_by;
  bool operator==(const Approval&) const = default;
};

// ---------------------------------------------------------------- held pupils' devices

enum class HeldKind : std::uint8_t { Phone, Smartwatch, Tablet, Other };
constexpr std::pair<HeldKind, std::string_view> kHeldKindNames[] = {
    {HeldKind::Phone, "phone"}, {HeldKind::Smartwatch, "smartwatch"}, {HeldKind::Tablet, "tablet"},
    {HeldKind::Other, "other"}};
inline EnumTable<HeldKind> names(HeldKind) { return kHeldKindNames; }

// CF2: how a confiscated device may go back.
enum class Release : std::uint8_t { PupilEndOfDay, ParentOnly };
constexpr std::pair<Release, std::string_view> kReleaseNames[] = {
    {Release::PupilEndOfDay, "pupil-end-of-day"}, {Release::ParentOnly, "parent-only"}};
inline EnumTable<Release> names(Release) { return kReleaseNames; }

enum class FoundState : std::uint8_t { On, Off, Locked, Unknown };
constexpr std::pair<FoundState, std::string_view> kFoundStateNames[] = {
    {FoundState::On, "on"}, {FoundState::Off, "off"}, {FoundState::Locked, "locked"},
    {FoundState::Unknown, "unknown"}};
inline EnumTable<FoundState> names(FoundState) { return kFoundStateNames; }

struct Confiscation {
  std::string reason;
  std::string rule_breached;
  std::string place;
  std::string staff;    // confiscating member of staff
  std::string witness;
  FoundState state_found = FoundState::Unknown;
  std::string condition_notes;
  Release release = Release::PupilEndOfDay;
  std::optional<Date> not_before;
  std::optional<Time> parent_informed;  // CF5
  bool evidence_hold = false;           // CF3
  std::string evidence_hold_by;
  bool operator==(const Confiscation&) const = default;
};

// A pupil's device in the school's keeping: handed in for the day (PH) or confiscated (CF).
struct HeldItem {
  std::string id;
  std::string pupil;
  HeldKind kind = HeldKind::Phone;
  std::string description;
  std::string slot;
  std::string received_by;
  Time at{};
  std::optional<Confiscation> confiscation;
  bool operator==(const HeldItem&) const = default;
};

// PH4: recorded exemption. Screens may say a pupil is exempt, never why.
enum class ExemptionCategory : std::uint8_t { Medical, YoungCarer, Send, SixthForm, Other };
constexpr std::pair<ExemptionCategory, std::string_view> kExemptionCategoryNames[] = {
    {ExemptionCategory::Medical, "medical"}, {ExemptionCategory::YoungCarer, "young-carer"},
    {ExemptionCategory::Send, "send"},       {ExemptionCategory::SixthForm, "sixth-form"},
    {ExemptionCategory::Other, "other"}};
inline EnumTable<ExemptionCategory> names(ExemptionCategory) { return kExemptionCategoryNames; }

struct Exemption {
  std::string pupil;
  ExemptionCategory category = ExemptionCategory::Other;
  std::string approver;
  Date start{};
  Date end{};
  Date review{};
  bool operator==(const Exemption&) const = default;
};

// AR2: an audit of one location (empty = the whole site).
struct Audit {
  std::string id;
  std::string location;
  Time started{};
  std::string by;
  std::set<std::string> seen;
  bool operator==(const Audit&) const = default;
};

}  // namespace core
