// exchange/: other systems' files in and out (CSV, imports, exports, Snipe-IT's
// columns). Plans against core's state and links core only; the caller commits.
//
// Imports and exports of the register: people and devices as CSV (our own
// columns, the field names of core::Person and core::Device), Snipe-IT's asset
// CSV, and pupils and staff as school information systems (MIS) export them.
//
// An import is planned first, against the state, without writing anything: the
// plan holds every problem (line and column), the counts of what would change
// and the events to commit. The caller commits the events in ONE transaction,
// or, for a dry run or a plan with problems, nothing.
//
// A file is walked (csv::rows) more than once: a streamed table (csv::open_file)
// is read again each time rather than held.
//
//   auto table = exchange::csv::open_file("people.csv");
//   exchange::ImportPlan plan = exchange::plan_people_import(*table, store.state(), now);
//   if (!plan.ok()) show(plan.problems);            // "line 4, column year: ..."
//   else store.commit(std::move(plan.events));
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date_order.h"
#include "core/event.h"
#include "core/state.h"
#include "exchange/csv.h"

namespace exchange {

struct ImportProblem {
  std::size_t line = 0;  // 0 = the file as a whole
  std::string column;    // empty = the row as a whole
  std::string message;
  bool operator==(const ImportProblem&) const = default;
};
// "line 4, column year: '14x' is not a whole number"
[[nodiscard]] std::string to_string(const ImportProblem& p);

// One row's outcome where it matters: a row skipped, a guess, a leaver.
struct ImportRow {
  std::size_t line = 0;  // 0 = not a row of the file (a leaver)
  std::string action;    // "added", "updated", "deactivated", "skipped" or "guessed"
  std::string id;        // the person or device
  std::string detail;    // "kind staff-laptop, from the model \"Macbook Pro 13\"\" (\"macbook\")"
  bool operator==(const ImportRow&) const = default;
};

// How many rows of each action a report lists (ImportPlan::add_row); the rest are counted.
inline constexpr std::size_t kShownRows = 20;
// A streamed plan hands its events over every so many rows (ImportPlan::sink).
inline constexpr std::size_t kChunkRows = 2000;

// Every importer's report has this one shape, for a dry run and after.
struct ImportPlan {
  std::vector<core::Event> events;  // to commit in one transaction; with `sink`, those not yet handed over
  int added = 0, updated = 0, unchanged = 0, deactivated = 0;
  int skipped = 0;                      // rows left out on purpose (each in rows, with why)
  std::vector<ImportProblem> problems;  // any = nothing may be written
  std::vector<std::string> notes;       // shown, not blocking: columns not represented, leavers with devices
  std::vector<std::string> guessed;     // what the file did not say and the import decided: a column's date order
  std::vector<ImportRow> rows;          // per row where it matters: the first `shown_rows` of each action
  std::map<std::string, std::size_t> more_rows;  // by action, the rows not listed in `rows`
  std::size_t shown_rows = kShownRows;  // per action (SIZE_MAX: every row, as --json reports)
  std::vector<std::string> leavers;     // everyone the import would deactivate: "S0004 Claire Smith (staff)"
  [[nodiscard]] bool ok() const { return problems.empty(); }
  // Lists the row, or counts it in more_rows when its action has shown_rows listed.
  void add_row(ImportRow row);

  // A plan too large to hold (a file of 200,000 rows): before every
  // chunk_rows-th row of the file, `sink` is given the events planned so far
  // (it takes them, leaving `events` empty: the command line commits them, a
  // chunk at a time in one transaction) and how many rows were read. No look-up
  // of the state is held from one row to the next, so the sink may change the
  // state (db::Store::commit_in_chunks). The caller takes what is left in
  // `events` at the end.
  std::function<void(std::vector<core::Event>& events, std::size_t rows_read)> sink;
  std::size_t chunk_rows = kChunkRows;
  std::size_t rows_read = 0;
  // Called by an importer as it begins each row of the file.
  void next_row();
};

// What the command line may add to any import.
struct ImportOptions {
  // --date-format: the order of every date column written day and month in
  // some order, for a file where a column is ambiguous (core/date_order.h).
  std::optional<core::DateOrder> date_order;
  // MIS: --map renames other headers: {"Forename": "first_name"}.
  std::map<std::string, std::string> map;
  // The plan's sink (streamed: ImportPlan::sink), every how many rows, and
  // how many rows of each action it lists.
  std::function<void(std::vector<core::Event>& events, std::size_t rows_read)> sink;
  std::size_t chunk_rows = kChunkRows;
  std::size_t shown_rows = kShownRows;
};

// Columns: the field names of core::Person (id, first_name, ..., active).
[[nodiscard]] ImportPlan plan_people_import(const csv::Table& table, const core::State& state, core::Time now,
                                            const ImportOptions& options = {});
// Columns: the register fields of core::Device (id, asset_tag, ..., accessories separated by ';', notes).
[[nodiscard]] ImportPlan plan_devices_import(const csv::Table& table, const core::State& state, core::Time now,
                                             const ImportOptions& options = {});
// Snipe-IT's asset importer columns, case-insensitive, with its alternative names and custom fields.
// A device's kind is guessed from its category, model, name and manufacturer
// together (core::guess_kind, with the settings' kind.WORD), each guess in the
// report. An asset checked out to a user (Checkout Type "User") becomes an
// open loan to the person whose email, username or name matches, and is listed
// when none does.
[[nodiscard]] ImportPlan plan_snipeit_import(const csv::Table& table, const core::State& state, core::Time now,
                                             const ImportOptions& options = {});
// Snipe-IT's users CSV: people, staff unless they are already on record as
// something else, matched on email, then employee number; "Activated" false
// deactivates.
[[nodiscard]] ImportPlan plan_snipeit_users_import(const csv::Table& table, const core::State& state, core::Time now,
                                                   const ImportOptions& options = {});
// Snipe-IT's locations CSV: the register of locations (settings location.NAME)
// that AR2 audits check a location against.
[[nodiscard]] ImportPlan plan_snipeit_locations_import(const csv::Table& table, const core::State& state,
                                                       core::Time now, const ImportOptions& options = {});
// An MIS export of pupils and/or staff (SIMS, Arbor, Bromcom headers are known;
// options.map names others). Matches on admission number (pupils) and staff
// code (staff); leavers are deactivated.
[[nodiscard]] ImportPlan plan_mis_import(const csv::Table& table, const core::State& state, core::Time now,
                                         const ImportOptions& options = {});

// A day's PAT tests (PT1): device (id, asset tag or serial), date, result
// (pass|fail), inspection (visual|combined), and optionally class, type,
// tester, instrument, notes, label. Each row goes through core::decide (RecordPat).
[[nodiscard]] ImportPlan plan_pat_import(const csv::Table& table, const core::State& state, core::Time now,
                                         const ImportOptions& options = {});

// What no import may do, whichever importer planned it (core/safeguards.h):
// leave the school without an active administrator (a problem naming them),
// or deactivate more than the school's share of its staff or of its pupils
// (setting import.max-leavers-percent) unless `confirmed_leavers` is their
// number (a problem naming the option). Lists every leaver in plan.leavers.
// Every importer's caller runs it on the plan before committing.
void check_safeguards(ImportPlan& plan, const core::State& state, std::optional<std::size_t> confirmed_leavers);

// The accepted column names, for help and messages.
[[nodiscard]] std::vector<std::string> device_columns();

// Exports in the import's own format, so export -> import gives the same register.
[[nodiscard]] std::string export_people_csv(const core::State& state);
[[nodiscard]] std::string export_devices_csv(const core::State& state);

struct SnipeitExport {
  std::string csv;
  std::vector<std::string> not_represented;  // what Snipe-IT's importer cannot take, in plain English
};
[[nodiscard]] SnipeitExport export_snipeit_csv(const core::State& state);

}  // namespace exchange
