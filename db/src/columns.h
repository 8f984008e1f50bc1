// Typed columns for the three large projections: people, devices and slots.
// Internal to db/.
//
// A trust's tables hold 100,000 people and devices, and the kiosk reads them
// all at every start. One SQL column per field reads several times faster than
// one JSON document per row, which is what these tables held up to schema
// version 2 (docs/PERFORMANCE.md, "Cold start"). The small projections (open
// loans, held items, audits...) keep one JSON document per row.
//
//   columns::load(db, columns::people(), state.people);
//   columns::write(db, columns::people(), state.people, touched.people);
//
// Each table's first column is `id`, the row's key. A column that is NULL
// leaves the field at its default; list-valued fields are JSON text.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "core/model.h"

namespace db::columns {

template <class T>
struct Column {
  const char* name;
  void (*bind)(SQLite::Statement& s, int index, const T& row);
  void (*read)(const SQLite::Column& c, T& row);  // throws std::invalid_argument on a bad value
};

template <class T>
struct Table {
  const char* name;
  std::span<const Column<T>> columns;
};

[[nodiscard]] const Table<core::Person>& people();
[[nodiscard]] const Table<core::Device>& devices();
[[nodiscard]] const Table<core::Slot>& slots();

// The columns of `table` named in `names`, its `id` first whether named or
// not ({} = every column). Throws std::logic_error on a name that is not one
// of its columns: a walk asked for a field by a wrong name.
template <class T>
[[nodiscard]] std::vector<Column<T>> only(const Table<T>& table, const std::vector<std::string_view>& names);

// Reads every row into `out`. Throws db::Error naming the table, row and
// column of a value that cannot be read.
template <class T>
void load(SQLite::Database& db, const Table<T>& table, std::map<std::string, T>& out);

// The rows `where` picks (SQL after WHERE, its ?s bound to `args` in turn;
// empty = every row), in key order, each passed to `f` until it returns
// false. Throws as load() does.
template <class T>
void select(SQLite::Database& db, const Table<T>& table, const std::string& where,
            const std::vector<std::string_view>& args, const std::function<bool(T&)>& f);
// One part of select_any(): the rows `where` picks (SQL after WHERE), read
// through `index` (which SQLite must be able to use for it, or the read fails).
struct Part {
  const char* index;
  std::string where;
};
// The rows that meet any of `parts` (the ?s of all of them bound to `args` in
// turn), in key order, a row that meets several passed once. Each part is a
// range of its own index, and never reads the table when that index holds
// every column read. (Left to itself, SQLite reads a part that has the key's
// order whole, to save a sort.) Throws as load() does.
template <class T>
void select_any(SQLite::Database& db, const Table<T>& table, const std::vector<Part>& parts,
                const std::vector<std::string_view>& args, const std::function<bool(T&)>& f);
// select() in two halves, for a statement prepared once and run many times:
// its SQL, and the reading of a statement already bound.
template <class T>
[[nodiscard]] std::string select_sql(const Table<T>& table, const std::string& where);
template <class T>
void read_rows(SQLite::Statement& q, const Table<T>& table, const std::function<bool(T&)>& f);

// Writes the rows named by `keys`: present in `rows` = insert or replace,
// absent = delete.
template <class T>
void write(SQLite::Database& db, const Table<T>& table, const std::map<std::string, T>& rows,
           const std::set<std::string>& keys);

// The walk both kinds of projection table share: each key in `keys` that
// `rows` holds is bound by bind_row(upsert, key, row) and written with `upsert`
// (INSERT OR REPLACE); one it no longer holds is deleted from `table` by id.
template <class T, class BindRow>
void upsert_or_delete(SQLite::Database& db, const std::string& table, const std::string& upsert_sql,
                      const std::map<std::string, T>& rows, const std::set<std::string>& keys, BindRow bind_row) {
  if (keys.empty()) return;
  SQLite::Statement upsert{db, upsert_sql};
  SQLite::Statement remove{db, "DELETE FROM " + table + " WHERE id = ?"};
  for (const auto& key : keys) {
    auto it = rows.find(key);
    if (it == rows.end()) {
      remove.bind(1, key);
      remove.exec();
      remove.reset();
    } else {
      bind_row(upsert, key, it->second);
      upsert.exec();
      upsert.reset();
    }
  }
}

}  // namespace db::columns
