// db/: the SQLite store (schema, migrations, the event log, projections,
// backups and purges). The only place with SQL.
//
// The SQLite store: the event log and the projections of it.
//
// Every change goes through commit(): the events are appended (hash-chained,
// append-only; the database itself refuses UPDATE and DELETE on them), the
// in-memory State is advanced by core::apply, and the rows apply() touched
// are written back, all in one IMMEDIATE transaction with synchronous=FULL.
//
//   auto store = db::Store::open("school.sqlite");
//   if (!store) die(store.error());           // not ours, newer, unwritable...
//   store->commit(decision.events);          // throws db::Error on disk failure
//   const core::State& now = store->state();
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/state.h"
#include "db/desk_lock.h"
#include "db/keys.h"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace db {

namespace chain { struct Head; }

// An infrastructure failure (disk, corruption, lock). Caught at one boundary per user action.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr int kApplicationId = 0x74616764;  // "tagd"
inline constexpr int kSchemaVersion = 9;

struct OpenOptions {
  std::string kiosk = "cli";  // recorded on every event this store appends
  bool create = true;         // create the file (and its folder) when missing
  // PRAGMA quick_check before anything is read: about 0.2 s per 100,000 events,
  // so the kiosk does it once at start and `tagdesk verify` does the full check;
  // the many short command-line opens rely on SQLite noticing damage as it reads.
  bool quick_check = false;
  // With quick_check: open() returns as soon as the projections are loaded and
  // the check goes on on a connection of its own (the kiosk draws its first
  // screen meanwhile; a file being migrated is still checked first). Nothing is
  // written until it has passed: commit(), purge(), rebuild_projections() and
  // checkpoint_if_due() wait for it, and a failed check makes them throw
  // db::Error (or return the problem) with damaged_message. integrity_check()
  // tells how it ends.
  bool check_in_background = false;
  // The kiosk: SQLite's automatic checkpoint (copying the WAL back into the
  // file, two more fsyncs) would land inside every few hundredth commit and
  // make that scan wait; instead the kiosk calls checkpoint_if_due() when the
  // desk is idle, and a commit waits for its own fsync only.
  bool idle_checkpoints = false;
  // The kiosk: people, devices and slots stay in the file, and the State
  // holds only those read so far (core::RowSource); the open loans, held
  // items, audits and the rest are loaded as ever. A trust's register would
  // otherwise double the kiosk's memory and start (docs/PERFORMANCE.md).
  bool working_set = false;
  // `tagdesk verify`: nothing is written, not even a -wal beside the file, so a
  // backup on a write-protected stick can be checked where it is. A file in a
  // folder that cannot be written is opened immutable (SQLite then trusts that
  // nothing else changes it). An older schema is refused, not migrated.
  bool read_only = false;
  // The desk's secret key (db/keys.h; created on first use): every write's
  // head is signed with it, and a file signed with another key is refused.
  // Empty = default_key_path(). A read_only store reads none.
  std::filesystem::path key_file;
  // The desk (kiosk, headless): before anything is read, every row the kiosk
  // reads and every event must match the seal (src/seal.h), which costs one
  // read of the file (beside the load with check_in_background, else before
  // open() returns). A file changed outside tagdesk is refused, naming what
  // differs. Every open checks the head's signature, which costs nothing.
  bool seal_check = false;
  // The desk: one per database file. Holds the file's DeskLock while the
  // store lives (db/desk_lock.h); open() refuses when another desk holds it.
  bool one_desk = false;
};

// What to tell someone whose database file is damaged: the SQLite detail and how to recover.
[[nodiscard]] std::string damaged_message(const std::filesystem::path& path, const std::string& detail);

// Makes `path` its owner's alone (0600) if it is readable or writable by
// anyone else: every file tagdesk writes holds personal data or PIN hashes.
// False when it cannot (no such file, not ours).
bool make_private(const std::filesystem::path& path);

// What to tell someone whose database was changed outside tagdesk: what
// differs, where to see more, and how to recover.
[[nodiscard]] std::string changed_message(const std::filesystem::path& path, const std::string& detail);
// Every row the kiosk reads and every event of the file at `path`, checked
// against its signed seal (OpenOptions::seal_check), with the seal's key:
// empty when they match, else changed_message naming what differs.
[[nodiscard]] std::string seal_problem(const std::filesystem::path& path, const std::string& key);

struct EventFilter {
  std::string person, device, slot;  // any match (OR); all empty = every event
  std::vector<std::string> types;    // any of these exact types, e.g. {"pat.tested"}; empty = every type
  std::optional<core::Time> from, to;  // at >= from, at < to
};

// Each projection table's rows as (key, every column as text), in key order: for
// comparing a rebuilt store with a live one.
using Projections = std::map<std::string, std::vector<std::pair<std::string, std::string>>>;

struct ChainCheck {
  bool ok = true;
  std::int64_t events = 0;
  std::int64_t first_bad_seq = 0;  // 0 when ok
  std::string problem;             // plain English
  // When ok: the last link, to note down or compare with a backup's (anchors the
  // log outside this file), and how many events retention purges removed (DP3).
  std::int64_t head_seq = 0;
  std::string head_hash;  // hex; empty for an empty log
  std::int64_t purged = 0;
  // Hex of the key the head is signed with (recorded in the file at creation,
  // from schema 8): compare it with the one noted down, or the key file's.
  std::string public_key;
};

class Store {
 public:
  [[nodiscard]] static std::expected<Store, std::string> open(const std::filesystem::path& path,
                                                              const OpenOptions& options = {});
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  // The whole school, or with working_set the rows read so far and a source
  // for the rest (valid while this Store lives).
  [[nodiscard]] const core::State& state() const { return state_; }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  // Who dated the events a commit appends: this machine's clock (a decision,
  // an import), or other desks' (pulled from the central server, each dated by
  // the desk that made it: never taken for this clock going back).
  enum class Origin : bool { ThisDesk, OtherDesks };
  // Appends the events in one transaction and returns them with seq, id, kiosk set.
  // Then: the projections advanced by these events alone, or replayed in
  // the school's order, in the same transaction: for other desks' events
  // that the school's order places before some this desk applied already
  // (db/sync_log.h). A replay resets only the rows the events reach and the
  // rows linked to those through the log (core::footprint_of: a device, its
  // loans, a pupil's held items...) and applies only the events touching
  // them, with every setting change; it replays the whole log (as
  // rebuild_projections) when an event reaches beyond its subjects
  // (core::reach_of: a setting, an audit, a purge, a rack moved) or the
  // linked rows would take more than kMostReplayed events.
  enum class Then : bool { Apply, Replay };
  std::vector<core::Event> commit(std::vector<core::Event> events, Origin origin = Origin::ThisDesk,
                                  Then then = Then::Apply);
  static constexpr std::int64_t kMostReplayed = 5000;
  // How many events the last replay applied (Then::Replay, a rebuild, a
  // purge): the log's for a whole replay. For tests and benchmarks.
  [[nodiscard]] std::int64_t last_replayed() const { return last_replayed_; }
  // An import too large to hold at once, still in ONE transaction: `fill`
  // hands its events to `append` a chunk at a time, each appended, applied
  // and written at once (and taken: the chunk is left empty); with
  // working_set, the people, devices and slots read so far are then
  // forgotten (read again when asked for: a pointer from state()'s look-ups
  // is valid only until the next chunk). `fill` returns false to write
  // nothing: the transaction rolls back and the state is read again. If
  // another program wrote first, `fill` is called again, on the state as it
  // now is. Returns what `fill` returned; throws db::Error as commit().
  using Append = std::function<void(std::vector<core::Event>& chunk)>;
  bool commit_in_chunks(const std::function<bool(const Append& append)>& fill);
  // Runs `f` inside one read transaction: with working_set, the look-ups of
  // a long walk (an import's check) then read one snapshot and take no lock
  // of the file each (a lock and a stat apiece made the check 6 times
  // slower). `f` must not commit.
  void in_one_read(const std::function<void()>& f);
  // With working_set: forgets the people, devices and slots read so far
  // (pointers from state()'s look-ups are then invalid). Nothing otherwise.
  void forget_rows();

  void for_each_event(const EventFilter& filter, const std::function<void(const core::Event&)>& f) const;
  [[nodiscard]] std::vector<core::Event> events(const EventFilter& filter = {}) const;
  // Every event in the order the projections are made of: the log's, or once
  // the file has joined a server, the school's, with this desk's own events
  // the server has not placed yet on top (db/sync_log.h).
  void for_each_in_replay_order(const std::function<void(const core::Event&)>& f) const;
  // The same events without their data, which is neither read nor parsed.
  [[nodiscard]] std::vector<core::EventHead> heads(const EventFilter& filter) const;
  [[nodiscard]] std::int64_t event_count() const;
  // The seq of the last event this desk decided (committed as ThisDesk), 0
  // for none: not pulled from another desk (db/sync_log.h), nor a conflict
  // record it wrote on taking theirs in. Read from the file once, then kept.
  [[nodiscard]] std::int64_t last_own_seq() const;
  // Whether any event was ever appended (purged ones too): a file with none
  // is new, and only a new file offers first-run setup.
  [[nodiscard]] bool has_history() const { return last_seq_ > 0; }

  // With idle_checkpoints: once the WAL holds 1,000 pages (SQLite's own
  // threshold), copies it back into the file. Returns a problem, if any: the
  // data is safe in the WAL either way.
  [[nodiscard]] std::string checkpoint_if_due();

  // Replays the whole log into fresh projection tables (one transaction): in
  // the log's order, or once the file has joined a server, in the school's
  // order with this desk's events not yet placed on top (db/sync_log.h).
  void rebuild_projections();
  [[nodiscard]] Projections dump_projections() const;
  // Replays the log into scratch copies of every table the kiosk reads and
  // compares them with the file's, row by row and column by column: a row
  // edited, added or removed outside tagdesk (a role, a PIN hash) is named,
  // e.g. "people: P1 differs from the log". Empty when they agree. Writes
  // nothing to the file (works on a read_only store).
  [[nodiscard]] std::vector<std::string> projection_problems();
  // Walks the hash chain from the first event, across purged gaps, and checks
  // the recorded head; names the first broken link.
  [[nodiscard]] ChainCheck verify_chain() const;
  // PRAGMA integrity_check (full) or quick_check: empty when the file is sound,
  // else SQLite's first complaints.
  [[nodiscard]] std::string integrity_problem(bool full = true) const;
  // The quick_check open() began with check_in_background: empty once the file
  // passed, else damaged_message. Not valid() when open() asked for none or
  // finished it itself. A copy of its own for each thread that waits on it.
  [[nodiscard]] std::shared_future<std::string> integrity_check() const { return check_; }

  // DP3, the mechanism (db/purge.h decides what): in one transaction, records the
  // (seq, hash) of each listed event in `purged`, deletes them, appends `purge`
  // (a RecordsPurged, given the digest of that list) and rebuilds the projections
  // from what remains. Returns the appended event. Throws db::Error; nothing changes then.
  core::Event purge(const std::vector<std::int64_t>& seqs, core::Event purge);

  // Empty while the file this store opened is still at its path; else that it
  // was deleted, moved or replaced (a restore under a running desk), and that
  // nothing more is saved: commit() throws db::Error with it.
  [[nodiscard]] std::string file_problem() const;

  // The desk's key (not for a read_only store): backups sign what they record with it.
  [[nodiscard]] const Keys* keys() const { return keys_ ? &*keys_ : nullptr; }

  // For tests and tools that need the handle (backups, faults); SQL stays in db/.
  [[nodiscard]] SQLite::Database& database() { return *db_; }

 private:
  Store() = default;
  void load();
  void write_touched(const core::Touched& touched);
  // Waits for a background check; throws db::Error if it failed.
  void check_passed() const;
  // Inside the caller's transaction: appends and applies the events (mixing
  // them into digest), and writes the rows they touched.
  void append(std::vector<core::Event>& events, std::string& digest, Origin origin = Origin::ThisDesk);
  // commit() and commit_in_chunks(): `fill` appends through the function it
  // is given, inside the transaction; `forget` after each chunk.
  bool commit_with(const std::function<bool(const Append& append)>& fill, bool forget,
                   Origin origin = Origin::ThisDesk, Then then = Then::Apply);
  // Inside the caller's transaction: puts a clock.went-back before the first
  // event dated over core::kClockTolerance before the last one this machine
  // dated (events pulled from other desks are dated by their clocks).
  void flag_clock_going_back(std::vector<core::Event>& events) const;
  // Inside the caller's transaction: projections and state replayed from the log.
  void replace_projections();
  // Inside the caller's transaction: the projections replayed for Then::Replay,
  // for the rows `reached` (none: every row), keeping `digest` (the seal's).
  void replay(const std::optional<core::Touched>& reached, std::string& digest);
  // replay() of the rows `reached` and those linked to them; false, having
  // changed nothing, when that would take more than kMostReplayed events.
  bool replay_rows(core::Touched rows, std::string& digest);

  // Inside the caller's transaction: the head as the log stands now, with
  // `digest`, signed.
  void write_signed_head(std::string digest);
  // Whether `head`, read in a write transaction, says another program wrote
  // to the file since this store last read it (so state_ is stale).
  [[nodiscard]] bool moved_on(const std::optional<chain::Head>& head) const;
  // The first open at schema 8: records the key, seals what the file holds.
  void seal_first_time();
  // At open: the file is signed with this desk's key; with seal_check also
  // the signature holds and the log ends at the head signed (both cheap).
  // Seals a file that has no seal yet.
  [[nodiscard]] std::string head_problem();
  // Steps through the events `filter` picks, in order, reading `columns` of each.
  void select_events(const EventFilter& filter, const char* columns,
                     const std::function<void(SQLite::Statement&)>& row, const std::string& order_by = "seq") const;

  std::filesystem::path path_;
  std::unique_ptr<SQLite::Database> db_;
  OpenOptions options_;
  core::State state_;
  std::int64_t last_seq_ = 0;
  std::string last_hash_;  // raw bytes
  std::int64_t event_rows_ = 0;  // for the chain head: events in the log now
  std::int64_t last_replayed_ = 0;
  mutable std::optional<std::int64_t> last_own_;  // last_own_seq(), once read; forgotten by load()
  // Pages in the WAL after the last commit (SQLite's wal hook writes it; on
  // the heap so that a moved Store keeps the address the hook was given).
  std::unique_ptr<int> wal_pages_ = std::make_unique<int>(0);
  std::shared_future<std::string> check_;  // the quick_check, running or done; see integrity_check()
  std::optional<Keys> keys_;  // not for a read_only store
  std::string seal_key_;      // derived from keys_ for the seal's hashes
  std::optional<DeskLock> desk_lock_;
  std::uint64_t device_ = 0, inode_ = 0;  // the file opened, to notice it replaced
};

}  // namespace db
