// DP3: retention purges delete routine hand-in records (and old confiscation
// records), keep the chain verifiable and leave the register unchanged.
#include <gtest/gtest.h>
#include <SQLiteCpp/Database.h>

#include <set>
#include <sstream>

#include "db/backup.h"
#include "db/purge.h"
#include "cli/cli.h"
#include "cli_run.h"
#include "school.h"
#include "temp_dir.h"

namespace {

using reliability::at;
constexpr const char* kToday = "2026-11-24T16:00:00";

using reliability::cli;

struct Purge : testing::Test {
  TempDir dir;
  std::string path = (dir / "s.sqlite").string();
  void SetUp() override {
    setenv("TAGDESK_NOW", kToday, 1);
    auto store = db::Store::open(path);
    ASSERT_TRUE(store) << store.error();
    store->commit(reliability::school_setup(at("2017-09-01T07:00:00")));
    // Three eras: nine years ago, the academic year before last, and this term.
    for (auto [seed, start, n] : {std::tuple{1u, "2017-10-02T08:00:00", 40}, {2u, "2024-10-01T08:00:00", 80},
                                  {3u, "2026-10-01T08:00:00", 40}}) {
      reliability::Day day{seed, at(start)};
      for (int i = 0; i < n; ++i) store->commit(day.next(store->state(), "E" + std::to_string(seed) + "T" + std::to_string(i)));
    }
  }
  void TearDown() override { unsetenv("TAGDESK_NOW"); }
  db::Store open() {
    auto store = db::Store::open(path);
    EXPECT_TRUE(store) << store.error();
    return std::move(*store);
  }
};

TEST_F(Purge, DP3_CutOffsFollowTheAcademicYearAndRetentionSettings) {
  auto store = open();
  auto plan = db::plan_purge(store, core::date_of(at(kToday)));
  EXPECT_EQ(core::format_date(plan.handin_before), "2025-09-01");  // the end of 2024/25's following year has passed
  EXPECT_EQ(core::format_date(plan.records_before), "2020-11-24");  // 6 years
  store.commit({core::Event{.at = at(kToday), .actor = "system",
                            .data = core::SettingChanged{"academic-year.start-month", "8"}}});
  plan = db::plan_purge(store, core::date_of(at(kToday)));
  EXPECT_EQ(core::format_date(plan.handin_before), "2025-08-01");
}

TEST_F(Purge, DP3_PreviewShowsCountsAndCutOffsAndChangesNothing) {
  auto before = open().event_count();
  std::string out, err;
  ASSERT_EQ(cli({"purge", "--preview", "--db", path}, &out, &err), 0) << err;
  EXPECT_NE(out.find("before 2025-09-01"), std::string::npos) << out;
  EXPECT_NE(out.find("before 2020-11-24"), std::string::npos) << out;
  EXPECT_NE(out.find("handin.recorded"), std::string::npos) << out;
  EXPECT_NE(out.find("confiscation.recorded"), std::string::npos) << out;
  EXPECT_EQ(open().event_count(), before);
  EXPECT_EQ(cli({"purge", "--db", path}), 2);
}

TEST_F(Purge, DP3_ApplyDeletesOldRoutineRecordsAndKeepsTheRest) {
  auto store = open();
  auto before_state = store.state();
  auto before_count = store.event_count();
  auto plan = db::plan_purge(store, core::date_of(at(kToday)));
  ASSERT_GT(plan.seqs.size(), 20u);
  auto done = db::apply_purge(store, plan, at(kToday), "system");
  ASSERT_TRUE(done) << done.error();
  EXPECT_EQ(std::get<core::RecordsPurged>(done->data).count, static_cast<std::int64_t>(plan.seqs.size()));
  EXPECT_EQ(store.event_count(), before_count - static_cast<std::int64_t>(plan.seqs.size()) + 1);

  // The chain verifies across the gaps, and says how many were purged.
  auto check = store.verify_chain();
  EXPECT_TRUE(check.ok) << check.problem;
  EXPECT_EQ(check.purged, static_cast<std::int64_t>(plan.seqs.size()));
  // The register is what it was; the projections equal a rebuild.
  EXPECT_EQ(store.state().held, before_state.held);
  EXPECT_EQ(store.state().slots, before_state.slots);
  EXPECT_EQ(store.state().loans, before_state.loans);
  auto live = store.dump_projections();
  store.rebuild_projections();
  EXPECT_EQ(store.dump_projections(), live);

  // No routine hand-in older than the cut-off is left unless the phone is still
  // held or was collected after the cut-off (its record is that recent).
  std::set<std::string> collected_recently;
  for (const auto& e : store.events({.types = {"handin.collected"}, .from = core::at(plan.handin_before, {})}))
    collected_recently.insert(std::get<core::Collected>(e.data).held);
  int old_kept = 0;
  for (const auto& e : store.events({.types = {"handin.recorded"}})) {
    const auto& item = std::get<core::HandedIn>(e.data).item;
    if (core::date_of(e.at) >= plan.handin_before) continue;
    ++old_kept;
    EXPECT_TRUE(store.state().held.contains(item.id) || collected_recently.contains(item.id)) << item.id;
  }
  EXPECT_LT(old_kept, plan.by_type["handin.recorded"]);
  // This term's records are all there.
  EXPECT_FALSE(store.events({.from = at("2026-10-01T00:00:00")}).empty());

  // Life goes on: new events chain on, the file reopens, a backup verifies.
  reliability::Day day{9, at("2026-11-25T08:00:00")};
  store.commit(day.next(store.state(), "AFTER"));
  EXPECT_TRUE(store.verify_chain().ok);
  auto backup = db::backup_now(store, dir / "b", 2);
  EXPECT_TRUE(backup.ok) << backup.message;
  EXPECT_TRUE(open().verify_chain().ok);
  // A second purge finds nothing more.
  EXPECT_TRUE(db::plan_purge(store, core::date_of(at(kToday))).seqs.empty());
}

TEST_F(Purge, DP3_OnlyAnAdministratorMayPurge) {
  auto store = open();
  auto plan = db::plan_purge(store, core::date_of(at(kToday)));
  auto refused = db::apply_purge(store, plan, at(kToday), "S003");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("administrator"), std::string::npos);
  EXPECT_TRUE(db::apply_purge(store, plan, at(kToday), "S000"));  // S000 is the administrator
}

TEST_F(Purge, DP3_ApplyFromTheCommandLine) {
  std::string out, err;
  ASSERT_EQ(cli({"purge", "--apply", "--db", path}, &out, &err), 0) << err;
  EXPECT_NE(out.find("Deleted"), std::string::npos) << out;
  ASSERT_EQ(cli({"verify", "--db", path}, &out, &err), 0) << err;
  EXPECT_NE(out.find("removed by retention purges"), std::string::npos) << out;
}

struct PurgeThenTamper : Purge {
  std::int64_t purge_seq = 0;
  std::int64_t a_purged_seq = 0;
  void SetUp() override {
    Purge::SetUp();
    auto store = open();
    auto plan = db::plan_purge(store, core::date_of(at(kToday)));
    auto done = db::apply_purge(store, plan, at(kToday), "system");
    ASSERT_TRUE(done) << done.error();
    purge_seq = done->seq;
    a_purged_seq = plan.seqs[plan.seqs.size() / 2];
  }
  db::ChainCheck check() { return open().verify_chain(); }
};

TEST_F(PurgeThenTamper, SE1_DeletingAnotherEventIsStillDetected) {
  {
    SQLite::Database raw{path, SQLite::OPEN_READWRITE};
    raw.exec("DROP TRIGGER events_no_delete");
    raw.exec("DELETE FROM events WHERE seq = (SELECT min(seq) FROM events WHERE seq > 300)");
  }
  EXPECT_FALSE(check().ok);
}

TEST_F(PurgeThenTamper, SE1_SneakingAnEventIntoThePurgedListIsDetected) {
  {
    // Delete a kept event "the official way": list it under the purge, then delete.
    SQLite::Database raw{path, SQLite::OPEN_READWRITE};
    raw.exec("INSERT INTO purged (seq, hash, purge_seq) SELECT seq, hash, " + std::to_string(purge_seq) +
             " FROM events WHERE seq = (SELECT min(seq) FROM events WHERE seq > 300)");
    raw.exec("DELETE FROM events WHERE seq = (SELECT min(seq) FROM events WHERE seq > 300)");
  }
  auto c = check();
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.first_bad_seq, purge_seq) << c.problem;
  EXPECT_NE(c.problem.find("was changed"), std::string::npos) << c.problem;
}

TEST_F(PurgeThenTamper, SE1_EditingThePurgedListIsDetected) {
  {
    SQLite::Database raw{path, SQLite::OPEN_READWRITE};
    raw.exec("UPDATE purged SET hash = zeroblob(32) WHERE seq = " + std::to_string(a_purged_seq));
  }
  EXPECT_FALSE(check().ok);
}

TEST_F(PurgeThenTamper, SE1_RemovingTheListLeavesUnexplainedGaps) {
  {
    SQLite::Database raw{path, SQLite::OPEN_READWRITE};
    raw.exec("DELETE FROM purged");
  }
  auto c = check();
  EXPECT_FALSE(c.ok);
  EXPECT_NE(c.problem.find("missing"), std::string::npos) << c.problem;
}

}  // namespace
