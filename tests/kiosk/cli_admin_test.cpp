// Snipe-IT, MIS, reports, PAT and audits through the command line, in process.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_fixture.h"
#include "core/queries.h"

namespace {

struct Admin : CliFixture {
  void SetUp() override {
    CliFixture::SetUp();
    auto r = run({"import", "devices", write("devices.csv", kDevices)});
    ASSERT_EQ(r.code, 0) << r.err;
  }
};

TEST_F(Admin, SnipeitRoundTrip) {
  auto out = (dir / "snipe.csv").string();
  auto e = run({"export", "snipeit", "--out", out});
  ASSERT_EQ(e.code, 0) << e.err;
  EXPECT_EQ(read(out).substr(0, 39), "Asset Tag,Asset Name,Serial Number,Mode");
  auto fresh = (dir / "fresh.sqlite").string();
  ASSERT_EQ(run({"init"}, fresh).code, 0);
  auto i = run({"import", "snipeit", out}, fresh);
  ASSERT_EQ(i.code, 0) << i.err;
  EXPECT_EQ(i.err, "");  // nothing it could not represent
  EXPECT_EQ(run({"list", "devices", "--json"}, fresh).out, run({"list", "devices", "--json"}).out);
}

// Issue 17: every setting's help is printed by the command line, and a key
// it does not know points there.
TEST_F(Admin, SettingsKeysSaysWhatEachSettingMeans) {
  auto keys = run({"settings", "keys"});
  ASSERT_EQ(keys.code, 0) << keys.err;
  EXPECT_NE(keys.out.find("session.idle-seconds\n    DP2: a staff session ends after this idle time"), std::string::npos)
      << keys.out;
  EXPECT_NE(keys.out.find("location.NAME\n    AR2: "), std::string::npos) << keys.out;
  auto j = nlohmann::json::parse(run({"settings", "keys", "--json"}).out);
  EXPECT_TRUE(j.contains("collection.opens.YYYY-MM-DD")) << j.dump();
  auto bad = run({"settings", "set", "session.idle-secs", "60"});
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.err.find("unknown setting; `tagdesk settings keys` lists them"), std::string::npos) << bad.err;
}

TEST_F(Admin, SnipeitBadFileWritesNothing) {
  auto before = events();
  auto r = run({"import", "snipeit",
                write("bad.csv", "Asset Tag,Status,Purchase Date\nT1,Ready to Deploy,2026-01-02\nT2,Exploded,\n"
                                 "T3,Pending,2026-01-02\nT4,Pending,04/03/2026\n")});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err.find("line 3, column Status"), std::string::npos) << "the ambiguous column is refused first, once";
  EXPECT_NE(r.err.find("line 1, column Purchase Date: every date in this column could be day/month or month/day "
                       "(such as '04/03/2026'); say which with --date-format DMY"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(events(), before);
}

TEST_F(Admin, MisReimport) {
  auto autumn = write("autumn.csv",
                      "Admission Number,Legal Forename,Preferred Forename,Surname,Year,Reg Group,Card Number\n"
                      "A1,Zoë,,Kowalska,Year 7,7A,100001\nA2,Amelia,,Smith,Year 8,8B,100002\n");
  auto r1 = run({"import", "people", autumn, "--mis"});
  ASSERT_EQ(r1.code, 0) << r1.err;
  EXPECT_NE(r1.out.find("added 2"), std::string::npos);
  auto spring = write("spring.csv",
                      "Adno,Forename,Surname,Year,Reg Group,Card Number\n"
                      "A1,Zoë,Kowalska-Brown,7,7A,100001\nA3,Noah,Jones,7,7B,100003\n");
  // One of the two pupils leaves: over the school's share (issue 18), so listed and confirmed.
  auto dry = run({"import", "mis", spring, "--map", "Forename=first_name", "--dry-run", "--confirm-leavers", "1"});
  ASSERT_EQ(dry.code, 0) << dry.err;
  EXPECT_NE(dry.out.find("would add 1, update 1, leave 0 unchanged, would deactivate 1"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("would deactivate: P0002 Amelia Smith (pupil)"), std::string::npos) << dry.out;
  auto r2 = run({"import", "mis", spring, "--confirm-leavers", "1"});
  ASSERT_EQ(r2.code, 0) << r2.err;
  EXPECT_NE(r2.err.find("note: leaver P0002 Amelia S. (8B) deactivated"), std::string::npos) << r2.err;
  auto people = run({"list", "people"}).out;
  EXPECT_NE(people.find("Kowalska-Brown"), std::string::npos);
  EXPECT_NE(people.find("Noah"), std::string::npos);
}

TEST_F(Admin, PatCsvAllOrNothing) {
  auto before = events();
  auto bad = run({"pat", "record", "--csv",
                  write("bad.csv", "device,date,result,inspection,tester\nLT001,2026-11-20,pass,combined,A. Tester\n"
                                   "NFA-2001,2026-11-20,pass,combined,A. Tester\nZZ9,2026-11-20,pass,combined,A. Tester\n")});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("line 4, column device: 'ZZ9' is not a device in the register"), std::string::npos) << bad.err;
  EXPECT_EQ(events(), before);
  auto good = run({"pat", "record", "--csv",
                   write("good.csv", "device,date,result,inspection,class,type,tester,label\n"
                                     "LT001,2026-11-20,pass,combined,,,A. Tester,yes\n"
                                     "NFA-2001,2026-11-20,fail,visual,I,portable,A. Tester,no\n")});
  ASSERT_EQ(good.code, 0) << good.err;
  EXPECT_EQ(good.out, "Recorded 2 PAT tests from " + (dir / "good.csv").string() + ".\n");
  auto store = db::Store::open(db);
  EXPECT_EQ(store->events({.types = {"pat.tested"}}).size(), 2u);
  ASSERT_TRUE(store->state().devices.at("CH001").last_pat);
  EXPECT_FALSE(store->state().devices.at("CH001").last_pat->passed);
  auto due = run({"pat", "due", "--format", "csv"});
  EXPECT_NE(due.out.find("CH001,Charger 1,Staff room,I,portable,2026-11-20,fail,,failed"), std::string::npos) << due.out;
}

// Issue 20: a PAT file's dates are read as every import reads them: the
// column's order from all its values, --date-format where they read either way.
TEST_F(Admin, PatCsvDatesAreReadLikeEveryImports) {
  auto file = write("pat.csv", "device,date,result,inspection,tester\nLT001,03/11/2026,pass,combined,A. Tester\n"
                               "NFA-2001,04/11/2026,pass,combined,A. Tester\n");
  auto ambiguous = run({"import", "pat", file});
  EXPECT_EQ(ambiguous.code, 1);
  EXPECT_NE(ambiguous.err.find("column date: every date in this column could be day/month or month/day (such as "
                               "'03/11/2026'); say which with --date-format"),
            std::string::npos)
      << ambiguous.err;
  auto dmy = run({"pat", "record", "--csv", file, "--date-format", "DMY"});
  ASSERT_EQ(dmy.code, 0) << dmy.err;
  auto last_pat = [&](const char* id) { return db::Store::open(db)->state().devices.at(id).last_pat->date; };
  EXPECT_EQ(last_pat("LT001"), *core::parse_date("2026-11-03"));
  auto mdy = run({"import", "pat", write("mdy.csv", "device,date,result,inspection,tester\n"
                                                   "LT001,11/23/2026,pass,combined,A. Tester\n"
                                                   "CH001,11/05/2026,pass,visual,A. Tester\n"),
                  "--json"});
  ASSERT_EQ(mdy.code, 0) << mdy.err;
  EXPECT_NE(mdy.out.find("dates read as month/day/year (MDY), because '11/23/2026' can only be read that way"),
            std::string::npos)
      << mdy.out;
  EXPECT_EQ(last_pat("LT001"), *core::parse_date("2026-11-23"));
  EXPECT_EQ(last_pat("CH001"), *core::parse_date("2026-11-05"));
}

TEST_F(Admin, PatRecordOne) {
  auto r = run({"pat", "record", "--device", "NFA-2001", "--date", "2026-11-20", "--result", "pass", "--inspection",
                "combined", "--tester", "A. Tester"});
  EXPECT_EQ(r.code, 0) << r.err;
  auto refused = run({"pat", "record", "--device", "CH001", "--date", "2026-11-20", "--result", "pass", "--inspection",
                      "combined"});
  EXPECT_EQ(refused.code, 1);
  EXPECT_NE(refused.err.find("Record who did the test (PT1)"), std::string::npos) << refused.err;
}

TEST_F(Admin, AuditFromAScanFile) {
  auto start = run({"audit", "start", "Staff room"});
  ASSERT_EQ(start.code, 0) << start.err;
  auto audit = start.out.substr(0, start.out.find('\n'));
  ASSERT_FALSE(audit.empty());
  auto before = events();
  auto bad = run({"audit", "scan", audit, write("bad.txt", "NFA-1001\nNOT-A-TAG\n")});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("line 2: 'NOT-A-TAG' is not a device in the register"), std::string::npos) << bad.err;
  EXPECT_EQ(events(), before);
  auto scan = run({"audit", "scan", audit, write("scans.txt", "NFA-1001\r\n\r\nLT002\nNFA-1001\nCAM01\n")});
  ASSERT_EQ(scan.code, 0) << scan.err;
  EXPECT_NE(scan.out.find("Recorded 3 scans"), std::string::npos) << scan.out;
  auto finish = run({"audit", "finish", audit});
  ASSERT_EQ(finish.code, 0) << finish.err;
  EXPECT_NE(finish.out.find("CH001   Charger 1       Staff room     missing"), std::string::npos) << finish.out;
  EXPECT_NE(finish.out.find("CAM01   Camera 1        Art            unexpected"), std::string::npos) << finish.out;
  auto report = run({"report", "audit", "--format", "csv"});
  EXPECT_EQ(report.out,
            "Device,Name,Home location,Result\r\nCH001,Charger 1,Staff room,missing\r\nCAM01,Camera 1,Art,unexpected\r\n"
            "LT001,Staff laptop 1,Staff room,found\r\nLT002,Staff laptop 2,Staff room,found\r\n");
}

TEST_F(Admin, LN2_ApproveInAdvanceFromTheCommandLine) {
  ASSERT_EQ(run({"import", "people",
                 write("people.csv", "id,first_name,surname,roles,card,active\n"
                                     "S001,Helen,Jones,staff,900001,yes\nA001,Marcus,Dvorak,staff+admin,900009,yes\n")})
                .code,
            0);
  auto not_admin = run({"approve", "900001", "--until", "2026-12-18", "--by", "S001"});
  EXPECT_EQ(not_admin.code, 1);
  EXPECT_NE(not_admin.err.find("only an administrator"), std::string::npos) << not_admin.err;
  auto bad_date = run({"approve", "900001", "--until", "18/12/2026", "--by", "A001"});
  EXPECT_NE(bad_date.err.find("expected a date"), std::string::npos) << bad_date.err;
  auto r = run({"approve", "900001", "--until", "2026-12-18", "--by", "900009", "--kind", "staff-laptop"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Approved off site until"), std::string::npos) << r.out;
  auto store = db::Store::open(db);
  const core::Approval* a = core::approval_for(store->state(), "S001", "LT002", *core::parse_date("2026-12-18"));
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->approved_by, "A001");
  EXPECT_EQ(core::approval_for(store->state(), "S001", "CAM01", *core::parse_date("2026-12-18")), nullptr);
}

TEST_F(Admin, ReportFormats) {
  auto csv = run({"report", "encryption", "--format", "csv", "--date", "2026-11-24"});
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(csv.out,
            "Device,Name,Kind,Location,Encrypted,Verified,Problem\r\n"
            "LT002,Staff laptop 2,staff-laptop,Staff room,no,,not encrypted\r\n");
  auto table = run({"report", "encryption"});
  EXPECT_EQ(table.out.substr(0, 45), "Sensitive devices without current encryption\n");
  auto pdf = (dir / "pat.pdf").string();
  auto p = run({"report", "pat-due", "--format", "pdf", "--out", pdf});
  ASSERT_EQ(p.code, 0) << p.err;
  EXPECT_EQ(read(pdf).substr(0, 5), "%PDF-");
  EXPECT_EQ(run({"report", "pat-due", "--format", "pdf"}).code, 2);  // a PDF needs --out
  EXPECT_EQ(run({"report", "audit"}).code, 1);                       // no audit finished yet
}

TEST_F(Admin, ReportPrintRefusesAFormatPaperCannotShow) {
  auto csv = run({"report", "overdue", "--format", "csv", "--print", "Office_Laser"});
  EXPECT_EQ(csv.code, 2);
  EXPECT_NE(csv.err.find("--print sends the A4 PDF, not csv"), std::string::npos) << csv.err;
  EXPECT_EQ(run({"report", "overdue", "--format", "table", "--print", "Office_Laser"}).code, 2);
  auto pdf = run({"report", "overdue", "--format", "pdf"});
  EXPECT_EQ(pdf.code, 2);
  EXPECT_NE(pdf.err.find("--out FILE.pdf or --print PRINTER"), std::string::npos) << pdf.err;
}

TEST_F(Admin, ReportPrintWithNoSuchPrinterNamesItAndStillSavesTheFile) {
  // No scheduler at this address: CUPS lists no printers (the real queue is
  // tested in tests/deploy/cups_print_test.sh).
  ::setenv("CUPS_SERVER", (dir / "no-cups.sock").c_str(), 1);
  auto pdf = (dir / "overdue.pdf").string();
  auto r = run({"report", "overdue", "--print", "Office_Laser", "--out", pdf});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("the overdue report was not printed: cannot print to 'Office_Laser': no printers are set up"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("lpstat -p"), std::string::npos) << r.err;
  EXPECT_EQ(read(pdf).substr(0, 5), "%PDF-");  // saved to the file all the same
  EXPECT_EQ(r.out.find("Sent"), std::string::npos) << r.out;
}

}  // namespace
