// The school's rules that POLICY.md marks *configurable*, with its defaults.
//
// Settings live in the database as `SettingChanged` events (key, text value).
// One registry here names every key, parses and formats its value, so the
// command line, imports and the kiosk all accept and report them alike:
//
//   core::Settings s;                           // POLICY.md defaults
//   auto err = core::set_setting(s, "loan.offsite-max-days", "21");
//   if (err) show(*err);                        // "…: expected a whole number of days"
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/time.h"

namespace core {

struct Term {
  Date first{};
  Date last{};
  bool operator==(const Term&) const = default;
};

// CF2: one rung of the escalation ladder.
struct LadderStep {
  Release release = Release::PupilEndOfDay;
  int not_before_school_days = 0;
  bool operator==(const LadderStep&) const = default;
};

// PT2: months between tests; nullopt = no routine test of that kind.
struct PatInterval {
  std::optional<int> visual;
  std::optional<int> combined;
  bool operator==(const PatInterval&) const = default;
};

enum class PatPreset : std::uint8_t { Hse, Iet };
constexpr std::pair<PatPreset, std::string_view> kPatPresetNames[] = {
    {PatPreset::Hse, "hse"}, {PatPreset::Iet, "iet"}};
inline EnumTable<PatPreset> names(PatPreset) { return kPatPresetNames; }

using PatKey = std::pair<EquipmentClass, EquipmentType>;
[[nodiscard]] std::map<PatKey, PatInterval> pat_table(PatPreset preset);

struct Settings {
  std::string school_name = "Our School";
  std::string school_prefix = "SCH";

  // PH1
  TimeOfDay handin_opens = std::chrono::hours{7} + std::chrono::minutes{30};
  std::array<TimeOfDay, 7> collection_opens = default_collection();  // by weekday, Sunday = 0
  std::map<Date, TimeOfDay> collection_on;                          // early-finish days

  // Term dates (CF2 counts "this term"; school days skip weekends and holidays).
  std::vector<Term> terms;
  int academic_year_start_month = 9;  // LN1, DP3: the academic year begins 1 September

  // CF2
  std::vector<LadderStep> ladder = {{Release::PupilEndOfDay, 0}, {Release::ParentOnly, 0}, {Release::ParentOnly, 5}};
  std::string evidence_instruction =
      "Switch the device off if it is on, do not look at its contents, seal it in an evidence bag and "
      "give it to the DSL.";

  // LN3, LN6
  int encryption_max_age_months = 12;
  TimeOfDay onsite_due = std::chrono::hours{16};
  TimeOfDay offsite_due = std::chrono::hours{9};  // off-site loans: default due the next school day at this time
  int offsite_max_days = 14;
  std::map<DeviceKind, int> max_loan_days = {{DeviceKind::StaffLaptop, 366}};

  // PT2, PT4
  PatPreset pat_preset = PatPreset::Hse;
  std::map<PatKey, PatInterval> pat_intervals = pat_table(PatPreset::Hse);
  int pat_due_window_days = 30;

  // AR2
  int audit_interval_months = 12;
  // AR2: the register of locations an audit may name (empty: any), name ->
  // a note such as its address: location.NAME = TEXT, none to remove.
  std::map<std::string, std::string> locations;

  // Imports: the administrator's words for guessing a device's kind
  // (core::guess_kind), lower case: kind.WORD = KIND.
  std::map<std::string, DeviceKind> kind_words;

  // DP2, DP3
  int idle_seconds = 90;
  int handin_retention_academic_years = 1;  // deleted after the end of the following academic year
  int record_retention_years = 6;           // confiscations, evidence holds, losses

  // SE2
  int pin_max_failures = 10;
  int pin_failure_window_minutes = 5;
  int pin_lockout_minutes = 15;

  // An import that would deactivate more than this share of the active staff,
  // or of the active pupils, needs its leavers confirmed (core/safeguards.h).
  int max_leavers_percent = 10;

  static std::array<TimeOfDay, 7> default_collection();
  bool operator==(const Settings&) const = default;
};

struct SettingInfo {
  std::string key;
  std::string description;
};

// Every key with a line of help, in a stable order.
[[nodiscard]] std::vector<SettingInfo> setting_keys();
// Applies one setting; on a bad key or value returns the message to show.
[[nodiscard]] std::optional<std::string> set_setting(Settings& s, std::string_view key, std::string_view value);
// The text value of a key (as set_setting would accept it); nullopt for an unknown key.
[[nodiscard]] std::optional<std::string> get_setting(const Settings& s, std::string_view key);
// Every key and value, including dynamic ones (collection.opens.2026-12-18).
[[nodiscard]] std::vector<std::pair<std::string, std::string>> all_settings(const Settings& s);

}  // namespace core
