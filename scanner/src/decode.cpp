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
    if (f.format == PixelFormat::Grey) std::copy(row, row + f.width, dst);
    else
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

// Separable 3x3 box blur with running sums: two cheap passes instead of
// nine reads per pixel, so it fits a live frame's budget.
void box_blur3(GreyImage& img) {
  if (img.width < 3 || img.height < 3) return;
  const std::size_t w = static_cast<std::size_t>(img.width), h = static_cast<std::size_t>(img.height);
  std::vector<std::uint16_t> rows(w * h);
  for (std::size_t y = 0; y < h; ++y) {
    const std::uint8_t* in = &img.pixels[y * w];
    std::uint16_t* out = &rows[y * w];
    out[0] = static_cast<std::uint16_t>(in[0] * 3);
    out[w - 1] = static_cast<std::uint16_t>(in[w - 1] * 3);
    for (std::size_t x = 1; x + 1 < w; ++x) out[x] = static_cast<std::uint16_t>(in[x - 1] + in[x] + in[x + 1]);
  }
  for (std::size_t y = 1; y + 1 < h; ++y)
    for (std::size_t x = 0; x < w; ++x)
      img.pixels[y * w + x] = static_cast<std::uint8_t>((rows[(y - 1) * w + x] + rows[y * w + x] + rows[(y + 1) * w + x]) / 9);
}

void halve(const FrameView& f, GreyImage& out) {
  out = GreyImage(f.width / 2, f.height / 2);
  const int bpp = bytes_per_pixel(f.format);
  for (int y = 0; y < out.height; ++y) {
    const std::uint8_t* r0 = f.data + static_cast<std::ptrdiff_t>(2 * y) * f.stride();
    const std::uint8_t* r1 = r0 + f.stride();
    for (int x = 0; x < out.width; ++x) {
      const int a = 2 * x * bpp, b = a + bpp;
      out.at(x, y) = static_cast<std::uint8_t>(
          (luma_at(f, r0 + a) + luma_at(f, r0 + b) + luma_at(f, r1 + a) + luma_at(f, r1 + b) + 2) / 4);
    }
  }
}

std::vector<DecodedCode> read(const ZXing::ImageView& view, int scale, bool try_harder) {
  // Live frames: without tryHarder the 1D readers skip rows, a quarter of
  // the cost (720p: 2.3 ms against 10) and no photograph read less; ZXing's
  // own downscaling adds 1 ms that the Halved pass makes redundant. Files
  // (a whole A4 sheet of labels) want both.
  ZXing::DecodeHints hints;
  hints.setFormats(kFormats).setTryHarder(try_harder).setTryRotate(true).setTryDownscale(try_harder);
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
  // Cheapest and most useful first; see the enum for what each one is for.
  static constexpr std::array kOrder = {PassKind::Default, PassKind::Halved, PassKind::Smoothed, PassKind::Stretched,
                                        PassKind::Inverted};
  return kOrder;
}

double relative_cost(PassKind kind) {
  switch (kind) {
    case PassKind::Default: return 1.0;
    case PassKind::Halved: return 0.5;
    case PassKind::Smoothed: return 1.5;
    case PassKind::Stretched: return 2.0;
    case PassKind::Inverted: return 1.1;
  }
  return 2.0;
}

std::vector<DecodedCode> run_pass(const FrameView& frame, PassKind kind, GreyImage& scratch, bool try_harder) {
  switch (kind) {
    case PassKind::Default: return read(to_zxing(frame), 1, try_harder);
    case PassKind::Stretched:
      copy_luma(frame, scratch);
      box_blur3(scratch);  // or the stretch amplifies sensor noise into false finder patterns
      stretch_contrast(scratch);
      return read(to_zxing(scratch.view()), 1, try_harder);
    case PassKind::Smoothed:
      copy_luma(frame, scratch);
      box_blur3(scratch);
      return read(to_zxing(scratch.view()), 1, try_harder);
    case PassKind::Halved:
      if (frame.width < 64 || frame.height < 64) return {};
      halve(frame, scratch);
      return read(to_zxing(scratch.view()), 2, try_harder);
    case PassKind::Inverted:
      copy_luma(frame, scratch);
      invert(scratch);
      return read(to_zxing(scratch.view()), 1, try_harder);
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
  auto codes = detail::run_pass(frame, detail::PassKind::Default, scratch, options.try_harder);
  if (!codes.empty() || options.single_pass) return codes;
  const auto first_pass = Clock::now() - start;
  for (auto kind : detail::pass_order().subspan(1)) {
    // Skip a pass that would overrun the budget; a cheaper later one may fit.
    const auto expected = std::chrono::duration_cast<Clock::duration>(first_pass * detail::relative_cost(kind));
    if (Clock::now() - start + expected > options.budget) continue;
    codes = detail::run_pass(frame, kind, scratch, options.try_harder);
    if (!codes.empty()) return codes;
  }
  return {};
}

}  // namespace scanner
