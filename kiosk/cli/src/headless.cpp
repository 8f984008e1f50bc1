// tagdesk headless: the controller over JSON lines on stdin and stdout.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "cli/cli.h"
#include "desk/controller.h"
#include "desk_sync.h"
#include "headless/headless.h"
#include "report_printer.h"

namespace kiosk {

void add_headless_commands(CLI::App& app, Cli& cli) {
  auto* cmd = app.add_subcommand("headless", "Run the kiosk's controller over JSON lines (docs/headless.md)");
  auto kiosk_name = std::make_shared<std::string>("headless");
  auto printer = std::make_shared<std::string>();
  auto clock_from_input = std::make_shared<bool>(false);
  auto config = std::make_shared<std::string>();
  cmd->add_option("--kiosk", *kiosk_name, "The name this desk records on every event");
  cmd->add_option("--printer", *printer, "The CUPS printer the reports' Print button sends to (as [printer] name)");
  cmd->add_flag("--clock-from-input", *clock_from_input,
                "Tests and scripted scenarios: each line's \"at\" sets the desk's clock (never on a desk in use)");
  cmd->add_option("--config", *config,
                  "The machine's settings file: its database (unless --db), and its [sync] to sync in the background");
  cmd->callback([&cli, kiosk_name, printer, clock_from_input, config] {
    auto machine = cli.machine_config(*config);
    if (!machine) return;
    auto store = cli.open_store(/*create=*/false, *kiosk_name, Cli::Use::Desk);
    if (!store) return;
    auto clock = Cli::desk_clock();
    auto sync = start_desk_sync(*config, *machine, cli.db_path, clock);
    if (!sync) return cli.fail(sync.error());
    Controller controller{*store, {.kiosk = *kiosk_name,
                                   .print_report = printer->empty() ? PrintReport{} : report_printer(*printer, *store),
                                   .sync = *sync ? sync_hooks(**sync) : SyncHooks{}}};
    HeadlessSession session{controller, clock, *clock_from_input};
    cli.exit_code = run_headless(session, std::cin, cli.out);
  });
}

}  // namespace kiosk
