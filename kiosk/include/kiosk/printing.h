// Sends a finished PDF or PNG to a printer through CUPS.
//
//   auto job = kiosk::print_file("Office_Laser", "labels.pdf", "tagdesk labels");
//   if (!job) show(job.error());   // "no printer called 'Office_Laser'; printers here: ..."
//
// The kiosk's Print button gets a kiosk::PrintReport from report_printer():
//
//   Controller desk{store, {.kiosk = "reception", .print_report = kiosk::report_printer("Office_Laser", store)}};
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "db/store.h"
#include "kiosk/controller.h"

namespace kiosk {

[[nodiscard]] std::vector<std::string> printer_names();
// The CUPS job id, or what went wrong in words a technician can act on.
[[nodiscard]] std::expected<int, std::string> print_file(const std::string& printer, const std::string& path,
                                                         const std::string& title);
// The same for a document in memory (a report_pdf): spooled through a
// temporary file that is removed again.
[[nodiscard]] std::expected<int, std::string> print_document(const std::string& printer, std::string_view bytes,
                                                             const std::string& title);

// The kiosk's Print button for `printer`: each report as an A4 PDF headed with
// the school's name from `store`; tells the administrator "Sent to PRINTER".
[[nodiscard]] PrintReport report_printer(std::string printer, const db::Store& store);

}  // namespace kiosk
