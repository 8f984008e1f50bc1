#include <gtest/gtest.h>

#include "db/json.h"

namespace {

TEST(EventJson, RoundTripsEveryFieldOfAnEvent) {
  core::Device d{.id = "LT7", .asset_tag = "SCH-7", .kind = core::DeviceKind::Camera,
                 .sensitivity = core::Sensitivity::HoldsNone, .encrypted = true,
                 .encryption_verified = core::parse_date("2026-01-31"), .accessories = {"charger", "case"}};
  core::Event e{.seq = 4, .id = "abc", .kiosk = "k1", .at = *core::parse_time("2026-11-24T08:20:05"),
                .actor = "S1", .authoriser = "A1", .data = core::DeviceRecorded{d}};
  auto back = db::event_from_json(db::event_to_json(e));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->seq, 4);
  EXPECT_EQ(back->authoriser, "A1");
  EXPECT_EQ(back->at, e.at);
  ASSERT_TRUE(std::holds_alternative<core::DeviceRecorded>(back->data));
  EXPECT_EQ(std::get<core::DeviceRecorded>(back->data).device, d);
}

TEST(EventJson, NamesWhatIsWrongWithAMalformedEvent) {
  auto unknown = db::event_from_json(nlohmann::json{{"type", "phone.teleported"}, {"at", "2026-11-24T08:00:00"},
                                                    {"data", nlohmann::json::object()}});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().find("phone.teleported"), std::string::npos);

  auto bad_time = db::event_from_json(nlohmann::json{{"type", "pin.failed"}, {"at", "yesterday"},
                                                     {"data", {{"person", "S1"}}}});
  ASSERT_FALSE(bad_time);
  EXPECT_NE(bad_time.error().find("yesterday"), std::string::npos);

  auto bad_enum = db::event_data_from_json("device.recorded", {{"device", {{"id", "X"}, {"kind", "toaster"}}}});
  ASSERT_FALSE(bad_enum);
  EXPECT_NE(bad_enum.error().find("toaster"), std::string::npos);

  EXPECT_FALSE(db::event_from_json(nlohmann::json::array()));
}

}  // namespace

// ---------------------------------------------------------------- every kind of event
namespace {

using core::Date;
using core::Time;

Date date(const char* iso) { return *core::parse_date(iso); }
Time moment(const char* iso) { return *core::parse_time(iso); }

// A value other than the type's default, for every type a register record holds.
void fill(core::Text& v) { v = "T-1042"; }
void fill(std::string& v) { v = "T-1042"; }
void fill(bool& v) { v = true; }
void fill(int& v) { v = 7; }
void fill(Date& v) { v = date("2026-03-04"); }
void fill(Time& v) { v = moment("2026-03-04T05:06:07"); }
void fill(core::Roles& v) { v.add(core::Right::Staff).add(core::Right::Admin); }
void fill(core::PatRecord& v) {
  v = {.device = "LT7", .date = date("2026-02-01"), .inspection = core::Inspection::Visual, .passed = false,
       .equipment_class = core::EquipmentClass::II, .equipment_type = core::EquipmentType::Portable,
       .tester = "Sam", .instrument = "PAT-1", .notes = "cracked plug", .label_applied = true};
}
template <class E>
  requires std::is_enum_v<E>
void fill(E& v) {
  for (const auto& [e, name] : names(v))
    if (e != v) {
      v = e;
      return;
    }
}
template <class T>
void fill(std::vector<T>& v) { fill(v.emplace_back()); }
template <class T>
void fill(std::optional<T>& v) { fill(v.emplace()); }
template <class T>
void fill(core::Box<T>& v) {
  T value;
  fill(value);
  v = value;
}

// Every field of a register record set, from its field table.
template <class R>
R full() {
  R r;
  core::for_each_field<R>([&](const auto& f) { fill(r.*f.member); });
  return r;
}

core::HeldItem held() {
  return {.id = "H1", .pupil = "P1", .kind = core::HeldKind::Tablet, .description = "blue case", .slot = "S001",
          .received_by = "S1", .at = moment("2026-11-23T08:00:00"),
          .confiscation = core::Confiscation{
              .reason = "lesson", .rule_breached = "B4", .place = "Room 4", .staff = "S1", .witness = "S2",
              .state_found = core::FoundState::Locked, .condition_notes = "scratched",
              .release = core::Release::ParentOnly, .not_before = date("2026-11-24"),
              .parent_informed = moment("2026-11-23T09:00:00"), .evidence_hold = true, .evidence_hold_by = "D1"}};
}

// One of each kind of event, every field other than its default. A kind of
// event without one here does not compile.
using std::type_identity;
core::SettingChanged sample(type_identity<core::SettingChanged>) { return {.key = "pin_max_failures", .value = "5"}; }
core::PersonRecorded sample(type_identity<core::PersonRecorded>) { return {full<core::Person>()}; }
core::PersonChanged sample(type_identity<core::PersonChanged>) {
  auto after = full<core::Person>();
  return {.person = after.id, .changed = core::changes(core::Person{.id = after.id}, after)};
}
core::PersonDeactivated sample(type_identity<core::PersonDeactivated>) { return {"S1"}; }
core::PinSet sample(type_identity<core::PinSet>) { return {.person = "S1", .hash = "$argon2id$v=19$x"}; }
core::PinFailed sample(type_identity<core::PinFailed>) { return {"S1"}; }
core::SessionStarted sample(type_identity<core::SessionStarted>) { return {"S1"}; }
core::AupAccepted sample(type_identity<core::AupAccepted>) { return {.person = "S1", .date = date("2026-09-01")}; }
core::DeviceRecorded sample(type_identity<core::DeviceRecorded>) { return {full<core::Device>()}; }
core::DeviceChanged sample(type_identity<core::DeviceChanged>) {
  auto after = full<core::Device>();
  return {.device = after.id, .changed = core::changes(core::Device{.id = after.id}, after)};
}
core::SlotRecorded sample(type_identity<core::SlotRecorded>) { return {full<core::Slot>()}; }
core::ExemptionRecorded sample(type_identity<core::ExemptionRecorded>) {
  return {core::Exemption{.pupil = "P1", .category = core::ExemptionCategory::Medical, .approver = "A1",
                          .start = date("2026-09-01"), .end = date("2027-07-20"), .review = date("2027-01-05")}};
}
core::ApprovalRecorded sample(type_identity<core::ApprovalRecorded>) {
  return {core::Approval{.person = "S1", .device = "LT7", .until = date("2026-12-01"), .approved_by = "A1"}};
}
core::HandedIn sample(type_identity<core::HandedIn>) { return {held()}; }
core::Collected sample(type_identity<core::Collected>) {
  return {.held = "H1", .pupil = "P1", .early = true, .reason = "dentist"};
}
core::FormBoxHandedIn sample(type_identity<core::FormBoxHandedIn>) {
  return {.box = "FB1", .form = "7A",
          .entries = {{.pupil = "P1", .mark = core::FormMark::Absent, .held = "H2", .kind = core::HeldKind::Smartwatch,
                       .description = "black"}}};
}
core::CustodyTransferred sample(type_identity<core::CustodyTransferred>) { return {.slot = "FB1", .to = "S1"}; }
core::Confiscated sample(type_identity<core::Confiscated>) { return {held()}; }
core::ParentInformed sample(type_identity<core::ParentInformed>) {
  return {.held = "H1", .informed = moment("2026-11-23T10:00:00")};
}
core::EvidenceHoldPlaced sample(type_identity<core::EvidenceHoldPlaced>) { return {.held = "H1", .device = "LT7"}; }
core::EvidenceHoldCleared sample(type_identity<core::EvidenceHoldCleared>) { return {.held = "H1", .device = "LT7"}; }
core::Released sample(type_identity<core::Released>) {
  return {.held = "H1", .pupil = "P1", .to = core::ReleaseTo::Police, .name = "Ann", .relationship = "mother",
          .officer = "PC Bell", .collar = "1234", .crime_ref = "CR/1"};
}
core::SignedOut sample(type_identity<core::SignedOut>) {
  return {.loan = {.id = "L1", .device = "LT7", .borrower = "S1", .out_at = moment("2026-11-23T09:00:00"),
                   .due_at = moment("2026-11-24T09:00:00"), .off_site = true, .approved_by = "A1",
                   .accessories = {"CH01"}},
          .conditions_confirmed = true};
}
core::Returned sample(type_identity<core::Returned>) {
  return {.loan = "L1", .device = "LT7", .borrower = "S1", .condition = core::Condition::Damaged, .note = "dented",
          .missing = {"CH01"}};
}
core::SignOutRefused sample(type_identity<core::SignOutRefused>) {
  return {.device = "LT7", .person = "S1", .off_site = true, .rules = {"LN3"}};
}
core::RepairCleared sample(type_identity<core::RepairCleared>) { return {"LT7"}; }
core::ReportedLost sample(type_identity<core::ReportedLost>) {
  return {.device = "LT7", .stolen = true, .known = moment("2026-11-23T11:00:00"), .last_custodian = "S1",
          .encrypted = true, .likely_breach = true};
}
core::Recalled sample(type_identity<core::Recalled>) { return {.device = "LT7", .reason = "battery recall"}; }
core::PatTested sample(type_identity<core::PatTested>) {
  core::PatRecord r;
  fill(r);
  return {r};
}
core::AuditStarted sample(type_identity<core::AuditStarted>) { return {.audit = "AU1", .location = "Room 4"}; }
core::AuditScanned sample(type_identity<core::AuditScanned>) { return {.audit = "AU1", .device = "LT7"}; }
core::AuditFinished sample(type_identity<core::AuditFinished>) {
  return {.audit = "AU1", .found = {"LT7"}, .missing = {"LT8"}, .unexpected = {"LT9"}};
}
core::RecordsPurged sample(type_identity<core::RecordsPurged>) {
  return {.handin_before = date("2026-01-01"), .records_before = date("2020-01-01"), .count = 3, .digest = "ab12"};
}
core::DataExported sample(type_identity<core::DataExported>) {
  return {.what = "people", .destination = "/tmp/people.csv", .os_user = "office"};
}
core::AdminRecovered sample(type_identity<core::AdminRecovered>) { return {.person = "S1", .os_user = "root"}; }
core::ClockWentBack sample(type_identity<core::ClockWentBack>) {
  return {.last = moment("2026-11-23T10:00:00"), .now = moment("2026-11-12T10:00:00")};
}
core::ConflictRecorded sample(type_identity<core::ConflictRecorded>) {
  return {.device = "LT7", .held = "H3",  // one or the other in practice; both here, so both round-trip
          .first = {.event = "r1", .kiosk = "reception", .at = moment("2026-11-24T08:30:00"), .actor = "S1",
                    .type = "loan.signed-out", .person = "P1"},
          .second = {.event = "b1", .kiosk = "library", .at = moment("2026-11-24T08:35:00"), .actor = "S2",
                     .type = "loan.returned", .person = "P2"}};
}
core::RackMoved sample(type_identity<core::RackMoved>) {
  return {.rack = {.id = "B", .first = "PO0601", .last = "PO1100", .desk = "library"}, .from = "reception"};
}
core::ProjectionsRebuilt sample(type_identity<core::ProjectionsRebuilt>) {
  return {.user = "root", .differences = {"people: S1 differs"}};
}

template <class T>
void round_trips() {
  SCOPED_TRACE(std::string{T::kType});
  core::EventData data = sample(type_identity<T>{});
  // The sample sets every field the codec writes: none is as a default-made event writes it.
  auto written = db::event_data_to_json(data);
  auto unset = db::event_data_to_json(core::EventData{T{}});
  for (const auto& [key, value] : unset.items())
    EXPECT_NE(written.at(key), value) << "the sample leaves '" << key << "' at its default";
  core::Event e{.seq = 9, .id = "e9", .kiosk = "k1", .at = moment("2026-11-23T08:20:05"), .actor = "S1",
                .authoriser = "A1", .data = data};
  // As the store and sync carry it: JSON text.
  auto back = db::event_from_json(nlohmann::json::parse(db::event_to_json(e).dump()));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->data, e.data);  // the same kind of event (kType is unique), every field equal
  EXPECT_EQ(db::event_to_json(*back), db::event_to_json(e));
}

template <std::size_t... I>
void every_kind_round_trips(std::index_sequence<I...>) {
  (round_trips<std::variant_alternative_t<I, core::EventData>>(), ...);
}

}  // namespace

TEST(EventJson, EveryKindOfEventRoundTrips) {
  every_kind_round_trips(std::make_index_sequence<std::variant_size_v<core::EventData>>{});
}

TEST(EventJson, RecordsRoundTripFieldByFieldFromTheirTables) {
  EXPECT_EQ(db::from_json_value<core::Device>(db::to_json_value(full<core::Device>())), full<core::Device>());
  EXPECT_EQ(db::from_json_value<core::Person>(db::to_json_value(full<core::Person>())), full<core::Person>());
  EXPECT_EQ(db::from_json_value<core::Slot>(db::to_json_value(full<core::Slot>())), full<core::Slot>());
  // Every field, under its table's name, and nothing else.
  auto j = db::to_json_value(full<core::Device>());
  std::size_t n = 0;
  core::for_each_field<core::Device>([&](const auto& f) {
    ++n;
    EXPECT_TRUE(j.contains(f.name)) << f.name;
  });
  EXPECT_EQ(j.size(), n);
}

TEST(EventJson, AChangeNamesOnlyFieldsAnEditWrites) {
  auto pin = db::event_data_from_json("person.changed", {{"person", "S1"}, {"changed", {{"pin_hash", "x"}}}});
  ASSERT_FALSE(pin);
  EXPECT_NE(pin.error().find("'pin_hash' is not a field an edit of a person changes"), std::string::npos)
      << pin.error();
  EXPECT_FALSE(db::event_data_from_json("device.changed", {{"device", "LT7"}, {"changed", {{"colour", "red"}}}}));
  EXPECT_FALSE(db::event_data_from_json("device.changed", {{"device", "LT7"}, {"changed", {{"id", "LT8"}}}}));
  auto ok = db::event_data_from_json("device.changed", {{"device", "LT7"}, {"changed", {{"pat_interval_months", 12}}}});
  ASSERT_TRUE(ok) << ok.error();
  const auto& c = std::get<core::DeviceChanged>(*ok).changed;
  EXPECT_EQ(c.fields, std::vector<std::string>{"pat_interval_months"});
  EXPECT_EQ(c.values.pat_interval_months, 12);
}
