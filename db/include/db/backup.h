// Backups: online copies of the live database (SQLite's backup API), each
// verified after writing (integrity_check, the hash chain, the event count),
// named by time and rotated; and a restore that refuses a copy that does not
// verify and keeps the database it replaces.
//
//   auto r = db::backup_now(store, "/mnt/usb/tagdesk-backups", 14);   // the kiosk's nightly call
//   if (!r.ok) show(r.message);
//   auto back = db::restore_backup("/mnt/usb/tagdesk-backups/tagdesk-20261124-183000.sqlite", db_path);
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "db/store.h"

namespace db {

inline constexpr int kDefaultBackupsKept = 14;

struct [[nodiscard]] BackupResult {
  bool ok = false;
  std::filesystem::path file;  // the new backup
  std::int64_t events = 0;
  std::int64_t head_seq = 0;
  std::string head_hash;  // hex: the log's last link at the time of the backup
  std::vector<std::filesystem::path> removed;  // old backups rotated out
  std::string message;    // one line for a person: what happened, or what went wrong
};

// Copies the live database into `dir` (created if missing) as tagdesk-YYYYMMDD-HHMMSS.sqlite
// (UTC), verifies the copy, then removes the oldest backups beyond `keep`. Never throws.
BackupResult backup_now(Store& store, const std::filesystem::path& dir, int keep = kDefaultBackupsKept);

struct [[nodiscard]] BackupCheck {
  bool ok = false;
  std::int64_t events = 0;
  std::int64_t head_seq = 0;
  std::string head_hash;
  std::string message;
};

// Opens a backup read-only: ours, the current schema, integrity_check, the hash chain and head.
BackupCheck verify_backup(const std::filesystem::path& file);

// Our backups in `dir`, newest first.
[[nodiscard]] std::vector<std::filesystem::path> list_backups(const std::filesystem::path& dir);

// Whether the live log still contains the backup's head (the same hash at the
// same seq, or that seq purged with that hash): a log rewritten from some event
// on, chain head included, is caught by any older backup. Empty when consistent.
[[nodiscard]] std::string compare_with_backup(Store& store, const std::filesystem::path& backup);

struct [[nodiscard]] RestoreResult {
  bool ok = false;
  std::int64_t events = 0;
  std::filesystem::path kept_aside;  // the database that was replaced, if there was one
  std::string message;
};

// Replaces the database at `db_path` with a verified copy of `backup`. Stop the
// kiosk first. The old file is renamed to <db_path>.before-restore (or .2, .3...).
RestoreResult restore_backup(const std::filesystem::path& backup, const std::filesystem::path& db_path);

}  // namespace db
