// Sends a finished PDF or PNG to a printer through CUPS.
//
//   auto job = paper::print_file("Office_Laser", "labels.pdf", "tagdesk labels");
//   if (!job) show(job.error());   // "no printer called 'Office_Laser'; printers here: ..."
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace paper {

[[nodiscard]] std::vector<std::string> printer_names();
// The CUPS job id, or what went wrong in words a technician can act on.
[[nodiscard]] std::expected<int, std::string> print_file(const std::string& printer, const std::string& path,
                                                         const std::string& title);
// The same for a document in memory (a report_pdf): spooled through a
// temporary file that is removed again.
[[nodiscard]] std::expected<int, std::string> print_document(const std::string& printer, std::string_view bytes,
                                                             const std::string& title);

}  // namespace paper
