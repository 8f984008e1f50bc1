// SE2: PINs of at least 6 digits, read from standard input, stored only as a
// slow salted hash, never shown; 10 wrong PINs in 5 minutes lock the badge.
#include <gtest/gtest.h>
#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>
#include <sodium.h>
#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "db/backup.h"
#include "db/pin.h"
#include "cli/cli.h"
#include "school.h"
#include "temp_dir.h"

namespace {

using namespace std::chrono_literals;
using reliability::at;

// Runs the CLI with `input` as standard input.
int cli(std::vector<std::string> args, const std::string& input = "", std::string* out_text = nullptr,
        std::string* err_text = nullptr) {
  std::istringstream in{input};
  auto* saved = std::cin.rdbuf(in.rdbuf());
  std::ostringstream out, err;
  args.insert(args.begin(), "tagdesk");
  int code = kiosk::run_cli(args, out, err);
  std::cin.rdbuf(saved);
  if (out_text) *out_text = out.str();
  if (err_text) *err_text = err.str();
  return code;
}

std::string read_bytes(const std::string& file) {
  std::ifstream in{file, std::ios::binary};
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

core::Event failed(const std::string& person, core::Time when) {
  return core::Event{.at = when, .actor = person, .data = core::PinFailed{person}};
}

struct PinFixture : testing::Test {
  TempDir dir;
  std::string path = (dir / "s.sqlite").string();
  void SetUp() override {
    auto store = db::Store::open(path);
    ASSERT_TRUE(store) << store.error();
    store->commit(reliability::school_setup());
    setenv("TAGDESK_NOW", "2024-09-03T08:00:00", 1);
  }
  void TearDown() override { unsetenv("TAGDESK_NOW"); }
  db::Store open() {
    auto store = db::Store::open(path);
    EXPECT_TRUE(store) << store.error();
    return std::move(*store);
  }
};

TEST_F(PinFixture, SE2_TenWrongPinsInFiveMinutesLockTheBadge) {
  auto store = open();
  auto t0 = at("2024-09-03T08:00:00");
  std::vector<core::Event> nine;
  for (int i = 0; i < 9; ++i) nine.push_back(failed("S003", t0 + i * 20s));
  store.commit(nine);
  EXPECT_FALSE(store.state().person("S003")->locked_until);
  store.commit({failed("S003", t0 + 200s)});
  ASSERT_TRUE(store.state().person("S003")->locked_until);
  EXPECT_EQ(*store.state().person("S003")->locked_until, t0 + 200s + 15min);
  // The lockout is in the file and in a rebuild from the events alike.
  auto reopened = open();
  EXPECT_EQ(reopened.state().person("S003")->locked_until, t0 + 200s + 15min);
  auto before = reopened.dump_projections();
  reopened.rebuild_projections();
  EXPECT_EQ(reopened.dump_projections(), before);
}

TEST_F(PinFixture, SE2_TenWrongPinsSpreadOverMoreThanFiveMinutesDoNot) {
  auto store = open();
  auto t0 = at("2024-09-03T08:00:00");
  std::vector<core::Event> ten;
  for (int i = 0; i < 10; ++i) ten.push_back(failed("S003", t0 + i * 40s));  // 6 minutes
  store.commit(ten);
  EXPECT_FALSE(store.state().person("S003")->locked_until);
}

TEST_F(PinFixture, SE2_SetReadsThePinFromStandardInputNeverArgv) {
  std::string out, err;
  EXPECT_EQ(cli({"pin", "set", "S003", "492817", "--db", path}), 2) << "a PIN on the command line is refused";
  ASSERT_EQ(cli({"pin", "set", "S003", "--db", path}, "492817\n", &out, &err), 0) << err;
  auto store = open();
  const auto* p = store.state().person("S003");
  EXPECT_TRUE(db::verify_pin(p->pin_hash, "492817", db::pin_pepper(store).value()));
  EXPECT_EQ(p->pin_hash.view().find("492817"), std::string::npos);
  EXPECT_TRUE(p->pin_hash.starts_with("$tagdesk-pepper1$")) << "Argon2id, salted, of the PIN keyed with the pepper";
}

// Issue 18, item 4 (docs/SECURITY.md): a copy of the database alone gives no
// way to test a PIN, neither by the person's row nor by the log's old hashes.
TEST_F(PinFixture, SE2_ACopyOfTheFileAloneGivesNoWayToTestAPin) {
  ASSERT_EQ(cli({"pin", "set", "S003", "--db", path}, "492817\n"), 0);
  ASSERT_EQ(cli({"pin", "set", "S003", "--db", path}, "492817\n730164\n"), 0);
  SQLite::Database copy{path, SQLite::OPEN_READONLY};
  std::vector<std::pair<std::string, std::string>> stored = {
      {copy.execAndGet("SELECT pin_hash FROM people WHERE id = 'S003'").getString(), "730164"}};
  SQLite::Statement logged{copy, "SELECT data FROM events WHERE type = 'pin.set' ORDER BY seq"};
  for (std::string pin : {"492817", "730164"})
    if (logged.executeStep()) stored.emplace_back(nlohmann::json::parse(logged.getColumn(0).getString())["hash"], pin);
  ASSERT_EQ(stored.size(), 3u);
  auto pepper = db::pin_pepper(open()).value();
  for (const auto& [hash, pin] : stored) {
    // What the copy allows: Argon2id run on each guess. Even the right PIN does not match.
    auto argon = hash.substr(std::min(hash.find("$argon2id$"), hash.size()));
    EXPECT_NE(crypto_pwhash_str_verify(argon.c_str(), pin.data(), pin.size()), 0) << hash;
    EXPECT_FALSE(db::verify_pin(hash, pin, std::string(32, 'x'))) << "another pepper";
    EXPECT_TRUE(db::verify_pin(hash, pin, pepper)) << "the desk's own";
  }
  struct stat st{};
  ASSERT_EQ(::stat(db::pepper_path(db::default_key_path()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "the pepper is its user's alone";
  // The copy does not hold the pepper, raw or as hex, in the file or its -wal,
  // and the pepper is random: another key folder gets another one.
  std::string copied;
  for (const char* suffix : {"", "-wal"}) copied += read_bytes(path + suffix);
  ASSERT_FALSE(copied.empty());
  EXPECT_EQ(copied.find(pepper), std::string::npos) << "the pepper is in the database";
  EXPECT_EQ(copied.find(db::hex(pepper)), std::string::npos) << "the pepper is in the database, as hex";
  EXPECT_NE(db::load_or_create_pepper(dir / "elsewhere" / "key").value(), pepper) << "the pepper is not random";
  // A PIN hashed before the pepper (an older file) still signs in.
  char legacy[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str(legacy, "246813", 6, crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
  EXPECT_TRUE(db::verify_pin(legacy, "246813", pepper));
}

// Issue 18 item 4: a PIN hashed with another pepper (a database copied to a
// machine without the school's pin-pepper file) is named as such on the
// command line too, and no guess is counted.
TEST_F(PinFixture, SE2_APinSetWithAnotherPepperSaysSoAndCountsNoGuess) {
  open().commit({core::Event{.at = at("2024-09-03T07:00:00"), .actor = "system",
                             .data = core::PinSet{"S003", db::hash_pin("492817", std::string(32, 'o')).value()}}});
  std::string err;
  EXPECT_EQ(cli({"pin", "set", "S003", "--db", path}, "492817\n730164\n", nullptr, &err), 1);
  EXPECT_NE(err.find("another PIN pepper"), std::string::npos) << err;
  EXPECT_NE(err.find(db::pepper_path(db::default_key_path()).string()), std::string::npos) << err;
  EXPECT_TRUE(open().events({.types = {"pin.failed"}}).empty());
}

TEST_F(PinFixture, SE2_AShortOrWeakPinIsRefused) {
  std::string err;
  EXPECT_EQ(cli({"pin", "set", "S003", "--db", path}, "12345\n", nullptr, &err), 1);
  EXPECT_NE(err.find("at least 6 digits"), std::string::npos) << err;
  EXPECT_EQ(cli({"pin", "set", "S003", "--db", path}, "abcdef\n", nullptr, &err), 1);
  EXPECT_EQ(cli({"pin", "set", "S003", "--db", path}, "111111\n", nullptr, &err), 1);
  EXPECT_EQ(err.find("111111"), std::string::npos) << "the PIN is never echoed: " << err;
  EXPECT_TRUE(open().state().person("S003")->pin_hash.empty());
}

TEST_F(PinFixture, SE2_PupilsHaveNoPins) {
  std::string err;
  EXPECT_EQ(cli({"pin", "set", "P0001", "--db", path}, "492817\n", nullptr, &err), 1);
  EXPECT_NE(err.find("not staff"), std::string::npos) << err;
}

TEST_F(PinFixture, SE2_ChangingAPinNeedsTheCurrentOneAndWrongOnesLock) {
  ASSERT_EQ(cli({"pin", "set", "S003", "--db", path}, "492817\n"), 0);
  ASSERT_EQ(cli({"pin", "set", "S003", "--db", path}, "492817\n730164\n"), 0);
  EXPECT_TRUE(db::verify_pin(open().state().person("S003")->pin_hash, "730164", db::pin_pepper(open()).value()));
  std::string err;
  for (int i = 0; i < 10; ++i) EXPECT_EQ(cli({"pin", "set", "S003", "--db", path}, "000123\n555123\n", nullptr, &err), 1);
  EXPECT_NE(err.find("locked until 08:15"), std::string::npos) << err;
  // Locked: even the right PIN is refused.
  EXPECT_EQ(cli({"pin", "set", "S003", "--db", path}, "730164\n555123\n", nullptr, &err), 1);
  EXPECT_NE(err.find("locked"), std::string::npos) << err;
  EXPECT_TRUE(db::verify_pin(open().state().person("S003")->pin_hash, "730164", db::pin_pepper(open()).value()));
}

TEST_F(PinFixture, SE2_AnAdministratorResetsAPinAndLiftsTheLockout) {
  ASSERT_EQ(cli({"pin", "set", "S000", "--db", path}, "864209\n"), 0);  // S000 is the administrator
  ASSERT_EQ(cli({"pin", "set", "S003", "--db", path}, "492817\n"), 0);
  for (int i = 0; i < 10; ++i) (void)cli({"pin", "set", "S003", "--db", path}, "000123\n555123\n");
  ASSERT_TRUE(open().state().person("S003")->locked_until);
  std::string out, err;
  // A wrong administrator PIN changes nothing (and counts against the administrator).
  EXPECT_EQ(cli({"pin", "reset", "S003", "--by", "S000", "--db", path}, "999888\n246813\n", nullptr, &err), 1);
  EXPECT_EQ(open().state().person("S000")->pin_failures.size(), 1u);
  ASSERT_EQ(cli({"pin", "reset", "S003", "--by", "S000", "--db", path}, "864209\n246813\n", &out, &err), 0) << err;
  auto store = open();
  const auto* p = store.state().person("S003");
  EXPECT_FALSE(p->locked_until);
  EXPECT_TRUE(db::verify_pin(p->pin_hash, "246813", db::pin_pepper(store).value()));
  auto sets = store.events({.types = {"pin.set"}});
  EXPECT_EQ(sets.back().actor, "S000");
  EXPECT_EQ(sets.back().authoriser, "S000");
}

TEST_F(PinFixture, SE2_OnlyAnAdministratorMayReset) {
  ASSERT_EQ(cli({"pin", "set", "S004", "--db", path}, "864209\n"), 0);
  std::string err;
  EXPECT_EQ(cli({"pin", "reset", "S003", "--by", "S004", "--db", path}, "864209\n246813\n", nullptr, &err), 1);
  EXPECT_NE(err.find("not an administrator"), std::string::npos) << err;
}

TEST_F(PinFixture, SE2_NoPinOrHashAppearsInAnyOutput) {
  ASSERT_EQ(cli({"pin", "set", "S000", "--db", path}, "864209\n"), 0);
  ASSERT_EQ(cli({"pin", "reset", "S003", "--by", "S000", "--db", path}, "864209\n246813\n"), 0);
  auto hash = open().state().person("S003")->pin_hash;
  ASSERT_FALSE(hash.empty());
  std::string all;
  for (std::vector<std::string> args :
       {std::vector<std::string>{"list", "people"}, {"list", "people", "--json"}, {"list", "devices", "--json"},
        {"history", "S003"}, {"history", "S003", "--json"}, {"history", "S000", "--json"}, {"export", "events"},
        {"verify"}, {"verify", "--json"}, {"backup", (dir / "b").string()}}) {
    args.insert(args.end(), {"--db", path});
    std::string out, err;
    EXPECT_EQ(cli(args, "", &out, &err), 0) << args[0] << ": " << err;
    all += out + err;
  }
  EXPECT_NE(all.find("pin.set"), std::string::npos) << "the export does carry the events";
  for (const std::string& secret : {std::string{"864209"}, std::string{"246813"}, hash.str(), std::string{"$argon2"}})
    EXPECT_EQ(all.find(secret), std::string::npos) << "leaked: " << secret;
  EXPECT_NE(all.find("redacted"), std::string::npos);
}

}  // namespace
