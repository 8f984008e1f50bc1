// Store::load: the projections read into the state at open, in parallel
// and from one snapshot of the file.
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <future>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include "chain.h"
#include "columns.h"
#include "db/json.h"
#include "db/store.h"
#include "store_rows.h"

namespace db {
namespace {

template <class T>
void load_table(SQLite::Database& db, const char* table, std::map<std::string, T>& out) {
  SQLite::Statement q{db, std::string{"SELECT id, data FROM "} + table};
  while (q.executeStep())
    out[q.getColumn(0).getString()] = from_json_value<T>(nlohmann::json::parse(q.getColumn(1).getString()));
}

// The people, devices and slots of a trust's register (130 MB) are read on
// threads, and glibc gives each thread a malloc arena of its own: a heap it
// makes usable a 4 KiB page at a time, an mprotect and a page fault apiece
// (29,000 faults for the large bench database: half the load's time on a
// virtual machine, where a fault is dear). Instead, each new heap is made
// usable whole (M_TOP_PAD; nothing is resident until touched) and the
// thread's heap is backed by huge pages where the kernel offers them
// (1,300 faults; as glibc's tunables top_pad and hugetlb do, which only work
// when set before the program starts). Both are hints: nothing fails without.
constexpr std::size_t kArenaHeap = std::size_t{64} << 20;  // glibc's HEAP_MAX_SIZE on 64 bits; heaps are aligned to it

void map_thread_heaps_whole() { (void)mallopt(M_TOP_PAD, static_cast<int>(kArenaHeap)); }

void huge_pages_for_this_threads_heap() {
  void* probe = std::malloc(1);
  auto at = reinterpret_cast<std::uintptr_t>(probe);
  std::free(probe);
  // Below the break: the main arena, whose memory is not a heap of its own.
  if (at == 0 || at < reinterpret_cast<std::uintptr_t>(::sbrk(0))) return;
  (void)::madvise(reinterpret_cast<void*>(at & ~(kArenaHeap - 1)), kArenaHeap, MADV_HUGEPAGE);
}

// Where the event log stands: its last event's seq and hash (raw); an empty
// log stands at 0 and the genesis link.
struct Tip {
  std::int64_t seq = 0;
  std::string hash;
  bool operator==(const Tip&) const = default;
};

Tip read_tip(SQLite::Database& db) {
  SQLite::Statement last{db, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"};
  if (!last.executeStep()) return {0, chain::genesis()};
  auto hash = last.getColumn(1);
  return {last.getColumn(0).getInt64(),
          {static_cast<const char*>(hash.getBlob()), static_cast<std::size_t>(hash.getBytes())}};
}

// Runs read(db) in one read transaction, so that all it reads is one snapshot
// of the file, and returns where the log stood in that snapshot.
template <class Read>
Tip in_snapshot(SQLite::Database& db, Read&& read) {
  SQLite::Transaction tx{db};  // deferred: the first SELECT takes the snapshot
  Tip tip = read_tip(db);
  read(db);
  tx.commit();
  return tip;
}

// How many events the log holds, as the chain head recorded at the last append
// (counting a million rows takes 60 ms); counted if the head is missing.
std::int64_t recorded_event_count(SQLite::Database& db) {
  SQLite::Statement head{db, "SELECT events FROM chain_head WHERE id = 1"};
  if (head.executeStep()) return head.getColumn(0).getInt64();
  SQLite::Statement count{db, "SELECT count(*) FROM events"};
  count.executeStep();
  return count.getColumn(0).getInt64();
}

// The working set's count of active pupils by form and year, as apply()
// keeps it (the roles are checked here, as core reads them).
void count_pupils(SQLite::Database& db, core::State& s) {
  SQLite::Statement q{db, "SELECT form, year, roles, count(*) FROM people WHERE active IS NOT 0 "
                          "GROUP BY form, year, roles"};
  while (q.executeStep()) {
    auto roles = core::parse_roles(q.getColumn(2).getString());
    if (!roles) throw std::invalid_argument("unknown role in '" + q.getColumn(2).getString() + "'");
    if (roles->has(core::Right::Pupil))
      s.pupils_by_form_year[{q.getColumn(0).getString(), q.getColumn(1).getInt()}] += q.getColumn(3).getInt();
  }
}

// The load's three parts. The big tables are read on connections of their own
// at once (a core each); each part also builds its own indexes.
void read_people(SQLite::Database& db, core::State& s) {
  columns::load(db, columns::people(), s.people);
  s.reindex_people();
}

void read_devices(SQLite::Database& db, core::State& s) {
  columns::load(db, columns::devices(), s.devices);
  s.reindex_devices();
}

void read_rest(SQLite::Database& db, core::State& s, bool with_slots = true) {
  SQLite::Statement settings{db, "SELECT key, value FROM settings"};
  while (settings.executeStep())
    (void)core::set_setting(s.settings, settings.getColumn(0).getString(), settings.getColumn(1).getString());
  if (with_slots) columns::load(db, columns::slots(), s.slots);
  load_table(db, "loans", s.loans);
  load_table(db, "held", s.held);
  load_table(db, "exemptions", s.exemptions);
  load_table(db, "approvals", s.approvals);
  load_table(db, "audits", s.audits);
  load_table(db, "confiscations", s.confiscations);
  load_table(db, "racks", s.racks);
  s.reindex_loans();
}

}  // namespace

void Store::load() {
  last_own_.reset();  // another program may have written
  if (options_.working_set) {
    // Only the small tables; people, devices and slots are read when asked for.
    core::State s;
    Tip tip = in_snapshot(*db_, [&](SQLite::Database& d) {
      read_rest(d, s, /*with_slots=*/false);
      count_pupils(d, s);
      event_rows_ = recorded_event_count(d);
    });
    s.rows = std::make_shared<StoreRows>(*db_, path_);
    state_ = std::move(s);
    last_seq_ = tip.seq;
    last_hash_ = std::move(tip.hash);
    return;
  }
  // People and devices on read-only connections of their own, the rest on
  // this one, each in its own read transaction: if a writer committed between
  // their snapshots, they disagree on where the log stands, and the load is
  // tried again. After a few tries, all of it on this connection, in one.
  constexpr int kTries = 3;
  core::State s;
  Tip tip;
  bool agreed = false;
  // A read-only store (perhaps opened immutable, by a URI) reads on its one connection.
  for (int i = 0; i < (options_.read_only ? 0 : kTries) && !agreed; ++i) {
    s = {};
    map_thread_heaps_whole();
    auto share = [this, &s](void (*read)(SQLite::Database&, core::State&)) {
      return std::async(std::launch::async, [this, &s, read] {
        huge_pages_for_this_threads_heap();
        SQLite::Database db{path_, SQLite::OPEN_READONLY | SQLITE_OPEN_NOMUTEX, 5000};
        return in_snapshot(db, [&](SQLite::Database& d) { read(d, s); });
      });
    };
    auto people = share(read_people);
    auto devices = share(read_devices);
    // The rest on this store's connection, but on a thread too: its slots
    // are a heap's worth, and the main thread's heap gets no huge pages.
    tip = std::async(std::launch::async, [this, &s] {
            huge_pages_for_this_threads_heap();
            return in_snapshot(*db_, [&](SQLite::Database& d) {
              read_rest(d, s);
              event_rows_ = recorded_event_count(d);
            });
          }).get();
    agreed = people.get() == tip && devices.get() == tip;
  }
  if (!agreed) {
    s = {};
    tip = in_snapshot(*db_, [&](SQLite::Database& d) {
      read_people(d, s);
      read_devices(d, s);
      read_rest(d, s);
      event_rows_ = recorded_event_count(d);
    });
  }
  state_ = std::move(s);
  last_seq_ = tip.seq;
  last_hash_ = std::move(tip.hash);
}

}  // namespace db
