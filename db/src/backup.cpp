#include "db/backup.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <optional>
#include <regex>
#include <tuple>

#include "chain.h"
#include "db/desk_lock.h"
#include "db/keys.h"

namespace db {
namespace {

namespace fs = std::filesystem;

// The oldest schema a backup may have and still be restored (see verify_backup).
constexpr int kOldestRestorable = 3;

const std::regex kBackupName{R"(tagdesk-(\d{8}-\d{6})(?:-(\d+))?\.sqlite)"};
// A copy being written: .part, then the writer's process id (none before this version).
const std::regex kPartName{R"(tagdesk-\d{8}-\d{6}(?:-\d+)?\.sqlite\.part(?:-(\d+))?)"};

// What a backup records about itself, signed with the desk's key: that
// tagdesk made it, verified it, and how far into the log it saw. Rotation
// goes by this, never by names or clocks (a file named as if from 2999, or a
// backup made while the clock was wrong, cannot push out a good copy).
struct Made {
  std::int64_t head_seq = 0;
  std::string head_hash;  // hex
  std::string made_at;    // UTC, as the clock said: for people, not for order
};

std::string made_message(const Made& m) {
  return "tagdesk backup 1\n" + std::to_string(m.head_seq) + "\n" + m.head_hash + "\n" + m.made_at;
}

// Records `m`, signed, in the copy at `file` (before it is verified and named).
std::string record_made(const fs::path& file, const Made& m, const Keys& keys) {
  try {
    SQLite::Database db{file.string(), SQLite::OPEN_READWRITE};
    db.exec("CREATE TABLE IF NOT EXISTS backup_made (id INTEGER PRIMARY KEY CHECK (id = 1), head_seq INTEGER NOT "
            "NULL, head_hash TEXT NOT NULL, made_at TEXT NOT NULL, signature BLOB NOT NULL)");
    SQLite::Statement q{db, "INSERT OR REPLACE INTO backup_made (id, head_seq, head_hash, made_at, signature) "
                            "VALUES (1, ?, ?, ?, ?)"};
    auto sig = keys.sign(made_message(m));
    q.bind(1, static_cast<int64_t>(m.head_seq));
    q.bind(2, m.head_hash);
    q.bind(3, m.made_at);
    q.bind(4, sig.data(), static_cast<int>(sig.size()));
    q.exec();
    return {};
  } catch (const std::exception& e) {
    return std::string{"could not record the backup in the copy: "} + e.what();
  }
}

// What `file` records about itself, if this desk's key made it.
std::optional<Made> made_by(const fs::path& file, const Keys& keys) {
  try {
    SQLite::Database db{file.string(), SQLite::OPEN_READONLY};
    SQLite::Statement q{db, "SELECT head_seq, head_hash, made_at, signature FROM backup_made WHERE id = 1"};
    if (!q.executeStep()) return std::nullopt;
    Made m{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString()};
    auto c = q.getColumn(3);
    std::string sig{static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes())};
    if (!signature_ok(keys.public_key(), made_message(m), sig)) return std::nullopt;
    return m;
  } catch (const std::exception&) {
    return std::nullopt;  // not a SQLite file, no such table: not one of ours
  }
}

// Removes the .part files of backups that were killed part-way (their
// writer no longer runs). Another process's copy in progress is left alone.
void remove_leftovers(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator{dir, ec}) {
    std::smatch m;
    auto name = entry.path().filename().string();
    if (!entry.is_regular_file(ec) || !std::regex_match(name, m, kPartName)) continue;
    if (m[1].matched) {
      auto pid = static_cast<pid_t>(std::stol(m[1].str()));
      if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
    }
    fs::remove(entry.path(), ec);
  }
}

// Which of this desk's backups in `dir` to remove so that `keep` remain: the
// ones that saw least of the log. `newest`, just made and verified, stays.
std::vector<fs::path> rotated_out(const fs::path& dir, const fs::path& newest, int keep, const Keys& keys) {
  std::vector<std::pair<std::int64_t, fs::path>> ours;
  for (const auto& file : list_backups(dir))
    if (file != newest)
      if (auto m = made_by(file, keys)) ours.emplace_back(m->head_seq, file);
  std::ranges::stable_sort(ours, std::greater<>{}, [](const auto& p) { return p.first; });
  std::vector<fs::path> out;
  for (std::size_t i = static_cast<std::size_t>(keep - 1); i < ours.size(); ++i) out.push_back(ours[i].second);
  return out;
}

std::string utc_stamp() {
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
  return buf;
}

// fsync a file or folder, so a rename is durable before we rely on it.
bool sync_path(const fs::path& path, bool directory) {
  int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return false;
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

// Several backups in one second are numbered -2, -3... after the highest
// already there (not the first gap: rotation may have freed a lower one).
fs::path unused_name(const fs::path& dir, const std::string& stamp) {
  int highest = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator{dir, ec}) {
    std::smatch m;
    auto name = entry.path().filename().string();
    if (std::regex_match(name, m, kBackupName) && m[1].str() == stamp)
      highest = std::max(highest, m[2].matched ? std::stoi(m[2].str()) : 1);
  }
  auto base = "tagdesk-" + stamp;
  return dir / (highest == 0 ? base + ".sqlite" : base + "-" + std::to_string(highest + 1) + ".sqlite");
}

// Copies the whole database through `source` into a new file at `dest`, in one
// step: one read transaction, so the copy is a consistent snapshot.
std::string copy_database(sqlite3* source, const fs::path& dest) {
  sqlite3* out = nullptr;
  int rc = sqlite3_open_v2(dest.c_str(), &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::string problem;
  if (rc == SQLITE_OK) {
    make_private(dest);
    sqlite3_backup* b = sqlite3_backup_init(out, "main", source, "main");
    if (!b) {
      problem = sqlite3_errmsg(out);
    } else {
      rc = sqlite3_backup_step(b, -1);
      if (rc != SQLITE_DONE) problem = sqlite3_errstr(rc);
      if (int fin = sqlite3_backup_finish(b); fin != SQLITE_OK && problem.empty()) problem = sqlite3_errstr(fin);
    }
    // A backup is one self-contained file: no -wal beside it.
    if (problem.empty() && sqlite3_exec(out, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr) != SQLITE_OK)
      problem = sqlite3_errmsg(out);
  } else {
    problem = out ? sqlite3_errmsg(out) : sqlite3_errstr(rc);
  }
  if (sqlite3_close(out) != SQLITE_OK && problem.empty()) problem = "could not close the copy";
  if (problem.empty() && !sync_path(dest, false)) problem = "could not flush the copy to disk";
  return problem;
}

std::string hash_at(SQLite::Database& db, const char* table, std::int64_t seq) {
  SQLite::Statement q{db, std::string{"SELECT hash FROM "} + table + " WHERE seq = ?"};
  q.bind(1, static_cast<int64_t>(seq));
  if (!q.executeStep()) return {};
  auto c = q.getColumn(0);
  return chain::to_hex({static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes())});
}

}  // namespace

BackupCheck verify_backup(const fs::path& file) {
  BackupCheck check;
  auto refuse = [&](std::string why) {
    check.ok = false;
    check.message = file.string() + " is not a good backup: " + why;
    return check;
  };
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return refuse("there is no such file");
  try {
    SQLite::Database db{file.string(), SQLite::OPEN_READONLY};
    if (db.execAndGet("PRAGMA application_id").getInt() != kApplicationId)
      return refuse("it is not a tagdesk database");
    // Version 4 only added indexes: a version 3 backup verifies alike, and
    // opening it after the restore migrates it.
    if (int v = db.execAndGet("PRAGMA user_version").getInt(); v < kOldestRestorable || v > kSchemaVersion)
      return refuse("it has schema version " + std::to_string(v) + ", this tagdesk writes " +
                    std::to_string(kSchemaVersion));
    SQLite::Statement integrity{db, "PRAGMA integrity_check(5)"};
    while (integrity.executeStep())
      if (auto line = integrity.getColumn(0).getString(); line != "ok") return refuse("the file is damaged (" + line + ")");
    auto chain = chain::verify(db);
    if (!chain.ok) return refuse("its event log does not verify: " + chain.problem);
    check.ok = true;
    check.events = chain.events;
    check.head_seq = chain.head_seq;
    check.head_hash = chain.head_hash;
    check.message = file.string() + ": " + std::to_string(chain.events) + " events, verified";
  } catch (const std::exception& e) {
    return refuse(std::string{"it cannot be read ("} + e.what() + ")");
  }
  return check;
}

std::vector<fs::path> list_backups(const fs::path& dir) {
  // Ordered by the time in the name, then the number added when two fall in one second.
  std::vector<std::tuple<std::string, int, fs::path>> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator{dir, ec}) {
    std::smatch m;
    auto name = entry.path().filename().string();
    if (entry.is_regular_file(ec) && std::regex_match(name, m, kBackupName))
      found.emplace_back(m[1].str(), m[2].matched ? std::stoi(m[2].str()) : 1, entry.path());
  }
  std::ranges::sort(found, std::greater<>{});
  std::vector<fs::path> out;
  for (auto& f : found) out.push_back(std::move(std::get<2>(f)));
  return out;
}

BackupResult backup_now(Store& store, const fs::path& dir, int keep) {
  BackupResult result;
  auto fail = [&](std::string why) {
    result.ok = false;
    result.message = "backup failed: " + why;
    return std::move(result);
  };
  if (keep < 1) return fail("keep at least 1 backup");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail("cannot create the folder " + dir.string() + ": " + ec.message());

  remove_leftovers(dir);
  auto stamp = utc_stamp();
  auto file = unused_name(dir, stamp);
  auto part = fs::path{file.string() + ".part-" + std::to_string(::getpid())};
  std::int64_t events = 0;
  Made made{.made_at = stamp};
  try {
    // One read transaction: the count, the head and the copy see the same snapshot.
    SQLite::Transaction snapshot{store.database(), SQLite::TransactionBehavior::DEFERRED};
    events = store.event_count();
    if (auto head = chain::read_head(store.database())) {
      made.head_seq = head->seq;
      made.head_hash = chain::to_hex(head->hash);
    }
    if (auto problem = copy_database(store.database().getHandle(), part); !problem.empty()) {
      fs::remove(part, ec);
      return fail("could not copy to " + part.string() + ": " + problem);
    }
  } catch (const std::exception& e) {
    fs::remove(part, ec);
    return fail(e.what());
  }
  const auto* keys = store.keys();
  if (!keys) return fail("a read-only database cannot be backed up by this command");
  if (auto problem = record_made(part, made, *keys); !problem.empty()) {
    fs::remove(part, ec);
    return fail(problem);
  }
  auto check = verify_backup(part);
  if (!check.ok || check.events != events) {
    fs::remove(part, ec);
    return fail(check.ok ? "the copy holds " + std::to_string(check.events) + " events, the database " +
                               std::to_string(events)
                         : check.message);
  }
  fs::rename(part, file, ec);
  if (ec || !sync_path(dir, true)) {
    fs::remove(part, ec);
    return fail("could not name the backup " + file.string());
  }
  result.ok = true;
  result.file = file;
  result.events = check.events;
  result.head_seq = check.head_seq;
  result.head_hash = check.head_hash;
  // Rotate only once the new copy is safe, and only copies this desk made.
  for (const auto& old : rotated_out(dir, file, keep, *keys))
    if (fs::remove(old, ec)) result.removed.push_back(old);
  result.message = "backed up " + std::to_string(result.events) + " events to " + file.string() +
                   " (verified; head event " + std::to_string(result.head_seq) + ", hash " + result.head_hash + ")";
  if (!result.removed.empty())
    result.message += "; removed " + std::to_string(result.removed.size()) + " older backup(s)";
  return result;
}

std::string compare_with_backup(Store& store, const fs::path& backup) {
  auto check = verify_backup(backup);
  if (!check.ok) return check.message;
  if (check.head_seq == 0) return {};
  auto& db = store.database();
  auto live = hash_at(db, "events", check.head_seq);
  if (live.empty()) live = hash_at(db, "purged", check.head_seq);
  if (live.empty())
    return "event " + std::to_string(check.head_seq) + ", the last in the backup " + backup.filename().string() +
           ", is no longer in the log: the log was cut short and its head rewritten";
  if (live != check.head_hash)
    return "event " + std::to_string(check.head_seq) + " differs from the backup " + backup.filename().string() +
           ": the log was rewritten from that event or earlier";
  return {};
}

RestoreResult restore_backup(const fs::path& backup, const fs::path& db_path) {
  RestoreResult result;
  auto fail = [&](std::string why) {
    result.ok = false;
    result.message = why + " Nothing was changed.";
    return std::move(result);
  };
  // Held until the restore is done, so no desk starts on a file half put back.
  std::error_code made;
  if (db_path.has_parent_path()) fs::create_directories(db_path.parent_path(), made);
  auto lock = DeskLock::take(db_path, "restore");
  if (!lock) return fail("refused: " + lock.error());
  auto check = verify_backup(backup);
  if (!check.ok) return fail("refused: " + check.message + ".");

  std::error_code ec;
  if (fs::exists(db_path, ec)) {
    // Fold the WAL into the file, so the file set aside is complete on its own;
    // a busy checkpoint means someone still has it open.
    try {
      SQLite::Database current{db_path.string(), SQLite::OPEN_READWRITE};
      SQLite::Statement cp{current, "PRAGMA wal_checkpoint(TRUNCATE)"};
      if (cp.executeStep() && cp.getColumn(0).getInt() != 0)
        return fail(db_path.string() + " is in use (is the kiosk running?); stop it and try again.");
    } catch (const std::exception&) {
      // A damaged file is what restores are for: set it aside as it is.
    }
    auto aside = fs::path{db_path.string() + ".before-restore"};
    for (int n = 2; fs::exists(aside, ec); ++n) aside = fs::path{db_path.string() + ".before-restore." + std::to_string(n)};
    fs::rename(db_path, aside, ec);
    if (ec) return fail("could not set " + db_path.string() + " aside: " + ec.message() + ".");
    for (const char* suffix : {"-wal", "-shm"}) {
      auto side = fs::path{db_path.string() + suffix};
      if (fs::exists(side, ec)) fs::rename(side, fs::path{aside.string() + suffix}, ec);
    }
    result.kept_aside = aside;
  } else if (db_path.has_parent_path()) {
    fs::create_directories(db_path.parent_path(), ec);
  }

  auto part = fs::path{db_path.string() + ".restoring"};
  fs::copy_file(backup, part, fs::copy_options::overwrite_existing, ec);
  if (!ec) make_private(part);
  if (ec || !sync_path(part, false)) {
    fs::remove(part, ec);
    if (!result.kept_aside.empty()) fs::rename(result.kept_aside, db_path, ec);
    return fail("could not copy the backup: " + ec.message() + ".");
  }
  fs::rename(part, db_path, ec);
  if (ec) {
    fs::remove(part, ec);
    if (!result.kept_aside.empty()) fs::rename(result.kept_aside, db_path, ec);
    return fail("could not put the backup in place: " + ec.message() + ".");
  }
  (void)sync_path(db_path.has_parent_path() ? db_path.parent_path() : fs::path{"."}, true);

  auto store = Store::open(db_path, {.create = false, .quick_check = true});
  if (!store) {
    result.message = "the restored file did not open: " + store.error();
    return result;
  }
  result.ok = true;
  result.events = store->event_count();
  result.message = "restored " + std::to_string(result.events) + " events from " + backup.string() + " (verified)";
  if (!result.kept_aside.empty()) result.message += "; the previous database is kept as " + result.kept_aside.string();
  return result;
}

}  // namespace db
