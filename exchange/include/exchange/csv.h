// CSV as spreadsheets write it (RFC 4180): quoted fields with embedded commas,
// quotes and newlines, CRLF or LF line ends, an optional UTF-8 byte-order mark.
// Every row keeps the line it started on, so an import can name it.
//
//   auto table = exchange::csv::read_file("people.csv");   // or parse(text)
//   if (!table) die(table.error());                   // "people.csv: line 7: a quoted field is never closed"
//   for (const auto& row : table->rows) use(row.line, row.fields);
//   std::string line = exchange::csv::format_row({"id", "Zoë, K."});   // "id,\"Zoë, K.\"\r\n"
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace exchange::csv {

struct Row {
  std::size_t line = 0;  // 1-based line where the row starts
  std::vector<std::string> fields;
};

struct Table {
  std::vector<std::string> header;  // the first row, empty for an empty file
  std::vector<Row> rows;            // the rows after it; blank lines are skipped
};

// Parses text (a leading BOM is dropped). Fails on a quote never closed or
// text after a closing quote, naming the line. Bytes are not checked: see valid_utf8.
[[nodiscard]] std::expected<Table, std::string> parse(std::string_view text);
// Reads and parses a file; messages name the file (missing, unreadable, empty, malformed).
[[nodiscard]] std::expected<Table, std::string> read_file(const std::filesystem::path& path);

[[nodiscard]] bool valid_utf8(std::string_view text);

// One row with CRLF, quoting only the fields that need it.
[[nodiscard]] std::string format_row(const std::vector<std::string>& fields);

}  // namespace exchange::csv
