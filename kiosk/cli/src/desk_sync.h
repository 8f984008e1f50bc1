// A desk's sync settings and its background sync: the credentials that
// tagdesk.toml's [sync] holds or names (for `tagdesk sync` too), and the
// worker the kiosk and `tagdesk headless` start when [sync] is set.
//
//   auto worker = kiosk::start_desk_sync(config_path, machine, cli.db_path, Cli::desk_clock());
//   if (!worker) fail(worker.error());
//   ControllerOptions opts{.sync = *worker ? kiosk::sync_hooks(**worker) : SyncHooks{}};
#pragma once

#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "cli/machine_config.h"
#include "core/time.h"
#include "desk/controller.h"
#include "sync/desk.h"
#include "sync/worker.h"

namespace kiosk {

// The desk's server and credentials from the settings file at `config_path`
// (and the file its [sync] names); `url`, if given, in place of its server.
// The message says what is wrong: no credentials, a file others can read.
[[nodiscard]] std::expected<tagsync::Settings, std::string> sync_settings(const std::string& config_path,
                                                                          const std::string& url = "");

// Whether the settings file has a [sync] section that says anything.
[[nodiscard]] bool syncs(const MachineConfig& machine);

// The worker for the desk's file when `machine` (read from `config_path`)
// syncs; nullptr when it does not.
[[nodiscard]] std::expected<std::unique_ptr<tagsync::Worker>, std::string> start_desk_sync(
    const std::string& config_path, const MachineConfig& machine, const std::filesystem::path& database,
    std::function<core::Time()> clock);

// The worker as the controller uses it (valid while the worker lives).
[[nodiscard]] SyncHooks sync_hooks(tagsync::Worker& worker);

}  // namespace kiosk
