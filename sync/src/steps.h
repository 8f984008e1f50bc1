// The steps of a sync round, internal to sync/: shared by sync_once (the
// command line) and the kiosk's worker (worker.cpp), which runs them on a
// connection of its own and hands what it pulled to the desk's thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/sync_log.h"
#include "pg.h"
#include "sync/desk.h"

namespace tagsync::detail {

// Who the server takes these credentials to be, and how far it has them.
struct Hello {
  std::string school, kiosk;
  std::int64_t desk_seq = 0;
  std::string desk_head;
  std::int64_t school_pos = 0;
};
[[nodiscard]] Hello hello(pg::Connection& c);

[[nodiscard]] pg::Connection connect(const Settings& s, pg::Login login = {});

// The file and the server must agree on where this desk's sequence stands.
// The server may be ahead by events the file still has, unacknowledged (the
// desk stopped after the server took them, before their receipts were
// written): those are the same events, and the push that follows sends them
// again for their receipts.
void check_in_step(db::SyncFile file, const db::SyncState& local, const Hello& h);

// Sends this desk's events the server has not acknowledged, in batches, and
// records the receipts: those waiting when it began, and any that came in
// meanwhile only while whole batches go. Returns how many were sent.
std::int64_t push(pg::Connection& c, db::SyncFile file);

// One batch of the school's order after `cursor`. `cursor` comes back as the
// last position read; `unreadable` says why the batch stopped before an
// event this tagdesk cannot read (update needed). Events from `skip_desk`
// (this desk's own, already in its log) are passed over.
struct Fetched {
  std::vector<db::PulledEvent> events;
  std::int64_t cursor = 0;
  bool more = false;  // a full batch: more may follow
  std::string unreadable;
};
[[nodiscard]] Fetched fetch(pg::Connection& c, std::int64_t cursor, const std::string& skip_desk = "");
inline constexpr int kBatch = 500;  // events a round trip, either way
// The same from rows already read (pos, id, desk, type, at, kiosk, actor,
// authoriser, data), at most kBatch of them: the trust's mirror reads them too.
[[nodiscard]] Fetched read_batch(const pg::Result& rows, std::int64_t cursor, const std::string& skip_desk = "");

}  // namespace tagsync::detail
