#include "db/sync_log.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <algorithm>
#include <set>
#include <utility>
#include <variant>

#include "core/conflicts.h"
#include "db/json.h"
#include "school_order.h"
#include "store_parts.h"

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

bool joined(SQLite::Database& db) { return db.tableExists("sync_state"); }

// The event types that reach rows no subject names (core::reach_of).
const std::vector<std::string_view>& types_beyond_subjects() {
  static const auto types = [] {
    std::vector<std::string_view> out;
    auto add = [&](std::string_view type) {
      if (core::reach_of(type) == core::Reach::Everything) out.push_back(type);
    };
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (add(std::variant_alternative_t<I, core::EventData>::kType), ...);
    }(std::make_index_sequence<std::variant_size_v<core::EventData>>{});
    return out;
  }();
  return types;
}

// This desk's own events (not pulled) that the pulled events (new to this
// desk, in the server's order, after all it pulled before) may have to go
// beneath, oldest first, each with its place in the school's order (0: not
// yet): those the server placed after the first of them, or not yet, which
// name a person, device or slot any of them names, or reach rows no subject
// names (core::reach_of), or all such events if one of them does. Costs one
// look-up unless this desk has events after the first of them.
struct Own {
  core::Event event;
  std::int64_t pos = 0;
};
std::vector<Own> own_after(Store& store, const std::vector<PulledEvent>& fresh) {
  if (fresh.empty()) return {};
  auto& db = store.database();
  // This desk sends its own in order, and the server places them in that
  // order: those after `placed` are the server's after the first pulled, or not yet.
  SQLite::Statement before{db, "SELECT seq FROM sync_sent WHERE pos < ? ORDER BY pos DESC LIMIT 1"};
  before.bind(1, static_cast<int64_t>(std::ranges::min(fresh, {}, &PulledEvent::pos).pos));
  std::int64_t placed = before.executeStep() ? before.getColumn(0).getInt64() : 0;
  if (store.last_own_seq() <= placed) return {};

  std::set<std::string> people, devices, slots;
  bool everything = false;
  for (const auto& p : fresh) {
    everything = everything || core::reach_of(core::event_type(p.event.data)) == core::Reach::Everything;
    auto s = core::subjects_of(p.event.data);
    for (auto [to, id] : {std::pair{&people, &s.person}, {&devices, &s.device}, {&slots, &s.slot}})
      if (!id->empty()) to->insert(*id);
  }
  auto list = [](const auto& values) { return nlohmann::json(values).dump(); };
  SQLite::Statement own{db, "SELECT e.seq, e.id, e.type, e.at, e.kiosk, e.actor, e.authoriser, e.data, "
                            "coalesce(s.pos, 0) FROM events e LEFT JOIN sync_sent s ON s.seq = e.seq "
                            "WHERE e.seq > ? AND NOT EXISTS (SELECT 1 FROM sync_pulled p WHERE p.id = e.id) "
                            "AND (? OR e.person IN (SELECT value FROM json_each(?)) "
                            "OR e.device IN (SELECT value FROM json_each(?)) "
                            "OR e.slot IN (SELECT value FROM json_each(?)) "
                            "OR e.type IN (SELECT value FROM json_each(?))) ORDER BY e.seq"};
  own.bind(1, static_cast<int64_t>(placed));
  own.bind(2, everything);
  own.bind(3, list(people));
  own.bind(4, list(devices));
  own.bind(5, list(slots));
  own.bind(6, list(types_beyond_subjects()));
  std::vector<Own> out;
  while (own.executeStep()) out.push_back({read_event(own), own.getColumn(8).getInt64()});
  return out;
}

// Whether the pulled events must go beneath events this desk decided
// already (`own`, from own_after): an event of its own that shares a person,
// device or slot with them, or reaches rows no subject names (core::reach_of);
// events that change no row go in any order.
bool comes_before_own(const std::vector<PulledEvent>& fresh, const std::vector<Own>& own) {
  // "p:P1", "d:LT1", "s:B2"; "*" for every row.
  auto keys = [](const core::Event& e) {
    std::set<std::string> out;
    auto reach = core::reach_of(core::event_type(e.data));
    if (reach == core::Reach::Everything) out.insert("*");
    if (reach != core::Reach::Subjects) return out;
    auto s = core::subjects_of(e.data);
    for (auto [tag, id] : {std::pair{"p:", &s.person}, {"d:", &s.device}, {"s:", &s.slot}})
      if (!id->empty()) out.insert(tag + *id);
    return out;
  };
  std::set<std::string> theirs;
  for (const auto& p : fresh) theirs.merge(keys(p.event));
  if (theirs.empty()) return false;
  return std::ranges::any_of(own, [&](const Own& o) {
    auto mine = keys(o.event);
    return !mine.empty() && (theirs.contains("*") || mine.contains("*") ||
                             std::ranges::any_of(mine, [&](const std::string& k) { return theirs.contains(k); }));
  });
}

// The conflicts the pulled events (new to this desk, with their places in the
// school's order) make with this desk's own events (`own`, from own_after)
// about the same devices or held items (core/conflicts.h), less those
// already recorded (a retry).
std::vector<core::Event> conflicts_with_own(Store& store, const std::vector<PulledEvent>& pulled,
                                            const std::vector<Own>& own) {
  std::vector<core::Placed> theirs;
  for (const auto& p : pulled)
    if (auto s = core::conflict_subjects(p.event.data); !s.device.empty() || !s.person.empty())
      theirs.push_back({&p.event, p.pos});
  if (theirs.empty() || own.empty()) return {};
  std::ranges::sort(theirs, {}, &core::Placed::pos);
  std::vector<core::Placed> mine;
  for (const auto& o : own) mine.push_back({&o.event, o.pos});
  auto found = core::find_conflicts(theirs, mine);
  SQLite::Statement known{store.database(), "SELECT 1 FROM events WHERE id = ?"};
  std::erase_if(found, [&](const core::Event& c) {
    known.bind(1, c.id);
    bool recorded = known.executeStep();
    known.reset();
    return recorded;
  });
  return found;
}

}  // namespace

std::string school_order(SQLite::Database& db) {
  if (!db.tableExists("sync_pulled")) return "seq";
  // By the server's position (other desks' events, and this desk's own it
  // acknowledged), then this desk's own it has not placed yet, in its order.
  return "coalesce((SELECT pos FROM sync_pulled p WHERE p.id = events.id), "
         "(SELECT pos FROM sync_sent s WHERE s.seq = events.seq), 9223372036854775807), seq";
}

SyncFile::SyncFile(Store& store) : db_(&store.database()) {}

SyncFile SyncFile::open(const std::filesystem::path& path) {
  SyncFile f;
  try {
    // Its own connection, used by one thread: no SQLite mutex needed.
    f.own_ = std::make_shared<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, 5000);
    // As the Store's: a receipt recorded survives a power cut (a lost one
    // would make the server's count of this desk's events look ahead of the file's).
    f.own_->exec("PRAGMA synchronous = FULL");
  } catch (const std::exception& e) {
    throw Error("cannot open " + path.string() + " for sync: " + e.what());
  }
  f.db_ = f.own_.get();
  return f;
}

SyncState sync_state(SyncFile file) {
  SyncState s;
  s.desk_head = std::string(64, '0');
  if (!joined(file.database())) return s;
  SQLite::Statement q{file.database(),
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

void sync_join(SyncFile file, const std::string& school, const std::string& kiosk, std::int64_t desk_seq,
               const std::string& desk_head) {
  SQLite::Transaction tx{file.database(), SQLite::TransactionBehavior::IMMEDIATE};
  file.database().exec(kTables);
  SQLite::Statement q{file.database(),
                      "INSERT INTO sync_state (id, school, kiosk, desk_seq, desk_head) VALUES (1, ?, ?, ?, ?)"};
  q.bind(1, school);
  q.bind(2, kiosk);
  q.bind(3, static_cast<int64_t>(desk_seq));
  q.bind(4, desk_head);
  q.exec();
  tx.commit();
}

std::vector<OwnEvent> sync_unsent(SyncFile file, int max) {
  SQLite::Statement q{file.database(), std::string{"SELECT seq, id, type, at, kiosk, actor, authoriser, data"} +
                                            kUnsent + " ORDER BY seq LIMIT ?"};
  q.bind(1, max);
  std::vector<OwnEvent> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                   q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString(),
                   q.getColumn(6).getString(), q.getColumn(7).getString()});
  return out;
}

std::int64_t sync_unsent_count(SyncFile file) {
  if (!joined(file.database())) return 0;
  SQLite::Statement q{file.database(), std::string{"SELECT count(*)"} + kUnsent};
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::int64_t sync_conflict_count(SyncFile file) {
  SQLite::Statement q{file.database(), "SELECT count(*) FROM events WHERE type = ?"};
  q.bind(1, std::string{core::ConflictRecorded::kType});
  q.executeStep();
  return q.getColumn(0).getInt64();
}

void sync_sent(SyncFile file, const std::vector<Receipt>& receipts, const std::string& desk_head) {
  if (receipts.empty()) return;
  SQLite::Transaction tx{file.database(), SQLite::TransactionBehavior::IMMEDIATE};
  SQLite::Statement q{file.database(), "INSERT INTO sync_sent (desk_seq, seq, pos, receipt) VALUES (?, ?, ?, ?)"};
  for (const auto& r : receipts) {
    q.bind(1, static_cast<int64_t>(r.desk_seq));
    q.bind(2, static_cast<int64_t>(r.seq));
    q.bind(3, static_cast<int64_t>(r.pos));
    q.bind(4, r.link);
    q.exec();
    q.reset();
  }
  SQLite::Statement head{file.database(), "UPDATE sync_state SET desk_seq = ?, desk_head = ?"};
  head.bind(1, static_cast<int64_t>(receipts.back().desk_seq));
  head.bind(2, desk_head);
  head.exec();
  tx.commit();
}

std::int64_t sync_pulled(Store& store, std::vector<PulledEvent> pulled, std::int64_t cursor) {
  auto& db = store.database();
  std::vector<PulledEvent> fresh;
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
      fresh.push_back(std::move(p));
    }
    tx.commit();
  }
  // Conflicts go in with the events that raise them, in one transaction.
  auto own = own_after(store, fresh);
  auto found = conflicts_with_own(store, fresh, own);
  bool replay = comes_before_own(fresh, own);
  std::vector<core::Event> events;
  for (auto& p : fresh) events.push_back(std::move(p.event));
  auto count = static_cast<std::int64_t>(events.size());
  events.insert(events.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  (void)store.commit(std::move(events), Store::Origin::OtherDesks, replay ? Store::Then::Replay : Store::Then::Apply);
  sync_cursor(store, cursor);
  return count;
}

void sync_cursor(SyncFile file, std::int64_t cursor) {
  SQLite::Statement c{file.database(), "UPDATE sync_state SET cursor = ?"};
  c.bind(1, static_cast<int64_t>(cursor));
  c.exec();
}

void sync_finished(SyncFile file, core::Time at) {
  SQLite::Statement q{file.database(), "UPDATE sync_state SET last_sync = ?"};
  q.bind(1, core::format_time(at));
  q.exec();
}

}  // namespace db
