#include <gtest/gtest.h>

#include "exchange/csv.h"
#include "exchange/import.h"
#include "import_test_util.h"

namespace {

using namespace import_test;

TEST(ImportPeople, GoodFileAddsEveryone) {
  auto plan = exchange::plan_people_import(table("id,first_name,surname,roles,form,year,card\n"
                                           "P1,Zoë,Kowalska,pupil,7A,7,100001\n"
                                           "S1,Siobhán,Ní Bhriain,staff+confiscate,,,\n"),
                                     core::State{}, now());
  ASSERT_TRUE(plan.ok()) << messages(plan).front();
  EXPECT_EQ(plan.added, 2);
  ASSERT_EQ(plan.events.size(), 2u);
  const auto& p = std::get<core::PersonRecorded>(plan.events[0].data).person;
  EXPECT_EQ(p.first_name, "Zoë");
  EXPECT_EQ(p.year, 7);
  EXPECT_TRUE(p.roles.has(core::Right::Pupil));
  EXPECT_TRUE(std::get<core::PersonRecorded>(plan.events[1].data).person.roles.has(core::Right::Confiscate));
}

TEST(ImportPeople, EveryBadCellNamedByLineAndColumn) {
  auto plan = exchange::plan_people_import(table("id,first_name,surname,roles,year,active\n"
                                           "P1,Zoë,Kowalska,pupil,7,yes\n"
                                           "p-2,,Nguyễn,wizard,14x,maybe\n"
                                           "P1,Ann,Other,pupil,8,\n"),
                                     core::State{}, now());
  EXPECT_FALSE(plan.ok());
  EXPECT_TRUE(plan.events.empty());
  EXPECT_EQ(messages(plan),
            (std::vector<std::string>{
                "line 3, column id: 'p-2' may hold only capital letters A-Z and digits 0-9",
                "line 3, column first_name: is empty; this column needs a value on every row",
                "line 3, column roles: 'wizard' names a role that is not one of pupil, staff, confiscate, dsl, admin or "
                "visitor (join several with +)",
                "line 3, column year: '14x' is not a whole number",
                "line 3, column active: 'maybe' is not yes or no",
                "line 4, column id: 'P1' is already used on line 2",
            }));
}

TEST(ImportPeople, HeaderProblems) {
  auto plan = exchange::plan_people_import(table("id,first_name,surnme,roles,id\nP1,A,B,pupil,P1\n"), core::State{}, now());
  auto m = messages(plan);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_NE(m[0].find("line 1, column surnme: unknown column; the accepted columns are: id, first_name"),
            std::string::npos);
  EXPECT_EQ(m[1], "line 1, column id: appears twice in the header");
  EXPECT_EQ(m[2], "line 1, column surname: required column is missing (the header must name it)");
}

TEST(ImportPeople, OverlongNamesAndInvalidUtf8) {
  std::string long_name(101, 'a');  // core's limit, as at the kiosk and in every event
  auto plan = exchange::plan_people_import(
      table("id,first_name,surname,roles\nP1," + long_name + ",B,pupil\nP2,Zo\xEB,B,pupil\nP3,A,B\n"), core::State{},
      now());
  EXPECT_EQ(messages(plan), (std::vector<std::string>{
                                "line 2, column first_name: is 101 characters long; at most 100 are allowed",
                                "line 3, column first_name: is not valid UTF-8 text (save the spreadsheet as \"CSV UTF-8\")",
                                "line 4: has 3 fields but the header has 4 (a comma inside a value needs quotes)"}));
}

TEST(ImportPeople, UpdatesKeepColumnsTheFileLeavesOut) {
  core::State s;
  core::Person p{.id = "P1", .first_name = "Zoe", .surname = "K", .form = "7A", .email = "z@school"};
  p.roles.add(core::Right::Pupil);
  s.people["P1"] = p;
  auto plan = exchange::plan_people_import(table("id,first_name,surname,roles\nP1,Zoë,K,pupil\nP2,A,B,staff\n"), s, now());
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan.added, 1);
  EXPECT_EQ(plan.updated, 1);
  // An edit records what changed: email is not a column in the file, so is kept.
  const auto& updated = std::get<core::PersonChanged>(plan.events[0].data).changed;
  EXPECT_EQ(updated.fields, std::vector<std::string>{"first_name"});
  EXPECT_EQ(updated.values.first_name, "Zoë");
  auto again = exchange::plan_people_import(table("id,first_name,surname,roles\nP1,Zoe,K,pupil\n"), s, now());
  EXPECT_EQ(again.unchanged, 1);
  EXPECT_TRUE(again.events.empty());
}

TEST(ImportDevices, EnumsDatesAndAccessories) {
  auto plan = exchange::plan_devices_import(
      table("id,asset_tag,kind,status,encrypted,encryption_verified,purchase_date,accessories\n"
            "LT1,NFA-1,staff-laptop,available,yes,2026-09-01,2025-08-31,CH1; case\n"),
      core::State{}, now());
  ASSERT_TRUE(plan.ok()) << messages(plan).front();
  const auto& d = std::get<core::DeviceRecorded>(plan.events[0].data).device;
  EXPECT_EQ(d.kind, core::DeviceKind::StaffLaptop);
  EXPECT_TRUE(d.encrypted);
  EXPECT_EQ(d.encryption_verified, core::parse_date("2026-09-01"));
  EXPECT_EQ(d.accessories, (std::vector<std::string>{"CH1", "case"}));
}

TEST(ImportDevices, BadRowsNamed) {
  core::State s;
  s.devices["OLD"] = core::Device{.id = "OLD", .asset_tag = "NFA-9"};
  s.reindex();
  auto plan = exchange::plan_devices_import(table("id,asset_tag,kind,status,purchase_date\n"
                                            "LT1,NFA-1,laptop,available,2026-02-30\n"
                                            "LT2,NFA-1,tablet,broken,31/02/2026\n"
                                            "LT3,NFA-9,tablet,,\n"),
                                      s, now());
  EXPECT_EQ(messages(plan),
            (std::vector<std::string>{
                "line 2, column kind: 'laptop' is not one of staff-laptop, pupil-laptop, tablet, camera, memory-stick, "
                "charger, projector, phone or other",
                "line 2, column purchase_date: '2026-02-30' is not a date in the calendar",
                "line 3, column asset_tag: 'NFA-1' is already used on line 2",
                "line 3, column status: 'broken' is not one of available, awaiting-repair, lost, stolen or retired",
                "line 3, column purchase_date: '31/02/2026' is not a date in the calendar in the order of the rest of "
                "its column",
                "line 4: Tag or serial NFA-9 already belongs to OLD (AR1)",
            }));
}

TEST(ImportDevices, FailureOnTheLastRowLeavesNoEvents) {
  auto plan = exchange::plan_devices_import(table("id,kind\nLT1,tablet\nLT2,tablet\nLT3,toaster\n"), core::State{}, now());
  EXPECT_FALSE(plan.ok());
  EXPECT_TRUE(plan.events.empty());
}

TEST(ExportRegister, ExportThenImportGivesTheSameRecords) {
  core::State s;
  s.devices["LT1"] = core::Device{.id = "LT1", .name = "Laptop, \"one\"", .kind = core::DeviceKind::Tablet,
                                  .encryption_verified = core::parse_date("2026-01-02"), .pat_interval_months = 24,
                                  .accessories = {"CH1", "case"}, .notes = "two\nlines"};
  // As long as the kiosk lets an administrator type (core's limits): the file comes back whole.
  s.devices["LT2"] = core::Device{.id = "LT2", .name = std::string(core::kNameLimit, 'n'),
                                  .accessories = {std::string(core::kNameLimit, 'a'), std::string(core::kNameLimit, 'b')},
                                  .notes = std::string(core::kNoteLimit, 'x')};
  core::Person p{.id = "P1", .first_name = "Zoë", .surname = "Ó Briain", .year = 7, .admission_no = std::string(64, '7'),
                 .active = false};
  p.roles.add(core::Right::Pupil).add(core::Right::Visitor);
  s.people["P1"] = p;
  auto devices = exchange::export_devices_csv(s);
  std::string header;
  for (const auto& c : exchange::device_columns()) header += (header.empty() ? "" : ",") + c;
  EXPECT_EQ(devices.substr(0, devices.find("\r\n")), header);
  auto dplan = exchange::plan_devices_import(table(devices), core::State{}, now());
  ASSERT_TRUE(dplan.ok()) << dplan.problems.front().message;
  EXPECT_EQ(std::get<core::DeviceRecorded>(dplan.events.at(0).data).device, s.devices["LT1"]);
  EXPECT_EQ(std::get<core::DeviceRecorded>(dplan.events.at(1).data).device, s.devices["LT2"]);
  auto pplan = exchange::plan_people_import(table(exchange::export_people_csv(s)), core::State{}, now());
  ASSERT_TRUE(pplan.ok());
  EXPECT_EQ(std::get<core::PersonRecorded>(pplan.events.at(0).data).person, p);
}

// The register's CSV names its columns as the field table names the fields
// (core/fields.h): the names events, JSON and the database use.
TEST(ExportRegister, ColumnsAreTheRecordsFieldNames) {
  for (const auto& c : exchange::device_columns()) EXPECT_TRUE(core::is_edit_field<core::Device>(c)) << c;
  std::string people = exchange::export_people_csv(core::State{});
  std::string_view header{people.data(), people.find("\r\n")};
  ASSERT_FALSE(header.empty());
  for (std::size_t at = 0; at <= header.size();) {
    auto comma = std::min(header.find(',', at), header.size());
    auto c = header.substr(at, comma - at);
    EXPECT_TRUE(core::is_edit_field<core::Person>(c)) << c;
    at = comma + 1;
  }
}

}  // namespace
