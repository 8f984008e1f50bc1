// Fuzz target: image files (PNG, JPEG) as `tagdesk decode` and imports load
// them, then decoding. The loader takes a path, so each input goes through a
// file in memory-backed /dev/shm when there is one.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "scanner/decode.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path =
      std::string{::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"} + "/tagdesk-fuzz-image-" +
      std::to_string(::getpid());
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
  auto image = scanner::load_image(path);
  if (image && image->width * image->height <= 512 * 512)
    (void)scanner::decode_frame(image->view());
  return 0;
}
