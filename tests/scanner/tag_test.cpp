#include "scanner/tag.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace scanner;

namespace {

constexpr std::string_view kSymbols = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-*+$%./: #";

std::vector<std::string> representative_tags() {
  std::vector<std::string> tags;
  for (std::string_view prefix : {"DEMO", "AB", "XYZ123"})
    for (TagKind kind : {TagKind::Asset, TagKind::Person, TagKind::Slot, TagKind::Command})
      for (std::string_view id : {"0042", "A", "ZZZZZZZZZZZZ", "HANDIN", "1234567890AB", "9Z0Y8X"})
        tags.push_back(encode_tag(prefix, kind, id));
  return tags;
}

// A changed tag must never be accepted as a tag with a valid check.
bool accepted(const ParsedCode& code) {
  return std::holds_alternative<OurTag>(code) || std::holds_alternative<ForeignTag>(code);
}

std::string prefix_of(const std::string& tag) { return tag.substr(0, tag.find('-')); }

}  // namespace

TEST(TagCodec, EncodesCanonicalUppercaseWithSeparatorAndCheck) {
  const auto tag = encode_tag("demo", TagKind::Asset, "0042x");
  ASSERT_EQ(tag.size(), 12u);
  EXPECT_EQ(tag.substr(0, 11), "DEMO-A0042X");
  EXPECT_EQ(tag.back(), tag_check_character("DEMO-A0042X"));
  EXPECT_EQ(parse_code(tag, "DEMO"), (ParsedCode{OurTag{TagKind::Asset, "0042X"}}));
}

TEST(TagCodec, CheckCharacterIsIso7064Mod37_2) {
  // The standard's own example.
  EXPECT_EQ(tag_check_character("G123498654321"), 'H');
  EXPECT_EQ(tag_check_character("g123498654321"), 'H');
  EXPECT_EQ(tag_check_character("DEMO-A0042X"), 'U');
  EXPECT_EQ(tag_check_character("DEMO A1"), '\0');
}

TEST(TagCodec, RoundTripsEveryKind) {
  for (const auto& tag : representative_tags()) {
    const auto parsed = parse_code(tag, prefix_of(tag));
    ASSERT_TRUE(std::holds_alternative<OurTag>(parsed)) << tag;
    EXPECT_EQ(static_cast<char>(std::get<OurTag>(parsed).kind), tag[prefix_of(tag).size() + 1]) << tag;
  }
}

TEST(TagCodec, UsesOnlyQrAlphanumericCharacters) {
  constexpr std::string_view kQrAlnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  for (const auto& tag : representative_tags()) {
    EXPECT_LE(tag.size(), 21u) << tag;
    EXPECT_EQ(tag.find_first_not_of(kQrAlnum), std::string::npos) << tag;
  }
}

TEST(TagCodec, RefusesToEncodeInvalidPrefixOrId) {
  EXPECT_EQ(encode_tag("D", TagKind::Asset, "1"), "");
  EXPECT_EQ(encode_tag("TOOLONG", TagKind::Asset, "1"), "");
  EXPECT_EQ(encode_tag("DE-MO", TagKind::Asset, "1"), "");
  EXPECT_EQ(encode_tag("DEMO", TagKind::Asset, ""), "");
  EXPECT_EQ(encode_tag("DEMO", TagKind::Asset, "1234567890ABC"), "");
  EXPECT_EQ(encode_tag("DEMO", TagKind::Asset, "12 4"), "");
  EXPECT_EQ(encode_tag("DEMO", static_cast<TagKind>('Q'), "1"), "");
}

TEST(TagCodec, CatchesEverySingleSubstitution) {
  int misreads = 0;
  for (const auto& tag : representative_tags()) {
    for (std::size_t pos = 0; pos < tag.size(); ++pos)
      for (char symbol : kSymbols) {
        if (symbol == tag[pos]) continue;
        // A space at either end is trimmed like the wedge's CR/LF: that is a
        // deletion, which no single check character can always catch.
        if (symbol == ' ' && (pos == 0 || pos + 1 == tag.size())) continue;
        std::string changed = tag;
        changed[pos] = symbol;
        const auto parsed = parse_code(changed, prefix_of(tag));
        ASSERT_FALSE(accepted(parsed)) << tag << " -> " << changed;
        misreads += std::holds_alternative<MisreadTag>(parsed);
      }
  }
  // Substitutions that keep the tag's shape are reported as misreads, not
  // silently passed on as unknown codes.
  EXPECT_GT(misreads, 30000);
}

TEST(TagCodec, CatchesEverySubstitutionInLowercaseToo) {
  const auto tag = encode_tag("DEMO", TagKind::Person, "K7Q2");
  for (std::size_t pos = 0; pos < tag.size(); ++pos)
    for (char symbol = 'a'; symbol <= 'z'; ++symbol) {
      if (symbol - 'a' + 'A' == tag[pos]) continue;
      std::string changed = tag;
      changed[pos] = symbol;
      ASSERT_FALSE(accepted(parse_code(changed, "DEMO"))) << changed;
    }
}

TEST(TagCodec, CatchesEveryAdjacentTransposition) {
  int checked = 0;
  for (const auto& tag : representative_tags())
    for (std::size_t pos = 0; pos + 1 < tag.size(); ++pos) {
      if (tag[pos] == tag[pos + 1]) continue;
      std::string changed = tag;
      std::swap(changed[pos], changed[pos + 1]);
      ASSERT_FALSE(accepted(parse_code(changed, prefix_of(tag)))) << tag << " -> " << changed;
      ++checked;
    }
  EXPECT_GT(checked, 700);
}

TEST(TagCodec, TrimsWhitespaceAndWedgeLineEndsAndIgnoresCase) {
  const auto tag = encode_tag("DEMO", TagKind::Slot, "P12");
  std::string lower = tag;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(parse_code("  " + lower + "\r\n", "demo"), (ParsedCode{OurTag{TagKind::Slot, "P12"}}));
  EXPECT_EQ(parse_code("\t" + tag + "\n", "DEMO"), (ParsedCode{OurTag{TagKind::Slot, "P12"}}));
}

TEST(TagCodec, RecognisesAnotherSchoolsTag) {
  const auto tag = encode_tag("OTHER", TagKind::Asset, "7");
  EXPECT_EQ(parse_code(tag, "DEMO"), (ParsedCode{ForeignTag{"OTHER", tag}}));
}

TEST(TagCodec, CommandCardsParseToTheirIds) {
  for (auto id : kCommandIds) {
    const auto parsed = parse_code(encode_tag("DEMO", TagKind::Command, id), "DEMO");
    EXPECT_EQ(parsed, (ParsedCode{OurTag{TagKind::Command, std::string(id)}}));
  }
}

TEST(TagCodec, ShopBarcodesAndImportedTagsArePlainCodes) {
  EXPECT_EQ(parse_code("5012345678900", "DEMO"), (ParsedCode{PlainCode{"5012345678900"}}));  // EAN-13
  EXPECT_EQ(parse_code("96385074", "DEMO"), (ParsedCode{PlainCode{"96385074"}}));            // EAN-8
  EXPECT_EQ(parse_code("IT-00123", "DEMO"), (ParsedCode{PlainCode{"IT-00123"}}));
  EXPECT_EQ(parse_code("Zoë 4B", "DEMO"), (ParsedCode{PlainCode{"Zoë 4B"}}));
  // Looks like a tag of a prefix far from ours, check fails: someone's numbering.
  EXPECT_TRUE(std::holds_alternative<PlainCode>(parse_code("LIB-A12345", "DEMO")));
}

TEST(TagCodec, RefusesUnusableCodes) {
  for (std::string_view bad :
       {"", "   \r\n", "http://example.com/x", "HTTPS://EXAMPLE.COM", "www.example.com", "ftp://host/file",
        "abc\x01" "def", "caf\xC3", "\xC2\x85", "tab\tinside"}) {
    EXPECT_TRUE(std::holds_alternative<UnusableCode>(parse_code(bad, "DEMO"))) << bad;
  }
  EXPECT_TRUE(std::holds_alternative<UnusableCode>(parse_code(std::string(65, '7'), "DEMO")));
  EXPECT_TRUE(std::holds_alternative<PlainCode>(parse_code(std::string(64, '7'), "DEMO")));
}

TEST(TagCodec, DescribesEveryOutcomePlainly) {
  const auto tag = encode_tag("DEMO", TagKind::Asset, "42");
  std::string misread = tag;
  misread.back() = misread.back() == '0' ? '1' : '0';
  EXPECT_EQ(describe(parse_code(tag, "DEMO")), "Asset 42");
  EXPECT_NE(describe(parse_code(encode_tag("XY", TagKind::Asset, "1"), "DEMO")).find("another school"), std::string::npos);
  EXPECT_NE(describe(parse_code(misread, "DEMO")).find("scan it again"), std::string::npos);
  EXPECT_NE(describe(parse_code("12345", "DEMO")).find("not in the register"), std::string::npos);
  EXPECT_NE(describe(parse_code("http://x.org", "DEMO")).find("web address"), std::string::npos);
}
