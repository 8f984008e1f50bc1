#include "output_file.h"

#include <filesystem>
#include <fstream>
#include <ostream>

namespace kiosk {

bool write_output(Cli& cli, const std::string& path, std::string_view bytes) {
  if (path.empty()) {
    cli.out << bytes;
    return true;
  }
  std::string tmp = path + ".part";
  {
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    // Exports and reports hold personal data: the owner's alone, whatever the umask.
    if (!file || !db::make_private(tmp)) {
      cli.fail("cannot write " + path + " (does the folder exist, and may you write to it?)");
      return false;
    }
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    file.close();
    std::error_code ec;
    if (file && (std::filesystem::rename(tmp, path, ec), !ec)) return true;
    std::filesystem::remove(tmp, ec);
  }
  cli.fail("could not finish writing " + path);
  return false;
}

}  // namespace kiosk
