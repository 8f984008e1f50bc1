// Test-only image helpers: the degradations a camera adds to a printed
// label, synthetic barcodes and negatives, and writing PNG/JPEG files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scanner/image.h"

namespace scanner::test {

[[nodiscard]] GreyImage box_blur(const GreyImage& in, int radius);
[[nodiscard]] GreyImage add_noise(const GreyImage& in, double sigma, std::uint32_t seed);
// Maps black..white onto lo..hi.
[[nodiscard]] GreyImage squeeze_contrast(const GreyImage& in, int lo, int hi);
// Rotated about its centre onto a canvas big enough for the result.
[[nodiscard]] GreyImage rotate(const GreyImage& in, double degrees, std::uint8_t background = 200);
// Keystone warp: the top edge shrunk by `squeeze` (0..0.5) of the width,
// as when a camera looks at a label from below.
[[nodiscard]] GreyImage perspective(const GreyImage& in, double squeeze, std::uint8_t background = 200);
// Compressed and decompressed by libjpeg at `quality` (1..100).
[[nodiscard]] GreyImage jpeg_roundtrip(const GreyImage& in, int quality);
// `in` placed at (x, y) on a width x height canvas of `background`.
[[nodiscard]] GreyImage place(const GreyImage& in, int width, int height, int x, int y, std::uint8_t background = 180);
[[nodiscard]] GreyImage scale(const GreyImage& in, double factor);

// Barcodes drawn by ZXing's writer: "QRCode", "Code128" or "Code39".
[[nodiscard]] GreyImage make_barcode(const std::string& format, const std::string& text, int width, int height);

[[nodiscard]] std::vector<std::uint8_t> encode_jpeg(const GreyImage& in, int quality);
void write_png(const std::string& path, const GreyImage& in);
void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes);

// Interleaves a grey image as YUYV with arbitrary chroma (row padding `pad` bytes).
[[nodiscard]] std::vector<std::uint8_t> to_yuyv(const GreyImage& in, int pad);

}  // namespace scanner::test
