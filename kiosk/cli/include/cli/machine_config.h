// The machine's own settings, from one TOML file (default /etc/tagdesk/tagdesk.toml).
//
// What belongs to this PC rather than to the school: where the database and
// backups are, the camera, the scanner's prefix and suffix, the screen, the
// printer. The
// school's rules stay in the database. An invalid file is refused whole, each
// problem with file, line and a hint; the kiosk does not start on a guess.
//
//   auto cfg = kiosk::load_machine_config("/etc/tagdesk/tagdesk.toml");
//   if (!cfg) for (auto& p : cfg.error()) std::cerr << p.text() << "\n";
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace kiosk {

struct MachineConfig {
  std::string kiosk_name = "reception";
  std::string database;          // empty = the XDG default
  bool fullscreen = false;
  double screen_scale = 1.0;
  std::string camera;            // empty = no camera; "/dev/video0"
  std::string scanner_prefix;    // characters the USB scanner sends before each code
  std::string scanner_suffix;    // ... and after it, before Enter
  std::string backup_folder;     // empty = no scheduled backups
  int backup_keep = 14;
  int backup_interval_hours = 24;
  std::string log_file;          // empty = standard error (the journal under systemd)
  std::string printer;           // the CUPS printer for the admin area's Print button; empty = none
  // [sync]: the central server (README, "Running several desks"). The desk's
  // user and password here or, better, in a file of their own that this one
  // names (`tagdesk server add-desk` writes it); never in the database.
  std::string sync_url;
  std::string sync_user;
  std::string sync_password;
  std::string sync_credentials;  // a file with a [sync] section of its own
};

struct ConfigProblem {
  std::string file;
  int line = 0;  // 0 when the problem is not on one line (a missing file)
  std::string message;
  std::string hint;
  [[nodiscard]] std::string text() const;  // "tagdesk.toml:4: unknown key 'databse' (did you mean 'database'?)"
};

inline constexpr const char* kDefaultConfigPath = "/etc/tagdesk/tagdesk.toml";

[[nodiscard]] std::expected<MachineConfig, std::vector<ConfigProblem>> load_machine_config(
    const std::filesystem::path& path);
[[nodiscard]] std::expected<MachineConfig, std::vector<ConfigProblem>> parse_machine_config(
    std::string_view text, const std::string& file_name);

}  // namespace kiosk
