// tagdesk export events|people|devices|snipeit [--out FILE]
#include <CLI/CLI.hpp>

#include <memory>
#include <sstream>

#include "core/request.h"
#include "exchange/import.h"
#include "db/json.h"
#include "cli/cli.h"
#include "desk/lookup.h"
#include "output_file.h"

namespace kiosk {

void add_export_commands(CLI::App& app, Cli& cli) {
  auto* exp = app.add_subcommand("export", "Export the event log (JSON lines), the register (CSV) or a Snipe-IT CSV");
  struct ExportOptions { std::string what; std::string out; std::string admin; };
  auto opts = std::make_shared<ExportOptions>();
  exp->add_option("what", opts->what, "events, people, devices or snipeit")
      ->required()
      ->check(CLI::IsMember({"events", "people", "devices", "snipeit"}));
  exp->add_option("--out", opts->out, "Write to this file instead of standard output");
  exp->add_option("--admin", opts->admin,
                  "people: the administrator exporting them, by badge code or id (their PIN is read from standard input)");
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
    // logged before it leaves: people by an administrator's badge and PIN, the
    // log by whoever runs the command (the system actor and their OS user).
    std::string actor{core::kSystemActor};
    if (what == "people") {
      if (opts->admin.empty())
        return cli.fail("exporting people needs an administrator: add --admin BADGE (their PIN is then asked for)",
                        kExitUsage);
      auto found = resolve_code(store->state(), opts->admin);
      const core::Person* admin = found.kind == CodeKind::Person ? store->state().person(found.id) : nullptr;
      if (!admin || !admin->active || !admin->roles.has(core::Right::Admin))
        return cli.fail("'" + opts->admin + "' is not an active administrator's badge (DP4)");
      if (!cli.check_pin(*store, *admin, cli.read_secret("Administrator's PIN"), Cli::now())) return;
      actor = admin->id;
    }
    if ((what == "events" || what == "people") &&
        !cli.log_export(*store, what, opts->out.empty() ? "standard output" : opts->out, actor))
      return;
    write_output(cli, opts->out, text);
  });
}

}  // namespace kiosk
