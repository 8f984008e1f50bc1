// Scheduled backups for the kiosk ([backup] in the machine's settings file):
// one when the kiosk starts, then one every interval, taken on a tick of the
// controller's thread so no scan is half-handled while the copy runs.
//
//   kiosk::BackupSchedule backups{"/media/usb/tagdesk", 14, std::chrono::hours{24}};
//   if (auto line = backups.tick(store, now)) log(*line);   // "backup written: ..."
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "core/time.h"
#include "db/store.h"

namespace kiosk {

class BackupSchedule {
 public:
  BackupSchedule(std::filesystem::path folder, int keep, std::chrono::hours interval)
      : folder_(std::move(folder)), keep_(keep), interval_(interval) {}

  // Makes a backup when one is due; returns a line for the log (ids and paths only), or nothing.
  [[nodiscard]] std::optional<std::string> tick(db::Store& store, core::Time now);
  [[nodiscard]] bool due(core::Time now) const;

 private:
  std::filesystem::path folder_;
  int keep_;
  std::chrono::hours interval_;
  std::optional<core::Time> last_;
};

}  // namespace kiosk
