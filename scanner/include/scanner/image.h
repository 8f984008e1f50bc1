// Pixels in and out of the scanner module: a non-owning view of a camera
// frame or image buffer, and an owned 8-bit grey image.
//
//   scanner::FrameView frame{buf.data(), 1280, 720, 1280 * 2, scanner::PixelFormat::Yuyv};
//   auto codes = scanner::decode_frame(frame);  // see decode.h
#pragma once

#include <cstdint>
#include <vector>

namespace scanner {

// YUYV is read as its luma only (every other byte), which is all a barcode
// reader needs; the chroma bytes are never touched.
enum class PixelFormat { Grey, Rgb, Rgba, Bgr, Bgra, Yuyv };

[[nodiscard]] constexpr int bytes_per_pixel(PixelFormat f) {
  switch (f) {
    case PixelFormat::Grey: return 1;
    case PixelFormat::Rgb:
    case PixelFormat::Bgr: return 3;
    case PixelFormat::Rgba:
    case PixelFormat::Bgra: return 4;
    case PixelFormat::Yuyv: return 2;
  }
  return 1;
}

// Borrowed pixels; the owner keeps them alive while the view is used.
// row_stride 0 means tightly packed rows.
struct FrameView {
  const std::uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  int row_stride = 0;
  PixelFormat format = PixelFormat::Grey;

  [[nodiscard]] int stride() const { return row_stride ? row_stride : width * bytes_per_pixel(format); }
  // False for null data, non-positive sizes or a stride shorter than a row.
  [[nodiscard]] bool valid() const {
    return data != nullptr && width > 0 && height > 0 && stride() >= width * bytes_per_pixel(format);
  }
};

// An owned 8-bit grey image, rows tightly packed.
struct GreyImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;

  GreyImage() = default;
  GreyImage(int w, int h, std::uint8_t fill = 0)
      : width(w), height(h), pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), fill) {}

  [[nodiscard]] std::uint8_t& at(int x, int y) { return pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)]; }
  [[nodiscard]] std::uint8_t at(int x, int y) const { return pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)]; }
  [[nodiscard]] FrameView view() const { return {pixels.data(), width, height, width, PixelFormat::Grey}; }
};

}  // namespace scanner
