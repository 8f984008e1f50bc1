// What the imports share: matching a header to known columns, checking cells,
// and turning accepted records into events.
#pragma once

#include <algorithm>
#include <map>
#include <string_view>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/date_order.h"
#include "core/decide.h"
#include "core/event.h"
#include "core/request.h"
#include "core/state.h"
#include "exchange/csv.h"
#include "exchange/import.h"

namespace exchange::detail {

// An empty plan with the options' sink and shown_rows.
[[nodiscard]] ImportPlan new_plan(const ImportOptions& options);

// Asks core::decide (the same rules as the kiosk) to record a row's request,
// as the system actor; appends its events to the plan, or its refusals as
// problems on the row's line. True when allowed.
bool decide_row(const core::State& state, const core::Request& request, core::Time now, std::size_t line,
                ImportPlan& plan);

// "a, b, c": for messages that list accepted names.
[[nodiscard]] std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

// Reports every cell that is not UTF-8; true if the row is clean.
bool check_row_utf8(const csv::Row& row, const std::vector<std::string>& header, std::vector<ImportProblem>& out);
// Reports a row with a different number of fields from the header; true if it matches.
bool check_row_width(const csv::Row& row, std::size_t width, std::vector<ImportProblem>& out);

// Sorts problems by line, then column position in the file.
void sort_problems(std::vector<ImportProblem>& problems, const std::vector<std::string>& header);

// The order of each date column (by its index in the file): from its values
// (core::fit_date_order), or options.date_order where the values leave it
// open. A column whose values read either way, with no --date-format, or
// contradict each other, is one problem on its header; a column read as DMY or
// MDY is listed in plan.guessed with a value that settles it.
[[nodiscard]] std::map<std::size_t, core::DateOrder> date_orders(const csv::Table& table,
                                                                 const std::vector<std::size_t>& columns,
                                                                 const ImportOptions& options, ImportPlan& plan);
// A cell of a date column as YYYY-MM-DD when it reads as a date in `order`,
// else as it is (the field then says what is wrong with it).
[[nodiscard]] std::string iso_date(std::string_view cell, core::DateOrder order);

// The line each value of a column was first seen on, to refuse a value used
// twice in a file. Keeps a 64-bit hash of each value, not the value itself
// (for a 200,000-row file the values would cost more memory than the rest of
// the import): two different values with the same hash, about one chance in
// a billion for 200,000 rows, would be taken for one used twice.
class FirstLines {
 public:
  // The line `value` was first seen on, if it was; else records `line` for it.
  std::optional<std::size_t> add(std::string_view value, std::size_t line) {
    auto [it, inserted] = lines_.emplace(std::hash<std::string_view>{}(value), line);
    if (inserted) return std::nullopt;
    return it->second;
  }
  [[nodiscard]] bool contains(std::string_view value) const {
    return lines_.contains(std::hash<std::string_view>{}(value));
  }

 private:
  std::unordered_map<std::size_t, std::size_t> lines_;
};

// The next free id with this letter: P0001, P0002, ... (staff S001, ...).
class IdMaker {
 public:
  IdMaker(const core::State& s, char letter, int width) : letter_(letter), width_(width) {
    s.each_person([&](const core::Person& p) {
      const std::string& id = p.id;
      if (id.size() < 2 || id.size() > 12 || id[0] != letter ||
          !std::all_of(id.begin() + 1, id.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return;
      next_ = std::max(next_, std::stoll(id.substr(1)) + 1);
      width_ = std::max(width_, static_cast<int>(id.size()) - 1);
    }, {.fields = {"id"}});
  }
  std::string make() {
    auto n = std::to_string(next_++);
    return letter_ + std::string(n.size() < static_cast<std::size_t>(width_) ? width_ - n.size() : 0, '0') + n;
  }

 private:
  char letter_;
  int width_;
  long long next_ = 1;
};

}  // namespace exchange::detail
