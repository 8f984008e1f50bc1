#include "db/sync_log.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace db {
namespace {

constexpr const char* kTables = R"sql(
CREATE TABLE IF NOT EXISTS sync_state (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  school    TEXT NOT NULL,
  kiosk     TEXT NOT NULL,
  cursor    INTEGER NOT NULL DEFAULT 0,  -- the last position of the school's order pulled
  desk_seq  INTEGER NOT NULL,            -- this desk's sequence: the last the server acknowledged
  desk_head TEXT NOT NULL,               -- hex: this desk's chain there
  last_sync TEXT
);
CREATE TABLE IF NOT EXISTS sync_sent (
  desk_seq INTEGER PRIMARY KEY,
  seq      INTEGER NOT NULL UNIQUE,      -- the event in this file's log
  pos      INTEGER NOT NULL UNIQUE,      -- its place in the school's order
  receipt  TEXT NOT NULL                 -- hex: the server's chain there
);
CREATE TABLE IF NOT EXISTS sync_pulled (
  id  TEXT PRIMARY KEY,                  -- another desk's event (or this desk's, rebuilt from the server)
  pos INTEGER NOT NULL UNIQUE
);
)sql";

// Own events: not pulled from the server, and after the last one it acknowledged.
constexpr const char* kUnsent =
    " FROM events WHERE seq > (SELECT coalesce(max(seq), 0) FROM sync_sent)"
    " AND id NOT IN (SELECT id FROM sync_pulled)";

bool joined(Store& store) { return store.database().tableExists("sync_state"); }

}  // namespace

SyncState sync_state(Store& store) {
  SyncState s;
  s.desk_head = std::string(64, '0');
  if (!joined(store)) return s;
  SQLite::Statement q{store.database(),
                      "SELECT school, kiosk, cursor, desk_seq, desk_head, coalesce(last_sync, '') FROM sync_state"};
  if (q.executeStep()) {
    s.school = q.getColumn(0).getString();
    s.kiosk = q.getColumn(1).getString();
    s.cursor = q.getColumn(2).getInt64();
    s.desk_seq = q.getColumn(3).getInt64();
    s.desk_head = q.getColumn(4).getString();
    s.last_sync = q.getColumn(5).getString();
  }
  return s;
}

void sync_join(Store& store, const std::string& school, const std::string& kiosk, std::int64_t desk_seq,
               const std::string& desk_head) {
  SQLite::Transaction tx{store.database(), SQLite::TransactionBehavior::IMMEDIATE};
  store.database().exec(kTables);
  SQLite::Statement q{store.database(),
                      "INSERT INTO sync_state (id, school, kiosk, desk_seq, desk_head) VALUES (1, ?, ?, ?, ?)"};
  q.bind(1, school);
  q.bind(2, kiosk);
  q.bind(3, static_cast<int64_t>(desk_seq));
  q.bind(4, desk_head);
  q.exec();
  tx.commit();
}

std::vector<OwnEvent> sync_unsent(Store& store, int max) {
  SQLite::Statement q{store.database(), std::string{"SELECT seq, id, type, at, kiosk, actor, authoriser, data"} +
                                            kUnsent + " ORDER BY seq LIMIT ?"};
  q.bind(1, max);
  std::vector<OwnEvent> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                   q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString(),
                   q.getColumn(6).getString(), q.getColumn(7).getString()});
  return out;
}

std::int64_t sync_unsent_count(Store& store) {
  if (!joined(store)) return 0;
  SQLite::Statement q{store.database(), std::string{"SELECT count(*)"} + kUnsent};
  q.executeStep();
  return q.getColumn(0).getInt64();
}

void sync_sent(Store& store, const std::vector<Receipt>& receipts, const std::string& desk_head) {
  if (receipts.empty()) return;
  SQLite::Transaction tx{store.database(), SQLite::TransactionBehavior::IMMEDIATE};
  SQLite::Statement q{store.database(), "INSERT INTO sync_sent (desk_seq, seq, pos, receipt) VALUES (?, ?, ?, ?)"};
  for (const auto& r : receipts) {
    q.bind(1, static_cast<int64_t>(r.desk_seq));
    q.bind(2, static_cast<int64_t>(r.seq));
    q.bind(3, static_cast<int64_t>(r.pos));
    q.bind(4, r.link);
    q.exec();
    q.reset();
  }
  SQLite::Statement head{store.database(), "UPDATE sync_state SET desk_seq = ?, desk_head = ?"};
  head.bind(1, static_cast<int64_t>(receipts.back().desk_seq));
  head.bind(2, desk_head);
  head.exec();
  tx.commit();
}

std::int64_t sync_pulled(Store& store, std::vector<PulledEvent> pulled, std::int64_t cursor) {
  auto& db = store.database();
  std::vector<core::Event> events;
  {
    SQLite::Transaction tx{db, SQLite::TransactionBehavior::IMMEDIATE};
    // This desk's own events come back in the school's order too: they are in the log already.
    SQLite::Statement known{db, "SELECT 1 FROM events WHERE id = ?"};
    SQLite::Statement mark{db, "INSERT OR IGNORE INTO sync_pulled (id, pos) VALUES (?, ?)"};
    for (auto& p : pulled) {
      known.bind(1, p.event.id);
      bool in_log = known.executeStep();
      known.reset();
      if (in_log) continue;
      mark.bind(1, p.event.id);
      mark.bind(2, static_cast<int64_t>(p.pos));
      mark.exec();
      mark.reset();
      events.push_back(std::move(p.event));
    }
    tx.commit();
  }
  auto count = static_cast<std::int64_t>(events.size());
  (void)store.commit(std::move(events));
  SQLite::Statement c{db, "UPDATE sync_state SET cursor = ?"};
  c.bind(1, static_cast<int64_t>(cursor));
  c.exec();
  return count;
}

void sync_finished(Store& store, core::Time at) {
  SQLite::Statement q{store.database(), "UPDATE sync_state SET last_sync = ?"};
  q.bind(1, core::format_time(at));
  q.exec();
}

}  // namespace db
