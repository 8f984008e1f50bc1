// The administrator's area: find and edit, audits (AR2), PAT entry (PT1),
// reports and settings.
#include "controller_fixture.h"

namespace kiosk_test {
namespace {

using Admin = Desk;

TEST_F(Admin, AR1_OnlyAnAdministratorOpensTheArea) {
  sign_in("S001", "900001");
  json m = choose("admin");
  EXPECT_EQ(m["feedback"], "refused");
  EXPECT_EQ(m["screen"], "staff.menu");
  m = sign_in("S002", "900002");
  EXPECT_TRUE(has_choice(m, "admin"));
  m = choose("admin");
  EXPECT_EQ(m["screen"], "admin.menu");
}

TEST_F(Admin, AR1_FindADeviceAndEditItsHomeLocation) {
  sign_in("S002", "900002");
  choose("admin");
  choose("find");
  json m = text("laptop 2");
  ASSERT_EQ(m["rows"].size(), 1u);
  m = choose(m["rows"][0]["choice"].get<std::string>());
  EXPECT_EQ(m["screen"], "admin.device");
  m = choose("edit-location");
  EXPECT_EQ(m["screen"], "admin.edit");
  m = text("Library");
  EXPECT_EQ(m["feedback"], "accepted");
  EXPECT_EQ(m["screen"], "admin.device");
  EXPECT_EQ(store->state().device("LT002")->home_location, "Library");
}

TEST_F(Admin, AR2_AnAuditShowsFoundMissingAndUnexpectedAsItGoes) {
  // PR001 lives elsewhere: unexpected in the office.
  core::Device moved = *store->state().device("PR001");
  moved.home_location = "Hall";
  store->commit({core::Event{.at = t("2026-11-24T07:00:00"), .actor = "system", .data = core::DeviceRecorded{moved}}});
  sign_in("S002", "900002");
  choose("admin");
  choose("audit");
  json m = text("Office");
  EXPECT_EQ(m["screen"], "audit");
  EXPECT_NE(m.dump().find("Missing 3"), std::string::npos) << m.dump();  // LT001, LT002, CH001
  scan("LT001");
  m = scan("PR001");
  EXPECT_NE(m.dump().find("Found 1"), std::string::npos) << m.dump();
  EXPECT_NE(m.dump().find("Missing 2"), std::string::npos) << m.dump();
  EXPECT_NE(m.dump().find("Unexpected 1"), std::string::npos) << m.dump();
  m = choose("finish");
  EXPECT_EQ(m["feedback"], "accepted");
  auto finished = events_of("audit.finished");
  ASSERT_EQ(finished.size(), 1u);
  const auto& f = std::get<core::AuditFinished>(finished[0].data);
  EXPECT_EQ(f.found, std::vector<std::string>{"LT001"});
  EXPECT_EQ(f.unexpected, std::vector<std::string>{"PR001"});
}

TEST_F(Admin, PT1_RecordAPatTestAtTheDesk) {
  sign_in("S002", "900002");
  choose("admin");
  choose("pat");
  json m = scan("CH001");
  EXPECT_EQ(m["screen"], "pat.result");
  m = choose("fail");
  EXPECT_EQ(m["feedback"], "accepted");
  EXPECT_EQ(m["screen"], "pat.scan");  // ready for the next item
  const auto& last = store->state().device("CH001")->last_pat;
  ASSERT_TRUE(last.has_value());
  EXPECT_FALSE(last->passed);
  EXPECT_EQ(last->tester, "S002");
  EXPECT_EQ(last->date, *core::parse_date("2026-11-24"));
}

TEST_F(Admin, ReportsAndSettings) {
  scan("100001");
  choose("done");
  sign_in("S002", "900002");
  choose("admin");
  choose("reports");
  json m = choose("held");
  EXPECT_EQ(m["screen"], "admin.report");
  EXPECT_EQ(m["rows"].size(), 1u);
  choose("back");
  m = choose("handin");  // PH8: 7A has one of two handed in
  ASSERT_FALSE(m["rows"].empty());
  EXPECT_EQ(m["rows"][0]["cells"][0], "7A");
  EXPECT_EQ(m["rows"][0]["cells"][2], "1");
  choose("back");
  choose("back");
  m = choose("settings");
  EXPECT_EQ(m["screen"], "admin.settings");
  m = choose("setting:session.idle-seconds");
  EXPECT_EQ(m["screen"], "admin.setting");
  m = text("forever");
  EXPECT_EQ(m["feedback"], "refused");
  m = text("120");
  EXPECT_EQ(m["feedback"], "accepted");
  EXPECT_EQ(store->state().settings.idle_seconds, 120);
}

}  // namespace
}  // namespace kiosk_test
