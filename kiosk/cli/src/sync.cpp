// tagdesk server init URL | server add-desk URL --school CODE --kiosk NAME [--out FILE]
// tagdesk sync join URL --kiosk NAME | sync [--once] | sync status [--json]
//
// The server commands are the trust administrator's, with their own
// PostgreSQL login in the URL (or libpq's PGUSER, PGPASSWORD, ~/.pgpass); the
// sync commands are a desk's, with the credentials tagdesk.toml's [sync] holds
// or names.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <ostream>
#include <thread>

#include "cli/cli.h"
#include "cli/machine_config.h"
#include "db/desk_lock.h"
#include "desk_sync.h"
#include "sync/desk.h"
#include "sync/server.h"

namespace kiosk {
namespace {

void add_server(CLI::App& app, Cli& cli) {
  auto* server = app.add_subcommand("server", "Set up the trust's central PostgreSQL server");
  server->require_subcommand(1);
  auto url = std::make_shared<std::string>();

  auto* init = server->add_subcommand("init", "Create the central schema, or bring it up to this tagdesk's version");
  init->add_option("url", *url, "The server, postgresql://USER@HOST:PORT/DATABASE")->required();
  init->callback([&cli, url] {
    auto done = tagsync::init_server(*url);
    if (done.from == done.to)
      cli.out << "The central schema is up to date (version " << done.to << ").\n";
    else
      cli.out << (done.from == 0 ? "Created the central schema" : "Updated the central schema from version " +
                                                                      std::to_string(done.from))
              << " (version " << done.to << ").\n";
  });

  struct AddDesk { std::string school, kiosk, out; };
  auto opts = std::make_shared<AddDesk>();
  auto* add = server->add_subcommand("add-desk", "Make a desk's role and write its credentials to a private file");
  add->add_option("url", *url, "The server, postgresql://USER@HOST:PORT/DATABASE")->required();
  add->add_option("--school", opts->school, "The school's code, e.g. S1 (made if new)")->required();
  add->add_option("--kiosk", opts->kiosk, "The desk's name, its [kiosk] name, e.g. reception-1")->required();
  add->add_option("--out", opts->out, "Where to write the credentials (default: tagdesk-sync-SCHOOL-KIOSK.toml)");
  add->callback([&cli, url, opts] {
    auto credentials = tagsync::add_desk(*url, opts->school, opts->kiosk);
    auto out = opts->out.empty() ? "tagdesk-sync-" + opts->school + "-" + opts->kiosk + ".toml" : opts->out;
    tagsync::write_credentials(out, credentials);
    cli.out << "Desk \"" << opts->kiosk << "\" of school " << opts->school << " logs in as " << credentials.user
            << ". Its credentials are in " << out << " (private to you): copy it to the desk, readable by the "
            << "kiosk's user alone, and name it in tagdesk.toml's [sync] as credentials = \"FILE\".\n";
  });
}

void add_sync(CLI::App& app, Cli& cli) {
  struct Options { std::string config = kDefaultConfigPath, url, kiosk; bool once = false, json = false; int every = 10; };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("sync", "Send this desk's events to the central server and take the other desks'");
  cmd->add_option("--config", opts->config, "The machine's settings file, whose [sync] names the credentials")
      ->capture_default_str();
  cmd->add_flag("--once", opts->once, "One round, then exit (else a round every --every seconds until stopped)");
  cmd->add_option("--every", opts->every, "Seconds between rounds")->check(CLI::Range(1, 3600));

  auto* join = cmd->add_subcommand("join", "First desk: publish its school; a new desk: build its file from the server");
  join->add_option("url", opts->url, "The server, postgresql://HOST:PORT/DATABASE")->required();
  join->add_option("--kiosk", opts->kiosk, "This desk's name on the server")->required();
  join->callback([&cli, opts] {
    auto settings = sync_settings(opts->config, opts->url);
    if (!settings) return cli.fail(settings.error());
    auto lock = db::SyncLock::take(cli.db_path, "tagdesk sync join");
    if (!lock) return cli.fail(lock.error());
    auto store = cli.open_store(/*create=*/true);
    if (!store) return;
    auto done = tagsync::join(*store, *settings, opts->kiosk, Cli::now());
    cli.out << "This file syncs as desk \"" << opts->kiosk << "\" of school " << done.school << ": ";
    if (done.published) cli.out << "it published the school's history.\n";
    else cli.out << "it took " << done.pulled << " events from the server.\n";
  });

  auto* status = cmd->add_subcommand("status", "Last sync, events waiting, and whether the server answers");
  status->add_flag("--json", opts->json, "Machine-readable output");
  status->callback([&cli, opts] {
    auto settings = sync_settings(opts->config);
    if (!settings) return cli.fail(settings.error());
    auto store = cli.open_store();
    if (!store) return;
    auto s = tagsync::status(*store, *settings);
    if (opts->json) {
      cli.out << nlohmann::json{{"school", s.local.school}, {"kiosk", s.local.kiosk}, {"last_sync", s.local.last_sync},
                                {"waiting", s.waiting}, {"reachable", s.reachable}, {"to_pull", s.to_pull},
                                {"cursor", s.local.cursor}, {"desk_seq", s.local.desk_seq},
                                {"problem", s.server_problem}, {"conflicts", s.conflicts}}
                     .dump()
              << "\n";
      return;
    }
    if (s.local.school.empty()) cli.out << "This file has not joined a central server.\n";
    else cli.out << "Desk \"" << s.local.kiosk << "\" of school " << s.local.school << ", last synced "
                 << (s.local.last_sync.empty() ? "never" : s.local.last_sync) << ".\n";
    cli.out << s.waiting << " of this desk's events wait to be sent.\n";
    if (s.conflicts > 0)
      cli.out << s.conflicts << " conflicts between desks recorded: tagdesk report conflicts lists them.\n";
    if (s.reachable) cli.out << "The server answers; " << s.to_pull << " events wait to be taken from it.\n";
    else cli.out << "The server does not answer: " << s.server_problem << "\n";
  });

  cmd->callback([&cli, cmd, opts] {
    if (!cmd->get_subcommands().empty()) return;  // join or status ran
    auto settings = sync_settings(opts->config);
    if (!settings) return cli.fail(settings.error());
    auto lock = db::SyncLock::take(cli.db_path, "tagdesk sync");
    if (!lock) return cli.fail(lock.error());
    auto store = cli.open_store();
    if (!store) return;
    while (true) {
      try {
        auto done = tagsync::sync_once(*store, *settings, Cli::now());
        cli.out << "Sent " << done.pushed << " events; took " << done.pulled << " from other desks.\n" << std::flush;
      } catch (const tagsync::Error& e) {
        if (opts->once) return cli.fail(e.what());
        cli.err << "tagdesk: " << e.what() << "\n" << std::flush;  // tried again next round
      }
      if (opts->once) return;
      std::this_thread::sleep_for(std::chrono::seconds{opts->every});
    }
  });
}

}  // namespace

void add_sync_commands(CLI::App& app, Cli& cli) {
  add_server(app, cli);
  add_sync(app, cli);
}

}  // namespace kiosk
