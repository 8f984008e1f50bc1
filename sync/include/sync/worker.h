// The desk's background sync: a thread of the kiosk (and of `tagdesk
// headless`) that pushes the desk's own events and pulls the other desks'
// every half second, and at once after a local commit, with a PostgreSQL
// connection and a connection to the desk's SQLite file of its own.
//
//   tagsync::Worker sync{"school.sqlite", settings, {.clock = clock}};   // starts the thread
//   ...on the desk's thread, before each input:
//   sync.take_in(store);          // commits what was pulled, through core::apply
//   ...after the desk committed a hand-in:
//   sync.nudge();
//   auto p = sync.progress();     // for the header and the admin screen
//
// The desk never waits on the network: the thread alone talks to the server
// (connect and answer timeouts; after a failure it tries again after 1, 2,
// 4, 8, then every 10 s), and it never writes events: what it pulls waits in
// memory until the desk's thread commits it with take_in, so the desk's
// Store stays the file's one writer of events and its State sees them. The
// thread's own writes (receipts, the cursor) are small transactions the
// desk's commits wait for through SQLite's busy timeout. The destructor
// stops the thread, breaking off a connect or a statement under way.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "db/store.h"
#include "db/sync_log.h"
#include "sync/desk.h"

namespace tagsync {

struct WorkerOptions {
  std::function<core::Time()> clock;      // the desk's: the time `tagdesk sync status` shows as the last sync
  std::chrono::milliseconds every{500};   // between rounds when nothing nudges
  std::chrono::seconds longest_wait{10};  // after failures: 1, 2, 4, 8, then this; nudges wait too
  int connect_timeout_s = 5;
  int answer_timeout_s = 15;
  // Events take_in commits at a time: a desk catching up takes in a pulled
  // batch of 500 a bite at a time, so a scan in between waits for one bite.
  std::size_t take_in_at_most = 100;
};

// How sync stands, as the last round left it.
struct Progress {
  bool reachable = false;            // the last round reached the server
  std::optional<std::chrono::steady_clock::time_point> last_sync;  // the last round that did
  std::int64_t waiting = 0;          // this desk's events the server has not acknowledged
  std::string problem;               // why the last round failed; empty when it did not
  std::string update_needed;         // an event this tagdesk cannot read waits on the server: why
  std::int64_t conflicts = 0;        // conflict.recorded events in the file (core/conflicts.h)
};

class Worker {
 public:
  Worker(std::filesystem::path database, Settings settings, WorkerOptions options = {});
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // On the desk's thread: commits the events pulled since the last call, at
  // most take_in_at_most of them, through `store` (db::sync_pulled, so
  // core::apply updates its State) and returns how many. Throws db::Error as
  // Store::commit; what was pulled then stays for the next call.
  std::int64_t take_in(db::Store& store);
  // Whether pulled events wait for take_in: the window then asks again at
  // once rather than at its next second's tick.
  [[nodiscard]] bool holding() const;
  // A round now (the desk committed something).
  void nudge();
  [[nodiscard]] Progress progress() const;

 private:
  void run();
  // One round on the thread's connections (opened when missing). Returns
  // whether it reached the server.
  struct Links;
  bool round(Links& links);
  void count_waiting(Links& links);  // progress_.waiting, from the file
  void wait(std::chrono::milliseconds how_long);

  std::filesystem::path database_;
  Settings settings_;
  WorkerOptions options_;
  int wake_[2] = {-1, -1};  // a pipe: written once to stop, breaks off the network wait

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool nudged_ = false;
  Progress progress_;
  // Pulled and not yet committed by the desk: the thread pulls no more until it is.
  std::optional<std::vector<db::PulledEvent>> ready_;
  std::int64_t ready_cursor_ = 0;
  std::thread thread_;  // last: started once everything above is made
};

}  // namespace tagsync
