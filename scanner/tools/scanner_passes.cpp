// scanner_passes DIR...: for every N.png with N.txt in DIR, which decoding
// pass reads it (and how long each takes). Used to choose and order passes.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "decode_passes.h"

int main(int argc, char** argv) {
  using namespace scanner;
  for (int a = 1; a < argc; ++a) {
    std::vector<std::filesystem::path> pngs;
    for (const auto& e : std::filesystem::directory_iterator(argv[a]))
      if (e.path().extension() == ".png") pngs.push_back(e.path());
    std::sort(pngs.begin(), pngs.end());
    for (const auto& png : pngs) {
      std::ifstream txt(std::filesystem::path(png).replace_extension(".txt"), std::ios::binary);
      std::stringstream expected;
      expected << txt.rdbuf();
      auto image = load_image(png.string());
      if (!image) { std::cout << png << " " << image.error() << '\n'; continue; }
      std::cout << png.filename().string() << " " << image->width << "x" << image->height << ":";
      GreyImage scratch;
      for (auto kind : detail::pass_order()) {
        const auto t0 = std::chrono::steady_clock::now();
        auto codes = detail::run_pass(image->view(), kind, scratch);
        const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        const char* mark = codes.empty() ? "-" : codes.front().text == expected.str() ? "OK" : "WRONG";
        std::cout << " " << detail::pass_name(kind) << "=" << mark << "(" << static_cast<int>(ms) << "ms)";
        if (!codes.empty() && codes.front().text != expected.str()) std::cout << "[" << codes.front().text << "]";
      }
      std::cout << '\n';
    }
  }
}
