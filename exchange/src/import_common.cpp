#include "import_common.h"

#include <algorithm>

namespace exchange {

std::string to_string(const ImportProblem& p) {
  std::string out;
  if (p.line) out += "line " + std::to_string(p.line);
  if (!p.column.empty()) out += (out.empty() ? "" : ", ") + std::string{"column "} + p.column;
  return out.empty() ? p.message : out + ": " + p.message;
}

namespace detail {

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
    if (csv::valid_utf8(row.fields[i])) continue;
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

}  // namespace detail
}  // namespace exchange
