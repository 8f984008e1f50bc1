#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <iostream>

namespace kiosk {

// server init|add-desk, sync [join|status]: sync.cpp, a target of its own
// (tagdesk_sync_cli), so that only it compiles against sync/ and libpq.
void add_sync_commands(CLI::App& app, Cli& cli);
// approve.cpp: tagdesk approve (LN2 in advance).
void add_approve_commands(CLI::App& app, Cli& cli);

std::string default_db_path() {
  // XDG base directories: data goes under $XDG_DATA_HOME, else ~/.local/share.
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::string{xdg} + "/tagdesk/tagdesk.sqlite";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string{home} + "/.local/share/tagdesk/tagdesk.sqlite";
  return "tagdesk.sqlite";
}

std::expected<db::Store, std::string> Cli::open_store(bool create, std::string kiosk_name, Use use) {
  bool kiosk = use == Use::Kiosk;
  bool desk = use == Use::Desk || kiosk;
  auto store = db::Store::open(db_path, {.kiosk = std::move(kiosk_name), .create = create, .quick_check = kiosk,
                                         .check_in_background = kiosk, .idle_checkpoints = kiosk, .working_set = desk,
                                         .read_only = use == Use::ReadOnly, .seal_check = desk, .one_desk = desk});
  if (!store) fail(store.error());
  return store;
}

void Cli::fail(const std::string& message, int code) {
  err << "tagdesk: " << message << "\n";
  exit_code = code;
}

core::Time Cli::now() {
  if (const char* fixed = std::getenv("TAGDESK_NOW"); fixed && *fixed)
    if (auto t = core::parse_time(fixed)) return *t;
  std::time_t raw = std::time(nullptr);
  std::tm local{};
  localtime_r(&raw, &local);
  auto date = core::Date{std::chrono::year{local.tm_year + 1900} / (local.tm_mon + 1) / local.tm_mday};
  return core::at(date, core::TimeOfDay{local.tm_hour * 3600 + local.tm_min * 60 + local.tm_sec});
}

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  // Every file tagdesk makes (the database, its -wal and -shm, backups,
  // exports, reports, the key) is its user's alone; some also set 0600 themselves.
  ::umask(077);
  Cli cli{.db_path = default_db_path(), .out = out, .err = err};
  CLI::App app{"tagdesk: the device and phone sign-out kiosk for schools", "tagdesk"};
  app.option_defaults()->always_capture_default();
  app.add_option("--db", cli.db_path, "The database file")->capture_default_str();
  app.require_subcommand(0, 1);
  app.fallthrough();  // --db may come after the subcommand too
  add_init_commands(app, cli);
  add_list_commands(app, cli);
  add_export_commands(app, cli);
  add_backup_commands(app, cli);
  add_pin_commands(app, cli);
  add_scan_commands(app, cli);
  add_headless_commands(app, cli);
  add_import_commands(app, cli);
  add_settings_commands(app, cli);
  add_report_commands(app, cli);
  add_pat_commands(app, cli);
  add_audit_commands(app, cli);
  add_sync_commands(app, cli);
  add_approve_commands(app, cli);
  add_kiosk_commands(app, cli);

  // `tagdesk` alone, or with only the kiosk's options, starts the kiosk.
  std::vector<std::string> reversed(args.rbegin(), args.rend() - 1);
  auto names_command = [&](const std::string& a) {
    return a == "-h" || a == "--help" ||
           !app.get_subcommands([&](const CLI::App* sub) { return sub->get_name() == a; }).empty();
  };
  if (std::none_of(reversed.begin(), reversed.end(), names_command)) reversed.insert(reversed.begin(), "kiosk");
  try {
    app.parse(std::move(reversed));
  } catch (const CLI::CallForHelp& e) {
    out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp& e) {
    out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    err << "tagdesk: " << e.what() << "\n" << "Run `tagdesk --help` for the commands and options.\n";
    return kExitUsage;
  } catch (const db::Error& e) {
    // Infrastructure failures end here, once per command.
    err << "tagdesk: " << e.what() << "\n";
    return kExitRefused;
  } catch (const std::exception& e) {
    // A damaged file can make a read fail anywhere (SQLITE_CORRUPT): say so rather than abort.
    err << "tagdesk: " << e.what() << "\n";
    return kExitRefused;
  }
  return cli.exit_code;
}

}  // namespace kiosk
