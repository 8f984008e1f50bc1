// db::Store: opening a file (checks, migration, keys, the seal), the
// messages for a file that is damaged or was changed outside tagdesk, and the
// file's health (the chain, SQLite's own checks). Committing is in
// store_commit.cpp, reading the log in store_log.cpp, replays in
// store_replay.cpp, loading the projections in store_load.cpp.
#include "db/store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <future>
#include <system_error>

#include "chain.h"
#include "schema.h"
#include "seal.h"
#include "store_parts.h"

namespace db {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};

// Tells apart "not a database at all" from a SQLite file before SQLite opens it,
// so the message can say which.
std::optional<std::string> check_header(const fs::path& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in) return "cannot read " + path.string() + ": permission denied or not a regular file";
  std::array<char, 16> head{};
  in.read(head.data(), head.size());
  if (in.gcount() == 0) return std::nullopt;  // empty file: SQLite treats it as a new database
  if (in.gcount() < 16 || std::string_view{head.data(), head.size()} != kSqliteMagic)
    return path.string() + " is not a tagdesk database (it is not a SQLite file at all)";
  return std::nullopt;
}

int pragma_int(SQLite::Database& db, const char* pragma) {
  SQLite::Statement q{db, std::string{"PRAGMA "} + pragma};
  q.executeStep();
  return q.getColumn(0).getInt();
}

bool has_tables(SQLite::Database& db) {
  SQLite::Statement q{db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"};
  q.executeStep();
  return q.getColumn(0).getInt() > 0;
}

std::string fmt_percent(char c) {
  constexpr char kHex[] = "0123456789ABCDEF";
  auto u = static_cast<unsigned char>(c);
  return {'%', kHex[u >> 4], kHex[u & 15]};
}

std::string writable_problem(const fs::path& path) {
  auto dir = path.has_parent_path() ? path.parent_path() : fs::path{"."};
  return "cannot write the database " + path.string() + ": check that the folder " + dir.string() +
         " exists and is writable (SQLite needs to create files beside the database)";
}

// SQLite's integrity pragmas answer "ok" or list problems, one per row.
std::string integrity(SQLite::Database& db, const char* pragma) {
  SQLite::Statement q{db, std::string{"PRAGMA "} + pragma + "(5)"};
  std::string problems;
  while (q.executeStep()) {
    auto line = q.getColumn(0).getString();
    if (line == "ok") continue;
    problems += (problems.empty() ? "" : "; ") + line;
  }
  return problems;
}

std::string quick_check_file(const fs::path& path) {
  try {
    SQLite::Database db{path, SQLite::OPEN_READONLY | SQLITE_OPEN_NOMUTEX, 5000};
    return integrity(db, "quick_check");
  } catch (const std::exception& e) {
    return e.what();  // SQLITE_CORRUPT before it could even list the problems
  }
}

// What to open read-only. With no -wal beside the file (a backup; a copy; a
// file no desk has open), a URI that opens it immutable, so SQLite creates no
// -wal or -shm beside it (a write-protected stick) and changes nothing. With a
// -wal (a desk may be writing), the path, shared with the writer as ever;
// where that folder cannot be written, the -wal could not be read: say so.
std::pair<std::string, std::string> read_only_name(const fs::path& path) {
  auto dir = path.has_parent_path() ? path.parent_path() : fs::path{"."};
  std::error_code ec;
  if (fs::exists(fs::path{path.string() + "-wal"}, ec)) {
    if (::access(dir.c_str(), W_OK) == 0) return {path.string(), {}};
    return {{}, path.string() + "-wal holds changes not yet in the file, and its folder cannot be written: copy "
                "both files somewhere writable and check the copy"};
  }
  std::string uri = "file:";
  for (char c : fs::absolute(path, ec).string()) {
    if (c == '%' || c == '?' || c == '#') uri += fmt_percent(c);
    else uri += c;
  }
  return {uri + "?immutable=1", {}};
}

}  // namespace

std::expected<Store, std::string> Store::open(const fs::path& path, const OpenOptions& options) {
  if (sodium_init() < 0) return std::unexpected(std::string{"libsodium could not start"});
  std::error_code ec;
  bool exists = fs::exists(path, ec);
  if (exists) {
    if (fs::is_directory(path, ec)) return std::unexpected(path.string() + " is a folder, not a database file");
    if (auto problem = check_header(path)) return std::unexpected(*problem);
  } else {
    if (!options.create || options.read_only)
      return std::unexpected("there is no database at " + path.string() + " (run `tagdesk init`)");
    if (path.has_parent_path() && !fs::exists(path.parent_path(), ec)) {
      fs::create_directories(path.parent_path(), ec);
      if (ec) return std::unexpected("cannot create the folder " + path.parent_path().string() + ": " + ec.message());
    }
  }

  Store store;
  store.path_ = path;
  store.options_ = options;
  if (options.one_desk) {
    auto lock = DeskLock::take(path, options.kiosk);
    if (!lock) return std::unexpected(lock.error());
    store.desk_lock_.emplace(std::move(*lock));
  }
  try {
    // NOMUTEX: a Store is used by one thread at a time (the kiosk runs its
    // controller calls one after another), so SQLite need not lock around
    // every call; that locking was a tenth of the time to load a large school.
    if (options.read_only) {
      auto [name, problem] = read_only_name(path);
      if (!problem.empty()) return std::unexpected(problem);
      store.db_ = std::make_unique<SQLite::Database>(name, SQLite::OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                                                     5000);
    } else {
      store.db_ = std::make_unique<SQLite::Database>(
          path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLITE_OPEN_NOMUTEX, 5000);
    }
    auto& db = *store.db_;
    if (struct stat st{}; ::stat(path.c_str(), &st) == 0) {
      store.device_ = st.st_dev;
      store.inode_ = st.st_ino;
    }
    // SQLite quietly opens a file it may not write read-only; say so now, not at the first hand-in.
    if (!options.read_only && sqlite3_db_readonly(db.getHandle(), "main") == 1)
      return std::unexpected(writable_problem(path));
    int app = pragma_int(db, "application_id");
    int version = pragma_int(db, "user_version");
    if (app != kApplicationId && (app != 0 || has_tables(db)))
      return std::unexpected(path.string() + " is a SQLite database of another program, not a tagdesk database");
    if (version > kSchemaVersion)
      return std::unexpected(path.string() + " was written by a newer tagdesk (schema version " +
                             std::to_string(version) + "; this program knows up to " +
                             std::to_string(kSchemaVersion) + "). Install the newer tagdesk to open it.");
    // The check reads the whole file (0.6 s for a million events), so it runs
    // on its own connection: beside the load, or after it when open() need not
    // wait for it (the load wants both cores); first, alone, when a migration
    // is about to write to the file.
    bool background = options.quick_check && options.check_in_background && version == kSchemaVersion;
    auto start_check = [&] {
      store.check_ = std::async(std::launch::async, [path, seal = options.seal_check, key = store.seal_key_] {
                       auto problem = quick_check_file(path);
                       if (!problem.empty()) return damaged_message(path, problem);
                       return seal ? seal_problem(path, key) : std::string{};
                     }).share();
    };
    if (options.quick_check) {
      if (version < kSchemaVersion) {
        if (auto problem = integrity(db, "quick_check"); !problem.empty())
          return std::unexpected(damaged_message(path, problem));
      } else if (!background) {
        start_check();
      }
    }
    if (options.read_only) {
      if (version < kSchemaVersion)
        return std::unexpected(path.string() + " was written by an older tagdesk (schema version " +
                               std::to_string(version) + "); open it once where it can be written to upgrade it");
      store.load();
      return store;
    }
    // All connection settings in one place. FULL: a hand-in the screen confirmed survives a power cut.
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
    db.exec("PRAGMA foreign_keys = ON");
    // The file and the two SQLite keeps beside it (made by a version that did
    // not mind, or copied in): tightened now, before anything is read.
    for (const char* suffix : {"", "-wal", "-shm"}) (void)make_private(path.string() + suffix);
    if (options.idle_checkpoints) {
      db.exec("PRAGMA wal_autocheckpoint = 0");
      sqlite3_wal_hook(
          db.getHandle(),
          [](void* pages, sqlite3*, const char*, int n) {
            *static_cast<int*>(pages) = n;
            return SQLITE_OK;
          },
          store.wal_pages_.get());
    }
    schema::migrate(db, version);
    auto keys = load_or_create_keys(options.key_file.empty() ? default_key_path() : options.key_file);
    if (!keys) return std::unexpected(keys.error());
    store.keys_ = std::move(*keys);
    store.seal_key_ = store.keys_->derived("tagdesk seal 1");
    std::exception_ptr load_failed;
    try {
      store.load();
      if (auto problem = store.head_problem(); !problem.empty()) throw Error(problem);
      if (options.seal_check && !background)
        if (auto problem = seal_problem(path, store.seal_key_); !problem.empty()) throw Error(problem);
    } catch (...) {
      load_failed = std::current_exception();
    }
    if (background) {
      start_check();
      if (!load_failed) return store;
    }
    // On a damaged file the check's account is the clearer one.
    if (store.check_.valid()) {
      if (auto problem = store.check_.get(); !problem.empty()) return std::unexpected(problem);
      store.check_ = {};
    }
    if (load_failed) std::rethrow_exception(load_failed);
  } catch (const SQLite::Exception& e) {
    int code = e.getErrorCode() & 0xff;
    if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM)
      return std::unexpected(writable_problem(path));
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) return std::unexpected(damaged_message(path, e.what()));
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
      return std::unexpected(path.string() + " is locked by another program; close it and try again");
    return std::unexpected("cannot open " + path.string() + ": " + e.what());
  } catch (const Error& e) {
    return std::unexpected(std::string{e.what()});
  } catch (const std::exception& e) {
    // A damaged page can hold bytes that are no longer the JSON we wrote.
    return std::unexpected(damaged_message(path, e.what()));
  }
  return store;
}

bool make_private(const fs::path& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return false;
  return (st.st_mode & 077) == 0 || ::chmod(path.c_str(), 0600) == 0;
}

std::string changed_message(const fs::path& path, const std::string& detail) {
  return path.string() + " was changed outside tagdesk (" + detail +
         "). Nothing more will be written to it. `tagdesk verify --db " + path.string() +
         "` shows what differs. To recover, restore the latest good backup: `tagdesk restore BACKUP.sqlite --db " +
         path.string() + "`; or, if verify finds the event log intact, rebuild the tables from it: `tagdesk rebuild --db " +
         path.string() + "` (recorded in the log).";
}

std::string seal_problem(const fs::path& path, const std::string& key) {
  try {
    {
      SQLite::Database db{path, SQLite::OPEN_READONLY | SQLITE_OPEN_NOMUTEX, 5000};
      SQLite::Transaction snapshot{db};  // the head and the rows it seals, as of one moment
      auto head = chain::read_head(db);
      auto sealed = head && !head->digest.empty() ? head->digest : seal::empty();
      if (seal::digest_all(db, key) == sealed) return {};
    }
    // Rare, so worth the time: say what differs.
    std::string what;
    auto copy = Store::open(path, {.read_only = true});
    if (copy) {
      auto chain = copy->verify_chain();
      if (!chain.ok) what = chain.problem;
      auto rows = copy->projection_problems();
      for (std::size_t i = 0; i < rows.size() && i < 5; ++i) what += (what.empty() ? "" : "; ") + rows[i];
      if (rows.size() > 5) what += "; and " + std::to_string(rows.size() - 5) + " more";
    }
    if (what.empty()) what = "its tables or its log no longer match what tagdesk last wrote and signed";
    return changed_message(path, what);
  } catch (const std::exception& e) {
    return damaged_message(path, e.what());
  }
}

std::string Store::head_problem() {
  auto recorded = chain::public_key(*db_);
  if (recorded.empty()) {
    seal_first_time();
    return {};
  }
  if (recorded != keys_->public_key())
    return path_.string() + " is signed with the key " + chain::to_hex(recorded) + ", but the key file " +
           keys_->file().string() + " holds the key " + chain::to_hex(keys_->public_key()) +
           ". Give tagdesk the key file this database was made with (TAGDESK_KEY=FILE); see the README's "
           "\"The desk's key\".";
  if (!options_.seal_check) return {};
  SQLite::Transaction snapshot{*db_};
  auto problem = chain::signature_problem(*db_);
  if (problem.empty()) {
    auto head = chain::read_head(*db_);
    SQLite::Statement last{*db_, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"};
    std::optional<chain::Head> tip;
    if (last.executeStep()) {
      auto c = last.getColumn(1);
      tip = chain::Head{.seq = last.getColumn(0).getInt64(),
                        .hash = {static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes())}};
    }
    bool agrees = head ? tip && tip->seq == head->seq && tip->hash == head->hash : !tip;
    if (!agrees) problem = "the log does not end where tagdesk last signed it";
  }
  snapshot.commit();
  return problem.empty() ? problem : changed_message(path_, problem);
}

std::string damaged_message(const fs::path& path, const std::string& detail) {
  return path.string() + " is damaged and cannot be used safely (" + detail +
         "). Nothing more will be written to it. To recover, restore the latest good backup: "
         "`tagdesk restore BACKUP.sqlite --db " + path.string() +
         "` (the damaged file is kept beside it as .before-restore), then run `tagdesk verify`.";
}

Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() {
  // Closing the last connection copies the WAL back into the file: never into
  // a damaged one.
  if (db_ && check_.valid() && !check_.get().empty())
    (void)sqlite3_db_config(db_->getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
}

void Store::check_passed() const {
  if (check_.valid())
    if (const auto& problem = check_.get(); !problem.empty()) throw Error(problem);
}

std::string Store::file_problem() const {
  struct stat st{};
  if (::stat(path_.c_str(), &st) != 0)
    return "the database file " + path_.string() + " was deleted or moved away while this desk ran. Nothing more is "
           "saved: what this desk showed as accepted is in that file. Stop the desk, put the file back (or restore "
           "a backup) and start it again.";
  if (st.st_dev != device_ || st.st_ino != inode_)
    return "the database file " + path_.string() + " was replaced while this desk ran (a restore?). Nothing more "
           "is saved here: what this desk showed as accepted is in the file it replaced (.before-restore). Start "
           "the desk again to use the new file.";
  return {};
}

void Store::seal_first_time() {
  SQLite::Transaction tx{*db_, SQLite::TransactionBehavior::IMMEDIATE};
  SQLite::Statement put{*db_, "INSERT INTO seal (id, public_key) VALUES (1, ?)"};
  put.bind(1, keys_->public_key().data(), static_cast<int>(keys_->public_key().size()));
  put.exec();
  if (auto head = chain::read_head(*db_)) {
    // The rows as this version writes them (a field added since a row was
    // written is in the replay's row, not the old one), so that verify's
    // replay compares like with like.
    write_touched(everything(state_));
    // The head as it was (a head that disagrees with the log stays
    // evidence), now with the digest of what the file holds, signed.
    head->digest = seal::digest_all(*db_, seal_key_);
    head->signature = keys_->sign(seal::head_message(*head));
    chain::write_head(*db_, *head);
  }
  tx.commit();
}

ChainCheck Store::verify_chain() const {
  try {
    return chain::verify(*db_);
  } catch (const SQLite::Exception& e) {
    // Damaged pages under the log: the walk could not go on.
    return ChainCheck{.ok = false, .first_bad_seq = 0, .problem = damaged_message(path_, e.what())};
  }
}

std::string Store::integrity_problem(bool full) const {
  try {
    return integrity(*db_, full ? "integrity_check" : "quick_check");
  } catch (const SQLite::Exception& e) {
    return e.what();  // SQLITE_CORRUPT before it could even list the problems
  }
}

}  // namespace db
