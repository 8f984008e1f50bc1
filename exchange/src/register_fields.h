// The register's CSV columns: one table per record type naming each field,
// how to read it from a cell and how to write it back. Imports and exports
// share these tables, so what one writes the other reads.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/time.h"

namespace exchange::detail {

inline constexpr std::size_t kMaxField = 200;  // a cell with no field of its own in core's tables

template <class T>
struct Field {
  std::string_view name;
  bool required = false;
  // Sets the field from a cell; returns what is wrong with the cell, if anything.
  std::function<std::optional<std::string>(T&, std::string_view)> set;
  std::function<std::string(const T&)> get;
  bool date = false;  // a date column: its order is found from the whole column (import_common.h)
};

[[nodiscard]] const std::vector<Field<core::Person>>& person_fields();
[[nodiscard]] const std::vector<Field<core::Device>>& device_fields();

// Shared cell checks, also used by the Snipe-IT and MIS imports.
[[nodiscard]] std::optional<std::string> check_id(std::string_view v);
[[nodiscard]] std::optional<std::string> check_length(std::string_view v, std::size_t max);
[[nodiscard]] std::optional<bool> parse_bool(std::string_view v);
// ISO dates (an import has turned its date columns into these first: detail::iso_date).
[[nodiscard]] std::optional<std::string> parse_date_cell(std::string_view v, std::optional<core::Date>& out);

}  // namespace exchange::detail
