// db::Store: the projections made again from the log: a rebuild, the
// replay a pull asks for (Then::Replay), and verify's comparison of the
// file's tables with a replay; all in the order of school_order.h.
#include "db/store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "schema.h"
#include "school_order.h"
#include "seal.h"
#include "store_parts.h"

namespace db {
namespace {

template <class T>
std::set<std::string> keys_of(const std::map<std::string, T>& m) {
  std::set<std::string> keys;
  for (const auto& [k, v] : m) keys.insert(k);
  return keys;
}

// Every table the kiosk reads: the settings and the projections.
std::vector<std::string> read_tables() {
  std::vector<std::string> tables{"settings"};
  for (const char* t : schema::kProjectionTables) tables.emplace_back(t);
  return tables;
}

// The ids (first column) of the rows of `table` in `a` that `b` does not hold alike.
std::set<std::string> rows_not_in(SQLite::Database& db, const std::string& table, const char* a, const char* b) {
  std::set<std::string> out;
  SQLite::Statement q{db, "SELECT * FROM " + std::string{a} + "." + table + " EXCEPT SELECT * FROM " + b + "." + table};
  while (q.executeStep()) out.insert(q.getColumn(0).getString());
  return out;
}

}  // namespace

core::Touched everything(const core::State& s) {
  return {.settings = true, .people = keys_of(s.people), .devices = keys_of(s.devices),
          .slots = keys_of(s.slots), .loans = keys_of(s.loans), .held = keys_of(s.held),
          .exemptions = keys_of(s.exemptions), .approvals = keys_of(s.approvals),
          .audits = keys_of(s.audits), .confiscations = keys_of(s.confiscations), .racks = keys_of(s.racks)};
}

void Store::rebuild_projections() {
  check_passed();
  SQLite::Transaction tx{*db_, SQLite::TransactionBehavior::IMMEDIATE};
  replace_projections();
  if (last_seq_ > 0) write_signed_head(seal::digest_all(*db_, seal_key_));
  tx.commit();
}

void Store::for_each_in_replay_order(const std::function<void(const core::Event&)>& visit) const {
  select_events({}, kEventColumns, [&](SQLite::Statement& q) { visit(read_event(q)); }, school_order(*db_));
}

void Store::replace_projections() {
  core::State fresh;
  for_each_in_replay_order([&](const core::Event& e) { (void)core::apply(fresh, e); });
  db_->exec("DELETE FROM settings");
  for (const char* table : schema::kProjectionTables) db_->exec(std::string{"DELETE FROM "} + table);
  auto rows = std::move(state_.rows);
  state_ = std::move(fresh);
  write_touched(everything(state_));
  if (rows) {  // the working set again: the rows just written are read when asked for
    state_.rows = std::move(rows);
    forget_rows();
    state_.device_by_code.clear();
    state_.person_by_card.clear();
  }
}

Projections Store::dump_projections() const {
  Projections out;
  SQLite::Statement settings{*db_, "SELECT key, value FROM settings ORDER BY key"};
  while (settings.executeStep())
    out["settings"].emplace_back(settings.getColumn(0).getString(), settings.getColumn(1).getString());
  for (const char* table : schema::kProjectionTables) {
    // Every column of every row, as "name=value" text joined by newlines.
    auto& rows = out[table];
    SQLite::Statement q{*db_, std::string{"SELECT * FROM "} + table + " ORDER BY id"};
    while (q.executeStep()) {
      std::string row;
      for (int i = 1; i < q.getColumnCount(); ++i) {
        auto c = q.getColumn(i);
        row += std::string{q.getColumnName(i)} + "=" + (c.isNull() ? "NULL" : c.getString()) + "\n";
      }
      rows.emplace_back(q.getColumn(0).getString(), std::move(row));
    }
  }
  return out;
}

std::vector<std::string> Store::projection_problems() {
  std::vector<std::string> problems;
  // One read transaction, rolled back at the end: the replay and the
  // comparison see one snapshot, and the scratch tables go with it.
  SQLite::Transaction scratch{*db_, SQLite::TransactionBehavior::DEFERRED};
  core::State replayed;
  for_each_in_replay_order([&](const core::Event& e) { (void)core::apply(replayed, e); });
  for (const auto& table : read_tables()) {
    // A TEMP table of the same name and columns shadows the file's own, so the
    // store's ordinary writers fill it.
    SQLite::Statement sql{*db_, "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?"};
    sql.bind(1, table);
    if (!sql.executeStep()) throw Error("the table " + table + " is missing from " + path_.string());
    auto create = sql.getColumn(0).getString();
    create.replace(0, std::string_view{"CREATE TABLE"}.size(), "CREATE TEMP TABLE");
    db_->exec(create);
  }
  write_projections(*db_, replayed, everything(replayed));
  for (const auto& table : read_tables()) {
    auto in_file = rows_not_in(*db_, table, "main", "temp");
    auto in_log = rows_not_in(*db_, table, "temp", "main");
    for (const auto& id : in_file)
      problems.push_back(table + ": " + id + (in_log.contains(id) ? " differs from the log" : " is not in the log"));
    for (const auto& id : in_log)
      if (!in_file.contains(id)) problems.push_back(table + ": " + id + " is in the log but missing");
  }
  return problems;
}

}  // namespace db
