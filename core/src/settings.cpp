#include "core/settings.h"

#include <charconv>
#include <functional>

#include "core/strings.h"

namespace core {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

std::optional<int> parse_count(std::string_view s, int lo, int hi) {
  int v = 0;
  auto t = trim(s);
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc{} || p != t.data() + t.size() || v < lo || v > hi) return std::nullopt;
  return v;
}

std::optional<int> parse_months_or_none(std::string_view s) {
  if (trim(s) == "none") return 0;
  return parse_count(s, 1, 240);
}

std::string months_text(std::optional<int> m) { return m ? std::to_string(*m) : "none"; }

using Setter = std::function<std::optional<std::string>(Settings&, std::string_view)>;
using Getter = std::function<std::string(const Settings&)>;

struct Entry {
  std::string key;
  std::string description;
  Getter get;
  Setter set;
};

Entry int_entry(std::string key, std::string description, int Settings::*field, int lo, int hi) {
  return {key, description, [field](const Settings& s) { return std::to_string(s.*field); },
          [field, lo, hi](Settings& s, std::string_view v) -> std::optional<std::string> {
            auto n = parse_count(v, lo, hi);
            if (!n) return "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
            s.*field = *n;
            return std::nullopt;
          }};
}

Entry time_entry(std::string key, std::string description, std::function<TimeOfDay&(Settings&)> field) {
  return {key, description,
          [field](const Settings& s) { return format_time_of_day(field(const_cast<Settings&>(s))); },
          [field](Settings& s, std::string_view v) -> std::optional<std::string> {
            auto t = parse_time_of_day(trim(v));
            if (!t) return "expected a time of day such as 07:30";
            field(s) = *t;
            return std::nullopt;
          }};
}

Entry text_entry(std::string key, std::string description, std::string Settings::*field, std::size_t max) {
  return {key, description, [field](const Settings& s) { return s.*field; },
          [field, max](Settings& s, std::string_view v) -> std::optional<std::string> {
            auto t = trim(v);
            if (t.empty()) return std::string{"must not be empty"};
            if (t.size() > max) return "must be at most " + std::to_string(max) + " characters";
            s.*field = t;
            return std::nullopt;
          }};
}

std::string format_terms(const std::vector<Term>& terms) {
  std::string out;
  for (const auto& t : terms) {
    if (!out.empty()) out += ',';
    out += format_date(t.first) + ".." + format_date(t.last);
  }
  return out;
}

std::optional<std::string> parse_terms(Settings& s, std::string_view v) {
  std::vector<Term> terms;
  std::string text = trim(v);
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto comma = text.find(',', pos);
    auto part = trim(std::string_view{text}.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    auto dots = part.find("..");
    if (dots == std::string::npos) return "each term is FIRST..LAST, e.g. 2026-09-03..2026-12-18";
    auto first = parse_date(trim(std::string_view{part}.substr(0, dots)));
    auto last = parse_date(trim(std::string_view{part}.substr(dots + 2)));
    if (!first || !last) return "'" + part + "' has a date that is not a real YYYY-MM-DD date";
    if (*last < *first) return "'" + part + "' ends before it starts";
    if (!terms.empty() && *first <= terms.back().last) return "terms must be in order and not overlap";
    terms.push_back({*first, *last});
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  s.terms = std::move(terms);
  return std::nullopt;
}

std::string format_ladder(const std::vector<LadderStep>& ladder) {
  std::string out;
  for (const auto& step : ladder) {
    if (!out.empty()) out += ';';
    out += to_string(step.release);
    if (step.not_before_school_days > 0) out += "+" + std::to_string(step.not_before_school_days);
  }
  return out;
}

std::optional<std::string> parse_ladder(Settings& s, std::string_view v) {
  std::vector<LadderStep> ladder;
  std::string text = trim(v);
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto semi = text.find(';', pos);
    auto part = trim(std::string_view{text}.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos));
    auto plus = part.find('+');
    auto release = parse_enum<Release>(trim(std::string_view{part}.substr(0, plus)));
    if (!release) return "each step is " + enum_choices<Release>() + ", optionally +N school days";
    LadderStep step{*release, 0};
    if (plus != std::string::npos) {
      auto days = parse_count(std::string_view{part}.substr(plus + 1), 0, 365);
      if (!days) return "'" + part + "': the days after + must be a whole number";
      step.not_before_school_days = *days;
    }
    ladder.push_back(step);
    if (semi == std::string::npos) break;
    pos = semi + 1;
  }
  if (ladder.empty()) return std::string{"the ladder needs at least one step"};
  s.ladder = std::move(ladder);
  return std::nullopt;
}

const std::vector<Entry>& registry() {
  static const std::vector<Entry> entries = [] {
    std::vector<Entry> e;
    e.push_back(text_entry("school.name", "The school's name, shown on screens, labels and reports",
                           &Settings::school_name, 80));
    e.push_back({"school.prefix", "The short prefix on the school's tags (2-6 letters or digits)",
                 [](const Settings& s) { return s.school_prefix; },
                 [](Settings& s, std::string_view v) -> std::optional<std::string> {
                   auto t = ascii_upper(trim(v));
                   if (t.size() < 2 || t.size() > 6) return std::string{"must be 2 to 6 letters or digits"};
                   for (char c : t) {
                     if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
                       return std::string{"must be 2 to 6 letters or digits"};
                   }
                   s.school_prefix = t;
                   return std::nullopt;
                 }});
    e.push_back(time_entry("handin.opens", "PH1: when the morning hand-in opens",
                           [](Settings& s) -> TimeOfDay& { return s.handin_opens; }));
    static constexpr const char* kDays[] = {"sunday", "monday", "tuesday", "wednesday",
                                            "thursday", "friday", "saturday"};
    for (int d = 0; d < 7; ++d)
      e.push_back(time_entry(std::string{"collection.opens."} + kDays[d],
                             std::string{"PH1: when collection opens on "} + kDays[d],
                             [d](Settings& s) -> TimeOfDay& { return s.collection_opens[d]; }));
    e.push_back({"terms", "Term dates, FIRST..LAST separated by commas",
                 [](const Settings& s) { return format_terms(s.terms); }, parse_terms});
    e.push_back(int_entry("academic-year.start-month", "LN1/DP3: the month the academic year begins",
                          &Settings::academic_year_start_month, 1, 12));
    e.push_back({"confiscation.ladder",
                 "CF2: release condition by confiscation this term, e.g. pupil-end-of-day;parent-only;parent-only+5",
                 [](const Settings& s) { return format_ladder(s.ladder); }, parse_ladder});
    e.push_back(text_entry("evidence.instruction", "CF3: how a device under evidence hold is to be kept",
                           &Settings::evidence_instruction, 500));
    e.push_back(int_entry("encryption.max-age-months", "LN3: how old an encryption check may be",
                          &Settings::encryption_max_age_months, 1, 60));
    e.push_back(time_entry("loan.onsite-due", "LN6: when on-site loans are due back the same day",
                           [](Settings& s) -> TimeOfDay& { return s.onsite_due; }));
    e.push_back(time_entry("loan.offsite-due", "LN6: when off-site loans are due back by default (next school day)",
                           [](Settings& s) -> TimeOfDay& { return s.offsite_due; }));
    e.push_back(int_entry("loan.offsite-max-days", "LN6: the longest off-site loan", &Settings::offsite_max_days, 1,
                          366));
    for (const auto& [kind, name] : kDeviceKindNames) {
      DeviceKind k = kind;
      e.push_back({"loan.max-days." + std::string{name},
                   "LN6: the longest loan of a " + std::string{name} + " (none = the off-site maximum)",
                   [k](const Settings& s) {
                     auto it = s.max_loan_days.find(k);
                     return it == s.max_loan_days.end() ? std::string{"none"} : std::to_string(it->second);
                   },
                   [k](Settings& s, std::string_view v) -> std::optional<std::string> {
                     if (trim(v) == "none") {
                       s.max_loan_days.erase(k);
                       return std::nullopt;
                     }
                     auto n = parse_count(v, 1, 3660);
                     if (!n) return std::string{"expected a number of days or none"};
                     s.max_loan_days[k] = *n;
                     return std::nullopt;
                   }});
    }
    e.push_back({"pat.preset", "PT2: the interval table to start from (hse or iet); resets pat.interval.*",
                 [](const Settings& s) { return std::string{to_string(s.pat_preset)}; },
                 [](Settings& s, std::string_view v) -> std::optional<std::string> {
                   auto p = parse_enum<PatPreset>(trim(v));
                   if (!p) return "expected " + enum_choices<PatPreset>();
                   s.pat_preset = *p;
                   s.pat_intervals = pat_table(*p);
                   return std::nullopt;
                 }});
    for (const auto& [cls, cname] : kEquipmentClassNames)
      for (const auto& [type, tname] : kEquipmentTypeNames) {
        PatKey key{cls, type};
        e.push_back({"pat.interval." + std::string{cname} + "." + std::string{tname},
                     "PT2: months between visual/combined tests (none = no routine test)",
                     [key](const Settings& s) {
                       auto it = s.pat_intervals.find(key);
                       PatInterval i = it == s.pat_intervals.end() ? PatInterval{} : it->second;
                       return months_text(i.visual) + "/" + months_text(i.combined);
                     },
                     [key](Settings& s, std::string_view v) -> std::optional<std::string> {
                       auto slash = v.find('/');
                       if (slash == std::string_view::npos) return std::string{"expected VISUAL/COMBINED months, e.g. 24/60 or 6/none"};
                       auto vis = parse_months_or_none(v.substr(0, slash));
                       auto com = parse_months_or_none(v.substr(slash + 1));
                       if (!vis || !com) return std::string{"expected VISUAL/COMBINED months, e.g. 24/60 or 6/none"};
                       PatInterval i;
                       if (*vis > 0) i.visual = *vis;
                       if (*com > 0) i.combined = *com;
                       s.pat_intervals[key] = i;
                       return std::nullopt;
                     }});
      }
    e.push_back(int_entry("pat.due-window-days", "PT4: how soon a coming PAT is listed as due",
                          &Settings::pat_due_window_days, 0, 365));
    e.push_back(int_entry("audit.interval-months", "AR2: how often each device is due for audit",
                          &Settings::audit_interval_months, 1, 60));
    e.push_back(int_entry("session.idle-seconds", "DP2: a staff session ends after this idle time",
                          &Settings::idle_seconds, 10, 3600));
    e.push_back(int_entry("retention.handin-academic-years",
                          "DP3: daily hand-in records are deleted this many academic years after their own",
                          &Settings::handin_retention_academic_years, 0, 10));
    e.push_back(int_entry("retention.records-years", "DP3: how long confiscation and loss records are kept",
                          &Settings::record_retention_years, 1, 50));
    e.push_back(int_entry("pin.max-failures", "SE2: wrong PINs that lock a badge",
                          &Settings::pin_max_failures, 3, 100));
    e.push_back(int_entry("pin.failure-window-minutes", "SE2: the window the wrong PINs are counted in",
                          &Settings::pin_failure_window_minutes, 1, 1440));
    e.push_back(int_entry("pin.lockout-minutes", "SE2: how long a locked badge stays locked",
                          &Settings::pin_lockout_minutes, 1, 1440));
    e.push_back(int_entry("import.max-leavers-percent",
                          "An import deactivating more than this share of staff or of pupils needs confirming",
                          &Settings::max_leavers_percent, 0, 100));
    return e;
  }();
  return entries;
}

const Entry* find_entry(std::string_view key) {
  for (const auto& e : registry())
    if (e.key == key) return &e;
  return nullptr;
}

constexpr std::string_view kCollectionOn = "collection.opens.";
constexpr std::string_view kKindWord = "kind.";
constexpr std::string_view kLocation = "location.";

// "kind.Latitude" -> "latitude"; nullopt for an empty word.
std::optional<std::string> kind_word(std::string_view key) {
  std::string w = ascii_lower(trim(key.substr(kKindWord.size())));
  if (w.empty()) return std::nullopt;
  return w;
}

}  // namespace

std::array<TimeOfDay, 7> Settings::default_collection() {
  std::array<TimeOfDay, 7> days{};
  days.fill(hours{15} + minutes{10});
  return days;
}

std::map<PatKey, PatInterval> pat_table(PatPreset preset) {
  using C = EquipmentClass;
  using T = EquipmentType;
  // HSE INDG236 suggested initial intervals, shorter end of each range (POLICY PT2).
  // Class I movable and stationary are not in POLICY's table: INDG236's shorter ends.
  std::map<PatKey, PatInterval> t;
  t[{C::I, T::It}] = {24, 60};
  t[{C::II, T::It}] = {24, std::nullopt};
  t[{C::II, T::Movable}] = {24, std::nullopt};
  t[{C::II, T::Stationary}] = {24, std::nullopt};
  t[{C::II, T::Portable}] = {24, std::nullopt};
  t[{C::II, T::HandHeld}] = {6, std::nullopt};
  t[{C::I, T::Portable}] = {6, 12};
  t[{C::I, T::HandHeld}] = {6, 12};
  t[{C::I, T::Movable}] = {12, 24};
  t[{C::I, T::Stationary}] = {24, 48};
  t[{C::I, T::ExtensionLead}] = {6, 12};
  t[{C::II, T::ExtensionLead}] = {6, 12};
  for (const auto& [type, name] : kEquipmentTypeNames) t[{C::BatteryOrElv, type}] = {};
  if (preset == PatPreset::Iet) {
    // The older IET schools figures for combined inspection and test.
    for (auto type : {T::Stationary, T::It, T::Movable}) t[{C::I, type}].combined = 12;
    for (auto type : {T::Portable, T::HandHeld, T::ExtensionLead}) t[{C::I, type}].combined = 6;
    for (const auto& [type, name] : kEquipmentTypeNames) t[{C::II, type}].combined = 48;
  }
  return t;
}

std::vector<SettingInfo> setting_keys() {
  std::vector<SettingInfo> out;
  for (const auto& e : registry()) out.push_back({e.key, e.description});
  out.push_back({"collection.opens.YYYY-MM-DD", "PH1: collection time on one date (early finish); none to remove"});
  out.push_back({"location.NAME", "AR2: a location in the register audits check against (its address or a note); "
                                  "none to remove"});
  out.push_back({"kind.WORD", "Imports: a device whose category, model, name or manufacturer holds WORD is of this kind "
                              "(" + enum_choices<DeviceKind>() + "); none to remove"});
  return out;
}

std::optional<std::string> set_setting(Settings& s, std::string_view key, std::string_view value) {
  auto fail = [&](const std::string& why) { return "setting " + std::string{key} + ": " + why; };
  if (const Entry* e = find_entry(key)) {
    if (auto err = e->set(s, value)) return fail(*err);
    return std::nullopt;
  }
  if (key.starts_with(kCollectionOn)) {
    auto date = parse_date(key.substr(kCollectionOn.size()));
    if (!date) return fail("unknown setting (a date must be YYYY-MM-DD)");
    if (trim(value) == "none") {
      s.collection_on.erase(*date);
      return std::nullopt;
    }
    auto t = parse_time_of_day(trim(value));
    if (!t) return fail("expected a time of day such as 12:30, or none");
    s.collection_on[*date] = *t;
    return std::nullopt;
  }
  if (key.starts_with(kLocation)) {
    std::string name{trim(key.substr(kLocation.size()))};
    if (name.empty()) return fail("name the location after location., e.g. location.Room 4");
    if (trim(value) == "none") s.locations.erase(name);
    else s.locations[name] = std::string{trim(value)};
    return std::nullopt;
  }
  if (key.starts_with(kKindWord)) {
    auto word = kind_word(key);
    if (!word) return fail("name a word after kind., e.g. kind.latitude");
    if (trim(value) == "none") {
      s.kind_words.erase(*word);
      return std::nullopt;
    }
    auto k = parse_enum<DeviceKind>(trim(value));
    if (!k) return fail("expected one of " + enum_choices<DeviceKind>() + ", or none");
    s.kind_words[*word] = *k;
    return std::nullopt;
  }
  return fail("unknown setting; `tagdesk settings keys` lists them, with what each means");
}

std::optional<std::string> get_setting(const Settings& s, std::string_view key) {
  if (const Entry* e = find_entry(key)) return e->get(s);
  if (key.starts_with(kCollectionOn)) {
    auto date = parse_date(key.substr(kCollectionOn.size()));
    if (!date) return std::nullopt;
    auto it = s.collection_on.find(*date);
    return it == s.collection_on.end() ? std::string{"none"} : format_time_of_day(it->second);
  }
  if (key.starts_with(kLocation)) {
    auto it = s.locations.find(std::string{trim(key.substr(kLocation.size()))});
    return it == s.locations.end() ? std::string{"none"} : it->second;
  }
  if (key.starts_with(kKindWord)) {
    auto word = kind_word(key);
    if (!word) return std::nullopt;
    auto it = s.kind_words.find(*word);
    return it == s.kind_words.end() ? std::string{"none"} : std::string{to_string(it->second)};
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> all_settings(const Settings& s) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : registry()) out.emplace_back(e.key, e.get(s));
  for (const auto& [date, tod] : s.collection_on)
    out.emplace_back(std::string{kCollectionOn} + format_date(date), format_time_of_day(tod));
  for (const auto& [name, note] : s.locations) out.emplace_back(std::string{kLocation} + name, note);
  for (const auto& [word, kind] : s.kind_words) out.emplace_back(std::string{kKindWord} + word, std::string{to_string(kind)});
  return out;
}

}  // namespace core
