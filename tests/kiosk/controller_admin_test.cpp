// The administrator's area: find and edit, audits (AR2), PAT entry (PT1),
// reports and settings.
#include "controller_fixture.h"
#include "core/calendar.h"

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

TEST_F(Admin, LN3_TheDevicePageRecordsEncryptionAndTheRegisterFields) {
  sign_in("S002", "900002");
  choose("admin");
  choose("find");
  text("LT002");
  json m = choose("device:LT002");
  EXPECT_TRUE(has_choice(m, "encrypted"));
  m = choose("encrypted");
  EXPECT_EQ(m["feedback"], "accepted");
  const core::Device* d = store->state().device("LT002");
  EXPECT_TRUE(d->encrypted);
  EXPECT_EQ(d->encryption_verified, core::date_of(t("2026-11-24T08:20:00")));
  choose("edit-serial");
  text("5CD1234XYZ");
  EXPECT_EQ(store->state().device("LT002")->serial, "5CD1234XYZ");
  // Now it may go home: the sign-out offers Take home.
  choose("cancel");
  choose("signout");
  m = scan("LT002");
  EXPECT_TRUE(m["choices"][1]["enabled"].get<bool>()) << m.dump();
}

TEST_F(Admin, AR2_AnAuditShowsFoundMissingAndUnexpectedAsItGoes) {
  // PR001 lives elsewhere: unexpected in the office.
  core::Device moved = *store->state().device("PR001");
  moved.home_location = "Hall";
  store->commit({core::Event{.at = t("2026-11-24T07:00:00"), .actor = "system", .data = core::DeviceRecorded{moved}}});
  sign_in("S002", "900002");
  choose("admin");
  json m = choose("audit");
  // AR2: a location is chosen from the register's, never typed free.
  EXPECT_EQ(m["rows"].size(), 2u);  // Hall, Office
  m = text("off");
  ASSERT_EQ(m["rows"].size(), 1u);
  EXPECT_EQ(m["rows"][0]["choice"], "location:Office");
  EXPECT_EQ(m["screen"], "audit.location");
  EXPECT_EQ(choose("location:office")["screen"], "audit.location");  // not one of the register's
  m = choose("location:Office");
  EXPECT_EQ(m["screen"], "audit");
  EXPECT_NE(m.dump().find("Missing 3"), std::string::npos) << m.dump();  // LT001, LT002, CH001
  scan("LT001");
  m = scan("PR001");
  EXPECT_NE(m.dump().find("Found 1"), std::string::npos) << m.dump();
  EXPECT_NE(m.dump().find("Missing 2"), std::string::npos) << m.dump();
  EXPECT_NE(m.dump().find("Unexpected 1"), std::string::npos) << m.dump();
  m = choose("finish");
  EXPECT_EQ(m["feedback"], "accepted");
  EXPECT_EQ(m["screen"], "admin.menu");  // the result stays in the administrator's area
  EXPECT_EQ(m["message"], "1 found, 2 missing, 1 unexpected");
  auto finished = events_of("audit.finished");
  ASSERT_EQ(finished.size(), 1u);
  const auto& f = std::get<core::AuditFinished>(finished[0].data);
  EXPECT_EQ(f.found, std::vector<std::string>{"LT001"});
  EXPECT_EQ(f.unexpected, std::vector<std::string>{"PR001"});
}

// AR2: with a register of locations (settings location.NAME, as Snipe-IT's
// locations import fills it), an audit offers those, which it is checked against.
TEST_F(Admin, AR2_AnAuditOffersTheLocationsRegisterWhenThereIsOne) {
  store->commit({core::Event{.at = t("2026-11-24T07:00:00"), .actor = "system",
                             .data = core::SettingChanged{.key = "location.Library", .value = "Block B"}}});
  sign_in("S002", "900002");
  choose("admin");
  json m = choose("audit");
  ASSERT_EQ(m["rows"].size(), 1u) << m.dump();  // not the devices' Office
  EXPECT_EQ(m["rows"][0]["choice"], "location:Library");
  EXPECT_EQ(choose("location:Library")["screen"], "audit");
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

TEST_F(Admin, AR2_DueForAuditListsTheDevicesNoAuditHasSeen) {
  store->commit({core::Event{.at = t("2026-11-20T10:00:00"), .actor = "system",
                             .data = core::AuditScanned{.audit = "AU1", .device = "LT001"}}});
  sign_in("S002", "900002");
  choose("admin");
  choose("reports");
  json m = choose("audit-due");
  EXPECT_EQ(m["screen"], "admin.report");
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : m["rows"]) rows.push_back(row["cells"].get<std::vector<std::string>>());
  EXPECT_EQ(rows, (std::vector<std::vector<std::string>>{{"Charger 1 (CH001)", "Office", "never"},
                                                         {"Staff laptop 2 (LT002)", "Office", "never"},
                                                         {"Projector 1 (PR001)", "Office", "never"}}))
      << m.dump();
  EXPECT_EQ(m["rows"][0]["choice"], "device:CH001");
}

// Issue 21: a conflict between desks, as sync recorded it, among the reports.
TEST_F(Admin, LN1_ConflictsBetweenDesksAreAReport) {
  core::ConflictStory first{.event = "r1", .kiosk = "reception", .at = t("2026-11-24T08:00:00"), .actor = "S002",
                            .type = "loan.signed-out", .person = "S001"};
  core::ConflictStory second = first;
  second.event = "b1";
  second.kiosk = "library";
  store->commit({core::Event{.at = t("2026-11-24T08:05:00"), .actor = "system",
                             .data = core::ConflictRecorded{.device = "LT002", .first = first, .second = second}}});
  sign_in("S002", "900002");
  choose("admin");
  choose("reports");
  json m = choose("conflicts");
  EXPECT_EQ(m["screen"], "admin.report");
  ASSERT_EQ(m["rows"].size(), 1u) << m.dump();
  EXPECT_EQ(m["rows"][0]["choice"], "device:LT002");
  EXPECT_NE(m["rows"][0]["cells"][3].get<std::string>().find("at desk library"), std::string::npos) << m.dump();
}

// Issue 21: the racks among the reports; tapping one moves it to this desk ("test").
TEST_F(Admin, PH2_ARackTappedAmongTheReportsMovesToThisDesk) {
  for (const auto& rack : {core::Rack{.id = "", .first = "", .last = "", .desk = "library"},
                           core::Rack{.id = "B", .first = "PO0004", .last = "PO0005", .desk = "library"}})
    store->commit({core::Event{.at = t("2026-11-24T07:00:00"), .actor = "system",
                               .data = core::RackMoved{.rack = rack, .from = ""}}});
  EXPECT_EQ(scan("100001")["feedback"], "refused");  // every pouch is the library's
  sign_in("S002", "900002");
  choose("admin");
  choose("reports");
  json m = choose("racks");
  EXPECT_EQ(m["rows"].size(), 2u) << m.dump();
  m = choose("rack:B");
  EXPECT_EQ(m["feedback"], "accepted");
  EXPECT_EQ(m["message"], "Rack B (PO0004 to PO0005) is now at desk test");
  EXPECT_EQ(m["rows"][1]["cells"], json::array({"B", "PO0004 to PO0005", "test"})) << m.dump();
  choose("cancel");
  choose("signoff");
  EXPECT_EQ(scan("100001")["big"], "Pouch 4");
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

TEST_F(Admin, PT4_ThePatDueScreenListsFailedThenOverdueWithWhatItReadsFromTheIndex) {
  // Every device passed a combined test on 10 January; at ten months, all are
  // overdue from 10 November. At the desk, CH001 fails and PR001 passes again.
  store->commit({core::Event{.at = t("2026-09-01T07:00:00"), .actor = "system",
                             .data = core::SettingChanged{"pat.interval.I.it", "none/10"}}});
  sign_in("S002", "900002");
  choose("admin");
  choose("pat");
  scan("CH001");
  choose("fail");
  scan("PR001");
  choose("pass-combined");
  choose("back");
  choose("reports");
  json m = choose("pat-due");
  EXPECT_EQ(m["screen"], "admin.report");
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : m["rows"]) rows.push_back(row["cells"].get<std::vector<std::string>>());
  ASSERT_EQ(rows.size(), 3u) << m.dump();
  EXPECT_EQ(rows[0], (std::vector<std::string>{"Charger 1 (CH001)", "Failed", rows[0][2]}));
  EXPECT_EQ(rows[1][0], "Staff laptop 1 (LT001)");
  EXPECT_EQ(rows[2][0], "Staff laptop 2 (LT002)");
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][1], "Overdue");
    EXPECT_EQ(rows[i][2], "Tue 10 Nov 2026");  // with its year
  }
  EXPECT_EQ(m["rows"][1]["choice"], "device:LT001");
}

TEST_F(Admin, PH8_TheScreensRepeatsLookBackOverAHoliday) {
  // Half term from 31 October to 22 November: the school day before Monday
  // 23 November is 30 October, over three weeks before today.
  store->commit({core::Event{.at = t("2026-09-01T07:00:00"), .actor = "system",
                             .data = core::SettingChanged{"terms", "2026-09-03..2026-10-30,2026-11-23..2026-12-18"}}});
  // On 30 October Zoë handed in and Łukasz did not; today again only Zoë does.
  core::Time friday = t("2026-10-30T08:10:00");
  store->commit({core::Event{.at = friday, .actor = "P0001",
                             .data = core::HandedIn{core::HeldItem{.id = "H-1030", .pupil = "P0001", .slot = "PO0001",
                                                                   .at = friday}}},
                 core::Event{.at = friday + std::chrono::hours{7}, .actor = "P0001",
                             .data = core::Collected{.held = "H-1030", .pupil = "P0001"}}});
  scan("100001");
  choose("done");
  sign_in("S002", "900002");
  choose("admin");
  choose("reports");
  json m = choose("handin");
  ASSERT_FALSE(m["rows"].empty());
  EXPECT_EQ(m["rows"][0]["cells"][0], "7A");
  EXPECT_EQ(m["rows"][0]["cells"][2], "1");  // handed in
  EXPECT_EQ(m["rows"][0]["cells"][7], "1");  // repeat: Łukasz, today and on 30 October
}

// Effects as data (issue 17): PH8's report reads the log through the shell;
// the report shows once what was read comes back.
TEST_F(Admin, PH8_TheComplianceReportReadsTheLogAsAnEffect) {
  sign_in("S002", "900002");
  choose("admin");
  choose("reports");
  const core::Time now = t("2026-11-24T08:20:00");
  std::vector<kiosk::Effect> effects = controller->update(kiosk::Choose{"handin"}, now);
  ASSERT_EQ(effects.size(), 1u);
  const auto* read = std::get_if<kiosk::ReadLog>(&effects[0]);
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->what, kiosk::LogQuery::Compliance);
  EXPECT_EQ(controller->screen(now).screen, "admin.reports");
  EXPECT_TRUE(controller->feed(controller->carry_out(effects[0], now), now).empty());
  kiosk::ScreenModel m = controller->screen(now);
  EXPECT_EQ(m.screen, "admin.report");
  EXPECT_EQ(m.title, "Hand-in compliance today");
}

// The Print button on a report: the controller hands the report on screen to
// the shell's printer (a fake here; CUPS in tests/deploy/cups_print_test.sh).
class AdminPrint : public Desk {
 protected:
  void use_printer(std::expected<std::string, std::string> answer) {
    controller.emplace(*store, kiosk::ControllerOptions{
                                   .kiosk = "test",
                                   .print_report = [this, answer](const core::Report& r, core::Time at) {
                                     printed.push_back(r);
                                     printed_at = at;
                                     return answer;
                                   }});
    session.emplace(*controller, [] { return t("2026-11-24T08:20:00"); }, /*clock_from_input=*/true);
  }
  json held_report() {
    scan("100001");
    choose("done");  // Zoë's phone in a pouch: one row
    sign_in("S002", "900002");
    choose("admin");
    choose("reports");
    return choose("held");
  }
  std::vector<core::Report> printed;
  core::Time printed_at{};
};

TEST_F(AdminPrint, PrintSendsTheReportOnScreenAndSaysWhereItWent) {
  use_printer("Sent to Office_Laser (job 7)");
  json m = held_report();
  ASSERT_TRUE(has_choice(m, "print")) << m.dump();
  ASSERT_EQ(m["rows"].size(), 1u);
  json after = choose("print", "2026-11-24T08:20:30");
  ASSERT_EQ(printed.size(), 1u);
  const core::Report& r = printed[0];
  EXPECT_EQ(r.title, "Phones still held");
  EXPECT_EQ(r.columns, (std::vector<std::string>{"Pupil", "Where", "Since"}));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0], m["rows"][0]["cells"].get<std::vector<std::string>>());  // paper shows what the screen does
  EXPECT_EQ(r.notes, std::vector<std::string>{"1 entry"});
  EXPECT_EQ(printed_at, t("2026-11-24T08:20:30"));
  EXPECT_EQ(after["screen"], "admin.report");  // still on the report: print again or go back
  EXPECT_EQ(after["feedback"], "accepted");
  EXPECT_EQ(after["message"], "Sent to Office_Laser (job 7)");
  EXPECT_EQ(after["rows"].size(), 1u);
}

// Effects as data (issue 17): Print is handed to the shell, and what the
// printer said comes back as the flow's input.
TEST_F(AdminPrint, PrintIsAnEffectAndItsResultIsShown) {
  use_printer("Sent to Office_Laser (job 7)");
  held_report();
  const core::Time now = t("2026-11-24T08:21:00");
  std::vector<kiosk::Effect> effects = controller->update(kiosk::Choose{"print"}, now);
  ASSERT_EQ(effects.size(), 1u);
  ASSERT_TRUE(std::holds_alternative<kiosk::Print>(effects[0]));
  EXPECT_EQ(std::get<kiosk::Print>(effects[0]).report.title, "Phones still held");
  EXPECT_TRUE(printed.empty());  // not yet: the shell prints
  EXPECT_TRUE(controller->screen(now).message.empty());
  EXPECT_TRUE(controller->feed(kiosk::Printed{std::unexpected(std::string{"out of paper"})}, now).empty());
  kiosk::ScreenModel m = controller->screen(now);
  EXPECT_EQ(m.screen, "admin.report");
  EXPECT_EQ(m.message, "Not printed: out of paper");
  EXPECT_TRUE(printed.empty());
}

TEST_F(AdminPrint, APrinterErrorIsShownAndTheReportStays) {
  use_printer(std::unexpected(std::string{"no printer called 'Office_Laser'; printers here: Hall_Copier"}));
  held_report();
  json m = choose("print");
  ASSERT_EQ(printed.size(), 1u);
  EXPECT_EQ(m["screen"], "admin.report");
  EXPECT_EQ(m["feedback"], "refused");
  EXPECT_EQ(m["message"], "Not printed: no printer called 'Office_Laser'; printers here: Hall_Copier");
  EXPECT_TRUE(m["rules"].empty());  // a printer's trouble, not a rule of the school
}

TEST_F(AdminPrint, EveryReportOnTheMenuCanBePrinted) {
  use_printer("Sent to Office_Laser (job 1)");
  sign_in("S002", "900002");
  choose("admin");
  json menu = choose("reports");
  std::vector<std::string> titles;
  for (const auto& c : menu["choices"]) {
    std::string id = c["id"];
    if (id == "back" || id == "cancel") continue;
    json m = choose(id);
    EXPECT_TRUE(has_choice(m, "print")) << id;
    choose("print");
    titles.push_back(m["title"]);
    choose("back");
  }
  ASSERT_EQ(printed.size(), titles.size());
  ASSERT_GE(printed.size(), 7u);
  for (std::size_t i = 0; i < titles.size(); ++i) EXPECT_EQ(printed[i].title, titles[i]);
}

TEST_F(Admin, PrintWithNoPrinterSaysHowToSetOneUp) {
  sign_in("S002", "900002");
  choose("admin");
  choose("reports");
  json m = choose("overdue");
  ASSERT_TRUE(has_choice(m, "print"));  // present, so the way to paper is never hidden
  bool empty = m["rows"].empty();
  for (const auto& c : m["choices"]) {
    if (c["id"] == "print") {
      EXPECT_EQ(c["enabled"].get<bool>(), !empty) << m.dump();  // nothing to print
    }
  }
  m = choose("print");
  EXPECT_EQ(m["screen"], "admin.report");
  EXPECT_EQ(m["feedback"], "notice");
  // Said to the person at the desk; the file and its setting are the README's, for the technician.
  EXPECT_EQ(m["message"], "No printer is set up for this kiosk: ask your IT technician to set one up");
  EXPECT_EQ(m.dump().find("/etc/tagdesk"), std::string::npos) << m.dump();
  EXPECT_EQ(m.dump().find("lpstat"), std::string::npos) << m.dump();
}

}  // namespace
}  // namespace kiosk_test
