// CSV as spreadsheets write it (RFC 4180): quoted fields with embedded commas,
// quotes and newlines, CRLF or LF line ends, an optional UTF-8 byte-order mark.
// Every row keeps the line it started on, so an import can name it.
//
// Excel's other CSVs are read too: the separator is the one the header uses
// most (',' or ';' as Excel writes in most of Europe, or a tab as in its
// "Unicode Text"); files are UTF-8, UTF-16 with a byte-order mark (LE or BE),
// or, when they are not UTF-8, Windows-1252 (Excel's "CSV (Comma delimited)").
// A workbook (.xlsx, .xls) is refused with how to save it as "CSV UTF-8".
//
//   auto table = exchange::csv::read_file("people.csv");   // or parse(text), or open_file
//   if (!table) die(table.error());                   // "people.csv: line 7: a quoted field is never closed"
//   for (const auto& row : exchange::csv::rows(*table)) use(row.line, row.fields);
//
// open_file() streams: it checks the whole file once and keeps only its header,
// and each walk over rows() reads the file again, a block at a time, so the
// memory a 200,000-row import needs does not grow with the file.
//   std::string line = exchange::csv::format_row({"id", "Zoë, K."});   // "id,\"Zoë, K.\"\r\n"
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <iterator>
#include <memory>
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
  std::vector<Row> rows;            // the rows after it; blank lines are skipped (empty when streamed)
  char separator = ',';             // found in the header: ',', ';' or '\t'
  std::string encoding = "UTF-8";   // what read_file decoded: "UTF-8", "UTF-16LE", "UTF-16BE", "Windows-1252"
  // open_file() of a UTF-8 file: the file its rows are read from on each walk,
  // and how many there are. Empty: the rows are in `rows`.
  std::filesystem::path streamed_from;
  std::size_t streamed_rows = 0;
  [[nodiscard]] std::size_t size() const { return streamed_from.empty() ? rows.size() : streamed_rows; }
};

// The rows of a table in order, from `rows` or read again from its file: a
// single-pass range (each begin() starts a new walk). A file changed since
// open_file() checked it stops the walk with std::runtime_error naming it.
class RowCursor;
class Rows {
 public:
  class iterator {
   public:
    using value_type = Row;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    const Row& operator*() const { return *row_; }
    const Row* operator->() const { return row_; }
    iterator& operator++();
    void operator++(int) { ++*this; }
    bool operator==(std::default_sentinel_t) const { return row_ == nullptr; }

   private:
    friend class Rows;
    const std::vector<Row>* vec_ = nullptr;
    std::size_t i_ = 0;
    std::shared_ptr<RowCursor> cursor_;
    const Row* row_ = nullptr;
  };
  explicit Rows(const Table& t) : table_(&t) {}
  [[nodiscard]] iterator begin() const;
  [[nodiscard]] std::default_sentinel_t end() const { return {}; }

 private:
  const Table* table_;
};
[[nodiscard]] inline Rows rows(const Table& t) { return Rows{t}; }

// Parses text (a leading BOM is dropped), with the separator its first line
// uses most. Fails on a quote never closed or text after a closing quote,
// naming the line. Bytes are not checked: see core::valid_utf8.
[[nodiscard]] std::expected<Table, std::string> parse(std::string_view text);

// A file's bytes as UTF-8 text, and the encoding they were in (see above).
// Fails, naming the encoding and how to save the file as "CSV UTF-8", on a
// workbook, a UTF-16 file that is cut short, or bytes that are neither UTF-8
// nor Windows-1252.
struct Decoded {
  std::string text;
  std::string encoding;
};
[[nodiscard]] std::expected<Decoded, std::string> decode(std::string bytes);
// Reads and parses a file; messages name the file (missing, unreadable, empty, malformed).
[[nodiscard]] std::expected<Table, std::string> read_file(const std::filesystem::path& path);
// The same checks and messages as read_file, but a UTF-8 file's rows stay in
// the file (Table::streamed_from) and are read again on each walk; a UTF-16
// or Windows-1252 file is decoded in memory as read_file does.
[[nodiscard]] std::expected<Table, std::string> open_file(const std::filesystem::path& path);

// One row with CRLF, quoting only the fields that need it. A field a
// spreadsheet would run as a formula (starting =, +, -, @, tab or CR) is
// written neutralised, with a ' in front (OWASP's CSV injection advice);
// parse() gives the original back.
[[nodiscard]] std::string format_row(const std::vector<std::string>& fields);
// The one field as format_row writes it, before quoting; and back, as parse() reads it.
[[nodiscard]] std::string neutralised(std::string_view field);
[[nodiscard]] std::string restored(std::string field);

}  // namespace exchange::csv
