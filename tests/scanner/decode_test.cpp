#include "scanner/decode.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "../db/temp_dir.h"  // the project's RAII temporary folder
#include "image_helpers.h"
#include "scanner/tag.h"

using namespace scanner;

namespace {

const std::string kPayload = encode_tag("DEMO", TagKind::Asset, "0042");

GreyImage qr_frame() { return test::place(test::make_barcode("QRCode", kPayload, 200, 200), 640, 480, 220, 140); }

// Spreads a grey image into `channels` bytes per pixel, with `pad` bytes
// after each row, in the given channel order (-1 for the alpha/padding byte).
std::vector<std::uint8_t> interleave(const GreyImage& g, std::vector<int> order, int pad) {
  const int bpp = static_cast<int>(order.size());
  const int stride = g.width * bpp + pad;
  std::vector<std::uint8_t> out(static_cast<std::size_t>(stride * g.height), 0x33);
  for (int y = 0; y < g.height; ++y)
    for (int x = 0; x < g.width; ++x)
      for (int c = 0; c < bpp; ++c)
        out[static_cast<std::size_t>(y * stride + x * bpp + c)] = order[static_cast<std::size_t>(c)] < 0 ? 0x10 : g.at(x, y);
  return out;
}

}  // namespace

TEST(DecodeFrame, ReadsQrFromGrey) {
  const auto frame = qr_frame();
  const auto codes = decode_frame(frame.view());
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, kPayload);
  EXPECT_EQ(codes[0].format, "QRCode");
  // The corners lie on the code, which was placed at (220,140)-(420,340).
  for (const auto& p : codes[0].corners) {
    EXPECT_GE(p.x, 220);
    EXPECT_LE(p.x, 420);
    EXPECT_GE(p.y, 140);
    EXPECT_LE(p.y, 340);
  }
}

TEST(DecodeFrame, ReadsEveryPixelFormatWithRowPadding) {
  const auto grey = qr_frame();
  const struct {
    PixelFormat format;
    std::vector<int> order;
  } cases[] = {{PixelFormat::Rgb, {0, 1, 2}}, {PixelFormat::Bgr, {2, 1, 0}}, {PixelFormat::Rgba, {0, 1, 2, -1}},
               {PixelFormat::Bgra, {2, 1, 0, -1}}, {PixelFormat::Grey, {0}}};
  for (const auto& c : cases) {
    const auto bytes = interleave(grey, c.order, 12);
    const int stride = grey.width * static_cast<int>(c.order.size()) + 12;
    const auto codes = decode_frame({bytes.data(), grey.width, grey.height, stride, c.format});
    ASSERT_EQ(codes.size(), 1u) << static_cast<int>(c.format);
    EXPECT_EQ(codes[0].text, kPayload);
  }
}

TEST(DecodeFrame, ReadsYuyvLumaWithoutTheChroma) {
  const auto grey = qr_frame();
  const auto yuyv = test::to_yuyv(grey, 8);
  const auto codes = decode_frame({yuyv.data(), grey.width, grey.height, grey.width * 2 + 8, PixelFormat::Yuyv});
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, kPayload);
}

TEST(DecodeFrame, ReadsCode128AndCode39) {
  for (const auto& [format, text] : std::vector<std::pair<std::string, std::string>>{
           {"Code128", "PUPIL-004512"}, {"Code39", "LIB12345"}}) {
    const auto frame = test::place(test::make_barcode(format, text, 420, 120), 640, 480, 100, 180, 230);
    const auto codes = decode_frame(frame.view());
    ASSERT_EQ(codes.size(), 1u) << format;
    EXPECT_EQ(codes[0].text, text);
    EXPECT_EQ(codes[0].format, format);
  }
}

TEST(DecodeFrame, NoCodeAndBadViewsAreEmptyResults) {
  const GreyImage blank(640, 480, 200);
  EXPECT_TRUE(decode_frame(blank.view()).empty());
  EXPECT_TRUE(decode_frame({}).empty());
  EXPECT_TRUE(decode_frame({blank.pixels.data(), -5, 10, 0, PixelFormat::Grey}).empty());
  EXPECT_TRUE(decode_frame({blank.pixels.data(), 640, 480, 100, PixelFormat::Grey}).empty());  // stride < row
  const GreyImage tiny(1, 1, 0);
  EXPECT_TRUE(decode_frame(tiny.view()).empty());
}

TEST(DecodeFrame, SinglePassOptionRunsOnlyTheDefault) {
  // Light-on-dark: only the inverted pass reads it.
  auto inverted = qr_frame();
  for (auto& v : inverted.pixels) v = static_cast<std::uint8_t>(255 - v);
  EXPECT_TRUE(decode_frame(inverted.view(), {.single_pass = true}).empty());
  const auto codes = decode_frame(inverted.view(), {.budget = std::chrono::seconds(5)});
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, kPayload);
}

TEST(DecodeFrame, ZeroBudgetStillRunsTheFirstPass) {
  const auto frame = qr_frame();
  EXPECT_EQ(decode_frame(frame.view(), {.budget = std::chrono::microseconds(0)}).size(), 1u);
}

// No false positives: images without a code decode to nothing.
TEST(DecodeFrame, NegativesDecodeToNothing) {
  std::mt19937 rng(42);
  std::vector<std::pair<std::string, GreyImage>> negatives;
  {
    GreyImage img(640, 480);
    std::uniform_int_distribution<int> byte(0, 255);
    for (auto& v : img.pixels) v = static_cast<std::uint8_t>(byte(rng));
    negatives.emplace_back("uniform noise", img);
    negatives.emplace_back("blurred noise", test::box_blur(img, 2));
  }
  {
    GreyImage img(640, 480);
    for (int y = 0; y < img.height; ++y)
      for (int x = 0; x < img.width; ++x) img.at(x, y) = static_cast<std::uint8_t>((x * 255) / img.width);
    negatives.emplace_back("gradient", img);
  }
  {
    GreyImage img(640, 480, 235);
    std::uniform_int_distribution<int> word(8, 40), gap(4, 10);
    for (int line = 20; line + 14 < img.height; line += 22)
      for (int x = 16; x < img.width - 50;) {
        const int w = word(rng);
        for (int y = line; y < line + 12; ++y)
          for (int dx = 0; dx < w; dx += 3)  // letters: short dark strokes
            for (int k = 0; k < 2; ++k) img.at(x + dx + k, y) = 30;
        x += w + gap(rng);
      }
    negatives.emplace_back("text-like", img);
  }
  {
    GreyImage img(640, 480);
    std::normal_distribution<double> noise(0, 6);
    for (int y = 0; y < img.height; ++y)
      for (int x = 0; x < img.width; ++x) {
        // Smooth shapes and shading, like a desk, a sleeve and a hand.
        const double v = 120 + 50 * std::sin(x / 53.0) * std::cos(y / 41.0) + 40 * std::exp(-((x - 400.0) * (x - 400.0) + (y - 200.0) * (y - 200.0)) / 8000.0) +
                         (x > 100 && x < 260 && y > 300 ? -60 : 0) + noise(rng);
        img.at(x, y) = static_cast<std::uint8_t>(std::clamp(v, 0.0, 255.0));
      }
    negatives.emplace_back("photo-like", img);
    negatives.emplace_back("photo-like jpeg", test::jpeg_roundtrip(img, 20));
  }
  {
    GreyImage img(640, 480);
    for (int y = 0; y < img.height; ++y)
      for (int x = 0; x < img.width; ++x) img.at(x, y) = ((x / 16 + y / 16) % 2) ? 20 : 230;
    negatives.emplace_back("checkerboard", img);
  }
  for (const auto& [name, img] : negatives) {
    const auto codes = decode_frame(img.view(), {.budget = std::chrono::seconds(5)});
    EXPECT_TRUE(codes.empty()) << name << " read as " << (codes.empty() ? "" : codes[0].text);
  }
}

TEST(LoadImage, ReadsPngAndJpegAsGrey) {
  const TempDir dir;
  const auto frame = qr_frame();
  test::write_png(dir / "code.png", frame);
  test::write_bytes(dir / "code.jpg", test::encode_jpeg(frame, 90));
  for (const char* name : {"code.png", "code.jpg"}) {
    const auto image = load_image(dir / name);
    ASSERT_TRUE(image) << image.error();
    EXPECT_EQ(image->width, 640);
    EXPECT_EQ(image->height, 480);
    const auto codes = decode_frame(image->view());
    ASSERT_EQ(codes.size(), 1u) << name;
    EXPECT_EQ(codes[0].text, kPayload);
  }
}

TEST(LoadImage, ExplainsWhyAFileCannotBeRead) {
  const TempDir dir;
  const auto frame = qr_frame();
  test::write_png(dir / "full.png", frame);
  const auto jpeg = test::encode_jpeg(frame, 90);
  test::write_bytes(dir / "half.jpg", {jpeg.begin(), jpeg.begin() + static_cast<std::ptrdiff_t>(jpeg.size() / 2)});
  std::ifstream png_in(dir / "full.png", std::ios::binary);
  std::vector<std::uint8_t> png((std::istreambuf_iterator<char>(png_in)), {});
  test::write_bytes(dir / "half.png", {png.begin(), png.begin() + static_cast<std::ptrdiff_t>(png.size() / 2)});
  test::write_bytes(dir / "notes.txt", {'h', 'e', 'l', 'l', 'o'});
  test::write_bytes(dir / "empty.png", {});
  test::write_bytes(dir / "header-only.png", {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0});

  const auto error_of = [&](const char* name) {
    const auto image = load_image(dir / name);
    return image ? std::string("(loaded)") : image.error();
  };
  EXPECT_NE(error_of("missing.png").find("cannot open"), std::string::npos);
  EXPECT_NE(error_of("notes.txt").find("not a PNG or JPEG"), std::string::npos);
  EXPECT_NE(error_of("empty.png").find("not a PNG or JPEG"), std::string::npos);
  EXPECT_NE(error_of("half.jpg").find("truncated"), std::string::npos);
  EXPECT_NE(error_of("half.png").find("damaged PNG"), std::string::npos);
  EXPECT_NE(error_of("header-only.png").find("damaged PNG"), std::string::npos);
}

TEST(DecodeCommand, PrintsCodesAndReturnsExitCodes) {
  const TempDir dir;
  test::write_png(dir / "code.png", qr_frame());
  test::write_png(dir / "blank.png", GreyImage(64, 64, 255));
  test::write_bytes(dir / "junk.png", {'x'});
  const auto run = [&](std::vector<std::string> names, std::string& out, std::string& err) {
    std::vector<std::string> paths;
    for (const auto& n : names) paths.push_back(dir / n);
    std::ostringstream o, e;
    const int rc = run_decode_command(paths, o, e);
    out = o.str();
    err = e.str();
    return rc;
  };
  std::string out, err;
  EXPECT_EQ(run({"code.png"}, out, err), 0);
  EXPECT_EQ(out, kPayload + "\n");
  EXPECT_EQ(run({"code.png", "blank.png"}, out, err), 1);
  EXPECT_EQ(out, kPayload + "\n");
  EXPECT_NE(err.find("blank.png: no code found"), std::string::npos);
  EXPECT_EQ(run({"junk.png", "code.png"}, out, err), 2);
  EXPECT_EQ(out, kPayload + "\n");
  EXPECT_NE(err.find("junk.png"), std::string::npos);
  std::ostringstream o, e;
  EXPECT_EQ(run_decode_command({}, o, e), 2);
}

TEST(DecodeFrame, OddSizesInEveryFormatNeverCrash) {
  std::vector<std::uint8_t> bytes(64 * 64 * 4, 0x80);
  for (auto format : {PixelFormat::Grey, PixelFormat::Rgb, PixelFormat::Bgr, PixelFormat::Rgba, PixelFormat::Bgra, PixelFormat::Yuyv})
    for (auto [w, h] : {std::pair{1, 1}, {1, 64}, {64, 1}, {2, 3}, {63, 63}, {65, 17}})
      if (w * h * bytes_per_pixel(format) <= static_cast<int>(bytes.size())) {
        EXPECT_TRUE(decode_frame({bytes.data(), w, h, 0, format}).empty()) << w << "x" << h;
      }
}

TEST(LoadImage, GarbageAfterAValidSignatureIsAnErrorNotACrash) {
  const TempDir dir;
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(0, 255);
  const std::vector<std::vector<std::uint8_t>> signatures = {{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, {0xFF, 0xD8, 0xFF}};
  // Real headers with the rest scrambled reach deeper into the decoders.
  const auto frame = qr_frame();
  const auto jpeg = test::encode_jpeg(frame, 80);
  test::write_png(dir / "real.png", frame);
  std::ifstream png_in(dir / "real.png", std::ios::binary);
  const std::vector<std::uint8_t> png((std::istreambuf_iterator<char>(png_in)), {});
  for (int round = 0; round < 40; ++round) {
    std::vector<std::uint8_t> bytes;
    if (round < 20) {
      bytes = signatures[static_cast<std::size_t>(round % 2)];
      for (int i = 0; i < 200; ++i) bytes.push_back(static_cast<std::uint8_t>(byte(rng)));
    } else {
      bytes = round % 2 ? jpeg : png;
      for (std::size_t i = 40; i < bytes.size(); i += 1 + static_cast<std::size_t>(byte(rng))) bytes[i] = static_cast<std::uint8_t>(byte(rng));
    }
    test::write_bytes(dir / "fuzz.img", bytes);
    const auto image = load_image(dir / "fuzz.img");
    if (image) {
      EXPECT_GT(image->width, 0);  // a scrambled JPEG may still decode: fine, as long as it is sane
    }
  }
}
