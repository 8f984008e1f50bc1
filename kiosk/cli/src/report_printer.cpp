#include "report_printer.h"

#include <stdexcept>

#include "paper/printing.h"
#include "paper/report_pdf.h"

namespace kiosk {

PrintReport report_printer(std::string printer, const db::Store& store) {
  return [printer = std::move(printer), &store](const core::Report& report,
                                                core::Time now) -> std::expected<std::string, std::string> {
    std::string pdf;
    try {
      pdf = paper::report_pdf(report, store.state().settings.school_name, paper::report_when(now));
    } catch (const std::runtime_error& e) {
      return std::unexpected(std::string{e.what()});
    }
    auto job = paper::print_document(printer, pdf, "tagdesk: " + report.title);
    if (!job) return std::unexpected(job.error());
    return "Sent to " + printer + " (job " + std::to_string(*job) + ")";
  };
}

}  // namespace kiosk
