#include "store_rows.h"

#include <set>

#include "core/enum_names.h"
#include "core/time.h"
#include "db/store.h"

namespace db {
namespace {

// Runs a read, its failures told as db::Error with the file's name.
template <class Read>
auto reading(const std::filesystem::path& path, Read&& read) {
  try {
    return read();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error("could not read " + path.string() + ": " + e.what());
  }
}

// A walk, narrowed as `walk` asks: only its fields are read, and `where`
// (SQL, its ?s bound to `args`) leaves out the rows it may skip.
template <class T>
void each(SQLite::Database& db, const columns::Table<T>& table, const core::Walk& walk, const std::string& where,
          const std::vector<std::string>& args, const std::function<bool(const T&)>& f) {
  auto narrowed = columns::only(table, walk.fields);
  columns::select<T>(db, {table.name, narrowed}, where, {args.begin(), args.end()}, [&](T& row) { return f(row); });
}

}  // namespace

template <class T>
std::optional<T> StoreRows::first(const columns::Table<T>& table, const std::string& where,
                                  std::string_view arg) const {
  auto sql = columns::select_sql(table, where);
  auto& q = lookups_[sql];
  if (!q) q = std::make_unique<SQLite::Statement>(db_, sql);
  // Reset after use too, even on a throw: a statement left stepping would
  // hold its read open.
  struct Reset {
    SQLite::Statement& q;
    ~Reset() { q.tryReset(); }
  } reset{*q};
  q->tryReset();
  q->bind(1, std::string{arg});  // as TEXT
  std::optional<T> out;
  columns::read_rows<T>(*q, table, [&](T& row) {
    out = std::move(row);
    return false;
  });
  return out;
}

std::optional<core::Person> StoreRows::person(std::string_view id) const {
  return reading(path_, [&] { return first(columns::people(), "id = ?", id); });
}

std::optional<core::Device> StoreRows::device(std::string_view id) const {
  return reading(path_, [&] { return first(columns::devices(), "id = ?", id); });
}

std::optional<core::Slot> StoreRows::slot(std::string_view id) const {
  return reading(path_, [&] { return first(columns::slots(), "id = ?", id); });
}

std::string StoreRows::person_by_card(std::string_view card) const {
  auto p = reading(path_, [&] { return first(columns::people(), "card = ?", card); });
  return p ? p->id.str() : std::string{};
}

std::string StoreRows::device_by_code(std::string_view code) const {
  // An asset tag before a serial, as the in-memory index has it.
  auto d = reading(path_, [&] {
    auto tagged = first(columns::devices(), "asset_tag = ?", code);
    return tagged ? tagged : first(columns::devices(), "serial = ?", code);
  });
  return d ? d->id.str() : std::string{};
}

void StoreRows::each_person(const core::Walk& walk, const std::function<bool(const core::Person&)>& f) const {
  std::string where;
  std::vector<std::string> args;
  if (walk.active_pupils_only) {
    // A superset of what core::Roles reads as a pupil: the caller checks each row.
    where = "active IS NOT 0 AND instr(roles, ?) > 0";
    args.emplace_back(core::to_string(core::Right::Pupil));
  }
  if (walk.only_form) {
    // A form box's list: a range of the index people_roll (schema 6).
    where += where.empty() ? "" : " AND ";
    where += walk.only_form->empty() ? "coalesce(form, '') = ''" : "form = ?";
    if (!walk.only_form->empty()) args.emplace_back(*walk.only_form);
  }
  reading(path_, [&] { each(db_, columns::people(), walk, where, args, f); });
}

void StoreRows::each_device(const core::Walk& walk, const std::function<bool(const core::Device&)>& f) const {
  // What every row passed must meet. (A latest test's result is on record
  // exactly when the test is: last_pat_passed, not last_pat, so that an index
  // without the record can answer.)
  std::string common;
  std::vector<std::string> common_args;
  if (walk.skip_retired) {
    common = "status IS NOT ?";
    common_args.emplace_back(core::to_string(core::DeviceStatus::Retired));
  }
  if (walk.skip_untested) {
    common += common.empty() ? "" : " AND ";
    common += "(last_pat_passed IS NOT NULL OR last_pat_pass IS NOT NULL)";
  }
  if (walk.only_pat_cutoffs.empty()) {
    reading(path_, [&] { each(db_, columns::devices(), walk, common, common_args, f); });
    return;
  }
  // What core::Walk says to keep, each part a range of an index (schema 6
  // and 7), so that a trust's register is not read whole: an interval of
  // their own; a failed latest test; and for each class and type with a
  // routine test, passes up to the cutoff for their inspection (combined when
  // no test is on record), and no pass at all unless untested devices are
  // left out too. devices_pat_due holds every column the kiosk's PAT-due
  // screen reads, so its parts never read the table.
  std::vector<columns::Part> parts;
  std::vector<std::string> args;
  auto part = [&](const char* index, const std::string& where, std::initializer_list<std::string> own) {
    parts.push_back({index, common.empty() ? where : common + " AND " + where});
    args.insert(args.end(), common_args.begin(), common_args.end());
    args.insert(args.end(), own);
  };
  part("devices_own_pat_interval", "pat_interval_months IS NOT NULL", {});
  part("devices_pat_failed", "last_pat_passed = 0", {});
  const std::string of_kind = "equipment_class = ? AND equipment_type = ? AND last_pat_inspection ";
  const std::string combined{core::to_string(core::Inspection::Combined)};
  std::set<std::pair<std::string, std::string>> kinds;
  for (const auto& c : walk.only_pat_cutoffs) {
    std::string of_class{core::to_string(c.equipment_class)}, of_type{core::to_string(c.equipment_type)};
    std::string inspection{core::to_string(c.inspection)}, cutoff = core::format_date(c.passed_after);
    part("devices_pat_due", of_kind + "= ? AND last_pat_pass <= ?", {of_class, of_type, inspection, cutoff});
    if (inspection == combined)
      part("devices_pat_due", of_kind + "IS NULL AND last_pat_pass <= ?", {of_class, of_type, cutoff});
    kinds.emplace(of_class, of_type);
  }
  if (!walk.skip_untested)
    for (const auto& [of_class, of_type] : kinds) {
      part("devices_pat_due", of_kind + "IS NULL AND last_pat_pass IS NULL", {of_class, of_type});
      for (auto inspection : {core::Inspection::Visual, core::Inspection::Combined})
        part("devices_pat_due", of_kind + "= ? AND last_pat_pass IS NULL",
             {of_class, of_type, std::string{core::to_string(inspection)}});
    }
  auto narrowed = columns::only(columns::devices(), walk.fields);
  reading(path_, [&] {
    columns::select_any<core::Device>(db_, {columns::devices().name, narrowed}, parts, {args.begin(), args.end()},
                                      [&](core::Device& row) { return f(row); });
  });
}

void StoreRows::each_slot(std::string_view from, const std::function<bool(const core::Slot&)>& f) const {
  reading(path_, [&] {
    columns::select<core::Slot>(db_, columns::slots(), from.empty() ? "" : "id >= ?",
                                from.empty() ? std::vector<std::string_view>{} : std::vector<std::string_view>{from},
                                [&](core::Slot& row) { return f(row); });
  });
}

}  // namespace db
