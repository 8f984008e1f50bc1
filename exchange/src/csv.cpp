#include "exchange/csv.h"

#include <deque>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "core/strings.h"

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

// OWASP's advice on CSV injection: a cell a spreadsheet would take for a
// formula starts with one of these. tagdesk writes such a cell with a ' in
// front (shown, never evaluated); a cell that already starts with ' and one of
// these, or another ', gets one more, so that parse() takes exactly one off.
constexpr std::string_view kFormulaStart = "=+-@\t\r";

bool formula_like(std::string_view f) { return !f.empty() && kFormulaStart.find(f.front()) != std::string_view::npos; }
bool escaped(std::string_view f) { return f.size() > 1 && f.front() == '\'' && (formula_like(f.substr(1)) || f[1] == '\''); }

}  // namespace

std::string neutralised(std::string_view field) {
  return formula_like(field) || escaped(field) ? "'" + std::string{field} : std::string{field};
}

std::string restored(std::string field) {
  if (escaped(field)) field.erase(0, 1);
  return field;
}

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

namespace {

// RFC 4180 as a machine fed text in pieces that each end at a line end (or
// the end of the text), so that no quote pair, CRLF or byte-order mark is cut:
// parse() feeds it the whole text, a streamed file a block at a time.
class Parser {
 public:
  explicit Parser(char separator) : separator_(separator) {}

  // Calls emit(line, fields) for each row, the header first; an error names the line.
  template <class Emit>
  std::optional<std::string> feed(std::string_view text, Emit&& emit) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      // A byte-order mark means something only before the header; tools that
      // re-save a file sometimes add another each time, after blank lines too.
      bool before_header = rows_ == 0 && fields_.empty() && field_.empty() && !row_has_content_;
      if (before_header && !quoted_ && text.substr(i).starts_with(kByteOrderMark)) {
        i += kByteOrderMark.size() - 1;
        continue;
      }
      if (quoted_) {
        if (c == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field_ += '"';
            ++i;
          } else {
            quoted_ = false;
          }
        } else {
          if (c == '\n') ++line_;
          field_ += c;
        }
        continue;
      }
      if (c == separator_) {
        fields_.push_back(std::move(field_));
        field_.clear();
        was_quoted_ = false;
        row_has_content_ = true;
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        end_row(emit);
        ++line_;
        row_line_ = line_;
      } else if (c == '"' && field_.empty() && !was_quoted_) {
        quoted_ = true;
        was_quoted_ = true;
        row_has_content_ = true;
      } else if (was_quoted_) {
        return "line " + std::to_string(line_) + ": text after a closing quote (write \"\" for a quote inside a quoted field)";
      } else {
        field_ += c;
        row_has_content_ = true;
      }
    }
    return std::nullopt;
  }

  // The end of the text: the last row, or the quote never closed.
  template <class Emit>
  std::optional<std::string> finish(Emit&& emit) {
    if (quoted_) return "line " + std::to_string(row_line_) + ": a quoted field is never closed";
    if (row_has_content_ || !field_.empty() || !fields_.empty()) end_row(emit);
    return std::nullopt;
  }

 private:
  template <class Emit>
  void end_row(Emit& emit) {
    fields_.push_back(std::move(field_));
    field_.clear();
    if (row_has_content_ || fields_.size() > 1) {
      ++rows_;
      for (auto& f : fields_) f = restored(std::move(f));  // a neutralised formula, as typed
      emit(row_line_, std::move(fields_));
    }
    fields_.clear();
    row_has_content_ = false;
    was_quoted_ = false;
  }

  char separator_;
  std::size_t line_ = 1, row_line_ = 1, rows_ = 0;
  std::vector<std::string> fields_;
  std::string field_;
  bool quoted_ = false;           // inside quotes
  bool was_quoted_ = false;       // this field was quoted (so text after its close quote is an error)
  bool row_has_content_ = false;  // distinguishes a blank line from a row of one empty field
};

char separator_of_text(std::string_view text) {
  return separator_of(text.starts_with(kByteOrderMark) ? text.substr(3) : text);
}

// A file's bytes in blocks that each end at a line end (the last at the end
// of the file), a megabyte or so at a time.
class Blocks {
 public:
  explicit Blocks(const std::filesystem::path& path) : in_(path, std::ios::binary) {}
  [[nodiscard]] bool good() const { return static_cast<bool>(in_); }
  // The next block, or false at the end (or on a read error: see bad()).
  bool next(std::string& block) {
    constexpr std::size_t kBlock = 1 << 20;
    block = std::move(carry_);
    carry_.clear();
    for (;;) {
      if (in_.eof()) return !block.empty();
      auto at = block.size();
      block.resize(at + kBlock);
      in_.read(block.data() + at, static_cast<std::streamsize>(kBlock));
      block.resize(at + static_cast<std::size_t>(in_.gcount()));
      if (in_.bad()) return false;
      auto cut = block.rfind('\n');
      if (in_.eof() || cut == std::string::npos) continue;  // the whole line, or the whole file
      carry_.assign(block, cut + 1);
      block.resize(cut + 1);
      return true;
    }
  }
  [[nodiscard]] bool bad() const { return in_.bad(); }

 private:
  std::ifstream in_;
  std::string carry_;
};

}  // namespace

// Rows read from a streamed table's file, a block at a time.
class RowCursor {
 public:
  explicit RowCursor(const Table& t) : table_(t), blocks_(t.streamed_from), parser_(t.separator) {
    if (!blocks_.good()) fail("cannot be read any more");
  }
  // The next row after the header, or nullptr at the end.
  const Row* next() {
    while (pending_.empty()) {
      if (done_) return nullptr;
      auto emit = [&](std::size_t line, std::vector<std::string>&& fields) {
        if (header_seen_) pending_.push_back(Row{line, std::move(fields)});
        header_seen_ = true;
      };
      std::optional<std::string> error;
      if (blocks_.next(block_)) {
        error = parser_.feed(block_, emit);
      } else {
        if (blocks_.bad()) fail("cannot be read any more");
        error = parser_.finish(emit);
        done_ = true;
      }
      if (error) fail(*error);
    }
    current_ = std::move(pending_.front());
    pending_.pop_front();
    return &current_;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error(table_.streamed_from.string() + ": " + why + " (the file changed while it was imported?)");
  }
  const Table& table_;
  Blocks blocks_;
  Parser parser_;
  std::string block_;
  std::deque<Row> pending_;
  Row current_;
  bool header_seen_ = false, done_ = false;
};

Rows::iterator Rows::begin() const {
  iterator it;
  if (table_->streamed_from.empty()) {
    it.vec_ = &table_->rows;
    it.row_ = table_->rows.empty() ? nullptr : &table_->rows.front();
  } else {
    it.cursor_ = std::make_shared<RowCursor>(*table_);
    it.row_ = it.cursor_->next();
  }
  return it;
}

Rows::iterator& Rows::iterator::operator++() {
  if (cursor_) {
    row_ = cursor_->next();
  } else {
    ++i_;
    row_ = i_ < vec_->size() ? &(*vec_)[i_] : nullptr;
  }
  return *this;
}

std::expected<Table, std::string> parse(std::string_view text) {
  Table table;
  Parser parser{table.separator = separator_of_text(text)};
  std::vector<Row> rows;
  auto emit = [&](std::size_t line, std::vector<std::string>&& fields) { rows.push_back(Row{line, std::move(fields)}); };
  if (auto e = parser.feed(text, emit)) return std::unexpected(*e);
  if (auto e = parser.finish(emit)) return std::unexpected(*e);
  if (rows.empty()) return table;
  table.header = std::move(rows.front().fields);
  rows.erase(rows.begin());
  table.rows = std::move(rows);
  return table;
}

namespace {

std::optional<std::string> check_path(const std::filesystem::path& path) {
  std::error_code ec;
  auto name = path.string();
  if (!std::filesystem::exists(path, ec)) return name + ": no such file";
  if (std::filesystem::is_directory(path, ec)) return name + ": is a folder, not a CSV file";
  return std::nullopt;
}

}  // namespace

std::expected<Table, std::string> read_file(const std::filesystem::path& path) {
  if (auto e = check_path(path)) return std::unexpected(*e);
  auto name = path.string();
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

std::expected<Table, std::string> open_file(const std::filesystem::path& path) {
  if (auto e = check_path(path)) return std::unexpected(*e);
  auto name = path.string();
  Blocks blocks{path};
  if (!blocks.good()) return std::unexpected(name + ": cannot be read (check its permissions)");
  // One pass that checks every block is UTF-8 and parses, keeping the header
  // and counting the rows; anything else (a workbook, UTF-16, Windows-1252) is
  // read whole, as read_file does.
  Table table;
  std::string block;
  std::optional<Parser> parser;
  auto emit = [&](std::size_t, std::vector<std::string>&& fields) {
    if (table.header.empty() && table.streamed_rows == 0) table.header = std::move(fields);
    else ++table.streamed_rows;
  };
  bool first = true;
  while (blocks.next(block)) {
    if (first) {
      std::string_view b = block;
      if (b.starts_with("PK\x03\x04") || b.starts_with("\xD0\xCF\x11\xE0") || b.starts_with("\xFF\xFE") ||
          b.starts_with("\xFE\xFF"))
        return read_file(path);
      parser.emplace(table.separator = separator_of_text(b));
      first = false;
    }
    if (!core::valid_utf8(block)) return read_file(path);
    if (auto e = parser->feed(block, emit)) return std::unexpected(name + ": " + *e);
  }
  if (blocks.bad()) return std::unexpected(name + ": cannot be read");
  if (parser)
    if (auto e = parser->finish(emit)) return std::unexpected(name + ": " + *e);
  if (table.header.empty()) return std::unexpected(name + ": the file is empty (expected a header row)");
  table.streamed_from = path;
  return table;
}

std::string format_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    const std::string f = neutralised(fields[i]);
    // A ';' or tab is quoted too, so that the reader, which takes the
    // separator the header uses most, reads the row back the same.
    bool quote = f.find_first_of(",;\t\"\r\n") != std::string::npos || (!f.empty() && (f.front() == ' ' || f.back() == ' ')) ||
                 f.starts_with(kByteOrderMark) || f.starts_with('\'') ||  // a bare mark would be read as a mark; a neutralised formula is quoted as OWASP advises
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
