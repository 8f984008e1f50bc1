#include "label_draw.h"

#include <qrencode.h>

#include <algorithm>
#include <cmath>
#include <cerrno>
#include <cstring>
#include <memory>

namespace scanner::detail {
namespace {

// ISO 18004 asks for 4 modules of quiet zone; the gap between labels adds
// to the 2 drawn here, and small labels need the room for text.
constexpr int kQuietModules = 2;
constexpr double kMinFontMm = 1.4;  // about 4 pt: the smallest size still legible on a label

struct QrDeleter {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

std::expected<void, std::string> draw_qr(cairo_t* cr, const std::string& payload, double x, double y, double side) {
  if (payload.empty()) return std::unexpected(std::string("a label has no code to print"));
  // Level M survives a scuffed label; our tags still fit version 1-2.
  std::unique_ptr<QRcode, QrDeleter> qr(QRcode_encodeString(payload.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!qr) return std::unexpected("cannot make a QR code of \"" + payload + "\": " + std::strerror(errno));
  const int n = qr->width;
  const double module = side / (n + 2 * kQuietModules);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int row = 0; row < n; ++row)
    for (int col = 0; col < n; ++col)
      if (qr->data[row * n + col] & 1)
        cairo_rectangle(cr, x + (col + kQuietModules) * module, y + (row + kQuietModules) * module, module, module);
  cairo_fill(cr);
  return {};
}

double text_width(cairo_t* cr, const std::string& text) {
  cairo_text_extents_t ext;
  cairo_text_extents(cr, text.c_str(), &ext);
  return ext.x_advance;
}

// Shrinks the font until `text` fits `width`; below the minimum size, cuts
// the text and ends it with "...". Returns the font size used.
double fit_text(cairo_t* cr, std::string& text, double size, double width) {
  for (; size > kMinFontMm; size *= 0.9) {
    cairo_set_font_size(cr, size);
    if (text_width(cr, text) <= width) return size;
  }
  cairo_set_font_size(cr, kMinFontMm);
  if (text_width(cr, text) <= width) return kMinFontMm;
  while (!text.empty() && text_width(cr, text + "...") > width) {
    text.pop_back();
    // Never leave half a UTF-8 character behind.
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();
  }
  text = text_width(cr, text + "...") <= width ? text + "..." : "";
  return kMinFontMm;
}

struct Line {
  std::string text;
  const char* family;
  cairo_font_weight_t weight;
  double size;  // wished-for size, mm
};

// Lines after the first never come out bigger than it: the title (or the
// command) stays the most prominent text whatever its length.
void draw_lines(cairo_t* cr, std::vector<Line> lines, double x, double y, double width, double height) {
  double total = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto& line = lines[i];
    cairo_select_font_face(cr, line.family, CAIRO_FONT_SLANT_NORMAL, line.weight);
    double wish = std::min(line.size, height / static_cast<double>(lines.size()));
    if (i > 0) wish = std::min(wish, lines[0].size);
    line.size = fit_text(cr, line.text, wish, width);
    total += line.size * 1.25;
  }
  double baseline = y + std::max(0.0, (height - total) / 2);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (const auto& line : lines) {
    baseline += line.size;
    cairo_select_font_face(cr, line.family, CAIRO_FONT_SLANT_NORMAL, line.weight);
    cairo_set_font_size(cr, line.size);
    cairo_move_to(cr, x, baseline);
    cairo_show_text(cr, line.text.c_str());
    baseline += line.size * 0.25;
  }
}

// A long name on one line would shrink to unreadable; split it at the
// space nearest the middle when that makes the letters clearly bigger.
std::vector<Line> title_lines(cairo_t* cr, const std::string& title, double size, double width) {
  const Line one{title, "sans-serif", CAIRO_FONT_WEIGHT_BOLD, size};
  cairo_select_font_face(cr, one.family, CAIRO_FONT_SLANT_NORMAL, one.weight);
  const auto fitted = [&](std::string text, double wish) { return fit_text(cr, text, wish, width); };
  const double one_size = fitted(title, size);
  if (one_size >= 0.7 * size) return {one};
  std::size_t best = std::string::npos;
  const double middle = static_cast<double>(title.size()) / 2;
  for (auto at = title.find(' '); at != std::string::npos; at = title.find(' ', at + 1))
    if (best == std::string::npos || std::abs(static_cast<double>(at) - middle) < std::abs(static_cast<double>(best) - middle))
      best = at;
  if (best == std::string::npos) return {one};
  const std::string first = title.substr(0, best), second = title.substr(best + 1);
  const double two_size = std::min(fitted(first, size * 0.8), fitted(second, size * 0.8));
  if (two_size < 1.3 * one_size) return {one};
  return {{first, one.family, one.weight, two_size}, {second, one.family, one.weight, two_size}};
}

}  // namespace

std::expected<void, std::string> draw_label(cairo_t* cr, const LabelSpec& label, double width, double height) {
  const double pad = std::min(width, height) * 0.06;
  const double side = std::min(height, width) - 2 * pad;
  if (auto qr = draw_qr(cr, label.payload, pad, pad, side); !qr) return qr;
  const double text_x = pad + side + pad * 0.5;
  const double text_w = width - text_x - pad;
  const double text_h = height - 2 * pad;
  if (text_w <= kMinFontMm) return {};  // a square label: the code alone
  const auto bold = CAIRO_FONT_WEIGHT_BOLD;
  const auto normal = CAIRO_FONT_WEIGHT_NORMAL;
  if (label.kind == LabelKind::Command) {
    // Read from across the desk: the action in big letters.
    draw_lines(cr, {{label.title, "sans-serif", bold, height * 0.3}, {label.school, "sans-serif", normal, height * 0.09}},
               text_x, pad, text_w, text_h);
  } else {
    const double title = label.kind == LabelKind::Slot ? height * 0.28 : height * 0.17;
    auto lines = title_lines(cr, label.title, title, text_w);
    lines.push_back({label.payload, "monospace", normal, height * 0.12});
    lines.push_back({label.school, "sans-serif", normal, height * 0.1});
    draw_lines(cr, std::move(lines), text_x, pad, text_w, text_h);
  }
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) return std::unexpected(std::string(cairo_status_to_string(cairo_status(cr))));
  return {};
}

}  // namespace scanner::detail
