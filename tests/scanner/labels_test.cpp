#include "scanner/labels.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "../db/temp_dir.h"  // the project's RAII temporary folder
#include "scanner/decode.h"
#include "scanner/tag.h"

using namespace scanner;

namespace {

std::vector<LabelSpec> asset_labels(int n) {
  std::vector<LabelSpec> labels;
  for (int i = 1; i <= n; ++i)
    labels.push_back({LabelKind::Asset, encode_tag("DEMO", TagKind::Asset, std::to_string(i)),
                      "Laptop " + std::to_string(i), "Demo School"});
  return labels;
}

std::string head(const std::filesystem::path& path, std::size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string s(n, '\0');
  in.read(s.data(), static_cast<std::streamsize>(n));
  return s.substr(0, static_cast<std::size_t>(in.gcount()));
}

}  // namespace

TEST(Labels, KnowsTheStandardLayouts) {
  const auto names = layout_names();
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()), (std::set<std::string>{"L7651", "L7160", "62x29"}));
}

TEST(Labels, WritesPdfWithOnePagePerSheet) {
  const TempDir dir;
  ASSERT_TRUE(render_labels(asset_labels(70), "L7651", dir / "a.pdf"));
  const auto size = std::filesystem::file_size(dir / "a.pdf");
  EXPECT_EQ(head(dir / "a.pdf", 5), "%PDF-");
  std::ifstream in(dir / "a.pdf", std::ios::binary);
  const std::string pdf((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(pdf.find("/Count 2"), std::string::npos) << size;  // 70 labels on 65-up sheets
  ASSERT_TRUE(render_labels(asset_labels(3), "62x29", dir / "t.pdf"));
  std::ifstream thermal(dir / "t.pdf", std::ios::binary);
  const std::string tpdf((std::istreambuf_iterator<char>(thermal)), {});
  EXPECT_NE(tpdf.find("/Count 3"), std::string::npos);
}

TEST(Labels, PngSheetDecodesToEveryLabelOnIt) {
  const TempDir dir;
  const auto labels = asset_labels(21);
  ASSERT_TRUE(render_labels(labels, "L7160", dir / "sheet.png"));
  EXPECT_FALSE(std::filesystem::exists(dir / "sheet-2.png"));
  const auto image = load_image(dir / "sheet.png");
  ASSERT_TRUE(image) << image.error();
  EXPECT_EQ(image->width, 2480);  // A4 at 300 dpi
  std::set<std::string> found;
  for (const auto& code : decode_frame(image->view(), {.budget = std::chrono::seconds(30), .try_harder = true})) found.insert(code.text);
  std::set<std::string> expected;
  for (const auto& l : labels) expected.insert(l.payload);
  EXPECT_EQ(found, expected);
}

TEST(Labels, SvgAndPngWriteOneFilePerSheet) {
  const TempDir dir;
  ASSERT_TRUE(render_labels(asset_labels(2), "62x29", dir / "l.svg"));
  EXPECT_NE(head(dir / "l.svg", 100).find("<svg"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir / "l-2.svg"));
  ASSERT_TRUE(render_labels(asset_labels(2), "62x29", dir / "l.png"));
  EXPECT_EQ(head(dir / "l-2.png", 4), "\x89PNG");
}

TEST(Labels, RefusesUnknownLayoutsPathsAndFormatsPlainly) {
  const TempDir dir;
  const auto labels = asset_labels(1);
  auto r = render_labels(labels, "L9999", dir / "x.pdf");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("unknown label layout \"L9999\" (known: L7651, L7160, 62x29)"), std::string::npos);
  r = render_labels(labels, "L7651", "/nonexistent-dir/x.pdf");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("cannot write /nonexistent-dir/x.pdf: No such file or directory"), std::string::npos);
  r = render_labels(labels, "L7651", dir / "x.png/");
  ASSERT_FALSE(r);
  r = render_labels(labels, "L7651", dir / "x.docx");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find(".pdf, .png or .svg"), std::string::npos);
  r = render_labels({}, "L7651", dir / "x.pdf");
  ASSERT_FALSE(r);
  r = render_labels({{LabelKind::Asset, "", "No code", "Demo"}}, "L7651", dir / "x.pdf");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("no code"), std::string::npos);
}

TEST(Labels, LayoutNamesAreCaseInsensitive) {
  EXPECT_TRUE(rasterise_label(asset_labels(1)[0], "l7651", 100));
  EXPECT_FALSE(rasterise_label(asset_labels(1)[0], "A4", 100));
  EXPECT_FALSE(rasterise_label(asset_labels(1)[0], "L7651", 5));
}

TEST(Labels, LongTitlesAreShortenedNotOverflowing) {
  LabelSpec spec = asset_labels(1)[0];
  spec.title = std::string(300, 'W');
  const auto image = rasterise_label(spec, "L7651", 300);
  ASSERT_TRUE(image) << image.error();
  // The rightmost 1 mm column stays blank: nothing ran off the label.
  const int margin = 12;
  for (int y = 0; y < image->height; ++y)
    for (int x = image->width - margin; x < image->width; ++x) ASSERT_GT(image->at(x, y), 200) << x << "," << y;
}

TEST(Labels, CommandCardsCarryTheirCommands) {
  const auto cards = command_card_labels("DEMO", "Demo School");
  ASSERT_EQ(cards.size(), 5u);
  EXPECT_EQ(cards[0].title, "Hand in");
  for (const auto& card : cards) {
    EXPECT_EQ(card.kind, LabelKind::Command);
    EXPECT_TRUE(std::holds_alternative<OurTag>(parse_code(card.payload, "DEMO"))) << card.payload;
  }
}
