// Soak: 100,000 scans committed through the store, one transaction each, under
// ASan/LSan. The live heap and the resident set stay flat after warm-up, and
// nothing leaks (LSan checks at exit).
#include <gtest/gtest.h>
#include <SQLiteCpp/Database.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>

#include "db/store.h"
#include "school.h"

// A small quarantine, so the resident set measures us rather than ASan's
// recycling of freed memory (256 MB by default). Environment options still win.
extern "C" const char* __asan_default_options() { return "quarantine_size_mb=8"; }
// From the sanitizer runtime (GCC ships no header for it): bytes currently allocated.
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();

namespace {

using namespace std::chrono_literals;

std::size_t rss_bytes() {
  std::ifstream statm{"/proc/self/statm"};
  std::size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

// A scan: a pupil's phone in or out, or a laptop out or back: one event each.
core::Event scan(const core::State& s, int i, core::Time now) {
  using namespace core;
  if (i % 4 < 2) {
    auto pupil = reliability::pupil_id((i / 4) % reliability::kPupils);
    auto held = "H" + std::to_string(i / 4);
    if (i % 4 == 0)
      return Event{.at = now, .actor = "S001",
                   .data = HandedIn{HeldItem{.id = held, .pupil = pupil, .slot = "PO0001", .at = now}}};
    return Event{.at = now, .actor = pupil, .data = Collected{.held = held, .pupil = pupil}};
  }
  auto device = "LT00" + std::to_string((i / 4) % 10);
  if (const Loan* loan = s.loan_of(device))
    return Event{.at = now, .actor = loan->borrower,
                 .data = Returned{.loan = loan->id, .device = device, .borrower = loan->borrower}};
  return Event{.at = now, .actor = "S002",
               .data = SignedOut{Loan{.id = "L" + std::to_string(i), .device = device, .borrower = "S002",
                                      .out_at = now, .due_at = now + 8h}}};
}

TEST(Soak, AHundredThousandScansKeepMemoryFlat) {
  // Memory-backed when possible: this measures memory, not the disk's fsync.
  auto dir = std::filesystem::path{::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"} /
             ("tagdesk-soak-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  struct Cleanup { std::filesystem::path p; ~Cleanup() { std::filesystem::remove_all(p); } } cleanup{dir};
  auto store = db::Store::open(dir / "soak.sqlite");
  ASSERT_TRUE(store) << store.error();
  // This measures memory, not the disk: skip the fsync per commit (where there
  // is no tmpfs, 100,000 fsyncs take minutes).
  store->database().exec("PRAGMA synchronous = OFF");
  store->commit(reliability::school_setup());

  constexpr int kScans = 100'000, kWarmUp = 10'000;
  auto now = reliability::at("2026-09-07T08:00:00");
  std::size_t heap_warm = 0, rss_warm = 0;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kScans; ++i) {
    now += 1s;
    store->commit({scan(store->state(), i, now)});
    if (i + 1 == kWarmUp) {
      heap_warm = __sanitizer_get_current_allocated_bytes();
      rss_warm = rss_bytes();
    }
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto heap_end = __sanitizer_get_current_allocated_bytes();
  auto rss_end = rss_bytes();
  EXPECT_EQ(store->event_count(), kScans + static_cast<std::int64_t>(reliability::school_setup().size()));
  EXPECT_TRUE(store->state().held.empty());

  auto qc_start = std::chrono::steady_clock::now();
  EXPECT_EQ(store->integrity_problem(/*full=*/false), "");
  auto quick_check_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - qc_start).count();
  auto chain_start = std::chrono::steady_clock::now();
  EXPECT_TRUE(store->verify_chain().ok);
  auto chain_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - chain_start).count();

  std::printf("soak: %d scans in %.1f s (%.0f/s) under ASan; live heap %.2f MB after %d, %.2f MB after %d; "
              "RSS %.1f MB -> %.1f MB; quick_check %.2f s, verify_chain %.2f s on %lld events\n",
              kScans, seconds, kScans / seconds, heap_warm / 1e6, kWarmUp, heap_end / 1e6, kScans, rss_warm / 1e6,
              rss_end / 1e6, quick_check_s, chain_s, static_cast<long long>(store->event_count()));
  EXPECT_LT(heap_end, heap_warm + 2'000'000) << "the live heap grew";
  EXPECT_LT(rss_end, rss_warm + 24'000'000) << "the resident set grew";
}

}  // namespace
