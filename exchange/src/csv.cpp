#include "exchange/csv.h"

#include "core/strings.h"

#include <fstream>
#include <sstream>

namespace exchange::csv {
namespace {
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kSaveAsUtf8 =
    "in Excel: File > Save As, and choose \"CSV UTF-8 (Comma delimited) (*.csv)\"; "
    "in LibreOffice: File > Save As, \"Text CSV\", character set Unicode (UTF-8)";

// The separator the header uses most, outside quotes: ',' unless ';' or a tab wins.
char separator_of(std::string_view text) {
  int counts[3] = {0, 0, 0};
  constexpr char kSeparators[3] = {',', ';', '\t'};
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    for (int i = 0; i < 3; ++i)
      if (c == kSeparators[i]) ++counts[i];
  }
  int best = 0;
  for (int i = 1; i < 3; ++i)
    if (counts[i] > counts[best]) best = i;
  return kSeparators[best];
}

std::string fmt_byte(unsigned char b) {
  constexpr char kHex[] = "0123456789ABCDEF";
  return std::string{"byte 0x"} + kHex[b >> 4] + kHex[b & 15];
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::expected<std::string, std::string> from_utf16(std::string_view bytes, bool big_endian) {
  const std::string name = big_endian ? "UTF-16BE" : "UTF-16LE";
  if (bytes.size() % 2) return std::unexpected("is " + name + " text cut short (an odd number of bytes)");
  auto unit = [&](std::size_t i) -> char32_t {
    auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
    return big_endian ? (a << 8 | b) : (b << 8 | a);
  };
  std::string out;
  out.reserve(bytes.size() / 2);
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    char32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < bytes.size()) {
      char32_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
        continue;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF) return std::unexpected("is " + name + " text with a broken character (an unpaired surrogate)");
    append_utf8(out, u);
  }
  return out;
}

// Windows-1252's 0x80-0x9F; 0 = not a character. The rest is Latin-1.
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

std::expected<std::string, std::string> from_cp1252(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  std::size_t line = 1;
  for (char c : bytes) {
    auto b = static_cast<unsigned char>(c);
    if (c == '\n') ++line;
    char32_t cp = b;
    if (b >= 0x80 && b < 0xA0) cp = kCp1252High[b - 0x80];
    if (cp == 0 && b != 0)
      return std::unexpected(fmt_byte(b) + " on line " + std::to_string(line) +
                             " is neither UTF-8 nor Windows-1252 text; save it again as CSV UTF-8 (" +
                             std::string{kSaveAsUtf8} + ")");
    append_utf8(out, cp);
  }
  return out;
}
}  // namespace

std::expected<Decoded, std::string> decode(std::string bytes) {
  std::string_view b = bytes;
  if (b.starts_with("PK\x03\x04") || b.starts_with("\xD0\xCF\x11\xE0"))
    return std::unexpected("is an Excel workbook, not a CSV file; tagdesk reads CSV only: " + std::string{kSaveAsUtf8} +
                           " (or convert it with xlsx2csv)");
  if (b.starts_with("\xFF\xFE") || b.starts_with("\xFE\xFF")) {
    bool big = b[0] == '\xFE';
    auto text = from_utf16(b.substr(2), big);
    if (!text) return std::unexpected(text.error() + "; " + std::string{kSaveAsUtf8});
    return Decoded{std::move(*text), big ? "UTF-16BE" : "UTF-16LE"};
  }
  if (core::valid_utf8(b)) return Decoded{std::move(bytes), "UTF-8"};
  auto text = from_cp1252(b);
  if (!text) return std::unexpected(text.error());
  return Decoded{std::move(*text), "Windows-1252"};
}

std::expected<Table, std::string> parse(std::string_view text) {
  Table table;
  const char separator = table.separator = separator_of(text.starts_with(kByteOrderMark) ? text.substr(3) : text);
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
    if (c == separator) {
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
  auto decoded = decode(std::move(buf).str());
  if (!decoded) return std::unexpected(name + ": " + decoded.error());
  auto table = parse(decoded->text);
  if (!table) return std::unexpected(name + ": " + table.error());
  table->encoding = decoded->encoding;
  if (table->header.empty()) return std::unexpected(name + ": the file is empty (expected a header row)");
  return table;
}

std::string format_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    const auto& f = fields[i];
    // A ';' or tab is quoted too, so that the reader, which takes the
    // separator the header uses most, reads the row back the same.
    bool quote = f.find_first_of(",;\t\"\r\n") != std::string::npos || (!f.empty() && (f.front() == ' ' || f.back() == ' ')) ||
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
