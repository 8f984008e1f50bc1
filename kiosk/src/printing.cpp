#include "kiosk/printing.h"

#include <cups/cups.h>

#include <algorithm>

namespace kiosk {

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
    return std::unexpected("no printers are set up (or the CUPS print service is not running): add one with the "
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

}  // namespace kiosk
