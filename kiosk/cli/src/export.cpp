// tagdesk export events|people|devices|snipeit [--out FILE]
#include <CLI/CLI.hpp>

#include <memory>
#include <sstream>

#include "core/decide.h"
#include "exchange/import.h"
#include "db/json.h"
#include "cli/cli.h"
#include "output_file.h"

namespace kiosk {

void add_export_commands(CLI::App& app, Cli& cli) {
  auto* exp = app.add_subcommand("export", "Export the event log (JSON lines), the register (CSV) or a Snipe-IT CSV");
  struct ExportOptions { std::string what; std::string out; };
  auto opts = std::make_shared<ExportOptions>();
  exp->add_option("what", opts->what, "events, people, devices or snipeit")
      ->required()
      ->check(CLI::IsMember({"events", "people", "devices", "snipeit"}));
  exp->add_option("--out", opts->out, "Write to this file instead of standard output");
  exp->callback([&cli, opts] {
    auto store = cli.open_store();
    if (!store) return;
    const auto& what = opts->what;
    std::string text;
    if (what == "events") {
      std::ostringstream lines;
      store->for_each_event({}, [&](const core::Event& e) { lines << db::event_to_export_json(e).dump() << "\n"; });
      text = lines.str();
    } else if (what == "people") {
      text = exchange::export_people_csv(store->state());
    } else if (what == "devices") {
      text = exchange::export_devices_csv(store->state());
    } else {
      auto snipe = exchange::export_snipeit_csv(store->state());
      text = std::move(snipe.csv);
      for (const auto& n : snipe.not_represented) cli.err << "not exported: " << n << "\n";
    }
    // DP4: only an administrator exports personal data, and every export is
    // logged before it leaves. The command line acts as the system actor.
    if (what == "events" || what == "people") {
      auto d = core::decide(store->state(),
                            core::Export{.actor = std::string{core::kSystemActor}, .what = what,
                                         .destination = opts->out.empty() ? "standard output" : opts->out},
                            Cli::now());
      if (!d.allowed()) {
        for (const auto& r : d.refusals) cli.fail(r.message + " (" + r.rule + ")");
        return;
      }
      store->commit(d.events);
    }
    write_output(cli, opts->out, text);
  });
}

}  // namespace kiosk
