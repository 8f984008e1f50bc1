#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_fixture.h"
#include "exchange/import.h"

namespace {

const char* kPeople =
    "id,first_name,preferred_name,surname,roles,form,year,card,admission_no,staff_code,email,active\r\n"
    "P0001,Zoë,,Kowalska,pupil,7A,7,100001,A020001,,,yes\r\n"
    "P0002,Łukasz,Luke,Nguyễn,pupil,8B,8,100002,A020002,,,yes\r\n"
    "S001,Siobhán,,\"Ní Bhriain, Jr\",staff+confiscate+dsl+admin,,,900001,,SNB,snb@example.org,yes\r\n";

TEST_F(CliFixture, ImportPeopleAndDevices) {
  auto p = run({"import", "people", write("people.csv", kPeople)});
  EXPECT_EQ(p.code, 0) << p.err;
  EXPECT_NE(p.out.find("added 3, updated 0, 0 unchanged"), std::string::npos) << p.out;
  auto d = run({"import", "devices", write("devices.csv", kDevices)});
  EXPECT_EQ(d.code, 0) << d.err;
  auto again = run({"import", "devices", (dir / "devices.csv").string()});
  EXPECT_NE(again.out.find("added 0, updated 0, 4 unchanged"), std::string::npos) << again.out;
  auto list = run({"list", "devices", "--json"});
  EXPECT_NE(list.out.find("\"Screen, scratched\""), std::string::npos);
}

TEST_F(CliFixture, DryRunWritesNothing) {
  auto before = events();
  auto r = run({"import", "people", write("people.csv", kPeople), "--dry-run"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("would add 3, update 0, leave 0 unchanged. Nothing was written."), std::string::npos) << r.out;
  EXPECT_EQ(events(), before);
}

TEST_F(CliFixture, BadLastRowWritesNothing) {
  auto before = events();
  std::string text = std::string{kPeople} + "P0003,Ann,,Other,pupil,7A,seven,100003,A020003,,,yes\r\n";
  auto r = run({"import", "people", write("bad.csv", text)});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("line 5, column year: 'seven' is not a whole number"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing was imported"), std::string::npos);
  EXPECT_EQ(events(), before);
}

TEST_F(CliFixture, BadFilesGiveClearMessages) {
  auto missing = run({"import", "people", (dir / "nope.csv").string()});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("no such file"), std::string::npos);
  auto empty = run({"import", "devices", write("empty.csv", "")});
  EXPECT_EQ(empty.code, 1);
  EXPECT_NE(empty.err.find("the file is empty"), std::string::npos);
  auto columns = run({"import", "devices", write("cols.csv", "id,kind,colour\nLT1,tablet,red\n")});
  EXPECT_EQ(columns.code, 1);
  EXPECT_NE(columns.err.find("line 1, column colour: unknown column; the accepted columns are: id, asset_tag"),
            std::string::npos)
      << columns.err;
  auto dup = run({"import", "devices", write("dup.csv", "id,kind\nLT1,tablet\nLT1,camera\n")});
  EXPECT_NE(dup.err.find("line 3, column id: 'LT1' is already used on line 2"), std::string::npos) << dup.err;
  EXPECT_EQ(events(), 0);
}

TEST_F(CliFixture, ReadOnlyFolderIsExplained) {
  namespace fs = std::filesystem;
  auto ro = dir / "ro";
  fs::create_directories(ro);
  auto csv = write("people.csv", kPeople);
  auto target = (ro / "school.sqlite").string();
  ASSERT_EQ(run({"init"}, target).code, 0);
  // Files are private to their owner (0600, docs/SECURITY.md), so the child
  // that drops to nobody below must own them: only the folder is read-only.
  if (geteuid() == 0) {
    ASSERT_EQ(::chown(target.c_str(), 65534, static_cast<gid_t>(-1)), 0);
    ASSERT_EQ(::chown(csv.c_str(), 65534, static_cast<gid_t>(-1)), 0);
  }
  // The child keeps root's group, so the group may read the folder too.
  fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read | fs::perms::group_exec |
                          fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(dir.path, fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
  fs::permissions(csv, fs::perms::others_read, fs::perm_options::add);
  std::vector<std::string> args = {"tagdesk", "import", "people", csv, "--db", target};
  // Root ignores folder permissions, so the child drops to nobody first.
  EXPECT_EXIT(
      {
        if (geteuid() == 0 && setuid(65534) != 0) std::_Exit(3);
        std::ostringstream out;
        std::ostringstream err;
        int code = kiosk::run_cli(args, out, err);
        std::_Exit(code == 1 && err.str().find("writable") != std::string::npos ? 0 : 1);
      },
      testing::ExitedWithCode(0), "");
}

// import -> list --json -> export -> import into a fresh database -> the same register.
TEST_F(CliFixture, RoundTripThroughExport) {
  ASSERT_EQ(run({"import", "people", write("people.csv", kPeople)}).code, 0);
  ASSERT_EQ(run({"import", "devices", write("devices.csv", kDevices)}).code, 0);
  auto people_json = run({"list", "people", "--json"}).out;
  auto devices_json = run({"list", "devices", "--json"}).out;

  auto people_out = (dir / "people-out.csv").string();
  auto devices_out = (dir / "devices-out.csv").string();
  ASSERT_EQ(run_with_input({"pin", "set", "S001"}, "246810\n").code, 0);
  auto exported = run_with_input({"export", "people", "--admin", "900001", "--out", people_out}, "246810\n");
  ASSERT_EQ(exported.code, 0) << exported.err;
  ASSERT_EQ(run({"export", "devices", "--out", devices_out}).code, 0);

  auto fresh = (dir / "fresh.sqlite").string();
  ASSERT_EQ(run({"init"}, fresh).code, 0);
  auto ip = run({"import", "people", people_out}, fresh);
  ASSERT_EQ(ip.code, 0) << ip.err;
  auto id = run({"import", "devices", devices_out}, fresh);
  ASSERT_EQ(id.code, 0) << id.err;
  EXPECT_EQ(run({"list", "people", "--json"}, fresh).out, people_json);
  EXPECT_EQ(run({"list", "devices", "--json"}, fresh).out, devices_json);
  ASSERT_EQ(run_with_input({"pin", "set", "S001"}, "246810\n", fresh).code, 0);
  auto again = run_with_input({"export", "people", "--admin", "900001"}, "246810\n", fresh);
  EXPECT_EQ(read(people_out), read(write("x.csv", again.out)));
}

TEST_F(CliFixture, DP4_ExportingPeopleNeedsAnAdministratorsBadgeAndPinAndIsLogged) {
  ASSERT_EQ(run({"import", "people", write("people.csv", kPeople)}).code, 0);
  ASSERT_EQ(run_with_input({"pin", "set", "S001"}, "246810\n").code, 0);
  auto before = events();
  auto out = (dir / "p.csv").string();
  auto bare = run({"export", "people", "--out", out});
  EXPECT_EQ(bare.code, kiosk::kExitUsage);
  EXPECT_NE(bare.err.find("needs an administrator: add --admin BADGE"), std::string::npos) << bare.err;
  EXPECT_NE(run_with_input({"export", "people", "--admin", "100001", "--out", out}, "246810\n").code, 0);
  auto wrong = run_with_input({"export", "people", "--admin", "900001", "--out", out}, "111111\n");
  EXPECT_NE(wrong.err.find("wrong PIN for S001"), std::string::npos) << wrong.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_EQ(events(), before + 1);  // the wrong PIN, nothing else
  ASSERT_EQ(run_with_input({"export", "people", "--admin", "900001", "--out", out}, "246810\n").code, 0);
  auto store = db::Store::open(db);
  auto logged = store->events({.types = {"data.exported"}});
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(std::get<core::DataExported>(logged[0].data).what, "people");
  EXPECT_EQ(logged[0].actor, "S001");
}

TEST_F(CliFixture, DP4_EveryListingOfPersonalDataIsRecordedAndReported) {
  ASSERT_EQ(run({"import", "people", write("people.csv", kPeople)}).code, 0);
  ASSERT_EQ(run({"list", "people"}).code, 0);
  ASSERT_EQ(run({"history", "100001", "--json"}).code, 0);
  ASSERT_EQ(run({"report", "leavers", "--format", "csv"}).code, 0);
  ASSERT_EQ(run({"list", "devices"}).code, 0);  // no personal data: not recorded
  auto report = run({"report", "exports", "--format", "table"});
  ASSERT_EQ(report.code, 0) << report.err;
  auto user = kiosk::Cli::os_user();
  for (const char* what : {"list people", "history P0001 as JSON", "report leavers as csv"})
    EXPECT_NE(report.out.find(what), std::string::npos) << what << " in\n" << report.out;
  EXPECT_NE(report.out.find("command line (" + user + ")"), std::string::npos) << report.out;
  EXPECT_NE(report.out.find("3 exports and listings"), std::string::npos) << report.out;
}

// Issue 18 item 10: a name holding an ANSI escape (written before the text
// limits, by an older tagdesk) is printed by `list` as \x1b, never raw: the
// terminal of whoever lists the register is not told to clear or recolour.
TEST_F(CliFixture, SE3_ListPrintsControlCharactersInNamesEscaped) {
  const std::string evil = "Zo\x1b[2J\x1b]0;pwned\x07" "e";  // a screen cleared, a window retitled
  const std::string shown = "Zo\\x1b[2J\\x1b]0;pwned\\x07e";
  {
    auto store = db::Store::open(db);
    ASSERT_TRUE(store) << store.error();
    core::Person p{.id = "P0001", .first_name = evil, .surname = evil, .roles = core::Roles{}.add(core::Right::Pupil), .form = "7A"};
    core::Device d{.id = "LT001", .name = evil, .kind = core::DeviceKind::StaffLaptop};
    store->commit({core::Event{.at = kiosk::Cli::now(), .actor = "system", .data = core::PersonRecorded{p}},
                   core::Event{.at = kiosk::Cli::now(), .actor = "system", .data = core::DeviceRecorded{d}}});
  }
  for (const char* what : {"people", "devices"}) {
    auto r = run({"list", what});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << what;
    EXPECT_EQ(r.out.find('\x07'), std::string::npos) << what;
    EXPECT_NE(r.out.find(shown), std::string::npos) << what << ":\n" << r.out;
  }
}

// Item 1 through the command line: the importer, the share and recover-admin.
TEST_F(CliFixture, SE1_AnImportThatWouldLoseEveryAdministratorIsRefusedNamingThem) {
  ASSERT_EQ(run({"import", "people", write("people.csv", kPeople)}).code, 0);
  auto before = events();
  auto r = run({"import", "mis", write("staff.csv", "Staff Code,Legal Forename,Surname\nXYZ,Claire,Smith\n")});
  EXPECT_EQ(r.code, kiosk::kExitRefused);
  EXPECT_NE(r.err.find("without an active administrator: Siobhán Ní Bhriain, Jr (S001) is the last one"),
            std::string::npos) << r.err;
  EXPECT_EQ(events(), before);
}

TEST_F(CliFixture, ManyLeaversAreListedByADryRunAndNeedConfirming) {
  ASSERT_EQ(run({"import", "people", write("people.csv", kPeople)}).code, 0);
  // Only P0001 stays on the roll: P0002 (half the pupils) would leave.
  auto roll = write("roll.csv", "Admission Number,Legal Forename,Surname\nA020001,Zoë,Kowalska\n");
  auto dry = run({"import", "mis", roll, "--dry-run"});
  EXPECT_NE(dry.out.find("would deactivate: P0002 Łukasz Nguyễn (pupil)"), std::string::npos) << dry.out;
  EXPECT_NE(dry.err.find("confirm with --confirm-leavers 1"), std::string::npos) << dry.err;
  EXPECT_NE(run({"import", "mis", roll}).code, 0);
  auto done = run({"import", "mis", roll, "--confirm-leavers", "1"});
  EXPECT_EQ(done.code, 0) << done.err;
}

TEST_F(CliFixture, SE1_RecoverAdminOnlyWhenNoAdministratorIsActive) {
  ASSERT_EQ(run({"import", "people", write("people.csv", "id,first_name,surname,roles\nS002,Tom,Tutor,staff\n")}).code, 0);
  auto r = run_with_input({"recover-admin", "S002"}, "135790\n");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Tom Tutor (S002) is an administrator again"), std::string::npos) << r.out;
  auto store = db::Store::open(db);
  auto recovered = store->events({.types = {"admin.recovered"}});
  ASSERT_EQ(recovered.size(), 1u);
  EXPECT_EQ(std::get<core::AdminRecovered>(recovered[0].data).os_user, kiosk::Cli::os_user());
  auto again = run_with_input({"recover-admin", "S003", "--first", "Eve", "--surname", "Else"}, "135790\n");
  EXPECT_NE(again.code, 0);
  EXPECT_NE(again.err.find("Tom Tutor (S002) is an active administrator"), std::string::npos) << again.err;
}

// Issue 20: Snipe-IT's users, assets and locations, each reported in one
// shape, --json for scripts; a kind word added in the settings is used.
TEST_F(CliFixture, SnipeitFilesReportInOneShapeAndJson) {
  const char* root = std::getenv("TAGDESK_SOURCE_DIR");
  auto real = [&](const char* name) { return (std::filesystem::path{root ? root : "."} / "tests/data/real" / name).string(); };
  auto users = run({"import", "snipeit-users", real("snipeit-users.csv")});
  ASSERT_EQ(users.code, 0) << users.err;
  EXPECT_NE(users.out.find("Imported "), std::string::npos);
  EXPECT_NE(users.out.find("added 3, updated 0, 0 unchanged"), std::string::npos) << users.out;

  auto set = run({"settings", "set", "kind.smart cart", "projector"});
  ASSERT_EQ(set.code, 0) << set.err;
  auto dry = run({"import", "snipeit", real("snipeit-assets.csv"), "--dry-run", "--json"});
  ASSERT_EQ(dry.code, 0) << dry.err;
  auto j = nlohmann::json::parse(dry.out);
  EXPECT_EQ(j["dry_run"], true);
  EXPECT_EQ(j["written"], false);
  EXPECT_EQ(j["added"], 4);
  EXPECT_EQ(j["skipped"], 1);
  EXPECT_EQ(j["guessed"].size(), 1u);
  bool cart = false;
  for (const auto& r : j["rows"])
    if (r["id"] == "NFA9002" && r["action"] == "guessed") {
      EXPECT_EQ(r["detail"], "kind projector, from the model \"Wireless Smart Cart\" (\"smart cart\")");
      cart = true;
    }
  EXPECT_TRUE(cart) << dry.out;

  auto done = run({"import", "snipeit", real("snipeit-assets.csv")});
  ASSERT_EQ(done.code, 0) << done.err;
  EXPECT_NE(done.out.find("added 4, updated 0, 0 unchanged, skipped 1"), std::string::npos) << done.out;
  EXPECT_NE(done.out.find("guessed: column \"Purchase Date\": dates read as month/day/year (MDY)"), std::string::npos);
  EXPECT_NE(done.out.find("line 3: added NFA4003: open loan to S001"), std::string::npos) << done.out;
  EXPECT_NE(done.err.find("note: column \"Supplier\""), std::string::npos);

  auto places = run({"import", "snipeit-locations", real("snipeit-locations.csv"), "--json"});
  ASSERT_EQ(places.code, 0) << places.err;
  EXPECT_EQ(nlohmann::json::parse(places.out)["added"], 3);
  EXPECT_NE(run({"settings"}).out.find("location.Art room = 1 School Lane, Northfield\n"), std::string::npos);
  // Lab kit 2 lives in the "Science lab", which the register does not list.
  EXPECT_NE(nlohmann::json::parse(places.out)["notes"].dump().find("Science lab"), std::string::npos);
}

// Issue 20, item 6: a report lists the first 20 rows of each action and
// counts the rest; --json lists every row.
TEST_F(CliFixture, AReportListsTwentyRowsOfEachActionThenHowManyMore) {
  std::string text = "Asset Tag,Model\n";
  for (int i = 1; i <= 25; ++i) text += "T" + std::to_string(100 + i) + ",iPad Air\n";
  auto file = write("ipads.csv", text);
  auto dry = run({"import", "snipeit", file, "--dry-run"});
  ASSERT_EQ(dry.code, 0) << dry.err;
  EXPECT_NE(dry.out.find("line 21: guessed T120: kind "), std::string::npos) << dry.out;
  EXPECT_EQ(dry.out.find("line 22: guessed"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("\nand 5 more guessed\n"), std::string::npos) << dry.out;
  auto json = run({"import", "snipeit", file, "--dry-run", "--json"});
  ASSERT_EQ(json.code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["rows"].size(), 25u);
}

// Issue 20, item 6: a large file's events are written a chunk at a time, in
// one transaction. A refusal after the first chunks are written (the last
// row's asset tag is the first row's serial, which the rules see only once
// the first row is written) leaves the database as it was.
TEST_F(CliFixture, ARefusalAfterChunksAreWrittenLeavesTheDatabaseUntouched) {
  std::string text = "id,asset_tag,serial,name,kind\n";
  const int rows = static_cast<int>(exchange::kChunkRows) + 100;
  for (int i = 1; i <= rows; ++i)
    text += "D" + std::to_string(i) + ",TAG" + std::to_string(i) + "," + (i == 1 ? "CLASH" : "") + ",Laptop " +
            std::to_string(i) + ",staff-laptop\n";
  text += "D0,CLASH,,Last laptop,staff-laptop\n";
  auto before = events();
  auto file = write("many.csv", text);
  auto dry = run({"import", "devices", file, "--dry-run"});
  ASSERT_EQ(dry.code, 0) << dry.err;
  auto r = run({"import", "devices", file});
  EXPECT_NE(r.code, 0) << r.out;
  EXPECT_NE(r.err.find("CLASH"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing was imported"), std::string::npos) << r.err;
  EXPECT_EQ(events(), before);
  EXPECT_EQ(run({"list", "devices", "--json"}).out.find("Laptop 1"), std::string::npos);
}

}  // namespace
