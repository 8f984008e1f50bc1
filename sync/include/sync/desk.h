// The desk's side of many-desk sync: push this desk's own events to the
// central server in batches, then pull the other desks' events of its school
// after its cursor and apply them through core::apply (db/sync_log.h keeps
// the bookkeeping in the desk's SQLite file; the credentials stay outside it).
//
//   tagsync::Settings s{.url = url, .user = "tagdesk_s1_reception", .password = pw};
//   tagsync::join(store, s, "reception");         // once: publish the school, or build the file
//   auto done = tagsync::sync_once(store, s, now);  // push, then pull
//
// Every step is idempotent: a sync cut off anywhere (a dropped connection, a
// killed process) is finished by the next, and nothing is received twice.
// Throws tagsync::Error (unreachable, refused) and db::Error (the file).
#pragma once

#include <cstdint>
#include <string>

#include "core/time.h"
#include "db/store.h"
#include "db/sync_log.h"
#include "sync/error.h"

namespace tagsync {

struct Settings {
  std::string url;       // postgresql://HOST:PORT/DATABASE
  std::string user;      // the desk's role
  std::string password;
};

struct JoinResult {
  std::string school;
  bool published = false;    // the first desk: its history is now the school's
  std::int64_t pulled = 0;   // a new desk: the events its file was built from
};
// The first desk of a school publishes its file's history; a new desk of a
// school already on the server starts from an empty file and pulls it all.
[[nodiscard]] JoinResult join(db::Store& store, const Settings& settings, const std::string& kiosk, core::Time now);

struct SyncResult {
  std::int64_t pushed = 0;  // this desk's events the server acknowledged
  std::int64_t pulled = 0;  // other desks' events applied here
};
[[nodiscard]] SyncResult sync_once(db::Store& store, const Settings& settings, core::Time now);

// What `tagdesk sync status` shows. server_problem is empty when it answered.
struct Status {
  db::SyncState local;
  std::int64_t waiting = 0;      // own events not yet acknowledged
  bool reachable = false;
  std::string server_problem;
  std::int64_t to_pull = 0;      // positions of the school's order after the cursor
  std::int64_t conflicts = 0;    // conflict.recorded events in the file (core/conflicts.h)
};
[[nodiscard]] Status status(db::Store& store, const Settings& settings);

// This desk's chain: SHA-256 over the previous link and the event's fields,
// length-prefixed, as the server's tagdesk.desk_link() computes it. Hex.
[[nodiscard]] std::string desk_link(const std::string& prev_hex, std::int64_t desk_seq, const db::OwnEvent& e);

}  // namespace tagsync
