// The order a store replays its log in (Store::rebuild_projections, verify's
// comparison, and a pull that places other desks' events beneath this
// desk's). Internal to db/; the SQL of the sync bookkeeping stays in
// sync_log.cpp.
#pragma once

#include <SQLiteCpp/Database.h>

#include <string>

namespace db {

// An SQL ORDER BY over the events table: the log's own order (seq) for a file
// that never joined a server; once it has, the school's order (the server's
// positions), with this desk's own events the server has not placed yet on
// top, in the order the desk made them (db/sync_log.h).
[[nodiscard]] std::string school_order(SQLite::Database& db);

}  // namespace db
