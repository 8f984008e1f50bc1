#include <ostream>

#include "scanner/decode.h"

namespace scanner {

int run_decode_command(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err) {
  if (paths.empty()) {
    err << "decode: give one or more PNG or JPEG files\n";
    return 2;
  }
  bool unreadable = false;
  bool some_without_code = false;
  for (const auto& path : paths) {
    const auto image = load_image(path);
    if (!image) {
      err << image.error() << '\n';
      unreadable = true;
      continue;
    }
    // A file is not a live camera: take the time every pass needs.
    const auto codes = decode_frame(image->view(), {.budget = std::chrono::seconds(10), .try_harder = true});
    if (codes.empty()) {
      err << path << ": no code found\n";
      some_without_code = true;
    }
    for (const auto& code : codes) out << code.text << '\n';
  }
  return unreadable ? 2 : some_without_code ? 1 : 0;
}

}  // namespace scanner
