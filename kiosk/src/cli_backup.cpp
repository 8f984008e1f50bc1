// tagdesk verify; backup, restore, pin and purge join it as they land.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <ostream>

#include "kiosk/cli.h"

namespace kiosk {
namespace {

void add_verify(CLI::App& app, Cli& cli) {
  auto* verify = app.add_subcommand("verify", "Check the database file and the event log's hash chain (SE1)");
  auto json = std::make_shared<bool>(false);
  verify->add_flag("--json", *json, "Machine-readable output");
  verify->callback([&cli, json] {
    auto store = cli.open_store();
    if (!store) return;
    auto damage = store->integrity_problem(/*full=*/true);
    auto check = damage.empty() ? store->verify_chain()
                                : db::ChainCheck{.ok = false, .problem = db::damaged_message(store->path(), damage)};
    if (*json) {
      cli.out << nlohmann::json{{"ok", check.ok},         {"events", check.events},
                                {"first_bad_seq", check.first_bad_seq}, {"problem", check.problem},
                                {"head_seq", check.head_seq}, {"head_hash", check.head_hash},
                                {"purged", check.purged}}
                     .dump()
              << "\n";
      if (!check.ok) cli.exit_code = kExitRefused;
      return;
    }
    if (!check.ok && check.first_bad_seq == 0) {  // the file itself is damaged
      cli.fail(check.problem);
      return;
    }
    if (!check.ok) {
      cli.fail("the event log has been tampered with or damaged: " + check.problem + " (first broken link: event " +
               std::to_string(check.first_bad_seq) + ")");
      return;
    }
    cli.out << "OK: " << check.events << " events, hash chain intact";
    if (check.purged > 0) cli.out << " (" << check.purged << " removed by retention purges, as recorded)";
    cli.out << ".\n";
    if (check.head_seq > 0)
      cli.out << "Head: event " << check.head_seq << ", hash " << check.head_hash
              << "\n(Note this down, or keep backups elsewhere: a later verify against it proves nothing was "
                 "rewritten.)\n";
  });
}

}  // namespace

void add_backup_commands(CLI::App& app, Cli& cli) { add_verify(app, cli); }

}  // namespace kiosk
