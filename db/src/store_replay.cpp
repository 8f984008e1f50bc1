// db::Store: the projections made again from the log: a rebuild, the
// replay a pull asks for (Then::Replay), and verify's comparison of the
// file's tables with a replay; all in the order of school_order.h.
#include "db/store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <array>

#include "db/json.h"
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

// Every table of a Touched but the settings.
constexpr std::array kRowSets{&core::Touched::people,    &core::Touched::devices,       &core::Touched::slots,
                              &core::Touched::loans,     &core::Touched::held,          &core::Touched::exemptions,
                              &core::Touched::approvals, &core::Touched::audits,        &core::Touched::confiscations,
                              &core::Touched::racks};

// Whether an event of footprint `f` changes any of `rows`.
bool meets(const core::Footprint& f, const core::Touched& rows) {
  if (f.every_confiscation && !rows.confiscations.empty()) return true;
  return std::ranges::any_of(kRowSets, [&](auto set) {
    return std::ranges::any_of(f.rows.*set, [&](const std::string& k) { return (rows.*set).contains(k); });
  });
}

// What is asked of the log about rows: each event naming these people,
// devices or slots, or holding these held items in its data (a form box's
// hand-ins and a confiscation's letter name no pupil), or each purge.
struct Ask {
  std::set<std::string> people, devices, slots, held;
  bool purges = false;
  [[nodiscard]] bool empty() const {
    return people.empty() && devices.empty() && slots.empty() && held.empty() && !purges;
  }
};

// What to ask about `rows` that `asked` has not asked yet; `asked` then has.
// Every event that can change a row names it so (core::footprint_of): a
// pupil's exemptions, confiscations and approvals name the pupil, a loan's
// events its device (among the rows with it).
Ask to_ask(const core::Touched& rows, Ask& asked) {
  Ask ask;
  auto add = [](std::set<std::string>& to, std::set<std::string>& done, const std::string& key) {
    if (done.insert(key).second) to.insert(key);
  };
  for (const auto* people : {&rows.people, &rows.exemptions, &rows.confiscations})
    for (const auto& p : *people) add(ask.people, asked.people, p);
  for (const auto& key : rows.approvals) add(ask.people, asked.people, key.substr(0, key.find('|')));
  for (const auto& d : rows.devices) add(ask.devices, asked.devices, d);
  for (const auto& s : rows.slots) add(ask.slots, asked.slots, s);
  for (const auto& h : rows.held) add(ask.held, asked.held, h);
  ask.purges = !rows.confiscations.empty() && !asked.purges;
  asked.purges = asked.purges || ask.purges;
  return ask;
}

std::string json_list(const auto& values) { return nlohmann::json(values).dump(); }

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

void Store::replay(const std::optional<core::Touched>& reached, std::string& digest) {
  if (reached && replay_rows(*reached, digest)) return;
  replace_projections();
  digest = seal::digest_all(*db_, seal_key_);
}

bool Store::replay_rows(core::Touched rows, std::string& digest) {
  // The events that change the rows, and so the rows they change, until no
  // more: each event's footprint, by seq, and those chosen.
  std::map<std::int64_t, core::Footprint> found;
  std::set<std::int64_t> chosen;
  SQLite::Statement by_subject{*db_, std::string{"SELECT "} + kEventColumns +
                                         " FROM events WHERE person IN (SELECT value FROM json_each(?))"
                                         " OR device IN (SELECT value FROM json_each(?))"
                                         " OR slot IN (SELECT value FROM json_each(?))"
                                         " OR (? AND type = ?)"};
  SQLite::Statement by_held{*db_, std::string{"SELECT "} + kEventColumns +
                                      " FROM events WHERE EXISTS (SELECT 1 FROM json_each(?) h"
                                      " WHERE instr(events.data, h.value) > 0)"};
  auto take = [&](SQLite::Statement& q) {
    while (q.executeStep())
      if (auto seq = q.getColumn(0).getInt64(); !found.contains(seq)) found.emplace(seq, core::footprint_of(read_event(q)));
    q.reset();
  };
  Ask asked;
  for (auto ask = to_ask(rows, asked); !ask.empty(); ask = to_ask(rows, asked)) {
    by_subject.bind(1, json_list(ask.people));
    by_subject.bind(2, json_list(ask.devices));
    by_subject.bind(3, json_list(ask.slots));
    by_subject.bind(4, ask.purges);
    by_subject.bind(5, std::string{core::RecordsPurged::kType});
    take(by_subject);
    if (!ask.held.empty()) {
      by_held.bind(1, json_list(ask.held));
      take(by_held);
    }
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& [seq, footprint] : found)
        if (!chosen.contains(seq) && meets(footprint, rows)) {
          chosen.insert(seq);
          rows.merge(footprint.rows);
          grew = true;
        }
    }
    if (std::ssize(chosen) > kMostReplayed) return false;
  }

  // Those events, with every setting change (a PIN failure reads the
  // settings), in the school's order, into rows of their own.
  core::State replayed;
  std::int64_t count = 0;
  SQLite::Statement q{*db_, std::string{"SELECT "} + kEventColumns +
                                " FROM events WHERE seq IN (SELECT value FROM json_each(?)) OR type = ? ORDER BY " +
                                school_order(*db_)};
  q.bind(1, json_list(chosen));
  q.bind(2, std::string{core::SettingChanged::kType});
  for (; q.executeStep(); ++count) (void)core::apply(replayed, read_event(q));
  rows.settings = false;
  seal::mix_touched(*db_, seal_key_, rows, digest);
  core::replace_rows(state_, replayed, rows);
  write_touched(rows);
  seal::mix_touched(*db_, seal_key_, rows, digest);
  last_replayed_ = count;
  return true;
}

void Store::replace_projections() {
  core::State fresh;
  last_replayed_ = 0;
  for_each_in_replay_order([&](const core::Event& e) {
    (void)core::apply(fresh, e);
    ++last_replayed_;
  });
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
