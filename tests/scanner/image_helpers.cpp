#define ZX_USE_UTF8 1
#include "image_helpers.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <png.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <stdexcept>

#include <jpeglib.h>

namespace scanner::test {
namespace {

std::uint8_t clamp_byte(double v) { return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 255.0))); }

double bilinear(const GreyImage& in, double x, double y, std::uint8_t background) {
  if (x < 0 || y < 0 || x > in.width - 1 || y > in.height - 1) return background;
  const int x0 = static_cast<int>(x), y0 = static_cast<int>(y);
  const int x1 = std::min(x0 + 1, in.width - 1), y1 = std::min(y0 + 1, in.height - 1);
  const double fx = x - x0, fy = y - y0;
  return (in.at(x0, y0) * (1 - fx) + in.at(x1, y0) * fx) * (1 - fy) + (in.at(x0, y1) * (1 - fx) + in.at(x1, y1) * fx) * fy;
}

// Solves the 8 unknowns of the homography taking `from[i]` to `to[i]`.
std::array<double, 8> homography(const std::array<std::array<double, 2>, 4>& from,
                                 const std::array<std::array<double, 2>, 4>& to) {
  double m[8][9] = {};
  for (int i = 0; i < 4; ++i) {
    const double x = from[i][0], y = from[i][1], u = to[i][0], v = to[i][1];
    double r1[9] = {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
    double r2[9] = {0, 0, 0, x, y, 1, -v * x, -v * y, v};
    std::copy(r1, r1 + 9, m[2 * i]);
    std::copy(r2, r2 + 9, m[2 * i + 1]);
  }
  for (int c = 0; c < 8; ++c) {
    int pivot = c;
    for (int r = c + 1; r < 8; ++r)
      if (std::abs(m[r][c]) > std::abs(m[pivot][c])) pivot = r;
    std::swap(m[c], m[pivot]);
    for (int r = 0; r < 8; ++r) {
      if (r == c) continue;
      const double f = m[r][c] / m[c][c];
      for (int k = c; k < 9; ++k) m[r][k] -= f * m[c][k];
    }
  }
  std::array<double, 8> h{};
  for (int i = 0; i < 8; ++i) h[static_cast<std::size_t>(i)] = m[i][8] / m[i][i];
  return h;
}

void jpeg_throw(j_common_ptr cinfo) {
  char msg[JMSG_LENGTH_MAX];
  cinfo->err->format_message(cinfo, msg);
  throw std::runtime_error(msg);
}

}  // namespace

GreyImage box_blur(const GreyImage& in, int radius) {
  GreyImage out(in.width, in.height);
  for (int y = 0; y < in.height; ++y)
    for (int x = 0; x < in.width; ++x) {
      int sum = 0, n = 0;
      for (int dy = -radius; dy <= radius; ++dy)
        for (int dx = -radius; dx <= radius; ++dx) {
          const int sx = std::clamp(x + dx, 0, in.width - 1), sy = std::clamp(y + dy, 0, in.height - 1);
          sum += in.at(sx, sy);
          ++n;
        }
      out.at(x, y) = static_cast<std::uint8_t>(sum / n);
    }
  return out;
}

GreyImage add_noise(const GreyImage& in, double sigma, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, sigma);
  GreyImage out = in;
  for (auto& v : out.pixels) v = clamp_byte(v + noise(rng));
  return out;
}

GreyImage squeeze_contrast(const GreyImage& in, int lo, int hi) {
  GreyImage out = in;
  for (auto& v : out.pixels) v = static_cast<std::uint8_t>(lo + v * (hi - lo) / 255);
  return out;
}

GreyImage rotate(const GreyImage& in, double degrees, std::uint8_t background) {
  const double a = degrees * M_PI / 180.0, c = std::cos(a), s = std::sin(a);
  const int w = static_cast<int>(std::ceil(std::abs(in.width * c) + std::abs(in.height * s))) + 2;
  const int h = static_cast<int>(std::ceil(std::abs(in.width * s) + std::abs(in.height * c))) + 2;
  GreyImage out(w, h);
  const double cx = in.width / 2.0, cy = in.height / 2.0, ox = w / 2.0, oy = h / 2.0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double dx = x - ox, dy = y - oy;
      out.at(x, y) = clamp_byte(bilinear(in, c * dx + s * dy + cx, -s * dx + c * dy + cy, background));
    }
  return out;
}

GreyImage perspective(const GreyImage& in, double squeeze, std::uint8_t background) {
  const double w = in.width - 1, h = in.height - 1, inset = squeeze * w;
  // Output corners (a trapezoid) back to the source's corners.
  const auto h8 = homography({{{inset, 0}, {w - inset, 0}, {w, h}, {0, h}}}, {{{0, 0}, {w, 0}, {w, h}, {0, h}}});
  GreyImage out(in.width, in.height);
  for (int y = 0; y < in.height; ++y)
    for (int x = 0; x < in.width; ++x) {
      const double d = h8[6] * x + h8[7] * y + 1;
      const double sx = (h8[0] * x + h8[1] * y + h8[2]) / d, sy = (h8[3] * x + h8[4] * y + h8[5]) / d;
      out.at(x, y) = clamp_byte(bilinear(in, sx, sy, background));
    }
  return out;
}

std::vector<std::uint8_t> encode_jpeg(const GreyImage& in, int quality) {
  jpeg_compress_struct cinfo{};
  jpeg_error_mgr err{};
  cinfo.err = jpeg_std_error(&err);
  err.error_exit = jpeg_throw;
  unsigned char* mem = nullptr;
  unsigned long size = 0;
  jpeg_create_compress(&cinfo);
  jpeg_mem_dest(&cinfo, &mem, &size);
  cinfo.image_width = static_cast<JDIMENSION>(in.width);
  cinfo.image_height = static_cast<JDIMENSION>(in.height);
  cinfo.input_components = 1;
  cinfo.in_color_space = JCS_GRAYSCALE;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, quality, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = const_cast<JSAMPROW>(&in.pixels[cinfo.next_scanline * static_cast<std::size_t>(in.width)]);
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  std::vector<std::uint8_t> bytes(mem, mem + size);
  std::free(mem);
  return bytes;
}

GreyImage jpeg_roundtrip(const GreyImage& in, int quality) {
  const auto bytes = encode_jpeg(in, quality);
  jpeg_decompress_struct cinfo{};
  jpeg_error_mgr err{};
  cinfo.err = jpeg_std_error(&err);
  err.error_exit = jpeg_throw;
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&cinfo, TRUE);
  jpeg_start_decompress(&cinfo);
  GreyImage out(static_cast<int>(cinfo.output_width), static_cast<int>(cinfo.output_height));
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = &out.at(0, static_cast<int>(cinfo.output_scanline));
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return out;
}

GreyImage place(const GreyImage& in, int width, int height, int x0, int y0, std::uint8_t background) {
  GreyImage out(width, height, background);
  for (int y = 0; y < in.height; ++y)
    for (int x = 0; x < in.width; ++x)
      if (x + x0 >= 0 && x + x0 < width && y + y0 >= 0 && y + y0 < height) out.at(x + x0, y + y0) = in.at(x, y);
  return out;
}

GreyImage scale(const GreyImage& in, double factor) {
  GreyImage out(static_cast<int>(in.width * factor), static_cast<int>(in.height * factor));
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) out.at(x, y) = clamp_byte(bilinear(in, x / factor, y / factor, 255));
  return out;
}

GreyImage make_barcode(const std::string& format, const std::string& text, int width, int height) {
  const auto matrix = ZXing::MultiFormatWriter(ZXing::BarcodeFormatFromString(format)).setMargin(10).encode(text, width, height);
  GreyImage out(matrix.width(), matrix.height());
  for (int y = 0; y < matrix.height(); ++y)
    for (int x = 0; x < matrix.width(); ++x) out.at(x, y) = matrix.get(x, y) ? 0 : 255;
  return out;
}

void write_png(const std::string& path, const GreyImage& in) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(in.width);
  image.height = static_cast<png_uint_32>(in.height);
  image.format = PNG_FORMAT_GRAY;
  if (!png_image_write_to_file(&image, path.c_str(), 0, in.pixels.data(), in.width, nullptr))
    throw std::runtime_error("cannot write " + path + ": " + image.message);
}

void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::vector<std::uint8_t> to_yuyv(const GreyImage& in, int pad) {
  const int stride = in.width * 2 + pad;
  std::vector<std::uint8_t> out(static_cast<std::size_t>(stride) * static_cast<std::size_t>(in.height), 0xEE);
  for (int y = 0; y < in.height; ++y)
    for (int x = 0; x < in.width; ++x) {
      out[static_cast<std::size_t>(y * stride + 2 * x)] = in.at(x, y);
      // Chroma that would wreck the image if it were read as luma.
      out[static_cast<std::size_t>(y * stride + 2 * x + 1)] = static_cast<std::uint8_t>((x * 37 + y * 11) & 0xFF);
    }
  return out;
}

}  // namespace scanner::test
