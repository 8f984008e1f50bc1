#include "scanner/wedge.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace scanner;

namespace {

// Types `text` starting at `t`, one character every `gap` ms; returns the
// time of the last character.
std::int64_t type(WedgeDecoder& w, std::u32string_view text, std::int64_t t, std::int64_t gap) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > 0) t += gap;
    w.key(text[i], t);
    w.tick(t);
  }
  return t;
}

// Like a person: gaps cycling through `gaps`.
std::int64_t type_humanly(WedgeDecoder& w, std::u32string_view text, std::int64_t t, std::vector<std::int64_t> gaps) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > 0) {
      // Ticks between keys, as the UI's frames would.
      for (std::int64_t step = 16; step < gaps[i % gaps.size()]; step += 16) w.tick(t + step);
      t += gaps[i % gaps.size()];
    }
    w.key(text[i], t);
  }
  return t;
}

std::vector<std::string> texts(const std::vector<WedgeScan>& scans) {
  std::vector<std::string> out;
  for (const auto& s : scans) out.push_back(s.text);
  return out;
}

}  // namespace

TEST(WedgeDecoder, FastUsbBurstIsOneScan) {
  WedgeDecoder w;
  type(w, U"DEMO-A0042X\r", 1000, 3);
  EXPECT_EQ(texts(w.take_scans()), std::vector<std::string>{"DEMO-A0042X"});
  EXPECT_EQ(w.take_typed(), "");
}

TEST(WedgeDecoder, SlowBluetoothBurstsAreScans) {
  for (std::int64_t gap : {12, 25, 38, 50}) {
    WedgeDecoder w;
    type(w, U"DEMO-P1234K\n", 0, gap);
    EXPECT_EQ(texts(w.take_scans()), std::vector<std::string>{"DEMO-P1234K"}) << gap;
    EXPECT_EQ(w.take_typed(), "") << gap;
  }
}

TEST(WedgeDecoder, JitteryBluetoothBurstIsStillOneScan) {
  WedgeDecoder w;
  const std::u32string code = U"DEMO-S77Q";
  std::int64_t t = 500;
  const std::int64_t gaps[] = {12, 50, 31, 47, 13, 50, 22, 49, 12};
  for (std::size_t i = 0; i < code.size(); ++i) {
    w.key(code[i], t);
    t += gaps[i];
    w.tick(t - 1);
  }
  w.key(U'\t', t);
  EXPECT_EQ(texts(w.take_scans()), std::vector<std::string>{"DEMO-S77Q"});
}

TEST(WedgeDecoder, PersonTypingIsTypedNotScanned) {
  WedgeDecoder w;
  const auto t = type_humanly(w, U"Smith\n", 0, {180, 120, 240, 100, 300, 150});
  w.tick(t + 200);
  EXPECT_TRUE(w.take_scans().empty());
  EXPECT_EQ(w.take_typed(), "Smith\n");
}

TEST(WedgeDecoder, FastTypistWithOneQuickPairIsNotAScan) {
  WedgeDecoder w;
  // Common digraphs come fast, but not a whole word plus Enter.
  type_humanly(w, U"there\r", 0, {90, 45, 110, 60, 95, 130});
  w.tick(10'000);
  EXPECT_TRUE(w.take_scans().empty());
  EXPECT_EQ(w.take_typed(), "there\n");
}

TEST(WedgeDecoder, TypedCharactersComeOutAfterAPause) {
  WedgeDecoder w;
  w.key(U'a', 0);
  w.tick(50);
  EXPECT_EQ(w.take_typed(), "");  // still could be the start of a scan
  w.tick(81);
  EXPECT_EQ(w.take_typed(), "a");
}

TEST(WedgeDecoder, TwoScansBackToBackStaySeparate) {
  WedgeDecoder w;
  auto t = type(w, U"DEMO-A1X\r", 0, 4);
  t = type(w, U"DEMO-A2Y\r", t + 4, 4);  // next scan starts 4 ms later
  type(w, U"DEMO-A3Z\r", t + 1, 30);
  EXPECT_EQ(texts(w.take_scans()), (std::vector<std::string>{"DEMO-A1X", "DEMO-A2Y", "DEMO-A3Z"}));
  EXPECT_EQ(w.take_typed(), "");
}

TEST(WedgeDecoder, CrLfScannerGivesOneScanAndNoStrayEnter) {
  WedgeDecoder w;
  auto t = type(w, U"DEMO-A1X\r\n", 0, 5);
  type(w, U"DEMO-A2Y\r\n", t + 5, 5);
  w.tick(1000);
  EXPECT_EQ(texts(w.take_scans()), (std::vector<std::string>{"DEMO-A1X", "DEMO-A2Y"}));
  EXPECT_EQ(w.take_typed(), "");
}

TEST(WedgeDecoder, ScanInTheMiddleOfTypingKeepsBoth) {
  WedgeDecoder w;
  auto t = type_humanly(w, U"Jo", 0, {200});
  t = type(w, U"DEMO-P9Z\r", t + 400, 8);
  t = type_humanly(w, U"nes", t + 300, {210});
  w.tick(t + 500);
  EXPECT_EQ(texts(w.take_scans()), std::vector<std::string>{"DEMO-P9Z"});
  EXPECT_EQ(w.take_typed(), "Jones");
}

TEST(WedgeDecoder, ShortFastBurstIsTyping) {
  WedgeDecoder w;
  type(w, U"ok\r", 0, 20);
  EXPECT_TRUE(w.take_scans().empty());
  EXPECT_EQ(w.take_typed(), "ok\n");
}

TEST(WedgeDecoder, BurstWithoutTerminatorIsTypingByDefault) {
  WedgeDecoder w;
  const auto t = type(w, U"DEMO-A1X", 0, 5);
  w.tick(t + 100);
  EXPECT_TRUE(w.take_scans().empty());
  EXPECT_EQ(w.take_typed(), "DEMO-A1X");
}

TEST(WedgeDecoder, ScannerWithoutEnterCanBeAllowed) {
  WedgeDecoder w({.require_terminator = false});
  const auto t = type(w, U"DEMO-A1X", 0, 5);
  w.tick(t + 50);
  EXPECT_TRUE(w.take_scans().empty());  // not decided yet
  w.tick(t + 100);
  EXPECT_EQ(texts(w.take_scans()), std::vector<std::string>{"DEMO-A1X"});
}

TEST(WedgeDecoder, PrefixAndSuffixAreStripped) {
  WedgeDecoder w({.prefix = "]Q", .suffix = "#"});
  type(w, U"]QDEMO-A1X#\r", 0, 6);
  EXPECT_EQ(texts(w.take_scans()), std::vector<std::string>{"DEMO-A1X"});
  EXPECT_EQ(w.take_typed(), "");
}

TEST(WedgeDecoder, WithPrefixFastBurstWithoutItIsTyping) {
  WedgeDecoder w({.prefix = "]Q"});
  type(w, U"DEMO-A1X\r", 0, 6);
  EXPECT_TRUE(w.take_scans().empty());
  EXPECT_EQ(w.take_typed(), "DEMO-A1X\n");
}

TEST(WedgeDecoder, PrefixSeparatesTypingThatRanIntoAScan) {
  WedgeDecoder w({.prefix = "]Q"});
  // A quick key just before the scanner fired: without a prefix this would merge.
  w.key(U'x', 0);
  type(w, U"]QDEMO-A1X\r", 30, 5);
  EXPECT_EQ(texts(w.take_scans()), std::vector<std::string>{"DEMO-A1X"});
  EXPECT_EQ(w.take_typed(), "x");
}

TEST(WedgeDecoder, PrefixCharactersInsideTheCodeStayInIt) {
  WedgeDecoder w({.prefix = "#"});
  type(w, U"#AB#12\r", 0, 5);
  EXPECT_EQ(texts(w.take_scans()), std::vector<std::string>{"AB#12"});
}

TEST(WedgeDecoder, KeepsUnicodeAsUtf8) {
  WedgeDecoder w;
  type(w, U"Zoë-4B\r", 0, 5);
  EXPECT_EQ(texts(w.take_scans()), std::vector<std::string>{"Zoë-4B"});
  type_humanly(w, U"é", 1000, {200});
  w.tick(2000);
  EXPECT_EQ(w.take_typed(), "é");
}

TEST(WedgeDecoder, ScanTimestampIsItsLastCharacter) {
  WedgeDecoder w;
  type(w, U"DEMO-A1X\r", 100, 2);
  const auto scans = w.take_scans();
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0].at_ms, 100 + 7 * 2);
}
