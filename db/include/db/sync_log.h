// The desk's side of many-desk sync as its SQLite file keeps it: which
// school and desk it is on the central server, how far it has pulled the
// school's order, which of its own events the server has acknowledged (with
// the server's receipts, which anchor the log off the machine), and which
// events came from other desks. Never the server's credentials. sync/ talks
// to the server; this is the only place with that bookkeeping's SQL.
//
//   auto state = db::sync_state(store);                // school empty: never joined
//   for (auto& e : db::sync_unsent(store, 500)) ...    // this desk's own, oldest first
//   db::sync_pulled(store, events, cursor);            // other desks' events, through core::apply
//
// The tables (sync_state, sync_sent, sync_pulled) are made when a file first
// joins a server, so a desk alone never has them. Each call is crash-safe on
// its own: sync_pulled marks the events as another desk's (by id) before
// Store::commit appends them and moves the cursor after, so a crash between
// leaves nothing this desk would send as its own, and the next pull appends
// what is missing. Throws db::Error when the file cannot be read or written.
//
// The kiosk's sync worker, a thread beside the desk's Store, keeps the same
// bookkeeping on a connection of its own (SyncFile::open): it reads the
// desk's own events and writes receipts, never events; the pulled events
// are committed by the desk's Store, on the desk's thread (sync_pulled).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/time.h"
#include "db/store.h"

namespace db {

struct SyncState {
  std::string school;         // empty: this file has never joined a server
  std::string kiosk;          // the desk it is there
  std::int64_t cursor = 0;    // the last position of the school's order pulled
  std::int64_t desk_seq = 0;  // the last of this desk's own events the server acknowledged
  std::string desk_head;      // hex: this desk's chain at desk_seq (64 zeros before its first)
  std::string last_sync;      // ISO 8601 time of the last complete sync; empty = never
};

// One of this desk's own events exactly as the log stores it: what the
// desk's chain and the server's copy are made of.
struct OwnEvent {
  std::int64_t seq = 0;  // in this file's log
  std::string id, type, at, kiosk, actor, authoriser, data;
};

// The server's answer for one event this desk sent.
struct Receipt {
  std::int64_t seq = 0;       // in this file's log
  std::int64_t desk_seq = 0;  // in this desk's sequence
  std::int64_t pos = 0;       // in the school's order
  std::string link;           // hex: the server's chain at pos
};

struct PulledEvent {
  core::Event event;  // id, kiosk, time and actor as the desk that made it wrote them
  std::int64_t pos = 0;
};

// Where the bookkeeping is read and written: a Store's own connection, or a
// connection of the file of its own for another thread (WAL, synchronous
// FULL, waiting up to 5 s for the write lock as the Store does).
class SyncFile {
 public:
  SyncFile(Store& store);  // NOLINT: every function below takes a Store as well
  [[nodiscard]] static SyncFile open(const std::filesystem::path& path);  // throws db::Error
  [[nodiscard]] SQLite::Database& database() const { return *db_; }

 private:
  SyncFile() = default;
  std::shared_ptr<SQLite::Database> own_;
  SQLite::Database* db_ = nullptr;
};

[[nodiscard]] SyncState sync_state(SyncFile file);
// Records the school and desk, and where this desk's sequence stands on the
// server (0 and the genesis for a new desk; more for a desk rebuilt from it).
void sync_join(SyncFile file, const std::string& school, const std::string& kiosk, std::int64_t desk_seq,
               const std::string& desk_head);
// This desk's own events the server has not acknowledged, oldest first, at most `max`.
[[nodiscard]] std::vector<OwnEvent> sync_unsent(SyncFile file, int max);
[[nodiscard]] std::int64_t sync_unsent_count(SyncFile file);  // 0 before joining
// How many conflict.recorded events the file holds (any desk's; issue 21).
[[nodiscard]] std::int64_t sync_conflict_count(SyncFile file);
// Records the receipts of events sent (in this desk's order) and the desk's new head.
void sync_sent(SyncFile file, const std::vector<Receipt>& receipts, const std::string& desk_head);
// Appends the other desks' events (those not already in the log) through
// core::apply, and moves the cursor. Returns how many were appended. With them,
// in the same transaction, a conflict.recorded for each that conflicts with an
// event of this desk's own the server placed after it, or not yet
// (core/conflicts.h): recorded once, by this desk, whatever the retries.
// When the server placed them before events of this desk's own it applied
// already (sent but placed later, or not sent yet) about the same person,
// device or slot (or about none, as a setting), the projections are replayed
// from the log in the school's order with this desk's own not yet placed on
// top, in the same transaction (Store::rebuild_projections); the log itself
// keeps the order this desk appended in.
std::int64_t sync_pulled(Store& store, std::vector<PulledEvent> pulled, std::int64_t cursor);
// Moves the cursor past events that need nothing here (this desk's own, back
// in the school's order): the sync worker does it on its own connection.
void sync_cursor(SyncFile file, std::int64_t cursor);
void sync_finished(SyncFile file, core::Time at);

}  // namespace db
