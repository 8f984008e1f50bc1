// core/strings.h: the one trim and the one UTF-8 validator every module uses.
#include "core/strings.h"

#include <gtest/gtest.h>

namespace {

TEST(Strings, TrimDropsSpacesTabsAndLineEndsAtBothEnds) {
  EXPECT_EQ(core::trim(" \t 7A \r\n"), "7A");
  EXPECT_EQ(core::trim("Ní Bhriain"), "Ní Bhriain");
  EXPECT_EQ(core::trim(" \t\r\n"), "");
}

TEST(Strings, Utf8Validation) {
  EXPECT_TRUE(core::valid_utf8("Zoë Nguyễn Łukasz"));
  EXPECT_FALSE(core::valid_utf8("Zo\xEB"));          // Latin-1
  EXPECT_FALSE(core::valid_utf8("\xC0\xAF"));        // overlong
  EXPECT_FALSE(core::valid_utf8("\xED\xA0\x80"));    // surrogate
  EXPECT_FALSE(core::valid_utf8("abc\xE2\x82"));     // cut short
  EXPECT_FALSE(core::valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
}

TEST(Strings, PrintableIsValidWithoutControlCharacters) {
  EXPECT_TRUE(core::printable_utf8("NFA-A0042 Zoë"));
  EXPECT_FALSE(core::printable_utf8("NFA\tA0042"));  // C0
  EXPECT_FALSE(core::printable_utf8("NFA\x7F"));     // DEL
  EXPECT_FALSE(core::printable_utf8("NFA\xC2\x85"));  // C1 (NEL)
  EXPECT_FALSE(core::printable_utf8("Zo\xEB"));
}

TEST(Strings, LengthCountsCharactersAndCaseChangesOnlyAscii) {
  EXPECT_EQ(core::utf8_length("Zoë"), 3u);
  EXPECT_EQ(core::ascii_upper("nfa-a0042 zoë"), "NFA-A0042 ZOë");
  EXPECT_EQ(core::ascii_lower("Asset Tag"), "asset tag");
}

}  // namespace
