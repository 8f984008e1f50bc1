// ZX_USE_UTF8 makes ZXing 1.4's Result::text() return UTF-8 std::string.
#define ZX_USE_UTF8 1

#include "scanner/decode.h"

#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <array>
#include <chrono>

#include "decode_passes.h"

namespace scanner::detail {
namespace {

constexpr auto kFormats = ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::Code128 | ZXing::BarcodeFormat::Code39;

ZXing::ImageView to_zxing(const FrameView& f) {
  switch (f.format) {
    case PixelFormat::Grey: return {f.data, f.width, f.height, ZXing::ImageFormat::Lum, f.stride()};
    case PixelFormat::Rgb: return {f.data, f.width, f.height, ZXing::ImageFormat::RGB, f.stride()};
    case PixelFormat::Bgr: return {f.data, f.width, f.height, ZXing::ImageFormat::BGR, f.stride()};
    case PixelFormat::Rgba: return {f.data, f.width, f.height, ZXing::ImageFormat::RGBX, f.stride()};
    case PixelFormat::Bgra: return {f.data, f.width, f.height, ZXing::ImageFormat::BGRX, f.stride()};
    // Luma is every other byte: a view with pixel stride 2, no copy.
    case PixelFormat::Yuyv: return {f.data, f.width, f.height, ZXing::ImageFormat::Lum, f.stride(), 2};
  }
  return {f.data, f.width, f.height, ZXing::ImageFormat::Lum, f.stride()};
}

std::uint8_t luma_at(const FrameView& f, const std::uint8_t* px) {
  switch (f.format) {
    case PixelFormat::Rgb:
    case PixelFormat::Rgba: return ZXing::RGBToLum(px[0], px[1], px[2]);
    case PixelFormat::Bgr:
    case PixelFormat::Bgra: return ZXing::RGBToLum(px[2], px[1], px[0]);
    case PixelFormat::Grey:
    case PixelFormat::Yuyv: return px[0];
  }
  return px[0];
}

void copy_luma(const FrameView& f, GreyImage& out) {
  out.width = f.width;
  out.height = f.height;
  out.pixels.resize(static_cast<std::size_t>(f.width) * static_cast<std::size_t>(f.height));
  const int bpp = bytes_per_pixel(f.format);
  for (int y = 0; y < f.height; ++y) {
    const std::uint8_t* row = f.data + static_cast<std::ptrdiff_t>(y) * f.stride();
    std::uint8_t* dst = &out.at(0, y);
    for (int x = 0; x < f.width; ++x) dst[x] = luma_at(f, row + x * bpp);
  }
}

// Maps the 1st..99th percentile of brightness onto 0..255.
void stretch_contrast(GreyImage& img) {
  std::array<std::size_t, 256> histogram{};
  for (auto v : img.pixels) ++histogram[v];
  const std::size_t cut = img.pixels.size() / 100;
  int lo = 0, hi = 255;
  for (std::size_t seen = 0; lo < 255 && (seen += histogram[static_cast<std::size_t>(lo)]) <= cut;) ++lo;
  for (std::size_t seen = 0; hi > 0 && (seen += histogram[static_cast<std::size_t>(hi)]) <= cut;) --hi;
  if (hi - lo < 8) return;  // flat image: stretching would only amplify noise
  std::array<std::uint8_t, 256> lut{};
  for (int v = 0; v < 256; ++v) lut[static_cast<std::size_t>(v)] = static_cast<std::uint8_t>(std::clamp((v - lo) * 255 / (hi - lo), 0, 255));
  for (auto& v : img.pixels) v = lut[v];
}

void invert(GreyImage& img) {
  for (auto& v : img.pixels) v = static_cast<std::uint8_t>(255 - v);
}

void box_blur3(GreyImage& img) {
  if (img.width < 3 || img.height < 3) return;
  GreyImage src = img;
  for (int y = 1; y + 1 < img.height; ++y)
    for (int x = 1; x + 1 < img.width; ++x) {
      int sum = 0;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) sum += src.at(x + dx, y + dy);
      img.at(x, y) = static_cast<std::uint8_t>(sum / 9);
    }
}

void halve(const FrameView& f, GreyImage& out) {
  GreyImage full;
  copy_luma(f, full);
  out = GreyImage(f.width / 2, f.height / 2);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x)
      out.at(x, y) = static_cast<std::uint8_t>((full.at(2 * x, 2 * y) + full.at(2 * x + 1, 2 * y) +
                                                full.at(2 * x, 2 * y + 1) + full.at(2 * x + 1, 2 * y + 1) + 2) / 4);
}

std::vector<DecodedCode> read(const ZXing::ImageView& view, ZXing::Binarizer binarizer, int scale) {
  ZXing::DecodeHints hints;
  hints.setFormats(kFormats).setBinarizer(binarizer).setTryHarder(true).setTryRotate(true);
  std::vector<DecodedCode> codes;
  for (const auto& r : ZXing::ReadBarcodes(view, hints)) {
    if (!r.isValid()) continue;
    DecodedCode code{r.text(), ZXing::ToString(r.format()), {}};
    for (std::size_t i = 0; i < 4; ++i) code.corners[i] = {r.position()[i].x * scale, r.position()[i].y * scale};
    codes.push_back(std::move(code));
  }
  return codes;
}

}  // namespace

std::string_view pass_name(PassKind kind) {
  switch (kind) {
    case PassKind::Default: return "default";
    case PassKind::Stretched: return "stretched";
    case PassKind::Smoothed: return "smoothed";
    case PassKind::Halved: return "halved";
    case PassKind::Inverted: return "inverted";
  }
  return "?";
}

std::span<const PassKind> pass_order() {
  // Cheapest first: the halved pass costs a quarter of the others.
  static constexpr std::array kOrder = {PassKind::Default, PassKind::Halved, PassKind::Stretched, PassKind::Smoothed,
                                        PassKind::Inverted};
  return kOrder;
}

std::vector<DecodedCode> run_pass(const FrameView& frame, PassKind kind, GreyImage& scratch) {
  switch (kind) {
    case PassKind::Default: return read(to_zxing(frame), ZXing::Binarizer::LocalAverage, 1);
    case PassKind::Stretched:
      copy_luma(frame, scratch);
      stretch_contrast(scratch);
      return read(to_zxing(scratch.view()), ZXing::Binarizer::LocalAverage, 1);
    case PassKind::Smoothed:
      copy_luma(frame, scratch);
      box_blur3(scratch);
      return read(to_zxing(scratch.view()), ZXing::Binarizer::LocalAverage, 1);
    case PassKind::Halved:
      if (frame.width < 64 || frame.height < 64) return {};
      halve(frame, scratch);
      return read(to_zxing(scratch.view()), ZXing::Binarizer::LocalAverage, 2);
    case PassKind::Inverted:
      copy_luma(frame, scratch);
      invert(scratch);
      return read(to_zxing(scratch.view()), ZXing::Binarizer::LocalAverage, 1);
  }
  return {};
}

}  // namespace scanner::detail

namespace scanner {

std::vector<DecodedCode> decode_frame(const FrameView& frame, const DecodeOptions& options) {
  if (!frame.valid()) return {};
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  GreyImage scratch;
  Clock::duration first_pass{};
  for (auto kind : detail::pass_order()) {
    const auto spent = Clock::now() - start;
    if (kind != detail::PassKind::Default && spent + first_pass > options.budget) break;
    auto codes = detail::run_pass(frame, kind, scratch);
    if (!codes.empty()) return codes;
    if (kind == detail::PassKind::Default) {
      if (options.single_pass) break;
      first_pass = Clock::now() - start;
    }
  }
  return {};
}

}  // namespace scanner
