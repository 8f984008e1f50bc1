#include "exchange/csv.h"

#include <fstream>
#include <sstream>

namespace exchange::csv {
namespace {
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
}  // namespace

std::expected<Table, std::string> parse(std::string_view text) {
  Table table;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> lines;

  std::size_t line = 1, row_line = 1;
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;          // inside quotes
  bool was_quoted = false;      // this field was quoted (so text after its close quote is an error)
  bool row_has_content = false; // distinguishes a blank line from a row of one empty field
  std::size_t i = 0;

  auto end_row = [&] {
    fields.push_back(std::move(field));
    field.clear();
    if (row_has_content || fields.size() > 1) {
      rows.push_back(std::move(fields));
      lines.push_back(row_line);
    }
    fields.clear();
    row_has_content = false;
    was_quoted = false;
  };

  for (; i < text.size(); ++i) {
    char c = text[i];
    // A byte-order mark means something only before the header; tools that
    // re-save a file sometimes add another each time, after blank lines too.
    bool before_header = rows.empty() && fields.empty() && field.empty() && !row_has_content;
    if (before_header && !quoted && text.substr(i).starts_with(kByteOrderMark)) {
      i += kByteOrderMark.size() - 1;
      continue;
    }
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
      row_has_content = true;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
      ++line;
      row_line = line;
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = true;
      was_quoted = true;
      row_has_content = true;
    } else if (was_quoted) {
      return std::unexpected("line " + std::to_string(line) + ": text after a closing quote (write \"\" for a quote inside a quoted field)");
    } else {
      field += c;
      row_has_content = true;
    }
  }
  if (quoted) return std::unexpected("line " + std::to_string(row_line) + ": a quoted field is never closed");
  if (row_has_content || !field.empty() || !fields.empty()) end_row();

  if (rows.empty()) return table;
  table.header = std::move(rows.front());
  for (std::size_t r = 1; r < rows.size(); ++r) table.rows.push_back(Row{lines[r], std::move(rows[r])});
  return table;
}

std::expected<Table, std::string> read_file(const std::filesystem::path& path) {
  std::error_code ec;
  auto name = path.string();
  if (!std::filesystem::exists(path, ec)) return std::unexpected(name + ": no such file");
  if (std::filesystem::is_directory(path, ec)) return std::unexpected(name + ": is a folder, not a CSV file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(name + ": cannot be read (check its permissions)");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return std::unexpected(name + ": cannot be read");
  std::string text = buf.str();
  auto table = parse(text);
  if (!table) return std::unexpected(name + ": " + table.error());
  if (table->header.empty()) return std::unexpected(name + ": the file is empty (expected a header row)");
  return table;
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n;
    char32_t cp;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
    else return false;
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

std::string format_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    const auto& f = fields[i];
    bool quote = f.find_first_of(",\"\r\n") != std::string::npos || (!f.empty() && (f.front() == ' ' || f.back() == ' ')) ||
                 f.starts_with(kByteOrderMark) ||  // a bare one would be read as a mark
                 (fields.size() == 1 && f.empty());  // a bare one would be a blank line
    if (!quote) {
      out += f;
      continue;
    }
    out += '"';
    for (char c : f) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
  return out;
}

}  // namespace exchange::csv
