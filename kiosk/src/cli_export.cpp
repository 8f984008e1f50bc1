// tagdesk export events|people|devices|snipeit [--out FILE]
#include <CLI/CLI.hpp>

#include <memory>
#include <sstream>

#include "db/import.h"
#include "db/json.h"
#include "kiosk/cli.h"
#include "kiosk/output_file.h"

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
      store->for_each_event({}, [&](const core::Event& e) { lines << db::event_to_json(e).dump() << "\n"; });
      text = lines.str();
    } else if (what == "people") {
      text = db::export_people_csv(store->state());
    } else if (what == "devices") {
      text = db::export_devices_csv(store->state());
    } else {
      auto snipe = db::export_snipeit_csv(store->state());
      text = std::move(snipe.csv);
      for (const auto& n : snipe.not_represented) cli.err << "not exported: " << n << "\n";
    }
    // DP4: every export of personal data is logged, before it leaves. The
    // command line acts as the system, which holds the administrator's rights.
    if (what == "events" || what == "people") {
      core::Event logged{.at = Cli::now(), .actor = std::string{"system"},
                         .data = core::DataExported{what, opts->out.empty() ? "standard output" : opts->out}};
      store->commit({logged});
    }
    write_output(cli, opts->out, text);
  });
}

}  // namespace kiosk
