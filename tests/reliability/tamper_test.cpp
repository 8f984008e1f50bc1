// SE1: any edit to the event log made outside tagdesk is detected, and named.
#include <gtest/gtest.h>
#include <SQLiteCpp/Database.h>

#include <sstream>

#include "db/store.h"
#include "cli/cli.h"
#include "school.h"
#include "temp_dir.h"

namespace {

enum class Tamper { EditActor, EditData, EditHash, Delete, Insert, Reorder };

std::string name(Tamper t) {
  switch (t) {
    case Tamper::EditActor: return "EditActor";
    case Tamper::EditData: return "EditData";
    case Tamper::EditHash: return "EditHash";
    case Tamper::Delete: return "Delete";
    case Tamper::Insert: return "Insert";
    case Tamper::Reorder: return "Reorder";
  }
  return "?";
}

// A realistic log: the school, then a morning of transactions.
std::int64_t make_log(const std::filesystem::path& path) {
  auto store = db::Store::open(path);
  EXPECT_TRUE(store) << store.error();
  store->commit(reliability::school_setup());
  reliability::Day day{7};
  for (int i = 0; i < 40; ++i) store->commit(day.next(store->state(), "T" + std::to_string(i)));
  return store->event_count();
}

// What someone with the file and a SQLite shell can do once the triggers are dropped.
void tamper(const std::filesystem::path& path, Tamper how, std::int64_t k, std::int64_t n) {
  SQLite::Database raw{path.string(), SQLite::OPEN_READWRITE};
  raw.exec("DROP TRIGGER events_no_update");
  raw.exec("DROP TRIGGER events_no_delete");
  auto seq = std::to_string(k);
  switch (how) {
    case Tamper::EditActor: raw.exec("UPDATE events SET actor = 'S999' WHERE seq = " + seq); break;
    case Tamper::EditData:
      raw.exec("UPDATE events SET data = json_set(data, '$.tampered', 1) WHERE seq = " + seq);
      break;
    case Tamper::EditHash: raw.exec("UPDATE events SET hash = zeroblob(32) WHERE seq = " + seq); break;
    case Tamper::Delete: raw.exec("DELETE FROM events WHERE seq = " + seq); break;
    case Tamper::Insert:
      // Make room at k, then put a copy of the event that was there, with a new id.
      raw.exec("UPDATE events SET seq = seq + 1000000 WHERE seq >= " + seq);
      raw.exec("UPDATE events SET seq = seq - 999999 WHERE seq >= 1000000");
      raw.exec("INSERT INTO events (seq, id, type, at, kiosk, actor, authoriser, person, device, slot, data, prev_hash, "
               "hash) SELECT seq - 1, 'forged', type, at, kiosk, actor, authoriser, person, device, slot, data, "
               "prev_hash, hash FROM events WHERE seq = " + std::to_string(k + 1));
      break;
    case Tamper::Reorder: {
      auto a = std::to_string(k == n ? k - 1 : k), b = std::to_string(k == n ? k : k + 1);
      raw.exec("UPDATE events SET seq = -1 WHERE seq = " + a);
      raw.exec("UPDATE events SET seq = " + a + " WHERE seq = " + b);
      raw.exec("UPDATE events SET seq = " + b + " WHERE seq = -1");
      break;
    }
  }
}

class TamperAt : public testing::TestWithParam<std::tuple<Tamper, int>> {};

TEST_P(TamperAt, SE1_IsDetectedAtTheFirstBrokenLink) {
  auto [how, where] = GetParam();
  TempDir dir;
  auto path = dir / "s.sqlite";
  auto n = make_log(path);
  ASSERT_GT(n, 50);
  // Positions: the first, second, middle, second to last and last event.
  std::int64_t k = where == 0 ? 1 : where == 1 ? 2 : where == 2 ? n / 2 : where == 3 ? n - 1 : n;
  tamper(path, how, k, n);

  auto store = db::Store::open(path);
  ASSERT_TRUE(store) << store.error();
  auto check = store->verify_chain();
  EXPECT_FALSE(check.ok);
  std::int64_t expected = how == Tamper::Reorder && k == n ? n - 1 : k;
  EXPECT_EQ(check.first_bad_seq, expected) << check.problem;
  EXPECT_FALSE(check.problem.empty());
}

std::string case_name(const testing::TestParamInfo<std::tuple<Tamper, int>>& info) {
  static const char* const kWhere[] = {"First", "Second", "Middle", "SecondToLast", "Last"};
  return name(std::get<0>(info.param)) + kWhere[std::get<1>(info.param)];
}

INSTANTIATE_TEST_SUITE_P(EveryKindAndPlace, TamperAt,
                         testing::Combine(testing::Values(Tamper::EditActor, Tamper::EditData, Tamper::EditHash,
                                                          Tamper::Delete, Tamper::Insert, Tamper::Reorder),
                                          testing::Values(0, 1, 2, 3, 4)),
                         case_name);

TEST(Tamper, SE1_TruncatingTheLogIsDetectedByTheChainHead) {
  TempDir dir;
  auto path = dir / "s.sqlite";
  auto n = make_log(path);
  {
    SQLite::Database raw{path.string(), SQLite::OPEN_READWRITE};
    raw.exec("DROP TRIGGER events_no_delete");
    raw.exec("DELETE FROM events WHERE seq > " + std::to_string(n - 3));
  }
  auto store = db::Store::open(path);
  ASSERT_TRUE(store);
  auto check = store->verify_chain();
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_bad_seq, n - 2);
  EXPECT_NE(check.problem.find("removed from the end"), std::string::npos) << check.problem;
}

TEST(Tamper, SE1_AnEventAppendedOutsideTagdeskIsDetected) {
  TempDir dir;
  auto path = dir / "s.sqlite";
  auto n = make_log(path);
  {
    // A copy of the last event, correctly linked to it, but not written by tagdesk.
    SQLite::Database raw{path.string(), SQLite::OPEN_READWRITE};
    raw.exec("INSERT INTO events (seq, id, type, at, kiosk, actor, authoriser, data, prev_hash, hash) "
             "SELECT seq + 1, 'extra', type, at, kiosk, actor, authoriser, data, hash, hash FROM events "
             "ORDER BY seq DESC LIMIT 1");
  }
  auto store = db::Store::open(path);
  ASSERT_TRUE(store);
  auto check = store->verify_chain();
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_bad_seq, n + 1);
}

TEST(Tamper, SE1_AnIntactLogVerifiesAndReportsItsHead) {
  TempDir dir;
  auto path = dir / "s.sqlite";
  auto n = make_log(path);
  auto store = db::Store::open(path);
  ASSERT_TRUE(store);
  auto check = store->verify_chain();
  EXPECT_TRUE(check.ok) << check.problem;
  EXPECT_EQ(check.events, n);
  EXPECT_EQ(check.head_seq, n);
  EXPECT_EQ(check.head_hash.size(), 64u);
}

TEST(Tamper, SE1_AFileFromBeforeTheChainHeadGetsOneOnMigration) {
  TempDir dir;
  auto path = dir / "s.sqlite";
  auto n = make_log(path);
  {
    // Back to schema 1: no head table, and the large projections as one JSON
    // document per row (emptied here: this test is about the chain).
    SQLite::Database raw{path.string(), SQLite::OPEN_READWRITE};
    raw.exec("DROP TABLE chain_head; DROP TABLE purged; DROP TABLE seal; DROP TABLE racks; PRAGMA user_version = 1");
    for (std::string table : {"people", "devices", "slots"})
      raw.exec("DROP TABLE " + table + "; CREATE TABLE " + table + " (id TEXT PRIMARY KEY, data TEXT NOT NULL)");
  }
  auto store = db::Store::open(path);
  ASSERT_TRUE(store) << store.error();
  auto check = store->verify_chain();
  EXPECT_TRUE(check.ok) << check.problem;
  EXPECT_EQ(check.events, n);
}

TEST(VerifyCommand, SE1_PrintsOkWithTheEventCount) {
  TempDir dir;
  auto path = dir / "s.sqlite";
  auto n = make_log(path);
  std::ostringstream out, err;
  int code = kiosk::run_cli({"tagdesk", "verify", "--db", path.string()}, out, err);
  EXPECT_EQ(code, 0) << err.str();
  EXPECT_NE(out.str().find("OK: " + std::to_string(n) + " events"), std::string::npos) << out.str();
}

TEST(VerifyCommand, SE1_NamesTheFirstBrokenLinkAndExitsOne) {
  TempDir dir;
  auto path = dir / "s.sqlite";
  auto n = make_log(path);
  tamper(path, Tamper::EditActor, 17, n);
  std::ostringstream out, err;
  int code = kiosk::run_cli({"tagdesk", "verify", "--db", path.string()}, out, err);
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.str().find("event 17"), std::string::npos) << err.str();
}

}  // namespace
