#include "columns.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "core/fields.h"
#include "db/json.h"
#include "db/store.h"

namespace db::columns {
namespace {

using core::Date;
using core::Time;

template <class E>
concept NamedEnum = std::is_enum_v<E> && requires(E e) { names(e); };

std::string_view text_of(const SQLite::Column& c) {
  return {c.getText(), static_cast<std::size_t>(c.getBytes())};
}

// ---------------------------------------------------------------- binding

void bind_value(SQLite::Statement& s, int i, const core::Text& v) { s.bind(i, v.c_str()); }
void bind_value(SQLite::Statement& s, int i, int v) { s.bind(i, v); }
void bind_value(SQLite::Statement& s, int i, bool v) { s.bind(i, v ? 1 : 0); }
void bind_value(SQLite::Statement& s, int i, core::Roles v) { s.bind(i, core::format_roles(v)); }
void bind_value(SQLite::Statement& s, int i, Date v) { s.bind(i, core::format_date(v)); }
void bind_value(SQLite::Statement& s, int i, Time v) { s.bind(i, core::format_time(v)); }
void bind_value(SQLite::Statement& s, int i, const std::vector<std::string>& v) {
  s.bind(i, nlohmann::json(v).dump());
}
void bind_value(SQLite::Statement& s, int i, const std::vector<Time>& v) { s.bind(i, to_json_value(v).dump()); }
void bind_value(SQLite::Statement& s, int i, const core::PatRecord& v) { s.bind(i, to_json_value(v).dump()); }

template <NamedEnum E>
void bind_value(SQLite::Statement& s, int i, E v) {
  s.bind(i, std::string{core::to_string(v)});
}

template <class T>
void bind_value(SQLite::Statement& s, int i, const std::optional<T>& v) {
  if (v) bind_value(s, i, *v);
  else s.bind(i);
}

template <class T>
void bind_value(SQLite::Statement& s, int i, const core::Box<T>& v) {
  if (v) bind_value(s, i, *v);
  else s.bind(i);
}

// ---------------------------------------------------------------- reading
// A NULL column never reaches these: the field keeps its default.

void read_value(const SQLite::Column& c, core::Text& out) { out = text_of(c); }
void read_value(const SQLite::Column& c, int& out) { out = c.getInt(); }
void read_value(const SQLite::Column& c, bool& out) { out = c.getInt() != 0; }

void read_value(const SQLite::Column& c, core::Roles& out) {
  auto v = core::parse_roles(text_of(c));
  if (!v) throw std::invalid_argument("unknown role in '" + std::string{text_of(c)} + "'");
  out = *v;
}

void read_value(const SQLite::Column& c, Date& out) {
  auto v = core::parse_date(text_of(c));
  if (!v) throw std::invalid_argument("'" + std::string{text_of(c)} + "' is not a date (YYYY-MM-DD)");
  out = *v;
}

void read_value(const SQLite::Column& c, Time& out) {
  auto v = core::parse_time(text_of(c));
  if (!v) throw std::invalid_argument("'" + std::string{text_of(c)} + "' is not a time (YYYY-MM-DDTHH:MM:SS)");
  out = *v;
}

template <NamedEnum E>
void read_value(const SQLite::Column& c, E& out) {
  auto v = core::parse_enum<E>(text_of(c));
  if (!v) throw std::invalid_argument("'" + std::string{text_of(c)} + "' is not one of " + core::enum_choices<E>());
  out = *v;
}

// Lists and the nested PAT record are JSON text; most rows hold "[]".
void read_value(const SQLite::Column& c, std::vector<std::string>& out) {
  auto text = text_of(c);
  if (text == "[]") out.clear();
  else out = nlohmann::json::parse(text).get<std::vector<std::string>>();
}

void read_value(const SQLite::Column& c, std::vector<Time>& out) {
  auto text = text_of(c);
  if (text == "[]") out.clear();
  else out = from_json_value<std::vector<Time>>(nlohmann::json::parse(text));
}

void read_value(const SQLite::Column& c, core::PatRecord& out) {
  out = from_json_value<core::PatRecord>(nlohmann::json::parse(text_of(c)));
}

template <class T>
void read_value(const SQLite::Column& c, std::optional<T>& out) {
  read_value(c, out.emplace());
}

template <class T>
void read_value(const SQLite::Column& c, core::Box<T>& out) {
  T value;
  read_value(c, value);
  out = std::move(value);
}

// ---------------------------------------------------------------- columns

template <class>
struct MemberOf;
template <class C, class M>
struct MemberOf<M C::*> {
  using Class = C;
};

// The column of field I of R's table (core/fields.h), under the field's name.
template <class R, std::size_t I>
constexpr Column<R> field_column() {
  return {std::get<I>(core::FieldTable<R>::kFields).name.data(),
          [](SQLite::Statement& s, int i, const R& row) {
            bind_value(s, i, row.*(std::get<I>(core::FieldTable<R>::kFields).member));
          },
          [](const SQLite::Column& c, R& row) { read_value(c, row.*(std::get<I>(core::FieldTable<R>::kFields).member)); }};
}

// A column for every field of R's table, in its order, then `extra`.
template <class R, std::size_t M = 0>
constexpr auto table_columns(std::array<Column<R>, M> extra = {}) {
  constexpr std::size_t n = std::tuple_size_v<std::remove_cvref_t<decltype(core::FieldTable<R>::kFields)>>;
  std::array<Column<R>, n + M> out{};
  [&]<std::size_t... I>(std::index_sequence<I...>) { ((out[I] = field_column<R, I>()), ...); }(
      std::make_index_sequence<n>{});
  for (std::size_t i = 0; i < M; ++i) out[n + i] = extra[i];
  return out;
}

using core::Device;
using core::Person;
using core::Slot;

// One field of the latest PAT record in a column of its own (schema version
// 5): written from the record, and read into it, so that a walk naming the
// column alone gets a record holding just that field.
template <auto Field>
constexpr Column<Device> last_pat_column(const char* name) {
  return {name,
          [](SQLite::Statement& s, int i, const Device& row) {
            if (row.last_pat) bind_value(s, i, (*row.last_pat).*Field);
            else s.bind(i);
          },
          [](const SQLite::Column& c, Device& row) {
            if (!row.last_pat) row.last_pat = core::PatRecord{};
            read_value(c, (*row.last_pat).*Field);
          }};
}

// One column per field of each record's table, named as the field is; a test
// checks them against the tables in schema.cpp.
constexpr auto kPeople = table_columns<Person>();
constexpr auto kDevices = table_columns<Device>(std::array{
    last_pat_column<&core::PatRecord::passed>("last_pat_passed"),
    last_pat_column<&core::PatRecord::inspection>("last_pat_inspection")});
constexpr auto kSlots = table_columns<Slot>();

template <class T>
std::string column_list(const Table<T>& table) {
  std::string out;
  for (const auto& c : table.columns) out += (out.empty() ? "" : ", ") + std::string{c.name};
  return out;
}

}  // namespace

const Table<Person>& people() {
  static const Table<Person> table{"people", kPeople};
  return table;
}

const Table<Device>& devices() {
  static const Table<Device> table{"devices", kDevices};
  return table;
}

const Table<Slot>& slots() {
  static const Table<Slot> table{"slots", kSlots};
  return table;
}

template <class T>
std::vector<Column<T>> only(const Table<T>& table, const std::vector<std::string_view>& names) {
  std::vector<Column<T>> out{table.columns.begin(), table.columns.end()};
  if (names.empty()) return out;
  for (auto name : names)
    if (std::ranges::none_of(out, [&](const Column<T>& c) { return c.name == name; }))
      throw std::logic_error("the " + std::string{table.name} + " table has no column '" + std::string{name} + "'");
  std::erase_if(out, [&](const Column<T>& c) {
    return c.name != std::string_view{"id"} && std::ranges::find(names, std::string_view{c.name}) == names.end();
  });
  return out;
}

template <class T>
std::string select_sql(const Table<T>& table, const std::string& where) {
  return "SELECT " + column_list(table) + " FROM " + table.name + (where.empty() ? std::string{} : " WHERE " + where) +
         " ORDER BY id";
}

template <class T>
void select(SQLite::Database& db, const Table<T>& table, const std::string& where,
            const std::vector<std::string_view>& args, const std::function<bool(T&)>& f) {
  SQLite::Statement q{db, select_sql(table, where)};
  for (std::size_t i = 0; i < args.size(); ++i) q.bind(static_cast<int>(i) + 1, std::string{args[i]});  // as TEXT
  read_rows(q, table, f);
}

template <class T>
void select_any(SQLite::Database& db, const Table<T>& table, const std::vector<Part>& parts,
                const std::vector<std::string_view>& args, const std::function<bool(T&)>& f) {
  if (parts.empty()) return;
  std::string sql;
  for (const auto& part : parts)
    sql += (sql.empty() ? "" : " UNION ALL ") + std::string{"SELECT "} + column_list(table) + " FROM " + table.name +
           " INDEXED BY " + part.index + " WHERE " + part.where;
  SQLite::Statement q{db, sql + " ORDER BY id"};
  for (std::size_t i = 0; i < args.size(); ++i) q.bind(static_cast<int>(i) + 1, std::string{args[i]});  // as TEXT
  std::string last;  // the key passed last: a row found twice comes twice in a row
  read_rows(q, table, std::function<bool(T&)>{[&](T& row) {
    if (!last.empty() && row.id == last) return true;
    last = row.id;
    return f(row);
  }});
}

template <class T>
void read_rows(SQLite::Statement& q, const Table<T>& table, const std::function<bool(T&)>& f) {
  // A Column reads the current row when asked, so one per index serves every
  // row (getColumn would copy the statement's shared pointer each time).
  std::vector<SQLite::Column> cells;
  while (q.executeStep()) {
    if (cells.empty())
      for (int i = 0; i < static_cast<int>(table.columns.size()); ++i) cells.push_back(q.getColumn(i));
    T row;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (cells[i].isNull()) continue;
      try {
        table.columns[i].read(cells[i], row);
      } catch (const std::exception& e) {
        throw Error(std::string{table.name} + " row '" + cells[0].getString() + "', column " +
                    table.columns[i].name + ": " + e.what());
      }
    }
    if (!f(row)) return;
  }
}

template <class T>
void load(SQLite::Database& db, const Table<T>& table, std::map<std::string, T>& out) {
  // Rows come in key order (the tables are WITHOUT ROWID), so each goes at the end.
  select<T>(db, table, "", {}, [&](T& row) {
    out.insert_or_assign(out.end(), row.id, std::move(row));
    return true;
  });
}

template <class T>
void write(SQLite::Database& db, const Table<T>& table, const std::map<std::string, T>& rows,
           const std::set<std::string>& keys) {
  std::string marks;
  for (std::size_t i = 0; i < table.columns.size(); ++i) marks += i ? ", ?" : "?";
  upsert_or_delete(db, table.name,
                   std::string{"INSERT OR REPLACE INTO "} + table.name + " (" + column_list(table) + ") VALUES (" +
                       marks + ")",
                   rows, keys, [&](SQLite::Statement& upsert, const std::string&, const T& row) {
                     for (int i = 0; i < static_cast<int>(table.columns.size()); ++i)
                       table.columns[static_cast<std::size_t>(i)].bind(upsert, i + 1, row);
                   });
}

template std::vector<Column<Person>> only(const Table<Person>&, const std::vector<std::string_view>&);
template std::vector<Column<Device>> only(const Table<Device>&, const std::vector<std::string_view>&);
template void select_any(SQLite::Database&, const Table<Device>&, const std::vector<Part>&,
                         const std::vector<std::string_view>&, const std::function<bool(Device&)>&);
template std::string select_sql(const Table<Person>&, const std::string&);
template std::string select_sql(const Table<Device>&, const std::string&);
template std::string select_sql(const Table<Slot>&, const std::string&);
template void read_rows(SQLite::Statement&, const Table<Person>&, const std::function<bool(Person&)>&);
template void read_rows(SQLite::Statement&, const Table<Device>&, const std::function<bool(Device&)>&);
template void read_rows(SQLite::Statement&, const Table<Slot>&, const std::function<bool(Slot&)>&);
template void select(SQLite::Database&, const Table<Person>&, const std::string&, const std::vector<std::string_view>&,
                     const std::function<bool(Person&)>&);
template void select(SQLite::Database&, const Table<Device>&, const std::string&, const std::vector<std::string_view>&,
                     const std::function<bool(Device&)>&);
template void select(SQLite::Database&, const Table<Slot>&, const std::string&, const std::vector<std::string_view>&,
                     const std::function<bool(Slot&)>&);
template void load(SQLite::Database&, const Table<Person>&, std::map<std::string, Person>&);
template void load(SQLite::Database&, const Table<Device>&, std::map<std::string, Device>&);
template void load(SQLite::Database&, const Table<Slot>&, std::map<std::string, Slot>&);
template void write(SQLite::Database&, const Table<Person>&, const std::map<std::string, Person>&,
                    const std::set<std::string>&);
template void write(SQLite::Database&, const Table<Device>&, const std::map<std::string, Device>&,
                    const std::set<std::string>&);
template void write(SQLite::Database&, const Table<Slot>&, const std::map<std::string, Slot>&,
                    const std::set<std::string>&);

}  // namespace db::columns
