// The kiosk's store copies its write-ahead log back into the file when the
// desk is idle, never inside a commit (OpenOptions::idle_checkpoints).
#include <gtest/gtest.h>
#include <SQLiteCpp/Database.h>

#include "db/store.h"
#include "temp_dir.h"

namespace {

// Events in the main file alone, as a copy without its WAL sees it.
int events_in_file_alone(const std::filesystem::path& path, const std::filesystem::path& scratch) {
  std::filesystem::copy_file(path, scratch, std::filesystem::copy_options::overwrite_existing);
  SQLite::Database copy{scratch.string()};
  return copy.execAndGet("SELECT count(*) FROM events").getInt();
}

void commit_devices(db::Store& store, int commits, int per_commit) {
  auto at = *core::parse_time("2026-11-24T08:00:00");
  for (int c = 0; c < commits; ++c) {
    std::vector<core::Event> batch;
    for (int i = 0; i < per_commit; ++i) {
      core::Device d{.id = "D" + std::to_string(c * per_commit + i), .name = "Laptop"};
      d.notes = std::string(3000, 'n');  // an overflow page each: the WAL grows quickly
      batch.push_back(core::Event{.at = at, .actor = "system", .data = core::DeviceRecorded{d}});
    }
    store.commit(std::move(batch));
  }
}

TEST(IdleCheckpoints, CommitsLeaveTheLogToTheIdleDeskWhichCopiesItBack) {
  TempDir dir;
  auto path = dir / "k.sqlite";
  ASSERT_TRUE(db::Store::open(path));  // made and closed: the schema is in the file
  auto store = db::Store::open(path, {.kiosk = "desk", .idle_checkpoints = true});
  ASSERT_TRUE(store) << store.error();
  commit_devices(*store, 60, 10);  // well past SQLite's 1,000-page automatic checkpoint
  EXPECT_GT(std::filesystem::file_size(path.string() + "-wal"), 1000u * 4096u);
  EXPECT_EQ(events_in_file_alone(path, dir / "copy.sqlite"), 0) << "a commit checkpointed";

  EXPECT_EQ(store->checkpoint_if_due(), "");
  EXPECT_EQ(events_in_file_alone(path, dir / "copy2.sqlite"), 600);
}

TEST(IdleCheckpoints, NotDueBelowAThousandPages) {
  TempDir dir;
  auto path = dir / "k.sqlite";
  ASSERT_TRUE(db::Store::open(path));
  auto store = db::Store::open(path, {.kiosk = "desk", .idle_checkpoints = true});
  ASSERT_TRUE(store) << store.error();
  commit_devices(*store, 2, 5);
  EXPECT_EQ(store->checkpoint_if_due(), "");
  EXPECT_EQ(events_in_file_alone(path, dir / "copy.sqlite"), 0);
}

TEST(IdleCheckpoints, WithoutTheOptionSQLiteCheckpointsAsItGoes) {
  TempDir dir;
  auto path = dir / "c.sqlite";
  auto store = db::Store::open(path);
  ASSERT_TRUE(store) << store.error();
  commit_devices(*store, 60, 10);
  EXPECT_GT(events_in_file_alone(path, dir / "copy.sqlite"), 0);
}

}  // namespace
