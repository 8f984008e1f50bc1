#include "cli/backup_schedule.h"

#include "db/backup.h"

namespace kiosk {

bool BackupSchedule::due(core::Time now) const {
  if (folder_.empty()) return false;
  return !last_ || now - *last_ >= interval_;
}

std::optional<std::string> BackupSchedule::tick(db::Store& store, core::Time now) {
  if (!due(now)) return std::nullopt;
  // A failed backup is tried again at the next interval, not on every tick.
  last_ = now;
  db::BackupResult result = db::backup_now(store, folder_, keep_);
  return std::string{result.ok ? "backup written: " : "backup FAILED: "} + result.message;
}

}  // namespace kiosk
