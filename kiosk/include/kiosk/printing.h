// Sends a finished PDF or PNG to a printer through CUPS.
//
//   auto job = kiosk::print_file("Office_Laser", "labels.pdf", "tagdesk labels");
//   if (!job) show(job.error());   // "no printer called Office_Laser; printers here: ..."
#pragma once

#include <expected>
#include <string>
#include <vector>

namespace kiosk {

[[nodiscard]] std::vector<std::string> printer_names();
// The CUPS job id, or what went wrong in words a technician can act on.
[[nodiscard]] std::expected<int, std::string> print_file(const std::string& printer, const std::string& path,
                                                         const std::string& title);

}  // namespace kiosk
