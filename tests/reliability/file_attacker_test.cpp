// Issue 18, the file's side: someone with the database file, a copy of it or
// the kiosk user's shell. Each edit below was made with sqlite3 on a real
// file, and passed `tagdesk verify` before the seal (docs/SECURITY.md).
#include <gtest/gtest.h>
#include <SQLiteCpp/Database.h>
#include <sys/stat.h>

#include <fstream>
#include <future>
#include <thread>

#include "chain.h"
#include "cli_run.h"
#include "db/backup.h"
#include "db/keys.h"
#include "db/store.h"
#include "school.h"
#include "seal.h"
#include "temp_dir.h"

namespace {

namespace fs = std::filesystem;
using reliability::pupil_id;
using reliability::staff_id;

void make_school(const fs::path& path, int transactions = 40) {
  auto store = db::Store::open(path);
  ASSERT_TRUE(store) << store.error();
  store->commit(reliability::school_setup());
  reliability::Day day{11};
  for (int i = 0; i < transactions; ++i) store->commit(day.next(store->state(), "F" + std::to_string(i)));
}

using reliability::cli;

void sql(const fs::path& path, const std::string& statements) {
  SQLite::Database raw{path.string(), SQLite::OPEN_READWRITE};
  raw.exec(statements);
}

std::string text_of(SQLite::Database& db, const std::string& query) { return db.execAndGet(query).getString(); }

// A teacher given the administrator's roles with sqlite3.
void promote_teacher(const fs::path& path) {
  sql(path, "UPDATE people SET roles = (SELECT roles FROM people WHERE id = '" + staff_id(0) + "') WHERE id = '" +
                staff_id(2) + "'");
}

db::OpenOptions desk_options() { return {.kiosk = "Front desk", .working_set = true, .seal_check = true, .one_desk = true}; }

// A school of a few dozen transactions in a fresh folder.
struct School : testing::Test {
  TempDir dir;
  fs::path path = dir / "s.sqlite";
  void SetUp() override { make_school(path); }
  [[nodiscard]] int verify(std::string* out = nullptr, std::string* err = nullptr) const {
    return cli({"verify", "--db", path.string()}, out, err);
  }
};
using FileAttacker = School;
using OneDesk = School;
using BackupRotation = School;
using VerifyReadOnly = School;
using DeskClock = School;

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

// Item 2: what the kiosk reads is what the log says.

TEST_F(FileAttacker, SE1_ARoleGivenWithSqliteFailsVerifyNamingTheRow) {
  promote_teacher(path);
  std::string out, err;
  EXPECT_EQ(verify(&out, &err), 1);
  EXPECT_HAS(err, "people: " + staff_id(2) + " differs from the log");
  EXPECT_HAS(err, "tagdesk rebuild");
}

TEST_F(FileAttacker, SE1_APinHashCopiedWithSqliteFailsVerify) {
  sql(path, "UPDATE people SET pin_hash = '$argon2id$v=19$copied' WHERE id = '" + staff_id(0) + "'");
  std::string err;
  EXPECT_EQ(verify(nullptr, &err), 1);
  EXPECT_HAS(err, "people: " + staff_id(0) + " differs from the log");
}

TEST_F(FileAttacker, SE1_HandInsMovedToAnotherPupilFailVerify) {
  SQLite::Database raw{path.string(), SQLite::OPEN_READWRITE};
  auto pupil = text_of(raw, "SELECT person FROM events WHERE type = 'handin.recorded' LIMIT 1");
  raw.exec("DROP TRIGGER events_no_update");
  raw.exec("UPDATE events SET person = '" + pupil_id(59) + "' WHERE person = '" + pupil +
           "' AND type = 'handin.recorded'");
  std::string err;
  EXPECT_EQ(verify(nullptr, &err), 1);
  EXPECT_HAS(err, "'s person was changed to '" + pupil_id(59) + "'");
}

TEST_F(FileAttacker, SE1_HeadlessRefusesToStartOnAnEditedFileNamingItAndTheRestore) {
  promote_teacher(path);
  std::string err;
  EXPECT_EQ(cli({"headless", "--db", path.string()}, nullptr, &err), 1);
  EXPECT_HAS(err, "changed outside tagdesk");
  EXPECT_HAS(err, "people: " + staff_id(2) + " differs from the log");
  EXPECT_HAS(err, "tagdesk restore BACKUP.sqlite --db " + path.string());
}

TEST_F(FileAttacker, SE1_TheKiosksCheckAtStartRefusesAnEventMovedToAnotherPupil) {
  sql(path, "DROP TRIGGER events_no_update; UPDATE events SET person = '" + pupil_id(59) +
                "' WHERE seq = (SELECT max(seq) FROM events WHERE type = 'handin.recorded')");
  auto options = desk_options();
  options.quick_check = options.check_in_background = true;
  auto store = db::Store::open(path, options);
  ASSERT_TRUE(store) << store.error();  // the first screen is up; every input waits for the check
  auto problem = store->integrity_check().get();
  EXPECT_HAS(problem, "person was changed");
  EXPECT_THROW(store->commit(reliability::Day{3}.next(store->state(), "X")), db::Error);
}

TEST_F(FileAttacker, SE1_RebuildPutsTheTablesBackFromTheLogAndIsRecorded) {
  promote_teacher(path);
  std::string out;
  EXPECT_EQ(cli({"rebuild", "--db", path.string()}, &out), 0) << out;
  EXPECT_HAS(out, "people: " + staff_id(2) + " differs from the log");
  EXPECT_EQ(verify(), 0);
  auto store = db::Store::open(path, desk_options());
  ASSERT_TRUE(store) << store.error();
  auto rebuilt = store->events({.types = {"records.rebuilt"}});
  ASSERT_EQ(rebuilt.size(), 1u);
  EXPECT_EQ(std::get<core::ProjectionsRebuilt>(rebuilt[0].data).differences.size(), 1u);
}

// Item 3: a rewrite with a copy of the file alone.

// What someone with the file and the source code can do: change an event and
// recompute every link after it, and the head.
void rewrite_log(const fs::path& path, std::int64_t from) {
  SQLite::Database raw{path.string(), SQLite::OPEN_READWRITE};
  raw.exec("DROP TRIGGER events_no_update");
  raw.exec("UPDATE events SET actor = 'S999' WHERE seq = " + std::to_string(from));
  SQLite::Statement q{raw, "SELECT seq, id, type, at, kiosk, actor, authoriser, data, prev_hash FROM events "
                           "WHERE seq >= ? ORDER BY seq"};
  q.bind(1, static_cast<int64_t>(from));
  std::string prev;
  std::vector<std::pair<std::int64_t, std::string>> links;
  while (q.executeStep()) {
    if (prev.empty()) {
      auto c = q.getColumn(8);
      prev.assign(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
    }
    std::vector<std::string> fields;
    for (int i = 1; i <= 7; ++i) fields.push_back(q.getColumn(i).getString());
    prev = db::chain::link(prev, fields);
    links.emplace_back(q.getColumn(0).getInt64(), prev);
  }
  q.reset();
  std::string before;
  for (const auto& [seq, hash] : links) {
    SQLite::Statement u{raw, "UPDATE events SET prev_hash = coalesce(?, prev_hash), hash = ? WHERE seq = ?"};
    if (before.empty()) u.bind(1);
    else u.bind(1, before.data(), static_cast<int>(before.size()));
    u.bind(2, hash.data(), static_cast<int>(hash.size()));
    u.bind(3, static_cast<int64_t>(seq));
    u.exec();
    before = hash;
  }
  SQLite::Statement h{raw, "UPDATE chain_head SET hash = ?"};
  h.bind(1, before.data(), static_cast<int>(before.size()));
  h.exec();
}

TEST_F(FileAttacker, SE1_ALogRewrittenWholeWithACopyOfTheFileFailsVerifyAndStopsTheDesk) {
  rewrite_log(path, 5);
  std::string err;
  EXPECT_EQ(verify(nullptr, &err), 1);
  EXPECT_HAS(err, "not signed by this database's key");
  auto desk = db::Store::open(path, desk_options());
  ASSERT_FALSE(desk);
  EXPECT_HAS(desk.error(), "changed outside tagdesk");
}

TEST_F(FileAttacker, SE1_ALogResignedWithAnotherKeyFailsVerifyOnTheDesksMachine) {
  rewrite_log(path, 5);
  // The attacker's own key, recorded as the file's, the head signed with it.
  auto theirs = db::load_or_create_keys(dir / "their.key");
  ASSERT_TRUE(theirs) << theirs.error();
  {
    SQLite::Database raw{path.string(), SQLite::OPEN_READWRITE};
    auto head = db::chain::read_head(raw);
    ASSERT_TRUE(head);
    SQLite::Statement k{raw, "UPDATE seal SET public_key = ?"};
    k.bind(1, theirs->public_key().data(), static_cast<int>(theirs->public_key().size()));
    k.exec();
  }
  {
    // Recomputing the seal's digest needs the desk's key too; signing the head is enough for verify's chain walk.
    SQLite::Database raw{path.string(), SQLite::OPEN_READWRITE};
    auto head = *db::chain::read_head(raw);
    head.signature = theirs->sign(db::seal::head_message(head));
    db::chain::write_head(raw, head);
  }
  std::string out, err;
  EXPECT_EQ(verify(&out, &err), 1) << out;
  EXPECT_HAS(err, "not this machine's key");
}

TEST_F(FileAttacker, SE1_VerifyPrintsTheKeyTheLogIsSignedWith) {
  auto keys = db::load_or_create_keys(db::default_key_path());
  ASSERT_TRUE(keys);
  std::string out;
  EXPECT_EQ(verify(&out), 0);
  EXPECT_HAS(out, "Signed with key " + db::hex(keys->public_key()));
}

TEST_F(FileAttacker, SE1_AFileFromSchema7IsSealedOnItsFirstOpen) {
  sql(path, "DROP TABLE seal; DROP TABLE racks; ALTER TABLE chain_head DROP COLUMN digest; "
            "ALTER TABLE chain_head DROP COLUMN signature; PRAGMA user_version = 7");
  ASSERT_TRUE(db::Store::open(path));  // a command's open migrates and seals
  auto desk = db::Store::open(path, desk_options());
  ASSERT_TRUE(desk) << desk.error();
  EXPECT_EQ(verify(), 0);
}

// Item 4: every file private.

mode_t mode_of(const fs::path& p) {
  struct stat st{};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 0777;
}

TEST_F(FileAttacker, SE2_TheDatabaseItsWalAndItsBackupsAreTheOwnersAloneAndTightenedOnOpen) {
  auto own = dir / "own.sqlite";
  auto old = ::umask(022);  // as a library user might leave it
  make_school(own, 3);
  ::chmod(own.c_str(), 0644);  // as an older version left it
  auto store = db::Store::open(own);
  ASSERT_TRUE(store);
  store->commit(reliability::Day{5}.next(store->state(), "P"));
  auto backup = db::backup_now(*store, dir / "backups", 3);
  ::umask(old);
  ASSERT_TRUE(backup.ok) << backup.message;
  EXPECT_EQ(mode_of(own), 0600u);
  EXPECT_EQ(mode_of(own.string() + "-wal"), 0600u);
  EXPECT_EQ(mode_of(own.string() + "-shm"), 0600u);
  EXPECT_EQ(mode_of(backup.file), 0600u);
  EXPECT_EQ(mode_of(db::default_key_path()), 0600u);
}

// Item 5: an event dated before the log's last (a clock set back, or a
// client's) is kept as dated, never silently: a clock.went-back goes first.
TEST_F(DeskClock, AnEventDatedBackIsKeptButFlaggedFirst) {
  using namespace std::chrono_literals;
  auto store = db::Store::open(path);
  ASSERT_TRUE(store) << store.error();
  auto last = store->events({.types = {}}).back().at;
  auto back = last - std::chrono::days{11};
  auto written = store->commit({core::Event{.at = back, .actor = "system", .data = core::SettingChanged{"school.name", "Back"}}});
  auto flagged = store->events({.types = {"clock.went-back"}});
  ASSERT_EQ(flagged.size(), 1u);
  EXPECT_EQ(std::get<core::ClockWentBack>(flagged[0].data).last, last);
  EXPECT_EQ(std::get<core::ClockWentBack>(flagged[0].data).now, back);
  EXPECT_EQ(flagged[0].seq + 1, written.back().seq);
  EXPECT_EQ(written.back().at, back) << "kept as dated";
  // Within the tolerance (desks' clocks differ a little): nothing to say.
  store->commit({core::Event{.at = back - 1min, .actor = "system", .data = core::SettingChanged{"school.name", "Near"}}});
  EXPECT_EQ(store->events({.types = {"clock.went-back"}}).size(), 1u);
  EXPECT_EQ(verify(), 0) << "replay agrees";
}

// Item 6: one desk per file.

TEST_F(OneDesk, ASecondDeskIsRefusedNamingTheFirst) {
  auto first = db::Store::open(path, desk_options());
  ASSERT_TRUE(first) << first.error();
  auto second_options = desk_options();
  second_options.kiosk = "Library";
  auto second = db::Store::open(path, second_options);
  ASSERT_FALSE(second);
  EXPECT_HAS(second.error(), "kiosk \"Front desk\", process " + std::to_string(::getpid()));
  EXPECT_HAS(second.error(), "Running several desks");
}

TEST_F(OneDesk, RestoreIsRefusedWhileADeskHoldsTheFile) {
  auto desk = db::Store::open(path, desk_options());
  ASSERT_TRUE(desk) << desk.error();
  auto backup = db::backup_now(*desk, dir / "backups");
  ASSERT_TRUE(backup.ok) << backup.message;
  auto restored = db::restore_backup(backup.file, path);
  EXPECT_FALSE(restored.ok);
  EXPECT_HAS(restored.message, "Front desk");
  EXPECT_FALSE(fs::exists(path.string() + ".before-restore"));
  desk->commit(reliability::Day{5}.next(desk->state(), "after"));  // the desk goes on with its own file
}

TEST_F(OneDesk, ACommandLineWriteWhileTheDeskRunsDoesNotMakeItsNextHandInFail) {
  auto desk = db::Store::open(path, desk_options());
  ASSERT_TRUE(desk) << desk.error();
  reliability::Day day{9};
  desk->commit(day.next(desk->state(), "D1"));
  {
    auto command = db::Store::open(path);
    ASSERT_TRUE(command);
    command->commit(reliability::Day{21}.next(command->state(), "C1"));
  }
  auto n = desk->event_count();
  auto written = desk->commit(day.next(desk->state(), "D2"));
  ASSERT_FALSE(written.empty());
  EXPECT_EQ(written.front().seq, n + 1);
  EXPECT_EQ(verify(), 0);
}

// An import's chunks hold the write lock for as long as the import takes (a
// 200,000-row one for 25 s), past the desk's 5 s busy timeout: between
// chunks the import sees the desk waiting and gives way (rolled back, started
// again once the desk has saved), so the hand-in is saved and the import
// still written whole (docs/RELIABILITY.md).
TEST_F(OneDesk, AChunkedCommandLineWriteGivesWayToTheDeskBetweenChunks) {
  using namespace std::chrono_literals;
  auto desk = db::Store::open(path, desk_options());
  ASSERT_TRUE(desk) << desk.error();
  std::promise<void> holding;
  auto import = std::async(std::launch::async, [&] {
    auto command = db::Store::open(path);
    int walks = 0;
    bool written = command->commit_in_chunks([&](const db::Store::Append& append) {
      ++walks;
      reliability::Day day{21};
      for (int chunk = 0; chunk < 4; ++chunk) {
        auto events = day.next(command->state(), "C" + std::to_string(chunk));
        append(events);
        if (walks == 1 && chunk == 0) holding.set_value();
        std::this_thread::sleep_for(1500ms);  // four chunks: 6 s under the write lock
      }
      return true;
    });
    return std::pair{written, walks};
  });
  holding.get_future().wait();
  auto n = desk->event_count();
  // Without giving way: "the database is busy", thrown after 5 s.
  auto handin = desk->commit(reliability::Day{9}.next(desk->state(), "D1"));
  EXPECT_EQ(handin.front().seq, n + 1);
  auto [written, walks] = import.get();
  EXPECT_TRUE(written);
  EXPECT_EQ(walks, 2) << "gave way once, then started again and finished";
  EXPECT_GT(desk->event_count(), handin.back().seq);
  EXPECT_EQ(verify(), 0);
}

TEST_F(OneDesk, ADeskWhoseFileIsMovedAwaySavesNothingMoreAndSaysSo) {
  auto desk = db::Store::open(path, desk_options());
  ASSERT_TRUE(desk) << desk.error();
  reliability::Day day{9};
  auto accepted = desk->commit(day.next(desk->state(), "D1"));
  fs::rename(path, dir / "moved.sqlite");
  try {
    desk->commit(day.next(desk->state(), "D2"));
    ADD_FAILURE() << "a desk whose file is gone went on saving";
  } catch (const db::Error& e) {
    EXPECT_HAS(std::string{e.what()}, "deleted or moved away");
  }
  EXPECT_FALSE(desk->file_problem().empty());
  desk = std::unexpected(std::string{"closed"});
  fs::rename(dir / "moved.sqlite", path);
  auto reopened = db::Store::open(path);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->events({.types = {}}).back().id, accepted.back().id);  // what it showed as accepted is kept
}

// Item 7: backups that cannot delete themselves, and verify on a read-only copy.

TEST_F(BackupRotation, AFileNamedAsIfFromTheFutureCannotPushOutTheNewCopy) {
  auto store = db::Store::open(path);
  ASSERT_TRUE(store);
  auto backups = dir / "backups";
  auto early = db::backup_now(*store, backups, 5);
  ASSERT_TRUE(early.ok) << early.message;
  // One of ours, made while the clock was far ahead; and one that is not ours.
  fs::rename(early.file, backups / "tagdesk-29991231-000000.sqlite");
  fs::copy_file(path, backups / "tagdesk-29991231-000001.sqlite");
  store->commit(reliability::Day{5}.next(store->state(), "P"));
  auto latest = db::backup_now(*store, backups, 1);
  ASSERT_TRUE(latest.ok) << latest.message;
  EXPECT_TRUE(fs::exists(latest.file));
  EXPECT_FALSE(fs::exists(backups / "tagdesk-29991231-000000.sqlite"));  // ours, and it saw less of the log
  EXPECT_TRUE(fs::exists(backups / "tagdesk-29991231-000001.sqlite"));   // not made by this desk: left alone
}

TEST_F(BackupRotation, LeftoversOfKilledBackupsAreRemoved) {
  auto store = db::Store::open(path);
  ASSERT_TRUE(store);
  auto backups = dir / "backups";
  fs::create_directories(backups);
  for (const char* name : {"tagdesk-20240101-000000.sqlite.part", "tagdesk-20240101-000001.sqlite.part-4194301",
                           "notes.part"})
    std::ofstream{backups / name} << "half a copy";
  auto made = db::backup_now(*store, backups, 2);
  ASSERT_TRUE(made.ok) << made.message;
  EXPECT_FALSE(fs::exists(backups / "tagdesk-20240101-000000.sqlite.part"));
  EXPECT_FALSE(fs::exists(backups / "tagdesk-20240101-000001.sqlite.part-4194301"));
  EXPECT_TRUE(fs::exists(backups / "notes.part"));
}

TEST_F(VerifyReadOnly, SE1_ABackupIsVerifiedWhereItIsWithNothingWrittenBesideIt) {
  auto store = db::Store::open(path);
  ASSERT_TRUE(store);
  auto made = db::backup_now(*store, dir / "stick", 2);
  ASSERT_TRUE(made.ok) << made.message;
  // A copy of the live file too, as someone might carry it off (WAL mode, no -wal beside it).
  fs::copy_file(path, dir / "stick" / "copy.sqlite");
  for (const auto& file : {made.file, dir / "stick" / "copy.sqlite"}) {
    ::chmod(file.c_str(), 0444);
    auto before = fs::last_write_time(file);
    std::string out, err;
    EXPECT_EQ(cli({"verify", "--db", file.string()}, &out, &err), 0) << err;
    EXPECT_EQ(fs::last_write_time(file), before);
    EXPECT_FALSE(fs::exists(file.string() + "-wal")) << file;
    EXPECT_FALSE(fs::exists(file.string() + "-shm")) << file;
  }
}

}  // namespace
