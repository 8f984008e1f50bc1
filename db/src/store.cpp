#include "db/store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <fstream>
#include <future>
#include <system_error>
#include <thread>

#include "chain.h"
#include "columns.h"
#include "db/json.h"
#include "schema.h"
#include "school_order.h"
#include "seal.h"

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

std::string random_id() {
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 33> hex{};
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  return {hex.data(), 32};
}

std::string writable_problem(const fs::path& path) {
  auto dir = path.has_parent_path() ? path.parent_path() : fs::path{"."};
  return "cannot write the database " + path.string() + ": check that the folder " + dir.string() +
         " exists and is writable (SQLite needs to create files beside the database)";
}

// The columns read_event reads.
constexpr const char* kEventColumns = "seq, id, type, at, kiosk, actor, authoriser, data";

core::Event read_event(SQLite::Statement& q) {
  core::Event e;
  e.seq = q.getColumn(0).getInt64();
  e.id = q.getColumn(1).getString();
  e.kiosk = q.getColumn(4).getString();
  e.actor = q.getColumn(5).getString();
  e.authoriser = q.getColumn(6).getString();
  auto at = core::parse_time(q.getColumn(3).getString());
  auto data = event_data_from_json(q.getColumn(2).getString(), nlohmann::json::parse(q.getColumn(7).getString()));
  if (!at || !data)
    throw Error("event " + std::to_string(e.seq) + " cannot be read: " + (data ? "bad time" : data.error()));
  e.at = *at;
  e.data = std::move(*data);
  return e;
}

template <class T>
void write_rows(SQLite::Database& db, const char* table, const std::map<std::string, T>& rows,
                const std::set<std::string>& keys) {
  auto upsert_sql = std::string{"INSERT OR REPLACE INTO "} + table + " (id, data) VALUES (?, ?)";
  columns::upsert_or_delete(db, table, upsert_sql, rows, keys,
                            [](SQLite::Statement& upsert, const std::string& key, const T& row) {
                              upsert.bind(1, key);
                              upsert.bind(2, to_json_value(row).dump());
                            });
}

template <class T>
std::set<std::string> keys_of(const std::map<std::string, T>& m) {
  std::set<std::string> keys;
  for (const auto& [k, v] : m) keys.insert(k);
  return keys;
}

// Why a commit failed, in words that say what to do; "nothing was saved" is
// the promise the rollback keeps.
std::string save_problem(const fs::path& path, const std::exception& e) {
  const auto* sql = dynamic_cast<const SQLite::Exception*>(&e);
  int code = sql ? sql->getErrorCode() & 0xff : 0;
  switch (code) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "the database is busy: another program (another tagdesk, a backup or a SQLite tool) kept it locked "
             "for more than 5 seconds. Nothing was saved; try again, and close the other program if this "
             "keeps happening.";
    case SQLITE_FULL:
      return "the disk holding " + path.string() + " is full. Nothing was saved; free some space and try again.";
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return "the database " + path.string() + " cannot be written (a read-only file, folder or disk). "
             "Nothing was saved.";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return damaged_message(path, e.what());
    case SQLITE_IOERR:
      return std::string{"the disk reported an error while saving ("} + e.what() + "). Nothing was saved.";
    default: return std::string{"could not save: "} + e.what() + ". Nothing was saved.";
  }
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

// A desk's hand, raised while it waits for the write lock (DeskLock): a
// command-line import then gives way. Lowered once the transaction has begun
// or failed to.
class RaisedHand {
 public:
  explicit RaisedHand(const std::optional<DeskLock>& lock) : lock_(lock ? &*lock : nullptr) {
    if (lock_) lock_->raise_hand();
  }
  RaisedHand(const RaisedHand&) = delete;
  RaisedHand& operator=(const RaisedHand&) = delete;
  ~RaisedHand() { lower(); }
  void lower() {
    if (lock_) lock_->lower_hand();
    lock_ = nullptr;
  }

 private:
  const DeskLock* lock_;
};

// Thrown inside a chunked write's transaction when a desk waits to save.
struct GiveWay {};

// How often a chunked write starts again for a desk before it gives up: a
// desk that saves more often than an import takes to write leaves it
// nothing but retries.
constexpr int kGiveWayTimes = 10;

std::string gave_way_problem(int times) {
  return "a desk on this file needed to save " + std::to_string(times) + " times while this was being written, and a "
         "desk's hand-ins come first. Run it again when the desk is quieter (after registration, say), or stop the "
         "desk while it runs";
}

// Until the desk that raised its hand has begun its write (its busy timeout
// ends the wait in any case), so that this writer does not take the lock
// straight back. The desk's write then follows before this one's begins.
void wait_for_desk(const fs::path& path) {
  using namespace std::chrono_literals;
  for (auto until = std::chrono::steady_clock::now() + 10s;
       DeskLock::desk_waits(path) && std::chrono::steady_clock::now() < until;)
    std::this_thread::sleep_for(1ms);
}

core::Touched everything(const core::State& s) {
  return {.settings = true, .people = keys_of(s.people), .devices = keys_of(s.devices),
          .slots = keys_of(s.slots), .loans = keys_of(s.loans), .held = keys_of(s.held),
          .exemptions = keys_of(s.exemptions), .approvals = keys_of(s.approvals),
          .audits = keys_of(s.audits), .confiscations = keys_of(s.confiscations), .racks = keys_of(s.racks)};
}

void write_projections(SQLite::Database& db, const core::State& state, const core::Touched& t) {
  if (t.settings) {
    db.exec("DELETE FROM settings");
    SQLite::Statement put{db, "INSERT INTO settings (key, value) VALUES (?, ?)"};
    for (const auto& [key, value] : core::all_settings(state.settings)) {
      put.bind(1, key);
      put.bind(2, value);
      put.exec();
      put.reset();
    }
  }
  columns::write(db, columns::people(), state.people, t.people);
  columns::write(db, columns::devices(), state.devices, t.devices);
  columns::write(db, columns::slots(), state.slots, t.slots);
  write_rows(db, "loans", state.loans, t.loans);
  write_rows(db, "held", state.held, t.held);
  write_rows(db, "exemptions", state.exemptions, t.exemptions);
  write_rows(db, "approvals", state.approvals, t.approvals);
  write_rows(db, "audits", state.audits, t.audits);
  write_rows(db, "confiscations", state.confiscations, t.confiscations);
  write_rows(db, "racks", state.racks, t.racks);
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

// Every table the kiosk reads: the settings and the projections.
std::vector<std::string> read_tables() {
  std::vector<std::string> tables{"settings"};
  for (const char* t : schema::kProjectionTables) tables.emplace_back(t);
  return tables;
}

// The ids (first column) of the rows of `table` in `a` that `b` does not hold alike.
std::set<std::string> rows_not_in(SQLite::Database& db, const std::string& table, const char* a, const char* b) {
  std::set<std::string> out;
  SQLite::Statement q{db, "SELECT * FROM " + std::string{a} + "." + table + " EXCEPT SELECT * FROM " + b + "." + table};
  while (q.executeStep()) out.insert(q.getColumn(0).getString());
  return out;
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

void Store::write_touched(const core::Touched& t) { write_projections(*db_, state_, t); }

std::vector<core::Event> Store::commit(std::vector<core::Event> events, Origin origin, Then then) {
  if (events.empty()) return events;
  commit_with([&](const Append& append) {
    append(events);
    return true;
  }, /*forget=*/false, origin, then);
  return events;
}

bool Store::commit_in_chunks(const std::function<bool(const Append& append)>& fill) {
  return commit_with([&](const Append& append) {
    return fill([&](std::vector<core::Event>& chunk) {
      append(chunk);
      chunk.clear();
    });
  }, /*forget=*/true);
}

void Store::in_one_read(const std::function<void()>& f) {
  SQLite::Transaction tx{*db_};  // deferred: the first read takes the snapshot
  f();
  tx.commit();
}

void Store::forget_rows() {
  if (!options_.working_set) return;
  state_.people.clear();
  state_.devices.clear();
  state_.slots.clear();
}

bool Store::commit_with(const std::function<bool(const Append& append)>& fill, bool forget, Origin origin,
                        Then then) {
  check_passed();
  if (auto problem = file_problem(); !problem.empty()) throw Error(problem);
  bool written = false;
  try {
    // Another program (a command-line import, say) may have written since
    // this store read the file. It waited its turn for the write lock (the
    // busy timeout); now it reads the file afresh and appends after it,
    // rather than fail on a seq that is taken.
    //
    // A chunked write (an import, on the command line) gives way to a desk
    // waiting to save: between chunks, a raised hand (DeskLock) rolls it
    // back, and it starts again once the desk has begun its own. A hand-in
    // then waits one chunk, however long the import (docs/RELIABILITY.md).
    const bool gives_way = forget && !desk_lock_;
    int stale_reads = 0, gave_way = 0;
    for (;;) {
      bool again = false;
      try {
        RaisedHand hand{desk_lock_};
        SQLite::Transaction tx{*db_, SQLite::TransactionBehavior::IMMEDIATE};
        hand.lower();
        auto head = chain::read_head(*db_);
        again = stale_reads < 3 && moved_on(head);
        if (again) {
          ++stale_reads;
        } else {
          auto digest = head && !head->digest.empty() ? head->digest : seal::empty();
          bool appended = false;
          written = fill([&](std::vector<core::Event>& events) {
            if (!events.empty()) append(events, digest, origin);
            appended = appended || !events.empty();
            if (forget) forget_rows();
            if (gives_way && DeskLock::desk_waits(path_)) throw GiveWay{};
          });
          if (written && appended) {
            if (then == Then::Replay) {
              replace_projections();
              digest = seal::digest_all(*db_, seal_key_);
            }
            write_signed_head(std::move(digest));
            tx.commit();
          }
        }
      } catch (const GiveWay&) {  // rolled back
        if (++gave_way > kGiveWayTimes) throw Error(gave_way_problem(kGiveWayTimes));
        wait_for_desk(path_);
        stale_reads = 0;
        again = true;
      }  // rolled back when stale or not written
      if (!again) break;
      load();
    }
  } catch (const std::exception& e) {
    // The transaction rolled back; the in-memory state and head may be part-way,
    // so read them back from the file, which is the truth.
    try {
      load();
    } catch (...) {
      // The file cannot be read either; the message below says why.
    }
    throw Error(save_problem(path_, e));
  }
  if (!written) load();  // what was appended and applied is rolled back
  return written;
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

bool Store::moved_on(const std::optional<chain::Head>& head) const {
  return head ? head->seq != last_seq_ || head->hash != last_hash_ : last_seq_ != 0;
}

void Store::write_signed_head(std::string digest) {
  if (!keys_) throw Error("a store opened read-only writes nothing");
  chain::Head head{.seq = last_seq_, .hash = last_hash_, .events = event_rows_, .digest = std::move(digest)};
  head.signature = keys_->sign(seal::head_message(head));
  chain::write_head(*db_, head);
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

void Store::flag_clock_going_back(std::vector<core::Event>& events) const {
  // Item 5 (docs/SECURITY.md): an event dated before the last one this machine
  // recorded (the desk or a command on its file) is kept as dated, but never
  // silently: a clock.went-back event goes first. A batch is one decision or
  // one import, so only that last time is compared, not the batch's own
  // times. Events pulled from other desks (sync_pulled) are passed over: their
  // clocks are not this one.
  SQLite::Statement last{*db_, db_->tableExists("sync_pulled")
                                   ? "SELECT at FROM events e WHERE NOT EXISTS "
                                     "(SELECT 1 FROM sync_pulled p WHERE p.id = e.id) ORDER BY seq DESC LIMIT 1"
                                   : "SELECT at FROM events ORDER BY seq DESC LIMIT 1"};
  if (!last.executeStep()) return;
  auto last_at = core::parse_time(last.getColumn(0).getString());
  if (!last_at) return;
  auto early = std::ranges::find_if(events, [&](const core::Event& e) { return e.at < *last_at - core::kClockTolerance; });
  if (early == events.end()) return;
  core::Event flag{.at = early->at, .actor = early->actor, .data = core::ClockWentBack{.last = *last_at, .now = early->at}};
  events.insert(early, std::move(flag));
}

void Store::append(std::vector<core::Event>& events, std::string& digest, Origin origin) {
  SQLite::Statement insert{*db_,
                           "INSERT INTO events (seq, id, type, at, kiosk, actor, authoriser, person, device, slot, "
                           "data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"};
  if (origin == Origin::ThisDesk) flag_clock_going_back(events);
  core::Touched touched;
  for (auto& e : events) {
    e.seq = ++last_seq_;
    if (e.id.empty()) e.id = random_id();
    if (e.kiosk.empty()) e.kiosk = options_.kiosk;
    auto data = event_data_to_json(e.data).dump();
    auto type = std::string{core::event_type(e.data)};
    auto at = core::format_time(e.at);
    auto next = chain::link(last_hash_, {e.id, type, at, e.kiosk, e.actor, e.authoriser, data});
    auto subjects = core::subjects_of(e.data);
    auto bind_opt = [&](int i, const std::string& v) {
      if (v.empty()) insert.bind(i);
      else insert.bind(i, v);
    };
    insert.bind(1, static_cast<int64_t>(e.seq));
    insert.bind(2, e.id);
    insert.bind(3, type);
    insert.bind(4, at);
    insert.bind(5, e.kiosk);
    insert.bind(6, e.actor);
    insert.bind(7, e.authoriser);
    bind_opt(8, subjects.person);
    bind_opt(9, subjects.device);
    bind_opt(10, subjects.slot);
    insert.bind(11, data);
    insert.bind(12, last_hash_.data(), static_cast<int>(last_hash_.size()));
    insert.bind(13, next.data(), static_cast<int>(next.size()));
    insert.exec();
    insert.reset();
    insert.clearBindings();
    last_hash_ = std::move(next);
    ++event_rows_;
    seal::mix_event(*db_, seal_key_, e.seq, digest);
    touched.merge(core::apply(state_, e));
    if (origin == Origin::ThisDesk) last_own_ = e.seq;
  }
  seal::mix_touched(*db_, seal_key_, touched, digest);  // the rows as they were, out
  write_touched(touched);
  seal::mix_touched(*db_, seal_key_, touched, digest);  // and as they are, in
}

core::Event Store::purge(const std::vector<std::int64_t>& seqs, core::Event event) {
  if (!std::holds_alternative<core::RecordsPurged>(event.data)) throw Error("a purge is recorded by a records.purged event");
  check_passed();
  try {
    SQLite::Transaction tx{*db_, SQLite::TransactionBehavior::IMMEDIATE};
    auto purge_seq = last_seq_ + 1;
    SQLite::Statement list{*db_, "INSERT INTO purged (seq, hash, purge_seq) SELECT seq, hash, ? FROM events WHERE seq = ?"};
    SQLite::Statement remove{*db_, "DELETE FROM events WHERE seq = ?"};
    std::int64_t deleted = 0;
    for (auto seq : seqs) {
      list.bind(1, static_cast<int64_t>(purge_seq));
      list.bind(2, static_cast<int64_t>(seq));
      if (list.exec() != 1) throw Error("event " + std::to_string(seq) + " is not in the log");
      list.reset();
      // The delete trigger lets this through only because the row is now listed in purged.
      remove.bind(1, static_cast<int64_t>(seq));
      deleted += remove.exec();
      remove.reset();
    }
    event_rows_ -= deleted;
    std::vector<std::pair<std::int64_t, std::string>> rows;
    SQLite::Statement listed{*db_, "SELECT seq, hash FROM purged WHERE purge_seq = ? ORDER BY seq"};
    listed.bind(1, static_cast<int64_t>(purge_seq));
    while (listed.executeStep()) {
      auto h = listed.getColumn(1);
      rows.emplace_back(listed.getColumn(0).getInt64(),
                        std::string{static_cast<const char*>(h.getBlob()), static_cast<std::size_t>(h.getBytes())});
    }
    auto& record = std::get<core::RecordsPurged>(event.data);
    record.count = deleted;
    record.digest = chain::purge_digest(rows);
    std::vector<core::Event> one{std::move(event)};
    auto digest = seal::empty();  // replaced below, from the rows that remain
    append(one, digest);
    replace_projections();
    write_signed_head(seal::digest_all(*db_, seal_key_));
    tx.commit();
    return one.front();
  } catch (const std::exception& e) {
    try {
      load();
    } catch (...) {
      // The file cannot be read either; the message below says why.
    }
    throw Error(save_problem(path_, e));
  }
}

void Store::select_events(const EventFilter& f, const char* columns,
                          const std::function<void(SQLite::Statement&)>& row, const std::string& order_by) const {
  std::string sql = std::string{"SELECT "} + columns + " FROM events WHERE 1";
  bool any_subject = !f.person.empty() || !f.device.empty() || !f.slot.empty();
  if (any_subject) sql += " AND (person = :person OR device = :device OR slot = :slot)";
  if (!f.types.empty()) {
    sql += " AND type IN (";
    for (std::size_t i = 0; i < f.types.size(); ++i) sql += (i ? ", :type" : ":type") + std::to_string(i);
    sql += ")";
  }
  if (f.from) sql += " AND at >= :from";
  if (f.to) sql += " AND at < :to";
  sql += " ORDER BY " + order_by;
  SQLite::Statement q{*db_, sql};
  if (any_subject) {
    // An empty subject binds NULL, which matches nothing.
    for (auto [name, value] : {std::pair{":person", &f.person}, {":device", &f.device}, {":slot", &f.slot}}) {
      if (value->empty()) q.bind(name);
      else q.bind(name, *value);
    }
  }
  for (std::size_t i = 0; i < f.types.size(); ++i) q.bind(":type" + std::to_string(i), f.types[i]);
  if (f.from) q.bind(":from", core::format_time(*f.from));
  if (f.to) q.bind(":to", core::format_time(*f.to));
  while (q.executeStep()) row(q);
}

void Store::for_each_event(const EventFilter& f, const std::function<void(const core::Event&)>& visit) const {
  select_events(f, kEventColumns, [&](SQLite::Statement& q) { visit(read_event(q)); });
}

std::vector<core::EventHead> Store::heads(const EventFilter& filter) const {
  std::vector<core::EventHead> out;
  select_events(filter, "type, at, person, device, slot", [&](SQLite::Statement& q) {
    auto at = core::parse_time(q.getColumn(1).getString());
    if (!at) throw Error("event with a bad time '" + q.getColumn(1).getString() + "' in " + path_.string());
    auto text = [&](int i) { return q.getColumn(i).isNull() ? std::string{} : q.getColumn(i).getString(); };
    out.push_back({.type = q.getColumn(0).getString(), .at = *at, .subjects = {text(2), text(3), text(4)}});
  });
  return out;
}

std::vector<core::Event> Store::events(const EventFilter& filter) const {
  std::vector<core::Event> out;
  for_each_event(filter, [&](const core::Event& e) { out.push_back(e); });
  return out;
}

std::int64_t Store::last_own_seq() const {
  if (!last_own_) {
    SQLite::Statement q{*db_, db_->tableExists("sync_pulled")
                                  ? "SELECT seq FROM events e WHERE type != ? AND NOT EXISTS "
                                    "(SELECT 1 FROM sync_pulled p WHERE p.id = e.id) ORDER BY seq DESC LIMIT 1"
                                  : "SELECT seq FROM events WHERE type != ? ORDER BY seq DESC LIMIT 1"};
    q.bind(1, std::string{core::ConflictRecorded::kType});
    last_own_ = q.executeStep() ? q.getColumn(0).getInt64() : 0;
  }
  return *last_own_;
}

std::int64_t Store::event_count() const {
  SQLite::Statement q{*db_, "SELECT count(*) FROM events"};
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::string Store::checkpoint_if_due() {
  constexpr int kDuePages = 1000;
  if (!options_.idle_checkpoints || *wal_pages_ < kDuePages) return {};
  try {
    check_passed();
    db_->exec("PRAGMA wal_checkpoint(PASSIVE)");
    *wal_pages_ = 0;
    return {};
  } catch (const std::exception& e) {
    return std::string{"could not copy the write-ahead log into "} + path_.string() + ": " + e.what();
  }
}

void Store::rebuild_projections() {
  check_passed();
  SQLite::Transaction tx{*db_, SQLite::TransactionBehavior::IMMEDIATE};
  replace_projections();
  if (last_seq_ > 0) write_signed_head(seal::digest_all(*db_, seal_key_));
  tx.commit();
}

void Store::for_each_in_replay_order(const std::function<void(const core::Event&)>& visit) const {
  select_events({}, kEventColumns, [&](SQLite::Statement& q) { visit(read_event(q)); }, school_order(*db_));
}

void Store::replace_projections() {
  core::State fresh;
  for_each_in_replay_order([&](const core::Event& e) { (void)core::apply(fresh, e); });
  db_->exec("DELETE FROM settings");
  for (const char* table : schema::kProjectionTables) db_->exec(std::string{"DELETE FROM "} + table);
  auto rows = std::move(state_.rows);
  state_ = std::move(fresh);
  write_touched(everything(state_));
  if (rows) {  // the working set again: the rows just written are read when asked for
    state_.rows = std::move(rows);
    forget_rows();
    state_.device_by_code.clear();
    state_.person_by_card.clear();
  }
}

Projections Store::dump_projections() const {
  Projections out;
  SQLite::Statement settings{*db_, "SELECT key, value FROM settings ORDER BY key"};
  while (settings.executeStep())
    out["settings"].emplace_back(settings.getColumn(0).getString(), settings.getColumn(1).getString());
  for (const char* table : schema::kProjectionTables) {
    // Every column of every row, as "name=value" text joined by newlines.
    auto& rows = out[table];
    SQLite::Statement q{*db_, std::string{"SELECT * FROM "} + table + " ORDER BY id"};
    while (q.executeStep()) {
      std::string row;
      for (int i = 1; i < q.getColumnCount(); ++i) {
        auto c = q.getColumn(i);
        row += std::string{q.getColumnName(i)} + "=" + (c.isNull() ? "NULL" : c.getString()) + "\n";
      }
      rows.emplace_back(q.getColumn(0).getString(), std::move(row));
    }
  }
  return out;
}

std::vector<std::string> Store::projection_problems() {
  std::vector<std::string> problems;
  // One read transaction, rolled back at the end: the replay and the
  // comparison see one snapshot, and the scratch tables go with it.
  SQLite::Transaction scratch{*db_, SQLite::TransactionBehavior::DEFERRED};
  core::State replayed;
  for_each_in_replay_order([&](const core::Event& e) { (void)core::apply(replayed, e); });
  for (const auto& table : read_tables()) {
    // A TEMP table of the same name and columns shadows the file's own, so the
    // store's ordinary writers fill it.
    SQLite::Statement sql{*db_, "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?"};
    sql.bind(1, table);
    if (!sql.executeStep()) throw Error("the table " + table + " is missing from " + path_.string());
    auto create = sql.getColumn(0).getString();
    create.replace(0, std::string_view{"CREATE TABLE"}.size(), "CREATE TEMP TABLE");
    db_->exec(create);
  }
  write_projections(*db_, replayed, everything(replayed));
  for (const auto& table : read_tables()) {
    auto in_file = rows_not_in(*db_, table, "main", "temp");
    auto in_log = rows_not_in(*db_, table, "temp", "main");
    for (const auto& id : in_file)
      problems.push_back(table + ": " + id + (in_log.contains(id) ? " differs from the log" : " is not in the log"));
    for (const auto& id : in_log)
      if (!in_file.contains(id)) problems.push_back(table + ": " + id + " is in the log but missing");
  }
  return problems;
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
