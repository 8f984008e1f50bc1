// The child of the crash test: commits realistic transactions as fast as it
// can, printing "ready" once the database is open, then "<n> <events>" after
// each commit returns, until its parent kills it.
//
//   tagdesk_crash_child DB TAG SEED
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "db/store.h"
#include "school.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s DB TAG SEED\n", argv[0]);
    return 2;
  }
  auto store = db::Store::open(argv[1], {.kiosk = "crash", .create = false});
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().c_str());
    return 1;
  }
  // The parent times its kill from here, so it lands among commits, not in start-up.
  if (::write(STDOUT_FILENO, "ready\n", 6) != 6) return 1;
  std::string tag = argv[2];
  reliability::Day day{static_cast<std::uint32_t>(std::strtoul(argv[3], nullptr, 10))};
  for (int n = 0;; ++n) {
    auto id = tag + "T" + std::to_string(n);
    auto events = store->commit(day.next(store->state(), id));
    // Each run's day starts at the same date, before the last run's events, so
    // the store puts a clock.went-back event first: count only this transaction's own.
    auto own = std::ranges::count_if(events, [&](const core::Event& e) { return e.id.starts_with(id + "."); });
    // Only now is the transaction durable: report it, unbuffered.
    auto line = std::to_string(n) + " " + std::to_string(own) + "\n";
    if (::write(STDOUT_FILENO, line.data(), line.size()) != static_cast<ssize_t>(line.size())) return 1;
  }
}
