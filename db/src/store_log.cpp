// db::Store: reading the log: events (or their heads) by subject, type and
// time, how many there are, and which is this desk's last own.
#include "db/store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "db/json.h"
#include "store_parts.h"

namespace db {

core::Event read_event(SQLite::Statement& q) {
  core::Event e;
  e.seq = q.getColumn(0).getInt64();
  e.id = q.getColumn(1).getString();
  e.kiosk = q.getColumn(4).getString();
  e.actor = q.getColumn(5).getString();
  e.authoriser = q.getColumn(6).getString();
  auto at = core::parse_time(q.getColumn(3).getString());
  auto data = event_data_from_json(q.getColumn(2).getString(), nlohmann::json::parse(q.getColumn(7).getString()));
  if (!at || !data)
    throw Error("event " + std::to_string(e.seq) + " cannot be read: " + (data ? "bad time" : data.error()));
  e.at = *at;
  e.data = std::move(*data);
  return e;
}

void Store::select_events(const EventFilter& f, const char* columns,
                          const std::function<void(SQLite::Statement&)>& row, const std::string& order_by) const {
  std::string sql = std::string{"SELECT "} + columns + " FROM events WHERE 1";
  bool any_subject = !f.person.empty() || !f.device.empty() || !f.slot.empty();
  if (any_subject) sql += " AND (person = :person OR device = :device OR slot = :slot)";
  if (!f.types.empty()) {
    sql += " AND type IN (";
    for (std::size_t i = 0; i < f.types.size(); ++i) sql += (i ? ", :type" : ":type") + std::to_string(i);
    sql += ")";
  }
  if (f.from) sql += " AND at >= :from";
  if (f.to) sql += " AND at < :to";
  sql += " ORDER BY " + order_by;
  SQLite::Statement q{*db_, sql};
  if (any_subject) {
    // An empty subject binds NULL, which matches nothing.
    for (auto [name, value] : {std::pair{":person", &f.person}, {":device", &f.device}, {":slot", &f.slot}}) {
      if (value->empty()) q.bind(name);
      else q.bind(name, *value);
    }
  }
  for (std::size_t i = 0; i < f.types.size(); ++i) q.bind(":type" + std::to_string(i), f.types[i]);
  if (f.from) q.bind(":from", core::format_time(*f.from));
  if (f.to) q.bind(":to", core::format_time(*f.to));
  while (q.executeStep()) row(q);
}

void Store::for_each_event(const EventFilter& f, const std::function<void(const core::Event&)>& visit) const {
  select_events(f, kEventColumns, [&](SQLite::Statement& q) { visit(read_event(q)); });
}

std::vector<core::EventHead> Store::heads(const EventFilter& filter) const {
  std::vector<core::EventHead> out;
  select_events(filter, "type, at, person, device, slot", [&](SQLite::Statement& q) {
    auto at = core::parse_time(q.getColumn(1).getString());
    if (!at) throw Error("event with a bad time '" + q.getColumn(1).getString() + "' in " + path_.string());
    auto text = [&](int i) { return q.getColumn(i).isNull() ? std::string{} : q.getColumn(i).getString(); };
    out.push_back({.type = q.getColumn(0).getString(), .at = *at, .subjects = {text(2), text(3), text(4)}});
  });
  return out;
}

std::vector<core::Event> Store::events(const EventFilter& filter) const {
  std::vector<core::Event> out;
  for_each_event(filter, [&](const core::Event& e) { out.push_back(e); });
  return out;
}

std::int64_t Store::last_own_seq() const {
  if (!last_own_) {
    SQLite::Statement q{*db_, db_->tableExists("sync_pulled")
                                  ? "SELECT seq FROM events e WHERE type != ? AND NOT EXISTS "
                                    "(SELECT 1 FROM sync_pulled p WHERE p.id = e.id) ORDER BY seq DESC LIMIT 1"
                                  : "SELECT seq FROM events WHERE type != ? ORDER BY seq DESC LIMIT 1"};
    q.bind(1, std::string{core::ConflictRecorded::kType});
    last_own_ = q.executeStep() ? q.getColumn(0).getInt64() : 0;
  }
  return *last_own_;
}

std::int64_t Store::event_count() const {
  SQLite::Statement q{*db_, "SELECT count(*) FROM events"};
  q.executeStep();
  return q.getColumn(0).getInt64();
}

}  // namespace db
