// What the parts of db::Store share (store.cpp, store_commit.cpp,
// store_log.cpp, store_replay.cpp). Internal to db/.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "core/event.h"
#include "core/state.h"

namespace db {

// The columns read_event reads, in its order.
inline constexpr const char* kEventColumns = "seq, id, type, at, kiosk, actor, authoriser, data";
// The event at the row `q` stands on (selected with kEventColumns); throws
// db::Error when it cannot be read.
[[nodiscard]] core::Event read_event(SQLite::Statement& q);

// Every row `state` holds, and the settings.
[[nodiscard]] core::Touched everything(const core::State& state);
// Writes the rows `t` names as `state` holds them (deleting those it has not).
void write_projections(SQLite::Database& db, const core::State& state, const core::Touched& t);

}  // namespace db
