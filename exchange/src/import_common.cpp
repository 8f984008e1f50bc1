#include "import_common.h"

#include <algorithm>
#include <tuple>
#include "core/strings.h"

#include "register_fields.h"
#include "core/safeguards.h"

namespace exchange {

std::string to_string(const ImportProblem& p) {
  std::string out;
  if (p.line) out += "line " + std::to_string(p.line);
  if (!p.column.empty()) out += (out.empty() ? "" : ", ") + std::string{"column "} + p.column;
  return out.empty() ? p.message : out + ": " + p.message;
}

void ImportPlan::add_row(ImportRow row) {
  auto shown = std::ranges::count(rows, row.action, &ImportRow::action);
  if (static_cast<std::size_t>(shown) < shown_rows) rows.push_back(std::move(row));
  else ++more_rows[row.action];
}

void ImportPlan::next_row() {
  if (sink && rows_read > 0 && rows_read % chunk_rows == 0) sink(events, rows_read);
  ++rows_read;
}

void check_safeguards(ImportPlan& plan, const core::State& state, std::optional<std::size_t> confirmed_leavers) {
  if (auto r = core::keeps_an_administrator(state, plan.events)) plan.problems.push_back({0, "", r->message + " (" + r->rule + ")"});
  core::Leavers l = core::leavers_of(state, plan.events);
  for (const auto* ids : {&l.staff, &l.pupils})
    for (const auto& id : *ids) {
      const core::Person* p = state.person(id);
      plan.leavers.push_back(id + " " + p->first_name + " " + p->surname + (ids == &l.staff ? " (staff)" : " (pupil)"));
    }
  if (!l.too_many(state.settings) || confirmed_leavers == l.size()) return;
  plan.problems.push_back(
      {0, "", std::to_string(l.size()) + " people would be deactivated (" + std::to_string(l.staff.size()) + " of " +
                  std::to_string(l.active_staff) + " staff, " + std::to_string(l.pupils.size()) + " of " +
                  std::to_string(l.active_pupils) + " pupils), more than " +
                  std::to_string(state.settings.max_leavers_percent) +
                  "% of either: check the list with --dry-run, then confirm with --confirm-leavers " +
                  std::to_string(l.size())});
}

namespace detail {

ImportPlan new_plan(const ImportOptions& options) {
  ImportPlan plan;
  plan.sink = options.sink;
  plan.chunk_rows = std::max<std::size_t>(options.chunk_rows, 1);
  plan.shown_rows = options.shown_rows;
  return plan;
}

bool decide_row(const core::State& state, const core::Request& request, core::Time now, std::size_t line,
                ImportPlan& plan) {
  core::Decision d = core::decide(state, request, now);
  if (!d.allowed()) {
    for (const auto& r : d.refusals) plan.problems.push_back({line, "", r.message + " (" + r.rule + ")"});
    return false;
  }
  for (auto& e : d.events) plan.events.push_back(std::move(e));
  return true;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : std::string{sep}) + i;
  return out;
}

bool check_row_utf8(const csv::Row& row, const std::vector<std::string>& header, std::vector<ImportProblem>& out) {
  bool ok = true;
  for (std::size_t i = 0; i < row.fields.size(); ++i) {
    if (core::valid_utf8(row.fields[i])) continue;
    ok = false;
    out.push_back({row.line, i < header.size() ? header[i] : "#" + std::to_string(i + 1),
                   "is not valid UTF-8 text (save the spreadsheet as \"CSV UTF-8\")"});
  }
  return ok;
}

bool check_row_width(const csv::Row& row, std::size_t width, std::vector<ImportProblem>& out) {
  if (row.fields.size() == width) return true;
  out.push_back({row.line, "", "has " + std::to_string(row.fields.size()) + " fields but the header has " +
                                   std::to_string(width) + " (a comma inside a value needs quotes)"});
  return false;
}

void sort_problems(std::vector<ImportProblem>& problems, const std::vector<std::string>& header) {
  auto pos = [&](const std::string& c) {
    auto it = std::ranges::find(header, c);
    return it - header.begin();
  };
  std::ranges::stable_sort(problems, [&](const ImportProblem& a, const ImportProblem& b) {
    if (a.line != b.line) return a.line < b.line;
    return pos(a.column) < pos(b.column);
  });
}

std::map<std::size_t, core::DateOrder> date_orders(const csv::Table& table, const std::vector<std::size_t>& columns,
                                                   const ImportOptions& options, ImportPlan& plan) {
  using core::DateOrder;
  std::map<std::size_t, DateOrder> out;
  // The first value written day and month first (not year first) that `a`
  // reads and `b` does not (b = a: the first that `a` reads).
  auto example_of = [](std::string_view v, DateOrder a, DateOrder b) {
    auto cut = v.find_first_of("/-.");
    return cut != std::string_view::npos && cut != 4 && core::parse_date_as(v, a) && (a == b || !core::parse_date_as(v, b));
  };
  // Each column's fit and the examples its messages need, in one walk over
  // the rows for every date column (a streamed file is read once, its cells not kept).
  struct Column {
    core::DateOrderFit fit;
    std::string dmy_only, mdy_only, dmy;  // example(DMY, MDY), example(MDY, DMY), example(DMY, DMY)
  };
  std::vector<Column> seen(columns.size());
  if (!columns.empty())
    for (const auto& row : csv::rows(table))
      for (std::size_t k = 0; k < columns.size(); ++k) {
        if (columns[k] >= row.fields.size()) continue;
        auto cell = core::trim(row.fields[columns[k]]);
        std::string_view one[] = {cell};
        auto f = core::fit_date_order(one);
        auto& c = seen[k];
        c.fit.day_month_seen = c.fit.day_month_seen || f.day_month_seen;
        c.fit.dmy = c.fit.dmy && f.dmy;
        c.fit.mdy = c.fit.mdy && f.mdy;
        for (auto [example, a, b] : {std::tuple{&c.dmy_only, DateOrder::DMY, DateOrder::MDY},
                                     std::tuple{&c.mdy_only, DateOrder::MDY, DateOrder::DMY},
                                     std::tuple{&c.dmy, DateOrder::DMY, DateOrder::DMY}})
          if (example->empty() && example_of(cell, a, b)) *example = cell;
      }
  for (std::size_t k = 0; k < columns.size(); ++k) {
    const auto c = columns[k];
    const auto& fit = seen[k].fit;
    const auto label = core::trim(table.header[c]);
    auto example = [&](DateOrder a, DateOrder b) {
      return a == b ? seen[k].dmy : a == DateOrder::DMY ? seen[k].dmy_only : seen[k].mdy_only;
    };
    if (auto order = fit.order()) {
      out[c] = *order;
      if (*order == DateOrder::YMD) continue;
      auto other = *order == DateOrder::DMY ? DateOrder::MDY : DateOrder::DMY;
      plan.guessed.push_back("column \"" + label + "\": dates read as " +
                             (*order == DateOrder::DMY ? "day/month/year" : "month/day/year") + " (" +
                             std::string{core::to_string(*order)} + "), because '" + example(*order, other) +
                             "' can only be read that way");
    } else if (fit.ambiguous() && options.date_order) {
      out[c] = *options.date_order;
      plan.guessed.push_back("column \"" + label + "\": dates read as " +
                             std::string{core::to_string(*options.date_order)} + ", as --date-format says");
    } else if (fit.ambiguous()) {
      plan.problems.push_back({1, label, "every date in this column could be day/month or month/day (such as '" +
                                             example(DateOrder::DMY, DateOrder::DMY) +
                                             "'); say which with --date-format DMY (day first), MDY (month first) or YMD"});
    } else {
      plan.problems.push_back({1, label, "its dates contradict each other: '" + example(DateOrder::DMY, DateOrder::MDY) +
                                             "' can only be day/month, '" + example(DateOrder::MDY, DateOrder::DMY) +
                                             "' only month/day; correct the column"});
    }
  }
  return out;
}

std::string iso_date(std::string_view cell, core::DateOrder order) {
  if (auto d = core::parse_date_as(cell, order)) return core::format_date(*d);
  return std::string{cell};
}

}  // namespace detail
}  // namespace exchange
