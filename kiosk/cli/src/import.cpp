// tagdesk import people|devices|snipeit|snipeit-users|snipeit-locations|mis|pat FILE
//   [--dry-run] [--json] [--date-format DMY|MDY|YMD] [--mis] [--map COLUMN=FIELD]
//
// Every import reports in one shape (exchange::ImportPlan): what is (or would be)
// added, updated, deactivated, skipped and left unchanged, what the file did
// not say and was guessed, and per row where it matters; --json for scripts.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <thread>

#include "core/enum_names.h"
#include "db/store.h"
#include "exchange/csv.h"
#include "exchange/import.h"
#include "cli/cli.h"

namespace kiosk {
namespace {

struct ImportOptions {
  std::string what;
  std::string file;
  bool dry_run = false;
  bool mis = false;
  bool json = false;
  std::string date_format;
  std::vector<std::string> map;
  std::optional<std::size_t> confirm_leavers;
};

std::string summary(const exchange::ImportPlan& plan, bool dry_run) {
  std::string s = dry_run ? fmt::format("would add {}, update {}, leave {} unchanged", plan.added, plan.updated, plan.unchanged)
                          : fmt::format("added {}, updated {}, {} unchanged", plan.added, plan.updated, plan.unchanged);
  if (plan.deactivated) s += fmt::format(", {} {}", dry_run ? "would deactivate" : "deactivated", plan.deactivated);
  if (plan.skipped) s += fmt::format(", {} {}", dry_run ? "would skip" : "skipped", plan.skipped);
  return s;
}

nlohmann::json report_json(const exchange::ImportPlan& plan, const ImportOptions& o, bool written) {
  nlohmann::json j{{"file", o.file},         {"dry_run", o.dry_run},        {"written", written},
                   {"added", plan.added},    {"updated", plan.updated},     {"unchanged", plan.unchanged},
                   {"deactivated", plan.deactivated}, {"skipped", plan.skipped}, {"guessed", plan.guessed},
                   {"notes", plan.notes},    {"rows", nlohmann::json::array()}, {"problems", nlohmann::json::array()}};
  for (const auto& r : plan.rows)
    j["rows"].push_back({{"line", r.line}, {"action", r.action}, {"id", r.id}, {"detail", r.detail}});
  for (const auto& p : plan.problems)
    j["problems"].push_back({{"line", p.line}, {"column", p.column}, {"message", p.message}});
  return j;
}

void run_import(Cli& cli, const ImportOptions& o) {
  exchange::ImportOptions options;
  for (const auto& m : o.map) {
    auto eq = m.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == m.size()) {
      cli.fail("--map '" + m + "': write it as COLUMN=FIELD, e.g. --map \"Forename=first_name\"", kExitUsage);
      return;
    }
    options.map[m.substr(0, eq)] = m.substr(eq + 1);
  }
  if (!options.map.empty() && !(o.mis || o.what == "mis")) {
    cli.fail("--map applies to MIS imports only (add --mis)", kExitUsage);
    return;
  }
  if (!o.date_format.empty()) options.date_order = core::parse_enum<core::DateOrder>(o.date_format);
  // On a terminal, a line that says which step a long import is at (not when
  // the caller, a test, gave the command line its own stream).
  const bool tty = &cli.err == &std::cerr && ::isatty(STDERR_FILENO) == 1;
  auto progress = [&](const std::string& step) {
    if (tty) cli.err << "\r\033[K" << step << std::flush;
  };
  progress("Reading " + o.file + "...");
  // The rows stay in the file, read again on each walk: memory does not grow with it.
  auto table = exchange::csv::open_file(o.file);
  if (!table) {
    progress("");
    cli.fail(table.error() + "; nothing was imported");
    return;
  }
  // People, devices and slots read as needed (the desk's working set) where
  // the importer reads the register through the state's look-ups; the MIS's
  // and Snipe-IT's people and locations walk it whole.
  const bool mis = o.what == "mis" || o.mis;
  const bool looks_up = !mis && (o.what == "people" || o.what == "devices" || o.what == "snipeit" || o.what == "pat");
  auto store = cli.open_store(false, "cli", looks_up ? Cli::Use::Import : Cli::Use::Command);
  if (!store) return;
  auto now = Cli::now();
  if (o.json) options.shown_rows = SIZE_MAX;  // every row in the report
  // The hostile school test's chunks: short even in a sanitizer build on a
  // busy machine, as a Release build's 2,000 rows are (a quarter second).
  if (const char* chunk = std::getenv("TAGDESK_TEST_CHUNK_ROWS")) options.chunk_rows = std::strtoul(chunk, nullptr, 10);
  auto plan_import = [&](const core::State& state) {
    exchange::ImportPlan plan;
    if (mis) plan = exchange::plan_mis_import(*table, state, now, options);
    else if (o.what == "people") plan = exchange::plan_people_import(*table, state, now, options);
    else if (o.what == "devices") plan = exchange::plan_devices_import(*table, state, now, options);
    else if (o.what == "snipeit-users") plan = exchange::plan_snipeit_users_import(*table, state, now, options);
    else if (o.what == "snipeit-locations") plan = exchange::plan_snipeit_locations_import(*table, state, now, options);
    else if (o.what == "pat") plan = exchange::plan_pat_import(*table, state, now, options);
    else plan = exchange::plan_snipeit_import(*table, state, now, options);
    if (table->encoding != "UTF-8")
      plan.notes.insert(plan.notes.begin(), "read as " + table->encoding + " text");
    if (table->separator != ',')
      plan.notes.insert(plan.notes.begin(), std::string{"fields separated by "} + (table->separator == ';' ? "';'" : "tabs"));
    return plan;
  };
  const auto rows = table->size();
  // Held whole, the events and rows of a large file cost more memory than
  // the file: they are planned twice instead. First the check, keeping only
  // the events the safeguards weigh (those about a person: recorded,
  // changed, deactivated); the rows read so far are forgotten every chunk.
  progress(fmt::format("Checking {} rows...", rows));
  std::vector<core::Event> people_events;
  auto keep_people_events = [&](std::vector<core::Event>& events) {
    for (auto& e : events)
      if (!core::subjects_of(e.data).person.empty()) people_events.push_back(std::move(e));
    events.clear();
  };
  options.sink = [&](std::vector<core::Event>& events, std::size_t done) {
    keep_people_events(events);
    store->forget_rows();
    progress(fmt::format("Checking row {} of {}...", done, rows));
  };
  exchange::ImportPlan plan;
  store->in_one_read([&] { plan = plan_import(store->state()); });
  keep_people_events(plan.events);
  plan.events = std::move(people_events);
  exchange::check_safeguards(plan, store->state(), o.confirm_leavers);  // item 1: every importer, one check
  plan.events.clear();
  store->forget_rows();
  bool write = plan.ok() && !o.dry_run;
  if (write) {
    // Then the same plan again, its events handed to the store a chunk at a
    // time: all rows or none, in one transaction.
    auto leavers = std::move(plan.leavers);
    // For the hostile school test (docs/RELIABILITY.md; with
    // TAGDESK_TEST_CHUNK_ROWS, above): each chunk holds the write lock this
    // much longer, so that a small file holds it past the desk's busy
    // timeout, as a large one does.
    const char* pause = std::getenv("TAGDESK_TEST_CHUNK_PAUSE_MS");
    const auto chunk_pause = std::chrono::milliseconds{pause ? std::atoi(pause) : 0};
    write = store->commit_in_chunks([&](const db::Store::Append& append) {
      options.sink = [&](std::vector<core::Event>& events, std::size_t done) {
        std::this_thread::sleep_for(chunk_pause);
        append(events);
        progress(fmt::format("Writing row {} of {}...", done, rows));
      };
      plan = plan_import(store->state());
      if (!plan.ok()) return false;
      append(plan.events);
      return true;
    });
    plan.leavers = std::move(leavers);
  }
  progress("");
  if (o.json) {
    cli.out << report_json(plan, o, write).dump(2) << "\n";
    if (!plan.ok()) cli.exit_code = kExitRefused;
    return;
  }
  for (const auto& note : plan.notes) cli.err << "note: " << note << "\n";
  if (o.dry_run || !plan.ok())
    for (const auto& leaver : plan.leavers) cli.out << "would deactivate: " << leaver << "\n";
  if (!plan.ok()) {
    for (const auto& p : plan.problems) cli.err << o.file << ": " << exchange::to_string(p) << "\n";
    cli.fail(fmt::format("{} has {} problem{}; nothing was imported", o.file, plan.problems.size(),
                         plan.problems.size() == 1 ? "" : "s"));
    return;
  }
  cli.out << (o.dry_run ? "Dry run of " : "Imported ") << o.file << ": " << summary(plan, o.dry_run)
          << (o.dry_run ? ". Nothing was written.\n" : ".\n");
  for (const auto& g : plan.guessed) cli.out << "guessed: " << g << "\n";
  for (const auto& r : plan.rows)
    cli.out << (r.line ? fmt::format("line {}: ", r.line) : std::string{}) << r.action << " " << r.id << ": " << r.detail
            << "\n";
  for (const auto& [action, more] : plan.more_rows) cli.out << "and " << more << " more " << action << "\n";
}

}  // namespace

void add_import_commands(CLI::App& app, Cli& cli) {
  auto* imp = app.add_subcommand(
      "import", "Import people, devices, Snipe-IT's assets, users or locations, an MIS export (SIMS, Arbor, Bromcom) "
                "or a day's PAT tests");
  auto opts = std::make_shared<ImportOptions>();
  imp->add_option("what", opts->what, "people, devices, snipeit, snipeit-users, snipeit-locations, mis or pat")
      ->required()
      ->check(CLI::IsMember({"people", "devices", "snipeit", "snipeit-users", "snipeit-locations", "mis", "pat"}));
  imp->add_option("file", opts->file, "The CSV file (with a header row; ',', ';' or tab; UTF-8, UTF-16 or Windows-1252)")
      ->required();
  imp->add_flag("--dry-run", opts->dry_run, "Check the file and say what would change; write nothing");
  imp->add_flag("--json", opts->json, "The report as JSON (on standard output, problems included)");
  imp->add_option("--date-format", opts->date_format,
                  "The order of dates in a column where every value reads either way: DMY, MDY or YMD")
      ->check(CLI::IsMember({"DMY", "MDY", "YMD"}, CLI::ignore_case));
  imp->add_flag("--mis", opts->mis, "people: the file is an MIS export (Admission Number, Legal Forename, ...)");
  imp->add_option("--map", opts->map, "MIS: read another header as a field, COLUMN=FIELD (repeatable)");
  imp->add_option("--confirm-leavers", opts->confirm_leavers,
                  "Deactivate this many people although it is more than the school's share (import.max-leavers-percent); "
                  "--dry-run lists them");
  imp->callback([&cli, opts] { run_import(cli, *opts); });
}

}  // namespace kiosk
