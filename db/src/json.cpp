#include "db/json.h"

#include <optional>

namespace core {
// ADL finds these for values of core's types.
using nlohmann::json;

template <class E>
concept NamedEnum = std::is_enum_v<E> && requires(E e) { names(e); };

template <NamedEnum E>
void to_json(json& j, const E& e) { j = std::string{to_string(e)}; }

template <NamedEnum E>
void from_json(const json& j, E& e) {
  auto v = parse_enum<E>(j.get<std::string>());
  if (!v) throw std::invalid_argument("'" + j.get<std::string>() + "' is not one of " + enum_choices<E>());
  e = *v;
}

inline void to_json(json& j, const Roles& r) { j = format_roles(r); }
inline void from_json(const json& j, Roles& r) {
  auto v = parse_roles(j.get<std::string>());
  if (!v) throw std::invalid_argument("unknown role in '" + j.get<std::string>() + "'");
  r = *v;
}

}  // namespace core

namespace nlohmann {

template <>
struct adl_serializer<core::Time> {
  static void to_json(json& j, const core::Time& t) { j = core::format_time(t); }
  static void from_json(const json& j, core::Time& t) {
    auto v = core::parse_time(j.get<std::string>());
    if (!v) throw std::invalid_argument("'" + j.get<std::string>() + "' is not a time (YYYY-MM-DDTHH:MM:SS)");
    t = *v;
  }
};

template <>
struct adl_serializer<core::Date> {
  static void to_json(json& j, const core::Date& d) { j = core::format_date(d); }
  static void from_json(const json& j, core::Date& d) {
    auto v = core::parse_date(j.get<std::string>());
    if (!v) throw std::invalid_argument("'" + j.get<std::string>() + "' is not a date (YYYY-MM-DD)");
    d = *v;
  }
};

template <>
struct adl_serializer<core::Text> {
  static void to_json(json& j, const core::Text& t) { j = t.view(); }
  static void from_json(const json& j, core::Text& t) { t = j.get_ref<const std::string&>(); }
};

// A Box is written as the optional it stands for: the value, or null.
template <class T>
struct adl_serializer<core::Box<T>> {
  static void to_json(json& j, const core::Box<T>& b) { j = b.optional(); }
  static void from_json(const json& j, core::Box<T>& b) { b = j.get<std::optional<T>>(); }
};

template <class T>
struct adl_serializer<std::optional<T>> {
  static void to_json(json& j, const std::optional<T>& o) {
    if (o) j = *o;
    else j = nullptr;
  }
  static void from_json(const json& j, std::optional<T>& o) {
    if (j.is_null()) o.reset();
    else o = j.get<T>();
  }
};

}  // namespace nlohmann

namespace core {

// The register's records, field by field from their tables (core/fields.h): a
// missing field keeps its default.
template <class R>
concept Tabled = requires { FieldTable<R>::kFields; };

template <Tabled R>
void to_json(json& j, const R& r) {
  j = json::object();
  for_each_field<R>([&](const auto& f) { j[f.name] = r.*f.member; });
}

template <Tabled R>
void from_json(const json& j, R& r) {
  if (!j.is_object()) throw std::invalid_argument("a " + std::string{FieldTable<R>::kWhat} + " must be a JSON object");
  r = R{};
  for_each_field<R>([&](const auto& f) {
    if (auto it = j.find(f.name); it != j.end()) it->get_to(r.*f.member);
  });
}

// What an edit changed: {NAME: VALUE...}, each name one of the table's that an
// edit writes, never the id (the event's own "person" or "device" names the record).
template <class R>
void to_json(json& j, const Changes<R>& c) {
  j = json::object();
  for_each_field<R>([&](const auto& f) {
    if (c.has(f.name)) j[f.name] = c.values.*f.member;
  });
}

template <class R>
void from_json(const json& j, Changes<R>& c) {
  if (!j.is_object()) throw std::invalid_argument("the changed fields must be a JSON object");
  for (const auto& [name, value] : j.items())
    if (name == "id" || !is_edit_field<R>(name))
      throw std::invalid_argument("'" + name + "' is not a field an edit of a " +
                                  std::string{FieldTable<R>::kWhat} + " changes");
  c = Changes<R>{};
  for_each_field<R>([&](const auto& f) {
    if (auto it = j.find(f.name); it != j.end()) {
      it->get_to(c.values.*f.member);
      c.fields.emplace_back(f.name);
    }
  });
}

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PatRecord, device, date, inspection, passed, equipment_class,
                                                equipment_type, tester, instrument, notes, label_applied)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Loan, id, device, borrower, out_at, due_at, off_site, approved_by,
                                                accessories)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Approval, person, device, until, approved_by)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Confiscation, reason, rule_breached, place, staff, witness,
                                                state_found, condition_notes, release, not_before, parent_informed,
                                                evidence_hold, evidence_hold_by)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HeldItem, id, pupil, kind, description, slot, received_by, at,
                                                confiscation)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Exemption, pupil, category, approver, start, end, review)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Audit, id, location, started, by, seen)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(FormEntry, pupil, mark, held, kind, description)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Rack, id, first, last, desk)

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SettingChanged, key, value)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PersonRecorded, person)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PersonChanged, person, changed)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PersonDeactivated, person)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PinSet, person, hash)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PinFailed, person)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SessionStarted, person)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AupAccepted, person, date)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DeviceRecorded, device)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DeviceChanged, device, changed)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SlotRecorded, slot)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ExemptionRecorded, exemption)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ApprovalRecorded, approval)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HandedIn, item)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Collected, held, pupil, early, reason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(FormBoxHandedIn, box, form, entries)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CustodyTransferred, slot, to)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Confiscated, item)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ParentInformed, held, informed)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(EvidenceHoldPlaced, held, device)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(EvidenceHoldCleared, held, device)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Released, held, pupil, to, name, relationship, officer, collar,
                                                crime_ref)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SignedOut, loan, conditions_confirmed)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Returned, loan, device, borrower, condition, note, missing)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SignOutRefused, device, person, off_site, rules)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RepairCleared, device)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ReportedLost, device, stolen, known, last_custodian, encrypted,
                                                likely_breach)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Recalled, device, reason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PatTested, record)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AuditStarted, audit, location)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AuditScanned, audit, device)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AuditFinished, audit, found, missing, unexpected)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RecordsPurged, handin_before, records_before, count, digest)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DataExported, what, destination, os_user)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AdminRecovered, person, os_user)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ClockWentBack, last, now)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ProjectionsRebuilt, user, differences)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ConflictStory, event, kiosk, at, actor, type, person)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ConflictRecorded, device, held, first, second)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RackMoved, rack, from)

}  // namespace core

namespace db {
using nlohmann::json;

namespace {

// Finds the variant alternative whose kType matches `type`.
template <std::size_t I = 0>
std::expected<core::EventData, std::string> data_by_type(std::string_view type, const json& j) {
  if constexpr (I == std::variant_size_v<core::EventData>) {
    return std::unexpected("unknown event type '" + std::string{type} + "'");
  } else {
    using T = std::variant_alternative_t<I, core::EventData>;
    if (T::kType == type) return core::EventData{j.get<T>()};
    return data_by_type<I + 1>(type, j);
  }
}

template <class F>
auto guarded(F f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return std::unexpected(std::string{e.what()});
  }
}

}  // namespace

json event_data_to_json(const core::EventData& data) {
  json j;
  std::visit([&](const auto& e) { j = e; }, data);
  return j;
}

std::expected<core::EventData, std::string> event_data_from_json(std::string_view type, const json& j) {
  if (!j.is_object()) return std::unexpected(std::string{"event data must be a JSON object"});
  return guarded([&] { return data_by_type(type, j); });
}

json event_to_json(const core::Event& e) {
  return json{{"seq", e.seq},     {"id", e.id},     {"type", std::string{core::event_type(e.data)}},
              {"at", e.at},       {"kiosk", e.kiosk}, {"actor", e.actor},
              {"authoriser", e.authoriser}, {"data", event_data_to_json(e.data)}};
}

json event_to_export_json(const core::Event& e) {
  auto j = event_to_json(e);
  if (std::holds_alternative<core::PinSet>(e.data)) j["data"]["hash"] = "redacted";
  return j;
}

std::expected<core::Event, std::string> event_from_json(const json& j) {
  return guarded([&]() -> std::expected<core::Event, std::string> {
    if (!j.is_object()) return std::unexpected(std::string{"an event must be a JSON object"});
    for (const char* key : {"type", "at", "data"})
      if (!j.contains(key)) return std::unexpected("the event has no '" + std::string{key} + "'");
    core::Event e;
    e.seq = j.value("seq", std::int64_t{0});
    e.id = j.value("id", "");
    e.kiosk = j.value("kiosk", "");
    e.actor = j.value("actor", "");
    e.authoriser = j.value("authoriser", "");
    e.at = j.at("at").get<core::Time>();
    auto data = event_data_from_json(j.at("type").get<std::string>(), j.at("data"));
    if (!data) return std::unexpected(data.error());
    e.data = std::move(*data);
    return e;
  });
}

json to_json_value(const core::Person& v) { return v; }
json to_json_value(const core::Device& v) { return v; }
json to_json_value(const core::Slot& v) { return v; }
json to_json_value(const core::Loan& v) { return v; }
json to_json_value(const core::HeldItem& v) { return v; }
json to_json_value(const core::Approval& v) { return v; }
json to_json_value(const core::Audit& v) { return v; }
json to_json_value(const core::PatRecord& v) { return v; }
json to_json_value(const std::vector<core::Exemption>& v) { return v; }
json to_json_value(const std::vector<core::Time>& v) { return v; }
json to_json_value(const core::Rack& v) { return v; }

template <class T>
T from_json_value(const json& j) { return j.get<T>(); }

template core::Person from_json_value<core::Person>(const json&);
template core::Device from_json_value<core::Device>(const json&);
template core::Slot from_json_value<core::Slot>(const json&);
template core::Loan from_json_value<core::Loan>(const json&);
template core::HeldItem from_json_value<core::HeldItem>(const json&);
template core::Approval from_json_value<core::Approval>(const json&);
template core::Audit from_json_value<core::Audit>(const json&);
template core::PatRecord from_json_value<core::PatRecord>(const json&);
template std::vector<core::Exemption> from_json_value<std::vector<core::Exemption>>(const json&);
template std::vector<core::Time> from_json_value<std::vector<core::Time>>(const json&);
template core::Rack from_json_value<core::Rack>(const json&);

}  // namespace db
