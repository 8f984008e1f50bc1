#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "../db/temp_dir.h"
#include "cli/cli.h"

namespace {

struct Run {
  int code;
  std::string out, err;
};

Run run(std::vector<std::string> args) {
  std::ostringstream out, err;
  args.insert(args.begin(), "tagdesk");
  int code = kiosk::run_cli(args, out, err);
  return {code, out.str(), err.str()};
}

class DemoSchool : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    db_ = (*dir_ / "demo.sqlite").string();
    auto r = run({"init", "--demo", "--db", db_});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static inline TempDir* dir_ = nullptr;
  static inline std::string db_;
};

TEST(Cli, UsageErrorsExitWithTwo) {
  auto r = run({"list", "gadgets"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("gadgets"), std::string::npos);
  EXPECT_EQ(run({"frobnicate"}).code, 2);
}

TEST(Cli, MissingDatabaseIsRefusedWithAHint) {
  TempDir dir;
  auto r = run({"list", "devices", "--db", (dir / "none.sqlite").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("tagdesk init"), std::string::npos) << r.err;
}

TEST(Cli, InitRefusesADatabaseThatAlreadyHoldsASchool) {
  TempDir dir;
  auto db = (dir / "s.sqlite").string();
  ASSERT_EQ(run({"init", "--demo", "--db", db}).code, 0);
  auto again = run({"init", "--db", db});
  EXPECT_EQ(again.code, 1);
  EXPECT_NE(again.err.find("already holds a school"), std::string::npos);
}

TEST_F(DemoSchool, HasTheSizeAndMixTheDemoPromises) {
  auto r = run({"list", "people", "--json", "--db", db_});
  ASSERT_EQ(r.code, 0) << r.err;
  auto people = nlohmann::json::parse(r.out);
  int pupils = 0, staff = 0, dsl = 0, admins = 0;
  std::set<std::string> forms;
  bool accented = false;
  for (const auto& p : people) {
    auto roles = p["roles"].get<std::string>();
    if (roles.find("pupil") != std::string::npos) {
      ++pupils;
      forms.insert(p["form"].get<std::string>());
    }
    if (roles.find("staff") != std::string::npos) ++staff;
    if (roles.find("dsl") != std::string::npos) ++dsl;
    if (roles.find("admin") != std::string::npos) ++admins;
    if (p["first_name"] == "Zoë" || p["surname"] == "Nguyễn") accented = true;
    EXPECT_FALSE(p.contains("pin_hash")) << "SE2: no PIN hash in any output";
  }
  EXPECT_EQ(pupils, 1000);
  EXPECT_EQ(forms.size(), 40u);
  EXPECT_EQ(staff, 90);
  EXPECT_GE(dsl, 1);
  EXPECT_EQ(admins, 2);
  EXPECT_TRUE(accented);

  auto devices = nlohmann::json::parse(run({"list", "devices", "--json", "--db", db_}).out);
  EXPECT_EQ(devices.size(), 300u);
  int unencrypted_laptops = 0, failed_pat = 0, battery_untested = 0;
  for (const auto& d : devices) {
    if (d["kind"] == "staff-laptop" && !d["encrypted"].get<bool>()) ++unencrypted_laptops;
    if (!d["last_pat"].is_null() && !d["last_pat"]["passed"].get<bool>()) ++failed_pat;
    // PT2: a battery iPad or camera needs no PAT, so no "no PAT on record" warning at sign-out.
    if ((d["kind"] == "tablet" || d["kind"] == "camera") && d["equipment_class"] == "battery") ++battery_untested;
  }
  EXPECT_GT(unencrypted_laptops, 0);
  EXPECT_EQ(failed_pat, 1);
  EXPECT_EQ(battery_untested, 40);
}

TEST_F(DemoSchool, HistoryOfADeviceByItsExistingAssetTag) {
  auto r = run({"history", "NFA-01001", "--json", "--db", db_});
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines{r.out};
  std::string line;
  std::vector<std::string> types;
  while (std::getline(lines, line)) types.push_back(nlohmann::json::parse(line)["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"device.recorded", "pat.tested"}));
}

TEST_F(DemoSchool, HistoryOfAnUnknownCodeIsRefused) {
  auto r = run({"history", "https://example.org/", "--db", db_});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("web address"), std::string::npos) << r.err;
  auto unknown = run({"history", "ZZ-UNKNOWN-42", "--db", db_});
  EXPECT_EQ(unknown.code, 1);
  EXPECT_NE(unknown.err.find("ZZ-UNKNOWN-42"), std::string::npos) << unknown.err;
}

TEST_F(DemoSchool, PrintedLabelsDecodeToTheSchoolsTags) {
  auto png = (*dir_ / "commands.png").string();
  auto r = run({"labels", "commands", "--layout", "L7160", "--out", png, "--db", db_});
  ASSERT_EQ(r.code, 0) << r.err;
  auto decoded = run({"decode", png});
  ASSERT_EQ(decoded.code, 0) << decoded.err;
  for (const char* command : {"NFA-CHANDIN", "NFA-CCOLLECT", "NFA-CSIGNOUT", "NFA-CRETURN", "NFA-CCANCEL"})
    EXPECT_NE(decoded.out.find(command), std::string::npos) << command << " not in:\n" << decoded.out;
}

TEST_F(DemoSchool, LabelsRefuseAnUnknownLayout) {
  auto r = run({"labels", "assets", "--layout", "A5-giant", "--out", (*dir_ / "x.pdf").string(), "--db", db_});
  EXPECT_EQ(r.code, 2);
}

TEST_F(DemoSchool, ExportedEventsAreOneJsonObjectPerLine) {
  auto file = (*dir_ / "events.jsonl").string();
  ASSERT_EQ(run({"export", "events", "--out", file, "--db", db_}).code, 0);
  std::ifstream in{file};
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    auto e = nlohmann::json::parse(line);
    ASSERT_TRUE(e.contains("type"));
    ++n;
  }
  EXPECT_GT(n, 2000);
}

}  // namespace
