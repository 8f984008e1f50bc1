// tagdesk headless: the controller over JSON lines on stdin and stdout.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "kiosk/cli.h"
#include "kiosk/controller.h"
#include "kiosk/headless.h"

namespace kiosk {

void add_headless_commands(CLI::App& app, Cli& cli) {
  auto* cmd = app.add_subcommand("headless", "Run the kiosk's controller over JSON lines (docs/headless.md)");
  auto kiosk_name = std::make_shared<std::string>("headless");
  cmd->add_option("--kiosk", *kiosk_name, "The name this desk records on every event");
  cmd->callback([&cli, kiosk_name] {
    auto store = cli.open_store(/*create=*/false, *kiosk_name);
    if (!store) return;
    Controller controller{*store, {.kiosk = *kiosk_name}};
    HeadlessSession session{controller, &Cli::now};
    cli.exit_code = run_headless(session, std::cin, cli.out);
  });
}

}  // namespace kiosk
