// The typed projection columns (schema version 3) and the migration that
// fills them from version 2's JSON documents.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "columns.h"
#include "core/pat.h"
#include "db/json.h"
#include "db/store.h"
#include "schema.h"
#include "temp_dir.h"

namespace {

using namespace std::chrono_literals;

core::Time t(const char* iso) { return *core::parse_time(iso); }
core::Date d(const char* iso) { return *core::parse_date(iso); }

// Every field away from its default, so a column that is missed or crossed shows.
core::Person full_person() {
  core::Person p{.id = "P1", .first_name = "Zoë", .preferred_name = "Zo", .surname = "Kowalska"};
  p.roles.add(core::Right::Pupil).add(core::Right::Visitor);
  p.form = "7A";
  p.year = 7;
  p.card = "100001";
  p.admission_no = "A123";
  p.staff_code = "ZK";
  p.email = "zk@example.org";
  p.active = false;
  p.pin_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  p.aup_accepted = d("2026-09-01");
  p.pin_failures = {t("2026-11-24T08:00:00"), t("2026-11-24T08:00:05")};
  p.locked_until = t("2026-11-24T08:15:00");
  return p;
}

core::Device full_device() {
  core::Device v{.id = "D1", .asset_tag = "SCH-1", .serial = "SN1", .name = "Laptop 1", .make = "Dell",
                 .model = "Latitude", .kind = core::DeviceKind::StaffLaptop, .owner = core::Owner::Trust,
                 .home_location = "Office", .status = core::DeviceStatus::AwaitingRepair,
                 .sensitivity = core::Sensitivity::Holds};
  v.encrypted = true;
  v.encryption_verified = d("2026-10-01");
  v.mdm_enrolled = true;
  v.equipment_class = core::EquipmentClass::II;
  v.equipment_type = core::EquipmentType::Portable;
  v.pat_interval_months = 24;
  v.last_pat = core::PatRecord{.device = "D1", .date = d("2026-01-10"), .inspection = core::Inspection::Visual,
                               .passed = false, .tester = "T. Tester", .notes = "frayed lead"};
  v.last_pat_pass = d("2025-01-10");
  v.purchase_date = d("2024-09-01");
  v.disposal_date = d("2029-09-01");
  v.disposal_route = "WEEE";
  v.accessories = {"charger", "CH001"};
  v.missing_accessories = {"mouse"};
  v.visitor_equipment = true;
  v.use_permitted_by = "S1";
  v.max_loan_days = 3;
  v.recalled = true;
  v.recall_reason = "battery";
  v.evidence_hold = true;
  v.last_seen = d("2026-11-20");
  v.notes = "sticker, \"quoted\"";
  return v;
}

core::Slot full_slot() {
  return core::Slot{.id = "FB7A", .kind = core::SlotKind::FormBox, .label = "Form box 7A", .form = "7A",
                    .custodian = "S1"};
}

// A version-2 file holding the given JSON documents.
void write_version2(const std::filesystem::path& path,
                    const std::vector<std::tuple<std::string, std::string, std::string>>& rows) {
  SQLite::Database raw{path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
  db::schema::migrate(raw, 0, 2);
  for (const auto& [table, id, json] : rows) {
    SQLite::Statement put{raw, "INSERT INTO " + table + " (id, data) VALUES (?, ?)"};
    put.bind(1, id);
    put.bind(2, json);
    put.exec();
  }
}

TEST(Columns, MigrationToVersion3KeepsEveryFieldOfPeopleDevicesAndSlots) {
  TempDir dir;
  auto path = dir / "v2.sqlite";
  write_version2(path, {{"people", "P1", db::to_json_value(full_person()).dump()},
                        {"devices", "D1", db::to_json_value(full_device()).dump()},
                        {"slots", "FB7A", db::to_json_value(full_slot()).dump()}});
  auto store = db::Store::open(path);
  ASSERT_TRUE(store) << store.error();
  EXPECT_EQ(store->state().people.at("P1"), full_person());
  EXPECT_EQ(store->state().devices.at("D1"), full_device());
  EXPECT_EQ(store->state().slots.at("FB7A"), full_slot());
  SQLite::Database raw{path.string()};
  EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), db::kSchemaVersion);
  // Version 5: the latest PAT's result and inspection in columns of their own.
  SQLite::Statement pat{raw, "SELECT last_pat_passed, last_pat_inspection FROM devices WHERE id = 'D1'"};
  ASSERT_TRUE(pat.executeStep());
  EXPECT_EQ(pat.getColumn(0).getInt(), 0);  // full_device's latest test failed
  EXPECT_EQ(pat.getColumn(1).getString(), "visual");
  // Version 6: the index the kiosk counts its pupils from at open.
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'people_roll'").getInt(),
            1);
  // Version 7: the PAT-due walk's index holds every column the kiosk's PAT
  // due screen reads (kPatFields and the name), and replaces version 6's.
  std::vector<std::string> in_index{"id"};  // (the key, in every index of a WITHOUT ROWID table)
  SQLite::Statement info{raw, "SELECT name FROM pragma_index_info('devices_pat_due') ORDER BY seqno"};
  while (info.executeStep()) in_index.push_back(info.getColumn(0).getString());
  for (std::string_view field : core::kPatFields)
    EXPECT_NE(std::ranges::find(in_index, field), in_index.end()) << field;
  EXPECT_NE(std::ranges::find(in_index, "name"), in_index.end());
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM sqlite_schema WHERE name = 'devices_pat_pass'").getInt(), 0);
}

TEST(Columns, ANarrowedReadOfTheLatestPatsColumnsHoldsJustThoseFields) {
  TempDir dir;
  auto path = dir / "school.sqlite";
  {
    auto store = db::Store::open(path);
    ASSERT_TRUE(store) << store.error();
    core::Device untested{.id = "D2", .name = "Kettle"};
    store->commit({core::Event{.at = t("2026-11-24T08:00:00"), .actor = "system",
                               .data = core::DeviceRecorded{full_device()}},
                   core::Event{.at = t("2026-11-24T08:00:00"), .actor = "system", .data = core::DeviceRecorded{untested}}});
  }
  auto store = db::Store::open(path, {.working_set = true});
  ASSERT_TRUE(store) << store.error();
  std::map<std::string, core::Device> seen;
  store->state().each_device([&](const core::Device& d) { seen.emplace(d.id, d); },
                             {.fields = {"last_pat_passed", "last_pat_inspection"}});
  ASSERT_EQ(seen.size(), 2u);
  ASSERT_TRUE(seen.at("D1").last_pat);
  EXPECT_FALSE(seen.at("D1").last_pat->passed);
  EXPECT_EQ(seen.at("D1").last_pat->inspection, core::Inspection::Visual);
  EXPECT_TRUE(seen.at("D1").last_pat->tester.empty()) << "the rest of the record is not read";
  EXPECT_FALSE(seen.at("D2").last_pat) << "no test on record: no record";
}

TEST(Columns, KeysMissingFromAnOldDocumentKeepTheirDefaults) {
  TempDir dir;
  auto path = dir / "v2.sqlite";
  write_version2(path, {{"people", "P2", R"({"id":"P2","surname":"Lee"})"},
                        {"devices", "D2", R"({"id":"D2","kind":"tablet"})"}});
  auto store = db::Store::open(path);
  ASSERT_TRUE(store) << store.error();
  EXPECT_EQ(store->state().people.at("P2"), (core::Person{.id = "P2", .surname = "Lee"}));
  EXPECT_TRUE(store->state().people.at("P2").active);
  EXPECT_EQ(store->state().devices.at("D2"), (core::Device{.id = "D2", .kind = core::DeviceKind::Tablet}));
}

TEST(Columns, ValuesWrittenByTheStoreReadBackEqual) {
  TempDir dir;
  auto path = dir / "x.sqlite";
  {
    auto store = db::Store::open(path);
    ASSERT_TRUE(store) << store.error();
    auto at = t("2026-11-24T08:00:00");
    store->commit({core::Event{.at = at, .actor = "system", .data = core::PersonRecorded{full_person()}},
                   core::Event{.at = at, .actor = "system", .data = core::DeviceRecorded{full_device()}},
                   core::Event{.at = at, .actor = "system", .data = core::SlotRecorded{full_slot()}}});
  }
  auto again = db::Store::open(path);
  ASSERT_TRUE(again) << again.error();
  EXPECT_EQ(again->state().people.at("P1"), full_person());
  EXPECT_EQ(again->state().devices.at("D1"), full_device());
  EXPECT_EQ(again->state().slots.at("FB7A"), full_slot());
}

template <class T>
std::vector<std::string> listed(const db::columns::Table<T>& table) {
  std::vector<std::string> names;
  for (const auto& c : table.columns) names.emplace_back(c.name);
  return names;
}

std::vector<std::string> in_file(SQLite::Database& raw, const std::string& table) {
  std::vector<std::string> names;
  SQLite::Statement q{raw, "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid"};
  while (q.executeStep()) names.push_back(q.getColumn(0).getString());
  return names;
}

// The code's columns are the field tables' (core/fields.h); the file's are
// in the order the schema's versions added them. Read and written by name.
TEST(Columns, TheCodeAndTheSchemaListTheSameColumns) {
  TempDir dir;
  auto path = dir / "x.sqlite";
  ASSERT_TRUE(db::Store::open(path));
  SQLite::Database raw{path.string()};
  auto sorted = [](std::vector<std::string> v) {
    std::ranges::sort(v);
    return v;
  };
  EXPECT_EQ(sorted(listed(db::columns::people())), sorted(in_file(raw, "people")));
  EXPECT_EQ(sorted(listed(db::columns::devices())), sorted(in_file(raw, "devices")));
  EXPECT_EQ(sorted(listed(db::columns::slots())), sorted(in_file(raw, "slots")));
}

TEST(Columns, ABadValueInTheFileIsNamedByTableRowAndColumn) {
  TempDir dir;
  auto path = dir / "x.sqlite";
  {
    auto store = db::Store::open(path);
    ASSERT_TRUE(store) << store.error();
    store->commit({core::Event{.at = t("2026-11-24T08:00:00"), .actor = "system",
                               .data = core::DeviceRecorded{full_device()}}});
  }
  {
    SQLite::Database raw{path.string(), SQLite::OPEN_READWRITE};
    raw.exec("UPDATE devices SET kind = 'spaceship' WHERE id = 'D1'");
  }
  auto store = db::Store::open(path);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().find("devices row 'D1', column kind: 'spaceship' is not one of"), std::string::npos)
      << store.error();
}

}  // namespace
