#include <gtest/gtest.h>

#include <fstream>

#include "../db/temp_dir.h"
#include "db/backup.h"
#include "cli/backup_schedule.h"

namespace {

using namespace std::chrono_literals;

TEST(BackupSchedule, BacksUpAtStartThenEveryInterval) {
  TempDir dir;
  auto store = db::Store::open(dir / "school.sqlite");
  ASSERT_TRUE(store) << store.error();
  store->commit({core::Event{.at = *core::parse_time("2026-11-24T08:00:00"), .actor = "system",
                             .data = core::SettingChanged{"school.name", "Riverside"}}});
  kiosk::BackupSchedule schedule{dir / "backups", 3, 24h};
  auto start = *core::parse_time("2026-11-24T08:00:00");

  auto line = schedule.tick(*store, start);
  ASSERT_TRUE(line);
  EXPECT_EQ(line->rfind("backup written: ", 0), 0u) << *line;
  ASSERT_EQ(db::list_backups(dir / "backups").size(), 1u);
  EXPECT_TRUE(db::verify_backup(db::list_backups(dir / "backups").front()).ok);

  EXPECT_FALSE(schedule.tick(*store, start + 23h + 59min));
  EXPECT_TRUE(schedule.due(start + 24h));
}

TEST(BackupSchedule, WithoutAFolderNeverRuns) {
  TempDir dir;
  auto store = db::Store::open(dir / "school.sqlite");
  ASSERT_TRUE(store);
  kiosk::BackupSchedule schedule{"", 3, 24h};
  EXPECT_FALSE(schedule.due(*core::parse_time("2026-11-24T08:00:00")));
  EXPECT_FALSE(schedule.tick(*store, *core::parse_time("2026-11-24T08:00:00")));
}

TEST(BackupSchedule, AFailureIsLoggedAndTriedAgainNextInterval) {
  TempDir dir;
  auto store = db::Store::open(dir / "school.sqlite");
  ASSERT_TRUE(store);
  std::ofstream{dir / "not-a-folder"} << "x";
  kiosk::BackupSchedule schedule{dir / "not-a-folder", 3, 24h};
  auto start = *core::parse_time("2026-11-24T08:00:00");
  auto line = schedule.tick(*store, start);
  ASSERT_TRUE(line);
  EXPECT_EQ(line->rfind("backup FAILED: ", 0), 0u) << *line;
  EXPECT_FALSE(schedule.due(start + 1h));
}

}  // namespace
