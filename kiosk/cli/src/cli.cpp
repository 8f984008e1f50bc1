#include "cli/cli.h"

#include "core/decide.h"
#include "db/pin.h"

#include <CLI/CLI.hpp>
#include <sys/stat.h>
#include <pwd.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>

namespace kiosk {

// server init|add-desk, sync [join|status]: sync.cpp, a target of its own
// (tagdesk_sync_cli), so that only it compiles against sync/ and libpq.
void add_sync_commands(CLI::App& app, Cli& cli);
// approve.cpp: tagdesk approve (LN2 in advance).
void add_approve_commands(CLI::App& app, Cli& cli);
// rack.cpp: tagdesk rack move|list (issue 21, PH2).
void add_rack_commands(CLI::App& app, Cli& cli);

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
                                         .check_in_background = kiosk, .idle_checkpoints = kiosk, .working_set = desk || use == Use::Import,
                                         .read_only = use == Use::ReadOnly, .seal_check = desk, .one_desk = desk});
  if (!store) fail(store.error());
  return store;
}

std::optional<MachineConfig> Cli::machine_config(const std::string& path) {
  if (path.empty()) return MachineConfig{};
  auto loaded = load_machine_config(path);
  if (!loaded) {
    for (const auto& problem : loaded.error()) err << "tagdesk: " << problem.text() << "\n";
    exit_code = kExitRefused;
    return std::nullopt;
  }
  if (!loaded->database.empty() && db_path == default_db_path()) db_path = loaded->database;
  return *loaded;
}

void Cli::fail(const std::string& message, int code) {
  err << "tagdesk: " << message << "\n";
  exit_code = code;
}

namespace {

core::Time local_time(std::time_t raw) {
  std::tm local{};
  localtime_r(&raw, &local);
  auto date = core::Date{std::chrono::year{local.tm_year + 1900} / (local.tm_mon + 1) / local.tm_mday};
  return core::at(date, core::TimeOfDay{local.tm_hour * 3600 + local.tm_min * 60 + local.tm_sec});
}

std::string until_text(core::Time t) { return core::format_time(t).substr(11, 5); }

}  // namespace

core::Time Cli::now() {
  if (const char* fixed = std::getenv("TAGDESK_NOW"); fixed && *fixed)
    if (auto t = core::parse_time(fixed)) return *t;
  return local_time(std::time(nullptr));
}

std::string Cli::read_secret(const std::string& prompt) {
  bool tty = ::isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (tty && ::tcgetattr(STDIN_FILENO, &saved) == 0) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    (void)::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    err << prompt << ": " << std::flush;
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    (void)::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    err << "\n";
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

bool Cli::check_pin(db::Store& store, const core::Person& p, const std::string& pin, core::Time now) {
  if (p.locked_until && *p.locked_until > now) {
    fail(p.id + "'s badge is locked after too many wrong PINs until " + until_text(*p.locked_until) +
         "; an administrator can reset the PIN (`tagdesk pin reset " + p.id + " --by ADMIN`)");
    return false;
  }
  if (p.pin_hash.empty()) {
    fail(p.id + " has no PIN yet");
    return false;
  }
  auto check = db::check_pin(store, p.pin_hash, pin);
  if (!check) {
    fail(check.error());
    return false;
  }
  if (check->outcome == db::PinOutcome::OtherPepper) {
    fail(check->message);  // no PIN tried, no guess counted (docs/SECURITY.md)
    return false;
  }
  if (check->outcome == db::PinOutcome::Right) return true;
  store.commit({core::Event{.at = now, .actor = p.id, .data = core::PinFailed{p.id}}});
  const auto* after = store.state().person(p.id);
  if (after && after->locked_until && *after->locked_until > now)
    fail("wrong PIN for " + p.id + "; the badge is now locked until " + until_text(*after->locked_until));
  else
    fail("wrong PIN for " + p.id);
  return false;
}

std::function<core::Time()> Cli::desk_clock() {
  if (const char* fixed = std::getenv("TAGDESK_NOW"); fixed && *fixed) return &Cli::now;
  // Item 5 (docs/SECURITY.md): the machine's clock once, then the monotonic
  // one; local time (and so summer time) still from the machine's zone rules.
  auto wall = std::chrono::system_clock::now();
  auto start = std::chrono::steady_clock::now();
  return [wall, start] {
    auto t = std::chrono::system_clock::to_time_t(
        wall + std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::steady_clock::now() - start));
    return local_time(t);
  };
}

std::string Cli::os_user() {
  if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name) return pw->pw_name;
  return "uid " + std::to_string(::geteuid());
}

bool Cli::settle(db::Store& store, const core::Decision& d) {
  if (!d.allowed()) {
    for (const auto& r : d.refusals) fail(r.message + " (" + r.rule + ")");
    return false;
  }
  store.commit(d.events);
  out << d.message << "\n";
  return true;
}

bool Cli::log_export(db::Store& store, const std::string& what, const std::string& destination,
                     const std::string& actor) {
  bool system = actor == core::kSystemActor;
  auto d = core::decide(store.state(),
                        core::Export{.actor = actor, .what = what, .destination = destination,
                                     .os_user = system ? os_user() : std::string{}},
                        now());
  if (!d.allowed()) {
    for (const auto& r : d.refusals) fail(r.message + " (" + r.rule + ")");
    return false;
  }
  store.commit(d.events);
  return true;
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
  add_rack_commands(app, cli);
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
