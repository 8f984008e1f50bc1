#include "store_rows.h"

#include <map>
#include <ranges>

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
  std::vector<std::string> where, args;
  if (walk.skip_retired) {
    where.emplace_back("status IS NOT ?");
    args.emplace_back(core::to_string(core::DeviceStatus::Retired));
  }
  if (walk.skip_untested) where.emplace_back("(last_pat IS NOT NULL OR last_pat_pass IS NOT NULL)");
  if (!walk.only_pat_cutoffs.empty()) {
    // The ids of what core::Walk says to keep, each part a range of an index
    // of its own (schema 6), so that a trust's register is not read whole:
    // an interval of their own, a failed latest test, and for each class and
    // type, no pass (unless untested devices are left out too), and passes up
    // to the later of its cutoffs, then exactly its own. An inspection
    // without a cutoff gives NULL: left out.
    std::string kept = "SELECT id FROM devices WHERE pat_interval_months IS NOT NULL"
                       " UNION ALL SELECT id FROM devices WHERE last_pat_passed = 0";
    std::map<std::pair<core::EquipmentClass, core::EquipmentType>, std::map<core::Inspection, core::Date>> by_kind;
    for (const auto& c : walk.only_pat_cutoffs)
      by_kind[{c.equipment_class, c.equipment_type}][c.inspection] = c.passed_after;
    for (const auto& [kind, cutoffs] : by_kind) {
      const std::string of_kind = " UNION ALL SELECT id FROM devices WHERE equipment_class = ? AND equipment_type = ?";
      auto bind_kind = [&] {
        args.emplace_back(core::to_string(kind.first));
        args.emplace_back(core::to_string(kind.second));
      };
      if (!walk.skip_untested) {
        kept += of_kind + " AND last_pat_pass IS NULL";
        bind_kind();
      }
      kept += of_kind + " AND last_pat_pass <= ? AND last_pat_pass <= CASE coalesce(last_pat_inspection, ?)";
      bind_kind();
      args.push_back(core::format_date(std::ranges::max(cutoffs | std::views::values)));
      args.emplace_back(core::to_string(core::Inspection::Combined));
      for (const auto& [inspection, passed_after] : cutoffs) {
        kept += " WHEN ? THEN ?";
        args.emplace_back(core::to_string(inspection));
        args.push_back(core::format_date(passed_after));
      }
      kept += " END";
    }
    where.push_back("id IN (" + kept + ")");
  }
  std::string sql;
  for (const auto& w : where) sql += (sql.empty() ? "" : " AND ") + w;
  reading(path_, [&] { each(db_, columns::devices(), walk, sql, args, f); });
}

void StoreRows::each_slot(std::string_view from, const std::function<bool(const core::Slot&)>& f) const {
  reading(path_, [&] {
    columns::select<core::Slot>(db_, columns::slots(), from.empty() ? "" : "id >= ?",
                                from.empty() ? std::vector<std::string_view>{} : std::vector<std::string_view>{from},
                                [&](core::Slot& row) { return f(row); });
  });
}

}  // namespace db
