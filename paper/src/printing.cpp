#include "paper/printing.h"

#include <cups/cups.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace paper {
namespace {

// A file in the temporary folder, removed when it goes out of scope.
class TempFile {
 public:
  explicit TempFile(std::string_view bytes) {
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::temp_directory_path(ec);  // $TMPDIR, else /tmp
    if (ec) dir = "/tmp";
    std::string pattern = (dir / "tagdesk-print-XXXXXX.pdf").string();
    int fd = mkstemps(pattern.data(), 4);
    if (fd < 0) {
      error_ = "cannot make a temporary file to print from: " + std::string{std::strerror(errno)};
      return;
    }
    path_ = pattern;
    for (std::size_t done = 0; done < bytes.size();) {
      ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        error_ = "cannot write the temporary file " + path_ + ": " + std::strerror(errno);
        break;
      }
      done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0 && error_.empty()) error_ = "cannot write the temporary file " + path_;
  }
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  std::string path_;
  std::string error_;
};

}  // namespace

std::vector<std::string> printer_names() {
  cups_dest_t* dests = nullptr;
  int n = cupsGetDests2(CUPS_HTTP_DEFAULT, &dests);
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) names.emplace_back(dests[i].name);
  cupsFreeDests(n, dests);
  return names;
}

std::expected<int, std::string> print_file(const std::string& printer, const std::string& path,
                                           const std::string& title) {
  auto names = printer_names();
  if (names.empty())
    return std::unexpected("cannot print to '" + printer +
                           "': no printers are set up (or the CUPS print service is not running): add one with the "
                           "desktop's printer settings or `lpadmin`, then check with `lpstat -p`");
  if (std::find(names.begin(), names.end(), printer) == names.end()) {
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    return std::unexpected("no printer called '" + printer + "'; printers here: " + known);
  }
  int job = cupsPrintFile(printer.c_str(), path.c_str(), title.c_str(), 0, nullptr);
  if (job == 0) return std::unexpected("printing to " + printer + " failed: " + cupsLastErrorString());
  return job;
}

std::expected<int, std::string> print_document(const std::string& printer, std::string_view bytes,
                                               const std::string& title) {
  TempFile file{bytes};
  if (!file.error().empty()) return std::unexpected(file.error());
  // CUPS has copied the document into its spool by the time this returns.
  return print_file(printer, file.path(), title);
}

}  // namespace paper
