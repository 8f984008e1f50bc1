// Issue 18 item 1: what no import may do, whichever importer planned it
// (exchange::check_safeguards over core/safeguards.h).
#include <gtest/gtest.h>

#include "core/state.h"
#include "exchange/csv.h"
#include "exchange/import.h"
#include "import_test_util.h"

namespace {

using namespace import_test;

// Ten staff by staff code: ST001 and ST002 administrators.
core::State staff_room() {
  core::State s;
  for (int i = 1; i <= 10; ++i) {
    std::string n = (i < 10 ? "00" : "0") + std::to_string(i);
    core::Person p{.id = "S" + n, .first_name = "Staff", .surname = "Member" + std::to_string(i),
                   .staff_code = "ST" + n};
    p.roles.add(core::Right::Staff);
    if (i <= 2) p.roles.add(core::Right::Admin);
    (void)core::apply(s, core::Event{.data = core::PersonRecorded{p}});
  }
  return s;
}

std::string staff_file(int from, int to) {
  std::string csv = "Staff Code,Legal Forename,Surname\n";
  for (int i = from; i <= to; ++i) {
    std::string n = (i < 10 ? "0" : "") + std::to_string(i);
    csv += "ST0" + n + ",Staff,Member" + std::to_string(i) + "\n";
  }
  return csv;
}

TEST(ImportSafeguards, SE1_AOneRowStaffFileCannotRemoveEveryAdministrator) {
  auto s = staff_room();
  auto plan = exchange::plan_mis_import(table("Staff Code,Legal Forename,Surname,Email\nST005,Claire,Smith,c@example.org\n"),
                                  s, now());
  exchange::check_safeguards(plan, s, /*confirmed_leavers=*/9);  // even when the leavers are confirmed
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(messages(plan).front(),
            "This would leave the school without an active administrator: Staff Member1 (S001) and Staff Member2 "
            "(S002) are the last ones. Make someone else an administrator first. (SE1)");
  EXPECT_EQ(plan.leavers.size(), 9u);
  EXPECT_EQ(plan.leavers.front(), "S001 Staff Member1 (staff)");
}

TEST(ImportSafeguards, ManyLeaversNeedTheirNumberConfirmed) {
  auto s = staff_room();
  auto plan = exchange::plan_mis_import(table(staff_file(1, 8)), s, now());  // S009 and S010 leave: 20%
  ASSERT_TRUE(plan.ok());
  auto unconfirmed = plan;
  exchange::check_safeguards(unconfirmed, s, std::nullopt);
  ASSERT_EQ(messages(unconfirmed).size(), 1u);
  EXPECT_EQ(messages(unconfirmed).front(),
            "2 people would be deactivated (2 of 10 staff, 0 of 0 pupils), more than 10% of either: check the list "
            "with --dry-run, then confirm with --confirm-leavers 2");
  EXPECT_EQ(unconfirmed.leavers, (std::vector<std::string>{"S009 Staff Member9 (staff)", "S010 Staff Member10 (staff)"}));
  auto wrong_count = plan;
  exchange::check_safeguards(wrong_count, s, 1);
  EXPECT_FALSE(wrong_count.ok());
  exchange::check_safeguards(plan, s, 2);
  EXPECT_TRUE(plan.ok());
  // One leaver in ten is within the share: no confirmation.
  auto one = exchange::plan_mis_import(table(staff_file(1, 9)), s, now());
  exchange::check_safeguards(one, s, std::nullopt);
  EXPECT_TRUE(one.ok());
  EXPECT_EQ(one.leavers.size(), 1u);
}

// Item 9: OWASP's CSV injection advice, and tagdesk's own import gives the text back.
TEST(CsvInjection, FormulaCellsAreWrittenNeutralisedAndReadBackAsTyped) {
  std::vector<std::string> cells = {"=HYPERLINK(\"http://x\",\"y\")", "+1", "-5", "@SUM(A1)", "\tx", "\rx",
                                    "'=already", "''", "'plain", "plain", "a=b"};
  std::string row = exchange::csv::format_row(cells);
  EXPECT_EQ(row,
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'+1\",\"'-5\",\"'@SUM(A1)\",\"'\tx\",\"'\rx\","
            "\"''=already\",\"'''\",\"'plain\",plain,a=b\r\n");
  auto back = exchange::csv::parse(exchange::csv::format_row(cells) + row);  // as header and as a row
  ASSERT_TRUE(back);
  EXPECT_EQ(back->header, cells);
  EXPECT_EQ(back->rows.at(0).fields, cells);
}

TEST(CsvInjection, ADeviceNamedAsAFormulaRoundTripsThroughExportAndImport) {
  core::State s;
  (void)core::apply(s, core::Event{.data = core::DeviceRecorded{core::Device{
                                       .id = "LT1", .name = "=HYPERLINK(\"http://evil\",\"Click\")", .make = "-Dell",
                                       .home_location = "@Office"}}});
  std::string out = exchange::export_devices_csv(s);
  EXPECT_EQ(out.find(",=HYPERLINK"), std::string::npos);
  EXPECT_NE(out.find("\"'=HYPERLINK"), std::string::npos);
  auto plan = exchange::plan_devices_import(table(out), core::State{}, now());
  ASSERT_TRUE(plan.ok()) << messages(plan).front();
  auto again = applied(plan);
  EXPECT_EQ(again.devices.at("LT1").name, "=HYPERLINK(\"http://evil\",\"Click\")");
  EXPECT_EQ(again.devices.at("LT1").make, "-Dell");
  EXPECT_EQ(again.devices.at("LT1").home_location, "@Office");
}

}  // namespace
