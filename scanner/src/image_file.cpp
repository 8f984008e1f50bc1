// load_image: PNG through libpng, JPEG through libjpeg, both converted to
// 8-bit grey. Both libraries report fatal errors by longjmp, so each decoder
// keeps its C++ objects outside the setjmp region and only fills them in.
#include <png.h>

#include <cerrno>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

// jpeglib.h needs FILE and size_t declared first.
#include <jerror.h>
#include <jpeglib.h>

#include "scanner/decode.h"

namespace scanner {
namespace {

// Refuse absurd headers before allocating: a hostile or damaged file must
// not make the kiosk allocate gigabytes.
constexpr long long kMaxPixels = 100'000'000;
constexpr std::size_t kMaxFileBytes = 256u << 20;

using Bytes = std::vector<unsigned char>;

std::expected<Bytes, std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected("cannot open " + path + ": " + std::strerror(errno));
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) return std::unexpected("cannot read " + path);
  if (static_cast<std::size_t>(size) > kMaxFileBytes) return std::unexpected(path + " is too large to be a photo of a code");
  in.seekg(0);
  Bytes bytes(static_cast<std::size_t>(size));
  if (!in.read(reinterpret_cast<char*>(bytes.data()), size)) return std::unexpected("cannot read " + path);
  return bytes;
}

struct PngReader {
  const Bytes* bytes;
  std::size_t offset = 0;
  char message[256] = "";
};

void png_read_from_memory(png_structp png, png_bytep out, png_size_t n) {
  auto* r = static_cast<PngReader*>(png_get_io_ptr(png));
  if (r->offset + n > r->bytes->size()) png_error(png, "the file is truncated");
  std::memcpy(out, r->bytes->data() + r->offset, n);
  r->offset += n;
}

void png_fail(png_structp png, png_const_charp msg) {
  auto* r = static_cast<PngReader*>(png_get_error_ptr(png));
  std::snprintf(r->message, sizeof r->message, "%s", msg);
  png_longjmp(png, 1);
}

void png_ignore_warning(png_structp, png_const_charp) {}

std::expected<GreyImage, std::string> decode_png(const Bytes& bytes) {
  PngReader reader{&bytes};
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &reader, png_fail, png_ignore_warning);
  if (!png) return std::unexpected("out of memory reading PNG");
  png_infop info = png_create_info_struct(png);
  if (!info) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    return std::unexpected("out of memory reading PNG");
  }
  GreyImage image;
  std::vector<png_bytep> rows;
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return std::unexpected(std::string("damaged PNG: ") + reader.message);
  }
  png_set_read_fn(png, &reader, png_read_from_memory);
  png_read_info(png, info);
  const auto width = png_get_image_width(png, info);
  const auto height = png_get_image_height(png, info);
  if (static_cast<long long>(width) * height > kMaxPixels) png_error(png, "image too large");
  // Everything to 8-bit grey; transparency composited on white, as a label
  // on paper would be.
  png_set_expand(png);
  png_set_strip_16(png);
  png_color_16 white{0, 0xff, 0xff, 0xff, 0xff};
  png_set_background(png, &white, PNG_BACKGROUND_GAMMA_SCREEN, 0, 1.0);
  png_set_rgb_to_gray(png, 1, -1, -1);
  png_read_update_info(png, info);
  if (png_get_channels(png, info) != 1 || png_get_bit_depth(png, info) != 8) png_error(png, "unsupported pixel layout");
  image = GreyImage(static_cast<int>(width), static_cast<int>(height));
  rows.resize(height);
  for (png_uint_32 y = 0; y < height; ++y) rows[y] = &image.at(0, static_cast<int>(y));
  png_read_image(png, rows.data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return image;
}

struct JpegErrors {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX] = "";
  bool ended_early = false;
};

void jpeg_fail(j_common_ptr cinfo) {
  auto* e = reinterpret_cast<JpegErrors*>(cinfo->err);
  e->mgr.format_message(cinfo, e->message);
  std::longjmp(e->jump, 1);
}

// Warnings are not printed; the one that matters is remembered.
void jpeg_note_warning(j_common_ptr cinfo, int level) {
  auto* e = reinterpret_cast<JpegErrors*>(cinfo->err);
  if (level < 0 && e->mgr.msg_code == JWRN_JPEG_EOF) e->ended_early = true;
}

std::expected<GreyImage, std::string> decode_jpeg(const Bytes& bytes) {
  jpeg_decompress_struct cinfo{};
  JpegErrors errors{};
  cinfo.err = jpeg_std_error(&errors.mgr);
  errors.mgr.error_exit = jpeg_fail;
  errors.mgr.emit_message = jpeg_note_warning;
  GreyImage image;
  if (setjmp(errors.jump)) {
    jpeg_destroy_decompress(&cinfo);
    return std::unexpected(std::string("damaged JPEG: ") + errors.message);
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&cinfo, TRUE);
  if (static_cast<long long>(cinfo.image_width) * cinfo.image_height > kMaxPixels)
    ERREXIT(&cinfo, JERR_IMAGE_TOO_BIG);
  cinfo.out_color_space = JCS_GRAYSCALE;
  jpeg_start_decompress(&cinfo);
  image = GreyImage(static_cast<int>(cinfo.output_width), static_cast<int>(cinfo.output_height));
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = &image.at(0, static_cast<int>(cinfo.output_scanline));
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  // libjpeg pads a truncated file with grey and only warns; a half image
  // would silently decode to nothing, so call it what it is.
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  if (errors.ended_early) return std::unexpected("damaged JPEG: the file is truncated");
  return image;
}

}  // namespace

std::expected<GreyImage, std::string> load_image(const std::string& path) {
  auto bytes = read_file(path);
  if (!bytes) return std::unexpected(bytes.error());
  static constexpr unsigned char kPng[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  static constexpr unsigned char kJpeg[] = {0xFF, 0xD8, 0xFF};
  const auto starts_with = [&](const auto& magic) {
    return bytes->size() >= sizeof magic && std::memcmp(bytes->data(), magic, sizeof magic) == 0;
  };
  std::expected<GreyImage, std::string> image;
  if (starts_with(kPng)) image = decode_png(*bytes);
  else if (starts_with(kJpeg)) image = decode_jpeg(*bytes);
  else return std::unexpected(path + " is not a PNG or JPEG image");
  if (!image) return std::unexpected(path + ": " + image.error());
  return image;
}

}  // namespace scanner
