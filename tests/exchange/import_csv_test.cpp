#include <gtest/gtest.h>

#include <fstream>

#include "exchange/csv.h"
#include "../db/temp_dir.h"

namespace {

using exchange::csv::parse;

TEST(Csv, QuotesCommasNewlinesAndCrlf) {
  auto t = parse("\xEF\xBB\xBFid,name,notes\r\nA1,\"Smith, Jo\",\"two\r\nlines\"\r\nA2,\"say \"\"hi\"\"\",\r\n");
  ASSERT_TRUE(t) << t.error();
  EXPECT_EQ(t->header, (std::vector<std::string>{"id", "name", "notes"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].line, 2u);
  EXPECT_EQ(t->rows[0].fields, (std::vector<std::string>{"A1", "Smith, Jo", "two\r\nlines"}));
  EXPECT_EQ(t->rows[1].line, 4u);  // the embedded newline counts as a line
  EXPECT_EQ(t->rows[1].fields, (std::vector<std::string>{"A2", "say \"hi\"", ""}));
}

TEST(Csv, BlankLinesSkippedLastLineWithoutNewline) {
  auto t = parse("a,b\n\n1,2\n\n3,4");
  ASSERT_TRUE(t);
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].line, 3u);
  EXPECT_EQ(t->rows[1].line, 5u);
  EXPECT_EQ(t->rows[1].fields, (std::vector<std::string>{"3", "4"}));
}

TEST(Csv, UnclosedQuoteNamesItsLine) {
  auto t = parse("a,b\n1,2\n3,\"open\n4,5\n");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error(), "line 3: a quoted field is never closed");
}

TEST(Csv, TextAfterClosingQuoteRefused) {
  auto t = parse("a,b\n1,\"x\"y\n");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().find("line 2"), std::string::npos);
}

TEST(Csv, FormatRowQuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(exchange::csv::format_row({"A1", "Smith, Jo", "say \"hi\"", "x\ny", ""}),
            "A1,\"Smith, Jo\",\"say \"\"hi\"\"\",\"x\ny\",\r\n");
  auto back = parse("h1,h2,h3,h4,h5\r\n" + exchange::csv::format_row({"A1", "Smith, Jo", "say \"hi\"", "x\ny", ""}));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->rows[0].fields, (std::vector<std::string>{"A1", "Smith, Jo", "say \"hi\"", "x\ny", ""}));
}

TEST(Csv, ReadFileMessages) {
  TempDir dir;
  auto missing = exchange::csv::read_file(dir / "nope.csv");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("no such file"), std::string::npos);
  std::ofstream(dir / "empty.csv").close();
  auto empty = exchange::csv::read_file(dir / "empty.csv");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().find("empty"), std::string::npos);
  auto folder = exchange::csv::read_file(dir.path);
  ASSERT_FALSE(folder);
  EXPECT_NE(folder.error().find("folder"), std::string::npos);
}

}  // namespace

namespace {

// Found by fuzz_csv: every leading byte-order mark goes, not just the first,
// so the first header is the column's name and a file round-trips.
TEST(Csv, RepeatedByteOrderMarksAtTheStartAreDropped) {
  auto t = exchange::csv::parse("\xEF\xBB\xBF\xEF\xBB\xBF\xEF\xBB\xBFid,name\nA1,Zo\xC3\xAB\n");
  ASSERT_TRUE(t) << t.error();
  ASSERT_FALSE(t->header.empty());
  EXPECT_EQ(t->header[0], "id");
  auto again = exchange::csv::parse(exchange::csv::format_row(t->header) + exchange::csv::format_row(t->rows.at(0).fields));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->header, t->header);
}

// Found by fuzz_csv: marks after blank lines before the header go too, and a
// header that really begins with one (quoted) keeps it through a round trip.
TEST(Csv, ByteOrderMarksAfterBlankLinesBeforeTheHeaderAreDropped) {
  auto t = exchange::csv::parse("\r\n\n\xEF\xBB\xBF\xEF\xBB\xBFid,name\nA1,Zo\n");
  ASSERT_TRUE(t) << t.error();
  ASSERT_FALSE(t->header.empty());
  EXPECT_EQ(t->header[0], "id");
  EXPECT_EQ(t->rows.at(0).line, 4u);
}

TEST(Csv, AQuotedHeaderBeginningWithAMarkRoundTrips) {
  auto t = exchange::csv::parse("\"\xEF\xBB\xBFid\",name\nA1,Zo\n");
  ASSERT_TRUE(t) << t.error();
  EXPECT_EQ(t->header.at(0), "\xEF\xBB\xBFid");
  auto again = exchange::csv::parse(exchange::csv::format_row(t->header));
  ASSERT_TRUE(again) << again.error();
  EXPECT_EQ(again->header, t->header);
}

// Found by fuzz_csv: a row of one empty field is written quoted, so it is not
// read back as a blank line.
TEST(Csv, ARowOfOneEmptyFieldIsNotABlankLine) {
  EXPECT_EQ(exchange::csv::format_row({""}), "\"\"\r\n");
  auto t = exchange::csv::parse(exchange::csv::format_row({""}) + "x\n");
  ASSERT_TRUE(t) << t.error();
  EXPECT_EQ(t->header, std::vector<std::string>{""});
}

}  // namespace

namespace {

// Excel's other CSVs, written byte for byte as Excel writes them.

std::string utf16(std::u16string_view text, bool big_endian) {
  std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (char16_t c : text) {
    char hi = static_cast<char>(c >> 8), lo = static_cast<char>(c & 0xFF);
    out += big_endian ? hi : lo;
    out += big_endian ? lo : hi;
  }
  return out;
}

exchange::csv::Table read_bytes(const std::string& bytes) {
  TempDir dir;
  std::ofstream(dir / "file.csv", std::ios::binary) << bytes;
  auto t = exchange::csv::read_file(dir / "file.csv");
  EXPECT_TRUE(t) << t.error();
  return t ? *t : exchange::csv::Table{};
}

// Excel in most of Europe: "CSV UTF-8" with ';' between fields and ',' in numbers.
TEST(Csv, SemicolonSeparatedAsExcelWritesInEurope) {
  auto t = read_bytes("\xEF\xBB\xBF" "Asset Tag;Model;Purchase Cost\r\nNFA-1;\"Latitude; 5440\";1049,00\r\n");
  EXPECT_EQ(t.separator, ';');
  EXPECT_EQ(t.header, (std::vector<std::string>{"Asset Tag", "Model", "Purchase Cost"}));
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].fields, (std::vector<std::string>{"NFA-1", "Latitude; 5440", "1049,00"}));
}

// Excel's "Unicode Text (*.txt)": UTF-16 little-endian with a mark, tab-separated.
TEST(Csv, Utf16LittleEndianTabSeparatedAsExcelsUnicodeText) {
  auto t = read_bytes(utf16(u"Adno\tLegal Forename\tLegal Surname\r\n002001\tZoë\tŁukasz-Nguyễn\r\n", false));
  EXPECT_EQ(t.encoding, "UTF-16LE");
  EXPECT_EQ(t.separator, '\t');
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].fields, (std::vector<std::string>{"002001", "Zo\xC3\xAB", "\xC5\x81ukasz-Nguy\xE1\xBB\x85n"}));
}

TEST(Csv, Utf16BigEndianWithASurrogatePair) {
  auto t = read_bytes(utf16(u"name,notes\n\"Camera 1\",\U0001F4F7\n", true));
  EXPECT_EQ(t.encoding, "UTF-16BE");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].fields, (std::vector<std::string>{"Camera 1", "\xF0\x9F\x93\xB7"}));
}

// Excel's plain "CSV (Comma delimited)" on Windows: Windows-1252.
TEST(Csv, Windows1252IsReadWhenTheBytesAreNotUtf8) {
  auto t = read_bytes("First Name,Last Name,Notes\r\nSiobh\xE1n,\xD3 Briain,\x80" "20 deposit \x96 paid\r\n");
  EXPECT_EQ(t.encoding, "Windows-1252");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].fields,
            (std::vector<std::string>{"Siobh\xC3\xA1n", "\xC3\x93 Briain", "\xE2\x82\xAC" "20 deposit \xE2\x80\x93 paid"}));
}

TEST(Csv, WorkbooksAndUnreadableBytesAreRefusedSayingHowToSaveAsCsvUtf8) {
  TempDir dir;
  std::ofstream(dir / "register.xlsx", std::ios::binary) << std::string("PK\x03\x04\x14\x00\x06\x00", 8);
  auto xlsx = exchange::csv::read_file(dir / "register.xlsx");
  ASSERT_FALSE(xlsx);
  EXPECT_NE(xlsx.error().find("is an Excel workbook"), std::string::npos) << xlsx.error();
  EXPECT_NE(xlsx.error().find("CSV UTF-8"), std::string::npos);
  std::ofstream(dir / "odd.csv", std::ios::binary) << "a,b\n1,\x81\n";
  auto odd = exchange::csv::read_file(dir / "odd.csv");
  ASSERT_FALSE(odd);
  EXPECT_NE(odd.error().find("byte 0x81 on line 2 is neither UTF-8 nor Windows-1252"), std::string::npos) << odd.error();
  EXPECT_NE(odd.error().find("File > Save As"), std::string::npos);
}

TEST(Csv, FieldsHoldingASemicolonOrTabAreQuotedSoTheyReadBack) {
  EXPECT_EQ(exchange::csv::format_row({"a;b", "c\td"}), "\"a;b\",\"c\td\"\r\n");
  auto back = parse(exchange::csv::format_row({"a;b"}) + exchange::csv::format_row({"x;y"}));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->header, std::vector<std::string>{"a;b"});
}

}  // namespace

namespace {

// Issue 20, item 6: a file is streamed, not held. open_file keeps only the
// header; each walk reads the file again a block (about 1 MB) at a time, and
// a row that crosses a block's end (quoted line breaks, CRLF) reads the same
// as from the whole text.
TEST(Csv, AStreamedFileKeepsOnlyItsHeaderAndReadsRowsAsTheWholeTextDoes) {
  std::string text = "\xEF\xBB\xBFid;name;notes\r\n";
  const std::string long_note(1000, 'x');
  for (int i = 0; i < 1500; ++i)
    text += "A" + std::to_string(i) + ";\"Smith; \"\"Jo\"\"\";\"" + long_note + "\r\nline " + std::to_string(i) + "\"\r\n";
  ASSERT_GT(text.size(), 1u << 20);  // more than one block
  TempDir dir;
  std::ofstream(dir / "big.csv", std::ios::binary) << text;
  auto streamed = exchange::csv::open_file(dir / "big.csv");
  ASSERT_TRUE(streamed) << streamed.error();
  EXPECT_TRUE(streamed->rows.empty());
  EXPECT_EQ(streamed->size(), 1500u);
  EXPECT_EQ(streamed->separator, ';');
  EXPECT_EQ(streamed->header, (std::vector<std::string>{"id", "name", "notes"}));
  auto whole = parse(text);
  ASSERT_TRUE(whole);
  for (int walk = 0; walk < 2; ++walk) {
    std::size_t n = 0;
    for (const auto& row : exchange::csv::rows(*streamed)) {
      ASSERT_LT(n, whole->rows.size());
      ASSERT_EQ(row.line, whole->rows[n].line);
      ASSERT_EQ(row.fields, whole->rows[n].fields);
      ++n;
    }
    EXPECT_EQ(n, 1500u);
  }
  // A file that is not UTF-8 is read whole, as read_file does, and a broken one refused the same way.
  std::ofstream(dir / "cp1252.csv", std::ios::binary) << "name\r\nSiobh\xE1n\r\n";
  auto old = exchange::csv::open_file(dir / "cp1252.csv");
  ASSERT_TRUE(old) << old.error();
  EXPECT_EQ(old->encoding, "Windows-1252");
  EXPECT_EQ(old->rows.at(0).fields.at(0), "Siobh\xC3\xA1n");
  std::ofstream(dir / "open.csv", std::ios::binary) << "a,b\n1,\"2\n";
  EXPECT_EQ(exchange::csv::open_file(dir / "open.csv").error(), (dir / "open.csv").string() + ": line 2: a quoted field is never closed");
}

}  // namespace
