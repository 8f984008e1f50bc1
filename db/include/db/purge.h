// DP3 retention: which records a purge deletes, and doing it as an administrator.
//
// Routine daily hand-in records (handin.recorded, handin.collected, form boxes
// and their custody moves) go after the end of the following academic year;
// confiscation and evidence records after `retention.records-years`. Nothing
// still in the school's keeping is deleted, nor a box's last custody record, so
// the projections after a purge equal those before. The chain stays verifiable:
// see Store::purge.
//
//   auto plan = db::plan_purge(store, core::date_of(now));   // --preview
//   auto done = db::apply_purge(store, plan, now, "system");  // --apply
#pragma once

#include <cstdint>
#include <expected>
#include <map>
#include <string>
#include <vector>

#include "core/time.h"
#include "db/store.h"

namespace db {

struct PurgePlan {
  core::Date today{};
  core::Date handin_before{};   // hand-in records dated before this go
  core::Date records_before{};  // confiscation and evidence records dated before this go
  std::vector<std::int64_t> seqs;               // the events to delete, ascending
  std::map<std::string, std::int64_t> by_type;  // event type -> how many
  std::int64_t kept_still_held = 0;  // old records kept because the item is still held
};

[[nodiscard]] PurgePlan plan_purge(const Store& store, core::Date today);

// Deletes what the plan lists and appends a records.purged event (actor "system"
// for the command line, else an administrator). Refuses, changing nothing, when
// the actor may not purge or when the projections would not survive unchanged.
[[nodiscard]] std::expected<core::Event, std::string> apply_purge(Store& store, const PurgePlan& plan, core::Time now,
                                                                  const std::string& actor);

}  // namespace db
