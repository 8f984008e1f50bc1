// kiosk/cli/: the command line, one file per command group, and what starts a
// desk (the machine's settings file, scheduled backups, the report printer).
//
// The command line: `tagdesk [kiosk]`, `tagdesk init`, `tagdesk list`, ...
//
// One CLI11 app; each group of subcommands lives in its own file (list.cpp, pin.cpp, ...) and
// registers itself through an `add_*_commands(CLI::App&, Cli&)` function.
// Runs in process, so tests drive it with their own streams:
//
//   std::ostringstream out, err;
//   int code = kiosk::run_cli({"tagdesk", "list", "devices", "--db", path, "--json"}, out, err);
#pragma once

#include <expected>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "cli/machine_config.h"
#include "db/store.h"

namespace CLI { class App; }
namespace core { struct Decision; }

namespace kiosk {

// Exit codes: 0 ok, 1 refused or invalid input, 2 usage.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;
inline constexpr int kExitUsage = 2;

struct Cli {
  std::string db_path;
  std::ostream& out;
  std::ostream& err;
  int exit_code = kExitOk;

  // What the store is opened for: a command (every row loaded, for lists,
  // reports and imports); the desk's controller (headless: people, devices
  // and slots read when asked for, db::OpenOptions::working_set); or the
  // kiosk, the desk's long-running way (also a quick_check that goes on after
  // the load, Store::integrity_check(); checkpoints when idle). Both desks
  // check the file against its seal first (db::OpenOptions::seal_check). Or
  // only to read, writing nothing beside the file (`tagdesk verify`). Or an
  // import: a command with people, devices and slots read when asked for, as
  // the desk's (a register of 200,000 is never held whole).
  enum class Use : std::uint8_t { Command, Desk, Kiosk, ReadOnly, Import };
  // Opens the database named by --db; on failure prints why and sets exit code 1.
  [[nodiscard]] std::expected<db::Store, std::string> open_store(bool create = false, std::string kiosk_name = "cli",
                                                                 Use use = Use::Command);
  // A desk's settings file (the kiosk, headless): the defaults when `path` is
  // empty; its database unless --db named one. On a problem prints each, sets
  // exit code 1 and returns nothing.
  [[nodiscard]] std::optional<MachineConfig> machine_config(const std::string& path);
  // Prints "tagdesk: <message>" to err and records the exit code.
  void fail(const std::string& message, int code = kExitRefused);
  // The wall-clock time now; TAGDESK_NOW (ISO 8601) overrides it for tests and demos.
  [[nodiscard]] static core::Time now();
  // A desk's clock (the kiosk, headless): TAGDESK_NOW if set, else the machine's
  // time at the call, then the monotonic clock's, so that setting the wall
  // clock while a desk runs moves none of its lock-outs or time-outs.
  [[nodiscard]] static std::function<core::Time()> desk_clock();
  // Who ran the command, as the operating system knows them (DP4, SE1).
  [[nodiscard]] static std::string os_user();

  // One line of standard input; on a terminal, asked for with the echo off.
  [[nodiscard]] std::string read_secret(const std::string& prompt);
  // SE2: checks `pin` against the person's; a wrong one is recorded (the
  // lock-out counts them in core). False, having said why, when it may not be used.
  bool check_pin(db::Store& store, const core::Person& p, const std::string& pin, core::Time now);
  // DP4: records that personal data left (`what`, to `destination`) before it
  // does: by `actor` (an administrator whose PIN was checked) or the system
  // actor with os_user(). False, having said why, when refused.
  bool log_export(db::Store& store, const std::string& what, const std::string& destination,
                  const std::string& actor = "system");
  // Commits an allowed decision and prints its message; prints each refusal,
  // with its rule, otherwise. False when refused.
  bool settle(db::Store& store, const core::Decision& d);
};

[[nodiscard]] std::string default_db_path();

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Each command file in kiosk/cli/src provides one of these.
void add_init_commands(CLI::App& app, Cli& cli);
void add_list_commands(CLI::App& app, Cli& cli);
void add_export_commands(CLI::App& app, Cli& cli);
void add_backup_commands(CLI::App& app, Cli& cli);  // verify, backup, restore, purge
void add_pin_commands(CLI::App& app, Cli& cli);
void add_kiosk_commands(CLI::App& app, Cli& cli);
void add_scan_commands(CLI::App& app, Cli& cli);
void add_headless_commands(CLI::App& app, Cli& cli);
void add_import_commands(CLI::App& app, Cli& cli);
void add_settings_commands(CLI::App& app, Cli& cli);
void add_report_commands(CLI::App& app, Cli& cli);
void add_pat_commands(CLI::App& app, Cli& cli);
void add_audit_commands(CLI::App& app, Cli& cli);

}  // namespace kiosk
