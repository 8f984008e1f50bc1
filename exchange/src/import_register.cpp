// tagdesk import people|devices: our own CSV columns, all-or-nothing.
#include <map>
#include <set>

#include "exchange/import.h"
#include "import_common.h"
#include "register_fields.h"
#include "core/strings.h"

namespace exchange {
namespace {

using detail::Field;

template <class T>
std::vector<std::string> names_of(const std::vector<Field<T>>& fields) {
  std::vector<std::string> out;
  for (const auto& f : fields) out.emplace_back(f.name);
  return out;
}

// Checks the header: every column known, none twice, the required ones there.
// Returns, for each column of the file, the index of its field.
template <class T>
std::vector<const Field<T>*> match_header(const csv::Table& table, const std::vector<Field<T>>& fields,
                                          std::vector<ImportProblem>& problems) {
  std::vector<const Field<T>*> columns;
  std::set<std::string_view> seen;
  for (const auto& raw : table.header) {
    auto name = core::trim(raw);
    const Field<T>* match = nullptr;
    for (const auto& f : fields)
      if (f.name == core::ascii_lower(name)) match = &f;
    if (!core::valid_utf8(raw)) {
      problems.push_back({1, "", "a column name is not valid UTF-8 text"});
    } else if (!match) {
      problems.push_back({1, name.empty() ? "(blank)" : name,
                          "unknown column; the accepted columns are: " + detail::join(names_of(fields))});
    } else if (!seen.insert(match->name).second) {
      problems.push_back({1, name, "appears twice in the header"});
    }
    columns.push_back(match);
  }
  for (const auto& f : fields)
    if (f.required && !seen.contains(f.name))
      problems.push_back({1, std::string{f.name}, "required column is missing (the header must name it)"});
  return columns;
}

struct Uniques {
  std::map<std::string, detail::FirstLines> seen;  // by column
  void check(const std::string& column, const std::string& value, std::size_t line, std::vector<ImportProblem>& out) {
    if (value.empty()) return;
    if (auto first = seen[column].add(value, line))
      out.push_back({line, column, "'" + value + "' is already used on line " + std::to_string(*first)});
  }
};

// Reads one row into a record that starts from the existing one (columns the
// file leaves out keep their values) or a new one.
template <class T>
std::pair<T, bool> read_row(const csv::Row& row, const std::vector<const Field<T>*>& columns,
                          const std::map<std::size_t, core::DateOrder>& date_orders,
                          const T* existing, std::vector<ImportProblem>& problems) {
  T record{};
  if (existing) record = *existing;
  bool ok = true;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto* f = columns[i];
    if (!f) continue;
    auto value = core::trim(row.fields[i]);
    if (auto order = date_orders.find(i); order != date_orders.end()) value = detail::iso_date(value, order->second);
    if (f->required && value.empty()) {
      problems.push_back({row.line, std::string{f->name}, "is empty; this column needs a value on every row"});
      ok = false;
      continue;
    }
    if (auto e = f->set(record, value)) {
      problems.push_back({row.line, std::string{f->name}, *e});
      ok = false;
    }
  }
  return {record, ok};
}

core::Request record_request(const core::Person& p) {
  return core::RecordPerson{.actor = std::string{core::kSystemActor}, .person = p};
}
core::Request record_request(const core::Device& d) {
  return core::RecordDevice{.actor = std::string{core::kSystemActor}, .device = d};
}

// Counts the row and, if it changes anything, has the rules record it.
template <class T>
void count(ImportPlan& plan, const core::State& state, const T* existing, const T& record, core::Time now,
           std::size_t line) {
  if (existing && *existing == record) {
    ++plan.unchanged;
    return;
  }
  if (!detail::decide_row(state, record_request(record), now, line, plan)) return;
  ++(existing ? plan.updated : plan.added);
}

}  // namespace

std::vector<std::string> device_columns() { return names_of(detail::device_fields()); }

namespace {

// The rows of a register file: each read, checked for values that must be
// unique within the file, and recorded through the rules.
template <class T>
ImportPlan plan_register(const csv::Table& table, const core::State& state,
                         const T* (core::State::*look_up)(const std::string& id) const,
                         const std::vector<detail::Field<T>>& fields,
                         const std::vector<std::pair<const char*, core::Text T::*>>& unique, core::Time now,
                         const ImportOptions& options) {
  ImportPlan plan = detail::new_plan(options);
  auto columns = match_header(table, fields, plan.problems);
  if (!plan.ok()) return plan;  // without a sound header the rows cannot be read
  std::vector<std::size_t> date_columns;
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] && columns[i]->date) date_columns.push_back(i);
  auto date_orders = detail::date_orders(table, date_columns, options, plan);
  if (!plan.ok()) return plan;
  Uniques uniques;
  for (const auto& row : csv::rows(table)) {
    plan.next_row();
    if (!detail::check_row_width(row, columns.size(), plan.problems)) continue;
    if (!detail::check_row_utf8(row, table.header, plan.problems)) continue;
    // The record on file, if any (a look-up, valid for this row).
    const T* existing = nullptr;
    for (std::size_t i = 0; i < columns.size(); ++i)
      if (columns[i] && columns[i]->name == "id") existing = (state.*look_up)(core::trim(row.fields[i]));
    auto [record, read_ok] = read_row(row, columns, date_orders, existing, plan.problems);
    for (const auto& [column, member] : unique) uniques.check(column, record.*member, row.line, plan.problems);
    if (read_ok) count(plan, state, existing, record, now, row.line);
  }
  detail::sort_problems(plan.problems, table.header);
  if (!plan.ok()) plan.events.clear();
  return plan;
}

}  // namespace

ImportPlan plan_people_import(const csv::Table& table, const core::State& state, core::Time now,
                              const ImportOptions& options) {
  using P = core::Person;
  return plan_register<P>(table, state, &core::State::person, detail::person_fields(),
                          {{"id", &P::id}, {"card", &P::card}, {"admission_no", &P::admission_no},
                           {"staff_code", &P::staff_code}},
                          now, options);
}

ImportPlan plan_devices_import(const csv::Table& table, const core::State& state, core::Time now,
                               const ImportOptions& options) {
  using D = core::Device;
  // Asset tags and serials are looked up as scanned, so each names one device
  // (within the file here; against the register, the rules check it).
  return plan_register<D>(table, state, &core::State::device, detail::device_fields(),
                          {{"id", &D::id}, {"asset_tag", &D::asset_tag}, {"serial", &D::serial}}, now, options);
}

}  // namespace exchange
