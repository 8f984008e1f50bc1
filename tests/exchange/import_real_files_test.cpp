// Files written the way other systems write them (tests/data/real/README.md
// says where each file's columns come from), each imported and checked field
// by field.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/decide.h"
#include "core/state.h"
#include "exchange/csv.h"
#include "exchange/import.h"
#include "import_test_util.h"
#include "../db/temp_dir.h"

namespace {

using namespace import_test;

exchange::csv::Table real_file(const std::string& name) {
  const char* root = std::getenv("TAGDESK_SOURCE_DIR");
  auto t = exchange::csv::read_file(std::filesystem::path{root ? root : "."} / "tests" / "data" / "real" / name);
  EXPECT_TRUE(t) << t.error();
  return t ? *t : exchange::csv::Table{};
}

core::Date date(const char* iso) { return *core::parse_date(iso); }

exchange::ImportRow row_of(const exchange::ImportPlan& plan, const std::string& id) {
  for (const auto& r : plan.rows)
    if (r.id == id) return r;
  ADD_FAILURE() << "no row for " << id;
  return {};
}

TEST(RealFiles, SnipeitAssetsSampleWithMonthDayDatesAndItsModels) {
  auto people = applied(exchange::plan_snipeit_users_import(real_file("snipeit-users.csv"), core::State{}, now()));
  auto plan = exchange::plan_snipeit_import(real_file("snipeit-assets.csv"), people, now());
  ASSERT_TRUE(plan.ok()) << messages(plan).front();
  EXPECT_EQ(plan.added, 4);
  EXPECT_EQ(plan.guessed, (std::vector<std::string>{"column \"Purchase Date\": dates read as month/day/year (MDY), "
                                                    "because '1/23/23' can only be read that way"}));
  auto s = applied(plan, people);

  const auto& mac = s.devices.at("NFA1012");
  EXPECT_EQ(mac.asset_tag, "NFA-1012");
  EXPECT_EQ(mac.name, "Staff laptop 12");
  EXPECT_EQ(mac.model, "Macbook Pro 13\"");
  EXPECT_EQ(mac.make, "Apple");
  EXPECT_EQ(mac.home_location, "Staff room");
  EXPECT_EQ(mac.kind, core::DeviceKind::StaffLaptop);
  EXPECT_EQ(mac.purchase_date, date("2023-01-23"));
  EXPECT_EQ(mac.notes, "Screen replaced, keyboard sticky");
  EXPECT_FALSE(mac.encrypted);
  EXPECT_TRUE(mac.holds_sensitive_data());
  EXPECT_EQ(row_of(plan, "NFA1012").detail,
            "kind staff-laptop, from the model \"Macbook Pro 13\"\" (\"macbook\")");

  const auto& cam = s.devices.at("NFA4003");
  EXPECT_EQ(cam.kind, core::DeviceKind::Camera);
  EXPECT_EQ(cam.purchase_date, date("2022-11-14"));
  EXPECT_EQ(s.devices.at("NFA2007").kind, core::DeviceKind::Tablet);
  EXPECT_EQ(s.devices.at("NFA2007").purchase_date, date("2023-03-01"));
  // Nothing says what the cart is: "other", which LN3 treats as sensitive.
  const auto& cart = s.devices.at("NFA9002");
  EXPECT_EQ(cart.kind, core::DeviceKind::Other);
  EXPECT_TRUE(cart.holds_sensitive_data());
  EXPECT_EQ(row_of(plan, "NFA9002").detail, "kind other: no word of the kinds table matched");

  // Checkout Type=User: an open loan to the person found by email; one to a
  // user tagdesk does not know is listed, not guessed.
  ASSERT_EQ(s.loans.size(), 1u);
  const auto& loan = s.loans.begin()->second;
  EXPECT_EQ(loan.device, "NFA4003");
  EXPECT_EQ(s.people.at(loan.borrower).email, "sobriain@northfield.example");
  EXPECT_EQ(plan.skipped, 1);
  auto skipped = std::ranges::find(plan.rows, std::string{"skipped"}, &exchange::ImportRow::action);
  ASSERT_NE(skipped, plan.rows.end());
  EXPECT_EQ(skipped->line, 5u);
  EXPECT_EQ(skipped->id, "NFA9002");
  EXPECT_NE(skipped->detail.find("gmccrackem@northfield.example: no such person in tagdesk"), std::string::npos);
  EXPECT_NE(std::ranges::find(plan.notes, "column \"Asset EOL Date\" (2 values) has no place in tagdesk's register and "
                                          "was not imported"),
            plan.notes.end());
}

TEST(RealFiles, SnipeitUsersAreStaffWithEmailAndEmployeeNumber) {
  auto plan = exchange::plan_snipeit_users_import(real_file("snipeit-users.csv"), core::State{}, now());
  ASSERT_TRUE(plan.ok()) << messages(plan).front();
  EXPECT_EQ(plan.added, 3);
  auto s = applied(plan);
  const auto& art = s.people.at("S001");
  EXPECT_EQ(art.first_name, "Siobhán");
  EXPECT_EQ(art.surname, "Ó Briain");
  EXPECT_EQ(art.email, "sobriain@northfield.example");
  EXPECT_EQ(art.staff_code, "70809");
  EXPECT_TRUE(art.roles.has(core::Right::Staff));
  EXPECT_TRUE(art.active);
  EXPECT_TRUE(s.people.at("S002").active);
  EXPECT_FALSE(s.people.at("S003").active);  // Activated=false
  EXPECT_NE(std::ranges::find(plan.notes, "column \"Job Title For User\" has no place in tagdesk and was not imported"),
            plan.notes.end());

  // Again a term later, Jessie no longer activated: deactivated as a leaver, the rest unchanged.
  auto t = real_file("snipeit-users.csv");
  t.rows[1].fields.back() = "false";
  auto again = exchange::plan_snipeit_users_import(t, s, now());
  ASSERT_TRUE(again.ok()) << messages(again).front();
  EXPECT_EQ(again.deactivated, 1);
  EXPECT_EQ(again.unchanged, 2);
  EXPECT_EQ(again.rows.at(0).action, "deactivated");
  EXPECT_EQ(again.rows.at(0).id, "S002");
  EXPECT_FALSE(applied(again, s).people.at("S002").active);
}

TEST(RealFiles, AR2_SnipeitLocationsBecomeTheRegisterAuditsCheck) {
  auto plan = exchange::plan_snipeit_locations_import(real_file("snipeit-locations.csv"), core::State{}, now());
  ASSERT_TRUE(plan.ok()) << messages(plan).front();
  EXPECT_EQ(plan.added, 3);
  EXPECT_EQ(plan.skipped, 1);  // "Library" twice
  auto s = applied(plan);
  EXPECT_EQ(s.settings.locations, (std::map<std::string, std::string>{
                                      {"Art room", "1 School Lane, Northfield"},
                                      {"Library", "1 School Lane, Block B, Northfield, NF1 2AB"},
                                      {"Staff room", "1 School Lane, Northfield, NF1 2AB"}}));
  // AR2: an audit of a location not in the register is refused, naming the ones that are.
  s.people["A1"] = core::Person{.id = "A1", .first_name = "Ada", .surname = "Admin"};
  s.people["A1"].roles.add(core::Right::Admin);
  auto d = core::decide(s, core::StartAudit{.actor = "A1", .location = "Libary"}, now());
  ASSERT_FALSE(d.allowed());
  EXPECT_EQ(d.refusals.at(0).message, "'Libary' is not a location in the register (Art room, Library, Staff room)");
  EXPECT_TRUE(core::decide(s, core::StartAudit{.actor = "A1", .location = "Library"}, now()).allowed());
}

struct Pupil {
  std::string admission_no, first_name, preferred_name, surname, form;
  int year;
};

void expect_pupils(const exchange::csv::Table& t, const std::vector<Pupil>& want) {
  auto plan = exchange::plan_mis_import(t, core::State{}, now());
  ASSERT_TRUE(plan.ok()) << messages(plan).front();
  auto s = applied(plan);
  ASSERT_EQ(s.people.size(), want.size());
  for (const auto& w : want) {
    auto it = std::ranges::find(s.people, w.admission_no, [](const auto& kv) { return std::string{kv.second.admission_no}; });
    ASSERT_NE(it, s.people.end()) << w.admission_no;
    const auto& p = it->second;
    EXPECT_EQ(p.first_name, w.first_name);
    EXPECT_EQ(p.preferred_name, w.preferred_name);
    EXPECT_EQ(p.surname, w.surname);
    EXPECT_EQ(p.form, w.form);
    EXPECT_EQ(p.year, w.year);
    EXPECT_TRUE(p.roles.has(core::Right::Pupil));
  }
}

TEST(RealFiles, SimsStudentListHeadersNeedNoMap) {
  expect_pupils(real_file("sims-students.csv"), {{"001201", "Zoë", "", "Kowalska", "7K", 7},
                                                  {"001202", "Łukasz", "Luke", "Nguyễn", "7K", 7}});
}

TEST(RealFiles, ArborUpperCaseFieldNamesNeedNoMap) {
  expect_pupils(real_file("arbor-students.csv"), {{"002301", "Siobhán", "", "Ní Bhriain", "8B", 8},
                                                   {"002302", "Amelia", "Millie", "Smith", "9S", 9}});
}

TEST(RealFiles, BromcomHeadersNeedNoMap) {
  expect_pupils(real_file("bromcom-students.csv"), {{"003401", "Noah", "", "Jones", "10J", 10},
                                                     {"003402", "Zainab", "Zee", "Hussain", "11H", 11}});
}

// Excel's other CSVs: a semicolon file from a European Excel, and "Unicode
// Text" (UTF-16 LE with a mark, tab-separated), each imported whole.
TEST(RealFiles, ExcelSemicolonAndUnicodeTextImport) {
  TempDir dir;
  std::ofstream(dir / "eu.csv", std::ios::binary)
      << "\xEF\xBB\xBF" "Asset Tag;Name;Model;Category;Purchase Date\r\n"
         "NFA-5001;Stick 1;SanDisk Ultra;USB sticks;25.12.2024\r\nNFA-5002;Stick 2;SanDisk Ultra;USB sticks;03.01.2025\r\n";
  auto eu = exchange::csv::read_file(dir / "eu.csv");
  ASSERT_TRUE(eu) << eu.error();
  auto plan = exchange::plan_snipeit_import(*eu, core::State{}, now());
  ASSERT_TRUE(plan.ok()) << messages(plan).front();
  auto s = applied(plan);
  EXPECT_EQ(s.devices.at("NFA5002").purchase_date, date("2025-01-03"));  // 25.12 made the column day first
  EXPECT_EQ(s.devices.at("NFA5002").kind, core::DeviceKind::MemoryStick);

  std::u16string text = u"Adno\tLegal Forename\tLegal Surname\tReg\tYear\r\n004001\tZoë\tKowalska\t7A\t7\r\n";
  std::string bytes = "\xFF\xFE";
  for (char16_t c : text) bytes += {static_cast<char>(c & 0xFF), static_cast<char>(c >> 8)};
  std::ofstream(dir / "unicode.txt", std::ios::binary) << bytes;
  auto unicode = exchange::csv::read_file(dir / "unicode.txt");
  ASSERT_TRUE(unicode) << unicode.error();
  auto pupils = applied(exchange::plan_mis_import(*unicode, core::State{}, now()));
  ASSERT_EQ(pupils.people.size(), 1u);
  EXPECT_EQ(pupils.people.begin()->second.first_name, "Zoë");
  EXPECT_EQ(pupils.people.begin()->second.form, "7A");
}

TEST(RealFiles, AnAmbiguousDateColumnIsRefusedOnceUntilDateFormatSettlesIt) {
  auto t = table("Asset Tag,Purchase Date\nT0,2026-01-02\nT1,03/04/2026\nT2,01/02/2026\nT3,05/06/2026\n");
  auto plan = exchange::plan_snipeit_import(t, core::State{}, now());
  EXPECT_EQ(messages(plan), (std::vector<std::string>{
                                "line 1, column Purchase Date: every date in this column could be day/month or "
                                "month/day (such as '03/04/2026'); say which with --date-format DMY (day first), MDY "
                                "(month first) or YMD"}));
  auto dmy = exchange::plan_snipeit_import(t, core::State{}, now(), {.date_order = core::DateOrder::DMY});
  ASSERT_TRUE(dmy.ok()) << messages(dmy).front();
  EXPECT_EQ(applied(dmy).devices.at("T1").purchase_date, date("2026-04-03"));
  // The same for our own register files.
  auto devices = exchange::plan_devices_import(table("id,kind,purchase_date\nD1,tablet,03/04/2026\n"), core::State{}, now(),
                                         {.date_order = core::DateOrder::MDY});
  ASSERT_TRUE(devices.ok()) << messages(devices).front();
  EXPECT_EQ(applied(devices).devices.at("D1").purchase_date, date("2026-03-04"));
}

}  // namespace
