// The desk at school and trust scale: transactions committed with
// synchronous=FULL (p50/p99), the morning rush through the controller,
// reports and look-ups, and labels. scripts/bench runs it and prints a table.
//
// TAGDESK_BENCH_DB names a large database made by `tagdesk init --synthetic`
// (scripts/bench makes one of 100,000 people and devices and 1,000,000
// events); it is copied first, so every run starts from the same file.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <utility>

#include "scratch.h"
#include "core/compliance.h"
#include "core/decide.h"
#include "core/pat.h"
#include "core/queries.h"
#include "core/reports.h"
#include "db/pin.h"
#include "db/store.h"
#include "desk/compliance.h"
#include "desk/controller.h"
#include "fixtures/demo_school.h"
#include "desk/lookup.h"
#include "fixtures/synthetic_school.h"
#include "scanner/labels.h"
#include "scanner/tag.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

using bench::scratch;

// A weekday morning after all of the synthetic history.
core::Time bench_morning() {
  core::Date d = *core::parse_date("2028-03-01");
  while (!(core::weekday_of(d) == std::chrono::Tuesday)) d += std::chrono::days{1};
  return core::at(d, std::chrono::hours{8} + std::chrono::minutes{15});
}

std::string pad(char prefix, int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%07d", prefix, n);
  return buf;
}

// A copy of the large database, made once per run for each name.
fs::path large_copy(const std::string& name) {
  auto file = scratch() / name;
  if (const char* src = std::getenv("TAGDESK_BENCH_DB"); src && *src) {
    fs::copy_file(src, file, fs::copy_options::overwrite_existing);
  } else {
    auto s = db::Store::open(file);
    fixtures::make_synthetic_school(10'000, 100'000, bench_morning() - std::chrono::days{400},
                                 [&](std::vector<core::Event>&& b) { s->commit(std::move(b)); });
  }
  return file;
}

const fs::path& large_file() {
  static const fs::path copy = large_copy("large.sqlite");
  return copy;
}

// As the kiosk opens it: the working set, people, devices and pouches read
// from the file when a scan names them.
db::Store& large_store() {
  static db::Store store = [] {
    auto s = db::Store::open(large_file(), {.kiosk = "bench", .idle_checkpoints = true, .working_set = true});
    if (!s) std::abort();
    return std::move(*s);
  }();
  return store;
}

// As a command (`tagdesk report`) opens it: every row loaded.
db::Store& loaded_store() {
  static db::Store store = [] {
    auto s = db::Store::open(large_file(), {.kiosk = "bench"});
    if (!s) std::abort();
    return std::move(*s);
  }();
  return store;
}

// The large database with a PAT record on every device, as a real register
// has (the synthetic school's devices have none): combined passes spread
// over the five years and two months before the morning, for class I IT
// equipment due every 60 months (PT2), so a few per cent are due or overdue.
// Its own copy, made once and untimed; opened as the kiosk opens it.
db::Store& tested_store() {
  static db::Store store = [] {
    auto file = large_copy("tested.sqlite");
    {
      auto s = db::Store::open(file, {.kiosk = "bench"});
      if (!s) std::abort();
      std::vector<std::string> ids;
      s->state().each_device([&](const core::Device& d) { ids.push_back(d.id); });
      std::vector<core::Event> batch;
      for (std::size_t i = 0; i < ids.size(); ++i) {
        auto tested = core::date_of(bench_morning()) - std::chrono::days{1 + (i * 7919) % 1890};
        batch.push_back(core::Event{.at = core::at(tested, std::chrono::hours{10}), .actor = "system",
                                    .data = core::PatTested{core::PatRecord{.device = ids[i], .date = tested,
                                                                            .tester = "bench"}}});
        if (batch.size() == 5000 || i + 1 == ids.size()) s->commit(std::exchange(batch, {}));
      }
    }
    auto s = db::Store::open(file, {.kiosk = "bench", .idle_checkpoints = true, .working_set = true});
    if (!s) std::abort();
    return std::move(*s);
  }();
  return store;
}

// How many people the large school has (its pupils, staff and pouches are numbered up to it).
int people_in(const db::Store& s) {
  static const int n = [&] {
    int count = 0;
    s.state().each_person([&](const core::Person&) { ++count; });
    return count;
  }();
  return n;
}

void report_percentiles(benchmark::State& state, std::vector<double>& ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * ms.size()))]; };
  state.counters["p50_ms"] = at(0.50);
  state.counters["p99_ms"] = at(0.99);
  state.counters["max_ms"] = ms.back();
}

// One decision and its commit, timed together: what a scan at the desk costs.
template <class MakeRequest>
void transaction(benchmark::State& state, MakeRequest make) {
  auto& store = large_store();
  std::vector<double> ms;
  int i = 0;
  for (auto _ : state) {
    auto [request, now] = make(store, i++);
    auto t0 = Clock::now();
    auto d = core::decide(store.state(), request, now);
    if (!d.allowed()) {
      state.SkipWithError((d.refusals.empty() ? "needs more" : d.refusals.front().message).c_str());
      break;
    }
    store.commit(std::move(d.events));
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    state.PauseTiming();
    (void)store.checkpoint_if_due();  // what the kiosk does while the desk is idle, between scans
    state.ResumeTiming();
  }
  if (!ms.empty()) report_percentiles(state, ms);
}

// The i-th pupil of the large school: the synthetic roll makes every tenth person staff.
int pupil_number(int i, int n) {
  int j = i % (n / 10 * 9);
  return j + j / 9 + 1;
}

void BM_Transaction_HandIn(benchmark::State& state) {
  transaction(state, [](db::Store& s, int i) {
    auto p = pad('P', pupil_number(i, people_in(s)));
    return std::pair{core::Request{core::HandIn{.actor = p, .pupil = p, .slot = pad('S', 1 + i % people_in(s))}},
                     bench_morning() + std::chrono::seconds{i}};
  });
}

void BM_Transaction_Collection(benchmark::State& state) {
  transaction(state, [](db::Store& s, int i) {
    auto p = pad('P', pupil_number(i, people_in(s)));
    return std::pair{core::Request{core::Collect{.actor = p, .pupil = p}},
                     bench_morning() + std::chrono::hours{7} + std::chrono::seconds{i}};
  });
}

void BM_Transaction_SignOut(benchmark::State& state) {
  transaction(state, [](db::Store& s, int i) {
    auto staff = pad('P', 10 * (1 + i % (people_in(s) / 10 - 1)));
    auto device = pad('D', 1 + (i * 3) % people_in(s));
    return std::pair{core::Request{core::SignOut{.actor = staff, .borrower = staff, .device = device,
                                                 .aup_accepted = true, .conditions_confirmed = true,
                                                 .accessories_confirmed = true}},
                     bench_morning() + std::chrono::hours{1} + std::chrono::seconds{i}};
  });
}

void BM_Transaction_Return(benchmark::State& state) {
  transaction(state, [](db::Store& s, int i) {
    auto device = pad('D', 1 + (i * 3) % people_in(s));
    return std::pair{core::Request{core::Return{.actor = "system", .device = device, .accessories_confirmed = true}},
                     bench_morning() + std::chrono::hours{2} + std::chrono::seconds{i}};
  });
}

void BM_Transaction_AuditScan(benchmark::State& state) {
  auto& store = large_store();
  auto start = core::decide(store.state(), core::StartAudit{.actor = "system", .location = ""}, bench_morning());
  auto written = store.commit(std::move(start.events));
  // The store may put a clock.went-back first (issue 18): the benchmarks
  // before this one wrote later times on the same file.
  auto started = std::ranges::find_if(written, [](const core::Event& e) {
    return std::holds_alternative<core::AuditStarted>(e.data);
  });
  std::string audit = std::get<core::AuditStarted>(started->data).audit;
  transaction(state, [audit](db::Store& s, int i) {
    return std::pair{core::Request{core::AuditScan{.actor = "system", .audit = audit,
                                                   .device = pad('D', 1 + (i * 13) % people_in(s))}},
                     bench_morning() + std::chrono::hours{3} + std::chrono::seconds{i}};
  });
}

// 1,000 pupils hand in (card, then "done") and later collect (card, then the
// pouch's scan), through the controller exactly as the headless front end drives it.
void BM_MorningRush(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    auto file = scratch() / "rush.sqlite";
    fs::remove(file);
    fs::remove(file.string() + "-wal");
    std::vector<std::string> cards;
    {
      auto made = db::Store::open(file);
      made->commit(fixtures::make_demo_school(bench_morning(), db::pin_pepper(*made).value()).events);
      for (const auto& [id, p] : made->state().people)
        if (p.roles.has(core::Right::Pupil)) cards.push_back(p.card);
    }
    auto store = db::Store::open(file, {.kiosk = "bench", .working_set = true});  // as the desk opens it
    kiosk::Controller desk{*store, {.kiosk = "bench"}};
    auto t = bench_morning();
    state.ResumeTiming();

    auto t0 = Clock::now();
    for (std::size_t i = 0; i < cards.size(); ++i) {
      (void)desk.handle(kiosk::Scan{cards[i]}, t + std::chrono::seconds{i});
      (void)desk.handle(kiosk::Choose{"done"}, t + std::chrono::seconds{i});
    }
    auto handin = std::chrono::duration<double>(Clock::now() - t0).count();
    if (store->state().held.size() != cards.size()) state.SkipWithError("not every hand-in was recorded");

    auto home = t + std::chrono::hours{7} + std::chrono::minutes{5};
    t0 = Clock::now();
    for (std::size_t i = 0; i < cards.size(); ++i) {
      (void)desk.handle(kiosk::Scan{cards[i]}, home + std::chrono::seconds{i});
      std::string pouch;
      for (const auto& [id, item] : store->state().held)
        if (store->state().person(item.pupil)->card == cards[i]) pouch = item.slot;
      (void)desk.handle(kiosk::Scan{pouch}, home + std::chrono::seconds{i});
    }
    auto collect = std::chrono::duration<double>(Clock::now() - t0).count();
    state.counters["handins_s"] = handin;
    state.counters["collections_s"] = collect;
    state.counters["left_held"] = static_cast<double>(store->state().held.size());
  }
}

// The reports, as a command makes them (every row in memory) and as the
// kiosk's administrator screen does (each row read from the file).
void pat_due(benchmark::State& state, db::Store& store, const std::vector<std::string_view>& fields) {
  for (auto _ : state) benchmark::DoNotOptimize(core::pat_due(store.state(), core::date_of(bench_morning()), fields));
}
std::vector<std::string_view> kiosk_pat_fields() {  // as the kiosk's screen reads them
  auto fields = core::kPatFields;
  fields.push_back("name");
  return fields;
}
void BM_Report_PatDue(benchmark::State& state) { pat_due(state, loaded_store(), {}); }
void BM_Report_PatDue_Kiosk(benchmark::State& state) { pat_due(state, large_store(), kiosk_pat_fields()); }
void BM_Report_PatDue_Kiosk_Tested(benchmark::State& state) {
  auto& store = tested_store();
  state.counters["due"] = static_cast<double>(core::pat_due(store.state(), core::date_of(bench_morning())).size());
  pat_due(state, store, kiosk_pat_fields());
}

void BM_Report_Overdue(benchmark::State& state) {
  auto& store = large_store();
  // Untimed: 2,000 devices signed out (the sign-out benchmark's were all
  // returned); a month on, every one is overdue.
  static bool lent = false;
  for (int i = 0; !lent && i < 2000; ++i) {
    auto staff = pad('P', 10 * (1 + i % (people_in(store) / 10 - 1)));
    auto d = core::decide(store.state(),
                          core::SignOut{.actor = staff, .borrower = staff, .device = pad('D', 50'001 + i),
                                        .aup_accepted = true, .conditions_confirmed = true,
                                        .accessories_confirmed = true},
                          bench_morning() + std::chrono::hours{4});
    if (d.allowed()) store.commit(std::move(d.events));
  }
  lent = true;
  auto later = bench_morning() + std::chrono::days{30};
  state.counters["overdue"] = static_cast<double>(core::overdue_loans(store.state(), later).size());
  if (core::overdue_loans(store.state(), later).empty()) state.SkipWithError("no overdue loans to report");
  for (auto _ : state) benchmark::DoNotOptimize(core::overdue_loans(store.state(), later));
}

// The last weekday of the large school's history: a day of 1,000 hand-ins,
// after weeks of them (found once, untimed; before the morning the other
// benchmarks hand in on).
core::Date busy_day(const db::Store& store) {
  static const core::Date day = [&] {
    core::Date last{};
    store.for_each_event({.types = {"handin.recorded"}, .to = core::at(core::date_of(bench_morning()), {})},
                         [&](const core::Event& e) { last = std::max(last, core::date_of(e.at)); });
    while (core::weekday_of(last) == std::chrono::Saturday || core::weekday_of(last) == std::chrono::Sunday)
      last -= std::chrono::days{1};
    return last;
  }();
  return day;
}

// PH8, as `tagdesk report handin` and the kiosk's report screen make it, on
// that day: its hand-ins and those of the school days before it read from
// the log, the roll of pupils by form and year counted, then each marked pupil.
void handin_compliance(benchmark::State& state, db::Store& store) {
  auto today = busy_day(store);
  for (auto _ : state) benchmark::DoNotOptimize(core::handin_report(kiosk::compliance_from_log(store, today), today));
  std::size_t handins = 0;
  for (core::Date d : core::compliance_days(store.state().settings, today))
    handins += store.heads({.types = {"handin.recorded"}, .from = core::at(d, {}),
                            .to = core::at(d + std::chrono::days{1}, {})}).size();
  state.counters["handins"] = static_cast<double>(handins);
}
void BM_Report_HandinCompliance(benchmark::State& state) { handin_compliance(state, loaded_store()); }
void BM_Report_HandinCompliance_Kiosk(benchmark::State& state) { handin_compliance(state, large_store()); }

void BM_Lookup_Code(benchmark::State& state) {
  auto& store = large_store();
  int i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(kiosk::resolve_code(store.state(), "T-" + std::to_string(1 + (i++ * 7) % 90'000)));
}

void BM_Labels_1000Assets(benchmark::State& state) {
  std::vector<scanner::LabelSpec> labels;
  for (int i = 1; i <= 1000; ++i)
    labels.push_back({scanner::LabelKind::Asset, scanner::encode_tag("NFA", scanner::TagKind::Asset, pad('D', i)),
                      "Device " + std::to_string(i), "Northfield Academy"});
  for (auto _ : state)
    if (!scanner::render_labels(labels, "L7651", (scratch() / "labels.pdf").string())) state.SkipWithError("render");
}

}  // namespace

BENCHMARK(BM_Transaction_HandIn)->Iterations(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Transaction_Collection)->Iterations(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Transaction_SignOut)->Iterations(500)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Transaction_Return)->Iterations(500)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Transaction_AuditScan)->Iterations(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MorningRush)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Report_PatDue)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Report_PatDue_Kiosk)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Report_PatDue_Kiosk_Tested)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Report_Overdue)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Report_HandinCompliance)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Report_HandinCompliance_Kiosk)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Lookup_Code)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Labels_1000Assets)->Iterations(3)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
