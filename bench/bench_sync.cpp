// Many desks through a real PostgreSQL (issue 21's goals, measured here and
// never asserted): central ingest with four desks pushing, an event's way
// from one desk to another, a desk catching up after a day offline while it
// takes hand-ins, and the hand-in's p99 with the sync worker busy.
//
// scripts/bench-sync runs it inside a throwaway cluster (pg_virtualenv, fsync
// on) and names it with TAGDESK_BENCH_PG; the superuser's login comes from
// libpq's environment, as pg_virtualenv sets it. Each benchmark has a school
// of its own on the server, so none sees another's events.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>


#include "scratch.h"
#include "core/decide.h"
#include "db/store.h"
#include "db/sync_log.h"
#include "fixtures/synthetic_school.h"
#include "steps.h"
#include "sync/desk.h"
#include "sync/server.h"
#include "sync/worker.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
constexpr int kPeople = 2000;  // a secondary school's roll, with its history

const std::string& server_url() {
  static const std::string url = [] {
    const char* u = std::getenv("TAGDESK_BENCH_PG");
    if (!u || !*u) {
      std::fprintf(stderr, "bench_sync: set TAGDESK_BENCH_PG (scripts/bench-sync does)\n");
      std::exit(2);
    }
    (void)tagsync::init_server(u);
    return std::string{u};
  }();
  return url;
}

using bench::scratch;

core::Time morning() { return core::at(*core::parse_date("2027-03-02"), std::chrono::hours{8}); }

std::string pad(char prefix, int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%07d", prefix, n);
  return buf;
}

// One desk of a school on the server: its file, its store and its login.
struct Desk {
  std::string kiosk;
  fs::path file;
  tagsync::Settings settings;
  db::Store store;
};

// A school's desks. The first publishes a synthetic school of kPeople (or
// an empty file), the others build their files from the server.
std::vector<Desk> school(const std::string& code, int desks, bool with_roll) {
  std::vector<Desk> out;
  for (int i = 1; i <= desks; ++i) {
    std::string kiosk;  // a desk's name is lower case
    for (char ch : code) kiosk += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    kiosk += "-" + std::to_string(i);
    auto c = tagsync::add_desk(server_url(), code, kiosk);
    auto file = scratch() / (kiosk + ".sqlite");
    auto s = db::Store::open(file, {.kiosk = kiosk});
    if (!s) std::abort();
    out.push_back({kiosk, file, {server_url(), c.user, c.password}, std::move(*s)});
    auto& d = out.back();
    if (i == 1 && with_roll)
      fixtures::make_synthetic_school(kPeople, 20'000, morning() - std::chrono::days{200},
                                      [&](std::vector<core::Event>&& b) { d.store.commit(std::move(b)); });
    (void)tagsync::join(d.store, d.settings, kiosk, morning());
  }
  return out;
}

// `n` events of this desk's own, waiting to be sent: listings (DP4), which
// change no projection, committed a thousand at a time.
void own_events(Desk& d, int n) {
  std::vector<core::Event> batch;
  for (int i = 0; i < n; ++i) {
    batch.push_back({.at = morning(), .actor = "bench",
                     .data = core::DataExported{.what = "bench " + std::to_string(i), .destination = "-",
                                                .os_user = "bench"}});
    if (batch.size() == 1000 || i + 1 == n) d.store.commit(std::exchange(batch, {}));
  }
}

void report_percentiles(benchmark::State& state, std::vector<double>& ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * ms.size()))]; };
  state.counters["p50_ms"] = at(0.50);
  state.counters["p95_ms"] = at(0.95);
  state.counters["p99_ms"] = at(0.99);
  state.counters["max_ms"] = ms.back();
}

// A pupil hands in at desk `d` as the kiosk does it: core decides and the
// store commits. Adds the milliseconds from `arrived` (when the scan came)
// to `ms`: a scan that comes while the desk takes in a bite of other desks'
// events waits for it. False when core refused it.
bool hand_in(Desk& d, tagsync::Worker& worker, int i, Clock::time_point arrived, std::vector<double>& ms) {
  int pupil = i % (kPeople / 10 * 9);
  auto p = pad('P', pupil + pupil / 9 + 1);  // every tenth person is staff
  auto decision = core::decide(d.store.state(),
                               core::Request{core::HandIn{.actor = p, .pupil = p, .slot = pad('S', 1 + i % kPeople)}},
                               morning() + std::chrono::seconds{i});
  if (!decision.allowed()) return false;
  d.store.commit(std::move(decision.events));
  worker.nudge();
  ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - arrived).count());
  return true;
}

// Until `until`, desk `d` ticks as the window does: at once while the worker
// holds pulled events (App::tick_while), each tick taking in a bite; a bite
// under way when `until` comes is finished first. Adds what it took to `taken`.
void tick_until(Desk& d, tagsync::Worker& worker, Clock::time_point until, std::int64_t& taken) {
  while (Clock::now() < until) {
    if (worker.holding()) taken += worker.take_in(d.store);
    else std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
}

// Central ingest: four desks push 5,000 events each at once, in batches of
// 500, each batch checked (sequence, chain) and committed with fsync.
void BM_Sync_Ingest_FourDesks(benchmark::State& state) {
  constexpr int kEach = 5000;
  for (auto _ : state) {
    state.PauseTiming();
    static int round = 0;
    auto desks = school("IN" + std::to_string(++round), 4, /*with_roll=*/false);
    for (auto& d : desks) own_events(d, kEach);
    state.ResumeTiming();
    auto t0 = Clock::now();
    std::vector<std::thread> pushers;
    for (auto& d : desks)
      pushers.emplace_back([&d] {
        auto c = tagsync::detail::connect(d.settings);
        (void)tagsync::detail::push(c, d.store);
      });
    for (auto& t : pushers) t.join();
    double s = std::chrono::duration<double>(Clock::now() - t0).count();
    state.counters["events_per_s"] = 4 * kEach / s;
  }
}

// Desk to desk: an event committed at one desk, until the other desk's
// screens have it (its worker pulled it and the desk took it in), each
// worker as the kiosk runs it (a round every 500 ms, and at once after a commit).
void BM_Sync_DeskToDesk(benchmark::State& state) {
  auto desks = school("LINK", 2, /*with_roll=*/false);
  tagsync::Worker from{desks[0].file, desks[0].settings, {.clock = morning}};
  tagsync::Worker to{desks[1].file, desks[1].settings, {.clock = morning}};
  std::vector<double> ms;
  for (auto _ : state) {
    own_events(desks[0], 1);
    auto t0 = Clock::now();
    from.nudge();
    while (to.take_in(desks[1].store) == 0) std::this_thread::sleep_for(std::chrono::milliseconds{5});
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  report_percentiles(state, ms);
}

// A day offline: 3,000 of the desk's own events to send and 30,000 of the
// other desk's to take. Timed from the worker's start until the desk has
// sent and taken everything, while a hand-in comes every 20 ms (their p99 is
// reported) and, between them, the desk ticks as the window does.
void BM_Sync_CatchUp_DayOffline(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    auto desks = school("DAY", 2, /*with_roll=*/true);
    auto& offline = desks[1];
    own_events(offline, 3000);
    own_events(desks[0], 30'000);
    {
      auto c = tagsync::detail::connect(desks[0].settings);
      (void)tagsync::detail::push(c, desks[0].store);
    }
    state.ResumeTiming();
    auto t0 = Clock::now();
    tagsync::Worker worker{offline.file, offline.settings, {.clock = morning}};
    std::vector<double> ms;
    std::int64_t taken = 0;
    auto arrives = Clock::now();
    for (int i = 0; taken < 30'000 || db::sync_state(offline.store).desk_seq < 3000; ++i) {
      if (!hand_in(offline, worker, i, arrives, ms)) return state.SkipWithError("a hand-in was refused");
      arrives += std::chrono::milliseconds{20};
      tick_until(offline, worker, arrives, taken);
    }
    state.counters["seconds"] = std::chrono::duration<double>(Clock::now() - t0).count();
    report_percentiles(state, ms);
  }
}

// The hand-in at a desk whose worker is busy: another desk of the school
// pushes a stream of events, so the worker pulls (and the desk ticks, taking
// them in) all the while. 1,000 hand-ins, one every 10 ms.
void BM_Sync_HandIn_WorkerBusy(benchmark::State& state) {
  auto desks = school("RUSH", 2, /*with_roll=*/true);
  tagsync::Worker worker{desks[0].file, desks[0].settings, {.clock = morning}};
  std::atomic<bool> stop{false};
  std::int64_t streamed = 0;
  std::thread other{[&] {
    auto c = tagsync::detail::connect(desks[1].settings);
    while (!stop) {
      own_events(desks[1], 50);
      streamed += tagsync::detail::push(c, desks[1].store);
    }
  }};
  std::vector<double> ms;
  std::int64_t taken = 0;
  int i = 0;
  auto arrives = Clock::now();
  for (auto _ : state) {
    // One every 10 ms (a busy morning is one every few seconds), so the run
    // lasts long enough for the worker to pull and the desk to take in.
    tick_until(desks[0], worker, arrives, taken);
    if (!hand_in(desks[0], worker, i++, arrives, ms)) {
      state.SkipWithError("a hand-in was refused");
      break;
    }
    arrives += std::chrono::milliseconds{10};
  }
  stop = true;
  other.join();
  state.counters["taken_in"] = static_cast<double>(taken);
  state.counters["streamed"] = static_cast<double>(streamed);
  if (auto problem = worker.progress().problem; !problem.empty()) state.SkipWithError(problem.c_str());
  report_percentiles(state, ms);
}

// Another desk's event that the school's order places beneath one of this
// desk's own about the same device, pulled by a desk whose file holds a
// school of 30,000 events (kPeople people, devices and pouches, then hand-ins
// and loans): a recall (Arg 0), which replays the device's rows alone, or a
// setting (Arg 1), which replays the whole log. No server: the school's
// events go in as if pulled. `replayed` counts the events applied again.
void BM_Sync_OutOfOrderArrival(benchmark::State& state) {
  bool setting = state.range(0) == 1;
  auto s = db::Store::open(scratch() / ("out-of-order-" + std::to_string(state.range(0)) + ".sqlite"),
                           {.kiosk = "library"});
  if (!s) return state.SkipWithError(s.error().c_str());
  db::sync_join(*s, "OOO", "library", 0, std::string(64, '0'));
  std::vector<db::PulledEvent> pulled;
  std::int64_t pos = 0;
  fixtures::make_synthetic_school(kPeople, 30'000, morning() - std::chrono::days{200},
                                  [&](std::vector<core::Event>&& batch) {
                                    for (auto& e : batch) {
                                      e.id = "r" + std::to_string(++pos);
                                      e.kiosk = "reception";
                                      pulled.push_back({std::move(e), pos});
                                    }
                                  });
  (void)db::sync_pulled(*s, std::move(pulled), pos);
  for (auto _ : state) {
    state.PauseTiming();
    auto device = pad('D', 1 + static_cast<int>(pos % kPeople));
    s->commit({{.at = morning(), .actor = "bench", .data = core::Recalled{.device = device, .reason = "ours"}}});
    core::Event theirs{.id = "x" + std::to_string(++pos), .kiosk = "reception", .at = morning(), .actor = "bench",
                       .data = core::Recalled{.device = device, .reason = "theirs"}};
    if (setting) theirs.data = core::SettingChanged{"school.name", "School " + std::to_string(pos)};
    state.ResumeTiming();
    (void)db::sync_pulled(*s, {{std::move(theirs), pos}}, pos);
  }
  state.counters["replayed"] = static_cast<double>(s->last_replayed());
  state.counters["events"] = static_cast<double>(s->event_count());
}

BENCHMARK(BM_Sync_Ingest_FourDesks)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Sync_DeskToDesk)->Iterations(100)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Sync_CatchUp_DayOffline)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Sync_HandIn_WorkerBusy)->Iterations(1000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Sync_OutOfOrderArrival)->Arg(0)->Arg(1)->Iterations(10)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
