#include "desk_sync.h"

#include <sys/stat.h>

#include <chrono>

namespace kiosk {
namespace {

std::string problems_text(const std::vector<ConfigProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += (out.empty() ? "" : "\n") + p.text();
  return out;
}

// A file that holds a desk's password must be the kiosk user's alone.
std::string private_problem(const std::filesystem::path& file) {
  struct stat st{};
  if (::stat(file.c_str(), &st) != 0 || (st.st_mode & 077) == 0) return "";
  return file.string() + " holds a desk's password and other users can read it: chmod 600 " + file.string();
}

}  // namespace

std::expected<tagsync::Settings, std::string> sync_settings(const std::string& config_path, const std::string& url) {
  auto config = load_machine_config(config_path);
  if (!config) return std::unexpected(problems_text(config.error()));
  tagsync::Settings s{config->sync_url, config->sync_user, config->sync_password};
  if (!s.password.empty())
    if (auto p = private_problem(config_path); !p.empty()) return std::unexpected(p);
  if (!config->sync_credentials.empty()) {
    std::filesystem::path file = config->sync_credentials;
    if (file.is_relative()) file = std::filesystem::path{config_path}.parent_path() / file;
    if (auto p = private_problem(file); !p.empty()) return std::unexpected(p);
    auto credentials = load_machine_config(file);
    if (!credentials) return std::unexpected(problems_text(credentials.error()));
    if (s.url.empty()) s.url = credentials->sync_url;
    if (s.user.empty()) s.user = credentials->sync_user;
    if (s.password.empty()) s.password = credentials->sync_password;
  }
  if (!url.empty()) s.url = url;
  if (s.user.empty())
    return std::unexpected(config_path + " names no desk credentials: add a [sync] section with credentials = "
                                         "\"FILE\", the file `tagdesk server add-desk` wrote");
  return s;
}

bool syncs(const MachineConfig& m) {
  return !m.sync_url.empty() || !m.sync_user.empty() || !m.sync_password.empty() || !m.sync_credentials.empty();
}

std::expected<std::unique_ptr<tagsync::Worker>, std::string> start_desk_sync(const std::string& config_path,
                                                                              const MachineConfig& machine,
                                                                              const std::filesystem::path& database,
                                                                              std::function<core::Time()> clock) {
  if (!syncs(machine)) return nullptr;
  auto settings = sync_settings(config_path);
  if (!settings) return std::unexpected(settings.error());
  return std::make_unique<tagsync::Worker>(database, std::move(*settings),
                                           tagsync::WorkerOptions{.clock = std::move(clock)});
}

SyncHooks sync_hooks(tagsync::Worker& worker) {
  return {.take_in = [&worker](db::Store& store) { return worker.take_in(store); },
          .committed = [&worker] { worker.nudge(); },
          .status = [&worker] {
            auto p = worker.progress();
            SyncStatus s{.reachable = p.reachable, .seconds_since = std::nullopt, .waiting = p.waiting,
                         .problem = p.problem, .update_needed = p.update_needed, .conflicts = p.conflicts};
            if (p.last_sync)
              s.seconds_since =
                  std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - *p.last_sync)
                      .count();
            return s;
          }};
}

}  // namespace kiosk
