// A trust-scale database for benchmarks: `tagdesk init --synthetic N`.
//
// N people, N devices, N pouches, then a plausible history (daily hand-ins and
// collections, loans and returns, PAT tests) until the log holds `events`
// events. Deterministic for a given N and event count.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/event.h"

namespace kiosk {

// Calls `sink` with batches of events, oldest first; each batch is one commit.
void make_synthetic_school(int n, std::int64_t events, core::Time start,
                           const std::function<void(std::vector<core::Event>&&)>& sink);

}  // namespace kiosk
