// First-run setup (issue 9) through the headless front end, as an installer
// or a script would drive it on a fresh database.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../db/temp_dir.h"
#include "desk/controller.h"
#include "headless/headless.h"

namespace {

using nlohmann::json;

class FirstRun : public testing::Test {
 protected:
  void SetUp() override {
    auto opened = db::Store::open(dir.path / "new.sqlite");
    ASSERT_TRUE(opened) << opened.error();
    store.emplace(std::move(*opened));
    desk.emplace(*store);
    session.emplace(*desk, [] { return *core::parse_time("2026-11-24T16:00:00"); });
  }
  json send(const json& line) { return json::parse(*session->answer(line.dump())); }

  TempDir dir;
  std::optional<db::Store> store;
  std::optional<kiosk::Controller> desk;
  std::optional<kiosk::HeadlessSession> session;
};

TEST_F(FirstRun, AnEmptyDatabaseAsksForTheSchoolAndItsFirstAdministrator) {
  json m = send({{"tick", json::object()}});
  EXPECT_EQ(m["screen"], "setup");
  EXPECT_TRUE(m["wants_text"].get<bool>());

  EXPECT_EQ(send({{"text", "Riverside Primary"}})["prompt"].get<std::string>().substr(0, 7), "A short");
  m = send({{"text", "rsp"}});
  EXPECT_NE(m["prompt"].get<std::string>().find("first name"), std::string::npos);
  send({{"text", "Zoë"}});
  m = send({{"text", "Nguyễn"}});
  EXPECT_TRUE(m["wants_pin"].get<bool>());
  m = send({{"pin", "4821"}});  // too short: SE2
  EXPECT_NE(m["message"].get<std::string>().find("6 digits"), std::string::npos) << m.dump();
  send({{"pin", "482193"}});
  m = send({{"pin", "482193"}});
  EXPECT_EQ(m["feedback"], "accepted") << m.dump();
  EXPECT_NE(m["message"].get<std::string>().find("RSP-PA001"), std::string::npos) << m["message"];

  const auto& s = store->state();
  EXPECT_EQ(s.settings.school_name, "Riverside Primary");
  EXPECT_EQ(s.settings.school_prefix, "RSP");
  ASSERT_TRUE(s.people.contains("A001"));
  EXPECT_TRUE(s.people.at("A001").roles.has(core::Right::Admin));
  EXPECT_FALSE(s.people.at("A001").pin_hash.empty());
  // Setup is over: the desk's ordinary home screen, and the new badge signs in.
  EXPECT_EQ(send({{"tick", json::object()}})["screen"], "result");
  m = send({{"scan", "A001"}});
  EXPECT_EQ(m["screen"], "pin") << m.dump();
  m = send({{"pin", "482193"}});
  EXPECT_FALSE(m["signed_in"].get<std::string>().empty()) << m.dump();
}

TEST_F(FirstRun, MismatchedPinsAndBadValuesRecordNothing) {
  send({{"text", ""}});  // an empty name is refused
  EXPECT_EQ(store->event_count(), 0);
  send({{"text", "Riverside Primary"}});
  json m = send({{"text", "R!"}});  // not a valid prefix
  EXPECT_NE(m["message"].get<std::string>().find("2 to 6 letters or digits"), std::string::npos) << m.dump();
  send({{"text", "RSP"}});
  send({{"text", "Ann"}});
  send({{"text", "Lee"}});
  send({{"pin", "482193"}});
  m = send({{"pin", "482194"}});
  EXPECT_NE(m["message"].get<std::string>().find("different"), std::string::npos) << m.dump();
  EXPECT_EQ(store->event_count(), 0);
  EXPECT_EQ(send({{"scan", "100001"}})["screen"], "setup");  // nothing else until set up
}

// Issue 18 item 1: a school that has lost its administrators (here, one
// imported before it had any) is recovered on the machine, never by whoever
// reaches the public screen.
TEST_F(FirstRun, SE1_AFileWithHistoryButNoAdministratorNeverOffersSetup) {
  core::Person pupil{.id = "P0001", .first_name = "Zoë", .surname = "K", .card = "100001"};
  pupil.roles.add(core::Right::Pupil);
  store->commit({core::Event{.at = *core::parse_time("2026-11-24T15:00:00"), .actor = "system",
                             .data = core::PersonRecorded{pupil}}});
  kiosk::Controller later{*store};
  kiosk::HeadlessSession screen{later, [] { return *core::parse_time("2026-11-24T16:00:00"); }};
  for (const char* line : {R"({"tick":{}})", R"({"text":"Evil Academy"})", R"({"scan":"100001"})"})
    EXPECT_NE(json::parse(*screen.answer(line))["screen"], "setup") << line;
  EXPECT_EQ(store->event_count(), 1);
}

}  // namespace
