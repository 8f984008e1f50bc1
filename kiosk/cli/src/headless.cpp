// tagdesk headless: the controller over JSON lines on stdin and stdout.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "cli/cli.h"
#include "desk/controller.h"
#include "headless/headless.h"
#include "report_printer.h"

namespace kiosk {

void add_headless_commands(CLI::App& app, Cli& cli) {
  auto* cmd = app.add_subcommand("headless", "Run the kiosk's controller over JSON lines (docs/headless.md)");
  auto kiosk_name = std::make_shared<std::string>("headless");
  auto printer = std::make_shared<std::string>();
  auto clock_from_input = std::make_shared<bool>(false);
  cmd->add_option("--kiosk", *kiosk_name, "The name this desk records on every event");
  cmd->add_option("--printer", *printer, "The CUPS printer the reports' Print button sends to (as [printer] name)");
  cmd->add_flag("--clock-from-input", *clock_from_input,
                "Tests and scripted scenarios: each line's \"at\" sets the desk's clock (never on a desk in use)");
  cmd->callback([&cli, kiosk_name, printer, clock_from_input] {
    auto store = cli.open_store(/*create=*/false, *kiosk_name, Cli::Use::Desk);
    if (!store) return;
    Controller controller{*store, {.kiosk = *kiosk_name,
                                   .print_report = printer->empty() ? PrintReport{} : report_printer(*printer, *store)}};
    HeadlessSession session{controller, Cli::desk_clock(), *clock_from_input};
    cli.exit_code = run_headless(session, std::cin, cli.out);
  });
}

}  // namespace kiosk
