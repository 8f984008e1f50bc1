// The schema and its migration ladder. Internal to db/.
#pragma once

#include <SQLiteCpp/Database.h>

namespace db::schema {

// The projection tables, each (id TEXT PRIMARY KEY, data TEXT): a fixed list,
// never names from data.
inline constexpr const char* kProjectionTables[] = {"people", "devices", "slots", "loans", "held",
                                                    "exemptions", "approvals", "audits", "confiscations"};

// Runs every migration above the file's user_version, in one transaction.
void migrate(SQLite::Database& db, int from_version);

}  // namespace db::schema
