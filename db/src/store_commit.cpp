// db::Store: every write of the log (commit, an import in chunks, a purge)
// in one transaction each, with the rows the events touched written back,
// the head signed, and the write lock shared with a desk (a chunked write
// gives way to a desk waiting to save).
#include "db/store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <thread>

#include "chain.h"
#include "columns.h"
#include "db/json.h"
#include "seal.h"
#include "store_parts.h"

namespace db {
namespace {

namespace fs = std::filesystem;

std::string random_id() {
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 33> hex{};
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  return {hex.data(), 32};
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

}  // namespace

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
          // Then::Replay: the rows the events reach, or none when one reaches beyond its subjects.
          std::optional<core::Touched> reached{std::in_place};
          written = fill([&](std::vector<core::Event>& events) {
            if (then == Then::Replay)
              for (const auto& e : events) {
                if (core::reach_of(core::event_type(e.data)) == core::Reach::Everything) reached.reset();
                if (reached) reached->merge(core::footprint_of(e).rows);
              }
            if (!events.empty()) append(events, digest, origin);
            appended = appended || !events.empty();
            if (forget) forget_rows();
            if (gives_way && DeskLock::desk_waits(path_)) throw GiveWay{};
          });
          if (written && appended) {
            if (then == Then::Replay) replay(reached, digest);
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

bool Store::moved_on(const std::optional<chain::Head>& head) const {
  return head ? head->seq != last_seq_ || head->hash != last_hash_ : last_seq_ != 0;
}

void Store::write_signed_head(std::string digest) {
  if (!keys_) throw Error("a store opened read-only writes nothing");
  chain::Head head{.seq = last_seq_, .hash = last_hash_, .events = event_rows_, .digest = std::move(digest)};
  head.signature = keys_->sign(seal::head_message(head));
  chain::write_head(*db_, head);
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

}  // namespace db
