// The schema and its migration ladder. Internal to db/.
#pragma once

#include <SQLiteCpp/Database.h>

#include "db/store.h"

namespace db::schema {

// The projection tables: a fixed list, never names from data. people, devices
// and slots have a column per field (columns.h); the others are
// (id TEXT PRIMARY KEY, data TEXT), one JSON document per row.
inline constexpr const char* kProjectionTables[] = {"people", "devices", "slots", "loans", "held",
                                                    "exemptions", "approvals", "audits", "confiscations", "racks"};

// Runs every migration above the file's user_version up to `to_version`, in
// one transaction. (Tests stop short of the newest to check a later step.)
void migrate(SQLite::Database& db, int from_version, int to_version = kSchemaVersion);

}  // namespace db::schema
