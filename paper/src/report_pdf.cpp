#include "paper/report_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "core/strings.h"
#include "exchange/csv.h"

namespace paper {
namespace {

constexpr double kA4Short = 595.28, kA4Long = 841.89;  // points
constexpr double kMargin = 36, kFontSize = 8, kRowHeight = 12, kPad = 6;

double text_width(cairo_t* cr, const std::string& s) {
  cairo_text_extents_t ext;
  cairo_text_extents(cr, s.c_str(), &ext);
  return ext.x_advance;
}

// Cuts text to fit a width, ending in "…"; never splits a UTF-8 character.
std::string fit(cairo_t* cr, const std::string& s, double width) {
  if (text_width(cr, s) <= width) return s;
  std::string cut = s;
  while (!cut.empty()) {
    do cut.pop_back();
    while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80);
    if (!cut.empty() && static_cast<unsigned char>(cut.back()) >= 0xC0) cut.pop_back();
    if (text_width(cr, cut + "…") <= width) return cut + "…";
  }
  return "";
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::string report_table(const core::Report& r) {
  std::vector<std::size_t> widths;
  for (const auto& c : r.columns) widths.push_back(core::utf8_length(c));
  for (const auto& row : r.rows)
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], core::utf8_length(row[i]));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size() && i < widths.size(); ++i) {
      out += cells[i];
      if (i + 1 < cells.size()) out += std::string(widths[i] - core::utf8_length(cells[i]) + 2, ' ');
    }
    return out + "\n";
  };
  std::string out = r.title + "\n\n" + line(r.columns);
  std::vector<std::string> rule;
  for (auto w : widths) rule.emplace_back(w, '-');
  out += line(rule);
  for (const auto& row : r.rows) out += line(row);
  if (r.rows.empty()) out += "(none)\n";
  for (const auto& n : r.notes) out += "\n" + n;
  if (!r.notes.empty()) out += "\n";
  return out;
}

std::string report_csv(const core::Report& r) {
  std::string out = exchange::csv::format_row(r.columns);
  for (const auto& row : r.rows) out += exchange::csv::format_row(row);
  return out;
}

std::string report_when(core::Time t) {
  auto stamp = core::format_time(t);  // 2026-11-24T16:05:00
  return stamp.substr(0, 10) + " " + stamp.substr(11, 5);
}

std::string report_pdf(const core::Report& r, const std::string& school, const std::string& when) {
  // Measure on the PDF surface itself (an image surface hints its metrics
  // differently), then turn the page to landscape before drawing if needed.
  std::string out;
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_pdf_surface_create_for_stream(append, &out, kA4Short, kA4Long), cairo_surface_destroy);
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> owner(cairo_create(surface.get()), cairo_destroy);
  cairo_t* cr = owner.get();
  auto font = [&](bool bold, double size) {
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
  };
  std::vector<double> widths;
  font(true, kFontSize);
  for (const auto& c : r.columns) widths.push_back(text_width(cr, c) + kPad);
  font(false, kFontSize);
  for (const auto& row : r.rows)
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], std::min(text_width(cr, row[i]) + kPad, 220.0));
  double natural = 0;
  for (double w : widths) natural += w;
  bool landscape = natural > kA4Short - 2 * kMargin;
  double page_w = landscape ? kA4Long : kA4Short, page_h = landscape ? kA4Short : kA4Long;
  if (landscape) cairo_pdf_surface_set_size(surface.get(), page_w, page_h);
  double avail = page_w - 2 * kMargin;
  if (natural > avail)
    for (double& w : widths) w *= avail / natural;

  double table_top = kMargin + 52;
  double bottom = page_h - kMargin - 14;
  auto rows_per_page = std::max<std::size_t>(1, static_cast<std::size_t>((bottom - table_top) / kRowHeight) - 1);
  std::size_t pages = std::max<std::size_t>(1, (r.rows.size() + rows_per_page - 1) / rows_per_page);

  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, (school + ": " + r.title).c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "tagdesk");

  auto text = [&](double x, double y, const std::string& s) {
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, s.c_str());
  };
  auto row_at = [&](double y, const std::vector<std::string>& cells) {
    double x = kMargin;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      if (i < cells.size()) text(x, y, fit(cr, cells[i], widths[i] - kPad));
      x += widths[i];
    }
  };

  for (std::size_t page = 0; page < pages; ++page) {
    cairo_set_source_rgb(cr, 0, 0, 0);
    font(true, 14);
    text(kMargin, kMargin + 12, school);
    font(false, 11);
    text(kMargin, kMargin + 30, r.title);
    font(false, 8);
    std::string stamp = "As of " + when;
    text(page_w - kMargin - text_width(cr, stamp), kMargin + 30, stamp);

    double y = table_top;
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_rectangle(cr, kMargin, y - kRowHeight + 3, avail < natural ? avail : natural, kRowHeight);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    font(true, kFontSize);
    row_at(y, r.columns);  // repeated on every page
    font(false, kFontSize);
    auto first = page * rows_per_page;
    for (auto i = first; i < std::min(r.rows.size(), first + rows_per_page); ++i) {
      y += kRowHeight;
      if ((i - first) % 2 == 1) {
        cairo_set_source_rgb(cr, 0.96, 0.96, 0.96);
        cairo_rectangle(cr, kMargin, y - kRowHeight + 3, avail < natural ? avail : natural, kRowHeight);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
      }
      row_at(y, r.rows[i]);
    }
    if (r.rows.empty()) text(kMargin, y + kRowHeight, "(none)");
    if (page + 1 == pages) {
      y += kRowHeight * 2;
      for (const auto& n : r.notes) {
        text(kMargin, y, fit(cr, n, avail));
        y += kRowHeight;
      }
    }
    font(false, 8);
    std::string number = "Page " + std::to_string(page + 1) + " of " + std::to_string(pages);
    text(page_w - kMargin - text_width(cr, number), page_h - kMargin, number);
    cairo_show_page(cr);
  }
  owner.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string{"cairo could not write the PDF: "} +
                             cairo_status_to_string(cairo_surface_status(surface.get())));
  return out;
}

}  // namespace paper
