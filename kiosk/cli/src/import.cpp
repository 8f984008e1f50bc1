// tagdesk import people|devices|snipeit|mis FILE [--dry-run] [--mis] [--map COLUMN=FIELD]
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <map>
#include <memory>
#include <ostream>

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
  std::vector<std::string> map;
};

std::string summary(const exchange::ImportPlan& plan, bool dry_run) {
  std::string s = dry_run ? fmt::format("would add {}, update {}, leave {} unchanged", plan.added, plan.updated, plan.unchanged)
                          : fmt::format("added {}, updated {}, {} unchanged", plan.added, plan.updated, plan.unchanged);
  if (plan.deactivated) s += fmt::format(", {} {}", dry_run ? "would deactivate" : "deactivated", plan.deactivated);
  return s;
}

void run_import(Cli& cli, const ImportOptions& o) {
  std::map<std::string, std::string> map;
  for (const auto& m : o.map) {
    auto eq = m.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == m.size()) {
      cli.fail("--map '" + m + "': write it as COLUMN=FIELD, e.g. --map \"Forename=first_name\"", kExitUsage);
      return;
    }
    map[m.substr(0, eq)] = m.substr(eq + 1);
  }
  if (!map.empty() && !(o.mis || o.what == "mis")) {
    cli.fail("--map applies to MIS imports only (add --mis)", kExitUsage);
    return;
  }
  auto table = exchange::csv::read_file(o.file);
  if (!table) {
    cli.fail(table.error() + "; nothing was imported");
    return;
  }
  auto store = cli.open_store();
  if (!store) return;
  const auto& state = store->state();
  auto now = Cli::now();

  exchange::ImportPlan plan;
  if (o.what == "mis" || o.mis) plan = exchange::plan_mis_import(*table, state, now, map);
  else if (o.what == "people") plan = exchange::plan_people_import(*table, state, now);
  else if (o.what == "devices") plan = exchange::plan_devices_import(*table, state, now);
  else plan = exchange::plan_snipeit_import(*table, state, now);

  for (const auto& note : plan.notes) cli.err << "note: " << note << "\n";
  if (!plan.ok()) {
    for (const auto& p : plan.problems) cli.err << o.file << ": " << exchange::to_string(p) << "\n";
    cli.fail(fmt::format("{} has {} problem{}; nothing was imported", o.file, plan.problems.size(),
                         plan.problems.size() == 1 ? "" : "s"));
    return;
  }
  if (o.dry_run) {
    cli.out << "Dry run of " << o.file << ": " << summary(plan, true) << ". Nothing was written.\n";
    return;
  }
  store->commit(plan.events);  // one transaction: all rows or none
  cli.out << "Imported " << o.file << ": " << summary(plan, false) << ".\n";
}

}  // namespace

void add_import_commands(CLI::App& app, Cli& cli) {
  auto* imp = app.add_subcommand("import", "Import people, devices, a Snipe-IT asset CSV or an MIS export");
  auto opts = std::make_shared<ImportOptions>();
  imp->add_option("what", opts->what, "people, devices, snipeit or mis")
      ->required()
      ->check(CLI::IsMember({"people", "devices", "snipeit", "mis"}));
  imp->add_option("file", opts->file, "The CSV file (with a header row)")->required();
  imp->add_flag("--dry-run", opts->dry_run, "Check the file and say what would change; write nothing");
  imp->add_flag("--mis", opts->mis, "people: the file is an MIS export (Admission Number, Legal Forename, ...)");
  imp->add_option("--map", opts->map, "MIS: read another header as a field, COLUMN=FIELD (repeatable)");
  imp->callback([&cli, opts] { run_import(cli, *opts); });
}

}  // namespace kiosk
