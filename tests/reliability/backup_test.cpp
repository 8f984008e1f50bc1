// Backups: online, verified, rotated; restore refuses a bad copy and keeps the old database.
#include <gtest/gtest.h>
#include <SQLiteCpp/Database.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "db/backup.h"
#include "cli/cli.h"
#include "cli_run.h"
#include "school.h"
#include "temp_dir.h"

namespace {

namespace fs = std::filesystem;

void add_transactions(db::Store& store, int n, std::uint32_t seed) {
  reliability::Day day{seed};
  for (int i = 0; i < n; ++i) store.commit(day.next(store.state(), "B" + std::to_string(seed) + "T" + std::to_string(i)));
}

db::Store school(const fs::path& path) {
  auto store = db::Store::open(path);
  EXPECT_TRUE(store) << store.error();
  store->commit(reliability::school_setup());
  add_transactions(*store, 20, 1);
  return std::move(*store);
}

using reliability::cli;

TEST(Backup, ACopyOfTheLiveDatabaseIsVerifiedAndMatches) {
  TempDir dir;
  auto store = school(dir / "s.sqlite");
  auto r = db::backup_now(store, dir / "backups", 3);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_TRUE(fs::exists(r.file));
  EXPECT_EQ(r.events, store.event_count());
  EXPECT_EQ(r.head_hash, store.verify_chain().head_hash);
  EXPECT_FALSE(fs::exists(r.file.string() + "-wal"));  // one self-contained file
  auto check = db::verify_backup(r.file);
  EXPECT_TRUE(check.ok) << check.message;
  // The copy opens as a store with the same projections.
  auto copy = db::Store::open(r.file, {.create = false});
  ASSERT_TRUE(copy) << copy.error();
  EXPECT_EQ(copy->dump_projections(), store.dump_projections());
  EXPECT_EQ(copy->state(), store.state());
}

TEST(Backup, KeepsTheNewestN) {
  TempDir dir;
  auto store = school(dir / "s.sqlite");
  std::vector<fs::path> made;
  for (int i = 0; i < 5; ++i) {
    add_transactions(store, 1, 100 + i);
    auto r = db::backup_now(store, dir / "backups", 3);
    ASSERT_TRUE(r.ok) << r.message;
    made.push_back(r.file);
  }
  auto kept = db::list_backups(dir / "backups");
  ASSERT_EQ(kept.size(), 3u);
  // Newest first, and the newest three are the ones made last.
  EXPECT_EQ(kept[0], made[4]);
  EXPECT_EQ(kept[2], made[2]);
  EXPECT_FALSE(fs::exists(made[0]));
}

TEST(Backup, LeavesOtherFilesInTheFolderAlone) {
  TempDir dir;
  auto store = school(dir / "s.sqlite");
  fs::create_directories(dir / "backups");
  std::ofstream{dir / "backups" / "notes.txt"} << "keep me";
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(db::backup_now(store, dir / "backups", 1).ok);
  EXPECT_TRUE(fs::exists(dir / "backups" / "notes.txt"));
  EXPECT_EQ(db::list_backups(dir / "backups").size(), 1u);
}

TEST(Backup, WhileAnotherConnectionReadsAndWrites) {
  TempDir dir;
  auto store = school(dir / "s.sqlite");
  // Another kiosk process on the same file, mid-way through reading.
  SQLite::Database other{(dir / "s.sqlite").string(), SQLite::OPEN_READWRITE};
  SQLite::Statement reading{other, "SELECT seq FROM events"};
  ASSERT_TRUE(reading.executeStep());
  auto r = db::backup_now(store, dir / "backups", 3);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.events, store.event_count());
}

TEST(Backup, AnUnwritableFolderFailsWithAMessage) {
  TempDir dir;
  auto store = school(dir / "s.sqlite");
  std::ofstream{dir / "file"} << "x";
  auto r = db::backup_now(store, dir / "file" / "backups", 3);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.message.find("backup failed"), std::string::npos) << r.message;
}

TEST(Restore, ReplacesTheDatabaseAndKeepsTheOldOneAside) {
  TempDir dir;
  auto path = dir / "s.sqlite";
  fs::path backup;
  std::int64_t at_backup = 0;
  db::Projections projections_at_backup;
  {
    auto store = school(path);
    auto r = db::backup_now(store, dir / "backups", 3);
    ASSERT_TRUE(r.ok) << r.message;
    backup = r.file;
    at_backup = r.events;
    projections_at_backup = store.dump_projections();
    add_transactions(store, 5, 9);  // later work, lost by the restore but kept aside
  }
  std::string out, err;
  ASSERT_EQ(cli({"restore", backup.string(), "--db", path.string()}, &out, &err), 0) << err;
  EXPECT_NE(out.find("before-restore"), std::string::npos) << out;
  ASSERT_TRUE(fs::exists(path.string() + ".before-restore"));
  auto restored = db::Store::open(path);
  ASSERT_TRUE(restored) << restored.error();
  EXPECT_EQ(restored->event_count(), at_backup);
  EXPECT_EQ(restored->dump_projections(), projections_at_backup);
  EXPECT_TRUE(restored->verify_chain().ok);
  auto aside = db::Store::open(path.string() + ".before-restore", {.create = false});
  ASSERT_TRUE(aside) << aside.error();
  EXPECT_GT(aside->event_count(), at_backup);
  // A second restore keeps the first set-aside file too.
  ASSERT_EQ(cli({"restore", backup.string(), "--db", path.string()}), 0);
  EXPECT_TRUE(fs::exists(path.string() + ".before-restore.2"));
}

TEST(Restore, RefusesACorruptedBackupAndChangesNothing) {
  TempDir dir;
  auto path = dir / "s.sqlite";
  fs::path backup;
  {
    auto store = school(path);
    auto r = db::backup_now(store, dir / "backups", 3);
    ASSERT_TRUE(r.ok) << r.message;
    backup = r.file;
  }
  {
    // Damage the middle of the copy (vacuumed first, so the page is in use).
    SQLite::Database{backup.string(), SQLite::OPEN_READWRITE}.exec("VACUUM");
    auto size = fs::file_size(backup);
    std::fstream f{backup, std::ios::in | std::ios::out | std::ios::binary};
    f.seekp(static_cast<std::streamoff>(size / 2 / 4096 * 4096));
    std::string junk(4096, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  auto before = fs::file_size(path);
  std::string out, err;
  EXPECT_EQ(cli({"restore", backup.string(), "--db", path.string()}, &out, &err), 1);
  EXPECT_NE(err.find("not a good backup"), std::string::npos) << err;
  EXPECT_NE(err.find("Nothing was changed"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(path.string() + ".before-restore"));
  EXPECT_EQ(fs::file_size(path), before);
}

TEST(Restore, RefusesABackupWhoseLogWasTamperedWith) {
  TempDir dir;
  auto path = dir / "s.sqlite";
  fs::path backup;
  {
    auto store = school(path);
    auto r = db::backup_now(store, dir / "backups", 3);
    ASSERT_TRUE(r.ok);
    backup = r.file;
  }
  {
    SQLite::Database raw{backup.string(), SQLite::OPEN_READWRITE};
    raw.exec("DROP TRIGGER events_no_update");
    raw.exec("UPDATE events SET actor = 'S999' WHERE seq = 80");
  }
  std::string err;
  EXPECT_EQ(cli({"restore", backup.string(), "--db", path.string()}, nullptr, &err), 1);
  EXPECT_NE(err.find("event 80"), std::string::npos) << err;
}

TEST(Restore, RefusesAFileThatIsNotABackup) {
  TempDir dir;
  auto path = dir / "s.sqlite";
  { auto store = school(path); }
  std::ofstream{dir / "photo.jpg"} << "\xff\xd8\xff\xe0 not a database";
  std::string err;
  EXPECT_EQ(cli({"restore", (dir / "photo.jpg").string(), "--db", path.string()}, nullptr, &err), 1);
  EXPECT_NE(err.find("not a good backup"), std::string::npos) << err;
  EXPECT_EQ(cli({"restore", (dir / "missing.sqlite").string(), "--db", path.string()}, nullptr, &err), 1);
}

TEST(Restore, IntoAnEmptyPlace) {
  TempDir dir;
  fs::path backup;
  {
    auto store = school(dir / "s.sqlite");
    backup = db::backup_now(store, dir / "backups", 3).file;
  }
  auto r = db::restore_backup(backup, dir / "new" / "school.sqlite");
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_TRUE(r.kept_aside.empty());
}

TEST(BackupCommand, PrintsTheFileAndHeadAndRotates) {
  TempDir dir;
  auto path = dir / "s.sqlite";
  { auto store = school(path); }
  std::string out, err;
  ASSERT_EQ(cli({"backup", (dir / "b").string(), "--keep", "2", "--db", path.string()}, &out, &err), 0) << err;
  EXPECT_NE(out.find("(verified)"), std::string::npos) << out;
  EXPECT_NE(out.find("Head: event"), std::string::npos) << out;
  EXPECT_EQ(cli({"backup", (dir / "b").string(), "--keep", "0", "--db", path.string()}), 2);  // usage
}

TEST(VerifyCommand, SE1_ALogRewrittenWithItsHeadIsCaughtByAnOlderBackup) {
  TempDir dir;
  auto path = dir / "s.sqlite";
  {
    auto store = school(path);
    ASSERT_TRUE(db::backup_now(store, dir / "old", 3).ok);
    add_transactions(store, 5, 7);
    ASSERT_TRUE(db::backup_now(store, dir / "b", 3).ok);
  }
  // An older genuine copy put back in place of the live file: every link and
  // the head are signed, so nothing inside the file can see it.
  fs::copy_file(db::list_backups(dir / "old").front(), path, fs::copy_options::overwrite_existing);
  std::string out, err;
  EXPECT_EQ(cli({"verify", "--db", path.string()}, &out, &err), 0) << "in-file checks cannot see this: " << err;
  EXPECT_EQ(cli({"verify", "--backups", (dir / "b").string(), "--db", path.string()}, &out, &err), 1);
  EXPECT_NE(err.find("cut short"), std::string::npos) << err;
}

}  // namespace
