// tagdesk pat record --csv FILE: a day's PAT tests, all-or-nothing.
#include <map>
#include <set>

#include "core/enum_names.h"
#include "exchange/import.h"
#include "import_common.h"
#include "register_fields.h"
#include "core/strings.h"

namespace exchange {
namespace {

const std::vector<std::string> kColumns = {"device", "date",       "result", "inspection", "class",
                                           "type",   "tester",     "instrument", "notes",  "label"};

template <class E>
std::optional<std::string> parse_into(std::string_view v, E& out) {
  if (v.empty()) return std::nullopt;
  auto e = core::parse_enum<E>(v);
  if (!e) return "'" + std::string{v} + "' is not one of " + core::enum_choices<E>();
  out = *e;
  return std::nullopt;
}

}  // namespace

ImportPlan plan_pat_import(const csv::Table& table, const core::State& state, core::Time now,
                           const ImportOptions& options) {
  ImportPlan plan = detail::new_plan(options);
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    auto name = core::ascii_lower(core::trim(table.header[i]));
    if (std::ranges::find(kColumns, name) == kColumns.end())
      plan.problems.push_back({1, core::trim(table.header[i]),
                               "unknown column; the accepted columns are: " + detail::join(kColumns)});
    else if (!index.emplace(name, i).second)
      plan.problems.push_back({1, name, "appears twice in the header"});
  }
  for (const char* required : {"device", "date", "result", "inspection"})
    if (!index.contains(required)) plan.problems.push_back({1, required, "required column is missing (the header must name it)"});
  if (!plan.ok()) return plan;
  const auto date_column = index.at("date");
  const auto date_order = detail::date_orders(table, {date_column}, options, plan);
  if (!plan.ok()) return plan;

  for (const auto& row : csv::rows(table)) {
    plan.next_row();
    if (!detail::check_row_width(row, table.header.size(), plan.problems)) continue;
    if (!detail::check_row_utf8(row, table.header, plan.problems)) continue;
    auto cell = [&](const std::string& c) { return index.contains(c) ? core::trim(row.fields[index[c]]) : std::string{}; };
    std::size_t before = plan.problems.size();
    auto problem = [&](const char* column, const std::string& message) { plan.problems.push_back({row.line, column, message}); };

    core::PatRecord rec;
    auto code = cell("device");
    if (state.device(code)) rec.device = code;
    else if (auto by_code = state.device_by_tag_or_serial(code); !by_code.empty()) rec.device = by_code;
    else problem("device", code.empty() ? "is empty; name the device tested" : "'" + code + "' is not a device in the register");
    if (const auto* d = state.device(rec.device)) {
      rec.equipment_class = d->equipment_class;  // the register's, unless the row says otherwise
      rec.equipment_type = d->equipment_type;
    }
    std::optional<core::Date> date;
    if (auto e = detail::parse_date_cell(detail::iso_date(cell("date"), date_order.at(date_column)), date)) problem("date", *e);
    else if (!date) problem("date", "is empty; give the date of the test");
    else rec.date = *date;
    auto result = core::ascii_lower(cell("result"));
    if (result == "pass" || result == "passed") rec.passed = true;
    else if (result == "fail" || result == "failed") rec.passed = false;
    else problem("result", "'" + cell("result") + "' is not pass or fail");
    if (cell("inspection").empty()) problem("inspection", "is empty; write visual or combined");
    else if (auto e = parse_into(cell("inspection"), rec.inspection)) problem("inspection", *e);
    if (auto e = parse_into(cell("class"), rec.equipment_class)) problem("class", *e);
    if (auto e = parse_into(cell("type"), rec.equipment_type)) problem("type", *e);
    rec.tester = cell("tester");
    rec.instrument = cell("instrument");
    rec.notes = cell("notes");
    for (const char* c : {"tester", "instrument", "notes"})
      if (auto e = detail::check_length(cell(c), detail::kMaxField)) problem(c, *e);
    auto label = detail::parse_bool(cell("label"));
    if (!label) problem("label", "'" + cell("label") + "' is not yes or no");
    else rec.label_applied = *label;
    if (plan.problems.size() != before) continue;
    if (detail::decide_row(state, core::RecordPat{.actor = std::string{core::kSystemActor}, .record = rec}, now,
                           row.line, plan))
      ++plan.added;
  }
  detail::sort_problems(plan.problems, table.header);
  if (!plan.ok()) plan.events.clear();
  return plan;
}

}  // namespace exchange
