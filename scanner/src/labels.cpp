// render_labels: sheets of labels through cairo's PDF, SVG and image surfaces.
#include "scanner/labels.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "label_draw.h"
#include "label_layout.h"
#include "scanner/tag.h"
#include "core/strings.h"

namespace scanner {
namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr int kPngDpi = 300;

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using Context = std::unique_ptr<cairo_t, ContextDeleter>;
using File = std::unique_ptr<std::FILE, FileCloser>;

enum class Output { Pdf, Png, Svg };

std::optional<Output> output_for(const std::string& path) {
  const std::string ext = core::ascii_upper(std::filesystem::path(path).extension().string());
  if (ext == ".PDF") return Output::Pdf;
  if (ext == ".PNG") return Output::Png;
  if (ext == ".SVG") return Output::Svg;
  return std::nullopt;
}

// Writing through our own FILE tells the user *why* a path is unwritable,
// which cairo's own file functions do not.
cairo_status_t write_to_file(void* closure, const unsigned char* data, unsigned int length) {
  return std::fwrite(data, 1, length, static_cast<std::FILE*>(closure)) == length ? CAIRO_STATUS_SUCCESS
                                                                                  : CAIRO_STATUS_WRITE_ERROR;
}

std::string page_path(const std::string& path, int page) {
  if (page == 0) return path;
  std::filesystem::path p(path);
  return (p.parent_path() / (p.stem().string() + "-" + std::to_string(page + 1) + p.extension().string())).string();
}

std::expected<void, std::string> check(cairo_status_t status, const std::string& path) {
  if (status == CAIRO_STATUS_SUCCESS) return {};
  return std::unexpected("cannot write " + path + ": " + cairo_status_to_string(status));
}

// Draws labels [first, first + per_page) of `labels` onto one page; `cr` in mm.
std::expected<void, std::string> draw_page(cairo_t* cr, const detail::LabelLayout& layout,
                                           const std::vector<LabelSpec>& labels, std::size_t first) {
  for (int i = 0; i < layout.per_page() && first + static_cast<std::size_t>(i) < labels.size(); ++i) {
    cairo_save(cr);
    cairo_translate(cr, layout.left + (i % layout.columns) * layout.pitch_x, layout.top + (i / layout.columns) * layout.pitch_y);
    auto drawn = detail::draw_label(cr, labels[first + static_cast<std::size_t>(i)], layout.label_width, layout.label_height);
    cairo_restore(cr);
    if (!drawn) return drawn;
  }
  return {};
}

std::expected<void, std::string> render_vector(const std::vector<LabelSpec>& labels, const detail::LabelLayout& layout,
                                               const std::string& path, Output output) {
  const double w = layout.page_width * kPointsPerMm, h = layout.page_height * kPointsPerMm;
  const std::size_t per_page = static_cast<std::size_t>(layout.per_page());
  const std::size_t pages = (labels.size() + per_page - 1) / per_page;
  // PDF: one file, many pages. SVG has no pages: one file each.
  const std::size_t files = output == Output::Pdf ? 1 : pages;
  for (std::size_t f = 0; f < files; ++f) {
    const std::string file_path = page_path(path, static_cast<int>(f));
    File file(std::fopen(file_path.c_str(), "wb"));
    if (!file) return std::unexpected("cannot write " + file_path + ": " + std::strerror(errno));
    Surface surface(output == Output::Pdf ? cairo_pdf_surface_create_for_stream(write_to_file, file.get(), w, h)
                                          : cairo_svg_surface_create_for_stream(write_to_file, file.get(), w, h));
    Context cr(cairo_create(surface.get()));
    cairo_scale(cr.get(), kPointsPerMm, kPointsPerMm);
    const std::size_t first_page = output == Output::Pdf ? 0 : f;
    const std::size_t last_page = output == Output::Pdf ? pages : f + 1;
    for (std::size_t p = first_page; p < last_page; ++p) {
      if (auto drawn = draw_page(cr.get(), layout, labels, p * per_page); !drawn) return drawn;
      cairo_show_page(cr.get());
    }
    cr.reset();
    cairo_surface_finish(surface.get());
    if (auto ok = check(cairo_surface_status(surface.get()), file_path); !ok) return ok;
    if (std::fflush(file.get()) != 0) return std::unexpected("cannot write " + file_path + ": " + std::strerror(errno));
  }
  return {};
}

std::expected<Surface, std::string> raster(const detail::LabelLayout& layout, double width_mm, double height_mm, int dpi,
                                           const std::vector<LabelSpec>& labels, std::size_t first) {
  const double px_per_mm = dpi / 25.4;
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(width_mm * px_per_mm + 0.5),
                                             static_cast<int>(height_mm * px_per_mm + 0.5)));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return std::unexpected(std::string("cannot make an image: ") + cairo_status_to_string(cairo_surface_status(surface.get())));
  Context cr(cairo_create(surface.get()));
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_paint(cr.get());
  cairo_scale(cr.get(), px_per_mm, px_per_mm);
  if (auto drawn = draw_page(cr.get(), layout, labels, first); !drawn) return std::unexpected(drawn.error());
  if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) return std::unexpected(std::string(cairo_status_to_string(cairo_status(cr.get()))));
  cairo_surface_flush(surface.get());
  return surface;
}

std::expected<void, std::string> render_png(const std::vector<LabelSpec>& labels, const detail::LabelLayout& layout,
                                            const std::string& path) {
  const std::size_t per_page = static_cast<std::size_t>(layout.per_page());
  for (std::size_t first = 0, page = 0; first < labels.size(); first += per_page, ++page) {
    const std::string file_path = page_path(path, static_cast<int>(page));
    File file(std::fopen(file_path.c_str(), "wb"));
    if (!file) return std::unexpected("cannot write " + file_path + ": " + std::strerror(errno));
    auto surface = raster(layout, layout.page_width, layout.page_height, kPngDpi, labels, first);
    if (!surface) return std::unexpected(surface.error());
    if (auto ok = check(cairo_surface_write_to_png_stream(surface->get(), write_to_file, file.get()), file_path); !ok)
      return ok;
    if (std::fflush(file.get()) != 0) return std::unexpected("cannot write " + file_path + ": " + std::strerror(errno));
  }
  return {};
}

std::string unknown_layout(const std::string& name) {
  std::string known;
  for (const auto& n : layout_names()) known += (known.empty() ? "" : ", ") + n;
  return "unknown label layout \"" + name + "\" (known: " + known + ")";
}

}  // namespace

std::vector<std::string> layout_names() {
  std::vector<std::string> names;
  for (const auto& layout : detail::label_layouts()) names.emplace_back(layout.name);
  return names;
}

std::expected<void, std::string> render_labels(const std::vector<LabelSpec>& labels, const std::string& layout_name,
                                               const std::string& out_path) {
  const auto layout = detail::find_layout(layout_name);
  if (!layout) return std::unexpected(unknown_layout(layout_name));
  const auto output = output_for(out_path);
  if (!output) return std::unexpected("cannot tell the format of " + out_path + ": name it .pdf, .png or .svg");
  if (labels.empty()) return std::unexpected(std::string("there are no labels to print"));
  if (*output == Output::Png) return render_png(labels, *layout, out_path);
  return render_vector(labels, *layout, out_path, *output);
}

std::expected<GreyImage, std::string> rasterise_label(const LabelSpec& label, const std::string& layout_name, int dpi) {
  auto layout = detail::find_layout(layout_name);
  if (!layout) return std::unexpected(unknown_layout(layout_name));
  if (dpi < 30 || dpi > 1200) return std::unexpected("a resolution of " + std::to_string(dpi) + " dpi is out of range");
  // One label at the origin, whatever the sheet.
  layout->left = layout->top = 0;
  layout->columns = layout->rows = 1;
  auto surface = raster(*layout, layout->label_width, layout->label_height, dpi, {label}, 0);
  if (!surface) return std::unexpected(surface.error());
  cairo_surface_t* s = surface->get();
  const int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
  const int stride = cairo_image_surface_get_stride(s);
  const unsigned char* data = cairo_image_surface_get_data(s);
  GreyImage image(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      // RGB24 is a native-endian 32-bit word 0x00RRGGBB.
      std::uint32_t px;
      std::memcpy(&px, data + y * stride + x * 4, 4);
      image.at(x, y) = static_cast<std::uint8_t>((306 * ((px >> 16) & 0xFF) + 601 * ((px >> 8) & 0xFF) + 117 * (px & 0xFF) + 512) >> 10);
    }
  return image;
}

std::vector<LabelSpec> command_card_labels(std::string_view school_prefix, std::string_view school_name) {
  static constexpr std::pair<std::string_view, std::string_view> kTitles[] = {
      {kCommandHandIn, "Hand in"}, {kCommandCollect, "Collect"}, {kCommandSignOut, "Sign out"},
      {kCommandReturn, "Return"},  {kCommandCancel, "Cancel"}};
  std::vector<LabelSpec> labels;
  for (const auto& [id, title] : kTitles)
    labels.push_back({LabelKind::Command, encode_tag(school_prefix, TagKind::Command, id), std::string(title),
                      std::string(school_name)});
  return labels;
}

}  // namespace scanner
