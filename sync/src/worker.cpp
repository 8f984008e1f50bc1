#include "sync/worker.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>

#include "db/desk_lock.h"
#include "steps.h"

namespace tagsync {
namespace {

// The file's last_sync is written when something moved, else this seldom:
// a write (and an fsync) every second would only slow the desk's commits.
constexpr std::chrono::seconds kRecordQuietSync{60};

}  // namespace

// The thread's connections, opened when missing and dropped after a failure.
struct Worker::Links {
  std::optional<db::SyncLock> lock;  // taken at the first round that can, kept until the worker stops
  std::optional<db::SyncFile> file;
  std::optional<pg::Connection> server;
  std::chrono::steady_clock::time_point recorded{};  // when last_sync was last written
};

Worker::Worker(std::filesystem::path database, Settings settings, WorkerOptions options)
    : database_(std::move(database)), settings_(std::move(settings)), options_(std::move(options)) {
  if (::pipe2(wake_, O_CLOEXEC) != 0)
    throw Error(std::string{"cannot start the sync worker: "} + std::strerror(errno));
  thread_ = std::thread([this] { run(); });
}

Worker::~Worker() {
  {
    std::lock_guard lock{mutex_};
    stop_ = true;
  }
  cv_.notify_all();
  (void)!::write(wake_[1], "x", 1);  // breaks off a connect or a statement under way
  thread_.join();
  ::close(wake_[0]);
  ::close(wake_[1]);
}

void Worker::nudge() {
  {
    std::lock_guard lock{mutex_};
    nudged_ = true;
  }
  cv_.notify_all();
}

Progress Worker::progress() const {
  std::lock_guard lock{mutex_};
  return progress_;
}

std::int64_t Worker::take_in(db::Store& store) {
  std::vector<db::PulledEvent> events;
  std::int64_t cursor = 0;
  std::size_t n = 0;
  bool all = false;
  {
    std::lock_guard lock{mutex_};
    if (!ready_) return 0;
    // A copy: if the commit fails, the batch is still here for the next call.
    n = std::min(ready_->size(), std::max<std::size_t>(options_.take_in_at_most, 1));
    events.assign(ready_->begin(), ready_->begin() + static_cast<std::ptrdiff_t>(n));
    all = n == ready_->size();
    // The cursor moves past what is taken: the batch's end once it is all taken.
    cursor = all || events.empty() ? ready_cursor_ : events.back().pos;
  }
  auto taken = db::sync_pulled(store, std::move(events), cursor);
  {
    std::lock_guard lock{mutex_};
    if (all) {
      ready_.reset();
      nudged_ = true;  // the next batch, if there is one
    } else {
      ready_->erase(ready_->begin(), ready_->begin() + static_cast<std::ptrdiff_t>(n));
    }
  }
  if (all) cv_.notify_all();
  return taken;
}

bool Worker::holding() const {
  std::lock_guard lock{mutex_};
  return ready_.has_value();
}

void Worker::wait(std::chrono::milliseconds how_long) {
  std::unique_lock lock{mutex_};
  cv_.wait_for(lock, how_long, [&] { return stop_ || nudged_; });
  nudged_ = false;
}

void Worker::run() {
  Links links;
  std::chrono::milliseconds pause{0};
  while (true) {
    {
      std::lock_guard lock{mutex_};
      if (stop_) return;
    }
    if (round(links)) {
      pause = options_.every;
      wait(pause);
      continue;
    }
    // A server that is down is tried less and less often, nudged or not;
    // a nudge (a hand-in) still counts what waits, for the header.
    pause = std::min<std::chrono::milliseconds>(options_.longest_wait,
                                                pause <= options_.every ? std::chrono::milliseconds{1000} : pause * 2);
    auto until = std::chrono::steady_clock::now() + pause;
    std::unique_lock lock{mutex_};
    while (cv_.wait_until(lock, until, [&] { return stop_ || nudged_; }) && !stop_) {
      nudged_ = false;
      lock.unlock();
      count_waiting(links);
      lock.lock();
    }
  }
}

void Worker::count_waiting(Links& l) {
  try {
    if (!l.file) return;
    auto waiting = db::sync_unsent_count(*l.file);
    std::lock_guard lock{mutex_};
    progress_.waiting = waiting;
  } catch (const std::exception&) {
    // The next round opens the file again and says what is wrong.
  }
}

bool Worker::round(Links& l) {
  auto fail = [&](const std::string& problem) {
    std::lock_guard lock{mutex_};
    progress_.reachable = false;
    progress_.problem = problem;
    return false;
  };
  try {
    if (!l.lock) {
      auto lock = db::SyncLock::take(database_, "the desk's background sync");
      if (!lock) return fail(lock.error());
      l.lock = std::move(*lock);
    }
    if (!l.file) l.file = db::SyncFile::open(database_);
    // Whether the desk still holds a batch, before the cursor is read: once
    // it has taken one in, the file's cursor is past it.
    bool holding = false;
    {
      std::lock_guard lock{mutex_};
      holding = ready_.has_value();
    }
    auto local = db::sync_state(*l.file);
    auto waiting = db::sync_unsent_count(*l.file);
    {
      std::lock_guard lock{mutex_};
      progress_.waiting = waiting;
    }
    if (local.school.empty())
      return fail("this file has not joined a central server: run tagdesk sync join URL --kiosk NAME");
    if (!l.server)
      l.server = detail::connect(settings_, {.connect_timeout_s = options_.connect_timeout_s,
                                             .answer_timeout_s = options_.answer_timeout_s, .wake_fd = wake_[0]});
    detail::check_in_step(*l.file, local, detail::hello(*l.server));
    bool moved = detail::push(*l.server, *l.file) > 0;
    std::string unreadable;
    if (!holding) {
      auto batch = detail::fetch(*l.server, local.cursor, local.kiosk);
      unreadable = batch.unreadable;
      if (!batch.events.empty()) {
        std::lock_guard lock{mutex_};
        ready_ = std::move(batch.events);
        ready_cursor_ = batch.cursor;
        moved = true;
      } else if (batch.cursor != local.cursor) {
        db::sync_cursor(*l.file, batch.cursor);  // only this desk's own came back
        if (batch.more) nudge();
      }
    }
    auto now = std::chrono::steady_clock::now();
    if (moved || now - l.recorded >= kRecordQuietSync) {
      db::sync_finished(*l.file, options_.clock());
      l.recorded = now;
    }
    waiting = db::sync_unsent_count(*l.file);
    auto conflicts = db::sync_conflict_count(*l.file);
    std::lock_guard lock{mutex_};
    // While the desk holds a batch nothing was fetched: what was unreadable still is.
    progress_ = {.reachable = true, .last_sync = now, .waiting = waiting, .problem = {},
                 .update_needed = holding ? progress_.update_needed : unreadable, .conflicts = conflicts};
    return true;
  } catch (const Error& e) {
    l.server.reset();
    return fail(e.what());
  } catch (const std::exception& e) {
    // The file (db::Error, SQLite): opened afresh next round.
    l.server.reset();
    l.file.reset();
    return fail(e.what());
  }
}

}  // namespace tagsync
