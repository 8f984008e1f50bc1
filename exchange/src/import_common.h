// What the imports share: matching a header to known columns, checking cells,
// and turning accepted records into events.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/decide.h"
#include "core/event.h"
#include "core/request.h"
#include "core/state.h"
#include "exchange/csv.h"
#include "exchange/import.h"

namespace exchange::detail {

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

}  // namespace exchange::detail
