// Finds QR, Code 128 and Code 39 codes in camera frames and image files.
//
//   auto codes = scanner::decode_frame(frame, {.budget = std::chrono::milliseconds(8)});
//   for (const auto& c : codes) use(c.text);          // empty: no code, not an error
//
// decode_frame runs several ZXing passes (different binarizers, a contrast
// stretch, inversion ...) until one finds a code or the time budget is
// spent, so it reads more real photographs than one default pass.
#pragma once

#include <array>
#include <chrono>
#include <expected>
#include <iosfwd>
#include <string>
#include <vector>

#include "scanner/image.h"

namespace scanner {

struct Point {
  int x = 0;
  int y = 0;
};

struct DecodedCode {
  std::string text;              // UTF-8
  std::string format;            // "QRCode", "Code128", "Code39"
  std::array<Point, 4> corners;  // top-left, top-right, bottom-right, bottom-left
};

struct DecodeOptions {
  // Passes after the first start only while the time spent plus the cost of
  // the first pass stays within the budget, so a frame rarely overruns it.
  std::chrono::microseconds budget = std::chrono::milliseconds(8);
  // Only the default ZXing pass; for comparison and for callers in a hurry.
  bool single_pass = false;
  // Scan every row of the image (ZXing's tryHarder): about four times slower
  // at 720p, worth it for image files with many or small codes, not for a
  // live camera that gets another frame in 30 ms anyway.
  bool try_harder = false;
};

// All codes found (usually zero or one). Never throws for "no code" or for an
// invalid view (both give an empty vector).
[[nodiscard]] std::vector<DecodedCode> decode_frame(const FrameView& frame, const DecodeOptions& options = {});

// Loads a PNG or JPEG file as grey, or says plainly why it cannot.
[[nodiscard]] std::expected<GreyImage, std::string> load_image(const std::string& path);

// `tagdesk decode IMAGE...`: prints every code found, one per line, to `out`
// and problems to `err`. Returns 0 when every image had a code, 1 when some
// image had none, 2 when some file could not be read.
[[nodiscard]] int run_decode_command(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err);

}  // namespace scanner
